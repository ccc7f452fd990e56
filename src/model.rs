//! The `Motion`: a checked vœu or amendement as plain data, the only thing renderers see.
//! No spans, no diagnostics, no I/O; `validate` builds it from the raw file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::input::raw::IsoDate as Date;

/// A checked motion, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Motion {
    pub kind: MotionKind,
    pub title: String,
    pub number: Option<MotionNumber>,
    pub commission: Option<u8>,
    /// The projet de délibération a vœu is attached to, or an amendement changes.
    pub attached_to: Option<DeliberationRef>,
    pub status: Status,
    pub reference: Option<OfficialRef>,
    pub tags: Vec<String>,
    pub session: Session,
    pub authors: Authors,
    /// "Vu …" paragraphs.
    pub citations: Vec<String>,
    /// "Considérant …" paragraphs (recitals).
    pub considerants: Vec<String>,
    /// What the motion asks or changes.
    pub operative: Operative,
}

/// The kind of text. Read from the file as is (`type = "voeu"`), hence `Deserialize` and
/// the French description for the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "Kind", description = "Type de texte.")]
pub enum MotionKind {
    Voeu,
    Amendement,
}

/// Where the text stands. Read from the file as is (`status = "adopted"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(rename = "Status", description = "État du texte.")]
pub enum Status {
    Draft,
    Filed,
    Adopted,
    AdoptedAmended,
    Rejected,
    Withdrawn,
}

/// A number in the session's cahier: `37`, `18 bis`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MotionNumber {
    pub value: u32,
    /// `bis`, `ter`, `quater`…
    pub suffix: Option<String>,
}

impl std::fmt::Display for MotionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.suffix {
            Some(suffix) => write!(f, "{} {suffix}", self.value),
            None => write!(f, "{}", self.value),
        }
    }
}

/// A projet de délibération: `2026 DEVE 12`, `2015 DDCT 10 G`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliberationRef {
    pub year: u16,
    /// The direction code (DEVE, DU, DLH…).
    pub direction: String,
    pub number: u32,
    /// The ` G` suffix: the Conseil de Paris sitting as a département.
    pub departement: bool,
}

impl std::fmt::Display for DeliberationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.year, self.direction, self.number)?;
        if self.departement {
            write!(f, " G")?;
        }
        Ok(())
    }
}

/// The official reference of an adopted vœu: `2026 V. 45`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficialRef {
    pub year: u16,
    pub number: u32,
}

impl std::fmt::Display for OfficialRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} V. {}", self.year, self.number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    pub council: Council,
    /// One to five days, sorted, without repeats.
    pub dates: Vec<Date>,
}

/// Which assembly sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "arrondissement", rename_all = "kebab-case")]
pub enum Council {
    /// The Conseil de Paris.
    Paris,
    /// The council of an arrondissement, 5 to 20 (1 to 4 sit together as Paris Centre).
    Arrondissement(u8),
    /// The council of Paris Centre (1st to 4th arrondissements, since 2020).
    ParisCentre,
}

impl Council {
    /// The name as printed: `Conseil de Paris`, `Conseil du 11e arrondissement`.
    pub fn name(self) -> String {
        match self {
            Council::Paris => "Conseil de Paris".into(),
            Council::ParisCentre => "Conseil de Paris Centre".into(),
            Council::Arrondissement(1) => "Conseil du 1er arrondissement".into(),
            Council::Arrondissement(n) => format!("Conseil du {n}e arrondissement"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Authors {
    /// Elected members as printed, surnames in capitals.
    pub persons: Vec<String>,
    pub groups: Vec<String>,
    /// The group phrase: "les élu·es du groupe".
    pub members: Option<String>,
    /// Filed by the Exécutif.
    pub executive: bool,
}

/// The operative part: a vœu's requests or an amendement's changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Operative {
    Voeu {
        /// "la Ville de Paris"; `None` when each request opens with "Que".
        addressee: Option<String>,
        requests: Vec<String>,
    },
    Amendement {
        changes: Vec<String>,
    },
}
