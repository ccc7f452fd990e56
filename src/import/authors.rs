//! The authors of a filing line read back into the format's parts: "Déposé par Claire
//! DUVAL, Karim DJEBBAR et les élu·es du groupe Les Écologistes" → persons, groups,
//! the members' wording; the Exécutif, a mayor, "au nom du groupe", "Présenté par". The
//! inverse of `render::phrases`, which `recognize` uses to check what is read here.

use crate::model::Filing;

/// The authors as the format writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftAuthors {
    pub persons: Vec<String>,
    /// The group each person is paired with, when the text pairs them ("Inès BENKHALED
    /// (groupe Les Écologistes)"), in the order of `persons`.
    pub person_groups: Vec<Option<String>>,
    pub groups: Vec<String>,
    pub members: Option<String>,
    pub executive: bool,
    pub mayor: Option<String>,
    pub on_behalf: bool,
    pub filing: Filing,
    /// The filing line comes above the title in the source.
    pub filing_first: bool,
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

/// The words a filing line opens with, as they are compared (lowercase, without
/// accents): each followed by the authors as named ("par") or after "de" ("de").
const FILING_OPENINGS: &[&str] = &[
    "depose par ",
    "deposee par ",
    "deposes par ",
    "deposees par ",
    "presente par ",
    "presentee par ",
    "presentes par ",
    "presentees par ",
    "propose par ",
    "proposee par ",
    "voeu depose par ",
    "voeu presente par ",
    "voeu propose par ",
    "amendement depose par ",
    "amendement presente par ",
    "sur proposition de ",
    "sur proposition d'",
    "sur proposition du ",
    "sur proposition des ",
    "sur la proposition de ",
    "sur la proposition d'",
    "sur la proposition du ",
    "sur la proposition des ",
    "voeu de ",
    "voeu d'",
    "voeu du ",
    "voeu des ",
];

/// A text folded for comparison: lowercase, without accents, « œ » as « oe », one
/// apostrophe; one character of the fold per character of the text, so that a length
/// found in the fold is a length in characters of the text.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'œ' | 'Œ' => 'œ',
            '’' | '‘' | 'ʼ' => '\'',
            _ => {
                let lower = c.to_lowercase().next().unwrap_or(c);
                match lower {
                    'à' | 'â' | 'ä' | 'á' => 'a',
                    'é' | 'è' | 'ê' | 'ë' => 'e',
                    'î' | 'ï' | 'í' => 'i',
                    'ô' | 'ö' | 'ó' => 'o',
                    'ù' | 'û' | 'ü' | 'ú' => 'u',
                    'ç' => 'c',
                    'ÿ' => 'y',
                    other => other,
                }
            }
        })
        .collect::<String>()
        .replace('œ', "oe")
}

/// The first `chars` characters of `text` (a length measured on its fold, where « œ »
/// counts two).
pub fn split_at_folded(text: &str, folded_len: usize) -> (&str, &str) {
    let mut folded = 0;
    for (at, c) in text.char_indices() {
        if folded >= folded_len {
            return (&text[..at], &text[at..]);
        }
        folded += if matches!(c, 'œ' | 'Œ') { 2 } else { 1 };
    }
    (text, "")
}

/// "de Claire DUVAL et des élu·es du groupe X" → "Claire DUVAL et les élu·es du groupe
/// X": the authors named after "de", as they would follow "par".
pub fn undo_de(text: &str) -> String {
    let text = text.trim();
    let folded = fold(text);
    let text = if folded.starts_with("du ") {
        format!("le {}", &text["du ".len()..])
    } else if folded.starts_with("des ") {
        format!("les {}", &text["des ".len()..])
    } else if folded.starts_with("de l'") {
        split_at_folded(text, 3).1.to_string()
    } else if folded.starts_with("de ") {
        text["de ".len()..].to_string()
    } else if folded.starts_with("d'") {
        split_at_folded(text, 2).1.to_string()
    } else {
        text.to_string()
    };
    text.replace(" et des ", " et les ")
        .replace(", des ", ", les ")
        .replace(" et du groupe ", " et le groupe ")
        .replace(" et du Groupe ", " et le Groupe ")
}

/// A filing line's opening words and the authors' text after them, when the line opens
/// with filing words, in any case ("déposé par", "Vœu présenté par", "Sur proposition
/// de", "Vœu de"). The words are kept as written, "de" contracted forms ("du", "des",
/// "d’") given back as "de"; the authors as they would follow "par".
pub fn filing_opening(line: &str) -> Option<(String, String)> {
    let line = line.trim_start();
    let folded = fold(line);
    let opening = FILING_OPENINGS.iter().find(|o| folded.starts_with(**o))?;
    let takes_de = !opening.trim_end().ends_with("par");
    let words_len = if takes_de {
        // The words up to "de", without it ("Sur proposition", "Vœu").
        opening.trim_end().rfind(' ').unwrap_or(0)
    } else {
        opening.trim_end().len()
    };
    let (words, rest) = split_at_folded(line, words_len);
    let rest = rest.trim_start();
    let words = words.trim_end();
    if takes_de {
        Some((format!("{words} de"), undo_de(rest)))
    } else {
        Some((words.to_string(), rest.to_string()))
    }
}

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
        // "du Groupe Écologiste de Paris": the name carries "Groupe" itself.
        let capital = needle.replace(" groupe", " Groupe");
        let (at, needle) = match (text.find(needle), text.find(capital.as_str())) {
            (Some(a), Some(b)) if b < a => (Some(b), " du "),
            (Some(a), _) => (Some(a), needle),
            (None, Some(b)) if !plural => (Some(b), " du "),
            _ => (None, needle),
        };
        if let Some(at) = at {
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

/// Reads the authors of a filing line. None when it does not open with filing words.
pub fn parse_filing(line: &str) -> Option<DraftAuthors> {
    let (words, rest) = filing_opening(line)?;
    let mut authors = parse_authors(&rest)?;
    authors.filing = Filing::Words(words);
    Some(authors)
}

/// The authors of a filing line's text after its opening words ("Claire DUVAL et les
/// élu·es du groupe X"), or of a formula's subject; None when nothing there reads as a
/// name.
pub fn parse_authors(rest: &str) -> Option<DraftAuthors> {
    let mut authors = DraftAuthors::default();
    let rest = rest.trim().trim_end_matches(['.', ',', ':']).trim();
    if rest.is_empty() {
        return None;
    }
    // "M. Jean DUPONT, au nom des élus du groupe X": on behalf of the group's members.
    let rest = rest
        .replace(", au nom des élus du ", " au nom du ")
        .replace(", au nom des élu·es du ", " au nom du ")
        .replace(" au nom des élus du ", " au nom du ")
        .replace(" au nom des élu·es du ", " au nom du ")
        .replace(", au nom du ", " au nom du ");
    let rest = rest.as_str();
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
            continue;
        }
        // "Inès BENKHALED (groupe Les Écologistes)": a person with their own group.
        let paired = person
            .strip_suffix(')')
            .and_then(|p| p.rsplit_once(" ("))
            .and_then(|(name, group)| {
                let folded = fold(group);
                if folded.starts_with("groupe ") && !name.trim().is_empty() {
                    let name_of_group = if group.starts_with("Groupe ") {
                        group.to_string()
                    } else {
                        group["groupe ".len()..].to_string()
                    };
                    Some((name.trim().to_string(), name_of_group))
                } else {
                    None
                }
            });
        match paired {
            Some((name, group)) => {
                authors.persons.push(name);
                authors.person_groups.push(Some(group));
            }
            None => {
                authors.persons.push(person);
                authors.person_groups.push(None);
            }
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
    // Something that reads as a name: a person, a group, the Exécutif, a mayor.
    let plausible = |name: &String| {
        let words = name.split_whitespace().count();
        (1..=8).contains(&words) && name.chars().next().is_some_and(char::is_uppercase)
    };
    let named = authors.executive
        || authors.mayor.is_some()
        || !authors.groups.is_empty()
        || (!authors.persons.is_empty() && authors.persons.iter().all(plausible));
    named.then_some(authors)
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

    #[test]
    fn filing_lines_in_every_wording() {
        // Any case, "Vœu présenté par", the "de" forms with their contractions.
        let a = parse_filing("déposé par Chloé SAGASPE, Émile MEUNIER et les élu·e·s du Groupe Écologiste de Paris (GEP)").unwrap();
        assert_eq!(a.filing, Filing::Words("déposé par".into()));
        assert_eq!(a.persons, ["Chloé SAGASPE", "Émile MEUNIER"]);
        assert_eq!(a.groups, ["Groupe Écologiste de Paris (GEP)"]);
        assert_eq!(a.members.as_deref(), Some("les élu·e·s"));
        let a = parse_filing("Vœu présenté par Jeanne DURAND").unwrap();
        assert_eq!(a.filing, Filing::Words("Vœu présenté par".into()));
        assert_eq!(a.persons, ["Jeanne DURAND"]);
        let a = parse_filing("Sur proposition du groupe « Les Verts »").unwrap();
        assert_eq!(a.filing, Filing::Words("Sur proposition de".into()));
        assert_eq!(a.groups, ["« Les Verts »"]);
        let a = parse_filing("Voeu de Jeanne Durand et des élus du groupe Union").unwrap();
        assert_eq!(a.filing, Filing::Words("Voeu de".into()));
        assert_eq!(a.persons, ["Jeanne Durand"]);
        assert_eq!(a.members.as_deref(), Some("les élus"));
        let a = parse_filing("Sur la proposition d’Amélie FONTAINE").unwrap();
        assert_eq!(a.filing, Filing::Words("Sur la proposition de".into()));
        assert_eq!(a.persons, ["Amélie FONTAINE"]);
        let a =
            parse_filing("Sur proposition de M. Jean DUPONT, au nom des élus du groupe Socialiste")
                .unwrap();
        assert!(a.on_behalf);
        assert_eq!(a.persons, ["M. Jean DUPONT"]);
        assert_eq!(a.groups, ["Socialiste"]);
        let a = parse_filing("Déposé par Inès Benkhaled (groupe Les Écologistes) et Paul MARTIN (Groupe Paris en commun)").unwrap();
        assert_eq!(a.persons, ["Inès Benkhaled", "Paul MARTIN"]);
        assert_eq!(
            a.person_groups,
            [
                Some("Les Écologistes".into()),
                Some("Groupe Paris en commun".into())
            ]
        );
        // Not a filing line: "déposé par" in a sentence, nothing that reads as a name.
        assert!(parse_filing("Déposé par erreur au mauvais service, le dossier").is_none());
        assert!(parse_filing("Considérant que le projet déposé par la Ville").is_none());
    }
}
