//! The texts of a motion file that are printed, where they sit in the tree, and how the
//! paragraphs of each list end: what the rules and lints on texts walk. Reading the tree
//! is `node`'s; the rules are `validate`'s.

use super::node::{Node, Path, Value};

/// How the paragraphs of a list end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// No rule (titles, names, the changes of an amendement, sub-items).
    Free,
    /// Every visa ends with `;`.
    Semicolons,
    /// Every considérant ends with `;`, the last with `;` or `.`.
    SemicolonsLastFree,
    /// Every request ends with `;`, the last with `.`.
    SemicolonsLastPeriod,
}

/// What a printed text is, for the rules that read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The authors' own prose: every lint applies.
    Prose,
    /// A text the authors quote (an article an amendement rewrites): printed as written,
    /// never linted nor fixed but for invisible characters.
    Quote,
}

/// How a field holds its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One text.
    Single,
    /// A list of texts.
    Texts,
    /// A list of items: each a text, or a table with `text`, `quote` and `items`.
    Items,
    /// A list of persons: each a name, or a table with `name` and `group`.
    Persons,
}

/// The printed texts of a motion file: path, how it holds them, how they end, and the
/// noun for messages.
const TEXTS: &[(&str, Shape, Ending, &str)] = &[
    ("title", Shape::Single, Ending::Free, "le titre"),
    ("notice", Shape::Texts, Ending::Free, "cette mention"),
    ("preamble", Shape::Single, Ending::Free, "le préambule"),
    (
        "citations_heading",
        Shape::Single,
        Ending::Free,
        "l’intitulé des visas",
    ),
    ("citations", Shape::Items, Ending::Semicolons, "ce visa"),
    (
        "motives",
        Shape::Single,
        Ending::Free,
        "l’exposé des motifs",
    ),
    (
        "motives_heading",
        Shape::Single,
        Ending::Free,
        "le titre de l’exposé des motifs",
    ),
    (
        "considerants_heading",
        Shape::Single,
        Ending::Free,
        "l’intitulé des considérants",
    ),
    (
        "considerants",
        Shape::Items,
        Ending::SemicolonsLastFree,
        "ce considérant",
    ),
    ("formula", Shape::Single, Ending::Free, "la formule"),
    (
        "request.addressee",
        Shape::Single,
        Ending::Free,
        "le destinataire",
    ),
    (
        "request.items",
        Shape::Items,
        Ending::SemicolonsLastPeriod,
        "cette demande",
    ),
    (
        "amendment.changes",
        Shape::Items,
        Ending::Free,
        "cette modification",
    ),
    ("authors.persons", Shape::Persons, Ending::Free, "ce nom"),
    ("authors.groups", Shape::Texts, Ending::Free, "ce groupe"),
    (
        "authors.members",
        Shape::Single,
        Ending::Free,
        "la formule du groupe",
    ),
    (
        "authors.mayor",
        Shape::Single,
        Ending::Free,
        "le nom du maire",
    ),
    (
        "outcome.detail",
        Shape::Single,
        Ending::Free,
        "le détail du vote",
    ),
    (
        "outcome.administrative",
        Shape::Texts,
        Ending::Free,
        "cette mention",
    ),
    (
        "outcome.decision",
        Shape::Single,
        Ending::Free,
        "la décision",
    ),
];

/// One printed text of a motion file, as found in its tree.
pub struct PrintedText<'a> {
    pub node: &'a Node,
    pub text: &'a str,
    /// Where it sits: `title`, `considerants`…
    pub field: &'static str,
    /// The last paragraph of its list (or a single text).
    pub last: bool,
    pub ending: Ending,
    pub role: Role,
    /// The noun for messages: « ce considérant ».
    pub noun: &'static str,
}

/// Every printed text of a tree, in the order of `TEXTS`, and for an item in a table,
/// its text, then its quote, then its sub-items.
pub fn printed_texts(tree: &Node) -> Vec<PrintedText<'_>> {
    let mut texts = Vec::new();
    for &(field, shape, ending, noun) in TEXTS {
        let Some(node) = tree.get(&Path::parse(field)) else {
            continue;
        };
        match (&node.value, shape) {
            (Value::String(text), Shape::Single) => texts.push(PrintedText {
                node,
                text,
                field,
                last: true,
                ending,
                role: Role::Prose,
                noun,
            }),
            (Value::Array(items), Shape::Texts | Shape::Items | Shape::Persons) => {
                let count = items.len();
                for (i, item) in items.iter().enumerate() {
                    let last = i + 1 == count;
                    match &item.value {
                        Value::String(text) => texts.push(PrintedText {
                            node: item,
                            text,
                            field,
                            last,
                            ending,
                            role: Role::Prose,
                            noun,
                        }),
                        Value::Table(_) if shape == Shape::Items => {
                            push_item(item, field, last, ending, noun, &mut texts);
                        }
                        Value::Table(_) if shape == Shape::Persons => {
                            for (key, noun) in [("name", noun), ("group", "ce groupe")] {
                                if let Some(entry) = item.entry(key)
                                    && let Value::String(text) = &entry.node.value
                                {
                                    texts.push(PrintedText {
                                        node: &entry.node,
                                        text,
                                        field,
                                        last,
                                        ending,
                                        role: Role::Prose,
                                        noun,
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    texts
}

/// The texts of an item written as a table: its text (which may end with « : » when it
/// opens a quotation or a list), its quote, its sub-items.
fn push_item<'a>(
    item: &'a Node,
    field: &'static str,
    last: bool,
    ending: Ending,
    noun: &'static str,
    texts: &mut Vec<PrintedText<'a>>,
) {
    let has_children = item.entry("quote").is_some() || item.entry("items").is_some();
    if let Some(entry) = item.entry("text")
        && let Value::String(text) = &entry.node.value
    {
        texts.push(PrintedText {
            node: &entry.node,
            text,
            field,
            last,
            ending: if has_children { Ending::Free } else { ending },
            role: Role::Prose,
            noun,
        });
    }
    if let Some(entry) = item.entry("quote")
        && let Value::String(text) = &entry.node.value
    {
        texts.push(PrintedText {
            node: &entry.node,
            text,
            field,
            last,
            ending: Ending::Free,
            role: Role::Quote,
            noun: "ce texte cité",
        });
    }
    if let Some(entry) = item.entry("items")
        && let Value::Array(subitems) = &entry.node.value
    {
        for subitem in subitems {
            if let Value::String(text) = &subitem.value {
                texts.push(PrintedText {
                    node: subitem,
                    text,
                    field,
                    last,
                    ending: Ending::Free,
                    role: Role::Prose,
                    noun: "ce sous-élément",
                });
            }
        }
    }
}
