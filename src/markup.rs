//! The small inline markup of text fields: `*emphase*`, `**gras**`, `[texte](https://…)`
//! and `` `code` ``, with `\` to write one of those signs literally. Everything else is
//! literal text, whatever characters it holds. This module turns a raw string into a
//! `Text`; typesetting it is `typography`'s, printing it the renderers'.

use crate::model::{Inline, Text};
use std::ops::Range;

/// Link targets kept as links. Any other scheme (`javascript:`, `file:`, `data:`…) is
/// dropped and only the link's text is printed.
pub const ALLOWED_SCHEMES: &[&str] = &["http://", "https://", "mailto:"];

/// A raw string read as markup.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub text: Text,
    /// Byte ranges of the raw string that are not prose: code spans and link targets.
    /// Typography lints leave them alone.
    pub verbatim: Vec<Range<usize>>,
    /// Links whose target was refused, with the byte range of the target.
    pub refused_links: Vec<(Range<usize>, String)>,
}

pub fn is_allowed_target(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    ALLOWED_SCHEMES
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        && target.len() > 8
}

/// Reads a raw string as markup.
pub fn parse(raw: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // Most texts hold no sign of the markup: one plain run, without a scan.
    if !raw.contains(['\\', '`', '[', '*']) {
        if !raw.is_empty() {
            parsed.text = Text::plain(raw);
        }
        return parsed;
    }
    let inlines = parse_range(raw, 0, raw.len(), &mut parsed);
    parsed.text = Text(inlines);
    parsed
}

/// What a URL may not hold as written: controls, the space, `<`, `>`, `"`, braces…;
/// `%` escapes already there are kept.
const NOT_IN_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'<')
    .add(b'>')
    .add(b'"')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'`');

/// A link target as a valid URL, percent-encoded (non-ASCII letters too: every writer
/// then holds the same ASCII address).
pub fn encode_target(target: &str) -> String {
    percent_encoding::utf8_percent_encode(target, NOT_IN_URL).to_string()
}

/// The signs a backslash makes literal.
fn escapable(c: char) -> bool {
    matches!(c, '\\' | '*' | '`' | '[' | ']')
}

fn parse_range(raw: &str, start: usize, end: usize, parsed: &mut Parsed) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Plain(std::mem::take(plain)));
        }
    };
    let mut i = start;
    while i < end {
        let rest = &raw[i..end];
        let c = rest.chars().next().unwrap_or_default();
        if c == '\\' {
            if let Some(next) = rest[1..].chars().next().filter(|n| escapable(*n)) {
                plain.push(next);
                i += 1 + next.len_utf8();
                continue;
            }
        } else if c == '`' {
            if let Some(close) = rest[1..].find('`') {
                flush(&mut plain, &mut out);
                out.push(Inline::Code(rest[1..1 + close].to_string()));
                parsed.verbatim.push(i..i + close + 2);
                i += close + 2;
                continue;
            }
        } else if c == '[' {
            if let Some((text_end, target_start, target_end)) = link_at(raw, i, end) {
                flush(&mut plain, &mut out);
                let text = parse_range(raw, i + 1, text_end, parsed);
                let target = &raw[target_start..target_end];
                parsed.verbatim.push(target_start - 1..target_end + 1);
                if is_allowed_target(target) {
                    out.push(Inline::Link {
                        text,
                        target: encode_target(target),
                    });
                } else {
                    parsed
                        .refused_links
                        .push((target_start..target_end, target.to_string()));
                    out.extend(text);
                }
                i = target_end + 1;
                continue;
            }
        } else if c == '*' {
            let strong = rest.starts_with("**");
            let marker = if strong { "**" } else { "*" };
            if let Some(close) = closing(raw, i + marker.len(), end, marker) {
                flush(&mut plain, &mut out);
                let inner = parse_range(raw, i + marker.len(), close, parsed);
                out.push(if strong {
                    Inline::Strong(inner)
                } else {
                    Inline::Emphasis(inner)
                });
                i = close + marker.len();
                continue;
            }
        }
        plain.push(c);
        i += c.len_utf8();
    }
    flush(&mut plain, &mut out);
    merge_plain(out)
}

/// `[text](target)` starting at `open`: the end of the text, and the target's range.
/// The target holds no space and no parenthesis; the text no unescaped `]`.
fn link_at(raw: &str, open: usize, end: usize) -> Option<(usize, usize, usize)> {
    let mut i = open + 1;
    let bytes = raw.as_bytes();
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b']' => break,
            b'[' => return None,
            _ => i += 1,
        }
    }
    if i >= end || i == open + 1 || raw.as_bytes().get(i + 1) != Some(&b'(') || i + 1 >= end {
        return None;
    }
    let target_start = i + 2;
    let target_len =
        raw[target_start..end].find(|c: char| c == ')' || c.is_whitespace() || c == '(')?;
    let target_end = target_start + target_len;
    (raw.as_bytes().get(target_end) == Some(&b')') && target_len > 0).then_some((
        i,
        target_start,
        target_end,
    ))
}

/// The closing `marker` of an emphasis opened just before `from`: the text must not start
/// or end with a space, and a single `*` does not close on a `**`.
fn closing(raw: &str, from: usize, end: usize, marker: &str) -> Option<usize> {
    let first = raw[from..end].chars().next()?;
    if first.is_whitespace() || first == '*' {
        return None;
    }
    let mut i = from + first.len_utf8();
    while i < end {
        let rest = &raw[i..end];
        if let Some(escaped) = rest.strip_prefix('\\') {
            i += 1 + escaped.chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if rest.starts_with(marker) {
            let before = raw[..i].chars().next_back().unwrap_or(' ');
            let doubled = marker == "*" && rest.starts_with("**");
            if !before.is_whitespace() && !doubled {
                return Some(i);
            }
            if doubled {
                i += 2;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Joins neighbouring plain runs (a link refused leaves its text beside plain text).
fn merge_plain(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Plain(previous)), Inline::Plain(next)) => previous.push_str(&next),
            (_, inline) => out.push(inline),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Inline {
        Inline::Plain(s.into())
    }

    #[test]
    fn plain_text_stays_plain_whatever_it_holds() {
        for raw in [
            "Considérant que 2 * 3 = 6 ;",
            "<script>alert(1)</script> & {{ x }} {% if %} #set $x$ @ref _a_ // \\n",
            "un * seul, un [crochet, un ` seul",
            "C:\\dossier\\fichier",
            "[texte sans lien] (et une parenthèse)",
        ] {
            assert_eq!(parse(raw).text, Text(vec![p(raw)]), "{raw}");
        }
    }

    #[test]
    fn emphasis_strong_code_and_links() {
        let parsed = parse("Un *vœu* **fort**, `a  b` et [le site](https://paris.fr/?a=1).");
        assert_eq!(
            parsed.text.0,
            vec![
                p("Un "),
                Inline::Emphasis(vec![p("vœu")]),
                p(" "),
                Inline::Strong(vec![p("fort")]),
                p(", "),
                Inline::Code("a  b".into()),
                p(" et "),
                Inline::Link {
                    text: vec![p("le site")],
                    target: "https://paris.fr/?a=1".into()
                },
                p("."),
            ]
        );
        assert_eq!(parsed.verbatim.len(), 2);
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        // A target holding a parenthesis is no link at all: all of it prints literally.
        let parsed = parse("[cliquez](javascript:alert(1)) ou [là](file:///etc/passwd)");
        assert_eq!(
            parsed.text.to_plain_string(),
            "[cliquez](javascript:alert(1)) ou là"
        );
        assert_eq!(parsed.refused_links[0].1, "file:///etc/passwd");
        let parsed = parse("[écrire](mailto:elu@paris.fr) [x](data:text/html,hi)");
        assert!(matches!(parsed.text.0[0], Inline::Link { .. }));
        assert_eq!(parsed.refused_links.len(), 1);
        assert_eq!(parsed.refused_links[0].1, "data:text/html,hi");
    }

    #[test]
    fn link_targets_are_valid_urls() {
        let parsed = parse("[x](https://a.fr/?q=<2>&r={3}|\"4\")");
        let Inline::Link { target, .. } = &parsed.text.0[0] else {
            panic!("a link");
        };
        assert_eq!(target, "https://a.fr/?q=%3C2%3E&r=%7B3%7D%7C%224%22");
        assert_eq!(
            encode_target("https://fr.wikipedia.org/wiki/Vœu?x=%20"),
            "https://fr.wikipedia.org/wiki/V%C5%93u?x=%20"
        );
    }

    #[test]
    fn escapes_make_signs_literal() {
        assert_eq!(
            parse("\\*pas en italique\\*").text.0,
            vec![p("*pas en italique*")]
        );
        assert_eq!(parse("a \\\\ b \\n").text.0, vec![p("a \\ b \\n")]);
    }
}
