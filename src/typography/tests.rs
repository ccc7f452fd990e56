//! Rule-by-rule tests of the typography pass, its tricky cases, and property tests: the
//! pass is idempotent and keeps every letter and digit of the input, in order.

use super::*;
use crate::markup;
use proptest::prelude::*;

/// Typesets a raw string (read as markup) and shows it with visible marks: `⍽` for a
/// narrow no-break space, `~` for a no-break space, `^{…}` around superscripts.
fn show(raw: &str) -> String {
    visible(&typeset(&markup::parse(raw).text))
}

fn visible(text: &Text) -> String {
    fn walk(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Plain(s) => out.push_str(s),
                Inline::Superscript(s) => out.push_str(&format!("^{{{s}}}")),
                Inline::Code(s) => out.push_str(&format!("`{s}`")),
                Inline::Emphasis(c) => {
                    out.push('*');
                    walk(c, out);
                    out.push('*');
                }
                Inline::Strong(c) => {
                    out.push_str("**");
                    walk(c, out);
                    out.push_str("**");
                }
                Inline::Link { text, target } => {
                    out.push('[');
                    walk(text, out);
                    out.push_str(&format!("]({target})"));
                }
            }
        }
    }
    let mut out = String::new();
    walk(&text.0, &mut out);
    out.replace(NNBSP, "⍽").replace(NBSP, "~")
}

#[test]
fn high_punctuation() {
    assert_eq!(
        show("Considérant que la Ville agit ;"),
        "Considérant que la Ville agit⍽;"
    );
    assert_eq!(
        show("Quoi ? Vraiment ! Enfin;"),
        "Quoi⍽? Vraiment⍽! Enfin⍽;"
    );
    assert_eq!(show("Objet : les fontaines"), "Objet~: les fontaines");
    assert_eq!(show("Objet: les fontaines"), "Objet~: les fontaines");
    assert_eq!(show("Comment ?!"), "Comment⍽?!");
    assert_eq!(show("le ratio 3:2 ; a?b"), "le ratio 3:2⍽; a?b");
    assert_eq!(show("*vraiment* ?"), "*vraiment*⍽?");
}

#[test]
fn apostrophes_quotes_and_ellipsis() {
    assert_eq!(show("l'Exécutif d'abord..."), "l’Exécutif d’abord…");
    assert_eq!(
        show("le projet \"Paris Respire\" ;"),
        "le projet «⍽Paris Respire⍽»⍽;"
    );
    assert_eq!(show("« texte »"), "«⍽texte⍽»");
    assert_eq!(show("«texte»"), "«⍽texte⍽»");
    assert_eq!(
        show("il a dit \"nous voulons \"plus\" d'arbres\""),
        "il a dit «⍽nous voulons “plus” d’arbres⍽»"
    );
    assert_eq!(show("« le plan \"Arbres\" »"), "«⍽le plan “Arbres”⍽»");
    assert_eq!(show("un \" seul"), "un \" seul");
    assert_eq!(show("quatre...."), "quatre....");
    // English quotes outside any quotation print as French ones; inside, they stay.
    assert_eq!(
        show("la vidéosurveillance “intelligente” ;"),
        "la vidéosurveillance «⍽intelligente⍽»⍽;"
    );
    assert_eq!(show("« la ville “durable” »"), "«⍽la ville “durable”⍽»");
    assert_eq!(
        show("“a “b” c”"),
        "“a “b” c”",
        "not a simple pair: as typed"
    );
    assert_eq!(show("un “ seul"), "un “ seul");
}

#[test]
fn references_and_names_print_on_one_line() {
    assert_eq!(
        show("les projets 2015 DDCT 171 et 2015 DDCT 10 G"),
        "les projets 2015~DDCT~171 et 2015~DDCT~10~G"
    );
    assert_eq!(
        show("la référence 2002 V. 119."),
        "la référence 2002~V.~119."
    );
    assert_eq!(
        show("le vœu n° 18 bis et l’article 6 ter"),
        "le vœu n°~18~bis et l’article 6~ter"
    );
    assert_eq!(show("en 2026 la Ville"), "en 2026 la Ville");
    assert_eq!(show("en 2026 DU calme"), "en 2026 DU calme");
}

#[test]
fn numbers_units_and_thousands() {
    assert_eq!(
        show("300 hectares, 12 %, 14 h 30"),
        "300~hectares, 12⍽%, 14~h~30"
    );
    assert_eq!(show("300000 habitants"), "300⍽000~habitants");
    assert_eq!(show("300 000 habitants"), "300⍽000~habitants");
    assert_eq!(show("1234567,891 m²"), "1⍽234⍽567,891~m²");
    assert_eq!(show("3,5 % et 1500 mètres"), "3,5⍽% et 1500 mètres");
    assert_eq!(show("en 2026 la Ville"), "en 2026 la Ville");
    assert_eq!(
        show("la délibération 2026 DEVE 12"),
        "la délibération 2026~DEVE~12"
    );
    assert_eq!(
        show("la loi n° 2023-380 du 19 mai 2023"),
        "la loi n°~2023-380 du 19~mai~2023"
    );
    assert_eq!(show("au 75011 Paris"), "au 75011~Paris");
    assert_eq!(show("A380 et 3D"), "A380 et 3D");
    assert_eq!(
        show("le vœu n°37 et nos 12 et 13"),
        "le vœu n°~37 et nos~12 et 13"
    );
    assert_eq!(show("total 100000."), "total 100⍽000.");
}

#[test]
fn ordinals_are_marked_for_superscript() {
    assert_eq!(
        show("le 1er mai, la 1re fois, la 8e Commission"),
        "le 1^{er}~mai, la 1^{re}~fois, la 8^{e}~Commission"
    );
    assert_eq!(
        show("au XXe siècle, les 2es"),
        "au XX^{e}~siècle, les 2^{es}"
    );
    assert_eq!(
        show("le 2ème"),
        "le 2ème",
        "wrong forms are the lints' business"
    );
    assert_eq!(show("Ce projet, le Xe"), "Ce projet, le Xe");
}

#[test]
fn what_it_must_never_touch() {
    let untouched = [
        "https://www.paris.fr/pages/voeux?id=37&x=1",
        "écrire à elu.x@paris.fr",
        "à 14:30",
        "élu·es, élu·e·s, citoyen·nes",
        "&amp; &#38;",
    ];
    for raw in untouched {
        assert_eq!(show(raw), raw, "{raw}");
    }
    assert_eq!(
        show("voir `a ; b: c'd` et [le site](https://x.fr/a?b=1)"),
        "voir `a ; b: c'd` et [le site](https://x.fr/a?b=1)"
    );
    assert_eq!(show("M. DUPONT et Mme NIAKATÉ"), "M.~DUPONT et Mme~NIAKATÉ");
    assert_eq!(show("Que la Ville demande ;"), "Que la Ville demande⍽;");
}

#[test]
fn already_typeset_text_is_left_alone() {
    let typeset_text =
        "Considérant l’article 7 du projet de loi «\u{202F}relatif aux jeux\u{202F}»\u{202F};";
    assert_eq!(show(typeset_text), visible(&Text::plain(typeset_text)));
}

#[test]
fn superscripts_survive_a_second_pass() {
    let once = typeset(&markup::parse("le 1er mai 2026 ; 300000 m² : « x »").text);
    assert_eq!(typeset(&once), once);
}

fn letters_and_digits(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Inputs the fuzzer found (fuzz/run.sh typography): each pass must be idempotent.
#[test]
fn fuzz_findings_are_idempotent() {
    for raw in [
        "Le 14 juillet 1789 ; 3,5 mai 1 000140 14 ..",
        "` « gui8888888888\u{b}\u{0}8888888888888888888888888000 100 ",
        "Voir *le$ p&lan\u{1}\u{0}\u{0}1111111111111111111111111111111111111111111111111111333*33311111111111111111111111111111111\u{c}Ar *le p",
    ] {
        let once = typeset(&markup::parse(raw).text);
        assert_eq!(typeset(&once), once, "{raw:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn idempotent_and_keeps_every_letter(raw in "[a-zA-Zéèàç0-9 '\\\".,;:!?«»“”%·…@/*`\\[\\]()-]{0,60}") {
        let text = markup::parse(&raw).text;
        let once = typeset(&text);
        let twice = typeset(&once);
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(
            letters_and_digits(&once.to_plain_string()),
            letters_and_digits(&text.to_plain_string())
        );
    }

    #[test]
    fn references_are_idempotent(raw in "([0-9]{1,4}|[A-Z]{1,3}|G|V\\.|bis|“|”|«|»| ){0,20}") {
        let text = markup::parse(&raw).text;
        let once = typeset(&text);
        prop_assert_eq!(typeset(&once), once.clone());
    }

    #[test]
    fn any_unicode_is_kept(raw in "\\PC{0,80}") {
        let text = markup::parse(&raw).text;
        let once = typeset(&text);
        prop_assert_eq!(typeset(&once), once.clone());
        prop_assert_eq!(
            letters_and_digits(&once.to_plain_string()),
            letters_and_digits(&text.to_plain_string())
        );
    }
}
