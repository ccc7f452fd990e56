//! The document every format prints, assembled once from a typeset `Motion`: the header
//! (council, session, number, commission), the filing line, the operative formula, the
//! outcome, and the metadata. The French wording of these lines lives here, so PDF, DOCX
//! and HTML say exactly the same thing; how it looks is each renderer's business.

use super::phrases;
use crate::model::{
    Date, Inline, Item, Motion, MotionKind, Motives, Operative, Sitting, Status, Text, Vote,
};
use crate::typography::{MONTHS, typeset};
use serde::{Deserialize, Serialize};

/// A motion laid out as lines of text, ready for a renderer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub kind: MotionKind,
    /// "Conseil de Paris", "Conseil du 11e arrondissement".
    pub council: Text,
    /// "Siégeant en formation de conseil municipal", under the council, for an
    /// amendement of the Conseil de Paris before 2019 (a vœu's formula says it).
    pub formation: Option<Text>,
    /// "Séance des 8, 9 et 10 décembre 2026", "Séance d’octobre 2002".
    pub session: Text,
    /// The line under the session: "Vœu n° 18 — Projet de délibération 2026 DEVE 41 —
    /// 4e Commission — 2026 V. 312", each part present or not.
    pub references: Vec<Text>,
    pub title: Text,
    /// "Déposé par … et les élu·es du groupe …", "Déposé par l’Exécutif"; none for a
    /// text that prints no filing line.
    pub filing: Option<Text>,
    /// The filing line goes above the title ("Vœu de …" then "Relatif à …").
    pub filing_first: bool,
    /// The publication notice under the title, as the bulletin prints it.
    pub notice: Vec<Text>,
    /// "Le Conseil de Paris, siégeant en formation de conseil municipal,".
    pub preamble: Vec<Text>,
    /// "Vu :" over the visas listed under it.
    pub citations_heading: Option<Text>,
    pub citations: Vec<Item>,
    pub motives: Option<Motives>,
    /// "Considérant :" over the considérants listed under it.
    pub considerants_heading: Option<Text>,
    pub considerants: Vec<Item>,
    /// "Sur proposition de …, le Conseil de Paris émet le vœu que la Ville de Paris :",
    /// or the text's own formula, in its paragraphs.
    pub formula: Vec<Text>,
    /// The requests of a vœu, or the changes of an amendement.
    pub items: Vec<Item>,
    /// Whether the requests get a bullet: not when each brings its own marker ("- Que
    /// …", "1° …"), printed as written.
    pub items_marked: bool,
    /// How the council decided, when it has.
    pub outcome: Option<OutcomeLines>,
    pub metadata: Metadata,
}

/// The end of a decided text (or its first lines): "Le vœu a été adopté à l’unanimité
/// le 9 décembre 2026.", a line on the vote as the text gives it, and the administrative
/// lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeLines {
    pub decision: Text,
    pub detail: Option<Text>,
    pub administrative: Vec<Text>,
    /// Printed first, above the council.
    pub first: bool,
}

/// What documents say about themselves (PDF info, DOCX core properties, HTML meta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The title as plain text.
    pub title: String,
    /// Each author as plain text: the mayor, the Exécutif, the persons, then the groups.
    pub authors: Vec<String>,
    /// The authors that are people.
    pub persons: Vec<String>,
    /// The authors that are bodies: the Exécutif, the groups.
    pub organizations: Vec<String>,
    pub keywords: Vec<String>,
    /// One sentence: kind, council, session.
    pub description: String,
    /// The first day of the session (none when only its month is known).
    pub date: Option<Date>,
    /// How sessions sort: `2026-12-08`, or `2002-10` for a month.
    pub period: String,
    /// The official reference, or the council, session and number.
    pub identifier: Option<String>,
    /// "Vœu" or "Amendement".
    pub kind_label: String,
    pub council_name: String,
    pub status: Status,
    /// The status as a phrase, with the vote: "adopté à l’unanimité".
    pub status_label: String,
    pub reference: Option<String>,
    pub number: Option<String>,
    /// The délibérations the text is attached to, as one phrase ("2026 DEVE 41", "2015
    /// DDCT 171 et 2015 DDCT 10 G"): a séance's booklet groups amendements by it.
    pub deliberations: Option<String>,
    pub language: String,
}

fn plain(s: &str) -> Inline {
    Inline::Plain(s.to_string())
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

/// "Séance d’octobre 2002", "Séance de mars 2003", or the days.
pub fn sitting_label(sitting: &Sitting) -> String {
    match sitting {
        Sitting::Days(days) => session_label(days),
        Sitting::Month { year, month } => {
            let name = MONTHS[usize::from(month.saturating_sub(1)).min(11)];
            let de = if name.starts_with(['a', 'o']) {
                "d’"
            } else {
                "de "
            };
            format!("Séance {de}{name} {year}")
        }
    }
}

/// "le 9 décembre 2026".
fn date_in_words(date: Date) -> String {
    format!(
        "le {} {} {}",
        day(date.day),
        MONTHS[usize::from(date.month.saturating_sub(1)).min(11)],
        date.year
    )
}

/// Whether a title already carries the number ("Amendement n° 1 à la délibération …"):
/// the header and the index then do not repeat it.
pub fn title_has_number(title: &str, number: &str) -> bool {
    let title = title.replace(['\u{A0}', '\u{202F}'], " ");
    let wanted = format!("n° {}", number.replace(['\u{A0}', '\u{202F}'], " "));
    title.match_indices(&wanted).any(|(at, _)| {
        !title[at + wanted.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
    })
}

/// Assembles the document of a typeset motion.
pub fn assemble(motion: &Motion) -> Document {
    let kind_label = kind_label(motion.kind);
    let label = motion
        .number
        .as_ref()
        .filter(|n| !title_has_number(&motion.title.to_plain_string(), &n.to_string()))
        .map(|n| format!("{kind_label} n° {n}"));
    let commission = motion.commission.map(|c| {
        if c == 1 {
            "1re Commission".to_string()
        } else {
            format!("{c}e Commission")
        }
    });
    let deliberation = match motion.attached_to.as_slice() {
        [] => None,
        [one] => Some(format!("Projet de délibération {one}")),
        many => Some(format!("Projets de délibération {}", refs_list(many))),
    };
    let references: Vec<Text> = [
        label,
        deliberation,
        commission,
        motion.reference.as_ref().map(ToString::to_string),
    ]
    .into_iter()
    .flatten()
    .map(|line| typeset(&Text::plain(line)))
    .collect();
    let council = motion.session.council.name();
    let session = sitting_label(&motion.session.sitting);
    let metadata = metadata(motion, &council, &session);
    // The wording assembled here (and only it: the motion's own texts are typeset
    // already) goes through the typography pass; the parts of the motion it quotes stay
    // as they are, the pass being idempotent.
    // An amendement's formula does not name the formation the council sat in (a vœu's
    // does): its header does, under the council, as published texts open ("Conseil de
    // Paris, siégeant en formation de conseil municipal").
    let formation = match (motion.kind, motion.session.formation) {
        (MotionKind::Amendement, Some(formation))
            if motion.session.council == crate::model::Council::Paris =>
        {
            let phrase = formation.phrase();
            let mut capitalised: String = phrase[..1].to_uppercase();
            capitalised.push_str(&phrase[1..]);
            Some(typeset(&Text::plain(capitalised)))
        }
        _ => None,
    };
    Document {
        kind: motion.kind,
        council: typeset(&Text::plain(council)),
        formation,
        session: typeset(&Text::plain(session)),
        references,
        title: motion.title.clone(),
        filing: phrases::filing_line(&motion.authors, motion.session.council)
            .map(|line| typeset(&Text(line))),
        filing_first: motion.authors.filing_first,
        notice: motion.notice.clone(),
        preamble: motion.preamble.clone(),
        citations_heading: motion.citations_heading.clone(),
        citations: motion.citations.clone(),
        motives: motion.motives.clone(),
        considerants_heading: motion.considerants_heading.clone(),
        considerants: motion.considerants.clone(),
        formula: match &motion.formula {
            Some(formula) => formula.clone(),
            None => vec![typeset(&Text(formula(motion)))],
        },
        items: motion.operative.items().to_vec(),
        items_marked: items_need_marker(motion.operative.items()),
        outcome: outcome(motion),
        metadata,
    }
}

/// Whether the requests or changes need a printed marker (a bullet): not when each
/// opens with its own ("- Que …", "1° …", "a) …"), which is then printed as written.
pub fn items_need_marker(items: &[Item]) -> bool {
    items.is_empty()
        || !items.iter().all(|item| {
            item.paragraphs
                .first()
                .is_some_and(|p| opens_with_enumerator(&p.to_plain_string()))
        })
}

/// Whether the sub-items of an entry need a printed marker (a dash): not when each
/// opens with its own ("a)", "1°", "2.", "–", "-", "•", "i)"), which is then printed as
/// written.
pub fn subitems_need_marker(item: &Item) -> bool {
    !item.subitems.iter().all(|paragraphs| {
        paragraphs
            .first()
            .is_some_and(|p| opens_with_enumerator(&p.to_plain_string()))
    })
}

/// "a)", "b.", "1°", "12)", "iv)", "–", "-", "•", "*" at the start of a text.
fn opens_with_enumerator(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with(['–', '—', '-', '•', '*', '·']) {
        return true;
    }
    let head: String = text.chars().take_while(|c| c.is_alphanumeric()).collect();
    let count = head.chars().count();
    let enumerator = (1..=3).contains(&count) && head.chars().all(|c| c.is_ascii_digit())
        || count == 1 && head.chars().all(|c| c.is_alphabetic())
        || (1..=4).contains(&count) && head.chars().all(|c| "ivx".contains(c))
        || (1..=4).contains(&count) && head.chars().all(|c| "IVX".contains(c));
    let rest = &text[head.len()..];
    enumerator && (rest.starts_with(')') || rest.starts_with('°') || rest.starts_with(". "))
}

/// "2015 DDCT 171 et 2015 DDCT 10 G".
/// The délibérations a text is attached to, as one phrase, or `None`.
pub fn deliberations_phrase(refs: &[crate::model::DeliberationRef]) -> Option<String> {
    (!refs.is_empty()).then(|| refs_list(refs))
}

fn refs_list(refs: &[crate::model::DeliberationRef]) -> String {
    let refs: Vec<String> = refs.iter().map(ToString::to_string).collect();
    crate::diag::french_list(&refs)
}

/// "Vœu" or "Amendement".
fn kind_label(kind: MotionKind) -> &'static str {
    match kind {
        MotionKind::Voeu => "Vœu",
        MotionKind::Amendement => "Amendement",
    }
}

/// The operative formula: "Sur proposition de …, le Conseil de Paris émet le vœu que
/// la Ville de Paris :", "…, le projet de délibération 2026 DEVE 112 est ainsi modifié :".
fn formula(motion: &Motion) -> Vec<Inline> {
    let council = motion.session.council;
    let mut formula = vec![plain("Sur proposition ")];
    formula.extend(phrases::proposers(&motion.authors, council));
    match &motion.operative {
        Operative::Voeu { addressee, .. } => {
            formula.push(plain(&format!(
                ", {} émet le vœu",
                phrases::council_subject(council, motion.session.formation)
            )));
            if let Some(addressee) = addressee {
                formula.push(plain(" que "));
                formula.extend(addressee.0.iter().cloned());
            }
            formula.push(plain(" :"));
        }
        Operative::Amendement { .. } => {
            let target = match motion.attached_to.as_slice() {
                [] => "le projet de délibération est ainsi modifié".to_string(),
                [one] => format!("le projet de délibération {one} est ainsi modifié"),
                many => format!(
                    "les projets de délibération {} sont ainsi modifiés",
                    refs_list(many)
                ),
            };
            formula.push(plain(&format!(", {target} :")));
        }
    }
    formula
}

/// The decision as a past participle with its vote: "adopté à l’unanimité".
fn decision_words(status: Status, vote: Option<Vote>, feminine: bool) -> Option<String> {
    let e = if feminine { "e" } else { "" };
    let word = match status {
        Status::Adopted => format!("adopté{e}"),
        Status::AdoptedAmended => format!(
            "adopté{e} tel{} qu’amendé{e}",
            if feminine { "le" } else { "" }
        ),
        Status::Rejected => format!("rejeté{e}"),
        Status::Withdrawn => format!("retiré{e}"),
        Status::NotVoted => format!("non soumis{e} au vote"),
        Status::Draft | Status::Filed => return None,
    };
    let vote = match vote {
        Some(Vote::Unanimity) => " à l’unanimité",
        Some(Vote::Majority) => " à la majorité",
        None => "",
    };
    Some(format!("{word}{vote}"))
}

/// "Le vœu a été adopté à l’unanimité le 9 décembre 2026.", "L’amendement a été
/// retiré.", "Le vœu n’a pas été soumis au vote."; then the vote's detail and the
/// administrative lines as the text gives them.
fn outcome(motion: &Motion) -> Option<OutcomeLines> {
    let noun = match motion.kind {
        MotionKind::Voeu => "Le vœu",
        MotionKind::Amendement => "L’amendement",
    };
    let status = motion.status;
    let first = motion.outcome.first;
    if let Some(decision) = &motion.outcome.decision
        && status.is_decided()
    {
        return Some(OutcomeLines {
            decision: decision.clone(),
            detail: motion.outcome.detail.clone(),
            administrative: motion.outcome.administrative.clone(),
            first,
        });
    }
    let mut sentence = match status {
        Status::NotVoted => format!("{noun} n’a pas été soumis au vote"),
        _ => format!(
            "{noun} a été {}",
            decision_words(status, motion.outcome.vote, false)?
        ),
    };
    if let Some(date) = motion.outcome.date {
        sentence.push(' ');
        sentence.push_str(&date_in_words(date));
    }
    sentence.push('.');
    Some(OutcomeLines {
        decision: typeset(&Text::plain(sentence)),
        detail: motion.outcome.detail.clone(),
        administrative: motion.outcome.administrative.clone(),
        first,
    })
}

/// The status as the index shows it: "déposé", "adopté à l’unanimité".
pub fn status_label(status: Status, vote: Option<Vote>) -> String {
    match status {
        Status::Draft => "brouillon".into(),
        Status::Filed => "déposé".into(),
        _ => decision_words(status, vote, false).unwrap_or_default(),
    }
}

/// What the documents say about themselves.
fn metadata(motion: &Motion, council: &str, session: &str) -> Metadata {
    let authors = &motion.authors;
    let kind_label = kind_label(motion.kind);
    let mut person_names: Vec<String> = Vec::new();
    if let Some(mayor) = &authors.mayor {
        person_names.push(plain_name(mayor));
    }
    person_names.extend(authors.persons.iter().map(|p| plain_name(&p.name)));
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
        date: motion.session.sitting.first_day(),
        period: motion.session.sitting.sort_key(),
        identifier,
        kind_label: kind_label.into(),
        council_name: council.to_string(),
        status: motion.status,
        status_label: status_label(motion.status, motion.outcome.vote),
        reference: motion.reference.as_ref().map(ToString::to_string),
        number,
        deliberations: deliberations_phrase(&motion.attached_to),
        language: "fr-FR".into(),
    }
}

/// A name as plain text with ordinary spaces (the no-break spaces that keep it on one
/// line in print are not part of the name).
fn plain_name(name: &Text) -> String {
    name.to_plain_string().replace('\u{A0}', " ")
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
    fn own_enumerators() {
        for yes in [
            "a) x", "b. x", "1° x", "12) x", "iv) x", "– x", "- x", "• x",
        ] {
            assert!(opens_with_enumerator(yes), "{yes}");
        }
        for no in ["Demande x", "Que x", "le 1er", "abc) x", "2026 DEVE"] {
            assert!(!opens_with_enumerator(no), "{no}");
        }
    }

    #[test]
    fn month_labels_and_numbers_in_titles() {
        let month = |m| {
            sitting_label(&Sitting::Month {
                year: 2002,
                month: m,
            })
        };
        assert_eq!(month(10), "Séance d’octobre 2002");
        assert_eq!(month(4), "Séance d’avril 2002");
        assert_eq!(month(3), "Séance de mars 2002");
        assert!(title_has_number(
            "Amendement n°\u{a0}1 à la délibération",
            "1"
        ));
        assert!(title_has_number("Amendement n° 1", "1"));
        assert!(title_has_number("Vœu n° 18 bis relatif", "18 bis"));
        assert!(!title_has_number("Amendement n° 12", "1"));
        assert!(!title_has_number("Amendement au projet", "1"));
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
