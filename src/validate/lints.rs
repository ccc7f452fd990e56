//! Typography lints on the texts as written in the files: what the pass cannot settle
//! alone because it would change letters or punctuation (`2ème`, a stray space before a
//! comma, a considérant without its `;`). Each finding is a warning with a fix that
//! `motion fix` applies to the file, at the exact characters, without touching anything
//! else. Addresses, times, code spans and link targets are never linted.

use crate::diag::{Code, Diagnostic};
use crate::input::node::Node;
use crate::input::printed::{Ending, Role, printed_texts};
use crate::text::{is_forbidden, protected_ranges, quotation_ranges};
use std::ops::Range;

/// One problem in one text: a byte range of the value and what to put there instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub range: Range<usize>,
    pub replacement: String,
    pub message: String,
    pub help: String,
}

/// Lints every printed text of a (possibly merged) tree. Diagnostics point into the file
/// each text comes from, at the characters at fault, with a fix when the text could be
/// mapped back to the file exactly.
pub fn lint_document(tree: &Node, parses: &super::Parses) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for printed in printed_texts(tree) {
        if printed.role == Role::Quote {
            // A quoted text is printed as its authors wrote it: only the characters no
            // document may hold are reported.
            let text = Scanned::new(printed.text, &[]);
            let findings = controls(&text);
            diagnostics.extend(findings.into_iter().map(|f| to_diagnostic(printed.node, f)));
            continue;
        }
        let mut findings = lint_text(printed.text, &parses.get(printed.text).verbatim);
        if printed.field == "title" {
            findings.extend(title_ligature(printed.text));
        }
        findings.extend(paragraph_ending(
            printed.text,
            printed.ending,
            printed.last,
            printed.noun,
        ));
        diagnostics.extend(findings.into_iter().map(|f| to_diagnostic(printed.node, f)));
    }
    diagnostics
}

/// A finding made a diagnostic, at the exact characters and with its fix when the text
/// can be mapped back to the file; otherwise at the whole value, without a fix.
fn to_diagnostic(node: &Node, finding: Finding) -> Diagnostic {
    let diagnostic =
        Diagnostic::new(finding.code, node.origin.clone(), finding.message).help(finding.help);
    match node.origin_within(finding.range) {
        Some(origin) => {
            let shown = finding.replacement.replace(' ', "␣");
            let label = if finding.replacement.is_empty() {
                "à supprimer".to_string()
            } else if origin.span.is_empty() {
                format!("ajouter « {shown} »")
            } else {
                format!("remplacer par « {shown} »")
            };
            Diagnostic {
                origin: origin.clone(),
                ..diagnostic
            }
            .label(label)
            .fix(origin, finding.replacement)
        }
        None => diagnostic,
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{202F}')
}

/// The lints that apply to any printed text: ordinals, spaces around commas and periods,
/// double spaces, capitals of institutions.
pub fn lint_text(raw: &str, verbatim: &[Range<usize>]) -> Vec<Finding> {
    let text = Scanned::new(raw, verbatim);
    let mut findings = ordinals(&text);
    findings.extend(commas_and_periods(&text));
    findings.extend(spaces(&text));
    findings.extend(capitals(raw, &text.chars, &|i| text.free(i)));
    findings.extend(english_quotes(&text));
    findings.extend(glued_suffixes(&text));
    findings.extend(controls(&text));
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    findings
}

/// A raw text as its characters (with their byte offsets), and the stretches no lint
/// touches.
struct Scanned<'a> {
    raw: &'a str,
    chars: Vec<(usize, char)>,
    protected: Vec<Range<usize>>,
}

impl<'a> Scanned<'a> {
    fn new(raw: &'a str, verbatim: &[Range<usize>]) -> Scanned<'a> {
        let mut protected = protected_ranges(raw, verbatim);
        protected.extend(quotation_ranges(raw));
        Scanned {
            raw,
            chars: raw.char_indices().collect(),
            protected,
        }
    }

    /// The character at index `i`.
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|(_, c)| *c)
    }

    /// The byte offset of the character at index `i` (the end past the last).
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.raw.len(), |(b, _)| *b)
    }

    /// Whether the character at index `i` is prose a lint may touch.
    fn free(&self, i: usize) -> bool {
        let byte = self.byte(i);
        !self.protected.iter().any(|r| r.contains(&byte))
    }
}

/// Ordinals written the long way (`2ème`, `1ier`).
fn ordinals(text: &Scanned) -> Vec<Finding> {
    let chars = &text.chars;
    let mut findings = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !text.at(i - 1).is_some_and(char::is_alphanumeric);
        let digits = chars[i..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        let roman = if digits == 0 {
            chars[i..]
                .iter()
                .take_while(|(_, c)| "IVXLC".contains(*c))
                .count()
        } else {
            0
        };
        let number_len = if (1..=4).contains(&digits) {
            digits
        } else {
            roman
        };
        if !starts_word || number_len == 0 || !text.free(i) {
            i += 1;
            continue;
        }
        let number: String = chars[i..i + number_len].iter().map(|(_, c)| c).collect();
        let start = i + number_len;
        let letters = chars[start..]
            .iter()
            .take_while(|(_, c)| c.is_alphabetic())
            .count();
        let suffix: String = chars[start..start + letters]
            .iter()
            .map(|(_, c)| c)
            .collect();
        if let Some(right) = ordinal_fix(&number, &suffix) {
            findings.push(Finding {
                code: Code::OrdinalForm,
                range: text.byte(start)..text.byte(start + letters),
                replacement: right.to_string(),
                message: format!("ordinal « {number}{suffix} » : s’abrège « {number}{right} »"),
                help: "les ordinaux s’abrègent 1er, 1re, 2e, 3e… (2d, 2de pour second) ; \
                       les lettres s’impriment en exposant"
                    .into(),
            });
        }
        i = start + letters.max(1);
    }
    findings
}

/// Spaces before a comma or a period, and a missing space after one.
fn commas_and_periods(text: &Scanned) -> Vec<Finding> {
    let at = |i: usize| text.at(i);
    let mut findings = Vec::new();
    for (k, &(_, c)) in text.chars.iter().enumerate() {
        if !(c == ',' || c == '.') || !text.free(k) {
            continue;
        }
        let mut j = k;
        while j > 0 && at(j - 1).is_some_and(is_space) {
            j -= 1;
        }
        let next = at(k + 1);
        let part_of_dots = c == '.' && (next == Some('.') || at(j.wrapping_sub(1)) == Some('.'));
        let decimal_start = next.is_some_and(|n| n.is_ascii_digit());
        if j < k && j > 0 && at(j - 1) != Some('\n') && !part_of_dots && !decimal_start {
            findings.push(Finding {
                code: Code::SpaceBeforeComma,
                range: text.byte(j)..text.byte(k),
                replacement: String::new(),
                message: format!("espace avant « {c} »"),
                help: format!("en français, « {c} » suit le mot sans espace"),
            });
        }
        let previous = at(k.wrapping_sub(1)).filter(|_| k > 0);
        let missing_after = match c {
            ',' => {
                next.is_some_and(char::is_alphabetic)
                    && previous.is_some_and(|p| p.is_alphanumeric() || ")»”".contains(p))
            }
            _ => {
                previous.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_uppercase)
                    && at(k + 2).is_some_and(char::is_alphabetic)
            }
        };
        if missing_after && text.free(k + 1) {
            findings.push(Finding {
                code: Code::SpaceAfterComma,
                range: text.byte(k + 1)..text.byte(k + 1),
                replacement: " ".into(),
                message: format!("espace manquante après « {c} »"),
                help: format!("une espace suit « {c} » avant le mot suivant"),
            });
        }
    }
    findings
}

/// Runs of spaces, and spaces at the ends of the text.
fn spaces(text: &Scanned) -> Vec<Finding> {
    let chars = &text.chars;
    let mut findings = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let run = chars[k..]
            .iter()
            .take_while(|(_, c)| *c == ' ' || *c == '\t')
            .count();
        if run == 0 {
            k += 1;
            continue;
        }
        let at_edge = k == 0 || k + run == chars.len();
        if (run >= 2 || at_edge) && (k..k + run).all(|i| text.free(i)) {
            let (replacement, message) = if at_edge {
                ("", "espace en trop au bord du texte")
            } else {
                (" ", "espaces en double")
            };
            findings.push(Finding {
                code: Code::DoubleSpace,
                range: text.byte(k)..text.byte(k + run),
                replacement: replacement.into(),
                message: message.into(),
                help: "une seule espace entre deux mots, aucune au début ni à la fin".into(),
            });
        }
        k += run;
    }
    findings
}

/// Invisible control characters (a vertical tab pasted from Word): never printed.
fn controls(text: &Scanned) -> Vec<Finding> {
    text.chars
        .iter()
        .filter(|(_, c)| is_forbidden(*c))
        .map(|&(b, c)| Finding {
            code: Code::ControlCharacter,
            range: b..b + c.len_utf8(),
            replacement: String::new(),
            message: format!(
                "caractère de contrôle invisible U+{:04X}, retiré à l’impression",
                c as u32
            ),
            help: "souvent un reste de copier-coller depuis un traitement de texte ; supprimez-le"
                .into(),
        })
        .collect()
}

/// English quotes “ ” opened outside any quotation: French quotes with « ». (Inside
/// « », “ ” are the right inner quotes.) Print converts them; the fix does it in the file.
fn english_quotes(text: &Scanned) -> Vec<Finding> {
    let chars: Vec<char> = text.chars.iter().map(|(_, c)| *c).collect();
    // The marks of a quotation are outside its protected range: only code and
    // addresses hide a mark.
    let data = protected_ranges(text.raw, &[]);
    let fixed = |i: usize| {
        let byte = text.byte(i);
        data.iter().any(|r| r.contains(&byte))
    };
    let mut findings = Vec::new();
    for (start, end) in crate::text::english_quote_pairs(&chars, fixed) {
        let inner_start = text.at(start + 1).is_some_and(|c| !c.is_whitespace());
        let inner_end = text.at(end - 1).is_some_and(|c| !c.is_whitespace());
        for (at, replacement) in [
            (start, if inner_start { "« " } else { "«" }),
            (end, if inner_end { " »" } else { "»" }),
        ] {
            findings.push(Finding {
                code: Code::EnglishQuotes,
                range: text.byte(at)..text.byte(at + 1),
                replacement: replacement.into(),
                message: "guillemets anglais “ ” : en français, « »".into(),
                help: "les guillemets “ ” ne servent qu’à l’intérieur de « » ; ils s’impriment « » dans tous les formats"
                    .into(),
            });
        }
    }
    findings
}

/// `6bis`, `18ter`: the suffix of a number is a word of its own (`6 bis`).
fn glued_suffixes(text: &Scanned) -> Vec<Finding> {
    const SUFFIXES: &[&str] = &["bis", "ter", "quater", "quinquies", "sexies"];
    let chars = &text.chars;
    let mut findings = Vec::new();
    for k in 1..chars.len() {
        let (previous, here) = (chars[k - 1].1, chars[k].1);
        if !previous.is_ascii_digit() || !here.is_ascii_lowercase() || !text.free(k) {
            continue;
        }
        // The number is a word of its own: not `A380bis`.
        let number_start = (0..k)
            .rev()
            .take_while(|&j| chars[j].1.is_ascii_digit())
            .last()
            .unwrap_or(k);
        if number_start > 0 && chars[number_start - 1].1.is_alphanumeric() {
            continue;
        }
        let word: String = chars[k..]
            .iter()
            .take_while(|(_, c)| c.is_alphabetic())
            .map(|(_, c)| c)
            .collect();
        if SUFFIXES.contains(&word.as_str()) {
            let number: String = chars[number_start..k].iter().map(|(_, c)| c).collect();
            findings.push(Finding {
                code: Code::GluedSuffix,
                range: text.byte(k)..text.byte(k),
                replacement: " ".into(),
                message: format!("« {number}{word} » : s’écrit « {number} {word} »"),
                help: "bis, ter, quater… se séparent du numéro par une espace (insécable à l’impression)"
                    .into(),
            });
        }
    }
    findings
}

/// The right short form of an ordinal written `number` + `suffix`, when it is a known
/// wrong form.
fn ordinal_fix(number: &str, suffix: &str) -> Option<&'static str> {
    let one = number == "1" || number == "I";
    let two = number == "2" || number == "II";
    Some(match suffix {
        "ème" | "eme" | "ième" | "ieme" if !one => "e",
        "èmes" | "emes" | "ièmes" | "iemes" if !one => "es",
        "ère" | "ere" | "ière" | "iere" if one => "re",
        "ères" | "eres" | "ières" | "ieres" if one => "res",
        "ier" if one => "er",
        "iers" if one => "ers",
        "nd" if two => "d",
        "nde" if two => "de",
        "nds" if two => "ds",
        "ndes" if two => "des",
        _ => return None,
    })
}

/// Institutions as the Ville de Paris writes them.
const INSTITUTIONS: &[&str] = &[
    "Conseil de Paris",
    "Ville de Paris",
    "Maire de Paris",
    "Préfet de police",
    "Préfecture de police",
    "Exécutif",
];

/// Lower case without accents on e, enough to compare with `INSTITUTIONS` (whose letters
/// are ASCII but for é); no Unicode table lookup, as this runs on every word.
fn fold(c: char) -> char {
    match c {
        'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' => 'e',
        c => c.to_ascii_lowercase(),
    }
}

fn capitals(raw: &str, chars: &[(usize, char)], free: &dyn Fn(usize) -> bool) -> Vec<Finding> {
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let byte = |i: usize| chars.get(i).map_or(raw.len(), |(b, _)| *b);
    let mut findings = Vec::new();
    for i in 0..chars.len() {
        let first = chars[i].1;
        // Cheap tests first: this runs on every character of every text.
        if !matches!(
            first,
            'c' | 'C' | 'v' | 'V' | 'm' | 'M' | 'p' | 'P' | 'e' | 'E' | 'é' | 'É'
        ) || (i > 0 && at(i - 1).is_some_and(char::is_alphanumeric))
            || !free(i)
        {
            continue;
        }
        for canonical in INSTITUTIONS {
            if canonical.chars().next().map(fold) != Some(fold(first)) {
                continue;
            }
            let len = canonical.chars().count();
            let Some(window) = chars.get(i..i + len) else {
                continue;
            };
            let same_word = window
                .iter()
                .zip(canonical.chars())
                .all(|((_, a), b)| fold(*a) == fold(b))
                && !at(i + len).is_some_and(char::is_alphanumeric);
            if !same_word {
                continue;
            }
            let written: String = window.iter().map(|(_, c)| c).collect();
            if written == *canonical || written.chars().all(|c| !c.is_lowercase()) {
                continue;
            }
            // "exécutif" is also an adjective ("le pouvoir exécutif"): only the noun, after
            // the article, is the institution.
            if *canonical == "Exécutif"
                && !(i >= 2
                    && matches!(at(i - 1), Some('\'' | '’'))
                    && matches!(at(i - 2), Some('l' | 'L')))
            {
                continue;
            }
            findings.push(Finding {
                code: Code::Capitals,
                range: byte(i)..byte(i + len),
                replacement: canonical.to_string(),
                message: format!("« {written} » s’écrit « {canonical} »"),
                help: "Paris écrit : Conseil de Paris, Ville de Paris, la Maire de Paris, \
                       l’Exécutif, Préfet de police"
                    .into(),
            });
        }
        // "4e commission" → "4e Commission": the numbered commissions take a capital.
        if first == 'c' {
            let after_ordinal = i >= 3
                && at(i - 1) == Some(' ')
                && at(i - 2) == Some('e')
                && at(i - 3).is_some_and(|c| c.is_ascii_digit());
            let is_commission = chars
                .get(i..i + 10)
                .is_some_and(|w| w.iter().map(|(_, c)| *c).eq("commission".chars()));
            if after_ordinal && is_commission && !at(i + 10).is_some_and(char::is_alphabetic) {
                findings.push(Finding {
                    code: Code::Capitals,
                    range: byte(i)..byte(i + 1),
                    replacement: "C".into(),
                    message: "« commission » : une commission numérotée prend une majuscule".into(),
                    help: "écrivez « 4e Commission »".into(),
                });
            }
        }
    }
    findings
}

/// « Voeu » written without the ligature, at the start of a title.
fn title_ligature(raw: &str) -> Option<Finding> {
    let start = raw.len() - raw.trim_start().len();
    let word_end = raw[start..]
        .find(|c: char| !c.is_alphabetic())
        .map_or(raw.len(), |n| start + n);
    (&raw[start..word_end] == "Voeu").then(|| Finding {
        code: Code::TitleOpening,
        range: start..word_end,
        replacement: "Vœu".into(),
        message: "le titre écrit « Voeu » sans la ligature".into(),
        help: "écrivez « Vœu », avec œ".into(),
    })
}

/// True when a text ends like a sentence: a period, an ellipsis, "!" or "?", possibly
/// inside closing quotes or brackets.
pub fn ends_with_period(text: &str) -> bool {
    let trimmed =
        text.trim_end_matches(|c: char| c.is_whitespace() || "»”\")]\u{202F}\u{A0}".contains(c));
    trimmed.ends_with(['.', '…', '!', '?'])
}

/// True when a text ends an item of an enumeration as real texts do: `;`, or a comma
/// (older texts chain their considérants with commas), or a mark no `;` may follow
/// (`etc.`, `!`, `?`, `…`). A plain period ends the last item only.
fn ends_an_item(text: &str) -> bool {
    let trimmed = text.trim_end();
    let inner =
        trimmed.trim_end_matches(|c: char| c.is_whitespace() || "»”\")]\u{202F}\u{A0}".contains(c));
    trimmed.ends_with([';', ','])
        || inner.ends_with(['!', '?', '…'])
        || inner.ends_with("etc.")
        || inner.ends_with("...")
}

/// The ending a paragraph of a list needs, and the fix when it lacks it. A fix never
/// follows a sentence end ("!", "?", "…", "etc."): those endings are accepted.
fn paragraph_ending(raw: &str, ending: Ending, last: bool, noun: &str) -> Option<Finding> {
    let wants_period = ending == Ending::SemicolonsLastPeriod && last;
    let content = raw.trim_end();
    let end_char = content.chars().next_back()?;
    let ok = match ending {
        Ending::Free => true,
        Ending::SemicolonsLastPeriod if last => ends_with_period(raw),
        Ending::SemicolonsLastFree if last => ends_an_item(raw) || ends_with_period(raw),
        _ => ends_an_item(raw),
    };
    if ok {
        return None;
    }
    // Replace a wrong final mark (and the spaces before it), or add the right one.
    let replaceable = if wants_period { ";,:" } else { ".:" };
    let start = if replaceable.contains(end_char) {
        content[..content.len() - 1].trim_end().len()
    } else {
        content.len()
    };
    let (replacement, code, message, help) = if wants_period {
        (
            ".",
            Code::LastRequestPeriod,
            "la dernière demande ne finit pas par un point".to_string(),
            "terminez la dernière demande par « . » ; les autres finissent par « ; »",
        )
    } else {
        (
            " ;",
            Code::ParagraphEnding,
            format!("{noun} ne finit pas par « ; »"),
            "chaque paragraphe d’une énumération finit par « ; » (le dernier considérant peut finir par « . »)",
        )
    };
    Some(Finding {
        code,
        range: start..raw.len(),
        replacement: replacement.into(),
        message,
        help: help.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies every finding (they do not overlap in these cases) and returns the text.
    fn fixed(raw: &str) -> String {
        let mut out = raw.to_string();
        let mut findings = lint_text(raw, &crate::markup::parse(raw).verbatim);
        findings.sort_by_key(|f| std::cmp::Reverse(f.range.start));
        for f in findings {
            out.replace_range(f.range, &f.replacement);
        }
        out
    }

    fn codes(raw: &str) -> Vec<&'static str> {
        lint_text(raw, &crate::markup::parse(raw).verbatim)
            .iter()
            .map(|f| f.code.id())
            .collect()
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            fixed("le 2ème et le 3ième, la 1ère, le 1ier, le 2nd, la 2nde, les 4èmes"),
            "le 2e et le 3e, la 1re, le 1er, le 2d, la 2de, les 4es"
        );
        assert_eq!(
            fixed("au XXème siècle, le IIIème"),
            "au XXe siècle, le IIIe"
        );
        assert!(codes("le 1er, la 1re, le 2e, la 8e Commission, le XXe siècle").is_empty());
        assert!(
            codes("A380ème ; 12345ème").is_empty(),
            "not ordinals: glued or too long"
        );
        assert!(codes("https://x.fr/2ème").is_empty());
    }

    #[test]
    fn spaces_around_commas_and_periods() {
        assert_eq!(fixed("la Ville , et la Maire ."), "la Ville, et la Maire.");
        assert_eq!(fixed("d’abord,ensuite"), "d’abord, ensuite");
        assert_eq!(fixed("fin.Début"), "fin. Début");
        assert_eq!(fixed("M.DUPONT"), "M. DUPONT");
        for right in [
            "M. DUPONT et Mme NIAKATÉ",
            "3,5 %",
            "la loi n° 2023-380",
            "U.S.A.",
            "et ...",
            "paris.fr",
            "voir https://paris.fr/a,b",
            "écrire à elu.x@paris.fr",
            "« texte ».",
        ] {
            assert!(codes(right).is_empty(), "{right}: {:?}", codes(right));
        }
    }

    #[test]
    fn quotations_are_left_alone() {
        assert!(codes("Considérant « le 2ème alinéa du conseil de paris , ici »").is_empty());
        assert_eq!(fixed("le 2ème « 2ème »"), "le 2e « 2ème »");
    }

    #[test]
    fn english_quotes_and_glued_suffixes() {
        assert_eq!(
            fixed("la vidéosurveillance “intelligente” ici"),
            "la vidéosurveillance « intelligente » ici"
        );
        assert_eq!(fixed("“ déjà espacé ”"), "« déjà espacé »");
        assert!(
            codes("« la ville “durable” »").is_empty(),
            "inner quotes are right"
        );
        assert!(codes("un “ seul").is_empty(), "unpaired: left alone");
        assert_eq!(
            fixed("l’article 6bis et le n° 18ter"),
            "l’article 6 bis et le n° 18 ter"
        );
        assert!(codes("A380bis, 6 bis, 6bisou, https://x.fr/6bis").is_empty());
    }

    #[test]
    fn double_spaces() {
        assert_eq!(fixed(" deux  espaces   ici "), "deux espaces ici");
        assert!(codes("voir `a  b` ici").is_empty(), "code spans are data");
    }

    #[test]
    fn capitals_of_institutions() {
        assert_eq!(
            fixed(
                "le conseil de Paris, la Ville De Paris, la maire de Paris, l’exécutif, le préfet de Police, la 4e commission"
            ),
            "le Conseil de Paris, la Ville de Paris, la Maire de Paris, l’Exécutif, le Préfet de police, la 4e Commission"
        );
        assert!(
            codes("le pouvoir exécutif ; CONSEIL DE PARIS ; le Conseil de Paris Centre").is_empty()
        );
        assert_eq!(fixed("l'Executif"), "l'Exécutif");
    }

    #[test]
    fn paragraph_endings() {
        let end = |raw: &str, ending, last| {
            paragraph_ending(raw, ending, last, "ce considérant").map(|f| {
                let mut out = raw.to_string();
                out.replace_range(f.range, &f.replacement);
                out
            })
        };
        assert_eq!(
            end("Considérant que x", Ending::SemicolonsLastFree, false).unwrap(),
            "Considérant que x ;"
        );
        // Real texts end items with a comma, "etc.", "!": all accepted.
        for accepted in [
            "Considérant que x ,  ",
            "Considérant les parcs, les squares, etc.",
            "Considérant l’urgence !",
            "Considérant que x…",
        ] {
            assert_eq!(
                end(accepted, Ending::SemicolonsLastFree, false),
                None,
                "{accepted}"
            );
        }
        assert_eq!(
            end("Considérant que x :", Ending::SemicolonsLastFree, false).unwrap(),
            "Considérant que x ;"
        );
        assert_eq!(
            end("Considérant que x.", Ending::SemicolonsLastFree, false).unwrap(),
            "Considérant que x ;"
        );
        assert_eq!(
            end("Considérant que x.", Ending::SemicolonsLastFree, true),
            None
        );
        assert_eq!(
            end("Considérant que x;", Ending::SemicolonsLastFree, false),
            None
        );
        assert_eq!(
            end("Demande x ;", Ending::SemicolonsLastPeriod, true).unwrap(),
            "Demande x."
        );
        assert_eq!(
            end("Demande « x »", Ending::SemicolonsLastPeriod, true).unwrap(),
            "Demande « x »."
        );
        assert_eq!(
            end("Demande « x. »", Ending::SemicolonsLastPeriod, true),
            None
        );
        // Never a mark after a sentence end.
        for ended in [
            "Demande x…",
            "Demande x !",
            "Demande x, etc.",
            "Demande « x ? »",
        ] {
            assert_eq!(
                end(ended, Ending::SemicolonsLastPeriod, true),
                None,
                "{ended}"
            );
            assert_eq!(
                end(ended, Ending::SemicolonsLastFree, false),
                None,
                "{ended}"
            );
        }
    }
}
