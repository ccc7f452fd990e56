//! Rules on the form of single values: délibération and official references, numbers,
//! commission, council name, session dates. Each parser returns the model value or says
//! what is wrong; `check` turns that into diagnostics at the value's place.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::input::raw::RawNumber;
use crate::model::{Council, Date, DeliberationRef, Formation, MotionNumber, OfficialRef, Sitting};

/// The values whose form was checked, for lowering into the model.
#[derive(Debug, Default)]
pub struct Forms {
    pub number: Option<MotionNumber>,
    pub commission: Option<u8>,
    /// Every reference of `attached_to` that parsed (empty when it is absent).
    pub attached_to: Vec<DeliberationRef>,
    pub reference: Option<OfficialRef>,
    pub council: Option<Council>,
    /// The days or the month of the session, when one of them is given and well formed.
    pub sitting: Option<Sitting>,
}

/// Suffixes of numbers in the cahier: "18 bis", "18 ter".
const NUMBER_SUFFIXES: &[&str] = &["bis", "ter", "quater", "quinquies", "sexies"];

fn is_year(text: &str) -> Option<u16> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|year| (1900..=2200).contains(year))
}

fn positive_number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0'))
        .then(|| text.parse().ok())
        .flatten()
}

/// Parses a délibération reference: `2026 DEVE 12`, with an optional ` G`; or, as old
/// texts wrote them, without the year: `DU 5`.
pub fn parse_deliberation(text: &str) -> Result<DeliberationRef, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let has_year = parts
        .first()
        .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let (year, direction, number, suffix) = match (has_year, parts.as_slice()) {
        (true, [y, d, n]) => (Some(*y), *d, *n, None),
        (true, [y, d, n, s]) => (Some(*y), *d, *n, Some(*s)),
        (false, [d, n]) => (None, *d, *n, None),
        (false, [d, n, s]) => (None, *d, *n, Some(*s)),
        _ => {
            return Err(format!(
                "« {text} » n’a pas la forme année, direction, numéro (ex. 2026 DEVE 12)"
            ));
        }
    };
    let year = match year {
        Some(year) => Some(
            is_year(year)
                .ok_or_else(|| format!("l’année « {year} » doit avoir quatre chiffres"))?,
        ),
        None => None,
    };
    let valid_direction =
        (1..=6).contains(&direction.len()) && direction.bytes().all(|b| b.is_ascii_uppercase());
    if !valid_direction {
        return Err(format!(
            "le code de direction « {direction} » doit faire 1 à 6 lettres capitales (DEVE, DU, DLH…)"
        ));
    }
    let number = positive_number(number)
        .ok_or_else(|| format!("le numéro « {number} » doit être un nombre entier positif"))?;
    let departement = match suffix {
        None => false,
        Some("G") => true,
        Some(other) => return Err(format!("seul le suffixe « G » est permis, pas « {other} »")),
    };
    Ok(DeliberationRef {
        year,
        direction: direction.to_string(),
        number,
        departement,
    })
}

/// Parses the month of a session known only by its month: `2002-10`.
pub fn parse_month(text: &str) -> Result<(u16, u8), String> {
    let bad = || format!("« {text} » n’a pas la forme année-mois (ex. \"2002-10\")");
    let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
    if month.len() != 2 || !month.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year = is_year(year).ok_or_else(bad)?;
    let month: u8 = month.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(format!("le mois « {month:02} » n’existe pas"));
    }
    Ok((year, month))
}

/// Parses an official reference: `2026 V. 45`.
pub fn parse_official_ref(text: &str) -> Result<OfficialRef, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [year, letter, number] = parts.as_slice() else {
        return Err(format!(
            "« {text} » n’a pas la forme année, « V. », numéro (ex. 2026 V. 45)"
        ));
    };
    let year =
        is_year(year).ok_or_else(|| format!("l’année « {year} » doit avoir quatre chiffres"))?;
    if *letter != "V." {
        return Err(format!(
            "« {letter} » : la lettre d’un vœu adopté s’écrit « V. »"
        ));
    }
    let number = positive_number(number)
        .ok_or_else(|| format!("le numéro « {number} » doit être un nombre entier positif"))?;
    Ok(OfficialRef { year, number })
}

/// Parses a number of the cahier: `37`, `"37"`, `"18 bis"`.
pub fn parse_number(raw: &RawNumber) -> Result<MotionNumber, String> {
    match raw {
        RawNumber::Integer(n) => u32::try_from(*n)
            .ok()
            .filter(|n| *n > 0)
            .map(|value| MotionNumber {
                value,
                suffix: None,
            })
            .ok_or_else(|| format!("le numéro {n} doit être un entier positif")),
        RawNumber::Text(text) => {
            let parts: Vec<&str> = text.split_whitespace().collect();
            let (value, suffix) = match parts.as_slice() {
                [value] => (*value, None),
                [value, suffix] => (*value, Some(*suffix)),
                _ => return Err(format!("« {text} » n’est pas un numéro comme 37 ou 18 bis")),
            };
            let value = positive_number(value)
                .ok_or_else(|| format!("« {text} » n’est pas un numéro comme 37 ou 18 bis"))?;
            if let Some(suffix) = suffix
                && !NUMBER_SUFFIXES.contains(&suffix)
            {
                return Err(format!(
                    "suffixe « {suffix} » inconnu : bis, ter, quater, quinquies ou sexies"
                ));
            }
            Ok(MotionNumber {
                value,
                suffix: suffix.map(str::to_string),
            })
        }
    }
}

/// Parses a council name: `Conseil de Paris`, `Conseil de Paris Centre`,
/// `Conseil du 1er arrondissement` … `Conseil du 20e arrondissement`.
pub fn parse_council(text: &str) -> Result<Council, String> {
    match text {
        "Conseil de Paris" => return Ok(Council::Paris),
        "Conseil de Paris Centre" => return Ok(Council::ParisCentre),
        _ => {}
    }
    let canonical = |n: u8| Council::Arrondissement(n).name();
    if let Some(ordinal) = text
        .strip_prefix("Conseil du ")
        .and_then(|rest| rest.strip_suffix(" arrondissement"))
    {
        let n = match ordinal.strip_suffix("er") {
            Some("1") => Some(1),
            _ => ordinal
                .strip_suffix('e')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (2..=20).contains(n)),
        };
        if let Some(n) = n {
            return Ok(Council::Arrondissement(n));
        }
    }
    // Find the arrondissement the user probably meant, to suggest the exact wording.
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.parse::<u8>() {
        Ok(n) if (1..=20).contains(&n) => Err(format!("écrivez « {} »", canonical(n))),
        _ => Err(
            "écrivez « Conseil de Paris », « Conseil de Paris Centre » ou « Conseil du 11e arrondissement » (1er à 20e)"
                .into(),
        ),
    }
}

fn form_error(ctx: &mut Ctx, code: Code, path: &str, message: String, help: &str) {
    let origin = ctx.at(path);
    ctx.push(
        Diagnostic::new(code, origin, message)
            .label("ici")
            .help(help),
    );
}

/// Checks the form of every value present and returns the parsed values.
pub fn check(ctx: &mut Ctx) -> Forms {
    let raw = ctx.raw();
    let mut forms = Forms::default();
    if let Some(number) = &raw.number {
        match parse_number(number) {
            Ok(n) => forms.number = Some(n),
            Err(why) => form_error(
                ctx,
                Code::NumberForm,
                "number",
                format!("numéro mal formé : {why}"),
                "écrivez number = 37, ou number = \"18 bis\" pour une réponse de l’Exécutif",
            ),
        }
    }
    if let Some(commission) = raw.commission {
        match u8::try_from(commission)
            .ok()
            .filter(|c| (1..=8).contains(c))
        {
            Some(c) => forms.commission = Some(c),
            None => form_error(
                ctx,
                Code::CommissionRange,
                "commission",
                format!(
                    "la commission {commission} n’existe pas : le Conseil de Paris en compte 8"
                ),
                "écrivez un nombre de 1 à 8 (commission = 4 pour la 4e Commission)",
            ),
        }
    }
    for (path, text) in raw.attached_to.iter().flat_map(|a| a.each()) {
        match parse_deliberation(text) {
            Ok(d) => {
                if d.year.is_none() {
                    let origin = ctx.at(&path);
                    ctx.push(
                        Diagnostic::new(
                            Code::YearlessReference,
                            origin,
                            format!("la référence « {d} » n’a pas d’année"),
                        )
                        .label("année manquante")
                        .help("gardez-la ainsi si le texte d’origine l’écrit sans année ; sinon, écrivez-la avec son année : \"2002 DU 5\""),
                    );
                }
                forms.attached_to.push(d);
            }
            Err(why) => form_error(
                ctx,
                Code::DeliberationRef,
                &path,
                format!("référence de délibération mal formée : {why}"),
                "forme attendue : année, code de la direction, numéro, et « G » pour le département : \"2026 DEVE 12\", \"2015 DDCT 10 G\"",
            ),
        }
    }
    if let Some(text) = &raw.reference {
        match parse_official_ref(text) {
            Ok(r) => forms.reference = Some(r),
            Err(why) => form_error(
                ctx,
                Code::OfficialRef,
                "reference",
                format!("référence officielle mal formée : {why}"),
                "forme attendue : \"2026 V. 45\"",
            ),
        }
    }
    if let Some(session) = &raw.session {
        if let Some(text) = &session.council {
            match parse_council(text) {
                Ok(c) => forms.council = Some(c),
                Err(help) => {
                    let origin = ctx.at("session.council");
                    ctx.push(
                        Diagnostic::new(
                            Code::CouncilName,
                            origin,
                            format!("conseil inconnu : « {text} »"),
                        )
                        .label("nom non reconnu")
                        .help(help),
                    );
                }
            }
        }
        if let Some(dates) = &session.dates {
            check_dates(ctx, dates);
            forms.sitting = Some(Sitting::Days(dates.clone()));
        }
        if let Some(text) = &session.month {
            match parse_month(text) {
                Ok((year, month)) => {
                    if session.dates.is_some() {
                        let origin = ctx.at("session.month");
                        let dates = ctx.at("session.dates");
                        ctx.push(
                            Diagnostic::new(
                                Code::SessionMonth,
                                origin,
                                "la séance a à la fois des dates et un mois",
                            )
                            .label("mois")
                            .secondary(dates, "dates")
                            .help("gardez les dates si vous les connaissez ; `month` sert aux textes d’archive dont seul le mois est connu"),
                        );
                    } else {
                        forms.sitting = Some(Sitting::Month { year, month });
                    }
                }
                Err(why) => form_error(
                    ctx,
                    Code::SessionMonth,
                    "session.month",
                    format!("mois de séance mal formé : {why}"),
                    "écrivez l’année et le mois : month = \"2002-10\"",
                ),
            }
        }
        check_epoch(ctx, &forms, session.formation);
    }
    if let Some(crate::input::raw::RawFiling::Words(words)) =
        raw.authors.as_ref().and_then(|a| a.filing.as_ref())
        && !crate::model::Filing::is_valid(words)
    {
        form_error(
            ctx,
            Code::UnknownValue,
            "authors.filing",
            format!(
                "« {words} » ne peut pas ouvrir la ligne des auteurs : elle finit par « par » ou « de »"
            ),
            "écrivez filing = \"Déposé par\", \"Présenté par\", \"Sur proposition de\", \"Vœu de\"… ; ou filing = false pour ne pas l’imprimer",
        );
    }
    forms
}

/// The Conseil de Paris sat in formations until 2018, calling its departmental one
/// "conseil général" until 2014; the arrondissements 1 to 4 merged into Paris Centre in
/// 2020. A formation on another council is an error; a name out of its time, a warning
/// (archive texts are what they are).
fn check_epoch(ctx: &mut Ctx, forms: &Forms, formation: Option<Formation>) {
    let year = forms.sitting.as_ref().and_then(Sitting::year);
    let council = forms.council.unwrap_or(Council::Paris);
    if let Some(formation) = formation {
        if council != Council::Paris {
            let origin = ctx.at("session.formation");
            ctx.push(
                Diagnostic::new(
                    Code::FormationCouncil,
                    origin,
                    format!("le {} ne siège pas en formation", council.name()),
                )
                .label("formation")
                .help("seul le Conseil de Paris siégeait, avant 2019, en formation de conseil municipal ou de conseil général (départemental) ; retirez `formation`"),
            );
            return;
        }
        if let Some(year) = year {
            let mut out_of_time = |message: String, help: &str| {
                let origin = ctx.at("session.formation");
                ctx.push(
                    Diagnostic::new(Code::OutOfTime, origin, message)
                        .label("formation")
                        .help(help),
                );
            };
            if year >= 2019 {
                out_of_time(
                    format!("en {year}, le Conseil de Paris ne siège plus en formation"),
                    "depuis 2019, la Ville et le département forment une seule collectivité : retirez `formation`",
                );
            } else if formation.departement_name_is_general() == Some(true) && year >= 2015 {
                out_of_time(
                    format!("en {year}, le conseil général s’appelle conseil départemental"),
                    "écrivez formation = \"conseil départemental\" (ou \"conseil municipal et conseil départemental\")",
                );
            } else if formation.departement_name_is_general() == Some(false) && year < 2015 {
                out_of_time(
                    format!("en {year}, le conseil départemental s’appelle encore conseil général"),
                    "écrivez formation = \"conseil général\" (ou \"conseil municipal et conseil général\")",
                );
            }
        }
    }
    if let (Some(year), Some(text)) = (
        year,
        ctx.raw().session.as_ref().and_then(|s| s.council.as_ref()),
    ) {
        let message = match council {
            Council::Arrondissement(n @ 1..=4) if year >= 2021 => Some(format!(
                "en {year}, le {} siège avec les 1er à 4e au sein du Conseil de Paris Centre",
                Council::Arrondissement(n).name()
            )),
            Council::ParisCentre if year < 2020 => Some(format!(
                "le Conseil de Paris Centre n’existe pas encore en {year}"
            )),
            _ => None,
        };
        if let Some(message) = message {
            let origin = ctx.at("session.council");
            ctx.push(
                Diagnostic::new(Code::OutOfTime, origin, message)
                    .label(format!("« {text} »"))
                    .help("les 1er, 2e, 3e et 4e arrondissements forment le secteur Paris Centre depuis les élections de 2020 ; vérifiez le conseil et la date"),
            );
        }
    }
}

/// A sitting lasts one to five days: more is a mistake (two sessions mixed).
const MAX_SESSION_DAYS: usize = 5;

fn check_dates(ctx: &mut Ctx, dates: &[Date]) {
    if dates.len() > MAX_SESSION_DAYS {
        let origin = ctx.at(&format!("session.dates[{MAX_SESSION_DAYS}]"));
        ctx.push(
            Diagnostic::new(
                Code::SessionDateCount,
                origin,
                format!(
                    "{} dates de séance : une séance dure de 1 à {MAX_SESSION_DAYS} jours",
                    dates.len()
                ),
            )
            .label("date en trop")
            .help("gardez seulement les jours de cette séance"),
        );
    }
    for i in 1..dates.len() {
        let (before, here) = (dates[i - 1], dates[i]);
        if here > before {
            continue;
        }
        let origin = ctx.at(&format!("session.dates[{i}]"));
        let previous = ctx.at(&format!("session.dates[{}]", i - 1));
        let diagnostic = if here == before {
            Diagnostic::new(
                Code::SessionDateOrder,
                origin,
                format!("la date {here} est répétée"),
            )
            .label("répétée")
            .secondary(previous, "déjà ici")
            .help("retirez la date en double")
        } else {
            Diagnostic::new(
                Code::SessionDateOrder,
                origin,
                format!("les dates de séance ne sont pas dans l’ordre : {here} après {before}"),
            )
            .label("trop tôt")
            .secondary(previous, "date plus tardive")
            .help("rangez les dates de la plus ancienne à la plus récente")
        };
        ctx.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliberation_references() {
        let d = parse_deliberation("2026 DEVE 12").unwrap();
        assert_eq!(d.to_string(), "2026 DEVE 12");
        assert!(parse_deliberation("2015 DDCT 10 G").unwrap().departement);
        assert!(parse_deliberation("2026 deve 12").is_err());
        assert!(parse_deliberation("2026-DEVE-12").is_err());
        assert!(parse_deliberation("26 DEVE 12").is_err());
        assert!(parse_deliberation("2026 DEVELOP 12").is_err());
        assert!(parse_deliberation("2026 DEVE 012").is_err());
        assert!(parse_deliberation("2026 DEVE 12 X").is_err());
        let old = parse_deliberation("DU 5").unwrap();
        assert_eq!((old.year, old.to_string().as_str()), (None, "DU 5"));
        assert!(parse_deliberation("DDCT 10 G").unwrap().departement);
        assert!(parse_deliberation("DU").is_err());
        assert!(parse_deliberation("5 DU").is_err());
    }

    #[test]
    fn months() {
        assert_eq!(parse_month("2002-10"), Ok((2002, 10)));
        assert!(parse_month("2002-13").is_err());
        assert!(parse_month("octobre 2002").is_err());
        assert!(parse_month("2002-1").is_err());
    }

    #[test]
    fn official_references() {
        assert_eq!(
            parse_official_ref("2026 V. 45").unwrap().to_string(),
            "2026 V. 45"
        );
        assert!(parse_official_ref("2026 V 45").is_err());
        assert!(parse_official_ref("2026 V.45").is_err());
    }

    #[test]
    fn numbers() {
        let text = |s: &str| parse_number(&RawNumber::Text(s.into()));
        assert_eq!(text("18 bis").unwrap().to_string(), "18 bis");
        assert_eq!(text("37").unwrap().to_string(), "37");
        assert_eq!(
            parse_number(&RawNumber::Integer(37)).unwrap().to_string(),
            "37"
        );
        assert!(parse_number(&RawNumber::Integer(0)).is_err());
        assert!(text("18bis").is_err());
        assert!(text("18 bos").is_err());
        assert!(text("n° 18").is_err());
    }

    #[test]
    fn councils() {
        assert_eq!(parse_council("Conseil de Paris"), Ok(Council::Paris));
        assert_eq!(
            parse_council("Conseil du 1er arrondissement"),
            Ok(Council::Arrondissement(1))
        );
        assert_eq!(
            parse_council("Conseil du 20e arrondissement"),
            Ok(Council::Arrondissement(20))
        );
        assert_eq!(
            parse_council("Conseil de Paris Centre"),
            Ok(Council::ParisCentre)
        );
        assert_eq!(
            parse_council("Conseil du 11ème arrondissement"),
            Err("écrivez « Conseil du 11e arrondissement »".into())
        );
        assert!(parse_council("Conseil du 21e arrondissement").is_err());
        assert!(parse_council("Conseil du 1e arrondissement").is_err());
    }
}
