//! The document every format prints, assembled once from a typeset `Motion`: the header
//! (council, session, number, commission), the filing line, the operative formula, the
//! outcome, and the metadata. The French wording of these lines lives here, so PDF, DOCX
//! and HTML say exactly the same thing; how it looks is each renderer's business.

use crate::model::{Council, Date, Inline, Motion, MotionKind, Operative, Status, Text};
use crate::typography::{MONTHS, typeset};
use serde::{Deserialize, Serialize};

/// A motion laid out as lines of text, ready for a renderer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub kind: MotionKind,
    /// "Conseil de Paris", "Conseil du 11e arrondissement".
    pub council: Text,
    /// "Séance des 8, 9 et 10 décembre 2026".
    pub session: Text,
    /// "Vœu n° 18", "Amendement n° 7"; `None` without a number.
    pub label: Option<Text>,
    /// "4e Commission".
    pub commission: Option<Text>,
    pub title: Text,
    /// For an amendement, or a vœu attached to a délibération: "Projet de délibération
    /// 2026 DEVE 112".
    pub deliberation: Option<Text>,
    /// "Déposé par … et les élu·es du groupe …", "Déposé par l’Exécutif".
    pub filing: Text,
    pub citations: Vec<Text>,
    pub considerants: Vec<Text>,
    /// "Sur proposition de …, le Conseil de Paris émet le vœu que la Ville de Paris :"
    pub formula: Text,
    /// The requests of a vœu, or the changes of an amendement.
    pub items: Vec<Text>,
    /// "Le projet de vœu est adopté." and the reference, when the outcome is known.
    pub outcome: Option<Text>,
    pub metadata: Metadata,
}

/// What documents say about themselves (PDF info, DOCX core properties, HTML meta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The title as plain text.
    pub title: String,
    /// Each author as plain text: the Exécutif, the persons, then the groups.
    pub authors: Vec<String>,
    /// The authors that are people.
    pub persons: Vec<String>,
    /// The authors that are bodies: the Exécutif, the groups.
    pub organizations: Vec<String>,
    pub keywords: Vec<String>,
    /// One sentence: kind, council, session.
    pub description: String,
    /// The first day of the session.
    pub date: Option<Date>,
    /// The official reference, or the council, session and number.
    pub identifier: Option<String>,
    /// "Vœu" or "Amendement".
    pub kind_label: String,
    pub council_name: String,
    pub status: Status,
    pub reference: Option<String>,
    pub number: Option<String>,
    pub language: String,
}

fn plain(s: &str) -> Inline {
    Inline::Plain(s.to_string())
}

/// Joins texts the French way: "a", "a et b", "a, b et c".
fn join(parts: &[Text]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(plain(if i + 1 == parts.len() { " et " } else { ", " }));
        }
        out.extend(part.0.iter().cloned());
    }
    out
}

fn day(d: u8) -> String {
    if d == 1 { "1er".into() } else { d.to_string() }
}

/// "Séance du 12 mai 2023", "Séance des 8, 9 et 10 décembre 2026",
/// "Séance des 30 novembre et 1er décembre 2026".
pub fn session_label(dates: &[Date]) -> String {
    let mut groups: Vec<(u16, u8, Vec<u8>)> = Vec::new();
    for date in dates {
        match groups.last_mut() {
            Some((y, m, days)) if *y == date.year && *m == date.month => days.push(date.day),
            _ => groups.push((date.year, date.month, vec![date.day])),
        }
    }
    let years_differ = groups.first().map(|g| g.0) != groups.last().map(|g| g.0);
    let parts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(i, (year, month, days))| {
            let days: Vec<String> = days.iter().map(|d| day(*d)).collect();
            let mut part = format!(
                "{} {}",
                crate::diag::french_list(&days),
                MONTHS[(*month - 1) as usize]
            );
            if years_differ || i + 1 == groups.len() {
                part.push_str(&format!(" {year}"));
            }
            part
        })
        .collect();
    let single_day = dates.len() == 1;
    format!(
        "Séance {} {}",
        if single_day { "du" } else { "des" },
        crate::diag::french_list(&parts)
    )
}

/// Whether a text starts with a vowel sound, for the elision of "de" ("d’Amélie").
fn starts_with_vowel(text: &Text) -> bool {
    text.to_plain_string()
        .chars()
        .next()
        .is_some_and(|c| "aeiouyàâäéèêëîïôöûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ".contains(c))
}

/// The council as named in the formula: "le Conseil de Paris".
fn council_in_formula(council: Council) -> String {
    format!("le {}", council.name())
}

/// Assembles the document of a typeset motion.
pub fn assemble(motion: &Motion) -> Document {
    let kind_label = kind_label(motion.kind);
    let (filing, formula) = filing_and_formula(motion);
    let items = match &motion.operative {
        Operative::Voeu { requests, .. } => requests.clone(),
        Operative::Amendement { changes } => changes.clone(),
    };
    let label = motion
        .number
        .as_ref()
        .map(|n| Text::plain(format!("{kind_label} n° {n}")));
    let commission = motion.commission.map(|c| {
        Text::plain(if c == 1 {
            "1re Commission".to_string()
        } else {
            format!("{c}e Commission")
        })
    });
    let deliberation = motion
        .attached_to
        .as_ref()
        .map(|d| Text::plain(format!("Projet de délibération {d}")));
    let council = motion.session.council.name();
    let session = session_label(&motion.session.dates);
    let metadata = metadata(motion, &council, &session);
    // The wording assembled here (and only it: the motion's own texts are typeset
    // already) goes through the typography pass; the parts of the motion it quotes stay
    // as they are, the pass being idempotent.
    Document {
        kind: motion.kind,
        council: typeset(&Text::plain(council)),
        session: typeset(&Text::plain(session)),
        label: label.map(|t| typeset(&t)),
        commission: commission.map(|t| typeset(&t)),
        title: motion.title.clone(),
        deliberation: deliberation.map(|t| typeset(&t)),
        filing: typeset(&Text(filing)),
        citations: motion.citations.clone(),
        considerants: motion.considerants.clone(),
        formula: typeset(&Text(formula)),
        items,
        outcome: outcome(motion).map(|t| typeset(&t)),
        metadata,
    }
}

/// "Vœu" or "Amendement".
fn kind_label(kind: MotionKind) -> &'static str {
    match kind {
        MotionKind::Voeu => "Vœu",
        MotionKind::Amendement => "Amendement",
    }
}

/// The filing line ("Déposé par Claire DUVAL et les élu·es du groupe X") and the
/// operative formula ("Sur proposition de …, le Conseil de Paris émet le vœu que … :").
fn filing_and_formula(motion: &Motion) -> (Vec<Inline>, Vec<Inline>) {
    let authors = &motion.authors;
    let groups_phrase = |article_form: bool| -> Vec<Inline> {
        // "les élu·es du groupe X" in the filing line, "des élu·es du groupe X" in the
        // formula ("de" + "les" = "des").
        let mut out = Vec::new();
        if authors.groups.is_empty() {
            return out;
        }
        let members = match &authors.members {
            Some(members) => members.to_plain_string(),
            None if authors.groups.len() == 1 => "les élu·es du groupe".into(),
            None => "les élu·es des groupes".into(),
        };
        let members = if article_form {
            members
        } else if let Some(rest) = members.strip_prefix("les ") {
            format!("des {rest}")
        } else {
            format!("de {members}")
        };
        out.push(plain(&format!("{members} ")));
        out.extend(join(&authors.groups));
        out
    };
    // "l’Exécutif, Claire DUVAL, Mathieu ROCHER et les élu·es du groupe X": one list.
    let authors_list = |article_form: bool| -> Vec<Inline> {
        let mut parts: Vec<Text> = Vec::new();
        if authors.executive {
            parts.push(Text::plain("l’Exécutif"));
        }
        parts.extend(authors.persons.iter().cloned());
        if !authors.groups.is_empty() {
            parts.push(Text(groups_phrase(article_form)));
        }
        join(&parts)
    };
    let mut filing = vec![plain("Déposé par ")];
    filing.extend(authors_list(true));
    let proposers = authors_list(false);
    let mut formula = vec![plain(if starts_with_vowel(&Text(proposers.clone())) {
        "Sur proposition d’"
    } else {
        "Sur proposition de "
    })];
    formula.extend(proposers);
    match &motion.operative {
        Operative::Voeu { addressee, .. } => {
            formula.push(plain(&format!(
                ", {} émet le vœu",
                council_in_formula(motion.session.council)
            )));
            if let Some(addressee) = addressee {
                formula.push(plain(" que "));
                formula.extend(addressee.0.iter().cloned());
            }
            formula.push(plain(" :"));
        }
        Operative::Amendement { .. } => {
            let target = motion
                .attached_to
                .as_ref()
                .map(|d| format!(" {d}"))
                .unwrap_or_default();
            formula.push(plain(&format!(
                ", le projet de délibération{target} est ainsi modifié :"
            )));
        }
    }
    (filing, formula)
}

/// "Le projet de vœu est adopté. Référence : 2026 V. 312", once the outcome is known.
fn outcome(motion: &Motion) -> Option<Text> {
    let noun = match motion.kind {
        MotionKind::Voeu => "Le projet de vœu",
        MotionKind::Amendement => "L’amendement",
    };
    let word = match motion.status {
        Status::Adopted => "est adopté",
        Status::AdoptedAmended => "est adopté tel qu’amendé",
        Status::Rejected => "est repoussé",
        Status::Withdrawn => "est retiré",
        Status::Draft | Status::Filed => return None,
    };
    let mut line = format!("{noun} {word}.");
    if let Some(reference) = &motion.reference {
        line.push_str(&format!(" Référence : {reference}"));
    }
    Some(Text::plain(line))
}

/// What the documents say about themselves.
fn metadata(motion: &Motion, council: &str, session: &str) -> Metadata {
    let authors = &motion.authors;
    let kind_label = kind_label(motion.kind);
    let person_names: Vec<String> = authors.persons.iter().map(Text::to_plain_string).collect();
    let mut organizations: Vec<String> = Vec::new();
    if authors.executive {
        organizations.push("Exécutif de la Ville de Paris".into());
    }
    organizations.extend(authors.groups.iter().map(Text::to_plain_string));
    // The Exécutif first, then the persons, then the groups.
    let mut author_names = organizations[..usize::from(authors.executive)].to_vec();
    author_names.extend(person_names.iter().cloned());
    author_names.extend(
        organizations[usize::from(authors.executive)..]
            .iter()
            .cloned(),
    );
    let number = motion.number.as_ref().map(ToString::to_string);
    let identifier = match (&motion.reference, &number) {
        (Some(reference), _) => Some(reference.to_string()),
        (None, Some(n)) => Some(format!(
            "{council}, {}, {} n° {n}",
            session.to_lowercase(),
            kind_label.to_lowercase()
        )),
        (None, None) => None,
    };
    Metadata {
        description: format!("{kind_label} — {council}, {}", session.to_lowercase()),
        title: motion.title.to_plain_string(),
        authors: author_names,
        persons: person_names,
        organizations,
        keywords: motion.tags.clone(),
        date: motion.session.dates.first().copied(),
        identifier,
        kind_label: kind_label.into(),
        council_name: council.to_string(),
        status: motion.status,
        reference: motion.reference.as_ref().map(ToString::to_string),
        number,
        language: "fr-FR".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date {
            year: y,
            month: m,
            day: d,
        }
    }

    #[test]
    fn session_labels() {
        assert_eq!(session_label(&[date(2023, 5, 12)]), "Séance du 12 mai 2023");
        assert_eq!(
            session_label(&[date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10)]),
            "Séance des 8, 9 et 10 décembre 2026"
        );
        assert_eq!(
            session_label(&[date(2026, 11, 30), date(2026, 12, 1)]),
            "Séance des 30 novembre et 1er décembre 2026"
        );
        assert_eq!(
            session_label(&[date(2026, 12, 31), date(2027, 1, 2)]),
            "Séance des 31 décembre 2026 et 2 janvier 2027"
        );
    }
}
