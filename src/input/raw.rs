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

use crate::model::{Date, FilingPlacement, Formation, MotionKind, OutcomePlacement, Status, Vote};
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
    /// un amendement ; pour un vœu, il le rattache à cette délibération. Un amendement qui
    /// modifie deux projets les donne en liste : ["2015 DDCT 171", "2015 DDCT 10 G"].
    pub attached_to: Option<RawDeliberations>,
    /// État du texte : draft (brouillon), filed (déposé), adopted (adopté),
    /// adopted-amended (adopté tel qu’amendé), rejected (rejeté), withdrawn (retiré),
    /// not-voted (non soumis au vote).
    pub status: Option<Status>,
    /// Référence officielle donnée à l’adoption : "2026 V. 45".
    pub reference: Option<String>,
    /// Mots-clés libres, pour classer et retrouver les textes.
    pub tags: Option<Vec<String>>,
    /// Mentions de publication, imprimées telles quelles sous le titre, une par ligne,
    /// comme le Bulletin les imprime : « Délibération affichée à l’Hôtel-de-Ville et
    /// transmise au représentant de l’État le … », « Reçue par … ».
    #[schemars(length(min = 1))]
    pub notice: Option<Vec<String>>,
    /// Préambule, imprimé tel quel avant les visas et l’exposé : « Le Conseil de Paris,
    /// siégeant en formation de conseil municipal, ». Une ligne vide sépare deux
    /// paragraphes.
    pub preamble: Option<String>,
    /// Visas, un paragraphe chacun : « Vu la loi n° … ; ».
    pub citations: Option<Vec<RawItem>>,
    /// Intitulé qui gouverne les visas en liste : "Vu :" ; chaque visa s’imprime alors
    /// sous lui, avec son propre repère (« – la loi … ; »).
    pub citations_heading: Option<String>,
    /// Exposé des motifs en prose, imprimé avant les considérants ; une ligne vide
    /// sépare deux paragraphes.
    pub motives: Option<String>,
    /// Titre de l’exposé des motifs : "Exposé des motifs" (par défaut), un autre titre,
    /// ou false pour l’imprimer sans titre.
    pub motives_heading: Option<RawHeading>,
    /// Considérants, un paragraphe chacun : « Considérant que … ; ».
    #[schemars(length(min = 1))]
    pub considerants: Option<Vec<RawItem>>,
    /// Intitulé qui gouverne les considérants en liste : "Considérant :" ; chaque
    /// considérant s’imprime alors sous lui, avec son propre repère (« – que … ; »).
    pub considerants_heading: Option<String>,
    /// Formule du dispositif, quand le texte en a une autre que l’usuelle, imprimée telle
    /// quelle : "Les élus du groupe X émettent le vœu suivant :". Une ligne vide sépare
    /// deux paragraphes (« …, le Conseil de Paris », puis « Émet le vœu : »).
    pub formula: Option<String>,
    /// La séance : conseil et dates. Souvent héritée d’un `defaults.toml`.
    pub session: Option<RawSession>,
    /// Les auteurs : élu·es, groupes, ou l’Exécutif.
    pub authors: Option<RawAuthors>,
    /// Le dispositif d’un vœu : à qui il s’adresse et ce qu’il demande.
    pub request: Option<RawRequest>,
    /// Le dispositif d’un amendement : les modifications apportées au projet.
    pub amendment: Option<RawAmendment>,
    /// Le sort du texte une fois voté : le vote, sa date, les mentions administratives.
    pub outcome: Option<RawOutcome>,
}

/// Un ou plusieurs projets de délibération.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Deliberations")]
pub enum RawDeliberations {
    One(String),
    Many(#[schemars(length(min = 1))] Vec<String>),
}

impl RawDeliberations {
    /// The references as written, with the path of each in the file.
    pub fn each(&self) -> Vec<(String, &str)> {
        match self {
            RawDeliberations::One(text) => vec![("attached_to".into(), text.as_str())],
            RawDeliberations::Many(texts) => texts
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("attached_to[{i}]"), t.as_str()))
                .collect(),
        }
    }
}

/// Un élément de liste : un texte, ou une table pour un texte qui cite un article ou
/// qui a des sous-éléments.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Item")]
pub enum RawItem {
    Text(String),
    Detailed(RawDetailedItem),
}

/// Un élément de liste détaillé.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DetailedItem")]
pub struct RawDetailedItem {
    /// Le texte de l’élément : « L’article 14 est ainsi rédigé : ».
    pub text: String,
    /// Un texte cité, imprimé en retrait, une ligne par paragraphe : « Art. 14. — … ».
    pub quote: Option<String>,
    /// Sous-éléments, imprimés en liste sous le texte : "a) …", "– …".
    #[schemars(length(min = 1))]
    pub items: Option<Vec<String>>,
}

impl RawItem {
    /// The text of the item.
    pub fn text(&self) -> &str {
        match self {
            RawItem::Text(text) => text,
            RawItem::Detailed(item) => &item.text,
        }
    }

    /// Whether the item's text opens a quotation or a list (and so may end with « : »).
    pub fn has_children(&self) -> bool {
        matches!(self, RawItem::Detailed(item) if item.quote.is_some() || item.items.is_some())
    }

    /// Every piece the item prints as a paragraph of its own: the paragraphs of its text
    /// and of its sub-items, and each line of its quote.
    pub fn pieces(&self) -> Vec<&str> {
        match self {
            RawItem::Text(text) => crate::text::paragraphs(text).collect(),
            RawItem::Detailed(item) => crate::text::paragraphs(&item.text)
                .chain(item.quote.iter().flat_map(|q| crate::text::quoted_lines(q)))
                .chain(
                    item.items
                        .iter()
                        .flatten()
                        .flat_map(|s| crate::text::paragraphs(s)),
                )
                .collect(),
        }
    }

    /// Every text of the item: its text, quote and sub-items.
    pub fn all_texts(&self) -> Vec<&str> {
        match self {
            RawItem::Text(text) => vec![text],
            RawItem::Detailed(item) => std::iter::once(item.text.as_str())
                .chain(item.quote.as_deref())
                .chain(item.items.iter().flatten().map(String::as_str))
                .collect(),
        }
    }
}

/// Un titre, ou false pour ne pas en imprimer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Heading")]
pub enum RawHeading {
    Shown(bool),
    Text(String),
}

/// Le sort du texte.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Outcome")]
pub struct RawOutcome {
    /// Le vote : "unanimity" (à l’unanimité) ou "majority" (à la majorité).
    pub vote: Option<Vote>,
    /// Le détail du vote, imprimé tel quel : "abstention du groupe X et vote contre de la
    /// majorité municipale".
    pub detail: Option<String>,
    /// La date du vote, sans guillemets : 2026-12-09.
    pub date: Option<Date>,
    /// Les mentions administratives d’un texte adopté, une par ligne : « Délibération
    /// affichée à l’Hôtel-de-Ville et transmise au représentant de l’État le … ».
    #[schemars(length(min = 1))]
    pub administrative: Option<Vec<String>>,
    /// La décision telle que le texte l’imprime, à la place de la phrase tirée de
    /// l’état : "Ce vœu a été rejeté par le Conseil de Paris.".
    pub decision: Option<String>,
    /// Où s’imprime l’issue : "end" (à la fin, par défaut) ou "top" (en tête du
    /// document, comme bien des textes publiés : « VŒU REJETÉ (…) »).
    pub placement: Option<OutcomePlacement>,
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
    /// Formation du Conseil de Paris avant 2019 : "conseil municipal", "conseil général"
    /// (jusqu’en 2014), "conseil départemental" (de 2015 à 2018), ou les deux :
    /// "conseil municipal et conseil départemental".
    pub formation: Option<Formation>,
    /// Dates de la séance, sans guillemets et dans l’ordre : [2026-12-08, 2026-12-09].
    #[schemars(length(min = 1, max = 5))]
    pub dates: Option<Vec<Date>>,
    /// Pour un texte d’archive dont on ne connaît que le mois de la séance, à la place
    /// des dates : "2002-10".
    pub month: Option<String>,
}

/// Les auteurs.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Authors")]
pub struct RawAuthors {
    /// Élu·es, tels qu’imprimés, nom de famille en capitales : "Claire DUVAL" ; ou avec
    /// leur groupe : { name = "Inès BENKHALED", group = "Les Écologistes" } s’imprime
    /// « Inès BENKHALED (groupe Les Écologistes) ».
    pub persons: Option<Vec<RawPerson>>,
    /// Groupes politiques : "Les Écologistes".
    pub groups: Option<Vec<String>>,
    /// Comment sont nommés les membres du groupe : "les élu·es" (par défaut avec des
    /// élu·es nommés), "les membres", "les élus" ; "le groupe" pour nommer le groupe
    /// seul (par défaut sans élu·e nommé).
    pub members: Option<String>,
    /// true si le texte est déposé par l’Exécutif.
    pub executive: Option<bool>,
    /// Le ou la maire, par son nom : "Jean-Pierre LECOQ" s’imprime « Jean-Pierre LECOQ,
    /// Maire du 6e arrondissement » (ou « Maire de Paris »).
    pub mayor: Option<String>,
    /// true si les élu·es déposent « au nom du groupe X ».
    pub on_behalf: Option<bool>,
    /// Les mots qui ouvrent la ligne des auteurs : "Déposé par" (par défaut), "Présenté
    /// par", "Sur proposition de", "Vœu de"… (finissant par « par » ou « de ») ; false
    /// pour n’imprimer aucune ligne des auteurs.
    pub filing: Option<RawFiling>,
    /// Où s’imprime la ligne des auteurs : "after-title" (sous le titre, par défaut) ou
    /// "before-title" (au-dessus, comme « Vœu de … » puis « Relatif à … »).
    pub placement: Option<FilingPlacement>,
}

/// Un·e élu·e : son nom, ou une table avec son nom et son groupe.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Person")]
pub enum RawPerson {
    Name(String),
    WithGroup(RawPersonWithGroup),
}

/// Un·e élu·e avec son groupe.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "PersonWithGroup")]
pub struct RawPersonWithGroup {
    /// Le nom tel qu’imprimé : "Inès BENKHALED".
    pub name: String,
    /// Son groupe : "Les Écologistes" (s’imprime « (groupe Les Écologistes) »).
    pub group: String,
}

impl RawPerson {
    /// The name as written.
    pub fn name(&self) -> &str {
        match self {
            RawPerson::Name(name) => name,
            RawPerson::WithGroup(person) => &person.name,
        }
    }
}

/// La ligne des auteurs : ses premiers mots, ou false pour ne pas l’imprimer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Filing")]
pub enum RawFiling {
    Shown(bool),
    Words(String),
}

/// Le dispositif d’un vœu.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Request")]
pub struct RawRequest {
    /// À qui s’adresse le vœu : "la Ville de Paris" (par défaut), "la Maire de Paris",
    /// "l’État"… Sans destinataire, chaque demande commence par « Que ».
    pub addressee: Option<String>,
    /// Les demandes, une par élément : « Demande … ; », la dernière finit par un point.
    #[schemars(length(min = 1))]
    pub items: Option<Vec<RawItem>>,
}

/// Le dispositif d’un amendement.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Amendment")]
pub struct RawAmendment {
    /// Les modifications : « À l’article 2, après les mots « … », sont insérés les mots « … ». »
    #[schemars(length(min = 1))]
    pub changes: Option<Vec<RawItem>>,
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
