//! The authors of a filing line read back into the format's parts: "Déposé par Claire
//! DUVAL, Karim DJEBBAR et les élu·es du groupe Les Écologistes" → persons, groups,
//! the members' wording; the Exécutif, a mayor, "au nom du groupe", "Présenté par". The
//! inverse of `render::phrases`, which `recognize` uses to check what is read here.

use crate::model::Filing;

/// The authors as the format writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftAuthors {
    pub persons: Vec<String>,
    pub groups: Vec<String>,
    pub members: Option<String>,
    pub executive: bool,
    pub mayor: Option<String>,
    pub on_behalf: bool,
    pub filing: Filing,
    /// The groups' names could be cut otherwise ("A et B et C": two groups or three?).
    pub ambiguous: bool,
    /// The groups' names as the filing line writes them, for `regroup`.
    pub groups_text: Option<String>,
}

impl DraftAuthors {
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty() && self.groups.is_empty() && !self.executive && self.mayor.is_none()
    }

    /// Cuts the groups' names as the document's metadata names them, when the filing
    /// line alone cannot tell ("A et B et C": which " et " is inside a name?).
    pub fn regroup(&mut self, known: &[String]) {
        let Some(text) = self.groups_text.clone() else {
            return;
        };
        if known.is_empty() {
            return;
        }
        // Every way to read the text as known names joined by ", " or " et ".
        fn segment(text: &str, known: &[String]) -> Option<Vec<String>> {
            if let Some(name) = known.iter().find(|k| k.as_str() == text) {
                return Some(vec![name.clone()]);
            }
            for name in known.iter().filter(|k| text.starts_with(k.as_str())) {
                let rest = &text[name.len()..];
                for separator in [", ", " et "] {
                    if let Some(rest) = rest.strip_prefix(separator)
                        && let Some(mut tail) = segment(rest, known)
                    {
                        tail.insert(0, name.clone());
                        return Some(tail);
                    }
                }
            }
            None
        }
        if let Some(groups) = segment(text.trim().trim_end_matches('.'), known) {
            self.groups = groups;
            self.ambiguous = false;
        }
    }
}

/// The verbs a filing line opens with.
pub const FILING_VERBS: &[(&str, &str)] = &[
    ("Déposé par ", "Déposé par"),
    ("Déposée par ", "Déposé par"),
    ("Déposés par ", "Déposé par"),
    ("Présenté par ", "Présenté par"),
    ("Présentée par ", "Présenté par"),
    ("Présentés par ", "Présenté par"),
    ("Proposé par ", "Déposé par"),
];

/// Splits a list the French way: "a, b et c" → [a, b, c], never inside « », ( ) or “ ”.
pub fn split_list(text: &str) -> Vec<String> {
    split_outside_quotes(text, &[", ", " et "])
}

/// Splits at each separator that is not inside « », ( ) or “ ”; trimmed, empty parts out.
fn split_outside_quotes(text: &str, separators: &[&str]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if depth <= 0
            && let Some(separator) = separators.iter().find(|s| rest.starts_with(**s))
        {
            parts.push(std::mem::take(&mut current));
            rest = &rest[separator.len()..];
            continue;
        }
        match c {
            '«' | '(' | '“' => depth += 1,
            '»' | ')' | '”' => depth -= 1,
            _ => {}
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Group names listed the French way, "A, B et C": commas between names, " et " before
/// the last. A name may hold " et " itself ("Gauche Citoyenne et Solidaire"): only the
/// last " et " separates, and an earlier one stays in its name.
fn split_groups(text: &str) -> Vec<String> {
    let mut parts = split_outside_quotes(text, &[", "]);
    if let Some(last) = parts.pop() {
        match last.rfind(" et ") {
            Some(at) if !last[..at].contains('«') || last[..at].contains('»') => {
                parts.push(last[..at].trim().to_string());
                parts.push(last[at + 4..].trim().to_string());
            }
            _ => parts.push(last),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Where the groups start in the words after "par": the wording before them ("les
/// élu·es", "le", "au nom"), and the groups' text.
struct GroupPart<'a> {
    /// Everything before the group phrase (persons, the Exécutif, a mayor).
    before: &'a str,
    /// The members' wording: "les élu·es", "les membres"; None for "le groupe X".
    members: Option<String>,
    on_behalf: bool,
    /// "X", "A, B et C", "Groupe X et le groupe Y".
    names: &'a str,
    plural: bool,
}

fn find_group_part(text: &str) -> Option<GroupPart<'_>> {
    // The group phrase is the last conjunct that names a group; look for its head.
    for (needle, plural) in [(" des groupes ", true), (" du groupe ", false)] {
        if let Some(at) = text.find(needle) {
            // "… au nom du groupe X".
            if text[..at].ends_with(" au nom") {
                return Some(GroupPart {
                    before: text[..at - " au nom".len()].trim(),
                    members: None,
                    on_behalf: true,
                    names: &text[at + needle.len()..],
                    plural,
                });
            }
            // The members' wording starts after the last ", " or " et " before it.
            let head_start = [", ", " et "]
                .iter()
                .filter_map(|sep| text[..at].rfind(sep).map(|p| p + sep.len()))
                .max()
                .unwrap_or(0);
            let members = text[head_start..at].trim().to_string();
            let before = text[..head_start]
                .trim_end()
                .trim_end_matches(',')
                .trim_end()
                .trim_end_matches(" et")
                .trim();
            return Some(GroupPart {
                before,
                members: Some(members),
                on_behalf: false,
                names: &text[at + needle.len()..],
                plural,
            });
        }
    }
    // "le groupe X", "les groupes A et B", "le Groupe X": the first one named.
    let found = [
        ("les groupes ", true),
        ("le groupe ", false),
        ("le Groupe ", false),
    ]
    .iter()
    .flat_map(|(needle, plural)| {
        text.match_indices(needle)
            .filter(|(at, _)| {
                *at == 0 || text[..*at].ends_with(", ") || text[..*at].ends_with(" et ")
            })
            .map(move |(at, _)| (at, *needle, *plural))
    })
    .min_by_key(|(at, _, _)| *at);
    if let Some((at, needle, plural)) = found {
        let before = text[..at]
            .trim_end()
            .trim_end_matches(',')
            .trim_end()
            .trim_end_matches(" et")
            .trim();
        let names_start = if needle == "le Groupe " {
            at + 3
        } else {
            at + needle.len()
        };
        return Some(GroupPart {
            before,
            members: None,
            on_behalf: false,
            names: &text[names_start..],
            plural,
        });
    }
    None
}

/// The group names of a group phrase: one name, or a list.
fn group_names(names: &str, plural: bool) -> Vec<String> {
    let names = names.trim().trim_end_matches('.').trim();
    // "Groupe A et le groupe B": one phrase per group, each with its article.
    let separators = [
        " et du groupe ",
        " et le groupe ",
        " et du Groupe ",
        " et le Groupe ",
    ];
    if separators.iter().any(|s| names.contains(s)) {
        let mut out = Vec::new();
        let mut rest = names;
        loop {
            let next = separators
                .iter()
                .filter_map(|s| rest.find(s).map(|p| (p, *s)))
                .min_by_key(|(p, _)| *p);
            match next {
                Some((p, s)) => {
                    out.push(rest[..p].to_string());
                    // Keep "Groupe" when the name carries it.
                    let skip = if s.ends_with("Groupe ") {
                        s.len() - "Groupe ".len()
                    } else {
                        s.len()
                    };
                    rest = &rest[p + skip..];
                }
                None => {
                    out.push(rest.to_string());
                    break;
                }
            }
        }
        return out;
    }
    if plural {
        split_groups(names)
    } else {
        vec![names.to_string()]
    }
}

/// Reads the authors of a filing line. None when it does not open with a filing verb.
pub fn parse_filing(line: &str) -> Option<DraftAuthors> {
    let (rest, filing) = FILING_VERBS.iter().find_map(|(verb, filing)| {
        line.strip_prefix(verb)
            .map(|r| (r, Filing::Words((*filing).to_string())))
    })?;
    let mut authors = DraftAuthors {
        filing,
        ..DraftAuthors::default()
    };
    let rest = rest.trim().trim_end_matches('.').trim();
    let (before, group) = match find_group_part(rest) {
        Some(part) => (part.before, Some(part)),
        None => (rest, None),
    };
    let mut persons_text = before.to_string();
    // A mayor first: "Jean-Pierre LECOQ, Maire du 6e arrondissement, et …".
    if let Some(at) = persons_text.find(", Maire d") {
        let name = persons_text[..at].trim().to_string();
        let after = &persons_text[at + 2..];
        let end = after
            .find(", ")
            .or_else(|| after.find(" et "))
            .unwrap_or(after.len());
        let remainder = after[end..]
            .trim_start_matches(',')
            .trim_start()
            .trim_start_matches("et ")
            .to_string();
        authors.mayor = Some(name);
        persons_text = remainder;
    }
    for person in split_list(&persons_text) {
        let lower = person.to_lowercase();
        if lower == "l’exécutif" || lower == "l'exécutif" || lower == "exécutif" {
            authors.executive = true;
        } else {
            authors.persons.push(person);
        }
    }
    if let Some(group) = group {
        authors.on_behalf = group.on_behalf;
        authors.ambiguous = false;
        authors.groups = group_names(group.names, group.plural);
        authors.groups_text = group.plural.then(|| group.names.to_string());
        authors.ambiguous = group.plural && authors.groups.iter().any(|g| g.contains(" et "));
        authors.members = match group.members {
            // The default wordings are not written: "les élu·es" with persons named,
            // the group itself without.
            Some(m) if m == "les élu·es" && !authors.persons.is_empty() => None,
            Some(m) if m.is_empty() => None,
            other => other,
        };
    }
    Some(authors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filing_lines() {
        let a = parse_filing(
            "Déposé par Sylvain RAIFAUD, Aminata NIAKATÉ, Jérôme GLEIZES, Fatoumata KONÉ et les élu·es du groupe Les Écologistes",
        )
        .unwrap();
        assert_eq!(a.persons.len(), 4);
        assert_eq!(a.groups, ["Les Écologistes"]);
        assert_eq!(a.members, None);
        let a = parse_filing("Déposé par le groupe « Les Verts »").unwrap();
        assert_eq!(
            (a.groups.as_slice(), a.members.as_deref()),
            (&["« Les Verts »".to_string()][..], None)
        );
        let a = parse_filing("Déposé par les élus du groupe Changer Paris").unwrap();
        assert_eq!(a.members.as_deref(), Some("les élus"));
        assert!(a.persons.is_empty());
        let a =
            parse_filing("Présenté par Mathieu ROCHER au nom du groupe Les Écologistes").unwrap();
        assert!(a.on_behalf);
        assert_eq!(a.filing, Filing::presented());
        assert_eq!(a.persons, ["Mathieu ROCHER"]);
        let a = parse_filing("Déposé par Amélie FONTAINE et les membres des groupes A, B et C")
            .unwrap();
        assert_eq!(a.groups, ["A", "B", "C"]);
        assert_eq!(a.members.as_deref(), Some("les membres"));
        let a = parse_filing("Déposé par le Groupe A et le groupe B").unwrap();
        assert_eq!(a.groups, ["Groupe A", "B"]);
        let a = parse_filing("Déposé par l’Exécutif").unwrap();
        assert!(a.executive);
        let a = parse_filing(
            "Déposé par Jean-Pierre LECOQ, Maire du 6e arrondissement, et les élus du groupe Union",
        )
        .unwrap();
        assert_eq!(a.mayor.as_deref(), Some("Jean-Pierre LECOQ"));
        assert!(a.persons.is_empty());
        assert_eq!(a.members.as_deref(), Some("les élus"));
        let a = parse_filing("Déposé par le Groupe Écologiste de Paris (GEP)").unwrap();
        assert_eq!(a.groups, ["Groupe Écologiste de Paris (GEP)"]);
    }
}
