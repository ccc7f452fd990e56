//! Web pages into blocks (html5ever through scraper, as browsers parse them): paragraphs,
//! headings, list entries with their depth, blockquotes; emphasis, bold, code and links
//! written back as the format's markup. Navigation, forms, buttons, scripts and image
//! captions are not text of the motion and are skipped here; what is left of a site's
//! chrome around the text is `recognize`'s to drop.

use super::blocks::{Block, BlockKind, Extracted, SourceMeta, clean};
use super::escape_markup;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Separates the paragraphs of a list entry while it is read (a private-use character:
/// no page holds it as text, and `clean` keeps it).
const PARAGRAPH: char = '\u{E000}';

/// A `<br>` while a block is read: pages edited in a CMS often put a whole text in one
/// paragraph, a line break between its parts.
const LINE: char = '\u{E001}';

/// Elements whose content is never the motion's text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "svg",
    "iframe",
    "figcaption",
    "footer",
    "head",
    "input",
    "label",
    "dialog",
];

/// Elements that make a block of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dd",
    "dt",
    "pre",
    "address",
    "figure",
    "body",
    "ul",
    "ol",
    "table",
    "tr",
    "center",
];

/// The deepest nesting read: a real page nests a few dozen elements; html5ever's work
/// grows with the square of the depth (each new element looks through the open ones),
/// and the walk below recurses once per level.
pub const MAX_DEPTH: usize = 2_000;

/// How deep the elements that must be closed nest, counted on the tags as written (no
/// parse): a bound checked before the page is parsed.
fn written_depth(text: &str) -> usize {
    const NESTED: &[&str] = &[
        "div",
        "section",
        "article",
        "span",
        "ul",
        "ol",
        "blockquote",
        "table",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "form",
        "font",
        "b",
        "i",
        "em",
        "strong",
        "a",
        "center",
        "small",
        "big",
        "u",
        "s",
        "sup",
        "sub",
        "code",
        "q",
        "label",
        "button",
    ];
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|b| *b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| start + p);
        let name = text[start..end].to_ascii_lowercase();
        if NESTED.contains(&name.as_str()) {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        i = end;
    }
    deepest
}

/// Reads a web page; the message says in French why it could not.
pub fn read(text: &str) -> Result<Extracted, String> {
    if written_depth(text) > MAX_DEPTH {
        return Err(format!(
            "page web imbriquée sur plus de {} niveaux : ce n’est pas une page de texte",
            crate::diag::french_number(MAX_DEPTH)
        ));
    }
    Ok(read_page(text))
}

fn read_page(text: &str) -> Extracted {
    let html = Html::parse_document(text);
    let mut walker = Walker::default();
    walker.walk(html.tree.root(), &Context::default());
    walker.flush();
    let mut meta = SourceMeta::default();
    if let Ok(selector) = scraper::Selector::parse("meta[name=keywords]")
        && let Some(keywords) = html
            .select(&selector)
            .next()
            .and_then(|m| m.value().attr("content"))
    {
        meta.keywords = keywords
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
    }
    if let Ok(selector) = scraper::Selector::parse("meta[name=author]")
        && let Some(authors) = html
            .select(&selector)
            .next()
            .and_then(|m| m.value().attr("content"))
    {
        meta.authors = authors
            .split(", ")
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
    }
    Extracted {
        blocks: walker.blocks,
        meta,
    }
}

#[derive(Clone, Default)]
struct Context {
    /// How many lists the node is in.
    lists: u8,
    /// Inside a blockquote.
    quote: bool,
    /// Inside a list entry: its paragraphs join its block.
    item: bool,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    /// The text of the block being read, and what it is.
    current: String,
    kind: Option<(BlockKind, u8)>,
}

impl Walker {
    fn flush(&mut self) {
        let (kind, depth) = self.kind.take().unwrap_or((BlockKind::Paragraph, 0));
        // A line break before what opens a part of a motion ("Considérant", "Vu", a
        // bullet…) splits the block there; elsewhere it is a space.
        let mut pieces: Vec<String> = vec![String::new()];
        for line in std::mem::take(&mut self.current).split(LINE) {
            let opens = super::blocks::starts_block(line.trim_start())
                || super::blocks::bullet(line.trim_start()).is_some();
            if opens && !clean(pieces.last().expect("one at least")).is_empty() {
                pieces.push(line.to_string());
            } else {
                let last = pieces.last_mut().expect("one at least");
                last.push(' ');
                last.push_str(line);
            }
        }
        for (i, piece) in pieces.iter().enumerate() {
            // The paragraphs of a list entry were kept apart by `PARAGRAPH`.
            let text = piece
                .split(PARAGRAPH)
                .map(clean)
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            if text.is_empty() {
                continue;
            }
            let block = match super::blocks::bullet(&text) {
                Some((_, mark, rest)) if i > 0 => {
                    Block::new(BlockKind::Item, 0, rest.to_string()).marked(mark)
                }
                _ => Block::new(kind, depth, text),
            };
            self.blocks.push(block);
        }
    }

    fn walk(&mut self, node: NodeRef<Node>, context: &Context) {
        match node.value() {
            Node::Text(text) => self.current.push_str(&escape_markup(&text.text)),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name)
                    || element.attr("hidden").is_some()
                    || element.attr("aria-hidden") == Some("true")
                    || element
                        .attr("role")
                        .is_some_and(|r| matches!(r, "navigation" | "banner" | "contentinfo"))
                {
                    return;
                }
                match name {
                    "br" => self.current.push(LINE),
                    "em" | "i" => self.inline(node, context, "*"),
                    "strong" | "b" => self.inline(node, context, "**"),
                    "code" | "kbd" => {
                        let text: String = text_of(node);
                        if !text.trim().is_empty() && !text.contains('`') {
                            self.current.push('`');
                            self.current.push_str(&text);
                            self.current.push('`');
                        } else {
                            self.current.push_str(&escape_markup(&text));
                        }
                    }
                    "a" => {
                        let href = element.attr("href").unwrap_or_default();
                        let text = text_of(node);
                        if crate::markup::is_allowed_target(href) && !text.trim().is_empty() {
                            self.current.push('[');
                            self.current.push_str(&escape_markup(text.trim()));
                            self.current.push_str("](");
                            self.current.push_str(href);
                            self.current.push(')');
                        } else {
                            self.children(node, context);
                        }
                    }
                    "img" => {}
                    _ if BLOCKS.contains(&name) => self.block(node, name, context),
                    _ => self.children(node, context),
                }
            }
            _ => self.children(node, context),
        }
    }

    fn inline(&mut self, node: NodeRef<Node>, context: &Context, mark: &str) {
        let before = self.current.len();
        self.children(node, context);
        let inner = self.current[before..].to_string();
        let trimmed = inner.trim();
        if trimmed.is_empty() || trimmed.contains('*') {
            return;
        }
        // The marks go around the words, the spaces outside them.
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        let wrapped = format!("{lead}{mark}{trimmed}{mark}{trail}");
        self.current.truncate(before);
        self.current.push_str(&wrapped);
    }

    fn children(&mut self, node: NodeRef<Node>, context: &Context) {
        for child in node.children() {
            self.walk(child, context);
        }
    }

    fn block(&mut self, node: NodeRef<Node>, name: &str, context: &Context) {
        let mut inner = context.clone();
        match name {
            "ul" | "ol" => {
                self.flush();
                inner.lists = context.lists.saturating_add(1);
                inner.item = false;
                self.children(node, &inner);
                self.flush();
            }
            "li" => {
                self.flush();
                inner.item = true;
                self.kind = Some((BlockKind::Item, context.lists.saturating_sub(1)));
                self.children(node, &inner);
                self.flush();
            }
            "blockquote" => {
                self.flush();
                inner.quote = true;
                inner.item = false;
                self.children(node, &inner);
                self.flush();
            }
            "p" if context.item => {
                // The paragraphs of a list entry stay in its block, a blank line apart;
                // a quote or a nested list inside it makes blocks of its own.
                if self.kind.is_none() {
                    self.kind = Some((BlockKind::Item, context.lists.saturating_sub(1)));
                }
                self.current.push(PARAGRAPH);
                self.children(node, &inner);
            }
            _ => {
                self.flush();
                let kind = if name.starts_with('h') && name.len() == 2 {
                    BlockKind::Heading
                } else if context.quote {
                    BlockKind::Quote
                } else {
                    BlockKind::Paragraph
                };
                self.kind = Some((kind, 0));
                inner.item = false;
                self.children(node, &inner);
                self.flush();
            }
        }
    }
}

/// The text of a node and its descendants.
fn text_of(node: NodeRef<Node>) -> String {
    node.descendants()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_a_page() {
        let page = r#"<html><head><title>x</title><meta name="keywords" content="P300, climat"></head>
        <body><nav><a href="/">retour</a></nav>
        <h1>Vœu relatif aux <em>fontaines</em></h1>
        <p>Considérant que 2 * 3 ;</p>
        <ul><li><p>Demande :</p><ul><li>a) un ;</li></ul></li><li>Organise [x].</li></ul>
        <blockquote><p>Art. 1</p><p>1° deux</p></blockquote>
        <figure><img src="x.png"><figcaption>Sans titre (1)</figcaption></figure>
        <footer>Nous contacter</footer></body></html>"#;
        let read = read(page).unwrap();
        let got: Vec<(BlockKind, u8, &str)> = read
            .blocks
            .iter()
            .map(|b| (b.kind, b.depth, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Heading, 0, "Vœu relatif aux *fontaines*"),
                (BlockKind::Paragraph, 0, "Considérant que 2 \\* 3 ;"),
                (BlockKind::Item, 0, "Demande :"),
                (BlockKind::Item, 1, "a) un ;"),
                (BlockKind::Item, 0, "Organise \\[x]."),
                (BlockKind::Quote, 0, "Art. 1"),
                (BlockKind::Quote, 0, "1° deux"),
            ]
        );
        assert_eq!(read.meta.keywords, ["P300", "climat"]);
        let cms = super::read(
            "<p>Vœu relatif aux bancs<br>Déposé par Ana LIN<br>Considérant que x,<br>y ;<br>• Demande z.</p>",
        )
        .unwrap();
        let texts: Vec<&str> = cms.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Vœu relatif aux bancs",
                "Déposé par Ana LIN",
                "Considérant que x, y ;",
                "Demande z."
            ]
        );
        assert_eq!(cms.blocks[3].kind, BlockKind::Item);
        let deep = format!("{}x{}", "<div>".repeat(3000), "</div>".repeat(3000));
        assert!(super::read(&deep).is_err());
        let wide = "<div>x</div>".repeat(10_000);
        assert!(super::read(&wide).is_ok());
    }
}
