//! The shape check: walks a parsed tree against the JSON Schema generated from `raw` and
//! reports every unknown key, wrong type, empty text or list, value outside its list, and
//! placeholder left by `motion new`, each at its place. Values that fail are removed from
//! the tree so that serde can then read the rest and later rules do not report them twice.
//! What the values mean (forms, required parts) is left to `validate`.

use super::PLACEHOLDER;
use super::node::{Node, Path, Value};
use super::raw;
use crate::diag::{Code, Diagnostic, french_list};
use serde_json::Value as Json;
use std::sync::LazyLock;

static SCHEMA: LazyLock<Json> = LazyLock::new(raw::json_schema);

/// What the shape check found: the diagnostics, and the paths it removed from the tree.
#[derive(Debug, Default)]
pub struct ShapeReport {
    pub diagnostics: Vec<Diagnostic>,
    pub removed: Vec<Path>,
    /// Keys that an unknown key was taken for (`titre` → `title`): the user was told about
    /// them, so "missing title" would only repeat it.
    pub suggested: Vec<Path>,
    /// Diagnostics past `diag::KEPT_PER_FILE_AND_CODE` of their code: counted, not kept
    /// (a file of 300,000 empty tags would otherwise hold 300,000 of them at once).
    pub omitted: crate::diag::Omitted,
    kept: std::collections::HashMap<Code, usize>,
}

impl ShapeReport {
    fn push(&mut self, diagnostic: Diagnostic) {
        let kept = self.kept.entry(diagnostic.code).or_default();
        if *kept < crate::diag::KEPT_PER_FILE_AND_CODE {
            *kept += 1;
            self.diagnostics.push(diagnostic);
        } else {
            self.omitted.add(
                &diagnostic.origin.file.display,
                diagnostic.code,
                diagnostic.severity,
            );
        }
    }

    /// True when a value at `path`, above it or inside it was reported and removed: a
    /// rule that finds it missing or empty must stay silent, the user has been told.
    pub fn was_removed(&self, path: &Path) -> bool {
        self.removed
            .iter()
            .chain(&self.suggested)
            .any(|r| path.0.starts_with(&r.0) || r.0.starts_with(&path.0))
    }
}

/// Checks `tree` against the motion schema, removing what fails.
pub fn check(tree: &mut Node) -> ShapeReport {
    let mut report = ShapeReport::default();
    walk(tree, &SCHEMA, &Path::default(), &mut report);
    tree.remove_all(&report.removed);
    report
}

fn resolve(schema: &Json) -> &Json {
    match schema.get("$ref").and_then(Json::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            SCHEMA
                .get("definitions")
                .and_then(|d| d.get(name))
                .unwrap_or(&Json::Null)
        }
        None => schema,
    }
}

/// The non-null alternatives of a schema (`Option<T>` adds a null one).
fn alternatives(schema: &Json) -> Vec<&Json> {
    let schema = resolve(schema);
    match schema.get("anyOf").or_else(|| schema.get("oneOf")) {
        Some(Json::Array(alts)) => alts
            .iter()
            .flat_map(alternatives)
            .filter(|alt| types(alt) != ["null"])
            .collect(),
        _ => vec![schema],
    }
}

fn types(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_date(schema: &Json) -> bool {
    schema.get("format").and_then(Json::as_str) == Some("date")
}

/// Whether a value has the JSON type a schema asks for.
fn accepts(schema: &Json, value: &Value) -> bool {
    let types = types(schema);
    let has = |t: &str| types.contains(&t);
    match value {
        Value::String(_) => has("string") && !is_date(schema),
        Value::Integer(_) => has("integer") || has("number"),
        Value::Float(_) => has("number"),
        Value::Boolean(_) => has("boolean"),
        Value::Datetime(_) => has("string") && is_date(schema),
        Value::Array(_) => has("array"),
        Value::Table(_) => has("object"),
    }
}

fn walk(node: &Node, schema: &Json, path: &Path, report: &mut ShapeReport) {
    if let Value::String(text) = &node.value
        && text.contains(PLACEHOLDER)
    {
        report.push(
            Diagnostic::new(
                Code::Placeholder,
                node.origin.clone(),
                format!("`{path}` contient encore un texte à compléter"),
            )
            .label("à remplacer")
            .help(format!("remplacez « {PLACEHOLDER} … » par le texte voulu")),
        );
        report.removed.push(path.clone());
        return;
    }
    let alts = alternatives(schema);
    let Some(schema) = alts.iter().copied().find(|alt| accepts(alt, &node.value)) else {
        report.push(wrong_type(node, &alts, path));
        report.removed.push(path.clone());
        return;
    };
    match &node.value {
        Value::String(text) => {
            // The values a string may take, from every alternative that takes strings
            // (schemars gives a documented enum variant an alternative of its own, with
            // `const`); none when one of them takes any text.
            let string_alts: Vec<&Json> = alts
                .iter()
                .copied()
                .filter(|alt| accepts(alt, &node.value))
                .collect();
            let free = string_alts
                .iter()
                .any(|alt| alt.get("enum").is_none() && alt.get("const").is_none());
            let allowed: Vec<&str> = string_alts
                .iter()
                .flat_map(|alt| {
                    let listed = match alt.get("enum") {
                        Some(Json::Array(values)) => values.iter().collect(),
                        _ => Vec::new(),
                    };
                    listed.into_iter().chain(alt.get("const"))
                })
                .filter_map(Json::as_str)
                .collect();
            if !free {
                if !allowed.contains(&text.as_str()) {
                    report
                        .diagnostics
                        .push(unknown_value(node, text, &allowed, path));
                    report.removed.push(path.clone());
                }
            } else if text.chars().all(|c| {
                // Invisible characters are removed before printing (M507): a text made
                // only of them and spaces would print as nothing.
                c.is_whitespace() || crate::text::is_forbidden(c)
            }) {
                report.push(
                    Diagnostic::new(
                        Code::EmptyText,
                        node.origin.clone(),
                        format!("`{path}` est vide"),
                    )
                    .label("texte vide")
                    .help("écrivez le texte, ou retirez la ligne si la valeur est facultative"),
                );
                report.removed.push(path.clone());
            }
        }
        Value::Integer(None) => {
            report.push(
                Diagnostic::new(
                    Code::WrongType,
                    node.origin.clone(),
                    format!("`{path}` : nombre trop grand"),
                )
                .label("hors limites"),
            );
            report.removed.push(path.clone());
        }
        Value::Datetime(datetime) => {
            if datetime.date.is_none() || datetime.time.is_some() || datetime.offset.is_some() {
                report.push(
                    Diagnostic::new(
                        Code::WrongType,
                        node.origin.clone(),
                        format!("`{path}` attend une date seule, sans heure"),
                    )
                    .label("date attendue")
                    .help("écrivez seulement la date : 2026-12-08"),
                );
                report.removed.push(path.clone());
            }
        }
        Value::Array(items) => {
            let min_items = schema.get("minItems").and_then(Json::as_u64).unwrap_or(0);
            if items.is_empty() && min_items > 0 {
                report.push(
                    Diagnostic::new(
                        Code::EmptyList,
                        node.origin.clone(),
                        format!("la liste `{path}` est vide"),
                    )
                    .label("liste vide")
                    .help("ajoutez au moins un élément, ou retirez la ligne"),
                );
                report.removed.push(path.clone());
                return;
            }
            let item_schema = schema.get("items").unwrap_or(&Json::Null);
            for (i, item) in items.iter().enumerate() {
                walk(item, item_schema, &path.child_index(i), report);
            }
        }
        Value::Table(entries) => {
            let properties = schema.get("properties").and_then(Json::as_object);
            for entry in entries {
                let child = path.child_key(&entry.key);
                match properties.and_then(|p| p.get(&entry.key)) {
                    Some(property) => walk(&entry.node, property, &child, report),
                    None => {
                        let known: Vec<&str> = properties
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        if let Some(meant) = closest(&entry.key, &known) {
                            report.suggested.push(path.child_key(meant));
                        }
                        report
                            .diagnostics
                            .push(unknown_key(entry, &known, path, &child));
                        report.removed.push(child);
                    }
                }
            }
            // A table that lacks a key it must have (the `text` of a list item) cannot be
            // read: it is removed, and reported unless its key was (a typo, an empty text).
            let required = schema.get("required").and_then(Json::as_array);
            for key in required.into_iter().flatten().filter_map(Json::as_str) {
                let child = path.child_key(key);
                let present = entries.iter().any(|e| e.key == key);
                let told = report.removed.contains(&child) || report.suggested.contains(&child);
                if present && !told {
                    continue;
                }
                if !told {
                    report.push(
                        Diagnostic::new(
                            Code::WrongType,
                            node.origin.clone(),
                            format!("la table `{path}` n’a pas de clé `{key}`"),
                        )
                        .label(format!("`{key}` manquant"))
                        .help(format!("écrivez {{ {key} = \"…\", … }}")),
                    );
                }
                report.removed.push(path.clone());
                break;
            }
        }
        Value::Integer(Some(_)) | Value::Float(_) | Value::Boolean(_) => {}
    }
}

fn describe_expected(schema: &Json) -> String {
    if is_date(schema) {
        return "une date (2026-12-08, sans guillemets)".into();
    }
    match types(schema).first().copied() {
        Some("string") => "un texte entre guillemets".into(),
        Some("integer") => "un nombre entier".into(),
        Some("number") => "un nombre".into(),
        Some("boolean") => "true ou false".into(),
        Some("array") => {
            let items = alternatives(schema.get("items").unwrap_or(&Json::Null));
            match items.first() {
                Some(item) if is_date(item) => "une liste de dates [2026-12-08, …]".into(),
                Some(item) if types(item).contains(&"string") => {
                    "une liste de textes [\"…\", \"…\"]".into()
                }
                _ => "une liste".into(),
            }
        }
        Some("object")
            if schema
                .get("properties")
                .and_then(|p| p.get("text"))
                .is_some() =>
        {
            "une table { text = \"…\", … }".into()
        }
        Some("object") => "une table".into(),
        _ => "une autre valeur".into(),
    }
}

fn describe_found(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "un texte",
        Value::Integer(_) => "un nombre entier",
        Value::Float(_) => "un nombre décimal",
        Value::Boolean(_) => "un booléen",
        Value::Datetime(d) if d.time.is_some() && d.date.is_some() => "une date avec heure",
        Value::Datetime(d) if d.date.is_none() => "une heure",
        Value::Datetime(_) => "une date",
        Value::Array(_) => "une liste",
        Value::Table(_) => "une table",
    }
}

fn wrong_type(node: &Node, alts: &[&Json], path: &Path) -> Diagnostic {
    let expected: Vec<String> = alts.iter().map(|alt| describe_expected(alt)).collect();
    let found = describe_found(&node.value);
    let expected = expected.join(" ou ");
    let key = path.0.last().map(|_| path.to_string()).unwrap_or_default();
    let mut diagnostic = Diagnostic::new(
        Code::WrongType,
        node.origin.clone(),
        format!("`{key}` attend {expected}, pas {found}"),
    )
    .label(format!("{found} ici"));
    let wants = |t: &str| alts.iter().any(|alt| types(alt).contains(&t));
    let help = match &node.value {
        Value::String(text)
            if alts.iter().any(|a| is_date(a)) && crate::model::Date::parse(text).is_some() =>
        {
            Some(format!("retirez les guillemets : {text}"))
        }
        Value::String(text) if wants("integer") && text.trim().parse::<i64>().is_ok() => {
            Some(format!("retirez les guillemets : {}", text.trim()))
        }
        Value::String(text)
            if wants("integer") && text.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
            Some(format!(
                "écrivez seulement le nombre, sans guillemets : {digits}"
            ))
        }
        Value::String(text) if wants("boolean") => Some(match text.trim() {
            "oui" | "vrai" | "true" => "écrivez true, sans guillemets".to_string(),
            _ => "écrivez true ou false, sans guillemets".to_string(),
        }),
        Value::String(_) if wants("array") => {
            Some("mettez le texte entre crochets pour en faire une liste : [\"…\"]".into())
        }
        Value::Datetime(d) if wants("array") => Some(format!(
            "mettez la date entre crochets pour en faire une liste : [{d}]"
        )),
        Value::Array(_) if wants("string") => {
            Some("un seul texte est attendu ici : retirez les crochets".into())
        }
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) if wants("string") => {
            Some("mettez la valeur entre guillemets droits : \"…\"".into())
        }
        _ if wants("object") && !wants("string") => Some(format!(
            "`{key}` est une table : écrivez l’en-tête [{key}] sur sa propre ligne, puis ses clés en dessous"
        )),
        _ => None,
    };
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

/// French or near-English names aides are likely to type, and the key they mean.
const KEY_SYNONYMS: &[(&str, &str)] = &[
    ("titre", "title"),
    ("numero", "number"),
    ("numéro", "number"),
    ("statut", "status"),
    ("etat", "status"),
    ("état", "status"),
    ("reference", "reference"),
    ("référence", "reference"),
    ("rattache", "attached_to"),
    ("rattaché", "attached_to"),
    ("deliberation", "attached_to"),
    ("délibération", "attached_to"),
    ("etiquettes", "tags"),
    ("étiquettes", "tags"),
    ("mots_cles", "tags"),
    ("visas", "citations"),
    ("considerant", "considerants"),
    ("considérant", "considerants"),
    ("considérants", "considerants"),
    ("seance", "session"),
    ("séance", "session"),
    ("conseil", "council"),
    ("auteurs", "authors"),
    ("elus", "persons"),
    ("élus", "persons"),
    ("élu·es", "persons"),
    ("personnes", "persons"),
    ("groupes", "groups"),
    ("groupe", "groups"),
    ("group", "groups"),
    ("person", "persons"),
    ("membres", "members"),
    ("executif", "executive"),
    ("exécutif", "executive"),
    ("demande", "request"),
    ("demandes", "items"),
    ("destinataire", "addressee"),
    ("amendement", "amendment"),
    ("modifications", "changes"),
    ("kind", "type"),
];

/// The known name closest to what was typed, if close enough to be a likely typo.
pub fn closest<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    let lowered = typed.to_lowercase();
    if let Some(&(_, key)) = KEY_SYNONYMS.iter().find(|(synonym, _)| *synonym == lowered)
        && let Some(found) = known.iter().find(|k| **k == key)
    {
        return Some(found);
    }
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lowered, k), *k))
        .filter(|(distance, k)| *distance <= (k.chars().count() / 3).max(1))
        .min()
        .map(|(_, k)| k)
}

fn unknown_key(
    entry: &super::node::Entry,
    known: &[&str],
    parent: &Path,
    child: &Path,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::UnknownKey,
        entry.key_origin.clone(),
        format!("clé inconnue `{child}`"),
    )
    .label("clé inconnue");
    let top_level: Vec<&str> = SCHEMA
        .get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let help = if let Some(suggestion) = closest(&entry.key, known) {
        Some(format!("vouliez-vous dire `{suggestion}` ?"))
    } else if !parent.0.is_empty() && top_level.contains(&entry.key.as_str()) {
        Some(format!(
            "en TOML, une clé écrite après l’en-tête [{parent}] appartient à cette table : \
             placez `{}` avant le premier en-tête […]",
            entry.key
        ))
    } else if let Some(table) = table_holding(&entry.key) {
        Some(format!("`{}` se place dans la table [{table}]", entry.key))
    } else if !known.is_empty() {
        Some(format!("clés possibles ici : {}", french_list(known)))
    } else {
        None
    };
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

/// The top-level table whose properties include `key` (`council` → `session`).
fn table_holding(key: &str) -> Option<String> {
    let properties = SCHEMA.get("properties")?.as_object()?;
    properties.iter().find_map(|(name, property)| {
        alternatives(property).iter().find_map(|alt| {
            alt.get("properties")?
                .as_object()?
                .contains_key(key)
                .then(|| name.clone())
        })
    })
}

const VALUE_SYNONYMS: &[(&str, &str)] = &[
    ("vœu", "voeu"),
    ("brouillon", "draft"),
    ("déposé", "filed"),
    ("depose", "filed"),
    ("adopté", "adopted"),
    ("adopte", "adopted"),
    ("adopté amendé", "adopted-amended"),
    ("adopted_amended", "adopted-amended"),
    ("rejeté", "rejected"),
    ("repoussé", "rejected"),
    ("retiré", "withdrawn"),
    ("retire", "withdrawn"),
];

fn unknown_value(node: &Node, text: &str, allowed: &[&str], path: &Path) -> Diagnostic {
    let lowered = text.trim().to_lowercase();
    let suggestion = VALUE_SYNONYMS
        .iter()
        .find(|(synonym, _)| *synonym == lowered)
        .map(|(_, value)| *value)
        .filter(|value| allowed.contains(value))
        .or_else(|| closest(&lowered, allowed));
    let quoted: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
    let help = match suggestion {
        Some(s) => format!(
            "vouliez-vous dire \"{s}\" ? Valeurs permises : {}",
            french_list(&quoted)
        ),
        None => format!("valeurs permises : {}", french_list(&quoted)),
    };
    Diagnostic::new(
        Code::UnknownValue,
        node.origin.clone(),
        format!("valeur inconnue pour `{path}` : \"{text}\""),
    )
    .label("valeur inconnue")
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_and_french_names() {
        let known = ["title", "number", "status", "considerants"];
        assert_eq!(closest("titel", &known), Some("title"));
        assert_eq!(closest("titre", &known), Some("title"));
        assert_eq!(closest("considerant", &known), Some("considerants"));
        assert_eq!(closest("zzz", &known), None);
    }
}
