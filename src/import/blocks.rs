//! What every kind of source is read into: the document's blocks of text in reading order
//! (paragraphs, headings, list entries with their depth, quoted lines) and what its
//! metadata says. The readers of each kind live beside this file; recognising a motion in
//! the blocks is `recognize`'s job.
//!
//! Plain text has no blocks of its own: `from_lines` finds them in lines, wrapped or not
//! (a text typed one paragraph per line, the text layer of a PDF, `pdftotext` output).

/// What a block is in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    /// An entry of a list; `depth` 0 is the outer list.
    Item,
    /// A quoted line (a blockquote, an indented article).
    Quote,
}

/// A block of text. Paragraphs inside one list entry are separated by a blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub depth: u8,
    pub text: String,
    /// The bullet a list entry was typed or printed with ("•", "–"), when it had one.
    pub marker: Option<char>,
}

impl Block {
    pub fn new(kind: BlockKind, depth: u8, text: impl Into<String>) -> Block {
        Block {
            kind,
            depth,
            text: text.into(),
            marker: None,
        }
    }

    pub fn marked(mut self, marker: char) -> Block {
        self.marker = Some(marker);
        self
    }
}

/// What a document says about itself (HTML meta, PDF info, DOCX core properties).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMeta {
    pub keywords: Vec<String>,
    /// The authors the document names, one each (persons and groups).
    pub authors: Vec<String>,
}

/// A source read into blocks.
#[derive(Debug, Default)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    pub meta: SourceMeta,
}

/// Spaces of every kind as one plain space, trimmed; soft hyphens and zero-width breaks
/// (what a renderer puts at line breaks) dropped.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        match c {
            '\u{AD}' | '\u{200B}' | '\u{FEFF}' | '\u{2060}' => {}
            // The non-breaking hyphen a PDF sets in a name is a hyphen.
            '\u{2011}' => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push('-');
            }
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// The marks that open a list entry in plain text.
pub(super) const BULLETS: &[char] = &[
    '•', '◦', '▪', '●', '○', '■', '□', '–', '—', '-', '*', '·', '‣', '\u{F0B7}', '\u{F0A7}',
    '\u{F0D8}', '\u{F076}', '\u{F0FC}',
];

/// Bullets that never start a word: one glued to its text is a bullet still. The
/// private-use ones are the Symbol and Wingdings bullets of Word and LibreOffice PDFs.
pub(super) fn is_round_bullet(c: char) -> bool {
    matches!(c, '•' | '◦' | '▪' | '●' | '○' | '■' | '□' | '‣')
        || ('\u{F000}'..='\u{F0FF}').contains(&c)
}

/// A bulleted line: its depth (from its indentation), its bullet and its text without it.
pub(super) fn bullet(line: &str) -> Option<(u8, char, &str)> {
    let indent = line.len() - line.trim_start().len();
    let trimmed = line.trim_start();
    let first = trimmed.chars().next()?;
    if !BULLETS.contains(&first) {
        return None;
    }
    let rest = &trimmed[first.len_utf8()..];
    // "- " is a bullet, "-5 %" and "--" are not; "—" alone is a dash in a title. A round
    // bullet never starts a word: glued to its text ("•Que", as a PDF's text may give
    // it), it is a bullet still.
    let round = is_round_bullet(first);
    let spaced = rest.starts_with([' ', '\t', '\u{A0}']);
    if !spaced && (!round || rest.is_empty()) {
        return None;
    }
    let depth = u8::from(indent >= 4 || matches!(first, '◦' | '▪' | '○' | '\u{F0A7}'));
    Some((depth, first, rest.trim_start()))
}

/// Lines that are a block of their own even when nothing separates them from the next:
/// the parts of a motion's header, its filing line, each recital, the formula.
pub(super) fn starts_block(line: &str) -> bool {
    let line = line.trim_start();
    const OPENERS: &[&str] = &[
        "Séance ",
        "Siégeant en formation",
        "Vœu ",
        "Voeu ",
        "VŒU ",
        "VOEU ",
        "Amendement ",
        "AMENDEMENT ",
        "Projet de vœu",
        "Projet de délibération ",
        "Projets de délibération ",
        "Déposé par ",
        "Déposée par ",
        "Présenté par ",
        "Présentée par ",
        "Vu ",
        "Considérant ",
        "Considérant,",
        "Sur proposition ",
        "Le Conseil de Paris",
        "Le Conseil du ",
        "Le Conseil d’arrondissement",
        "Exposé des motifs",
        "Que ",
        "Qu’",
        "Qu'",
        "Le vœu a été",
        "Le voeu a été",
        "Ce vœu a été",
        "L’amendement a été",
        "L'amendement a été",
        "Délibération affichée",
        "Reçue par",
        "Reçu par",
    ];
    OPENERS.iter().any(|o| line.starts_with(o))
        || is_aside(line)
        || is_council_line(line)
        || is_official_reference(line)
        || is_commission_line(line)
        || numbered(line)
        || is_month_line(line)
}

/// A line that stands apart from the text around it: an elision mark ("[...]", "(…)"),
/// or a note wholly in parentheses ("(Extrait du vœu présenté …)").
pub(super) fn is_aside(line: &str) -> bool {
    let t = line.trim();
    matches!(t, "[...]" | "[…]" | "(...)" | "(…)" | "…" | "...")
        || (t.starts_with('(')
            && t.trim_end_matches('.').ends_with(')')
            && t[1..]
                .find(')')
                .is_some_and(|at| at + 2 >= t.trim_end_matches('.').len()))
}

/// A council named alone on its line ("Conseil de Paris" also starts many a wrapped
/// line of a formula: only the whole line counts).
fn is_council_line(line: &str) -> bool {
    let line = line.trim();
    line == "Conseil de Paris"
        || line == "CONSEIL DE PARIS"
        || line == "Conseil de Paris Centre"
        || line.starts_with("Conseil de Paris, siégeant")
        || line.starts_with("Conseil du ") && line.ends_with(" arrondissement") && line.len() < 40
}

/// "2002 V. 87": an adopted vœu's reference, on its own line or first in a header line.
pub(super) fn is_official_reference(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().take(3).collect();
    matches!(words.as_slice(), [year, "V.", n]
        if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())
            && n.chars().all(|c| c.is_ascii_digit()))
}

/// "Mars 2003", "octobre 2002": the séance of an archive text known by its month.
fn is_month_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(words.as_slice(), [month, year]
        if crate::typography::MONTHS.contains(&month.to_lowercase().as_str())
            && year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
}

/// A numbered request, "1. …" or "2) …" (one to two digits, a capital after): its text
/// without the number.
fn numbered_item(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = &trimmed[digits..];
    let rest = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(") "))?;
    rest.starts_with(char::is_uppercase)
        .then_some(rest.trim_start())
}

/// A numbered paragraph of a quoted article or a list: "1° …", "12) …", "a) …", "Art.
/// 14. — …", "Article 2 – …", "Titre II …", "Chapitre 3".
fn numbered(line: &str) -> bool {
    let head: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
    let rest = &line[head.len()..];
    let count = head.chars().count();
    let enumerator = (count <= 3 && head.chars().all(|c| c.is_ascii_digit()) && count > 0
        || count == 1 && head.chars().all(|c| c.is_ascii_lowercase()))
        && (rest.starts_with("° ") || rest.starts_with(") "));
    enumerator
        || ["Art. ", "Article ", "Titre ", "Chapitre ", "Section "]
            .iter()
            .any(|p| {
                line.starts_with(p)
                    && line[p.len()..]
                        .starts_with(|c: char| c.is_ascii_digit() || "IVXL".contains(c) || c == '1')
            })
}

/// "4e Commission", "1re Commission".
fn is_commission_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(words.as_slice(), [n, "Commission"] if n.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// Whether a line ends a sentence: what may close a paragraph.
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', ',', ';', ':', '!', '?', '…', '»', ')', '"', '”'])
}

/// A page number or running footer line a renderer adds: "1/1", "2 / 5", "Page 3".
pub(super) fn is_page_mark(line: &str) -> bool {
    let t = line.trim();
    let digits_slash = t
        .split('/')
        .map(str::trim)
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    (t.contains('/') && digits_slash)
        || t.strip_prefix("Page ").is_some_and(|r| {
            r.chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '/')
        })
}

/// Finds the blocks of a plain text. A blank line always ends a block; so does a line
/// that opens one (a bullet, "Considérant", "Vu"…). A wrapped paragraph is joined again:
/// a line goes on the previous one unless that one ended a sentence well before the
/// width of the text's full lines. `markdown` reads `#` headings and `>` quotes.
pub fn from_lines(text: &str, markdown: bool) -> Vec<Block> {
    // A page break (pdftotext writes a form feed) does not end a paragraph.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{C}', "");
    // A page's footer ("1/2"), with the blank lines around it, is not in the text: a
    // paragraph goes on across the page.
    let mut lines: Vec<&str> = Vec::new();
    let mut after_mark = false;
    for line in text.lines() {
        if is_page_mark(line) {
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            after_mark = true;
            continue;
        }
        if after_mark && line.trim().is_empty() {
            continue;
        }
        after_mark = false;
        lines.push(line);
    }
    // The width of a full line: the longest lines of the text (a wrapped text has many
    // near it; a text typed one paragraph per line has few, and its short lines end).
    let mut lengths: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|n| *n > 0)
        .collect();
    lengths.sort_unstable();
    let full_text = lengths
        .get(lengths.len().saturating_sub(1 + lengths.len() / 10))
        .copied()
        .unwrap_or(0);
    let wrapped = full_text > 0 && full_text <= 200;
    // Within a run of lines between blank lines, a full line is that run's longest: a
    // title set larger wraps shorter than the body.
    let mut run_full = vec![0usize; lines.len()];
    let mut start = 0;
    for i in 0..=lines.len() {
        if i == lines.len() || lines[i].trim().is_empty() {
            let longest = lines[start..i]
                .iter()
                .map(|l| l.trim().chars().count())
                .max()
                .unwrap_or(0);
            for slot in &mut run_full[start..i] {
                *slot = longest.min(full_text);
            }
            start = i + 1;
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    let mut previous_length = 0usize;
    let mut previous_ended = true;
    for (index, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        let full = run_full[index];
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let mut marker = None;
        let (kind, depth, content) = if let Some((depth, mark, rest)) = bullet(line) {
            // In Markdown a dash is the list's syntax, not a mark typed in the text.
            marker = Some(if markdown && matches!(mark, '-' | '*') {
                '•'
            } else {
                mark
            });
            (BlockKind::Item, depth, rest)
        } else if let Some(rest) = numbered_item(line) {
            // "1. Demande …", "2) …": a numbered list; its numbers are the list's.
            marker = Some('#');
            (BlockKind::Item, 0, rest)
        } else if markdown && line.trim_start().starts_with('#') {
            (
                BlockKind::Heading,
                0,
                line.trim_start().trim_start_matches('#').trim(),
            )
        } else if markdown && line.trim_start().starts_with('>') {
            (
                BlockKind::Quote,
                0,
                line.trim_start().trim_start_matches('>').trim(),
            )
        } else {
            (BlockKind::Paragraph, 0, line.trim())
        };
        // A filing line that stops well short of the width ends there, punctuation or
        // not (what follows it is the text's first paragraph).
        let heading_like = open
            && blocks
                .last()
                .is_some_and(|b| ["Déposé", "Présenté"].iter().any(|p| b.text.starts_with(p)));
        // A title goes on over its lines whatever their length (set larger, they are
        // short), while the next line reads as its continuation ("d’ici 2040",
        // "2026-2030", "intérieur du Conseil de Paris").
        let title_goes_on = open
            && kind == BlockKind::Paragraph
            && blocks.last().is_some_and(|b| {
                ["Vœu ", "Voeu ", "Amendement ", "Projet de vœu"]
                    .iter()
                    .any(|p| b.text.starts_with(p))
                    && !ends_sentence(&b.text)
            })
            && content
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            && !starts_block(content);
        let fresh = !title_goes_on
            && (kind != BlockKind::Paragraph
            || starts_block(content)
            || !wrapped
            // The previous line stopped short: the end of a paragraph (a sentence's
            // end), or a line of its own (a heading, a header line).
            || ((previous_ended || heading_like) && previous_length * 100 < full * 85)
            || previous_length * 100 < full * 60);
        let continues = open
            && !fresh
            && blocks.last().is_some_and(|b| {
                matches!(
                    b.kind,
                    BlockKind::Paragraph | BlockKind::Item | BlockKind::Quote
                )
            });
        if continues {
            let last = blocks.last_mut().expect("checked above");
            // A word cut at the line's end by a soft hyphen is whole again.
            if last.text.ends_with('\u{AD}') {
                last.text.pop();
            } else {
                last.text.push(' ');
            }
            last.text
                .push_str(&super::escape_or_keep(content, markdown));
        } else {
            let mut block = Block::new(kind, depth, super::escape_or_keep(content, markdown));
            block.marker = marker;
            blocks.push(block);
        }
        open = kind != BlockKind::Heading;
        previous_length = line.trim().chars().count();
        previous_ended = ends_sentence(line);
    }
    for block in &mut blocks {
        block.text = clean(&block.text);
    }
    blocks.retain(|b| !b.text.is_empty());
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_paragraphs_are_joined_and_short_ends_split() {
        let text = "Exposé des motifs\n\
            Le projet de règlement intérieur ne fixe aucun délai entre le dépôt d’un vœu et sa publication sur\n\
            le site de la Ville.\n\
            Les Parisiennes et les Parisiens doivent pouvoir lire les textes soumis au vote avant la séance, et\n\
            non après.\n\
            • L’article 14 est ainsi rédigé :\n\
            Titre II — Des vœux et des amendements\n";
        let blocks = from_lines(text, false);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Exposé des motifs",
                "Le projet de règlement intérieur ne fixe aucun délai entre le dépôt d’un vœu et sa publication sur le site de la Ville.",
                "Les Parisiennes et les Parisiens doivent pouvoir lire les textes soumis au vote avant la séance, et non après.",
                "L’article 14 est ainsi rédigé :",
                "Titre II — Des vœux et des amendements",
            ]
        );
        assert_eq!(blocks[3].kind, BlockKind::Item);
    }

    #[test]
    fn numbered_requests() {
        let blocks = from_lines("1. Demande ceci ;\n2) Organise cela.\n1° Alinéa\n", false);
        let got: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Item, "Demande ceci ;"),
                (BlockKind::Item, "Organise cela."),
                (BlockKind::Paragraph, "1° Alinéa"),
            ]
        );
    }

    #[test]
    fn bullets_and_page_marks() {
        let blocks = from_lines("  • Demande ;\n     ◦ a) sous\n1/1\n- Organise.\n", false);
        assert_eq!(blocks.len(), 3);
        assert_eq!((blocks[1].kind, blocks[1].depth), (BlockKind::Item, 1));
        assert_eq!(blocks[2].text, "Organise.");
        assert_eq!(clean("a\u{A0} b\u{AD}c\n d"), "a bc d");
    }
}
