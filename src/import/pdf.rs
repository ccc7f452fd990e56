//! The text layer of a PDF into blocks (pdf-extract, over lopdf): each glyph with its
//! place and size gathered into lines, lines into paragraphs by the space between them
//! (a gap wider than the text's own line spacing starts a paragraph), list entries by
//! their bullet, quoted lines by their indent and smaller size. A PDF without a text
//! layer (a scan) gives no text; reading words from images is not done.

use super::blocks::{BULLETS, Block, BlockKind, Extracted, SourceMeta, clean, starts_block};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// A line of text as laid out on its page.
#[derive(Debug, Clone)]
struct Line {
    page: u32,
    text: String,
    /// Each glyph's text, whether a gap separates it from the previous one, and where
    /// it is placed.
    pieces: Vec<(String, bool, f64)>,
    /// Where the line ends, when the text layer gives glyph widths (0 otherwise).
    x1: f64,
    /// The line ends with a hyphen that the layout added (a word cut in two).
    cut: bool,
    x0: f64,
    /// The baseline, from the top of the page.
    y: f64,
    size: f64,
}

#[derive(Default)]
struct Collector {
    page: u32,
    height: f64,
    lines: Vec<Line>,
    last_end: f64,
    /// The last glyph was a superscript.
    raised: bool,
    /// Glyphs, and those that are spaces: a PDF that writes its spaces as glyphs (typst,
    /// Word) places its words by runs, and a gap there is no space.
    chars: usize,
    spaces: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = page_num;
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let x = trm.m31;
        let y = self.height - trm.m32;
        let scale_x = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let scale_y = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = (font_size * font_size * scale_x * scale_y).sqrt();
        self.chars += 1;
        if char.chars().all(char::is_whitespace) {
            self.spaces += 1;
        }
        let same_line = self.lines.last().is_some_and(|l| {
            // A superscript is raised by a third of the line's size: the line's size,
            // not its own, says whether it is on the line.
            l.page == self.page
                && (y - l.y).abs() < size.max(l.size) * 0.5
                && x >= self.last_end - size.max(l.size)
        });
        if same_line {
            let line = self.lines.last_mut().expect("checked");
            // A superscript ("4e", "1er") is smaller and raised: it follows its number
            // without a space. No space goes before a comma or a full stop either.
            let raised = size < line.size * 0.85 && y < line.y - size * 0.1;
            let glued = raised || self.raised || char.starts_with([',', '.', ')', '\u{AD}']);
            let gap = x > self.last_end + size * 0.12 && !glued;
            self.raised = raised;
            line.pieces.push((char.to_string(), gap, x));
            if !raised {
                line.size = line.size.max(size);
            }
        } else {
            self.raised = false;
            self.lines.push(Line {
                page: self.page,
                text: String::new(),
                cut: false,
                pieces: vec![(char.to_string(), false, x)],
                x0: x,
                x1: 0.0,
                y,
                size,
            });
        }
        self.last_end = x + width * size;
        if width > 0.0
            && let Some(line) = self.lines.last_mut()
        {
            line.x1 = line.x1.max(self.last_end);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Reads the text layer of a PDF; the message says in French why it could not.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let (lines, meta, by_runs) = lines(bytes)?;
    Ok(Extracted {
        blocks: blocks(lines, by_runs),
        meta,
    })
}

/// The text layer as plain lines, the way `pdftotext` writes it: one line of text per
/// line of the page, a word cut by the layout ending its line with a soft hyphen.
pub fn text_lines(bytes: &[u8]) -> Result<String, String> {
    let (lines, _, _) = lines(bytes)?;
    let spacing = line_spacing(&lines);
    let mut out = String::new();
    let mut previous: Option<&Line> = None;
    for line in &lines {
        // pdftotext starts a page with a form feed, and puts a blank line where the
        // flow of text changes: a paragraph gap where the left edge moves too (a centred
        // line, an indented quote).
        if let Some(p) = previous {
            if line.page != p.page {
                out.push('\u{C}');
            } else if (line.y - p.y) / line.size.max(1.0) > spacing * 1.15
                && (line.x0 - p.x0).abs() > 1.0
            {
                out.push('\n');
            }
        }
        previous = Some(line);
        out.push_str(line.text.trim());
        if line.cut {
            out.push('\u{AD}');
        }
        out.push('\n');
    }
    Ok(out)
}

/// The lines of a PDF's text layer, its metadata, and whether it places glyphs by runs.
fn lines(bytes: &[u8]) -> Result<(Vec<Line>, SourceMeta, bool), String> {
    let document = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| format!("PDF illisible : {}", french_pdf_error(&e.to_string())))?;
    if document.is_encrypted() {
        return Err("PDF chiffré : son texte ne peut pas être lu".into());
    }
    let keywords = info_list(&document, b"Keywords", &[',', ';']);
    let authors = info_list(&document, b"Author", &[',']);
    let mut collector = Collector::default();
    // pdf-extract panics on some malformed PDFs: the panic is contained here and
    // reported as an unreadable file (the hook stays quiet for it).
    let result = super::contained(|| pdf_extract::output_doc(&document, &mut collector));
    match result {
        Some(Ok(())) => {}
        Some(Err(e)) => {
            return Err(format!(
                "PDF illisible : {}",
                french_pdf_error(&e.to_string())
            ));
        }
        None => return Err("PDF illisible : sa structure n’a pas pu être lue".into()),
    }
    if collector
        .lines
        .iter()
        .all(|l| l.pieces.iter().all(|(p, _, _)| p.trim().is_empty()))
    {
        return Err(
            "PDF sans texte (une image numérisée ?) : rien à importer ; il faudrait d’abord le passer en reconnaissance de caractères"
                .into(),
        );
    }
    // Spaces from gaps only for a PDF that does not write them.
    let gaps_are_spaces = collector.spaces * 30 < collector.chars;
    // A PDF placed by runs (typst: glyphs of a run share the run's place in the text
    // layer) shows a hyphen the layout added as a run of its own at the line's end.
    let pairs = collector
        .lines
        .iter()
        .flat_map(|l| l.pieces.windows(2))
        .count()
        .max(1);
    let shared = collector
        .lines
        .iter()
        .flat_map(|l| l.pieces.windows(2))
        .filter(|w| (w[0].2 - w[1].2).abs() < 0.01)
        .count();
    let by_runs = shared * 2 > pairs;
    let mut lines = collector.lines;
    for line in &mut lines {
        let pieces = std::mem::take(&mut line.pieces);
        if by_runs
            && let [.., before, last] = pieces.as_slice()
            && matches!(last.0.as_str(), "-" | "\u{AD}" | "‐")
            && (last.2 - before.2).abs() > 0.01
            && before.0.chars().all(char::is_alphabetic)
        {
            line.cut = true;
        }
        let count = pieces.len();
        for (i, (piece, gap, _)) in pieces.into_iter().enumerate() {
            if line.cut && i + 1 == count {
                break;
            }
            if gap && gaps_are_spaces && !line.text.ends_with(' ') {
                line.text.push(' ');
            }
            // A hyphen printed inside a line is a hyphen, even when the font maps its
            // glyph to a soft hyphen (typst does when the same glyph also ends a line cut
            // by hyphenation): "17-09-2019", not "17\u{ad}09\u{ad}2019".
            if piece == "\u{AD}" && i + 1 < count {
                line.text.push('-');
                continue;
            }
            line.text.push_str(&piece);
        }
    }
    Ok((lines, SourceMeta { keywords, authors }, by_runs))
}

fn french_pdf_error(message: &str) -> String {
    format!("structure invalide ({message})")
}

/// A list of the document information dictionary (keywords, authors).
fn info_list(document: &pdf_extract::Document, key: &[u8], separators: &[char]) -> Vec<String> {
    let Ok(info) = document
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|r| document.get_dictionary(r))
    else {
        return Vec::new();
    };
    let Ok(value) = info.get(key) else {
        return Vec::new();
    };
    let Ok(bytes) = value.as_str() else {
        return Vec::new();
    };
    let text = if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    };
    text.split(separators)
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

/// The most common value, rounded to a tenth.
fn mode(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for v in values {
        *counts.entry((v * 10.0).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(v, n)| (*n, -*v))
        .map(|(v, _)| v as f64 / 10.0)
}

/// The text's line spacing, as a multiple of the size: the most common gap between two
/// lines of a paragraph.
fn line_spacing(lines: &[Line]) -> f64 {
    mode(
        lines
            .windows(2)
            .filter(|w| w[0].page == w[1].page && w[1].y > w[0].y)
            .map(|w| (w[1].y - w[0].y) / w[1].size.max(1.0)),
    )
    .unwrap_or(1.3)
}

/// Words a French compound starts with, before its hyphen: a line that ends with one of
/// them and a hyphen was cut at the compound's own hyphen.
const COMPOUND_HEADS: &[&str] = &[
    "sous",
    "sur",
    "non",
    "anti",
    "contre",
    "demi",
    "semi",
    "mi",
    "multi",
    "peut",
    "vis",
    "rez",
    "arc",
    "saint",
    "sainte",
    "grand",
    "grande",
    "après",
    "avant",
    "ex",
    "extra",
    "inter",
    "néo",
    "post",
    "pré",
    "quasi",
    "ultra",
    "vice",
    "auto",
    "arrière",
    "belle",
    "beau",
    "chef",
    "garde",
    "haut",
    "bas",
    "porte",
    "c’est",
    "est",
    "ouest",
    "nord",
    "sud",
    "moyen",
    "long",
    "court",
    "petit",
    "petite",
    "tout",
    "toute",
    "celui",
    "celle",
    "ceux",
    "vous",
    "nous",
    "elle",
    "eux",
    "lui",
    "moi",
    "toi",
    "soi",
    "dix",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "quatre",
    "franco",
    "euro",
    "île",
    "ile",
    "là",
];

/// Lines into blocks; `by_runs`: the PDF places glyphs by runs (a hyphen the layout
/// added is known from the one a word has).
fn blocks(lines: Vec<Line>, by_runs: bool) -> Vec<Block> {
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|mut l| {
            l.text = l.text.trim().to_string();
            l
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    let body = mode(lines.iter().map(|l| l.size)).unwrap_or(11.0);
    let left = lines
        .iter()
        .filter(|l| (l.size - body).abs() < 0.3)
        .map(|l| l.x0)
        .fold(f64::INFINITY, f64::min);
    let spacing = line_spacing(&lines);
    // Where full lines end, when the text layer gives glyph widths (Word, LibreOffice):
    // a line that ends a sentence well before it ends its paragraph.
    let right = lines.iter().map(|l| l.x1).fold(0.0, f64::max);
    let short = |l: &Line| right > 0.0 && l.x1 > 0.0 && l.x1 < right - (right - left) * 0.1;
    // A bullet further right than the leftmost bullet marks a sub-item.
    let bullets_left = lines
        .iter()
        .filter(|l| {
            l.text
                .chars()
                .next()
                .is_some_and(|c| super::blocks::is_round_bullet(c) || BULLETS.contains(&c))
        })
        .map(|l| l.x0)
        .fold(f64::INFINITY, f64::min);
    let mut out: Vec<Block> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in &lines {
        if super::blocks::is_page_mark(&line.text) {
            continue;
        }
        let first = line.text.chars().next().unwrap_or(' ');
        // "•" never starts a word: it is a bullet even glued to the text (a PDF may place
        // the text by its own run, without a space glyph).
        let after = &line.text[first.len_utf8()..];
        let bulleted = BULLETS.contains(&first)
            && (after.starts_with([' ', '\u{A0}'])
                || super::blocks::is_round_bullet(first) && !after.is_empty());
        let indented = line.x0 > left + body * 1.5;
        let kind = if bulleted {
            let depth = u8::from(line.x0 > bullets_left + body);
            (BlockKind::Item, depth)
        } else if line.size < body * 0.99 && indented {
            (BlockKind::Quote, 0)
        } else if line.size > body * 1.2 {
            (BlockKind::Heading, 0)
        } else {
            (BlockKind::Paragraph, 0)
        };
        let new_block = match previous {
            None => true,
            Some(p) => {
                // Glyph widths are often missing from the text layer: where a line
                // ends is not known, only where it starts and its baseline.
                let gap = (line.y - p.y) / line.size.max(1.0);
                let ended = p.text.ends_with(['.', ';', ':', '!', '?', '…', '»', ')']);
                bulleted
                    || starts_block(&line.text)
                    || (p.page == line.page && (gap > spacing * 1.15 || gap < 0.0))
                    || (p.page != line.page && ended)
                    || (ended && short(p))
                    // A short line of its own (a heading: "Exposé des motifs").
                    || (short(p) && line.text.starts_with(char::is_uppercase))
                    || (line.size - p.size).abs() > 0.3
                    || (kind.0 == BlockKind::Quote)
                        != (out.last().is_some_and(|b| b.kind == BlockKind::Quote))
                    || (ended && (line.x0 - p.x0).abs() > 1.0)
            }
        };
        let text = match bulleted {
            true => line.text[first.len_utf8()..].trim_start().to_string(),
            false => line.text.clone(),
        };
        let text = super::escape_markup(&text);
        if new_block || out.is_empty() {
            let mut block = Block::new(kind.0, kind.1, text);
            if bulleted {
                block.marker = Some(first);
            }
            out.push(block);
        } else {
            let last = out.last_mut().expect("checked");
            let cut = previous.is_some_and(|p| p.cut);
            if last.text.ends_with('\u{AD}') {
                last.text.pop();
            } else if last.text.ends_with('-')
                && last.text[..last.text.len() - 1].ends_with(|c: char| c.is_ascii_digit())
                && text.starts_with(|c: char| c.is_ascii_digit())
            {
                // A range of numbers cut at its hyphen ("2026-" / "2030") keeps it.
            } else if last.text.ends_with('-')
                && last.text[..last.text.len() - 1].ends_with(char::is_alphabetic)
                && !cut
            {
                // A line ending with a hyphen: a compound cut at its hyphen
                // ("Nation-" / "Alexandre-Dumas", "sous-" / "utilisés") keeps it; a word
                // the layout cut ("amé-" / "nagement") is whole again.
                let word: String = last
                    .text
                    .trim_end_matches('-')
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                let compound = text.starts_with(char::is_uppercase)
                    || by_runs
                    || COMPOUND_HEADS.contains(&word.as_str());
                if !compound {
                    last.text.pop();
                }
            } else if !cut {
                last.text.push(' ');
            }
            last.text.push_str(&text);
        }
        previous = Some(line);
    }
    for block in &mut out {
        block.text = clean(&block.text);
    }
    out.retain(|b| !b.text.is_empty());
    out
}
