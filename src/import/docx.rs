//! Word documents into blocks (zip + roxmltree, reading `word/document.xml` as Word
//! writes it): each paragraph with its style, list entries by their numbering level or
//! a typed bullet, headings by their style, motion's own styles (citation, sub-item,
//! continuation) by name; italic, bold and links as the format's markup; the keywords of
//! the core properties.

use super::blocks::{Block, BlockKind, Extracted, SourceMeta, clean};
use super::escape_markup;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::io::Read;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The largest part read from a document (64 MiB unpacked): a compressed bomb stops here.
const MAX_PART: u64 = 64 << 20;

/// Reads a Word document; the message says in French why it could not.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        "ce n’est pas un document Word (.docx) lisible : archive zip invalide".to_string()
    })?;
    let document =
        part(&mut archive, "word/document.xml")?.ok_or("document Word sans `word/document.xml`")?;
    let links = part(&mut archive, "word/_rels/document.xml.rels")?
        .map(|rels| relationships(&rels))
        .unwrap_or_default();
    let core = part(&mut archive, "docProps/core.xml")?.unwrap_or_default();
    let property = |name: &str| {
        Document::parse(&core)
            .ok()
            .and_then(|doc| {
                doc.descendants()
                    .find(|n| n.tag_name().name() == name)
                    .map(|n| n.text().unwrap_or_default().to_string())
            })
            .unwrap_or_default()
    };
    let keywords = property("keywords");
    let creator = property("creator");
    let xml = Document::parse(&document)
        .map_err(|e| format!("document Word illisible : XML invalide ({e})"))?;
    let mut blocks = Vec::new();
    for paragraph in xml.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        if let Some(block) = read_paragraph(paragraph, &links) {
            blocks.push(block);
        }
    }
    Ok(Extracted {
        blocks,
        meta: SourceMeta {
            keywords: keywords
                .split([',', ';'])
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            authors: creator
                .split("; ")
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
        },
    })
}

fn part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|_| format!("document Word illisible : la partie `{name}` est abîmée"))?;
    Ok(Some(text))
}

/// The targets of the document's relationships, by id.
fn relationships(rels: &str) -> HashMap<String, String> {
    let Ok(doc) = Document::parse(rels) else {
        return HashMap::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            Some((
                n.attribute("Id")?.to_string(),
                n.attribute("Target")?.to_string(),
            ))
        })
        .collect()
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.has_tag_name((W, name)))
}

fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((W, "val"))
}

/// Whether a run property is on (`<w:i/>`, `<w:i w:val="true"/>`).
fn on(properties: Option<Node>, name: &str) -> bool {
    properties
        .and_then(|p| child(p, name))
        .is_some_and(|n| !matches!(val(n), Some("0" | "false" | "off")))
}

fn read_paragraph(paragraph: Node, links: &HashMap<String, String>) -> Option<Block> {
    let properties = child(paragraph, "pPr");
    let style = properties
        .and_then(|p| child(p, "pStyle"))
        .and_then(val)
        .unwrap_or_default()
        .to_string();
    let level = properties.and_then(|p| child(p, "numPr")).map(|num| {
        child(num, "ilvl")
            .and_then(val)
            .and_then(|v| v.parse::<u8>().ok())
            .unwrap_or(0)
    });
    let mut text = String::new();
    for node in paragraph.children() {
        if node.has_tag_name((W, "r")) {
            run(node, &mut text);
        } else if node.has_tag_name((W, "hyperlink")) {
            let mut inner = String::new();
            for r in node.children().filter(|n| n.has_tag_name((W, "r"))) {
                run(r, &mut inner);
            }
            let target = node
                .attribute((R, "id"))
                .and_then(|id| links.get(id))
                .filter(|t| crate::markup::is_allowed_target(t));
            match target {
                Some(target) if !inner.trim().is_empty() && !inner.contains(['[', ']']) => {
                    text.push_str(&format!("[{}]({target})", inner.trim()));
                }
                _ => text.push_str(&inner),
            }
        } else if node.has_tag_name((W, "ins")) || node.has_tag_name((W, "smartTag")) {
            for r in node.descendants().filter(|n| n.has_tag_name((W, "r"))) {
                run(r, &mut text);
            }
        }
    }
    let text = clean(&text);
    if text.is_empty() {
        return None;
    }
    let lower = style.to_lowercase();
    let block = if lower == "motioncitation" {
        Block::new(BlockKind::Quote, 0, text)
    } else if lower == "motionsouselement" {
        Block::new(BlockKind::Item, 1, text)
    } else if lower == "motionsuite" {
        // The next paragraph of a list entry: recognised as a continuation.
        Block::new(BlockKind::Paragraph, 0, text)
    } else if let Some(level) = level {
        Block::new(BlockKind::Item, level.min(3), text)
    } else if lower.starts_with("heading")
        || lower.starts_with("titre")
        || lower == "title"
        || lower == "motionintertitre"
    {
        Block::new(BlockKind::Heading, 0, text)
    } else if lower.contains("quote") || lower.contains("citation") {
        Block::new(BlockKind::Quote, 0, text)
    } else {
        // A typed bullet ("• ", "- ") makes a list entry too.
        match super::blocks::bullet(&text) {
            Some((depth, mark, rest)) => Block::new(BlockKind::Item, depth, rest).marked(mark),
            None => Block::new(BlockKind::Paragraph, 0, text),
        }
    };
    Some(block)
}

/// The text of a run, with the format's marks for italic and bold.
fn run(node: Node, out: &mut String) {
    let properties = child(node, "rPr");
    let mut text = String::new();
    for part in node.children() {
        match part.tag_name().name() {
            "t" if part.tag_name().namespace() == Some(W) => {
                text.push_str(&escape_markup(part.text().unwrap_or_default()));
            }
            "tab" | "br" | "cr" => text.push(' '),
            "noBreakHyphen" => text.push('‑'),
            _ => {}
        }
    }
    if text.trim().is_empty() {
        out.push_str(&text);
        return;
    }
    let mark = match (on(properties, "b"), on(properties, "i")) {
        (true, _) => "**",
        (false, true) => "*",
        _ => "",
    };
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    // Two runs in a row with the same mark are one emphasis: "*a* *b*" → "*a b*".
    if !mark.is_empty() && out.ends_with(mark) && lead.is_empty() {
        out.truncate(out.len() - mark.len());
        out.push_str(text.trim_end());
        out.push_str(mark);
        out.push_str(trail);
        return;
    }
    out.push_str(lead);
    out.push_str(mark);
    out.push_str(text.trim());
    out.push_str(mark);
    out.push_str(trail);
}
