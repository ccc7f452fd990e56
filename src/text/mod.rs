//! What a text may hold and which of its stretches are data, not prose: the characters
//! no document may hold (removed with M507), and the ranges that typography and its lints
//! must never touch (code spans, link targets, addresses, times, character references).
//! Shared by the shape check, the rules and the typography pass, below all of them.

pub mod scan;

use std::ops::Range;

/// Characters no document may hold: C0 controls but tab, line feed and carriage return,
/// DEL, C1 controls, and Unicode noncharacters. XML 1.0 forbids most of them and HTML
/// validators refuse them all.
pub fn is_forbidden(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
        // Invisible characters with no use in French prose: the zero-width space and a
        // byte order mark inside the text, and the bidirectional embeddings, overrides
        // and isolates, which can make a text display otherwise than it reads ("Trojan
        // Source"). Right-to-left names need none of them.
        || matches!(n, 0x200B | 0xFEFF | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// A text without the characters no document may hold.
pub fn without_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_forbidden) {
        text.chars()
            .filter(|c| !is_forbidden(*c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// The paragraphs of a text: stretches separated by a blank line (a line holding only
/// spaces), each a slice of `text` without its surrounding spaces. A single line break
/// inside a paragraph stays in it (it prints as a space).
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut found = Vec::new();
    let (mut start, mut end, mut offset) = (None, 0, 0);
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(from) = start.take() {
                found.push(text[from..end].trim());
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(from) = start {
        found.push(text[from..end].trim());
    }
    found.into_iter()
}

/// The lines of a quoted text, each a paragraph of its own, blank lines dropped.
pub fn quoted_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The pairs of English quotes “ ” opened outside any quotation, by character index:
/// French prints « » there (inside « », “ ” are the right inner quotes). Only a simple
/// pair counts, with no other quotation mark inside; any other shape is left as typed.
/// `fixed(i)` marks characters that are data (code, addresses), never quotes. Applying
/// the conversion and running this again finds nothing more: printing is idempotent.
pub fn english_quote_pairs(chars: &[char], fixed: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if fixed(i) || !matches!(c, '«' | '»' | '“' | '”') {
            continue;
        }
        if let Some(start) = open.take() {
            if c == '”' {
                pairs.push((start, i));
                continue;
            }
            // Not a simple pair: the “ opened a quotation like any other.
            depth = 1;
        }
        match c {
            '“' if depth == 0 => open = Some(i),
            '«' | '“' => depth += 1,
            _ => depth = depth.saturating_sub(1),
        }
    }
    pairs
}

/// Byte ranges of the quotations of a raw text: what lies between « and », between a
/// pair of straight quotes `"…"`, or between “ and ” opened outside any other quotation.
/// The marks themselves are outside the ranges. Quoted words are someone else's: the
/// lints leave them as they are.
pub fn quotation_ranges(raw: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // The quotation opened at the top level: its closing mark, and where its text starts.
    let mut open: Option<(char, usize)> = None;
    let mut depth = 0usize;
    let mut previous: Option<char> = None;
    for (at, c) in raw.char_indices() {
        let after = at + c.len_utf8();
        match (open, c) {
            (None, '«') => open = Some(('»', after)),
            (None, '“') => open = Some(('”', after)),
            (None, '"')
                if previous.is_none_or(|p| p.is_whitespace() || "([{'’—–-/".contains(p)) =>
            {
                open = Some(('"', after));
            }
            (Some((close, start)), c) if c == close && depth == 0 => {
                ranges.push(start..at);
                open = None;
            }
            (Some(('»', _)), '«') | (Some(('”', _)), '“') => depth += 1,
            (Some(('»', _)), '»') | (Some(('”', _)), '”') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = Some(c);
    }
    ranges
}

/// Byte ranges of a raw text that are data, not prose: `verbatim` (the code spans and
/// link targets its markup parse found), web and e-mail addresses, times, character
/// references.
pub fn protected_ranges(raw: &str, verbatim: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut ranges = verbatim.to_vec();
    let indices: Vec<(usize, char)> = raw.char_indices().collect();
    let chars: Vec<char> = indices.iter().map(|(_, c)| *c).collect();
    let byte = |i: usize| indices.get(i).map_or(raw.len(), |(b, _)| *b);
    ranges.extend(
        scan::protected(&chars)
            .into_iter()
            .map(|r| byte(r.start)..byte(r.end)),
    );
    ranges
}

/// A file name from a title, in ASCII: `voeu-relatif-a-la-videosurveillance` (a motion
/// file that `import` writes), `2026-12-08-conseil-de-paris` (a séance's booklet).
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title
        .replace(['œ', 'Œ'], "oe")
        .replace(['æ', 'Æ'], "ae")
        .nfd()
    {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace()
            || c.is_ascii_punctuation()
            || matches!(c, '’' | '«' | '»' | '—' | '–' | '·'))
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    // At most 60 characters, cut at a word.
    let mut cut = out.trim_matches('-').to_string();
    if cut.len() > 60 {
        let at = cut[..60].rfind('-').unwrap_or(60);
        cut.truncate(at);
    }
    if cut.is_empty() { "motion".into() } else { cut }
}

/// "Séance des 8…" → "séance des 8…", for the middle of a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "adopté" → "Adopté", to open a sentence.
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod paragraph_tests {
    use super::*;

    #[test]
    fn quotations() {
        let quoted = |t: &str| {
            quotation_ranges(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(quoted("a « b » c « d « e » f » g"), [" b ", " d « e » f "]);
        assert_eq!(quoted("le \"mot\" et “autre”"), ["mot", "autre"]);
        assert_eq!(quoted("« ouvert sans fin"), Vec::<String>::new());
        assert_eq!(quoted("6\" d’écran"), Vec::<String>::new());
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        fn split(t: &str) -> Vec<&str> {
            paragraphs(t).collect()
        }
        assert_eq!(split("un"), ["un"]);
        assert_eq!(split("un\ndeux"), ["un\ndeux"]);
        assert_eq!(split("un\n\ndeux"), ["un", "deux"]);
        assert_eq!(split("\n  un \n \t \n\n deux\n"), ["un", "deux"]);
        assert_eq!(split("un\r\n\r\ndeux"), ["un", "deux"]);
        assert!(split("  \n\n ").is_empty());
        let lines: Vec<&str> = quoted_lines("Titre II\n\nArt. 14. — x\n  1° y\n").collect();
        assert_eq!(lines, ["Titre II", "Art. 14. — x", "1° y"]);
    }
}
