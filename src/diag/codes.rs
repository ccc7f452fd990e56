//! The registry of diagnostic codes: each code's stable identifier, default severity, short
//! title and long explanation (read from docs/codes/, shown by `motion explain`). Codes never
//! change meaning once published; a retired code is not reused.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $id:literal, $severity:ident, $title:literal;)*) => {
        /// A stable diagnostic code. The identifier (`M101`) is what users, JSON output and
        /// CI annotations see.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in identifier order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `M101`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// The severity a diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// A short French title, as listed by `motion explain`.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)*
                }
            }

            /// The long French explanation, in Markdown.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/docs/codes/", $id, ".md"
                    )),)*
                }
            }
        }
    };
}

codes! {
    // Reading and parsing a file.
    NotUtf8 = "M001", Error, "fichier qui n’est pas en UTF-8";
    EmptyFile = "M002", Error, "fichier vide";
    TomlSyntax = "M003", Error, "syntaxe TOML invalide";
    DuplicateKey = "M004", Error, "clé définie deux fois";
    FileTooLarge = "M005", Error, "fichier trop gros pour une motion";
    InternalError = "M006", Error, "erreur interne en vérifiant ce fichier";
    // The shape of the file: keys, types, empty values, placeholders.
    UnknownKey = "M101", Error, "clé inconnue";
    WrongType = "M102", Error, "valeur du mauvais type";
    EmptyText = "M103", Error, "texte vide";
    EmptyList = "M104", Error, "liste vide";
    Placeholder = "M105", Error, "texte à compléter laissé par `motion new`";
    UnknownValue = "M106", Error, "valeur hors de la liste permise";
    // Required parts.
    MissingTitle = "M201", Error, "titre manquant";
    MissingAuthor = "M202", Error, "aucun auteur";
    MissingConsiderant = "M203", Error, "vœu sans considérant";
    MissingRequest = "M204", Error, "vœu sans demande";
    MissingTarget = "M205", Error, "amendement sans délibération visée";
    MissingChange = "M206", Error, "amendement sans modification";
    MissingSession = "M207", Error, "séance sans date";
    MisplacedPart = "M208", Error, "partie qui ne convient pas à ce type de texte";
    DependentPart = "M209", Error, "valeur sans la partie qu’elle précise";
    // Forms of references, numbers and names.
    DeliberationRef = "M301", Error, "référence de délibération mal formée";
    OfficialRef = "M302", Error, "référence officielle mal formée";
    NumberForm = "M303", Error, "numéro mal formé";
    CommissionRange = "M304", Error, "commission hors de 1 à 8";
    SessionDateCount = "M305", Error, "nombre de dates de séance";
    SessionDateOrder = "M306", Error, "dates de séance non triées ou répétées";
    CouncilName = "M307", Error, "nom de conseil inconnu";
    SessionMonth = "M308", Error, "mois de séance mal formé ou en trop";
    FormationCouncil = "M309", Error, "formation pour un autre conseil que le Conseil de Paris";
    OutcomeStatus = "M310", Error, "vote qui contredit l’état du texte";
    // What the domain allows but rarely does.
    RecitalOpening = "M401", Warning, "considérant qui ne commence pas par une formule d’usage";
    TitleOpening = "M402", Warning, "titre qui ne commence pas par « Vœu » ou « Amendement »";
    LastRequestPeriod = "M403", Warning, "dernière demande sans point final";
    LongText = "M404", Warning, "texte inhabituellement long";
    UnknownDirection = "M405", Warning, "code de direction inconnu";
    PersonName = "M406", Warning, "nom d’auteur sans nom de famille en capitales";
    CitationOpening = "M407", Warning, "visa qui ne commence pas par « Vu »";
    ReferenceStatus = "M408", Warning, "référence officielle sur un texte non adopté";
    DuplicateNumber = "M409", Warning, "même numéro pour deux textes de la séance";
    RefusedLink = "M410", Warning, "lien vers une adresse non permise";
    TooLong = "M411", Error, "texte trop long pour être imprimé";
    YearlessReference = "M412", Warning, "référence de délibération sans année";
    OutOfTime = "M413", Warning, "conseil ou formation hors de son époque";
    // French typography in the source texts (each with a fix for `motion fix`).
    OrdinalForm = "M501", Warning, "ordinal mal abrégé (2ème, 1ère, 2nd)";
    SpaceBeforeComma = "M502", Warning, "espace avant une virgule ou un point";
    SpaceAfterComma = "M503", Warning, "espace manquante après une virgule ou un point";
    DoubleSpace = "M504", Warning, "espaces en trop";
    Capitals = "M505", Warning, "majuscules d’une institution";
    ParagraphEnding = "M506", Warning, "paragraphe qui ne finit pas par « ; »";
    ControlCharacter = "M507", Warning, "caractère de contrôle invisible, retiré";
    EnglishQuotes = "M508", Warning, "guillemets anglais au lieu de « »";
    GluedSuffix = "M509", Warning, "bis, ter… collé au numéro";
    // Rendering.
    TemplateError = "M601", Error, "erreur dans un gabarit";
}

impl Code {
    /// Finds a code from its identifier, case-insensitively (`m101` works too).
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.id().eq_ignore_ascii_case(id.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_unique_sorted_and_explained() {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "codes must be unique and listed in order");
        for code in Code::ALL {
            let text = code.explanation();
            assert!(
                text.starts_with(&format!("# {}", code.id())),
                "docs/codes/{}.md must open with `# {}`",
                code.id(),
                code.id()
            );
            assert!(text.len() > 200, "{} needs a real explanation", code.id());
        }
    }

    #[test]
    fn from_id_ignores_case() {
        assert_eq!(Code::from_id("m101"), Some(Code::UnknownKey));
        assert_eq!(Code::from_id("M999"), None);
    }
}
