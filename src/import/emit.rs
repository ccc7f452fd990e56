//! A recognised motion written as a motion file with toml_edit: the keys in the order of
//! docs/format.md, one list entry per line, prose in multi-line strings, a comment
//! `# À VÉRIFIER : …` above each field to check, and `À COMPLÉTER` where a required part
//! is missing (so that `check` refuses the file until a person fills it in).

use super::recognize::{Draft, DraftItem, MotivesHeading};
use crate::input::PLACEHOLDER;
use crate::model::{Filing, MotionKind, Status, Vote};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// Required parts to write as placeholders (found missing by `check`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Missing {
    pub title: bool,
    pub authors: bool,
    pub considerants: bool,
    pub items: bool,
    pub target: bool,
    pub session: bool,
}

/// A string value; a text of several lines as a multi-line string that reads as the
/// text does (with a line break added at its end, which no text keeps), checked to read
/// back as the same text, else written on one line with `\n`.
fn text(s: &str) -> Value {
    let plain = Value::from(s);
    if !s.contains('\n') {
        return plain;
    }
    let body = s
        .trim_end_matches('\n')
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let repr = format!("\"\"\"\n{body}\n\"\"\"");
    let reads_back = format!("x = {repr}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("x").and_then(|v| v.as_str().map(str::to_string)))
        .is_some_and(|back| back.trim_end_matches('\n') == s.trim_end_matches('\n'));
    if !reads_back {
        return plain;
    }
    // toml_edit keeps the form of a value it parsed: the multi-line string is parsed.
    format!("x = {repr}")
        .parse::<DocumentMut>()
        .ok()
        .and_then(|doc| doc.get("x").and_then(Item::as_value).cloned())
        .map(|v| v.decorated(" ", ""))
        .unwrap_or(plain)
}

/// A list written one entry per line.
fn list(values: impl IntoIterator<Item = Value>) -> Array {
    let mut array = Array::new();
    for value in values {
        array.push_formatted(value.decorated("\n  ", ""));
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
    array
}

fn item_value(item: &DraftItem) -> Value {
    let body = item.paragraphs.join("\n\n");
    if item.quote.is_empty() && item.subitems.is_empty() {
        return text(&body);
    }
    let mut table = InlineTable::new();
    table.insert("text", text(&body));
    if !item.quote.is_empty() {
        table.insert("quote", text(&item.quote.join("\n")));
    }
    if !item.subitems.is_empty() {
        let mut array = Array::new();
        for sub in &item.subitems {
            array.push(sub.as_str());
        }
        table.insert("items", Value::Array(array));
    }
    Value::InlineTable(table)
}

fn items(entries: &[DraftItem]) -> Item {
    Item::Value(Value::Array(list(entries.iter().map(item_value))))
}

fn placeholder(example: &str) -> String {
    format!("{PLACEHOLDER} : {example}")
}

/// Puts a comment line above a key of a table.
fn comment(table: &mut Table, key: &str, why: &str) {
    if let Some(mut key) = table.key_mut(key) {
        let previous = key
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_string();
        // A comment holds no control character (TOML refuses them, a terminal obeys
        // them): a quoted source line may.
        let line: String = why
            .chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        key.leaf_decor_mut()
            .set_prefix(format!("{previous}# À VÉRIFIER : {line}\n"));
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Filed => "filed",
        Status::Adopted => "adopted",
        Status::AdoptedAmended => "adopted-amended",
        Status::Rejected => "rejected",
        Status::Withdrawn => "withdrawn",
        Status::NotVoted => "not-voted",
    }
}

/// Writes a draft as a motion file: `source` is named in the header comment.
pub fn emit(draft: &Draft, missing: Missing, source: &str) -> String {
    let mut doc = DocumentMut::new();
    let root = doc.as_table_mut();
    root.decor_mut().set_prefix(format!(
        "# Importé de {} par `motion import`. Relisez-le, puis : motion check\n\n",
        // A source's name is data: a line break in it must not end the comment and
        // write keys into the file (`x⏎status = "adopted"⏎#.txt`).
        crate::diag::printable(source).replace(['\u{2028}', '\u{2029}', '\u{85}'], " ")
    ));
    if draft.kind == MotionKind::Amendement {
        root.insert("type", toml_edit::value("amendement"));
    }
    match (&draft.title, missing.title) {
        (Some(title), _) => root.insert("title", toml_edit::value(title.as_str())),
        (None, _) => root.insert(
            "title",
            toml_edit::value(placeholder(match draft.kind {
                MotionKind::Voeu => "Vœu relatif à …",
                MotionKind::Amendement => "Amendement au projet de délibération …",
            })),
        ),
    };
    if let Some(number) = &draft.number {
        match number.parse::<i64>() {
            Ok(n) => root.insert("number", toml_edit::value(n)),
            Err(_) => root.insert("number", toml_edit::value(number.as_str())),
        };
    }
    if let Some(c) = draft.commission {
        root.insert("commission", toml_edit::value(i64::from(c)));
    }
    match draft.attached_to.as_slice() {
        [] if missing.target || draft.kind == MotionKind::Amendement => {
            root.insert("attached_to", toml_edit::value(placeholder("2026 DEVE 12")));
        }
        [] => {}
        [one] => {
            root.insert("attached_to", toml_edit::value(one.as_str()));
        }
        many => {
            let mut array = Array::new();
            for r in many {
                array.push(r.as_str());
            }
            root.insert("attached_to", toml_edit::value(array));
        }
    }
    if let Some(status) = draft.status {
        root.insert("status", toml_edit::value(status_name(status)));
    }
    if let Some(reference) = &draft.reference {
        root.insert("reference", toml_edit::value(reference.as_str()));
    }
    if !draft.tags.is_empty() {
        let mut array = Array::new();
        for t in &draft.tags {
            array.push(t.as_str());
        }
        root.insert("tags", toml_edit::value(array));
    }
    if !draft.notice.is_empty() {
        let array = list(draft.notice.iter().map(|l| Value::from(l.as_str())));
        root.insert("notice", Item::Value(Value::Array(array)));
    }
    if let Some(preamble) = &draft.preamble {
        root.insert("preamble", Item::Value(text(preamble)));
    }
    if let Some(heading) = &draft.citations_heading {
        root.insert("citations_heading", toml_edit::value(heading.as_str()));
    }
    if !draft.citations.is_empty() {
        root.insert("citations", items(&draft.citations));
    }
    if !draft.motives.is_empty() {
        root.insert("motives", Item::Value(text(&draft.motives.join("\n\n"))));
        match &draft.motives_heading {
            MotivesHeading::Default => {}
            MotivesHeading::Other(heading) => {
                root.insert("motives_heading", toml_edit::value(heading.as_str()));
            }
            MotivesHeading::None => {
                root.insert("motives_heading", toml_edit::value(false));
            }
        }
    }
    if let Some(heading) = &draft.considerants_heading {
        root.insert("considerants_heading", toml_edit::value(heading.as_str()));
    }
    if !draft.considerants.is_empty() {
        root.insert("considerants", items(&draft.considerants));
    } else if missing.considerants {
        root.insert(
            "considerants",
            Item::Value(Value::Array(list([Value::from(placeholder(
                "Considérant que … ;",
            ))]))),
        );
    }
    if let Some(formula) = &draft.formula {
        root.insert("formula", Item::Value(text(formula)));
    }

    // [session]
    let mut session = Table::new();
    if let Some(council) = &draft.council
        && council != "Conseil de Paris"
    {
        session.insert("council", toml_edit::value(council.as_str()));
    }
    if let Some(formation) = draft.formation {
        let name = serde_json::to_value(formation)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        session.insert("formation", toml_edit::value(name));
    }
    if !draft.dates.is_empty() {
        let mut array = Array::new();
        for d in &draft.dates {
            let date = toml_edit::Date {
                year: d.year,
                month: d.month,
                day: d.day,
            };
            array.push(toml_edit::Datetime {
                date: Some(date),
                time: None,
                offset: None,
            });
        }
        session.insert("dates", toml_edit::value(array));
    } else if let Some(month) = &draft.month {
        session.insert("month", toml_edit::value(month.as_str()));
    } else if missing.session {
        let mut array = Array::new();
        array.push(placeholder("2026-12-08"));
        session.insert("dates", toml_edit::value(array));
    }
    if !session.is_empty() {
        root.insert("session", Item::Table(session));
    }

    // [authors]
    let mut authors = Table::new();
    let a = &draft.authors;
    if let Some(mayor) = &a.mayor {
        authors.insert("mayor", toml_edit::value(mayor.as_str()));
    }
    if a.executive {
        authors.insert("executive", toml_edit::value(true));
    }
    if !a.persons.is_empty() {
        let mut array = Array::new();
        for (i, p) in a.persons.iter().enumerate() {
            match a.person_groups.get(i).cloned().flatten() {
                Some(group) => {
                    let mut person = InlineTable::new();
                    person.insert("name", Value::from(p.as_str()));
                    person.insert("group", Value::from(group.as_str()));
                    array.push(Value::InlineTable(person));
                }
                None => array.push(p.as_str()),
            }
        }
        authors.insert("persons", toml_edit::value(array));
    } else if missing.authors && a.is_empty() {
        let mut array = Array::new();
        array.push(placeholder("Prénom NOM"));
        authors.insert("persons", toml_edit::value(array));
    }
    if !a.groups.is_empty() {
        let mut array = Array::new();
        for g in &a.groups {
            array.push(g.as_str());
        }
        authors.insert("groups", toml_edit::value(array));
    }
    if let Some(members) = &a.members {
        authors.insert("members", toml_edit::value(members.as_str()));
    }
    if a.on_behalf {
        authors.insert("on_behalf", toml_edit::value(true));
    }
    match &a.filing {
        Filing::Words(words) if *words != "Déposé par" => {
            authors.insert("filing", toml_edit::value(words.as_str()));
        }
        Filing::Hidden => {
            authors.insert("filing", toml_edit::value(false));
        }
        Filing::Words(_) => {}
    }
    if a.filing_first {
        authors.insert("placement", toml_edit::value("before-title"));
    }
    if !authors.is_empty() {
        root.insert("authors", Item::Table(authors));
    }

    // [request] or [amendment]
    let mut operative = Table::new();
    let entries = if draft.items.is_empty() && missing.items {
        Item::Value(Value::Array(list([Value::from(placeholder(
            match draft.kind {
                MotionKind::Voeu => "Demande … .",
                MotionKind::Amendement => {
                    "À l’article …, les mots « … » sont remplacés par les mots « … »."
                }
            },
        ))])))
    } else {
        items(&draft.items)
    };
    match draft.kind {
        MotionKind::Voeu => {
            if let Some(addressee) = &draft.addressee {
                operative.insert("addressee", toml_edit::value(addressee.as_str()));
            }
            if !draft.items.is_empty() || missing.items {
                operative.insert("items", entries);
            }
            if !operative.is_empty() {
                root.insert("request", Item::Table(operative));
            }
        }
        MotionKind::Amendement => {
            if !draft.items.is_empty() || missing.items {
                operative.insert("changes", entries);
                root.insert("amendment", Item::Table(operative));
            }
        }
    }

    // [outcome]
    let o = &draft.outcome;
    let mut outcome = Table::new();
    if let Some(vote) = o.vote {
        outcome.insert(
            "vote",
            toml_edit::value(match vote {
                Vote::Unanimity => "unanimity",
                Vote::Majority => "majority",
            }),
        );
    }
    if let Some(detail) = &o.detail {
        outcome.insert("detail", toml_edit::value(detail.as_str()));
    }
    if let Some(d) = o.date {
        outcome.insert(
            "date",
            toml_edit::value(toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                }),
                time: None,
                offset: None,
            }),
        );
    }
    if !o.administrative.is_empty() {
        let array = list(o.administrative.iter().map(|l| Value::from(l.as_str())));
        outcome.insert("administrative", Item::Value(Value::Array(array)));
    }
    if let Some(decision) = &o.decision {
        outcome.insert("decision", toml_edit::value(decision.as_str()));
    }
    if o.first && draft.status.is_some_and(|s| s.is_decided()) {
        outcome.insert("placement", toml_edit::value("top"));
    }
    if !outcome.is_empty() {
        root.insert("outcome", Item::Table(outcome));
    }

    // The doubts, above their keys.
    for (field, why) in &draft.doubts {
        match *field {
            "authors" => {
                if let Some(Item::Table(t)) = root.get_mut("authors") {
                    let first = t.iter().next().map(|(k, _)| k.to_string());
                    if let Some(first) = first {
                        comment(t, &first, why);
                    }
                }
            }
            "session" => {
                if let Some(Item::Table(t)) = root.get_mut("session") {
                    let first = t.iter().next().map(|(k, _)| k.to_string());
                    if let Some(first) = first {
                        comment(t, &first, why);
                    }
                }
            }
            key => comment(root, key, why),
        }
    }
    let mut out = doc.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
