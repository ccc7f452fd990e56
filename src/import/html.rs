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
/// grows with the square of the depth (each new element looks through the open ones).
/// The walk below is iterative: depth costs it no stack.
pub const MAX_DEPTH: usize = 2_000;

/// Elements without an end tag: they never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements whose end tag may be left out: the next one of a kind closes them (a `<p>`
/// or `<li>` left open does not make the page deeper).
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "rt", "rp", "rb", "rtc", "optgroup", "option", "colgroup", "caption",
    "thead", "tbody", "tfoot", "tr", "td", "th", "html", "head", "body",
];

/// How deep the elements nest, counted on the tags as written (no parse): a bound checked
/// before the page is parsed. Every element counts, whatever its name (`<x>`, `<abbr>`,
/// `<details>` nest as `<div>` does), but those that cannot nest (void, or closed by the
/// next of their kind) and those inside `<svg>` or `<math>` (where `<path/>` closes
/// itself). An element left open counts as nested, as the parser nests it.
fn written_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // Inside `<svg>` or `<math>`: how many of them are open.
    let mut foreign = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|b| *b == b'<') {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_')))
            .map_or(bytes.len(), |p| start + p);
        i = end;
        // `<!-- -->`, `<!DOCTYPE>`, `<?xml?>`, a lone `<`: no element.
        if end == start || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        let name = name.as_str();
        if name == "svg" || name == "math" {
            if closing {
                foreign = foreign.saturating_sub(1);
            } else {
                foreign += 1;
            }
        } else if foreign > 0 {
            continue;
        }
        if VOID.contains(&name) || OPTIONAL_END.contains(&name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
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

    /// Reads the blocks under `root`, one node at a time from a stack of its own (a page
    /// nested thousands deep costs no call stack).
    fn walk(&mut self, root: NodeRef<'_, Node>, context: &Context) {
        let mut stack = vec![Task::Visit(root, context.clone())];
        while let Some(task) = stack.pop() {
            match task {
                Task::Visit(node, context) => self.visit(node, context, &mut stack),
                Task::Emphasis { before, mark } => self.close_inline(before, mark),
                Task::Flush => self.flush(),
            }
        }
    }

    /// What a node does on entering it; its children, and what is done after them, go on
    /// `stack` (the last pushed runs first).
    fn visit<'a>(&mut self, node: NodeRef<'a, Node>, context: Context, stack: &mut Vec<Task<'a>>) {
        let children = |context: &Context, stack: &mut Vec<Task<'a>>| {
            let children: Vec<_> = node.children().collect();
            stack.extend(
                children
                    .into_iter()
                    .rev()
                    .map(|child| Task::Visit(child, context.clone())),
            );
        };
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
                    "em" | "i" | "strong" | "b" => {
                        let mark = if matches!(name, "em" | "i") {
                            "*"
                        } else {
                            "**"
                        };
                        stack.push(Task::Emphasis {
                            before: self.current.len(),
                            mark,
                        });
                        children(&context, stack);
                    }
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
                            children(&context, stack);
                        }
                    }
                    "img" => {}
                    _ if BLOCKS.contains(&name) => {
                        let (inner, flush_after) = self.open_block(name, &context);
                        if flush_after {
                            stack.push(Task::Flush);
                        }
                        children(&inner, stack);
                    }
                    _ => children(&context, stack),
                }
            }
            _ => children(&context, stack),
        }
    }

    /// Ends an emphasis opened at `before` in the current text: the marks go around the
    /// words, the spaces outside them.
    fn close_inline(&mut self, before: usize, mark: &str) {
        let inner = self.current[before..].to_string();
        let trimmed = inner.trim();
        if trimmed.is_empty() || trimmed.contains('*') {
            return;
        }
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        let wrapped = format!("{lead}{mark}{trimmed}{mark}{trail}");
        self.current.truncate(before);
        self.current.push_str(&wrapped);
    }

    /// Enters a block element: the context of its children, and whether the block ends
    /// (is flushed) after them.
    fn open_block(&mut self, name: &str, context: &Context) -> (Context, bool) {
        let mut inner = context.clone();
        match name {
            "ul" | "ol" => {
                self.flush();
                inner.lists = context.lists.saturating_add(1);
                inner.item = false;
                (inner, true)
            }
            "li" => {
                self.flush();
                inner.item = true;
                self.kind = Some((BlockKind::Item, context.lists.saturating_sub(1)));
                (inner, true)
            }
            "blockquote" => {
                self.flush();
                inner.quote = true;
                inner.item = false;
                (inner, true)
            }
            "p" if context.item => {
                // The paragraphs of a list entry stay in its block, a blank line apart;
                // a quote or a nested list inside it makes blocks of its own.
                if self.kind.is_none() {
                    self.kind = Some((BlockKind::Item, context.lists.saturating_sub(1)));
                }
                self.current.push(PARAGRAPH);
                (inner, false)
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
                (inner, true)
            }
        }
    }
}

/// A step of the walk: a node to visit, or what ends an element once its children are
/// read.
enum Task<'a> {
    Visit(NodeRef<'a, Node>, Context),
    /// An emphasis opened at this length of the current text.
    Emphasis {
        before: usize,
        mark: &'static str,
    },
    /// A block ends.
    Flush,
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
        // Any element nests: those no list names too.
        for tag in ["x", "abbr", "tt", "mark", "dl", "details", "o:p"] {
            let deep = format!("{}x", format!("<{tag}>").repeat(3000));
            assert!(super::read(&deep).is_err(), "{tag}");
        }
        // Elements that cannot nest do not count: 3,000 paragraphs left open, line
        // breaks, list entries, table cells, and an SVG's shapes.
        let flat = format!(
            "{}{}<table>{}</table><svg>{}</svg>",
            "<p>x".repeat(3000),
            "<br>".repeat(3000),
            "<tr><td>x".repeat(3000),
            "<path d=\"M0 0\"/>".repeat(3000)
        );
        assert_eq!(written_depth(&flat), 1);
        assert!(super::read(&flat).is_ok());
        let wide = "<div>x</div>".repeat(10_000);
        assert!(super::read(&wide).is_ok());
    }
}
