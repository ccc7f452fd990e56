//! A motion recognised in a document's blocks: its header (council, séance, number,
//! commission, délibérations, reference), title, authors, visas, exposé, considérants,
//! formula, requests or changes (with their quotes and sub-items), and outcome, read in
//! the order published texts print them. What surrounds the text on a web page (a
//! campaign banner, "retour", an image caption, a newsletter form) is left out, and a
//! hashtag near the text becomes a tag. Nothing is invented: a part the text does not
//! give stays empty, for `emit` to mark. Checking the result is `import`'s.

use super::authors::{DraftAuthors, fold, parse_filing, split_list};
use super::blocks::{Block, BlockKind};
use crate::model::{Date, Formation, MotionKind, Status, Vote};
use crate::typography::MONTHS;

/// A list entry: its paragraphs, a quoted text (one line per paragraph), sub-items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftItem {
    pub paragraphs: Vec<String>,
    pub quote: Vec<String>,
    pub subitems: Vec<String>,
}

impl DraftItem {
    fn new(text: &str) -> DraftItem {
        DraftItem {
            paragraphs: text.split("\n\n").map(str::to_string).collect(),
            ..DraftItem::default()
        }
    }

    /// The last words of the entry as printed.
    fn last_text(&self) -> &str {
        self.subitems
            .last()
            .or(self.quote.last())
            .or(self.paragraphs.last())
            .map_or("", String::as_str)
    }
}

/// The outcome lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftOutcome {
    pub vote: Option<Vote>,
    pub detail: Option<String>,
    pub date: Option<Date>,
    pub administrative: Vec<String>,
    /// The decision as the source prints it, when its words are not the format's.
    pub decision: Option<String>,
    /// The decision sentence as the source writes it, to compare with the format's.
    pub source_decision: Option<String>,
    /// Printed first, as the source prints it.
    pub first: bool,
}

/// How the exposé's heading reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MotivesHeading {
    /// "Exposé des motifs", the default.
    Default,
    Other(String),
    /// Printed without a heading.
    None,
}

/// A motion as recognised, every part as the source writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub kind: MotionKind,
    pub title: Option<String>,
    pub number: Option<String>,
    pub commission: Option<u8>,
    pub attached_to: Vec<String>,
    pub status: Option<Status>,
    pub reference: Option<String>,
    pub tags: Vec<String>,
    /// The publication notice under the title, and the preamble before the body.
    pub notice: Vec<String>,
    pub preamble: Option<String>,
    pub citations_heading: Option<String>,
    pub citations: Vec<DraftItem>,
    pub motives: Vec<String>,
    pub motives_heading: MotivesHeading,
    pub considerants_heading: Option<String>,
    pub considerants: Vec<DraftItem>,
    /// The formula as printed (its paragraphs a blank line apart), when it is not the one
    /// the format would write.
    pub formula: Option<String>,
    /// The formula as the source prints it (to compare with the format's own).
    pub source_formula: Option<String>,
    pub council: Option<String>,
    pub formation: Option<Formation>,
    pub dates: Vec<Date>,
    /// "2002-10".
    pub month: Option<String>,
    pub authors: DraftAuthors,
    /// The filing line as the source prints it.
    pub source_filing: Option<String>,
    pub addressee: Option<String>,
    pub items: Vec<DraftItem>,
    pub outcome: DraftOutcome,
    /// Fields to check, with why: written as `# À VÉRIFIER : …`.
    pub doubts: Vec<(&'static str, String)>,
    /// What was left out of the source, for the report.
    pub left_out: Vec<String>,
    /// What of it is a site's or a database's (share bars, links back, notes): not the
    /// motion's words.
    pub chrome: Vec<String>,
    /// The text of every block of the motion's own stretch (from the first block read as
    /// part of it to the last), in order: its words, but a site's, are the source's.
    pub read: Vec<String>,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            kind: MotionKind::Voeu,
            title: None,
            number: None,
            commission: None,
            attached_to: Vec::new(),
            status: None,
            reference: None,
            tags: Vec::new(),
            notice: Vec::new(),
            preamble: None,
            citations_heading: None,
            citations: Vec::new(),
            motives: Vec::new(),
            motives_heading: MotivesHeading::Default,
            considerants_heading: None,
            considerants: Vec::new(),
            formula: None,
            source_formula: None,
            council: None,
            formation: None,
            dates: Vec::new(),
            month: None,
            authors: DraftAuthors::default(),
            source_filing: None,
            addressee: None,
            items: Vec::new(),
            outcome: DraftOutcome::default(),
            doubts: Vec::new(),
            left_out: Vec::new(),
            chrome: Vec::new(),
            read: Vec::new(),
        }
    }
}

/// Case-, accent- and apostrophe-insensitive start: "Vœu", "VŒU", "Voeu", "voeu"; the
/// words are given folded ("voeu ", "considerant").
fn starts_with_word(text: &str, words: &[&str]) -> bool {
    // Only the text's start is folded: it is asked of every paragraph many times.
    let head: String = text.trim_start().chars().take(48).collect();
    let folded = fold(&head);
    words.iter().any(|w| folded.starts_with(&fold(w)))
}

/// A line that names a working document, not a motion: « PROJET DE VŒU – version 3
/// (relue par CD) », « Brouillon », « Document de travail ».
fn is_working_label(text: &str) -> bool {
    let folded = fold(text);
    [
        "version ",
        " v1",
        " v2",
        " v3",
        "relu par",
        "relue par",
        "brouillon",
        "document de travail",
    ]
    .iter()
    .any(|w| folded.contains(w))
        || folded.split_whitespace().any(|w| {
            w.len() >= 2 && w.starts_with('v') && w[1..].chars().all(|c| c.is_ascii_digit())
        })
}

/// A title: "Vœu relatif à …", "Amendement n° 3 au projet …", "Projet de vœu …", "VŒU
/// RELATIF …", "Relatif à …" (under "Vœu de …"), "Vœu de Jeanne DURAND relatif à …".
fn is_title(text: &str) -> bool {
    let text = strip_database_prefix(text).unwrap_or(text);
    // The start first: most paragraphs are not titles, and this is asked of each.
    let head: String = text.chars().take(24).collect();
    let folded = fold(&head);
    let opens = [
        "voeu ",
        "voeux ",
        "amendement ",
        "projet de voeu",
        "proposition de voeu",
        "relatif a ",
        "relative a ",
        "relatifs a ",
        "relatives a ",
        "relatif au",
        "relative au",
        "relatif aux",
    ]
    .iter()
    .any(|w| folded.starts_with(w));
    if !opens {
        return false;
    }
    let folded = fold(text);
    // "Vœu présenté par …" is a filing line, unless it goes on "relatif à …".
    let filing = super::authors::filing_opening(text).is_some() && !folded.contains(" relati");
    opens
        && !filing
        && reference_parts(text).is_none()
        && !is_outcome_caps(text)
        && !is_working_label(text)
        && text.chars().count() > 12
}

/// Whether a line reads as a heading of a motion (a title, however it is worded).
pub fn looks_like_heading(text: &str) -> bool {
    is_title(text) || is_working_label(text)
}

/// A database's prefix before a title: "G - " marks a text of the Conseil général.
fn strip_database_prefix(text: &str) -> Option<&str> {
    ["G - ", "G – ", "G — ", "G-"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .map(str::trim_start)
}

/// What the line under the séance says: "Vœu n° 18 — 4e Commission", "Projet de
/// délibération 2026 DEVE 41", "2002 V. 87": each part, when every part is one of these.
#[derive(Debug, Default)]
struct ReferenceParts {
    number: Option<String>,
    attached_to: Vec<String>,
    commission: Option<u8>,
    reference: Option<String>,
}

fn reference_parts(text: &str) -> Option<ReferenceParts> {
    let mut parts = ReferenceParts::default();
    for part in text.split(" — ").map(str::trim) {
        if let Some(n) = number_label(part) {
            parts.number = Some(n);
        } else if let Some(refs) = part
            .strip_prefix("Projets de délibération ")
            .or_else(|| part.strip_prefix("Projet de délibération "))
        {
            parts.attached_to = split_list(refs);
        } else if let Some(c) = commission(part) {
            parts.commission = Some(c);
        } else if is_official_reference(part) {
            parts.reference = Some(part.to_string());
        } else {
            return None;
        }
    }
    Some(parts)
}

/// "Vœu n° 18", "Amendement n° 3 bis" → "18", "3 bis".
fn number_label(text: &str) -> Option<String> {
    let rest = [
        "Vœu n° ",
        "Voeu n° ",
        "Amendement n° ",
        "Vœu n°",
        "Amendement n°",
    ]
    .iter()
    .find_map(|p| text.strip_prefix(p))?;
    let rest = rest.trim();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let suffix = rest[digits.len()..].trim();
    match suffix {
        "" => Some(digits),
        "bis" | "ter" | "quater" => Some(format!("{digits} {suffix}")),
        _ => None,
    }
}

/// "4e Commission" → 4, "1re Commission" → 1.
fn commission(text: &str) -> Option<u8> {
    let head = text.strip_suffix(" Commission")?;
    let digits: String = head.chars().take_while(char::is_ascii_digit).collect();
    let ordinal = &head[digits.len()..];
    matches!(ordinal, "e" | "re" | "ère" | "ème" | "er")
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|n| (1..=8).contains(n))
}

/// "2002 V. 87", "2026 V. 312": the whole part, nothing after.
fn is_official_reference(text: &str) -> bool {
    super::blocks::is_official_reference(text) && text.split_whitespace().count() == 3
}

/// "Conseil de Paris", "Conseil du 11e arrondissement", "CONSEIL DE PARIS"; "Conseil de
/// Paris, siégeant en formation de conseil municipal" (the formation is read apart);
/// "Conseil de Paris des 2, 3 et 4 février 2021" (the dates are read by
/// `council_with_dates`).
fn council_line(text: &str) -> Option<String> {
    let t = text.trim();
    let t = match formation_in(t) {
        Some(_) => t.split(", si").next().unwrap_or(t).trim(),
        None => t,
    };
    if let Some((council, _)) = council_with_dates(t) {
        return Some(council);
    }
    let folded = fold(t);
    if folded == "conseil de paris" {
        return Some("Conseil de Paris".into());
    }
    if folded == "conseil de paris centre" {
        return Some("Conseil de Paris Centre".into());
    }
    let rest = folded.strip_prefix("conseil du ")?;
    let ordinal = rest.strip_suffix(" arrondissement")?;
    (ordinal.len() <= 4 && ordinal.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| format!("Conseil du {ordinal} arrondissement"))
}

/// "Conseil de Paris des 2, 3 et 4 février 2021", "Conseil du 6e arrondissement du 27
/// septembre 2022", "Conseil d’arrondissement du 27 septembre 2022": the council (when
/// it is named) and the days.
fn council_with_dates(text: &str) -> Option<(String, Vec<Date>)> {
    let folded = fold(text.trim());
    for (head, council) in [
        (
            "conseil de paris centre ",
            Some("Conseil de Paris Centre".to_string()),
        ),
        ("conseil de paris ", Some("Conseil de Paris".to_string())),
        ("conseil d'arrondissement ", None),
    ] {
        if let Some(rest) = folded.strip_prefix(head) {
            let days = rest
                .strip_prefix("des ")
                .or_else(|| rest.strip_prefix("du "))
                .and_then(parse_days)?;
            return Some((council.unwrap_or_default(), days));
        }
    }
    let rest = folded.strip_prefix("conseil du ")?;
    let (ordinal, rest) = rest.split_once(" arrondissement ")?;
    if !(ordinal.len() <= 4 && ordinal.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let days = rest
        .strip_prefix("des ")
        .or_else(|| rest.strip_prefix("du "))
        .and_then(parse_days)?;
    Some((format!("Conseil du {ordinal} arrondissement"), days))
}

fn month_number(name: &str) -> Option<u8> {
    let name = fold(name);
    MONTHS
        .iter()
        .position(|m| fold(m) == name)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// "1er", "12" → day.
fn day_number(text: &str) -> Option<u8> {
    let t = text.trim().trim_end_matches("er");
    t.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "le 9 décembre 2026", "9 décembre 2026" at the start of `text`: the date and the
/// bytes it takes.
fn date_in_words(text: &str) -> Option<(Date, usize)> {
    let t = text.strip_prefix("le ").unwrap_or(text);
    let offset = text.len() - t.len();
    let mut words = t.splitn(4, ' ');
    let day = day_number(words.next()?)?;
    let month_word = words.next()?;
    let month = month_number(month_word)?;
    let year_word = words.next()?;
    let year_digits: String = year_word.chars().take_while(char::is_ascii_digit).collect();
    let year: u16 = year_digits
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))?;
    let date = Date::parse(&format!("{year:04}-{month:02}-{day:02}"))?;
    let used = offset + t.find(year_word).unwrap_or(0) + year_digits.len();
    Some((date, used))
}

/// "Séance des 8, 9 et 10 décembre 2026", "Séance du 12 mai 2023", "Séance d’octobre
/// 2002", "Octobre 2002", "SÉANCE DU …", "Séance du Conseil de Paris des …": the dates
/// or the month.
fn session_line(text: &str) -> Option<(Vec<Date>, Option<String>)> {
    let folded = fold(text.trim());
    let folded = folded.trim_end_matches(['.', ':', ',']).trim();
    let body = ["seance des ", "seance du ", "seances des ", "seances du "]
        .iter()
        .find_map(|p| folded.strip_prefix(p));
    if let Some(body) = body {
        // "Séance du Conseil de Paris des 2 et 3 mars": the council named in between.
        let body = [
            "conseil de paris des ",
            "conseil de paris du ",
            "conseil de paris ",
            "conseil d'arrondissement des ",
            "conseil d'arrondissement du ",
        ]
        .iter()
        .find_map(|p| body.strip_prefix(p))
        .unwrap_or(body);
        // "Séance du conseil du 6e arrondissement du 27 septembre 2022".
        let body = body
            .strip_prefix("conseil du ")
            .and_then(|rest| rest.split_once(" arrondissement "))
            .map_or(body, |(_, rest)| {
                rest.strip_prefix("des ")
                    .or_else(|| rest.strip_prefix("du "))
                    .unwrap_or(rest)
            });
        return parse_days(body).map(|d| (d, None));
    }
    let month_text = folded
        .strip_prefix("seance d'")
        .or_else(|| folded.strip_prefix("seance de "))
        .unwrap_or(folded);
    let words: Vec<&str> = month_text.split_whitespace().collect();
    if let [month, year] = words.as_slice()
        && let Some(m) = month_number(month)
        && year.len() == 4
        && let Ok(y) = year.parse::<u16>()
    {
        return Some((Vec::new(), Some(format!("{y:04}-{m:02}"))));
    }
    None
}

/// "8, 9 et 10 décembre 2026", "30 novembre et 1er décembre 2026".
fn parse_days(body: &str) -> Option<Vec<Date>> {
    // Groups of days by month: read backwards so each day knows its month and year.
    let words: Vec<&str> = body
        .split([' ', ','])
        .filter(|w| !w.is_empty() && *w != "et")
        .collect();
    let mut dates = Vec::new();
    let mut month = None;
    let mut year = None;
    for word in words.iter().rev() {
        if let Ok(y) = word.parse::<u16>()
            && word.len() == 4
        {
            year = Some(y);
        } else if let Some(m) = month_number(word) {
            month = Some(m);
        } else if let Some(d) = day_number(word) {
            let date = Date::parse(&format!("{:04}-{:02}-{d:02}", year?, month?))?;
            dates.push(date);
        } else {
            return None;
        }
    }
    dates.reverse();
    (!dates.is_empty()).then_some(dates)
}

/// The quotation marks a copied line may keep at its ends without their pair:
/// `"VOEU REJETÉ (…)`.
fn without_stray_quotes(text: &str) -> &str {
    let quotes = ['"', '«', '»', '“', '”'];
    let count = text.chars().filter(|c| quotes.contains(c)).count();
    if count % 2 == 1 {
        text.trim_matches(|c: char| quotes.contains(&c) || c.is_whitespace())
    } else {
        text
    }
}

/// Outcome sentences: "Le vœu a été adopté à l’unanimité le 9 décembre 2026.", "Ce vœu
/// a été rejeté par le Conseil de Paris.", "L’amendement a été retiré.", "Le projet de
/// vœu est adopté.", "Le vœu n’a pas été soumis au vote.", "Le Conseil de Paris a
/// adopté le vœu, en y apportant …", in any case. The sentence as written is kept
/// (`source_decision`) when it says more than the status, the vote and the date.
fn outcome_sentence(text: &str) -> Option<(Status, DraftOutcome)> {
    let text = without_stray_quotes(text.trim());
    let folded = fold(text);
    let subjects = [
        "le voeu ",
        "ce voeu ",
        "le present voeu ",
        "le projet de voeu ",
        "l'amendement ",
        "cet amendement ",
        "le projet d'amendement ",
    ];
    let mut outcome = DraftOutcome {
        source_decision: Some(text.to_string()),
        ..DraftOutcome::default()
    };
    // "Le Conseil de Paris a adopté le vœu …": the council as the subject.
    for council in [
        "le conseil de paris ",
        "le conseil d'arrondissement ",
        "le conseil ",
    ] {
        if let Some(rest) = folded.strip_prefix(council) {
            for (verb, status) in [
                ("a adopte ", Status::Adopted),
                ("a rejete ", Status::Rejected),
                ("n'a pas adopte ", Status::Rejected),
            ] {
                if rest.starts_with(verb) && (rest.contains("voeu") || rest.contains("amendement"))
                {
                    // "… en y apportant des amendements": adopted as amended.
                    let status = if status == Status::Adopted && rest.contains("amendement") {
                        Status::AdoptedAmended
                    } else {
                        status
                    };
                    if rest.contains("unanimite") {
                        outcome.vote = Some(Vote::Unanimity);
                    }
                    return Some((status, outcome));
                }
            }
        }
    }
    let rest = subjects.iter().find_map(|s| folded.strip_prefix(s))?;
    if let Some(tail) = rest.strip_prefix("n'a pas ete soumis au vote") {
        if let Some((date, _)) = date_in_words(tail.trim()) {
            outcome.date = Some(date);
        }
        return Some((Status::NotVoted, outcome));
    }
    let rest = rest
        .strip_prefix("a ete ")
        .or_else(|| rest.strip_prefix("est "))?;
    let (status, mut rest) = [
        ("adopte tel qu'amende", Status::AdoptedAmended),
        ("adoptee telle qu'amendee", Status::AdoptedAmended),
        ("adoptee", Status::Adopted),
        ("adopte", Status::Adopted),
        ("rejetee", Status::Rejected),
        ("rejete", Status::Rejected),
        ("repousse", Status::Rejected),
        ("retiree", Status::Withdrawn),
        ("retire", Status::Withdrawn),
    ]
    .iter()
    .find_map(|(w, s)| rest.strip_prefix(w).map(|r| (*s, r.trim_start())))?;
    if let Some(r) = rest.strip_prefix("a l'unanimite") {
        outcome.vote = Some(Vote::Unanimity);
        rest = r.trim_start();
    } else if let Some(r) = rest.strip_prefix("a la majorite") {
        outcome.vote = Some(Vote::Majority);
        rest = r.trim_start();
    }
    let mut rest = rest.trim_start_matches("par le conseil de paris").trim();
    if let Some((date, used)) = date_in_words(rest) {
        outcome.date = Some(date);
        rest = &rest[used..];
    }
    // Anything else than a vote, a council and a date: not an outcome line.
    let plain = rest.trim().trim_end_matches('.').trim();
    if !plain.is_empty() {
        return None;
    }
    Some((status, outcome))
}

/// "VŒU REJETÉ (ABSTENTION DU GROUPE X …)", "VŒU ADOPTÉ", "AMENDEMENT RETIRÉ", "VOEU
/// REJETE (…)", with or without accents.
fn is_outcome_caps(text: &str) -> bool {
    outcome_caps(text).is_some()
}

fn outcome_caps(text: &str) -> Option<(Status, Option<String>)> {
    let t = without_stray_quotes(text.trim());
    let head = t.split('(').next().unwrap_or(t).trim();
    // Only a line in capitals (the parenthesis may be in any case).
    if head.to_uppercase() != head {
        return None;
    }
    let folded = fold(head);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let status = match words.as_slice() {
        ["voeu" | "amendement", "adopte", "tel", "qu'amende"] => Status::AdoptedAmended,
        ["voeu" | "amendement", "adopte", ..] => Status::Adopted,
        ["voeu" | "amendement", "rejete", ..] => Status::Rejected,
        ["voeu" | "amendement", "retire", ..] => Status::Withdrawn,
        _ => return None,
    };
    if words.len() > 5 {
        return None;
    }
    let detail = t
        .find('(')
        .map(|at| {
            t[at + 1..]
                .trim_end()
                .trim_end_matches(')')
                .trim()
                .to_string()
        })
        .filter(|d| !d.is_empty());
    Some((status, detail))
}

/// The administrative lines of an adopted text: its publication notice.
fn is_administrative(text: &str) -> bool {
    starts_with_word(
        text,
        &[
            "deliberation affichee",
            "recue par",
            "recu par",
            "transmise au",
            "transmis au",
            "affichee a",
            "affiche a",
            "publiee",
            "certifie",
            "certifiee",
        ],
    )
}

/// Chrome a renderer or a site adds after the text.
fn is_trailer(text: &str) -> bool {
    text.starts_with("Mis en page par motion")
}

/// An operative formula: "… émet le vœu que …", "Emet le vœu :", "… émettent le vœu
/// suivant :", "… le projet de délibération … est ainsi modifié :", in any case.
fn is_formula(text: &str) -> bool {
    let folded = fold(text);
    [
        "emet le voeu",
        "emettent le voeu",
        "emet les voeux",
        "emettent les voeux",
        "emet un voeu",
        "emet le souhait",
    ]
    .iter()
    .any(|w| folded.contains(w))
        || ((folded.contains("est ainsi modifie") || folded.contains("sont ainsi modifies"))
            && text.trim_end().ends_with(':'))
}

/// The second line of a formula split in two: "Émet le vœu :", "Le Conseil de Paris
/// émet le vœu :".
fn is_formula_tail(text: &str) -> bool {
    let folded = fold(text.trim());
    is_formula(text)
        && (folded.starts_with("emet")
            || folded.starts_with("le conseil")
            || folded.starts_with("emettent"))
}

/// What opens a formula on a line of its own: "Sur proposition de …, le Conseil de
/// Paris", "C’est pourquoi,", "Compte tenu de ces éléments,", "Le Conseil de Paris,".
fn is_formula_lead(text: &str) -> bool {
    let folded = fold(text.trim());
    let folded = folded.trim_end_matches([',', ' ']);
    folded.starts_with("sur proposition")
        || folded.starts_with("sur la proposition")
        || TRANSITIONS
            .iter()
            .any(|t| folded == t.trim_end_matches(','))
        || folded.ends_with("le conseil de paris")
        || folded.ends_with("arrondissement") && folded.contains("le conseil du ")
}

/// The words that lead from the motives to the formula.
const TRANSITIONS: &[&str] = &[
    "compte tenu de ces elements,",
    "c'est pourquoi,",
    "pour ces motifs,",
    "pour ces raisons,",
    "aussi,",
    "ainsi,",
    "en consequence,",
    "par consequent,",
    "des lors,",
    "considerant l'ensemble de ces elements,",
];

/// Hashtags in a text: "#P300" → "P300".
fn hashtags(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
        .map(str::to_string)
        .collect()
}

/// Where each motion of a document starts: its first header line or title.
fn motion_starts(blocks: &[Block]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut seen_operative = true;
    let mut i = 0;
    while i < blocks.len() {
        let text = &blocks[i].text;
        let header = council_line(text).is_some()
            || council_with_dates(text).is_some()
            || session_line(text).is_some_and(|(d, m)| !d.is_empty() || m.is_some())
                && starts_with_word(text, &["seance"])
            || is_title(text)
            // "Vœu présenté par …" above its title opens the motion too.
            || (!starts_with_word(text, &["sur proposition", "sur la proposition"])
                && !is_formula(text)
                && parse_filing(text).is_some());
        if header && seen_operative {
            starts.push(i);
            seen_operative = false;
            // The header lines of this motion belong to it.
            while i + 1 < blocks.len()
                && (council_line(&blocks[i + 1].text).is_some()
                    || is_formation_line(&blocks[i + 1].text)
                    || session_line(&blocks[i + 1].text).is_some()
                    || reference_parts(&blocks[i + 1].text).is_some()
                    || is_title(&blocks[i + 1].text))
            {
                i += 1;
            }
        } else if is_formula(text) {
            seen_operative = true;
        }
        i += 1;
    }
    if starts.is_empty() {
        starts.push(0);
    }
    starts
}

/// A whole paragraph in bold or italic ("**Sur proposition … :**", a title set bold by
/// hand) is layout, not emphasis: its marks go.
fn unwrap_whole_emphasis(text: &str) -> &str {
    for mark in ["**", "*"] {
        if let Some(inner) = text.strip_prefix(mark).and_then(|t| t.strip_suffix(mark))
            && !inner.contains('*')
            && !inner.is_empty()
        {
            return inner;
        }
    }
    text
}

/// The blocks as the recognition reads them: a copied line's stray quotation mark and a
/// database's prefix gone, two parts printed on one line cut apart ("Vœu relatif à …
/// déposé par …", "Conseil de Paris des 2, 3 et 4 février 2021 Sur proposition de …"),
/// a notice's next line joined to it ("… à l’Hôtel-de-Ville" / "et transmise …"). Also
/// says whether a title carried the prefix of the Conseil général ("G - ").
fn prepare(blocks: &[Block]) -> (Vec<Block>, bool) {
    let mut general = false;
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let mut text = unwrap_whole_emphasis(block.text.trim()).to_string();
        if let Some(rest) = strip_database_prefix(&text)
            && is_title(rest)
        {
            general = true;
            text = rest.to_string();
        }
        let stripped = without_stray_quotes(&text);
        if stripped != text && (is_title(stripped) || is_outcome_caps(stripped)) {
            text = stripped.to_string();
        }
        // A notice cut over two lines: "… à l’Hôtel-de-Ville" / "et transmise …".
        if let Some(last) = out.last_mut()
            && is_administrative(&last.text)
            && !last.text.trim_end().ends_with('.')
            && fold(&text).starts_with("et ")
        {
            last.text.push(' ');
            last.text.push_str(&text);
            continue;
        }
        // A dash glued to its text ("-installe", "–la" as LibreOffice's PDF gives its
        // bullets) opens a list entry as "- installe" does.
        let mut block = block.clone();
        if block.kind == BlockKind::Paragraph
            && let Some(dash) = text.chars().next().filter(|c| matches!(c, '-' | '–' | '—'))
            && text[dash.len_utf8()..].starts_with(char::is_alphabetic)
        {
            block.kind = BlockKind::Item;
            block.marker = Some(dash);
            text = text[dash.len_utf8()..].to_string();
        }
        let pieces = split_parts(&text);
        for piece in pieces {
            out.push(Block {
                text: piece,
                ..block.clone()
            });
        }
    }
    (out, general)
}

/// A line that holds two parts of a header, cut where the second starts: a title and
/// its filing line, a council or séance and the proposers.
fn split_parts(text: &str) -> Vec<String> {
    let folded = fold(text);
    for needle in [
        " depose par ",
        " deposee par ",
        " presente par ",
        " presentee par ",
        " sur proposition de ",
        " sur proposition d'",
        " sur proposition du ",
        " sur proposition des ",
    ] {
        let Some(at) = folded.find(needle) else {
            continue;
        };
        let (head, tail) = super::authors::split_at_folded(text, folded[..at].chars().count());
        let (head, tail) = (head.trim().trim_end_matches(',').trim(), tail.trim());
        let header = is_title(head) || council_line(head).is_some() || session_line(head).is_some();
        if header && !head.is_empty() && super::authors::parse_filing(tail).is_some() {
            return vec![head.to_string(), tail.to_string()];
        }
    }
    vec![text.to_string()]
}

/// Every motion recognised in the blocks, in order.
pub fn recognize(blocks: &[Block], meta: &super::blocks::SourceMeta) -> Vec<Draft> {
    let (blocks, general) = prepare(blocks);
    if blocks.is_empty() {
        return Vec::new();
    }
    let blocks = blocks.as_slice();
    let keywords = &meta.keywords;
    let starts = motion_starts(blocks);
    let mut drafts = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(blocks.len());
        // What comes before the first motion (a site's banner) is read for hashtags.
        let lead = if n == 0 {
            &blocks[..start]
        } else {
            &blocks[start..start]
        };
        let mut draft = recognize_one(&blocks[start..end]);
        // The motion's own stretch: from the first block read as part of it to the last;
        // what a site prints around it does not count as its words.
        let own = |b: &&Block| !draft.left_out.contains(&b.text);
        let first = blocks[start..end].iter().position(|b| own(&b)).unwrap_or(0);
        let last = blocks[start..end]
            .iter()
            .rposition(|b| own(&b))
            .unwrap_or(end - start - 1);
        draft.read = blocks[start + first..=start + last]
            .iter()
            .map(|b| b.text.clone())
            .collect();
        draft.authors.regroup(&meta.authors);
        if draft.authors.person_groups.iter().any(Option::is_some) {
            draft.doubts.push((
                "authors",
                "le groupe d’un·e élu·e est lu dans la parenthèse qui suit son nom".into(),
            ));
        }
        if draft.authors.ambiguous {
            draft.doubts.push((
                "authors",
                "les noms des groupes contiennent « et » : vérifiez où chacun commence".into(),
            ));
        }
        for block in lead {
            // Published texts often print their outcome first ("VŒU REJETÉ (…)").
            if let Some((status, detail)) = outcome_caps(&block.text) {
                draft.status = Some(status);
                draft.outcome.detail = detail.or(draft.outcome.detail.take());
                draft.outcome.first = true;
                continue;
            }
            if let Some((status, outcome)) = outcome_sentence(&block.text) {
                draft.status = Some(status);
                draft.outcome.vote = outcome.vote.or(draft.outcome.vote);
                draft.outcome.date = outcome.date.or(draft.outcome.date);
                draft.outcome.source_decision = outcome.source_decision;
                draft.outcome.first = true;
                continue;
            }
            if is_chrome_like(&block.text) || is_editorial_note(&block.text) {
                draft.chrome.push(block.text.clone());
            }
            draft.tags.extend(hashtags(&block.text));
            draft.left_out.push(block.text.clone());
        }
        // The prefix "G - " of the database: a text of the Conseil général (called
        // départemental from 2015).
        if general && draft.formation.is_none() {
            let year = draft
                .dates
                .first()
                .map(|d| d.year)
                .or_else(|| draft.month.as_ref().and_then(|m| m[..4].parse().ok()));
            draft.formation = Some(if year.is_some_and(|y| y >= 2015) {
                Formation::Departemental
            } else {
                Formation::General
            });
        }
        if starts.len() == 1 {
            for k in keywords {
                if !draft.tags.contains(k) {
                    draft.tags.push(k.clone());
                }
            }
        }
        let mut seen = Vec::new();
        draft.tags.retain(|t| {
            let fresh = !seen.contains(t);
            seen.push(t.clone());
            fresh
        });
        // A stretch where nothing of a motion was found (a binary file, an empty one, a
        // page of something else) gives no motion, rather than a file of placeholders.
        let found_something = draft.title.is_some()
            || !draft.authors.is_empty()
            || !draft.considerants.is_empty()
            || !draft.citations.is_empty()
            || !draft.items.is_empty()
            || draft.source_formula.is_some();
        if found_something {
            drafts.push(draft);
        }
    }
    drafts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Header,
    Body,
    Operative,
    Outcome,
    End,
}

/// Where a body paragraph goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    None,
    Citation,
    Motives,
    Considerant,
}

/// Whether nothing of a motion has been read yet: an outcome line here is printed first.
fn nothing_read(draft: &Draft) -> bool {
    draft.title.is_none()
        && draft.council.is_none()
        && draft.dates.is_empty()
        && draft.authors.is_empty()
        && draft.considerants.is_empty()
        && draft.motives.is_empty()
        && draft.source_formula.is_none()
}

fn recognize_one(blocks: &[Block]) -> Draft {
    let mut draft = Draft::default();
    let mut stage = Stage::Header;
    let mut last = Last::None;
    // Under a heading ("Considérant :", "Vu :"), every entry is one of its list.
    let mut listing: Option<ListHeading> = None;
    // The bullet of the requests' list, to tell a sub-item ("–") from an item ("•").
    let mut item_marker: Option<char> = None;
    // Where the last top-level list entry is, with any bullet and with each: whether a
    // list goes on after a block is then known without looking ahead each time.
    let mut last_item: Option<usize> = None;
    let mut last_item_with: std::collections::HashMap<Option<char>, usize> =
        std::collections::HashMap::new();
    for (at, b) in blocks.iter().enumerate() {
        if b.kind == BlockKind::Item && b.depth == 0 {
            last_item = Some(at);
            last_item_with.insert(b.marker, at);
        }
    }
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let text = block.text.trim();
        i += 1;
        if is_trailer(text) || is_chrome_like(text) || is_editorial_note(text) {
            draft.chrome.push(text.to_string());
            draft.left_out.push(text.to_string());
            continue;
        }
        // Outcome lines may come anywhere (published texts often print them first).
        if let Some((status, outcome)) = outcome_sentence(text) {
            draft.outcome.first |= nothing_read(&draft);
            draft.status = Some(status);
            draft.outcome.vote = outcome.vote.or(draft.outcome.vote);
            draft.outcome.date = outcome.date.or(draft.outcome.date);
            draft.outcome.source_decision = outcome.source_decision;
            if stage >= Stage::Operative {
                stage = Stage::Outcome;
            }
            continue;
        }
        if let Some((status, detail)) = outcome_caps(text) {
            draft.outcome.first |= nothing_read(&draft);
            draft.status = Some(status);
            if detail.is_some() {
                draft.outcome.detail = detail;
            }
            if stage >= Stage::Operative {
                stage = Stage::Outcome;
            }
            continue;
        }
        if is_administrative(text) {
            // Under the title, the bulletin's notice; after the requests, the outcome's.
            if stage == Stage::Header && draft.title.is_some() {
                draft.notice.push(text.to_string());
            } else {
                draft.outcome.administrative.push(text.to_string());
            }
            if stage >= Stage::Operative {
                stage = Stage::Outcome;
            }
            continue;
        }
        // A bulletin's record: its type, formation, month and reference on lines of
        // their own (read as data, not printed as text).
        if stage != Stage::Header
            && let Some(record) = record_line(text)
        {
            match record {
                RecordLine::Deliberation => {
                    draft.status.get_or_insert(Status::Adopted);
                }
                RecordLine::Formation(formation) => {
                    draft.formation.get_or_insert(formation);
                }
                RecordLine::Month(month) => {
                    if draft.dates.is_empty() {
                        draft.month.get_or_insert(month);
                    }
                }
                RecordLine::Reference(reference) => {
                    draft.reference.get_or_insert(reference);
                }
            }
            continue;
        }
        match stage {
            Stage::Header => {
                if is_formation_line(text) {
                    draft.formation = formation_in(text);
                } else if let Some((council, dates)) = council_with_dates(text) {
                    if !council.is_empty() {
                        draft.council = Some(council);
                    } else {
                        draft.doubts.push((
                            "session",
                            format!("« {text} » : le texte ne dit pas de quel arrondissement"),
                        ));
                    }
                    draft.dates = dates;
                } else if let Some(council) = council_line(text) {
                    draft.council = Some(council);
                    if let Some(formation) = formation_in(text) {
                        draft.formation = Some(formation);
                    }
                } else if let Some((dates, month)) = session_line(text) {
                    draft.dates = dates;
                    draft.month = month;
                } else if let Some(parts) = reference_parts(text) {
                    if parts.number.is_some() {
                        draft.number = parts.number;
                    }
                    if !parts.attached_to.is_empty() {
                        draft.attached_to = parts.attached_to;
                    }
                    draft.commission = parts.commission.or(draft.commission);
                    draft.reference = parts.reference.or(draft.reference.take());
                } else if let Some(RecordLine::Deliberation | RecordLine::Formation(_)) =
                    record_line(text)
                {
                    match record_line(text) {
                        Some(RecordLine::Formation(f)) => {
                            draft.formation.get_or_insert(f);
                        }
                        _ => {
                            draft.status.get_or_insert(Status::Adopted);
                        }
                    }
                } else if is_title(text) {
                    set_title(&mut draft, text);
                } else if draft
                    .title
                    .as_deref()
                    .is_some_and(|t| t.trim_end().ends_with([':', ',', '–', '—']))
                    && draft.source_filing.is_none()
                    && text.split_whitespace().count() <= 40
                    && !is_body_start(text)
                    && parse_filing(text).is_none()
                {
                    // A title set over two lines, the first ending on « : ».
                    if let Some(title) = &mut draft.title {
                        title.push(' ');
                        title.push_str(text);
                    }
                } else if is_formula(text)
                    || (is_formula_lead(text) && formula_follows(blocks, i - 1))
                {
                    stage = Stage::Body;
                    i -= 1;
                } else if let Some(mut authors) = parse_filing(text) {
                    authors.filing_first = draft.title.is_none();
                    draft.authors = authors;
                    draft.source_filing = Some(text.to_string());
                    // A filing line above the title: the title comes next.
                    if draft.title.is_some() {
                        stage = Stage::Body;
                    }
                } else if draft.source_filing.is_some()
                    && starts_with_word(
                        text,
                        &[
                            "le groupe ",
                            "les groupes ",
                            "et le groupe ",
                            "et les elus",
                            "les elus du groupe",
                            "et les elu",
                        ],
                    )
                {
                    // The filing line goes on over a line of its own ("Vœu présenté par
                    // … / Le groupe …").
                    // "Le groupe …" goes on the line as "le groupe …".
                    let rest = text.trim_start_matches("et ").trim_start_matches("Et ");
                    let rest = match rest.strip_prefix("Le ") {
                        Some(r) => format!("le {r}"),
                        None => match rest.strip_prefix("Les ") {
                            Some(r) => format!("les {r}"),
                            None => rest.to_string(),
                        },
                    };
                    let joined = format!(
                        "{} et {rest}",
                        draft.source_filing.as_deref().unwrap_or_default()
                    );
                    if let Some(mut authors) = parse_filing(&joined) {
                        authors.filing_first = draft.authors.filing_first;
                        draft.authors = authors;
                        draft.source_filing = Some(joined);
                    }
                } else if let Some(heading) = list_heading(text) {
                    stage = Stage::Body;
                    i -= 1;
                    let _ = heading;
                } else if is_preamble(text) {
                    draft.preamble = Some(text.to_string());
                    if let Some(formation) = formation_in(text) {
                        draft.formation = Some(formation);
                    }
                } else if is_body_start(text) {
                    // No filing line: the body starts here.
                    stage = Stage::Body;
                    i -= 1;
                } else if draft.title.is_none() && block.kind == BlockKind::Heading {
                    set_title(&mut draft, text);
                } else if (draft.title.is_some() || !draft.authors.is_empty()) && is_prose(text) {
                    // An exposé in prose, after the title.
                    stage = Stage::Body;
                    i -= 1;
                } else {
                    draft.tags.extend(hashtags(text));
                    draft.left_out.push(text.to_string());
                }
            }
            Stage::Body => {
                // A formula over two lines ("…, le Conseil de Paris" / "Émet le vœu :"),
                // or opened by a transition ("C’est pourquoi,"): its paragraphs kept.
                if is_formula_lead(text)
                    && !is_formula(text)
                    && let Some((lead, tail_at)) = formula_with_tail(blocks, i - 1)
                {
                    let formula = format!("{lead}\n\n{}", blocks[tail_at].text.trim());
                    i = tail_at + 1;
                    read_formula(&mut draft, &formula);
                    stage = Stage::Operative;
                    continue;
                }
                // A filing line after a preamble or a title's second line.
                if draft.authors.is_empty()
                    && !starts_with_word(text, &["sur proposition", "sur la proposition"])
                    && let Some(authors) = parse_filing(text)
                {
                    draft.authors = authors;
                    draft.source_filing = Some(text.to_string());
                    continue;
                }
                if is_formula(text) {
                    read_formula(&mut draft, text);
                    stage = Stage::Operative;
                    continue;
                }
                // A formula cut in two by the reader ("Sur proposition de A, B," / "C et
                // des élu·es …, le Conseil de Paris émet le vœu :") is one paragraph.
                if starts_with_word(text, &["sur proposition", "sur la proposition"]) {
                    let mut merged = text.to_string();
                    let mut used = 0;
                    while used < 3 && i + used < blocks.len() && !is_formula(&merged) {
                        merged.push(' ');
                        merged.push_str(blocks[i + used].text.trim());
                        used += 1;
                    }
                    if is_formula(&merged) {
                        read_formula(&mut draft, &merged);
                        stage = Stage::Operative;
                        i += used;
                        continue;
                    }
                }
                if let Some(heading) = list_heading(text) {
                    match heading {
                        ListHeading::Citations => {
                            draft.citations_heading = Some(text.to_string());
                            last = Last::Citation;
                        }
                        ListHeading::Considerants => {
                            draft.considerants_heading = Some(text.to_string());
                            last = Last::Considerant;
                        }
                    }
                    listing = Some(heading);
                    continue;
                }
                if is_preamble(text) && draft.motives.is_empty() && draft.considerants.is_empty() {
                    draft.preamble = Some(text.to_string());
                    if let Some(formation) = formation_in(text) {
                        draft.formation = Some(formation);
                    }
                    continue;
                }
                // An amendement's change: where in the délibération, then what ("À
                // l’article 14, ajout d’un alinéa :" and the alinéa).
                let folded = fold(text);
                if draft.kind == MotionKind::Amendement
                    && text.trim_end().ends_with(':')
                    && (folded.contains("article") || folded.contains("alinea"))
                    && !folded.starts_with("considerant")
                {
                    draft.items.push(DraftItem::new(text));
                    stage = Stage::Operative;
                    continue;
                }
                let opening = folded.trim_start_matches(['-', '–', '—', '•', ' ']);
                let under_heading = |heading: &ListHeading| {
                    block.kind == BlockKind::Item
                        || text.starts_with(['-', '–', '—', '•'])
                        || text.starts_with(char::is_lowercase)
                        || matches!(heading, ListHeading::Considerants)
                            && opening.starts_with("que ")
                };
                match &listing {
                    Some(ListHeading::Citations) if under_heading(&ListHeading::Citations) => {
                        draft.citations.push(DraftItem::new(&as_written(block)));
                        continue;
                    }
                    Some(ListHeading::Considerants)
                        if under_heading(&ListHeading::Considerants) =>
                    {
                        draft.considerants.push(DraftItem::new(&as_written(block)));
                        continue;
                    }
                    _ => {}
                }
                if opening.starts_with("vu ") || opening.starts_with("vu,") {
                    draft.citations.push(DraftItem::new(&as_written(block)));
                    last = Last::Citation;
                    listing = None;
                } else if opening.starts_with("considerant") {
                    draft.considerants.push(DraftItem::new(&as_written(block)));
                    last = Last::Considerant;
                    listing = None;
                } else if block.kind == BlockKind::Heading && draft.considerants.is_empty() {
                    draft.motives_heading = if text == "Exposé des motifs" {
                        MotivesHeading::Default
                    } else {
                        MotivesHeading::Other(text.to_string())
                    };
                    last = Last::Motives;
                } else if folded.trim_end_matches([':', ' ']) == "expose des motifs" {
                    draft.motives_heading = MotivesHeading::Default;
                    last = Last::Motives;
                } else {
                    let entry = match last {
                        Last::Considerant => draft.considerants.last_mut(),
                        Last::Citation if block.kind != BlockKind::Paragraph => {
                            draft.citations.last_mut()
                        }
                        _ => None,
                    };
                    match (entry, block.kind) {
                        (Some(entry), BlockKind::Quote) => entry.quote.push(text.to_string()),
                        (Some(entry), BlockKind::Item) => entry.subitems.push(as_written(block)),
                        (Some(entry), _) => entry.paragraphs.push(text.to_string()),
                        (None, _) => {
                            if draft.motives.is_empty() && last != Last::Motives {
                                draft.motives_heading = MotivesHeading::None;
                            }
                            draft.motives.push(text.to_string());
                            last = Last::Motives;
                        }
                    }
                }
            }
            Stage::Operative => {
                let starts_que = starts_with_word(text, &["que ", "qu'"]);
                let is_top_item = block.kind == BlockKind::Item
                    && block.depth == 0
                    && (item_marker.is_none()
                        || block.marker == item_marker
                        || draft.items.is_empty());
                // Requests written as plain paragraphs, without bullets nor "Que": the
                // first after the formula, and each after one that ends with « ; » (the
                // enumeration goes on) while no list is in sight.
                let no_list = item_marker.is_none() && last_item.is_none_or(|at| at < i - 1);
                let plain_request = block.kind == BlockKind::Paragraph
                    && no_list
                    && !is_administrative(text)
                    && (draft.items.is_empty()
                        || draft.items.last().is_some_and(|it| {
                            it.quote.is_empty()
                                && it.subitems.is_empty()
                                && it.last_text().trim_end().ends_with([';', ','])
                        }));
                if is_top_item
                    || (starts_que && block.kind == BlockKind::Paragraph)
                    || plain_request
                {
                    if block.kind == BlockKind::Item && item_marker.is_none() {
                        item_marker = block.marker;
                    }
                    draft.items.push(DraftItem::new(&as_written(block)));
                    continue;
                }
                let rest_has_items = last_item_with.get(&item_marker).is_some_and(|at| *at >= i);
                let Some(item) = draft.items.last_mut() else {
                    // Text between the formula and the first request: a paragraph of
                    // the formula's, kept in the exposé would be wrong; left out.
                    draft.left_out.push(text.to_string());
                    continue;
                };
                let opens = item.last_text().trim_end().ends_with(':');
                match block.kind {
                    BlockKind::Quote => item.quote.push(text.to_string()),
                    BlockKind::Item => item.subitems.push(as_written(block)),
                    _ if opens && draft.kind == MotionKind::Amendement => {
                        item.quote.push(text.to_string());
                    }
                    _ if opens && opens_with_enumerator(text) => {
                        item.subitems.push(text.to_string())
                    }
                    _ if opens => item.quote.push(text.to_string()),
                    _ if draft.kind == MotionKind::Amendement && !item.quote.is_empty() => {
                        item.quote.push(text.to_string());
                    }
                    _ if rest_has_items || !ends_request(item.last_text()) => {
                        if item.quote.is_empty() && item.subitems.is_empty() {
                            item.paragraphs.push(text.to_string());
                        } else if !item.quote.is_empty() && item.subitems.is_empty() {
                            item.quote.push(text.to_string());
                        } else {
                            item.subitems.push(text.to_string());
                        }
                    }
                    _ => {
                        stage = Stage::End;
                        draft.left_out.push(text.to_string());
                    }
                }
            }
            Stage::Outcome => {
                if draft.outcome.detail.is_none()
                    && draft.outcome.administrative.is_empty()
                    && text.chars().count() < 400
                {
                    draft.outcome.detail = Some(text.to_string());
                } else {
                    stage = Stage::End;
                    draft.left_out.push(text.to_string());
                }
            }
            Stage::End => draft.left_out.push(text.to_string()),
        }
    }
    if draft
        .title
        .as_deref()
        .is_some_and(|t| starts_with_word(t, &["amendement"]))
        || draft
            .source_formula
            .as_deref()
            .is_some_and(|f| fold(f).contains("ainsi modifie"))
    {
        draft.kind = MotionKind::Amendement;
    }
    // The délibérations an amendement (or an attached vœu) names in its title or formula:
    // "au projet de délibération 2015 DDCT 171", "2015 DDCT 171 et 2015 DDCT 10 G".
    if draft.attached_to.is_empty() {
        for text in [draft.source_formula.as_deref(), draft.title.as_deref()]
            .into_iter()
            .flatten()
        {
            let found = deliberation_refs(text);
            if !found.is_empty() {
                draft.attached_to = found;
                break;
            }
        }
    }
    if draft.number.is_none()
        && let Some(title) = &draft.title
        && let Some(at) = title.find("n° ").or_else(|| title.find("n°"))
    {
        let rest = title[at..]
            .trim_start_matches("n°")
            .trim_start_matches(['\u{a0}', ' ']);
        let candidate: String = rest
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        draft.number = number_label(&format!("Vœu n° {candidate}")).or_else(|| {
            number_label(&format!(
                "Vœu n° {}",
                rest.split_whitespace().next().unwrap_or("")
            ))
        });
    }
    draft
}

/// A formula's first line at `at`, wrapped over up to three lines by the reader, and
/// the line of its second paragraph ("Émet le vœu :"): the first paragraph joined, and
/// where the second is.
fn formula_with_tail(blocks: &[Block], at: usize) -> Option<(String, usize)> {
    let mut lead = blocks.get(at)?.text.trim().to_string();
    for (next, block) in blocks.iter().enumerate().skip(at + 1).take(3) {
        let text = block.text.trim();
        if is_formula_tail(text) {
            return Some((lead, next));
        }
        if is_formula(text) || is_body_start(text) || text.split_whitespace().count() > 40 {
            return None;
        }
        lead.push(' ');
        lead.push_str(text);
    }
    None
}

/// Whether the formula goes on from the line at `at` (a lead followed by its second
/// line, or wrapped lines that read as one formula).
fn formula_follows(blocks: &[Block], at: usize) -> bool {
    if formula_with_tail(blocks, at).is_some() {
        return true;
    }
    let mut merged = blocks[at].text.trim().to_string();
    for block in blocks.iter().skip(at + 1).take(3) {
        merged.push(' ');
        merged.push_str(block.text.trim());
        if is_formula(&merged) {
            return true;
        }
    }
    false
}

/// Takes a title line: the last one before the text wins (a web page's heading above
/// the motion's own title is left out, and named); a title that names its authors
/// ("Vœu de Jeanne DURAND relatif à …", "Vœu déposé par le groupe X relatif à …") gives
/// them too.
fn set_title(draft: &mut Draft, text: &str) {
    if let Some(old) = draft.title.replace(text.to_string())
        && fold(&old) != fold(text)
    {
        draft.left_out.push(old.clone());
        draft.doubts.push((
            "title",
            format!("titre choisi parmi plusieurs ; l’autre était « {old} »"),
        ));
    }
    if starts_with_word(text, &["amendement"]) {
        draft.kind = MotionKind::Amendement;
    }
    if draft.authors.is_empty()
        && let Some((_, rest)) = super::authors::filing_opening(text)
    {
        let folded = fold(&rest);
        if let Some(at) = folded.find(" relati") {
            let (names, _) = super::authors::split_at_folded(&rest, folded[..at].chars().count());
            if let Some(authors) = super::authors::parse_authors(names) {
                draft.authors = authors;
            }
        }
    }
}

/// The délibération references a text names after "délibération(s)": "2015 DDCT 171",
/// "2015 DDCT 10 G", "DU 5".
fn deliberation_refs(text: &str) -> Vec<String> {
    let Some(at) = text.find("délibération") else {
        return Vec::new();
    };
    let rest = text[at..]
        .trim_start_matches("délibérations")
        .trim_start_matches("délibération")
        .trim_start();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut refs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let year = words[i];
        let year_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
        let start = if year_ok { i + 1 } else { i };
        let code = words.get(start).copied().unwrap_or("");
        let code_ok = (1..=6).contains(&code.len()) && code.chars().all(|c| c.is_ascii_uppercase());
        let number = words
            .get(start + 1)
            .map(|n| n.trim_end_matches([',', ';', ':', '.']))
            .unwrap_or("");
        let number_ok = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
        if !(code_ok && number_ok) {
            break;
        }
        let mut reference = if year_ok {
            format!("{year} {code} {number}")
        } else {
            format!("{code} {number}")
        };
        let mut next = start + 2;
        let raw_number = words[start + 1];
        if !raw_number.ends_with([',', ';', ':', '.'])
            && words
                .get(next)
                .is_some_and(|w| w.trim_end_matches([',', ';', ':', '.']) == "G")
        {
            reference.push_str(" G");
            next += 1;
        }
        refs.push(reference);
        // "… et 2015 DDCT 10 G", "…, 2015 DDCT 12".
        match words.get(next) {
            Some(&"et") => i = next + 1,
            _ if words[next - 1].ends_with(',') => i = next,
            _ => break,
        }
    }
    refs
}

/// Whether a request reads as finished: a final full stop (or "!", "…").
fn ends_request(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '…', '»']) && !text.trim_end().ends_with("etc.")
}

/// A body that starts without a filing line.
fn is_body_start(text: &str) -> bool {
    let folded = fold(
        text.trim_start()
            .trim_start_matches(['-', '–', '—', '•', ' ']),
    );
    [
        "vu ",
        "vu,",
        "considerant",
        "sur proposition",
        "expose des motifs",
        "attendu",
    ]
    .iter()
    .any(|w| folded.starts_with(w))
        || TRANSITIONS.iter().any(|t| folded.starts_with(t))
}

/// A paragraph of prose: a sentence of the text (an exposé, a narrative), not a line of
/// a header or a site.
fn is_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let lower = text
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    (words >= 8 && lower * 2 >= words && text.trim_end().ends_with(['.', ';', ':', '!', '…']))
        || (words >= 25 && lower * 2 >= words)
}

/// Lines a site prints around a text: share bars, links back, newsletters, footers. A
/// short line with two of a site's words at least, or one in a line of a few words:
/// a request about Facebook keeps its words.
fn is_chrome_like(text: &str) -> bool {
    let folded = fold(text);
    let words = folded.split_whitespace().count();
    if words > 14 {
        return false;
    }
    const SIGNS: &[&str] = &[
        "partager",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "courriel",
        "newsletter",
        "lettre d'information",
        "inscrivez-vous",
        "s'inscrire",
        "restez inform",
        "suivez-nous",
        "nous contacter",
        "mentions legales",
        "plan du site",
        "commentez",
        "lire la suite",
        "lire aussi",
        "tous droits reserves",
        "©",
        "imprimer",
        "retour",
        "accueil",
    ];
    const WHOLE: &[&str] = &[
        "retour",
        "retour retour",
        "imprimer",
        "rechercher",
        "accueil",
        "menu",
        "partager",
        "courriel",
        "haut de page",
        "retour en haut",
    ];
    let signs = SIGNS.iter().filter(|w| folded.contains(*w)).count();
    // "Publié le 12 décembre 2024 dans Vœux": a post's date line.
    let dated = ["publie le ", "mis a jour le ", "poste le "]
        .iter()
        .any(|p| {
            folded
                .find(p)
                .is_some_and(|at| folded[at + p.len()..].starts_with(|c: char| c.is_ascii_digit()))
        });
    signs >= 2
        || (signs == 1 && words <= 4)
        || (dated && words <= 10)
        || WHOLE.contains(&folded.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A note that a site or a database puts beside the text, wholly in parentheses: «
/// (Extrait du vœu présenté par … lors du Conseil de Paris du …) ».
fn is_editorial_note(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('(')
        && t.ends_with([')', '.'])
        && t.trim_end_matches('.').ends_with(')')
        && t[1..]
            .find(')')
            .is_some_and(|at| at + 2 >= t.trim_end_matches('.').len())
        && t.split_whitespace().count() <= 40
}

/// What a line of a bulletin's header or footer says, when it says only that: the
/// document's type in the database, its formation, its month, its reference.
enum RecordLine {
    /// "Délibération": an adopted text.
    Deliberation,
    Formation(Formation),
    Month(String),
    Reference(String),
}

fn record_line(text: &str) -> Option<RecordLine> {
    let t = text.trim().trim_end_matches('.');
    if t.split_whitespace().nth(3).is_some() {
        return None;
    }
    let folded = fold(t);
    match folded.as_str() {
        "deliberation" | "deliberations" => return Some(RecordLine::Deliberation),
        "conseil municipal" => return Some(RecordLine::Formation(Formation::Municipal)),
        "conseil general" => return Some(RecordLine::Formation(Formation::General)),
        "conseil departemental" => {
            return Some(RecordLine::Formation(Formation::Departemental));
        }
        _ => {}
    }
    if is_official_reference(t) {
        return Some(RecordLine::Reference(t.to_string()));
    }
    if let Some((dates, Some(month))) = session_line(t)
        && dates.is_empty()
        && t.split_whitespace().count() == 2
    {
        return Some(RecordLine::Month(month));
    }
    None
}

/// The preamble of a bulletin's text: "Le Conseil de Paris, siégeant en formation de
/// conseil municipal," (a council as the subject of what follows, not a formula).
fn is_preamble(text: &str) -> bool {
    let folded = fold(text.trim());
    (folded.starts_with("le conseil de paris")
        || folded.starts_with("le conseil du ")
        || folded.starts_with("le conseil d'arrondissement"))
        && !is_formula(text)
        && text.split_whitespace().count() <= 20
        && (text.trim_end().ends_with(',') || formation_in(text).is_some())
}

/// A heading over a list: "Vu :", "Vu,", "Considérant :", "Considérant,".
enum ListHeading {
    Citations,
    Considerants,
}

fn list_heading(text: &str) -> Option<ListHeading> {
    let folded = fold(text.trim());
    let bare = folded.trim_end_matches([':', ',', ' ', '\u{a0}']);
    match bare {
        "vu" => Some(ListHeading::Citations),
        "considerant" | "considerants" | "attendu" => Some(ListHeading::Considerants),
        _ => None,
    }
}

/// A list entry's bullet as the source types it, kept in front of its text when it is a
/// dash ("- Que …": the format prints such markers as written); other bullets are the
/// list's (the format prints its own).
fn as_written(block: &Block) -> String {
    match block.marker {
        Some(marker @ ('-' | '–' | '—')) => format!("{marker} {}", block.text.trim()),
        _ => block.text.trim().to_string(),
    }
}

/// "a)", "1°", "2.", "–" at the start of a text.
fn opens_with_enumerator(text: &str) -> bool {
    let t = text.trim_start();
    let head: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
    let rest = &t[head.len()..];
    (!head.is_empty() && head.chars().count() <= 3)
        && (rest.starts_with(')') || rest.starts_with('°') || rest.starts_with(". "))
}

/// The formation a text names: "siégeant en formation de conseil municipal".
fn formation_in(text: &str) -> Option<Formation> {
    let folded = fold(text);
    [
        Formation::MunicipalAndDepartemental,
        Formation::MunicipalAndGeneral,
        Formation::Municipal,
        Formation::General,
        Formation::Departemental,
    ]
    .into_iter()
    .find(|f| folded.contains(&fold(f.phrase())))
}

/// The formation line of an amendement's header: "Siégeant en formation de …".
fn is_formation_line(text: &str) -> bool {
    starts_with_word(text, &["siegeant en formation"]) && formation_in(text).is_some()
}

/// The part of `text` from the place of `needle` in its fold (None when absent).
fn from_folded<'a>(text: &'a str, folded: &str, needle: &str) -> Option<&'a str> {
    let at = folded.find(needle)?;
    Some(super::authors::split_at_folded(text, folded[..at].chars().count()).1)
}

/// Reads the formula: its council, formation and addressee, and the authors when the
/// text names them only there (it then prints no filing line); the source's wording is
/// kept to be compared with the format's own.
fn read_formula(draft: &mut Draft, text: &str) {
    draft.source_formula = Some(text.to_string());
    let t = text.replace('\'', "’");
    let folded = fold(&t);
    if let Some(formation) = formation_in(&t) {
        draft.formation = Some(formation);
    }
    if draft.council.is_none() {
        if folded.contains("le conseil de paris centre") {
            draft.council = Some("Conseil de Paris Centre".into());
        } else if folded.contains("le conseil de paris") {
            draft.council = Some("Conseil de Paris".into());
        } else if let Some(from) = from_folded(&t, &folded, "le conseil du ") {
            let from = &from["le ".len()..];
            if let Some(end) = fold(from).find(" arrondissement") {
                let (council, _) = super::authors::split_at_folded(
                    from,
                    fold(from)[..end].chars().count() + " arrondissement".len(),
                );
                draft.council = Some(council.to_string());
            }
        }
    }
    // "… émet le vœu que la Ville de Paris :" → the addressee.
    if let Some(from) = from_folded(&t, &folded, "emet le voeu que ") {
        let addressee = super::authors::split_at_folded(from, "emet le voeu que ".len()).1;
        let addressee = addressee.trim_end().trim_end_matches(':').trim_end();
        if !addressee.is_empty() && !addressee.contains('\n') {
            draft.addressee = Some(addressee.to_string());
        }
    }
    if !draft.authors.is_empty() {
        return;
    }
    // Authors named only in the formula: "Sur proposition du groupe X, …", "… et les
    // élus du groupe X émettent le vœu suivant :".
    let proposers = from_folded(&t, &folded, "sur proposition")
        .or_else(|| from_folded(&t, &folded, "sur la proposition"))
        .map(|from| {
            let f = fold(from);
            let end = [
                ", le conseil",
                " le conseil de paris",
                ", les projets",
                ", le projet",
                "\n",
            ]
            .iter()
            .filter_map(|cut| f.find(cut))
            .min()
            .unwrap_or(f.len());
            super::authors::split_at_folded(from, f[..end].chars().count())
                .0
                .trim()
                .trim_end_matches(',')
                .to_string()
        });
    let authors = match proposers {
        Some(proposers) => parse_filing(&proposers),
        None => folded.find(" emettent ").and_then(|at| {
            let subject = super::authors::split_at_folded(&t, folded[..at].chars().count()).0;
            super::authors::parse_authors(subject.trim())
        }),
    };
    if let Some(mut authors) = authors {
        // The text prints no filing line: its authors are the formula's.
        authors.filing = crate::model::Filing::Hidden;
        draft.authors = authors;
        draft.doubts.push((
            "authors",
            "auteurs lus dans la formule : le texte n’a pas de ligne « Déposé par »".into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block::new(BlockKind::Paragraph, 0, text)
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            session_line("Séance des 8, 9 et 10 décembre 2026")
                .unwrap()
                .0
                .len(),
            3
        );
        assert_eq!(
            session_line("Séance des 30 novembre et 1er décembre 2026")
                .unwrap()
                .0,
            vec![
                Date {
                    year: 2026,
                    month: 11,
                    day: 30
                },
                Date {
                    year: 2026,
                    month: 12,
                    day: 1
                }
            ]
        );
        assert_eq!(
            session_line("Séance d’octobre 2002").unwrap().1.as_deref(),
            Some("2002-10")
        );
        let parts = reference_parts("Vœu n° 18 bis — Projets de délibération 2017 SGCP 2 et 2017 SGCP 2 G — 4e Commission — 2002 V. 87").unwrap();
        assert_eq!(parts.number.as_deref(), Some("18 bis"));
        assert_eq!(parts.attached_to, ["2017 SGCP 2", "2017 SGCP 2 G"]);
        assert_eq!(parts.commission, Some(4));
        assert_eq!(parts.reference.as_deref(), Some("2002 V. 87"));
        assert!(is_title("Vœu relatif aux fontaines"));
        assert_eq!(
            deliberation_refs(
                "Amendement n° 1 aux projets de délibération 2015 DDCT 171 et 2015 DDCT 10 G relatifs"
            ),
            ["2015 DDCT 171", "2015 DDCT 10 G"]
        );
        assert_eq!(
            deliberation_refs("le projet de délibération 2026 DEVE 112 est ainsi modifié :"),
            ["2026 DEVE 112"]
        );
        assert_eq!(
            deliberation_refs("à la délibération DU 5 relative"),
            ["DU 5"]
        );
        assert!(deliberation_refs("au projet de délibération relatif au plan").is_empty());
        assert!(!is_title("Vœu n° 18"));
    }

    #[test]
    fn outcomes() {
        let (status, o) =
            outcome_sentence("Le vœu a été adopté à l’unanimité le 9 décembre 2026.").unwrap();
        assert_eq!(status, Status::Adopted);
        assert_eq!(o.vote, Some(Vote::Unanimity));
        assert_eq!(
            o.date,
            Some(Date {
                year: 2026,
                month: 12,
                day: 9
            })
        );
        assert_eq!(
            outcome_sentence("Ce vœu a été rejeté par le Conseil de Paris.")
                .unwrap()
                .0,
            Status::Rejected
        );
        assert_eq!(
            outcome_sentence("L’amendement a été adopté tel qu’amendé.")
                .unwrap()
                .0,
            Status::AdoptedAmended
        );
        let (status, detail) = outcome_caps(
            "VŒU REJETÉ (ABSTENTION DU GROUPE X ET VOTE CONTRE DE LA MAJORITÉ MUNICIPALE)",
        )
        .unwrap();
        assert_eq!(status, Status::Rejected);
        assert_eq!(
            detail.as_deref(),
            Some("ABSTENTION DU GROUPE X ET VOTE CONTRE DE LA MAJORITÉ MUNICIPALE")
        );
        assert!(outcome_sentence("Le vœu a été adopté par surprise.").is_none());
    }

    #[test]
    fn requests_without_bullets() {
        let blocks = vec![
            p("Vœu relatif aux fontaines à boire"),
            p("Déposé par Claire DUVAL"),
            p("Considérant que l’été vient."),
            p(
                "Sur proposition de Claire DUVAL, le Conseil de Paris émet le vœu que la Ville de Paris :",
            ),
            p("Installe cent fontaines ;"),
            p("Publie leur carte ;"),
            p("En rende compte en 2027."),
            p("Partager sur les réseaux"),
        ];
        let d = &recognize(&blocks, &Default::default())[0];
        let items: Vec<&str> = d.items.iter().map(|i| i.paragraphs[0].as_str()).collect();
        assert_eq!(
            items,
            [
                "Installe cent fontaines ;",
                "Publie leur carte ;",
                "En rende compte en 2027."
            ]
        );
        assert_eq!(d.left_out, ["Partager sur les réseaux"]);
    }

    #[test]
    fn a_web_page_with_its_chrome() {
        let blocks = vec![
            p("Objectif : Plan 300 hectares #P300"),
            p("000 / 300Ha"),
            p("Vœu relatif aux fontaines à boire"),
            p("Sans titre (1)"),
            p("Déposé par Claire DUVAL et les élu·es du groupe Les Écologistes"),
            p("Considérant que les fontaines manquent ;"),
            p("Considérant que l’été vient."),
            p(
                "Sur proposition de Claire DUVAL et des élu·es du groupe Les Écologistes, le Conseil de Paris émet le vœu que la Ville de Paris :",
            ),
            Block::new(BlockKind::Item, 0, "Installe cent fontaines ;").marked('•'),
            Block::new(BlockKind::Item, 0, "Publie leur carte.").marked('•'),
            p("restez informé·E·s"),
            p("Les écologistes"),
        ];
        let drafts = recognize(&blocks, &Default::default());
        assert_eq!(drafts.len(), 1);
        let d = &drafts[0];
        assert_eq!(
            d.title.as_deref(),
            Some("Vœu relatif aux fontaines à boire")
        );
        assert_eq!(d.tags, ["P300"]);
        assert_eq!(d.considerants.len(), 2);
        assert_eq!(d.items.len(), 2);
        assert_eq!(d.addressee.as_deref(), Some("la Ville de Paris"));
        assert_eq!(d.authors.persons, ["Claire DUVAL"]);
        assert!(d.left_out.iter().any(|l| l == "Sans titre (1)"));
        assert!(d.left_out.iter().any(|l| l == "restez informé·E·s"));
    }

    /// The motion a plain text gives, read as the text route reads it.
    fn read(text: &str) -> Draft {
        let blocks = crate::import::blocks::from_lines(text, false);
        let mut drafts = recognize(&blocks, &Default::default());
        assert_eq!(drafts.len(), 1, "{drafts:#?}");
        drafts.remove(0)
    }

    #[test]
    fn headers_in_any_order_and_wording() {
        // "Vœu présenté par … / Le groupe … / Relatif à …": the filing line over two
        // lines, above the title.
        let d = read(
            "Vœu présenté par Jeanne DURAND\n\nLe groupe Paris Solidaire\n\nRelatif à la piscine Pontoise\n\n\
             Considérant que la piscine ferme l’été ;\n\n\
             Le Conseil de Paris émet le vœu que la Ville de Paris rouvre la piscine.\n",
        );
        assert_eq!(d.title.as_deref(), Some("Relatif à la piscine Pontoise"));
        assert_eq!(d.authors.persons, ["Jeanne DURAND"]);
        assert_eq!(d.authors.groups, ["Paris Solidaire"]);
        assert!(d.authors.filing_first);
        // "Relatif à …" above "Vœu de …".
        let d = read(
            "Relatif aux bancs publics\n\nVœu de Paul MARTIN\n\n\
             Considérant que les bancs manquent ;\n\n\
             Sur proposition de Paul MARTIN, le Conseil de Paris émet le vœu que la Ville de Paris :\n\n\
             - installe des bancs.\n",
        );
        assert_eq!(d.title.as_deref(), Some("Relatif aux bancs publics"));
        assert_eq!(d.authors.persons, ["Paul MARTIN"]);
        assert!(!d.authors.filing_first);
        // An arrondissement's séance above the title; the council named with its dates.
        let d = read(
            "Conseil du 6e arrondissement du 27 septembre 2022\n\n\
             VŒU RELATIF AUX ARBRES DE LA RUE DE VAUGIRARD\n\n\
             déposé par Anne KIS\n\nConsidérant que les arbres sont menacés.\n",
        );
        assert_eq!(d.council.as_deref(), Some("Conseil du 6e arrondissement"));
        assert_eq!(d.dates.len(), 1);
        assert!(d.title.is_some());
        // A working label is no title; the real one is.
        let d = read(
            "PROJET DE VŒU – version 3 (relue par CD)\n\n\
             Vœu relatif aux fontaines\n\nDéposé par Claire DUVAL\n\n\
             Considérant que l’été vient.\n",
        );
        assert_eq!(d.title.as_deref(), Some("Vœu relatif aux fontaines"));
        assert!(d.left_out.iter().any(|l| l.contains("version 3")));
    }

    #[test]
    fn formulas_split_or_introduced() {
        // "…, le Conseil de Paris," then "Émet le vœu :"; the formula keeps its two
        // paragraphs, its authors read there (no filing line printed).
        let d = read(
            "Vœu relatif aux jardins\n\nL’opération a montré son succès auprès des habitants du quartier.\n\n\
             Sur proposition du groupe « Les Verts », le Conseil de Paris\n\nÉmet le vœu :\n\n\
             Que l’opération soit étendue.\n",
        );
        assert_eq!(
            d.source_formula.as_deref(),
            Some("Sur proposition du groupe « Les Verts », le Conseil de Paris\n\nÉmet le vœu :")
        );
        assert_eq!(d.authors.groups, ["« Les Verts »"]);
        assert_eq!(d.authors.filing, crate::model::Filing::Hidden);
        assert_eq!(d.motives.len(), 1);
        assert_eq!(d.items.len(), 1);
        // A transition on its own line, then the formula.
        let d = read(
            "Vœu relatif aux jardins\n\nDéposé par Claire DUVAL\n\nConsidérant que les jardins manquent ;\n\n\
             C’est pourquoi,\n\nle Conseil de Paris émet le vœu que la Ville de Paris :\n\n\
             - crée dix jardins.\n",
        );
        assert!(
            d.source_formula
                .as_deref()
                .is_some_and(|f| f.starts_with("C’est pourquoi,"))
        );
        assert_eq!(d.considerants.len(), 1);
        assert_eq!(d.addressee.as_deref(), Some("la Ville de Paris"));
        // A transition inline, on behalf of a group's members.
        let d = read(
            "Vœu relatif aux jardins\n\nConsidérant que les jardins manquent ;\n\n\
             Compte tenu de ces éléments, sur la proposition de M. Jean DUPONT, au nom des élus du groupe Socialiste, le Conseil de Paris émet le vœu que la Ville de Paris :\n\n\
             - crée dix jardins.\n",
        );
        assert_eq!(d.authors.persons, ["M. Jean DUPONT"]);
        assert!(d.authors.on_behalf);
        assert_eq!(d.authors.groups, ["Socialiste"]);
        // The authors as the formula's subject.
        let d = read(
            "Vœu relatif aux haies\n\nMaud LELIÈVRE et les élus du groupe MoDem émettent le vœu suivant :\n\n\
             - Que la Ville arrête la taille des haies au printemps.\n",
        );
        assert_eq!(d.authors.persons, ["Maud LELIÈVRE"]);
        assert_eq!(d.authors.groups, ["MoDem"]);
        assert_eq!(
            d.items[0].paragraphs[0],
            "- Que la Ville arrête la taille des haies au printemps."
        );
    }

    #[test]
    fn headings_over_lists_and_two_levels_of_dashes() {
        let d = read(
            "Vœu relatif aux écoles\n\nDéposé par Claire DUVAL\n\nVu,\n\n- le code de l’éducation ;\n\n\
             - la délibération 2019 DASCO 34 ;\n\nConsidérant :\n\n- que les cours sont fermées ;\n\n\
             - que les familles attendent.\n\n\
             Le Conseil de Paris émet le vœu que la Ville de Paris :\n\n\
             - ouvre les cours :\n\n– a) le samedi ;\n\n– b) le dimanche ;\n\n\
             - en rende compte.\n",
        );
        assert_eq!(d.citations_heading.as_deref(), Some("Vu,"));
        assert_eq!(d.citations.len(), 2);
        assert_eq!(d.considerants_heading.as_deref(), Some("Considérant :"));
        assert_eq!(d.considerants.len(), 2);
        assert_eq!(
            d.considerants[0].paragraphs[0],
            "- que les cours sont fermées ;"
        );
        assert_eq!(d.items.len(), 2, "{:#?}", d.items);
        assert_eq!(d.items[0].subitems.len(), 2);
    }

    #[test]
    fn a_bulletin_text_with_its_record() {
        let d = read(
            "G - Vœu relatif aux collèges\n\nDélibération affichée à l’Hôtel-de-Ville\n\n\
             et transmise au représentant de l’État le 27 novembre 2002.\n\n\
             Le Conseil de Paris, siégeant en formation de Conseil général,\n\n\
             Les collèges manquent de places pour les élèves du quartier depuis plusieurs années.\n\n\
             Sur proposition du groupe communiste, le Conseil de Paris émet le vœu :\n\n\
             Que deux collèges soient construits.\n\nOctobre 2002\n\nDélibération\n\n2002 G. 12\n\n\
             2002 V. 119\n\nConseil général\n",
        );
        assert_eq!(d.title.as_deref(), Some("Vœu relatif aux collèges"));
        assert_eq!(d.notice.len(), 1, "{:#?}", d.notice);
        assert!(d.preamble.is_some());
        assert_eq!(d.formation, Some(Formation::General));
        assert_eq!(d.month.as_deref(), Some("2002-10"));
        assert_eq!(d.status, Some(Status::Adopted));
        assert_eq!(d.reference.as_deref(), Some("2002 V. 119"));
        assert_eq!(d.motives.len(), 1);
        assert_eq!(d.items.len(), 1);
    }

    #[test]
    fn outcomes_first_and_in_capitals() {
        let d = read(
            "VŒU ADOPTÉ À L’UNANIMITÉ\n\nVœu relatif aux fontaines\n\nDéposé par Claire DUVAL\n\n\
             Considérant que l’été vient.\n",
        );
        assert_eq!(d.status, Some(Status::Adopted));
        assert!(d.outcome.first);
        let d = read(
            "Vœu relatif aux fontaines\n\nDéposé par Claire DUVAL\n\nConsidérant que l’été vient.\n\n\
             Le Conseil de Paris émet le vœu que la Ville de Paris installe des fontaines.\n\n\
             Le vœu a été rejeté à la majorité.\n",
        );
        assert_eq!(d.status, Some(Status::Rejected));
        assert!(!d.outcome.first);
    }

    #[test]
    fn dashes_glued_or_spaced_are_one_list() {
        let d = read(
            "Vœu relatif aux bancs\n\nDéposé par Claire DUVAL\n\nConsidérant que les bancs manquent ;\n\n\
             Le Conseil de Paris émet le vœu que la Ville de Paris :\n\n-installe des bancs ;\n\n\
             - publie leur carte ;\n\n-en rende compte.\n",
        );
        let items: Vec<&str> = d.items.iter().map(|i| i.paragraphs[0].as_str()).collect();
        assert_eq!(
            items,
            [
                "- installe des bancs ;",
                "- publie leur carte ;",
                "- en rende compte."
            ]
        );
    }

    #[test]
    fn arrondissement_session_lines() {
        for line in [
            "Séance du conseil d’arrondissement du 27 septembre 2022",
            "Séance du Conseil du 6e arrondissement du 27 septembre 2022",
            "SÉANCE DU 27 SEPTEMBRE 2022",
        ] {
            let (dates, _) = session_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(dates.len(), 1, "{line}");
        }
        assert_eq!(
            council_with_dates("Conseil de Paris des 2, 3 et 4 février 2021")
                .map(|(c, d)| (c, d.len())),
            Some(("Conseil de Paris".to_string(), 3))
        );
    }
}
