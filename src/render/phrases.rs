//! The French phrases the tool writes around the authors' own texts: the filing line
//! ("Déposé par …") and the operative formula ("Sur proposition de …, le Conseil de Paris
//! émet le vœu que … :"). Each author is a noun phrase that knows its article, so that
//! "de" contracts by rule (de + le → du, de + les → des, de + a vowel → d’), never by
//! pasting strings. What the texts look like is the renderers' business; the typography
//! of the words is `typography`'s.

use crate::model::{Authors, Council, Filing, Formation, Inline, Person, Text};

/// The article a noun phrase opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Article {
    /// A name: "Claire DUVAL".
    None,
    /// "le groupe …".
    Le,
    /// "la …".
    La,
    /// "l’Exécutif".
    Elided,
    /// "les élu·es …".
    Les,
}

/// A noun phrase: an article and the words after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub article: Article,
    pub words: Vec<Inline>,
    /// Ends with an apposition ("Jean-Pierre LECOQ, Maire du 6e arrondissement"), which
    /// a comma closes when the list goes on.
    pub apposition: bool,
}

fn plain(s: &str) -> Inline {
    Inline::Plain(s.to_string())
}

/// The words of a text followed by more words.
fn words(parts: &[&[Inline]]) -> Vec<Inline> {
    parts.iter().flat_map(|p| p.iter().cloned()).collect()
}

/// Whether a French word written this way starts with a vowel sound (for "d’", "l’"):
/// a vowel, or an h, taken as mute as it is in most names (Hélène, Hervé).
fn starts_with_vowel_sound(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| "aeiouàâäéèêëîïôöûüAEIOUÀÂÄÉÈÊËÎÏÔÖÛÜhH".contains(c))
}

impl Phrase {
    /// A name, without article.
    pub fn name(text: &Text) -> Phrase {
        Phrase {
            article: Article::None,
            words: text.0.clone(),
            apposition: false,
        }
    }

    /// A person, with the group the text pairs them with: "Inès BENKHALED (groupe Les
    /// Écologistes)".
    pub fn person(person: &Person) -> Phrase {
        let mut phrase = Phrase::name(&person.name);
        if let Some(group) = &person.group {
            phrase.words.push(plain(if names_itself_a_group(group) {
                " ("
            } else {
                " (groupe "
            }));
            phrase.words.extend(group.0.iter().cloned());
            phrase.words.push(plain(")"));
        }
        phrase
    }

    /// Reads the article a wording opens with: "les élu·es" → (les, "élu·es").
    pub fn parse(text: &Text) -> Phrase {
        let plain_text = text.to_plain_string();
        let found = [
            ("les ", Article::Les),
            ("Les ", Article::Les),
            // "des élu·es" is "de" + "les élu·es" already contracted.
            ("des ", Article::Les),
            ("le ", Article::Le),
            ("Le ", Article::Le),
            ("la ", Article::La),
            ("La ", Article::La),
            ("l’", Article::Elided),
            ("l'", Article::Elided),
            ("L’", Article::Elided),
            ("L'", Article::Elided),
        ]
        .into_iter()
        .find(|(prefix, _)| plain_text.starts_with(prefix));
        match found {
            Some((prefix, article)) => Phrase {
                article,
                words: strip_prefix(&text.0, prefix.len()),
                apposition: false,
            },
            None => Phrase::name(text),
        }
    }

    /// The phrase as a subject or after "par": "les élu·es du groupe X".
    pub fn plain(&self) -> Vec<Inline> {
        let article = match self.article {
            Article::None => "",
            Article::Le => "le ",
            Article::La => "la ",
            Article::Elided => "l’",
            Article::Les => "les ",
        };
        let mut out = vec![plain(article)];
        out.extend(self.words.iter().cloned());
        out
    }

    /// The phrase after "de", contracted: "du groupe X", "des élu·es", "de la Maire",
    /// "de l’Exécutif", "d’Amélie FONTAINE", "de Claire DUVAL".
    pub fn with_de(&self) -> Vec<Inline> {
        let head = match self.article {
            Article::Le => "du ",
            Article::Les => "des ",
            Article::La => "de la ",
            Article::Elided => "de l’",
            Article::None if starts_with_vowel_sound(&plain_string(&self.words)) => "d’",
            Article::None => "de ",
        };
        let mut out = vec![plain(head)];
        out.extend(self.words.iter().cloned());
        out
    }
}

fn plain_string(inlines: &[Inline]) -> String {
    Text(inlines.to_vec()).to_plain_string()
}

/// The inlines of a text without its first `bytes` bytes of plain text (an article).
fn strip_prefix(inlines: &[Inline], bytes: usize) -> Vec<Inline> {
    let mut out = inlines.to_vec();
    if let Some(Inline::Plain(first)) = out.first_mut()
        && first.len() >= bytes
    {
        first.replace_range(..bytes, "");
        if first.is_empty() {
            out.remove(0);
        }
    }
    out
}

/// Joins phrases the French way, "a", "a et b", "a, b et c", closing an apposition with a
/// comma when the list goes on ("LECOQ, Maire du 6e arrondissement, et des élus").
fn join(phrases: Vec<(Vec<Inline>, bool)>) -> Vec<Inline> {
    let count = phrases.len();
    let mut out = Vec::new();
    for (i, (phrase, apposition)) in phrases.into_iter().enumerate() {
        out.extend(phrase);
        if i + 1 < count {
            let last = i + 2 == count;
            out.push(plain(match (last, apposition) {
                (true, true) => ", et ",
                (true, false) => " et ",
                (false, _) => ", ",
            }));
        }
    }
    out
}

/// Whether a group's name carries the word "groupe" itself ("Groupe Écologiste de Paris").
fn names_itself_a_group(name: &Text) -> bool {
    let plain_name = name.to_plain_string();
    let first = plain_name
        .trim_start_matches(['«', '"', '“', ' ', '\u{A0}', '\u{202F}'])
        .split([' ', '\u{A0}'])
        .next()
        .unwrap_or_default();
    first.eq_ignore_ascii_case("groupe") || first.eq_ignore_ascii_case("groupes")
}

/// The groups as noun phrases joined: "le groupe X", "les groupes X et Y", and when a
/// name says "Groupe" itself, one phrase per group: "le Groupe X et le groupe Y".
fn groups_phrases(groups: &[Text]) -> Vec<Phrase> {
    let one = |name: &Text| {
        let words = if names_itself_a_group(name) {
            name.0.clone()
        } else {
            words(&[&[plain("groupe ")], &name.0])
        };
        Phrase {
            article: Article::Le,
            words,
            apposition: false,
        }
    };
    match groups {
        [] => Vec::new(),
        [group] => vec![one(group)],
        _ if groups.iter().any(names_itself_a_group) => groups.iter().map(one).collect(),
        _ => {
            let names = join(groups.iter().map(|g| (g.0.clone(), false)).collect());
            vec![Phrase {
                article: Article::Les,
                words: words(&[&[plain("groupes ")], &names]),
                apposition: false,
            }]
        }
    }
}

/// The groups after "de": "du groupe X", "des groupes X et Y", "du Groupe X et du groupe Y".
fn groups_with_de(groups: &[Text]) -> Vec<Inline> {
    join(
        groups_phrases(groups)
            .iter()
            .map(|p| (p.with_de(), false))
            .collect(),
    )
}

/// Every author as a noun phrase, in the order they are named: the mayor, the Exécutif,
/// the persons, then the groups (or their members).
pub fn author_phrases(authors: &Authors, council: Council) -> Vec<Phrase> {
    let mut phrases = Vec::new();
    if let Some(mayor) = &authors.mayor {
        phrases.push(Phrase {
            article: Article::None,
            words: words(&[&mayor.0, &[plain(&format!(", {}", council.mayor_title()))]]),
            apposition: true,
        });
    }
    if authors.executive {
        phrases.push(Phrase {
            article: Article::Elided,
            words: vec![plain("Exécutif")],
            apposition: false,
        });
    }
    let groups = &authors.groups;
    if authors.on_behalf && !groups.is_empty() && !authors.persons.is_empty() {
        // "Claire DUVAL et Karim DJEBBAR au nom du groupe X": one phrase.
        let persons = join(
            authors
                .persons
                .iter()
                .map(|p| (Phrase::person(p).words, false))
                .collect(),
        );
        phrases.push(Phrase {
            article: Article::None,
            words: words(&[&persons, &[plain(" au nom ")], &groups_with_de(groups)]),
            apposition: false,
        });
        return phrases;
    }
    phrases.extend(authors.persons.iter().map(Phrase::person));
    if groups.is_empty() {
        return phrases;
    }
    match &authors.members {
        Some(members) => {
            let head = Phrase::parse(members);
            phrases.push(Phrase {
                words: words(&[&head.words, &[plain(" ")], &groups_with_de(groups)]),
                ..head
            });
        }
        None => phrases.extend(groups_phrases(groups)),
    }
    phrases
}

/// "Déposé par Claire DUVAL et les élu·es du groupe X", "Sur proposition de Claire
/// DUVAL et des élu·es du groupe X", "Vœu du groupe X"; `None` when the text prints no
/// filing line.
pub fn filing_line(authors: &Authors, council: Council) -> Option<Vec<Inline>> {
    let Filing::Words(words) = &authors.filing else {
        return None;
    };
    let words = words.trim();
    if Filing::takes_de(words) {
        // "de" goes with the first author, contracted ("du groupe", "d’Amélie").
        let head = words[..words.len() - 2].trim_end();
        let mut out = Vec::new();
        if !head.is_empty() {
            out.push(plain(&format!("{head} ")));
        }
        out.extend(proposers(authors, council));
        return Some(out);
    }
    let phrases = author_phrases(authors, council);
    let mut out = vec![plain(&format!("{words} "))];
    out.extend(join(
        phrases.iter().map(|p| (p.plain(), p.apposition)).collect(),
    ));
    Some(out)
}

/// "de Claire DUVAL, Karim DJEBBAR et des élu·es du groupe X": "de" before the first
/// author, and contracted with every later one that has an article (names follow bare,
/// as the published texts write them).
pub fn proposers(authors: &Authors, council: Council) -> Vec<Inline> {
    let phrases = author_phrases(authors, council);
    join(
        phrases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let inlines = if i == 0 || p.article != Article::None {
                    p.with_de()
                } else {
                    p.plain()
                };
                (inlines, p.apposition)
            })
            .collect(),
    )
}

/// "le Conseil de Paris, siégeant en formation de conseil municipal,": the council as
/// the subject of the formula, with the comma that closes the formation.
pub fn council_subject(council: Council, formation: Option<Formation>) -> String {
    match formation {
        Some(formation) if council == Council::Paris => {
            format!("le {}, {},", council.name(), formation.phrase())
        }
        _ => format!("le {}", council.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Filing;

    fn authors(persons: &[&str], groups: &[&str], members: Option<&str>) -> Authors {
        Authors {
            persons: persons
                .iter()
                .map(|p| Person::named(Text::plain(*p)))
                .collect(),
            groups: groups.iter().map(|g| Text::plain(*g)).collect(),
            members: members.map(Text::plain),
            executive: false,
            mayor: None,
            on_behalf: false,
            filing: Filing::filed(),
            filing_first: false,
        }
    }

    fn both(a: &Authors) -> (String, String) {
        (
            Text(filing_line(a, Council::Paris).unwrap_or_default()).to_plain_string(),
            Text(proposers(a, Council::Paris)).to_plain_string(),
        )
    }

    #[test]
    fn the_published_forms() {
        let a = authors(
            &["Sylvain RAIFAUD", "Aminata NIAKATÉ"],
            &["Les Écologistes"],
            Some("les élu·es"),
        );
        assert_eq!(
            both(&a),
            (
                "Déposé par Sylvain RAIFAUD, Aminata NIAKATÉ et les élu·es du groupe Les Écologistes".into(),
                "de Sylvain RAIFAUD, Aminata NIAKATÉ et des élu·es du groupe Les Écologistes".into()
            )
        );
        assert_eq!(
            both(&authors(&[], &["« Les Verts »"], None)).1,
            "du groupe « Les Verts »"
        );
        assert_eq!(
            both(&authors(&[], &["Changer Paris"], Some("les élus"))),
            (
                "Déposé par les élus du groupe Changer Paris".into(),
                "des élus du groupe Changer Paris".into()
            )
        );
        assert_eq!(
            both(&authors(&[], &["Groupe Écologiste de Paris (GEP)"], None)).1,
            "du Groupe Écologiste de Paris (GEP)"
        );
        assert_eq!(
            both(&authors(
                &["Amélie FONTAINE"],
                &["A", "B", "C"],
                Some("les membres")
            ))
            .1,
            "d’Amélie FONTAINE et des membres des groupes A, B et C"
        );
        assert_eq!(
            both(&authors(&[], &["Groupe A", "B"], None)).1,
            "du Groupe A et du groupe B"
        );
        let mut mayor = authors(&[], &["Union"], Some("les élus"));
        mayor.mayor = Some(Text::plain("Jean-Pierre LECOQ"));
        assert_eq!(
            Text(proposers(&mayor, Council::Arrondissement(6))).to_plain_string(),
            "de Jean-Pierre LECOQ, Maire du 6e arrondissement, et des élus du groupe Union"
        );
        let mut behalf = authors(&["Claire DUVAL"], &["X"], None);
        behalf.on_behalf = true;
        behalf.filing = Filing::presented();
        assert_eq!(
            both(&behalf),
            (
                "Présenté par Claire DUVAL au nom du groupe X".into(),
                "de Claire DUVAL au nom du groupe X".into()
            )
        );
        let mut executive = authors(&[], &[], None);
        executive.executive = true;
        assert_eq!(both(&executive).1, "de l’Exécutif");
        // Filing words that take "de", a person paired with a group, no filing line.
        let mut paired = authors(&["Amélie FONTAINE"], &["Changer Paris"], Some("les élus"));
        paired.persons.push(Person {
            name: Text::plain("Inès BENKHALED"),
            group: Some(Text::plain("Les Écologistes")),
        });
        paired.filing = Filing::Words("Sur proposition de".into());
        assert_eq!(
            both(&paired).0,
            "Sur proposition d’Amélie FONTAINE, Inès BENKHALED (groupe Les Écologistes) et \
             des élus du groupe Changer Paris"
        );
        let mut group = authors(&[], &["Les Verts"], None);
        group.filing = Filing::Words("Vœu de".into());
        assert_eq!(both(&group).0, "Vœu du groupe Les Verts");
        group.filing = Filing::Hidden;
        assert_eq!(filing_line(&group, Council::Paris), None);
    }
}
