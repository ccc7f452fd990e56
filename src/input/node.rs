//! A parsed TOML document as a tree whose every key and value remembers where it comes
//! from (file and byte span), so that folder defaults can be merged into a motion and a
//! diagnostic about an inherited value still points at the defaults file.

use crate::source::{Origin, SourceFile};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// A TOML value with its origin.
#[derive(Debug, Clone)]
pub struct Node {
    pub origin: Origin,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    String(String),
    /// An integer as written; `None` when it does not fit in 64 bits.
    Integer(Option<i64>),
    Float(f64),
    Boolean(bool),
    /// A TOML date or date-time, with the parts it has.
    Datetime(toml::value::Datetime),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// One `key = value` of a table, in the order of the file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_origin: Origin,
    pub node: Node,
}

/// One step of a path into the tree: `request`, `items`, `[2]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path from the root of a document, shown to users as `request.items[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(pub Vec<Step>);

impl Path {
    pub fn child_key(&self, key: &str) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        Path(steps)
    }

    pub fn child_index(&self, index: usize) -> Path {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Path(steps)
    }

    /// Parses the dotted form used in code: `session.dates[1]`.
    pub fn parse(text: &str) -> Path {
        let mut steps = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                steps.push(Step::Key(rest[..open].to_string()));
                rest = &rest[open..];
                while let Some(close) = rest.find(']') {
                    if let Ok(index) = rest[1..close].parse() {
                        steps.push(Step::Index(index));
                    }
                    rest = &rest[close + 1..];
                }
            } else {
                steps.push(Step::Key(rest.to_string()));
            }
        }
        Path(steps)
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => write!(f, "{key}")?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Node {
    /// Builds the tree of a parsed document.
    pub fn from_document(file: &Arc<SourceFile>, table: &toml::Spanned<DeTable<'_>>) -> Node {
        Node {
            origin: Origin::new(file, table.span()),
            value: Value::Table(entries(file, table.get_ref())),
        }
    }

    fn from_de(file: &Arc<SourceFile>, value: &toml::Spanned<DeValue<'_>>) -> Node {
        let converted = match value.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => Value::Integer(i64::from_str_radix(i.as_str(), i.radix()).ok()),
            DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
            DeValue::Boolean(b) => Value::Boolean(*b),
            DeValue::Datetime(d) => Value::Datetime(*d),
            DeValue::Array(items) => {
                Value::Array(items.iter().map(|item| Node::from_de(file, item)).collect())
            }
            DeValue::Table(table) => Value::Table(entries(file, table)),
        };
        Node {
            origin: Origin::new(file, value.span()),
            value: converted,
        }
    }

    /// For a string value, the place in the file of a byte range of the string (through
    /// quotes and escapes). `None` for other values or literals that cannot be mapped.
    pub fn origin_within(&self, range: std::ops::Range<usize>) -> Option<Origin> {
        let Value::String(value) = &self.value else {
            return None;
        };
        let literal = self.origin.file.text.get(self.origin.span.clone())?;
        let map = super::literal::offsets(literal, value)?;
        let base = self.origin.span.start;
        let span = base + *map.get(range.start)?..base + *map.get(range.end)?;
        Some(Origin::new(&self.origin.file, span))
    }

    pub fn as_table(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Table(entries) => Some(entries),
            _ => None,
        }
    }

    /// True for a table with no key at all (an empty document).
    pub fn is_empty_table(&self) -> bool {
        matches!(&self.value, Value::Table(entries) if entries.is_empty())
    }

    /// The entry of a table for a key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_table()?.iter().find(|e| e.key == key)
    }

    /// The node at a path, if present.
    pub fn get(&self, path: &Path) -> Option<&Node> {
        let mut node = self;
        for step in &path.0 {
            node = match (step, &node.value) {
                (Step::Key(key), Value::Table(_)) => &node.entry(key)?.node,
                (Step::Index(i), Value::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Where a diagnostic about `path` should point: the value when present, else the
    /// header of the nearest table that exists (a missing key belongs to its table).
    pub fn locate(&self, path: &Path) -> Origin {
        let mut node = self;
        let mut origin = Origin::new(&self.origin.file, 0..0);
        for step in &path.0 {
            let next = match (step, &node.value) {
                (Step::Key(key), Value::Table(_)) => node.entry(key).map(|e| {
                    origin = e.key_origin.clone();
                    &e.node
                }),
                (Step::Index(i), Value::Array(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => return origin,
            }
        }
        node.origin.clone()
    }

    /// Where the key of `path` is written (falls back to `locate`).
    pub fn locate_key(&self, path: &Path) -> Origin {
        if let Some((Step::Key(key), parent)) = path.0.split_last()
            && let Some(entry) = self.get(&Path(parent.to_vec())).and_then(|p| p.entry(key))
        {
            return entry.key_origin.clone();
        }
        self.locate(path)
    }

    /// Removes the nodes at `paths` (values that failed the shape check, so that later
    /// rules do not trip over them). Each table or array is walked once, however many of
    /// its entries go: a file with 100,000 unknown keys loses them in one pass.
    pub fn remove_all(&mut self, paths: &[Path]) {
        let mut by_parent: std::collections::BTreeMap<&[Step], std::collections::HashSet<&Step>> =
            std::collections::BTreeMap::new();
        for path in paths {
            if let Some((last, parent)) = path.0.split_last() {
                by_parent.entry(parent).or_default().insert(last);
            }
        }
        // The deepest parents first: removing items of an array moves the indices that
        // deeper paths go through.
        let mut parents: Vec<_> = by_parent.into_iter().collect();
        parents.sort_by_key(|(parent, _)| std::cmp::Reverse(parent.len()));
        for (parent, gone) in parents {
            let Some(node) = self.get_mut(parent) else {
                continue;
            };
            match &mut node.value {
                Value::Table(entries) => {
                    entries.retain(|e| !gone.contains(&Step::Key(e.key.clone())));
                }
                Value::Array(items) => {
                    let mut i = 0;
                    items.retain(|_| {
                        i += 1;
                        !gone.contains(&Step::Index(i - 1))
                    });
                }
                _ => {}
            }
        }
    }

    /// The node at a path, to change it.
    fn get_mut(&mut self, path: &[Step]) -> Option<&mut Node> {
        let mut node = self;
        for step in path {
            node = match (step, &mut node.value) {
                (Step::Key(key), Value::Table(entries)) => entries
                    .iter_mut()
                    .find(|e| &e.key == key)
                    .map(|e| &mut e.node)?,
                (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Lays `self` (nearer: a motion, or a deeper defaults file) over `base` (farther):
    /// tables merge key by key, recursively; any other value of `self` replaces the one of
    /// `base`. Arrays are replaced whole, not concatenated: a motion that lists its own
    /// tags means those tags.
    pub fn merge_over(self, base: &Node) -> Node {
        match (self.value, &base.value) {
            (Value::Table(mut own), Value::Table(inherited)) => {
                let mut merged: Vec<Entry> = Vec::with_capacity(inherited.len() + own.len());
                for entry in inherited {
                    match own.iter().position(|e| e.key == entry.key) {
                        Some(i) => {
                            let mine = own.remove(i);
                            merged.push(Entry {
                                key: mine.key,
                                key_origin: mine.key_origin,
                                node: mine.node.merge_over(&entry.node),
                            });
                        }
                        None => merged.push(entry.clone()),
                    }
                }
                merged.extend(own);
                Node {
                    origin: self.origin,
                    value: Value::Table(merged),
                }
            }
            (value, _) => Node {
                origin: self.origin,
                value,
            },
        }
    }

    /// The JSON form of the tree that serde turns into the raw types. Dates become
    /// `YYYY-MM-DD` strings; the shape check has already refused every other date-time.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::String(s) => J::String(s.clone()),
            Value::Integer(Some(i)) => J::from(*i),
            Value::Integer(None) => J::Null,
            Value::Float(f) => J::from(*f),
            Value::Boolean(b) => J::Bool(*b),
            Value::Datetime(d) => J::String(d.to_string()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Table(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.node.to_json()))
                    .collect(),
            ),
        }
    }
}

fn entries(file: &Arc<SourceFile>, table: &DeTable<'_>) -> Vec<Entry> {
    table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            key_origin: Origin::new(file, key.span()),
            node: Node::from_de(file, value),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(name: &str, text: &str) -> Node {
        let file = SourceFile::new(PathBuf::from(name), name.into(), text.into());
        let table = DeTable::parse(text).unwrap();
        Node::from_document(&file, &table)
    }

    #[test]
    fn paths_print_and_parse() {
        let path = Path::parse("session.dates[1]");
        assert_eq!(path.to_string(), "session.dates[1]");
        assert_eq!(path.0.len(), 3);
    }

    #[test]
    fn nearer_values_win_and_tables_merge_key_by_key() {
        let defaults = parse(
            "defaults.toml",
            "commission = 4\ntags = [\"a\"]\n[session]\ncouncil = \"Conseil de Paris\"\ndates = [2026-12-08]\n",
        );
        let motion = parse(
            "m.toml",
            "commission = 5\ntags = [\"b\"]\n[session]\ndates = [2026-12-09]\n",
        );
        let merged = motion.merge_over(&defaults);
        let json = merged.to_json();
        assert_eq!(json["commission"], 5);
        assert_eq!(json["tags"], serde_json::json!(["b"]));
        assert_eq!(json["session"]["council"], "Conseil de Paris");
        assert_eq!(json["session"]["dates"], serde_json::json!(["2026-12-09"]));
        let council = merged.locate(&Path::parse("session.council"));
        assert_eq!(council.file.display, "defaults.toml");
        let dates = merged.locate(&Path::parse("session.dates"));
        assert_eq!(dates.file.display, "m.toml");
    }

    #[test]
    fn a_missing_key_is_located_at_its_table() {
        let motion = parse(
            "m.toml",
            "title = \"x\"\n[request]\naddressee = \"l’État\"\n",
        );
        let origin = motion.locate(&Path::parse("request.items"));
        assert_eq!(&motion.origin.file.text[origin.span], "request");
        let origin = motion.locate(&Path::parse("authors.persons"));
        assert_eq!(origin.span, 0..0);
    }
}
