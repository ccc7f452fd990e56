//! The texts of a motion file that are printed, where they sit in the tree, and how the
//! paragraphs of each list end: what the rules and lints on texts walk. Reading the tree
//! is `node`'s; the rules are `validate`'s.

use super::node::{Node, Path, Value};

/// How the paragraphs of a list end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// No rule (titles, names, the changes of an amendement).
    Free,
    /// Every visa ends with `;`.
    Semicolons,
    /// Every considérant ends with `;`, the last with `;` or `.`.
    SemicolonsLastFree,
    /// Every request ends with `;`, the last with `.`.
    SemicolonsLastPeriod,
}

/// The printed texts of a motion file: path, whether it is a list, how it ends, and the
/// noun for messages.
const TEXTS: &[(&str, bool, Ending, &str)] = &[
    ("title", false, Ending::Free, "le titre"),
    ("citations", true, Ending::Semicolons, "ce visa"),
    (
        "considerants",
        true,
        Ending::SemicolonsLastFree,
        "ce considérant",
    ),
    ("request.addressee", false, Ending::Free, "le destinataire"),
    (
        "request.items",
        true,
        Ending::SemicolonsLastPeriod,
        "cette demande",
    ),
    (
        "amendment.changes",
        true,
        Ending::Free,
        "cette modification",
    ),
    ("authors.persons", true, Ending::Free, "ce nom"),
    ("authors.groups", true, Ending::Free, "ce groupe"),
    (
        "authors.members",
        false,
        Ending::Free,
        "la formule du groupe",
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
    /// The noun for messages: « ce considérant ».
    pub noun: &'static str,
}

/// Every printed text of a tree, in the order of `TEXTS`.
pub fn printed_texts(tree: &Node) -> Vec<PrintedText<'_>> {
    let mut texts = Vec::new();
    for &(field, is_list, ending, noun) in TEXTS {
        let Some(node) = tree.get(&Path::parse(field)) else {
            continue;
        };
        let items: Vec<&Node> = match (&node.value, is_list) {
            (Value::Array(items), true) => items.iter().collect(),
            (Value::String(_), false) => vec![node],
            _ => continue,
        };
        let count = items.len();
        for (i, item) in items.into_iter().enumerate() {
            if let Value::String(text) = &item.value {
                texts.push(PrintedText {
                    node: item,
                    text,
                    field,
                    last: i + 1 == count,
                    ending,
                    noun,
                });
            }
        }
    }
    texts
}
