//! The `Motion`: a checked vœu or amendement as plain data, the only thing renderers see.
//! No spans, no diagnostics, no I/O; `validate` builds it from the raw file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A text as printed: runs of plain text and the few inline forms the format knows. Built
/// from the file's inline markup by `markup`, then typeset by `typography`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Inline>);

/// One piece of a `Text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "content", rename_all = "lowercase")]
pub enum Inline {
    /// Text printed as is.
    Plain(String),
    /// Letters raised as a superscript: the `er` of `1er`, the `e` of `8e`.
    Superscript(String),
    /// `*emphase*`: italics.
    Emphasis(Vec<Inline>),
    /// `**gras**`: bold.
    Strong(Vec<Inline>),
    /// `[texte](https://…)`: only http, https and mailto targets are kept as links.
    Link { text: Vec<Inline>, target: String },
    /// `` `code` ``: printed in a monospace font, never typeset.
    Code(String),
}

impl Text {
    /// Texts as one plain string, `separator` between them.
    pub fn join_plain(texts: &[Text], separator: &str) -> String {
        texts
            .iter()
            .map(Text::to_plain_string)
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// A text of one plain run.
    pub fn plain(text: impl Into<String>) -> Text {
        Text(vec![Inline::Plain(text.into())])
    }

    /// The characters of the text without any markup (for metadata, titles of
    /// documents, search).
    pub fn to_plain_string(&self) -> String {
        let mut out = String::new();
        push_plain(&self.0, &mut out);
        out
    }
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Plain(s) | Inline::Superscript(s) | Inline::Code(s) => out.push_str(s),
            Inline::Emphasis(children) | Inline::Strong(children) => push_plain(children, out),
            Inline::Link { text, .. } => push_plain(text, out),
        }
    }
}

/// A checked motion, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Motion {
    pub kind: MotionKind,
    pub title: Text,
    pub number: Option<MotionNumber>,
    pub commission: Option<u8>,
    /// The projets de délibération a vœu is attached to, or an amendement changes
    /// (usually one; an amendement may change two at once).
    pub attached_to: Vec<DeliberationRef>,
    pub status: Status,
    pub reference: Option<OfficialRef>,
    pub tags: Vec<String>,
    pub session: Session,
    pub authors: Authors,
    /// "Vu …" paragraphs.
    pub citations: Vec<Item>,
    /// A prose exposé des motifs, for texts that argue in paragraphs rather than (or
    /// besides) considérants.
    pub motives: Option<Motives>,
    /// "Considérant …" paragraphs (recitals).
    pub considerants: Vec<Item>,
    /// A formula the text really uses instead of the usual one ("… émettent le vœu
    /// suivant :"), printed as written: its paragraphs ("…, le Conseil de Paris" then
    /// "Émet le vœu :").
    pub formula: Option<Vec<Text>>,
    /// Lines printed as written between the title and the body: the publication notice
    /// of an adopted text ("Délibération affichée … / Reçue par …"), where the bulletin
    /// prints it.
    pub notice: Vec<Text>,
    /// Paragraphs printed before the visas and the exposé: "Le Conseil de Paris,
    /// siégeant en formation de conseil municipal,".
    pub preamble: Vec<Text>,
    /// A heading that governs the visas or the considérants as a list ("Vu :",
    /// "Considérant :"), the entries then printed under it with their own markers.
    pub citations_heading: Option<Text>,
    pub considerants_heading: Option<Text>,
    /// What the motion asks or changes.
    pub operative: Operative,
    /// How the council decided, once it has.
    pub outcome: Outcome,
}

/// One entry of a list (a visa, a considérant, a request, a change): its paragraphs,
/// then an optional quoted text (an article an amendement rewrites), then sub-items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Item {
    /// One or more paragraphs: a blank line in the file starts a new one.
    pub paragraphs: Vec<Text>,
    /// A quoted text, one paragraph per line as written: printed indented, with its own
    /// numbering ("Art. 14. — …", "1° …") kept as it is.
    pub quote: Vec<Text>,
    /// Sub-items ("a) …", "– …"), each one or more paragraphs.
    pub subitems: Vec<Vec<Text>>,
}

impl Item {
    /// An entry of one paragraph.
    pub fn paragraph(text: Text) -> Item {
        Item {
            paragraphs: vec![text],
            ..Item::default()
        }
    }

    /// Every text of the entry, in reading order.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.paragraphs
            .iter()
            .chain(&self.quote)
            .chain(self.subitems.iter().flatten())
    }

    /// The same entry with `f` applied to each of its texts.
    pub fn map(&self, f: impl Fn(&Text) -> Text) -> Item {
        Item {
            paragraphs: self.paragraphs.iter().map(&f).collect(),
            quote: self.quote.iter().map(&f).collect(),
            subitems: self
                .subitems
                .iter()
                .map(|s| s.iter().map(&f).collect())
                .collect(),
        }
    }
}

/// The exposé des motifs: paragraphs of prose, under a heading or in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Motives {
    /// "Exposé des motifs" by default; `None` prints the paragraphs without a heading.
    pub heading: Option<Text>,
    pub paragraphs: Vec<Text>,
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
    /// Filed, but the council did not vote on it (the séance ended, the text fell).
    NotVoted,
}

impl Status {
    /// Whether the council voted on the text.
    pub fn is_voted(self) -> bool {
        matches!(
            self,
            Status::Adopted | Status::AdoptedAmended | Status::Rejected
        )
    }

    /// Whether the text's fate is settled (voted, withdrawn or fallen).
    pub fn is_decided(self) -> bool {
        !matches!(self, Status::Draft | Status::Filed)
    }
}

/// How a vote went. Read from the file as is (`vote = "unanimity"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(rename = "Vote", description = "Le vote.")]
pub enum Vote {
    /// "à l’unanimité".
    Unanimity,
    /// "à la majorité".
    Majority,
}

/// The council's decision beyond the status: the vote, its date, a free line on the vote
/// ("abstention du groupe X et vote contre de la majorité municipale"), and the
/// administrative lines of an adopted text ("Délibération affichée à l’Hôtel-de-Ville …").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub vote: Option<Vote>,
    pub date: Option<Date>,
    pub detail: Option<Text>,
    pub administrative: Vec<Text>,
    /// The decision as the text prints it ("Ce vœu a été rejeté par le Conseil de
    /// Paris."), instead of the sentence made from the status.
    pub decision: Option<Text>,
    /// Printed first, above the council, as many published texts open ("VŒU REJETÉ
    /// (…)"); at the end otherwise.
    pub first: bool,
}

/// Where the outcome is printed. Read from the file as is (`placement = "top"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(
    rename = "OutcomePlacement",
    description = "Où s’imprime l’issue du vote."
)]
pub enum OutcomePlacement {
    /// En tête du document, au-dessus du conseil.
    Top,
    /// À la fin (par défaut).
    #[default]
    End,
}

/// Where the filing line is printed. Read from the file as is (`placement =
/// "before-title"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(
    rename = "FilingPlacement",
    description = "Où s’imprime la ligne des auteurs."
)]
pub enum FilingPlacement {
    /// Au-dessus du titre.
    BeforeTitle,
    /// Sous le titre (par défaut).
    #[default]
    AfterTitle,
}

/// A number in the session's cahier: `37`, `18 bis`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// A projet de délibération: `2026 DEVE 12`, `2015 DDCT 10 G`, or in old texts without
/// its year, `DU 5`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliberationRef {
    pub year: Option<u16>,
    /// The direction code (DEVE, DU, DLH…).
    pub direction: String,
    pub number: u32,
    /// The ` G` suffix: the Conseil de Paris sitting as a département.
    pub departement: bool,
}

impl std::fmt::Display for DeliberationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(year) = self.year {
            write!(f, "{year} ")?;
        }
        write!(f, "{} {}", self.direction, self.number)?;
        if self.departement {
            write!(f, " G")?;
        }
        Ok(())
    }
}

/// The official reference of an adopted vœu: `2026 V. 45`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRef {
    pub year: u16,
    pub number: u32,
}

impl std::fmt::Display for OfficialRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} V. {}", self.year, self.number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub council: Council,
    /// How the Conseil de Paris sat, before 2019.
    pub formation: Option<Formation>,
    pub sitting: Sitting,
}

/// When the council sat: its days, or only its month for archive texts that give no day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sitting {
    /// One to five days, sorted, without repeats.
    Days(Vec<Date>),
    Month {
        year: u16,
        month: u8,
    },
}

impl Sitting {
    /// The first day, when the days are known.
    pub fn first_day(&self) -> Option<Date> {
        match self {
            Sitting::Days(days) => days.first().copied(),
            Sitting::Month { .. } => None,
        }
    }

    /// The year of the session.
    pub fn year(&self) -> Option<u16> {
        match self {
            Sitting::Days(days) => days.first().map(|d| d.year),
            Sitting::Month { year, .. } => Some(*year),
        }
    }

    /// A sortable key: `2026-12-08`, or `2002-10` for a month.
    pub fn sort_key(&self) -> String {
        match self {
            Sitting::Days(days) => days.first().map(Date::to_string).unwrap_or_default(),
            Sitting::Month { year, month } => format!("{year:04}-{month:02}"),
        }
    }
}

/// Which assembly sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "arrondissement", rename_all = "kebab-case")]
pub enum Council {
    /// The Conseil de Paris.
    Paris,
    /// The council of an arrondissement, 1 to 20 (1 to 4 sit together as Paris Centre
    /// since 2020).
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

    /// The mayor's title after a name: `Maire de Paris`, `Maire du 6e arrondissement`.
    pub fn mayor_title(self) -> String {
        match self {
            Council::Paris => "Maire de Paris".into(),
            Council::ParisCentre => "Maire de Paris Centre".into(),
            Council::Arrondissement(1) => "Maire du 1er arrondissement".into(),
            Council::Arrondissement(n) => format!("Maire du {n}e arrondissement"),
        }
    }
}

/// How the Conseil de Paris sat before 2019, when it was both a municipal and a
/// departmental council. Read from the file as is (`formation = "conseil municipal"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    rename = "Formation",
    description = "Formation du Conseil de Paris avant 2019."
)]
pub enum Formation {
    #[serde(rename = "conseil municipal")]
    Municipal,
    // Called conseil départemental from 2015. (A `///` comment here would make this
    // value a schema entry of its own, which the shape check did not read: M106.)
    #[serde(rename = "conseil général")]
    General,
    #[serde(rename = "conseil départemental")]
    Departemental,
    #[serde(rename = "conseil municipal et conseil général")]
    MunicipalAndGeneral,
    #[serde(rename = "conseil municipal et conseil départemental")]
    MunicipalAndDepartemental,
}

impl Formation {
    /// "siégeant en formation de conseil municipal et de conseil départemental".
    pub fn phrase(self) -> &'static str {
        match self {
            Formation::Municipal => "siégeant en formation de conseil municipal",
            Formation::General => "siégeant en formation de conseil général",
            Formation::Departemental => "siégeant en formation de conseil départemental",
            Formation::MunicipalAndGeneral => {
                "siégeant en formation de conseil municipal et de conseil général"
            }
            Formation::MunicipalAndDepartemental => {
                "siégeant en formation de conseil municipal et de conseil départemental"
            }
        }
    }

    /// Whether the formation names the département by its name before 2015 (général)
    /// or after (départemental); `None` when it names neither.
    pub fn departement_name_is_general(self) -> Option<bool> {
        match self {
            Formation::Municipal => None,
            Formation::General | Formation::MunicipalAndGeneral => Some(true),
            Formation::Departemental | Formation::MunicipalAndDepartemental => Some(false),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authors {
    /// Elected members as printed, surnames in capitals, each with their own group when
    /// the text pairs them ("Inès BENKHALED (groupe Les Écologistes)").
    pub persons: Vec<Person>,
    pub groups: Vec<Text>,
    /// How the group's members are named: "les élu·es" (the default with persons),
    /// "les membres", "les élus"; `None` names the group itself ("le groupe X").
    pub members: Option<Text>,
    /// Filed by the Exécutif.
    pub executive: bool,
    /// The mayor of the council's city or arrondissement, by name.
    pub mayor: Option<Text>,
    /// The persons file "au nom du groupe X" rather than with its members.
    pub on_behalf: bool,
    pub filing: Filing,
    /// The filing line is printed above the title ("Vœu de Claire DUVAL" then "Relatif
    /// à …"), as some published texts lay it out.
    pub filing_first: bool,
}

/// An elected member: the name as printed, and the group the text pairs them with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: Text,
    pub group: Option<Text>,
}

impl Person {
    /// A person named alone.
    pub fn named(name: Text) -> Person {
        Person { name, group: None }
    }
}

/// The filing line: the words before the authors, or no line at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filing {
    /// "Déposé par", "Présenté par", "Sur proposition de", "Vœu de"…: words ending in
    /// "par" take the authors as they are named, words ending in "de" take them after
    /// "de", contracted ("Vœu du groupe X").
    Words(String),
    /// No filing line: the text has none (its authors are named in the formula).
    Hidden,
}

impl Default for Filing {
    fn default() -> Filing {
        Filing::filed()
    }
}

impl Filing {
    /// "Déposé par".
    pub fn filed() -> Filing {
        Filing::Words("Déposé par".into())
    }

    /// "Présenté par".
    pub fn presented() -> Filing {
        Filing::Words("Présenté par".into())
    }

    /// Whether filing words take the authors after "de" ("Sur proposition de",
    /// "Vœu de"): they are then contracted ("du groupe", "des élu·es").
    pub fn takes_de(words: &str) -> bool {
        let lower = words.trim_end().to_lowercase();
        lower == "de" || lower.ends_with(" de")
    }

    /// Whether filing words can open the filing line: ending in "par" or "de".
    pub fn is_valid(words: &str) -> bool {
        let lower = words.trim_end().to_lowercase();
        Filing::takes_de(words) || lower == "par" || lower.ends_with(" par")
    }
}

/// The operative part: a vœu's requests or an amendement's changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Operative {
    Voeu {
        /// "la Ville de Paris"; `None` when each request opens with "Que".
        addressee: Option<Text>,
        requests: Vec<Item>,
    },
    Amendement {
        changes: Vec<Item>,
    },
}

impl Operative {
    /// The requests or the changes.
    pub fn items(&self) -> &[Item] {
        match self {
            Operative::Voeu { requests, .. } => requests,
            Operative::Amendement { changes } => changes,
        }
    }
}

/// A calendar date, written in files as a TOML local date (`2026-12-08`). The shape check
/// turns TOML dates into `YYYY-MM-DD` strings before serde sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking with the `time` crate that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
        let date = time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()?;
        Some(Date::from(date))
    }
}

impl From<time::Date> for Date {
    fn from(date: time::Date) -> Date {
        Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::from(date.month()),
            day: date.day(),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("date invalide : {text}")))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "Une date TOML, sans guillemets : 2026-12-08."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse("2026-12-08").is_some());
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse("+026-01-01").is_none());
        assert!(Date::parse("2026-00-10").is_none());
        assert_eq!(Date::parse("2026-04-07").unwrap().to_string(), "2026-04-07");
    }
}
