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
