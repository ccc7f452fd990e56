//! The booklet of a séance (the "cahier de séance"): its motions set in one typst
//! document (`cahier.typ`) in séance order — the vœux by number ("18 bis" after 18), then
//! the amendements grouped under the délibération they amend, the unnumbered last in
//! each part — with a cover that counts them by kind and outcome, a Sommaire whose page
//! numbers link, a bookmark per motion, a running header and page numbers across the
//! booklet. Which séances get one, and when it is written again, is `build`'s.

use super::document::Document;
use super::{Assets, RenderError, RenderOptions};
use crate::model::{MotionKind, Status};
use serde::Serialize;

/// One part of a booklet: its heading and its motions, in order.
#[derive(Debug)]
pub struct BookletPart {
    pub title: String,
    pub motions: Vec<Document>,
}

/// The parts of a séance's booklet: its documents, in séance order.
pub fn booklet_parts(documents: Vec<Document>) -> Vec<BookletPart> {
    seance_parts(documents, |d| SeanceKey {
        voeu: d.kind == MotionKind::Voeu,
        number: d.metadata.number.clone(),
        deliberations: d.metadata.deliberations.clone(),
        title: d.metadata.title.clone(),
    })
    .into_iter()
    .map(|(title, motions)| BookletPart { title, motions })
    .collect()
}

/// What places a text in its séance.
pub struct SeanceKey {
    pub voeu: bool,
    pub number: Option<String>,
    pub deliberations: Option<String>,
    pub title: String,
}

/// A séance's texts in séance order, in parts: the vœux by number ("18 bis" after 18),
/// then the amendements of each délibération (in the order of their lowest number), the
/// unnumbered last in each part. Shared by the booklet and the séance's page.
pub fn seance_parts<T>(items: Vec<T>, key: impl Fn(&T) -> SeanceKey) -> Vec<(String, Vec<T>)> {
    let mut keyed: Vec<(SeanceKey, T)> = items.into_iter().map(|t| (key(&t), t)).collect();
    keyed.sort_by(|(a, _), (b, _)| {
        order_key(&a.number)
            .cmp(&order_key(&b.number))
            .then_with(|| a.title.cmp(&b.title))
    });
    let mut voeux = Vec::new();
    // Amendements by délibération, in the order of their first (lowest) number.
    let mut amendements: Vec<(Option<String>, Vec<T>)> = Vec::new();
    for (key, item) in keyed {
        if key.voeu {
            voeux.push(item);
        } else {
            match amendements
                .iter_mut()
                .find(|(k, _)| *k == key.deliberations)
            {
                Some((_, group)) => group.push(item),
                None => amendements.push((key.deliberations, vec![item])),
            }
        }
    }
    let mut parts = Vec::new();
    if !voeux.is_empty() {
        parts.push(("Vœux".to_string(), voeux));
    }
    for (deliberations, motions) in amendements {
        let title = match deliberations {
            Some(refs) if refs.contains(" et ") => {
                format!("Amendements aux projets de délibération {refs}")
            }
            Some(refs) => format!("Amendements au projet de délibération {refs}"),
            None => "Amendements".into(),
        };
        parts.push((title, motions));
    }
    parts
}

/// "4 vœux et 1 amendement", "1 vœu", "2 amendements".
pub fn kind_counts(voeux: usize, amendements: usize) -> String {
    let plural = crate::diag::plural;
    match (voeux, amendements) {
        (v, 0) => plural(v, "vœu", "vœux"),
        (0, a) => plural(a, "amendement", "amendements"),
        (v, a) => format!(
            "{} et {}",
            plural(v, "vœu", "vœux"),
            plural(a, "amendement", "amendements")
        ),
    }
}

/// How a number sorts: by its value, then its suffix ("bis" after the number, "ter"
/// after "bis"), the unnumbered last.
pub fn order_key(number: &Option<String>) -> (u8, u64, u8, String) {
    let Some(number) = number else {
        return (1, 0, 0, String::new());
    };
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    let rest = number[digits.len()..].trim().to_lowercase();
    let suffix = match rest.as_str() {
        "" => 0,
        "bis" => 1,
        "ter" => 2,
        "quater" => 3,
        "quinquies" => 4,
        _ => 9,
    };
    (0, digits.parse().unwrap_or(u64::MAX), suffix, rest)
}

/// What `cahier.typ` reads.
#[derive(Serialize)]
struct BookletData<'a> {
    council: &'a crate::model::Text,
    session: &'a crate::model::Text,
    /// The running header: "Conseil de Paris — Séance des 8, 9 et 10 décembre 2026".
    header: String,
    /// "12 vœux et 3 amendements".
    counts: String,
    /// "5 adoptés, 2 rejetés, 8 déposés", when any was decided.
    outcomes: Option<String>,
    metadata: BookletMetadata,
    parts: Vec<PartData>,
}

#[derive(Serialize)]
struct BookletMetadata {
    title: String,
    description: String,
    authors: Vec<String>,
    keywords: Vec<String>,
}

#[derive(Serialize)]
struct PartData {
    title: String,
    motions: Vec<serde_json::Value>,
}

/// Renders the booklet of one séance (its documents, any order) to PDF.
pub fn render_booklet(
    documents: Vec<Document>,
    assets: &Assets,
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    let parts = booklet_parts(documents);
    let Some(first) = parts.iter().flat_map(|p| &p.motions).next() else {
        return Err(RenderError {
            message: "séance sans motion".into(),
            diagnostic: None,
        });
    };
    let all: Vec<&Document> = parts.iter().flat_map(|p| &p.motions).collect();
    let council_name = first.metadata.council_name.clone();
    let session = first.session.to_plain_string();
    let voeux = all.iter().filter(|d| d.kind == MotionKind::Voeu).count();
    let counts = kind_counts(voeux, all.len() - voeux);
    let outcomes = outcome_counts(&all);
    let mut authors: Vec<String> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    for document in &all {
        for name in &document.metadata.organizations {
            if !authors.contains(name) {
                authors.push(name.clone());
            }
        }
        for tag in &document.metadata.keywords {
            if !keywords.contains(tag) {
                keywords.push(tag.clone());
            }
        }
    }
    let title = format!(
        "Cahier de séance — {council_name}, {}",
        crate::text::lower_first(&session)
    );
    let data = BookletData {
        council: &first.council,
        session: &first.session,
        header: format!("{council_name} — {session}"),
        counts: counts.clone(),
        outcomes,
        metadata: BookletMetadata {
            description: format!("{title} : {counts}"),
            title,
            authors,
            keywords,
        },
        parts: parts
            .iter()
            .map(|part| PartData {
                title: part.title.clone(),
                motions: part
                    .motions
                    .iter()
                    .map(|document| {
                        let mut data = super::pdf::motion_data(document);
                        if let Some(object) = data.as_object_mut() {
                            object.insert(
                                "number".into(),
                                document
                                    .metadata
                                    .number
                                    .as_ref()
                                    .map(|n| format!("n° {n}"))
                                    .into(),
                            );
                        }
                        data
                    })
                    .collect(),
            })
            .collect(),
    };
    let data = serde_json::to_value(&data).map_err(|e| RenderError {
        message: format!("données du cahier : {e}"),
        diagnostic: None,
    })?;
    super::pdf::render_booklet_pdf(&data, &assets.pdf, options.build_time, &options.pdf)
}

/// "5 adoptés, 2 rejetés, 1 retiré et 8 déposés", or `None` when nothing was decided.
fn outcome_counts(documents: &[&Document]) -> Option<String> {
    let statuses: Vec<Status> = documents.iter().map(|d| d.metadata.status).collect();
    outcome_phrase(&statuses)
}

/// "5 adoptés, 2 rejetés, 1 retiré et 8 déposés" for these statuses, or `None` when
/// none was decided.
pub fn outcome_phrase(statuses: &[Status]) -> Option<String> {
    let words: &[(&[Status], &str, &str)] = &[
        (&[Status::Adopted], "adopté", "adoptés"),
        (
            &[Status::AdoptedAmended],
            "adopté amendé",
            "adoptés amendés",
        ),
        (&[Status::Rejected], "rejeté", "rejetés"),
        (&[Status::Withdrawn], "retiré", "retirés"),
        (
            &[Status::NotVoted],
            "non soumis au vote",
            "non soumis au vote",
        ),
        (&[Status::Filed, Status::Draft], "déposé", "déposés"),
    ];
    let decided = statuses
        .iter()
        .any(|s| !matches!(s, Status::Filed | Status::Draft));
    if !decided {
        return None;
    }
    let parts: Vec<String> = words
        .iter()
        .filter_map(|(kinds, one, many)| {
            let n = statuses.iter().filter(|s| kinds.contains(s)).count();
            (n > 0).then(|| crate::diag::plural(n, one, many))
        })
        .collect();
    Some(crate::diag::french_list(&parts))
}

#[cfg(test)]
mod tests {
    use super::order_key;

    #[test]
    fn bis_follows_its_number_and_the_unnumbered_come_last() {
        let mut numbers: Vec<Option<String>> = ["18 bis", "2", "18", "", "18 ter", "10"]
            .iter()
            .map(|n| (!n.is_empty()).then(|| n.to_string()))
            .collect();
        numbers.sort_by_key(order_key);
        let shown: Vec<&str> = numbers
            .iter()
            .map(|n| n.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(shown, ["2", "10", "18", "18 bis", "18 ter", "-"]);
    }
}
