//! The file format as serde types: what a motion file (or a `defaults.toml`) may contain,
//! before any rule is checked. The JSON Schema of `motion schema` is generated from these
//! types, and `shape` checks files against that schema, so this is the one place where a
//! key is added or renamed.
//!
//! The `///` comments on fields are in French on purpose: they become the descriptions
//! that editors (Taplo / Even Better TOML) show to aides while they type.
//!
//! Every field is optional here: what is required depends on the kind of motion and on
//! the folder defaults, and is checked by `validate` with a precise message.

use crate::model::{Date, MotionKind, Status};
use schemars::JsonSchema;
use serde::Deserialize;

/// Une motion du Conseil de Paris : un vœu ou un amendement. Les valeurs absentes sont
/// prises dans les fichiers `defaults.toml` des dossiers parents.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Motion (vœu ou amendement)")]
pub struct RawMotion {
    /// Type de texte : "voeu" (par défaut) ou "amendement".
    #[serde(rename = "type")]
    pub kind: Option<MotionKind>,
    /// Titre, tel qu’il sera imprimé : « Vœu relatif à … », « Amendement … ».
    pub title: Option<String>,
    /// Numéro dans le cahier des vœux et amendements de la séance : 37 ou "18 bis".
    pub number: Option<RawNumber>,
    /// Commission compétente, de 1 à 8.
    #[schemars(range(min = 1, max = 8))]
    pub commission: Option<i64>,
    /// Projet de délibération visé : "2026 DEVE 12" (ou "2026 DDCT 10 G"). Obligatoire pour
    /// un amendement ; pour un vœu, il le rattache à cette délibération.
    pub attached_to: Option<String>,
    /// État du texte : draft (brouillon), filed (déposé), adopted (adopté),
    /// adopted-amended (adopté amendé), rejected (repoussé), withdrawn (retiré).
    pub status: Option<Status>,
    /// Référence officielle donnée à l’adoption : "2026 V. 45".
    pub reference: Option<String>,
    /// Mots-clés libres, pour classer et retrouver les textes.
    pub tags: Option<Vec<String>>,
    /// Visas, un paragraphe chacun : « Vu la loi n° … ; ».
    pub citations: Option<Vec<String>>,
    /// Considérants, un paragraphe chacun : « Considérant que … ; ».
    #[schemars(length(min = 1))]
    pub considerants: Option<Vec<String>>,
    /// La séance : conseil et dates. Souvent héritée d’un `defaults.toml`.
    pub session: Option<RawSession>,
    /// Les auteurs : élu·es, groupes, ou l’Exécutif.
    pub authors: Option<RawAuthors>,
    /// Le dispositif d’un vœu : à qui il s’adresse et ce qu’il demande.
    pub request: Option<RawRequest>,
    /// Le dispositif d’un amendement : les modifications apportées au projet.
    pub amendment: Option<RawAmendment>,
}

/// Numéro : un entier (37) ou un texte ("18 bis").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Number")]
pub enum RawNumber {
    Integer(i64),
    Text(String),
}

/// La séance.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Session")]
pub struct RawSession {
    /// "Conseil de Paris" (par défaut), "Conseil du 11e arrondissement", "Conseil de Paris Centre"…
    pub council: Option<String>,
    /// Dates de la séance, sans guillemets et dans l’ordre : [2026-12-08, 2026-12-09].
    #[schemars(length(min = 1, max = 5))]
    pub dates: Option<Vec<Date>>,
}

/// Les auteurs.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Authors")]
pub struct RawAuthors {
    /// Élu·es, tels qu’imprimés, nom de famille en capitales : "Claire DUVAL".
    pub persons: Option<Vec<String>>,
    /// Groupes politiques : "Les Écologistes".
    pub groups: Option<Vec<String>>,
    /// Formule du groupe, après les noms : "les élu·es du groupe" (par défaut),
    /// "les membres du groupe"…
    pub members: Option<String>,
    /// true si le texte est déposé par l’Exécutif.
    pub executive: Option<bool>,
}

/// Le dispositif d’un vœu.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Request")]
pub struct RawRequest {
    /// À qui s’adresse le vœu : "la Ville de Paris" (par défaut), "la Maire de Paris",
    /// "l’État"… Sans destinataire, chaque demande commence par « Que ».
    pub addressee: Option<String>,
    /// Les demandes, une par paragraphe : « Demande … ; », la dernière finit par un point.
    #[schemars(length(min = 1))]
    pub items: Option<Vec<String>>,
}

/// Le dispositif d’un amendement.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Amendment")]
pub struct RawAmendment {
    /// Les modifications : « À l’article 2, après les mots « … », sont insérés les mots « … ». »
    #[schemars(length(min = 1))]
    pub changes: Option<Vec<String>>,
}

/// The JSON Schema (draft-07) of a motion file, as `motion schema` prints it and as
/// `shape` checks files against. Every string must hold text (`minLength: 1`): an empty
/// string is always a mistake in a motion.
pub fn json_schema() -> serde_json::Value {
    use schemars::transform::{RecursiveTransform, Transform};
    let require_text = RecursiveTransform(|schema: &mut schemars::Schema| {
        let is_string = match schema.get("type") {
            Some(serde_json::Value::String(t)) => t == "string",
            Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "string"),
            _ => false,
        };
        if is_string && schema.get("enum").is_none() && schema.get("format").is_none() {
            schema.insert("minLength".into(), 1.into());
        }
    });
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawMotion>();
    let mut transform = require_text;
    transform.transform(&mut schema);
    schema.to_value()
}
