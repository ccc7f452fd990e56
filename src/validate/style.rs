//! Warnings for what the domain allows but rarely does: unusual openings, a missing final
//! period, very long texts, unknown direction codes, names without a surname in capitals,
//! a reference on a text that was not adopted. None of them stops a build.

use super::Ctx;
use super::forms::Forms;
use crate::diag::{Code, Diagnostic, french_number};
use crate::input::printed::printed_texts;
use crate::input::raw::RawItem;
use crate::model::{MotionKind, Status};

/// Words a recital usually opens with.
const RECITAL_OPENINGS: &[&str] = &[
    "Considérant",
    "Vu",
    "Rappelant",
    "Constatant",
    "Attendu",
    "Notant",
    "Estimant",
    "Soulignant",
    "Réaffirmant",
    "Saluant",
    "Déplorant",
    "Regrettant",
    "Reconnaissant",
    "Prenant",
    "Tenant",
    "Observant",
    "Relevant",
    "Affirmant",
    "Sachant",
    "Compte",
];

/// Direction codes of the Ville de Paris, the Préfecture de police and the Secrétariat
/// général, current and recent. Codes change with reorganisations: an unknown one is only
/// a warning.
const KNOWN_DIRECTIONS: &[&str] = &[
    "CAB", "DAC", "DAE", "DAJ", "DASCO", "DASES", "DCPA", "DDCT", "DEEP", "DEVE", "DFA", "DFPE",
    "DGRI", "DICOM", "DILT", "DJS", "DLH", "DPA", "DPE", "DPMP", "DPP", "DPSP", "DRH", "DSIN",
    "DSOL", "DSP", "DSTI", "DTEC", "DU", "DVD", "PP", "SG", "SGCP", "SGVP",
];

/// Longest paragraph, in characters, before a warning (about a third of a page).
pub const LONG_PARAGRAPH: usize = 2_000;
/// Longest whole text, in characters, before a warning (about four pages).
pub const LONG_MOTION: usize = 15_000;
/// Hard limits (M411): what no motion needs and what keeps the rendering of any file in
/// seconds and tens of megabytes. A paragraph of 20,000 characters is five pages; a
/// text of 100,000 characters, about 25.
pub const MAX_PARAGRAPH: usize = 20_000;
pub const MAX_MOTION: usize = 100_000;
pub const MAX_LIST: usize = 500;
/// Most pieces of inline markup (`*italique*`, `**gras**`, links, `` `code` ``) in one
/// motion: each is a styled run the PDF engine lays out on its own (20,000 of them took
/// five seconds and 300 MB); a real motion has a few dozen.
pub const MAX_MARKUP: usize = 500;

/// How many pieces of inline markup a text holds, nested ones included.
fn markup_pieces(inlines: &[crate::model::Inline]) -> usize {
    use crate::model::Inline;
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Plain(_) | Inline::Superscript(_) => 0,
            Inline::Code(_) => 1,
            Inline::Emphasis(inner) | Inline::Strong(inner) => 1 + markup_pieces(inner),
            Inline::Link { text, .. } => 1 + markup_pieces(text),
        })
        .sum()
}

fn first_word(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .find(|c: char| c.is_whitespace() || c == '\'' || c == '’' || c == ',')
        .unwrap_or(text.len());
    &text[..end]
}

/// Since when filing lines print surnames in capitals: older texts print names as
/// they were written ("M. Jacques Dupont"), and an archive keeps them so.
const CAPITAL_SURNAMES_SINCE: u16 = 2008;

pub fn check(ctx: &mut Ctx, forms: &Forms) {
    let raw = ctx.raw();
    if let Some(title) = &raw.title {
        check_title(ctx, title, raw.kind.unwrap_or(MotionKind::Voeu));
    }
    // Under a heading ("Considérant :", "Vu :"), the entries carry their own markers
    // ("– que …") and do not repeat the heading's word.
    let recitals = raw
        .considerants
        .iter()
        .flatten()
        .filter(|_| raw.considerants_heading.is_none());
    for (i, recital) in recitals.enumerate() {
        let word = first_word(recital.text());
        if !RECITAL_OPENINGS.contains(&word) {
            let origin = ctx.at(&format!("considerants[{i}]"));
            ctx.push(
                Diagnostic::new(
                    Code::RecitalOpening,
                    origin,
                    format!("ce considérant commence par « {word} » plutôt que par « Considérant »"),
                )
                .help("un considérant s’ouvre d’ordinaire par « Considérant que … » ; gardez ce texte s’il est voulu"),
            );
        }
    }
    let citations = raw
        .citations
        .iter()
        .flatten()
        .filter(|_| raw.citations_heading.is_none());
    for (i, citation) in citations.enumerate() {
        if first_word(citation.text()) != "Vu" {
            let origin = ctx.at(&format!("citations[{i}]"));
            ctx.push(
                Diagnostic::new(Code::CitationOpening, origin, "ce visa ne commence pas par « Vu »")
                    .help("un visa cite un texte : « Vu la loi n° … ; » ; un argument va dans les considérants"),
            );
        }
    }
    check_lengths(ctx);
    check_links(ctx);
    let paths = raw
        .attached_to
        .as_ref()
        .map(|a| a.each())
        .unwrap_or_default();
    for (deliberation, (path, _)) in forms.attached_to.iter().zip(paths) {
        if KNOWN_DIRECTIONS.contains(&deliberation.direction.as_str()) {
            continue;
        }
        let origin = ctx.at(&path);
        ctx.push(
            Diagnostic::new(
                Code::UnknownDirection,
                origin,
                format!("code de direction inconnu : {}", deliberation.direction),
            )
            .help(format!(
                "vérifiez la référence sur l’ordre du jour ; codes connus : {}",
                KNOWN_DIRECTIONS.join(", ")
            )),
        );
    }
    let recent = forms
        .sitting
        .as_ref()
        .and_then(crate::model::Sitting::year)
        .is_none_or(|year| year >= CAPITAL_SURNAMES_SINCE);
    for (i, person) in raw
        .authors
        .iter()
        .flat_map(|a| a.persons.iter().flatten())
        .enumerate()
        .filter(|_| recent)
    {
        let path = match person {
            crate::input::raw::RawPerson::Name(_) => format!("authors.persons[{i}]"),
            crate::input::raw::RawPerson::WithGroup(_) => format!("authors.persons[{i}].name"),
        };
        check_person(ctx, &path, person.name());
    }
    if let Some(mayor) = raw.authors.as_ref().and_then(|a| a.mayor.as_ref())
        && recent
    {
        check_person(ctx, "authors.mayor", mayor);
    }
    if raw.reference.is_some()
        && !matches!(raw.status, Some(Status::Adopted | Status::AdoptedAmended))
    {
        let origin = ctx.at("reference");
        ctx.push(
            Diagnostic::new(Code::ReferenceStatus, origin, "référence officielle sur un texte qui n’est pas indiqué comme adopté")
                .help("une référence « 2026 V. 45 » est donnée à l’adoption : écrivez status = \"adopted\", ou retirez la référence"),
        );
    }
}

/// Links to anything but http, https and mailto are dropped at rendering: say so. And
/// past `MAX_MARKUP` pieces of markup in the motion, the text is not printed (M411).
fn check_links(ctx: &mut Ctx) {
    let mut pieces = 0;
    let mut over: Option<crate::source::Origin> = None;
    let mut refused = Vec::new();
    for printed in printed_texts(ctx.tree()) {
        let parsed = ctx.parsed(printed.text);
        pieces += markup_pieces(&parsed.text.0);
        if pieces > MAX_MARKUP && over.is_none() {
            over = Some(printed.node.origin.clone());
        }
        for (range, target) in &parsed.refused_links {
            refused.push((printed.node, range.clone(), target.clone()));
        }
    }
    for (node, range, target) in refused {
        let origin = node
            .origin_within(range)
            .unwrap_or_else(|| node.origin.clone());
        ctx.push(
            Diagnostic::new(
                Code::RefusedLink,
                origin,
                format!(
                    "lien vers « {target} » : seuls les liens http, https et mailto sont gardés"
                ),
            )
            .label("adresse refusée")
            .help("le texte du lien sera imprimé sans lien ; donnez une adresse https://…"),
        );
    }
    if let Some(origin) = over {
        ctx.push(
            Diagnostic::new(
                Code::TooLong,
                origin,
                format!(
                    "{} mises en forme (*italique*, **gras**, liens, `code`) dans le texte : \
                     au-delà de {}, il n’est pas imprimé",
                    french_number(pieces),
                    french_number(MAX_MARKUP)
                ),
            )
            .label("la limite est dépassée dans ce texte")
            .help("ces limites protègent la construction de toute l’archive ; gardez la mise en forme pour les mots qui la demandent"),
        );
    }
}

fn check_title(ctx: &mut Ctx, title: &str, kind: MotionKind) {
    let word = first_word(title);
    let (expected, other) = match kind {
        MotionKind::Voeu => ("Vœu", "Amendement"),
        MotionKind::Amendement => ("Amendement", "Vœu"),
    };
    // "Voeu" without the ligature is a typography lint, with its fix.
    if word == expected || (word == "Voeu" && kind == MotionKind::Voeu) {
        return;
    }
    // "Vœu de Claire DUVAL" above "Relatif à …": the filing line names the kind.
    let authors = ctx.raw().authors.as_ref();
    let filing_names_kind = authors.is_some_and(|a| {
        a.placement == Some(crate::model::FilingPlacement::BeforeTitle)
            && matches!(&a.filing, Some(crate::input::raw::RawFiling::Words(words))
                if first_word(words) == expected || (first_word(words) == "Voeu" && kind == MotionKind::Voeu))
    });
    if filing_names_kind && word != other {
        return;
    }
    let (message, help) = if word == other || (word == "Voeu" && other == "Vœu") {
        (
            format!(
                "le titre commence par « {other} » mais le type est « {} »",
                kind_name(kind)
            ),
            format!(
                "corrigez le titre, ou le type : type = \"{}\"",
                kind_name_other(kind)
            ),
        )
    } else {
        (
            format!("le titre ne commence pas par « {expected} »"),
            format!("un titre s’écrit d’ordinaire « {expected} relatif à … »"),
        )
    };
    let origin = ctx.at("title");
    ctx.push(Diagnostic::new(Code::TitleOpening, origin, message).help(help));
}

fn kind_name(kind: MotionKind) -> &'static str {
    match kind {
        MotionKind::Voeu => "voeu",
        MotionKind::Amendement => "amendement",
    }
}

fn kind_name_other(kind: MotionKind) -> &'static str {
    match kind {
        MotionKind::Voeu => "amendement",
        MotionKind::Amendement => "voeu",
    }
}

fn check_lengths(ctx: &mut Ctx) {
    let raw = ctx.raw();
    // Borrowed, not cloned: this runs for every motion of an archive.
    let lists: [(&str, Option<&Vec<RawItem>>); 4] = [
        ("citations", raw.citations.as_ref()),
        ("considerants", raw.considerants.as_ref()),
        (
            "request.items",
            raw.request.as_ref().and_then(|r| r.items.as_ref()),
        ),
        (
            "amendment.changes",
            raw.amendment.as_ref().and_then(|a| a.changes.as_ref()),
        ),
    ];
    let mut total = raw.title.as_ref().map_or(0, |t| t.chars().count());

    let mut long = Vec::new();
    let mut too_long = Vec::new();
    if let Some(motives) = &raw.motives {
        total += motives.chars().count();
        let longest = crate::text::paragraphs(motives)
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        let count = crate::text::paragraphs(motives).count();
        if count > MAX_LIST {
            too_long.push((
                "motives".to_string(),
                format!(
                    "exposé de {} paragraphes : au-delà de {}, le texte n’est pas imprimé",
                    french_number(count),
                    french_number(MAX_LIST)
                ),
            ));
        }
        if longest > MAX_PARAGRAPH {
            too_long.push((
                "motives".to_string(),
                format!(
                    "paragraphe de {} caractères : au-delà de {}, le texte n’est pas imprimé",
                    french_number(longest),
                    french_number(MAX_PARAGRAPH)
                ),
            ));
        } else if longest > LONG_PARAGRAPH {
            long.push(("motives".to_string(), longest));
        }
    }
    for (name, list) in lists {
        if let Some(list) = list
            && list.len() > MAX_LIST
        {
            too_long.push((
                format!("{name}[{MAX_LIST}]"),
                format!(
                    "liste de {} éléments : au-delà de {}, le texte n’est pas imprimé",
                    french_number(list.len()),
                    french_number(MAX_LIST)
                ),
            ));
        }
        for (i, item) in list.into_iter().flatten().enumerate() {
            // Each paragraph, quoted line and sub-item is laid out on its own: the limits
            // hold for each, and for how many an entry has.
            let mut pieces = 0usize;
            let mut longest = 0usize;
            total += item
                .all_texts()
                .iter()
                .map(|t| t.chars().count())
                .sum::<usize>();
            for piece in item.pieces() {
                pieces += 1;
                longest = longest.max(piece.chars().count());
            }
            if pieces > MAX_LIST {
                too_long.push((
                    format!("{name}[{i}]"),
                    format!(
                        "élément de {} paragraphes, lignes citées et sous-éléments : au-delà de {}, le texte n’est pas imprimé",
                        french_number(pieces),
                        french_number(MAX_LIST)
                    ),
                ));
            }
            if longest > MAX_PARAGRAPH {
                too_long.push((
                    format!("{name}[{i}]"),
                    format!(
                        "paragraphe de {} caractères : au-delà de {}, le texte n’est pas imprimé",
                        french_number(longest),
                        french_number(MAX_PARAGRAPH)
                    ),
                ));
            } else if longest > LONG_PARAGRAPH {
                long.push((format!("{name}[{i}]"), longest));
            }
        }
    }
    if total > MAX_MOTION {
        too_long.push((
            "title".to_string(),
            format!(
                "texte de {} caractères en tout : au-delà de {} (environ 25 pages), il n’est pas imprimé",
                french_number(total),
                french_number(MAX_MOTION)
            ),
        ));
    }
    let over = !too_long.is_empty();
    for (path, message) in too_long {
        let origin = ctx.at(&path);
        ctx.push(
            Diagnostic::new(Code::TooLong, origin, message)
                .help("ces limites protègent la construction de toute l’archive ; scindez le texte ou vérifiez qu’il s’agit du bon fichier"),
        );
    }
    for (path, count) in long {
        let origin = ctx.at(&path);
        ctx.push(
            Diagnostic::new(
                Code::LongText,
                origin,
                format!(
                    "paragraphe de {} caractères (plus de {})",
                    french_number(count),
                    french_number(LONG_PARAGRAPH)
                ),
            )
            .help("un paragraphe aussi long se lit mal en séance : scindez-le si possible"),
        );
    }
    if total > LONG_MOTION && !over {
        let origin = ctx.at("title");
        ctx.push(
            Diagnostic::new(
                Code::LongText,
                origin,
                format!(
                    "texte de {} caractères en tout (plus de {}, environ quatre pages)",
                    french_number(total),
                    french_number(LONG_MOTION)
                ),
            )
            .help("un vœu tient d’ordinaire sur une ou deux pages"),
        );
    }
}

/// A printed name carries its surname in capitals: "Claire DUVAL". A word of two letters
/// or more written all in capitals counts (accented capitals included).
fn check_person(ctx: &mut Ctx, path: &str, person: &str) {
    let has_capital_word = person.split([' ', '-', '\u{A0}']).any(|word| {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    });
    if has_capital_word {
        return;
    }
    let suggestion = match person.rsplit_once(' ') {
        Some((first, last)) => format!("{first} {}", last.to_uppercase()),
        None => person.to_uppercase(),
    };
    let origin = ctx.at(path);
    ctx.push(
        Diagnostic::new(
            Code::PersonName,
            origin,
            format!("« {person} » : le nom de famille s’imprime en capitales"),
        )
        .help(format!("écrivez « {suggestion} »")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings() {
        assert_eq!(first_word("Considérant que"), "Considérant");
        assert_eq!(first_word("Vu l’article"), "Vu");
        assert_eq!(first_word("  Rappelant, enfin"), "Rappelant");
    }
}
