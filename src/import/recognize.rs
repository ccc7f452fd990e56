//! A motion recognised in a document's blocks: its header (council, séance, number,
//! commission, délibérations, reference), title, authors, visas, exposé, considérants,
//! formula, requests or changes (with their quotes and sub-items), and outcome, read in
//! the order published texts print them. What surrounds the text on a web page (a
//! campaign banner, "retour", an image caption, a newsletter form) is left out, and a
//! hashtag near the text becomes a tag. Nothing is invented: a part the text does not
//! give stays empty, for `emit` to mark. Checking the result is `import`'s.

use super::authors::{DraftAuthors, parse_filing, split_list};
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
    pub citations: Vec<DraftItem>,
    pub motives: Vec<String>,
    pub motives_heading: MotivesHeading,
    pub considerants: Vec<DraftItem>,
    /// The formula as printed, when it is not the one the format would write.
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
    /// What was left out of the source (site chrome), for the report.
    pub left_out: Vec<String>,
    /// The blocks of the document the motion was read from.
    pub blocks: std::ops::Range<usize>,
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
            citations: Vec::new(),
            motives: Vec::new(),
            motives_heading: MotivesHeading::Default,
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
            blocks: 0..0,
        }
    }
}

/// Case- and apostrophe-insensitive start: "Vœu", "VŒU", "Voeu".
fn starts_with_word(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase().replace('\'', "’").replace("oeu", "œu");
    words.iter().any(|w| lower.starts_with(w))
}

/// A title: "Vœu relatif à …", "Amendement n° 3 au projet …", "Projet de vœu …".
fn is_title(text: &str) -> bool {
    starts_with_word(
        text,
        &[
            "vœu ",
            "vœux ",
            "amendement ",
            "projet de vœu",
            "proposition de vœu",
            "amendement technique",
        ],
    ) && reference_parts(text).is_none()
        && !is_outcome_caps(text)
        && text.chars().count() > 12
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
/// Paris, siégeant en formation de conseil municipal" (the formation is read apart).
fn council_line(text: &str) -> Option<String> {
    let t = text.trim();
    let t = match formation_in(t) {
        Some(_) => t.split(", siégeant").next().unwrap_or(t).trim(),
        None => t,
    };
    if t.eq_ignore_ascii_case("Conseil de Paris") {
        return Some("Conseil de Paris".into());
    }
    if t.eq_ignore_ascii_case("Conseil de Paris Centre") {
        return Some("Conseil de Paris Centre".into());
    }
    let rest = t.strip_prefix("Conseil du ")?;
    let ordinal = rest.strip_suffix(" arrondissement")?;
    (ordinal.len() <= 4 && ordinal.starts_with(|c: char| c.is_ascii_digit())).then(|| t.to_string())
}

fn month_number(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == name)
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
/// 2002", "Octobre 2002": the dates or the month.
fn session_line(text: &str) -> Option<(Vec<Date>, Option<String>)> {
    let t = text.trim().replace('\'', "’");
    let body = t
        .strip_prefix("Séance des ")
        .or_else(|| t.strip_prefix("Séance du "))
        .or_else(|| t.strip_prefix("Séances des "));
    if let Some(body) = body {
        return parse_days(body).map(|d| (d, None));
    }
    let month_text = t
        .strip_prefix("Séance d’")
        .or_else(|| t.strip_prefix("Séance de "))
        .unwrap_or(&t);
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

/// Outcome sentences: "Le vœu a été adopté à l’unanimité le 9 décembre 2026.", "Ce vœu
/// a été rejeté par le Conseil de Paris.", "L’amendement a été retiré.", "Le projet de
/// vœu est adopté.", "Le vœu n’a pas été soumis au vote."
fn outcome_sentence(text: &str) -> Option<(Status, DraftOutcome)> {
    let t = text.replace('\'', "’");
    let subjects = [
        "Le vœu ",
        "Le voeu ",
        "Ce vœu ",
        "Ce voeu ",
        "Le projet de vœu ",
        "L’amendement ",
        "Cet amendement ",
        "Le projet d’amendement ",
    ];
    let rest = subjects.iter().find_map(|s| t.strip_prefix(s))?;
    let mut outcome = DraftOutcome::default();
    if rest.starts_with("n’a pas été soumis au vote") {
        let tail = rest.trim_start_matches("n’a pas été soumis au vote").trim();
        if let Some((date, _)) = date_in_words(tail) {
            outcome.date = Some(date);
        }
        return Some((Status::NotVoted, outcome));
    }
    let rest = rest
        .strip_prefix("a été ")
        .or_else(|| rest.strip_prefix("est "))?;
    let (status, mut rest) = [
        ("adopté tel qu’amendé", Status::AdoptedAmended),
        ("adoptée telle qu’amendée", Status::AdoptedAmended),
        ("adopté", Status::Adopted),
        ("adoptée", Status::Adopted),
        ("rejeté", Status::Rejected),
        ("rejetée", Status::Rejected),
        ("repoussé", Status::Rejected),
        ("retiré", Status::Withdrawn),
        ("retirée", Status::Withdrawn),
    ]
    .iter()
    .find_map(|(w, s)| rest.strip_prefix(w).map(|r| (*s, r.trim_start())))?;
    if let Some(r) = rest.strip_prefix("à l’unanimité") {
        outcome.vote = Some(Vote::Unanimity);
        rest = r.trim_start();
    } else if let Some(r) = rest.strip_prefix("à la majorité") {
        outcome.vote = Some(Vote::Majority);
        rest = r.trim_start();
    }
    if let Some(r) = rest.strip_prefix("par le Conseil de Paris") {
        rest = r.trim_start();
    }
    if let Some((date, used)) = date_in_words(rest) {
        outcome.date = Some(date);
        rest = &rest[used..];
    }
    let rest = rest.trim().trim_end_matches('.').trim();
    if !rest.is_empty() {
        return None;
    }
    Some((status, outcome))
}

/// "VŒU REJETÉ (ABSTENTION DU GROUPE X …)", "VŒU ADOPTÉ", "AMENDEMENT RETIRÉ".
fn is_outcome_caps(text: &str) -> bool {
    outcome_caps(text).is_some()
}

fn outcome_caps(text: &str) -> Option<(Status, Option<String>)> {
    let t = text.trim();
    let upper = t.to_uppercase();
    if upper != t.replace(|c: char| c.is_lowercase(), "") && t != upper {
        // Only a line in capitals (the parenthesis may be in any case).
        let head = t.split('(').next().unwrap_or(t);
        if head.to_uppercase() != head {
            return None;
        }
    }
    let head = t.split('(').next().unwrap_or(t).trim().to_uppercase();
    let status = match head.as_str() {
        "VŒU ADOPTÉ" | "VOEU ADOPTÉ" | "AMENDEMENT ADOPTÉ" => Status::Adopted,
        "VŒU REJETÉ" | "VOEU REJETÉ" | "AMENDEMENT REJETÉ" => Status::Rejected,
        "VŒU RETIRÉ" | "VOEU RETIRÉ" | "AMENDEMENT RETIRÉ" => Status::Withdrawn,
        "VŒU ADOPTÉ TEL QU’AMENDÉ" | "VŒU ADOPTÉ TEL QU'AMENDÉ" => Status::AdoptedAmended,
        _ => return None,
    };
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

/// The administrative lines of an adopted text.
fn is_administrative(text: &str) -> bool {
    starts_with_word(
        text,
        &[
            "délibération affichée",
            "reçue par",
            "reçu par",
            "transmise au",
            "transmis au",
            "affichée à",
            "affiché à",
            "publiée",
            "certifié",
            "certifiée",
        ],
    )
}

/// Chrome a renderer or a site adds after the text.
fn is_trailer(text: &str) -> bool {
    text.starts_with("Mis en page par motion")
}

fn is_formula(text: &str) -> bool {
    let t = text.replace('\'', "’");
    t.contains("émet le vœu")
        || t.contains("émettent le vœu")
        || t.contains("émet le voeu")
        || t.contains("émet les vœux")
        || ((t.contains("est ainsi modifié") || t.contains("sont ainsi modifiés"))
            && t.trim_end().ends_with(':'))
}

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
            || session_line(text).is_some_and(|(d, m)| !d.is_empty() || m.is_some())
                && text.starts_with("Séance")
            || is_title(text);
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

/// Every motion recognised in the blocks, in order.
pub fn recognize(blocks: &[Block], meta: &super::blocks::SourceMeta) -> Vec<Draft> {
    let blocks: Vec<Block> = blocks
        .iter()
        .map(|b| Block {
            text: unwrap_whole_emphasis(&b.text).to_string(),
            ..b.clone()
        })
        .collect();
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
        draft.blocks = if n == 0 { 0..end } else { start..end };
        draft.authors.regroup(&meta.authors);
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
                continue;
            }
            if let Some((status, outcome)) = outcome_sentence(&block.text) {
                draft.status = Some(status);
                draft.outcome.vote = outcome.vote.or(draft.outcome.vote);
                draft.outcome.date = outcome.date.or(draft.outcome.date);
                continue;
            }
            draft.tags.extend(hashtags(&block.text));
            draft.left_out.push(block.text.clone());
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

fn recognize_one(blocks: &[Block]) -> Draft {
    let mut draft = Draft::default();
    let mut stage = Stage::Header;
    let mut last = Last::None;
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
        if is_trailer(text) {
            draft.left_out.push(text.to_string());
            continue;
        }
        // Outcome lines may come first (published texts often print them at the top).
        if let Some((status, outcome)) = outcome_sentence(text) {
            draft.status = Some(status);
            draft.outcome.vote = outcome.vote.or(draft.outcome.vote);
            draft.outcome.date = outcome.date.or(draft.outcome.date);
            if stage >= Stage::Operative {
                stage = Stage::Outcome;
            }
            continue;
        }
        if let Some((status, detail)) = outcome_caps(text) {
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
            draft.outcome.administrative.push(text.to_string());
            if stage >= Stage::Operative {
                stage = Stage::Outcome;
            }
            continue;
        }
        match stage {
            Stage::Header => {
                if is_formation_line(text) {
                    draft.formation = formation_in(text);
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
                } else if draft.title.is_none() && is_title(text) {
                    draft.title = Some(text.to_string());
                } else if let Some(authors) = parse_filing(text) {
                    draft.authors = authors;
                    draft.source_filing = Some(text.to_string());
                    stage = Stage::Body;
                } else if is_body_start(text) || is_formula(text) {
                    // No filing line: the body starts here.
                    stage = Stage::Body;
                    i -= 1;
                } else if draft.title.is_none() && block.kind == BlockKind::Heading {
                    draft.title = Some(text.to_string());
                } else {
                    draft.tags.extend(hashtags(text));
                    draft.left_out.push(text.to_string());
                }
            }
            Stage::Body => {
                if is_formula(text) {
                    read_formula(&mut draft, text);
                    stage = Stage::Operative;
                    continue;
                }
                // A formula cut in two by the reader ("Sur proposition de A, B," / "C et
                // des élu·es …, le Conseil de Paris émet le vœu :") is one paragraph.
                if starts_with_word(text, &["sur proposition"]) {
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
                let lower = text.to_lowercase();
                if lower.starts_with("vu ") || lower.starts_with("vu,") {
                    draft.citations.push(DraftItem::new(text));
                    last = Last::Citation;
                } else if lower.starts_with("considérant") {
                    draft.considerants.push(DraftItem::new(text));
                    last = Last::Considerant;
                } else if block.kind == BlockKind::Heading && draft.considerants.is_empty() {
                    draft.motives_heading = if text == "Exposé des motifs" {
                        MotivesHeading::Default
                    } else {
                        MotivesHeading::Other(text.to_string())
                    };
                    last = Last::Motives;
                } else if text == "Exposé des motifs" || text == "Exposé des motifs :" {
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
                        (Some(entry), BlockKind::Item) => entry.subitems.push(text.to_string()),
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
                let starts_que = starts_with_word(text, &["que ", "qu’"]);
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
                    draft.items.push(DraftItem::new(text));
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
                    BlockKind::Item => item.subitems.push(text.to_string()),
                    _ if opens && draft.kind == MotionKind::Amendement => {
                        item.quote.push(text.to_string());
                    }
                    _ if opens && opens_with_enumerator(text) => {
                        item.subitems.push(text.to_string())
                    }
                    _ if opens => item.quote.push(text.to_string()),
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
                    && !is_chrome_like(text)
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
            .is_some_and(|f| f.contains("ainsi modifié"))
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
        && let Some(at) = title.find("n° ")
    {
        let rest = &title[at + "n° ".len()..];
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
    starts_with_word(
        text,
        &["vu ", "considérant", "sur proposition", "exposé des motifs"],
    )
}

/// Lines a site prints around a text: links back, share buttons, newsletter forms.
fn is_chrome_like(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "retour",
        "partager",
        "imprimer",
        "newsletter",
        "lettre d’information",
        "inscrivez-vous",
        "nous contacter",
        "rechercher",
        "restez informé",
        "suivez-nous",
        "tweet",
        "facebook",
    ]
    .iter()
    .any(|w| lower.contains(w))
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
    [
        Formation::MunicipalAndDepartemental,
        Formation::MunicipalAndGeneral,
        Formation::Municipal,
        Formation::General,
        Formation::Departemental,
    ]
    .into_iter()
    .find(|f| text.to_lowercase().contains(f.phrase()))
}

/// The formation line of an amendement's header: "Siégeant en formation de …".
fn is_formation_line(text: &str) -> bool {
    text.starts_with("Siégeant en formation") && formation_in(text).is_some()
}

/// Reads the formula: its council, formation and addressee; the source's wording is
/// kept to be compared with the format's own.
fn read_formula(draft: &mut Draft, text: &str) {
    draft.source_formula = Some(text.to_string());
    let t = text.replace('\'', "’");
    if let Some(formation) = formation_in(&t) {
        draft.formation = Some(formation);
    }
    if draft.council.is_none() {
        for (needle, council) in [
            ("le Conseil de Paris Centre", "Conseil de Paris Centre"),
            ("le Conseil de Paris", "Conseil de Paris"),
        ] {
            if t.contains(needle) {
                draft.council = Some(council.to_string());
                break;
            }
        }
        if let Some(at) = t.find("le Conseil du ")
            && let Some(end) = t[at..].find(" arrondissement")
        {
            draft.council = Some(t[at + 3..at + end + " arrondissement".len()].to_string());
        }
    }
    // "… émet le vœu que la Ville de Paris :" → the addressee.
    if let Some(at) = t.find("émet le vœu que ") {
        let addressee = t[at + "émet le vœu que ".len()..]
            .trim_end()
            .trim_end_matches(':')
            .trim_end();
        if !addressee.is_empty() {
            draft.addressee = Some(addressee.to_string());
        }
    }
    // Authors named only in the formula ("Sur proposition du groupe X, …").
    if draft.authors.is_empty()
        && let Some(rest) = t.strip_prefix("Sur proposition ")
    {
        let proposers = rest.split(", le Conseil").next().unwrap_or(rest);
        let proposers = proposers.split(", les projets").next().unwrap_or(proposers);
        let proposers = proposers.split(", le projet").next().unwrap_or(proposers);
        let as_filing = format!("Déposé par {}", undo_de(proposers));
        if let Some(authors) = parse_filing(&as_filing) {
            draft.authors = authors;
            draft.doubts.push((
                "authors",
                "auteurs lus dans la formule : le texte n’a pas de ligne « Déposé par »".into(),
            ));
        }
    }
}

/// "de Claire DUVAL et des élu·es du groupe X" → "Claire DUVAL et les élu·es du groupe X".
fn undo_de(text: &str) -> String {
    let text = text.trim();
    let text = if let Some(r) = text.strip_prefix("du groupe ") {
        format!("le groupe {r}")
    } else if let Some(r) = text.strip_prefix("des ") {
        format!("les {r}")
    } else if let Some(r) = text.strip_prefix("de l’") {
        format!("l’{r}")
    } else if let Some(r) = text.strip_prefix("de ") {
        r.to_string()
    } else if let Some(r) = text.strip_prefix("d’") {
        r.to_string()
    } else {
        text.to_string()
    };
    text.replace(" et des ", " et les ")
        .replace(", des ", ", les ")
        .replace(" et du groupe ", " et le groupe ")
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
}
