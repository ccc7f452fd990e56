//! Reading a file into text and parsing the text into a `Node` tree: encoding problems,
//! empty files and TOML syntax errors become diagnostics in French, all of them at once.

use super::node::Node;
use crate::diag::{Code, Diagnostic};
use crate::source::{Origin, SourceFile};
use std::path::Path;
use std::sync::Arc;

/// A file read from disk. `diagnostics` holds encoding problems; when it has an error the
/// text is only good for showing context.
pub struct ReadFile {
    pub file: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file and checks its encoding. An I/O error (missing file, no permission) is not
/// a diagnostic about the motion: it is returned as is and the caller decides.
pub fn read(path: &Path, display: String) -> std::io::Result<ReadFile> {
    use std::io::Read;
    // Never more than the limit and one byte: a huge file (or /dev/zero) is not read whole.
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        let file = SourceFile::new(path.to_path_buf(), display, String::new());
        let diagnostic = Diagnostic::new(
            Code::FileTooLarge,
            Origin::file_start(&file),
            format!(
                "fichier de {} octets : une motion en fait moins de {} (1 Mio), il n’est pas lu",
                crate::diag::french_number(size as usize),
                crate::diag::french_number(MAX_FILE_BYTES)
            ),
        )
        .help("un vœu tient en quelques dizaines de kilo-octets ; vérifiez qu’il s’agit du bon fichier");
        return Ok(ReadFile {
            file,
            diagnostics: vec![diagnostic],
        });
    }
    Ok(decode(path, display, bytes))
}

/// The largest motion or defaults file read, in bytes (1 MiB): a real motion is a few
/// kilobytes, and the limit bounds the time and memory of everything after.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// What a file that is not text is, from its first bytes: a PDF, a Word document or
/// another archive, an image, or some binary file.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    let kind = if bytes.starts_with(b"%PDF") {
        "un PDF"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "une archive zip (un document Word .docx ?)"
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
    {
        "une image"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "un document Word ancien (.doc)"
    } else {
        // Many NUL bytes, and not at every other place (UTF-16 text, which the encoding
        // check names): a stray NUL in a text is the text's problem, said at its place.
        let head = &bytes[..bytes.len().min(8192)];
        let nul_even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let nul_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let nul = nul_even + nul_odd;
        let utf16_like = nul * 10 > head.len() * 3 && nul_even.min(nul_odd) * 10 < nul;
        if utf16_like || nul * 100 <= head.len() {
            return None;
        }
        "un fichier binaire"
    };
    Some(kind)
}

/// Checks the encoding of bytes read from `path`.
pub fn decode(path: &Path, display: String, mut bytes: Vec<u8>) -> ReadFile {
    if let Some(kind) = not_text(&bytes) {
        let file = SourceFile::new(path.to_path_buf(), display, String::new());
        let diagnostic = Diagnostic::new(
            Code::NotUtf8,
            Origin::file_start(&file),
            format!("ce fichier n’est pas un texte TOML : c’est {kind}"),
        )
        .help("motion vérifie les fichiers de motion .toml ; pour faire une motion d’un PDF, d’un document Word ou d’une page web : motion import FICHIER");
        return ReadFile {
            file,
            diagnostics: vec![diagnostic],
        };
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // A UTF-8 byte order mark is harmless: drop it (Windows editors add it).
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadFile {
            file: SourceFile::new(path.to_path_buf(), display, text),
            diagnostics: Vec::new(),
        },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            // Shown for context only: a UTF-16 file is decoded as such so that its first
            // line reads as text rather than as a row of NUL marks.
            let text = if utf16 {
                let little_endian = bytes.starts_with(&[0xFF, 0xFE]);
                let units: Vec<u16> = bytes[2..]
                    .chunks_exact(2)
                    .map(|pair| {
                        let pair = [pair[0], pair[1]];
                        if little_endian {
                            u16::from_le_bytes(pair)
                        } else {
                            u16::from_be_bytes(pair)
                        }
                    })
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            };
            let file = SourceFile::new(path.to_path_buf(), display, text);
            let diagnostic = if utf16 {
                Diagnostic::new(
                    Code::NotUtf8,
                    Origin::file_start(&file),
                    "le fichier est encodé en UTF-16, pas en UTF-8",
                )
                .help("réenregistrez le fichier en UTF-8 (dans l’éditeur : « Enregistrer sous », encodage UTF-8)")
            } else {
                let end = (offset + 1).min(file.text.len());
                Diagnostic::new(
                    Code::NotUtf8,
                    Origin::new(&file, offset..end),
                    "le fichier n’est pas en UTF-8",
                )
                .label("octet invalide ici")
                .help("réenregistrez le fichier en UTF-8 ; un fichier venant de Windows est souvent en Windows-1252 (Latin-1)")
            };
            ReadFile {
                file,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// Parses the text of a file. Syntax errors are all reported (the parser recovers and
/// goes on); when there is any, the tree is not returned, since what follows a syntax
/// error cannot be trusted.
pub fn parse(file: &Arc<SourceFile>) -> Result<Node, Vec<Diagnostic>> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(&file.text);
    if errors.is_empty() {
        return Ok(Node::from_document(file, &table));
    }
    Err(errors
        .iter()
        .map(|error| syntax_error(file, error))
        .collect())
}

fn syntax_error(file: &Arc<SourceFile>, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let origin = Origin::new(file, span.clone());
    let english = error.message();
    let (description, expected) = match english.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (english, None),
    };
    if description == "duplicate key" {
        let key = file.text.get(span).unwrap_or("").trim();
        return Diagnostic::new(
            Code::DuplicateKey,
            origin,
            format!("la clé `{key}` est définie deux fois"),
        )
        .label("deuxième définition")
        .help("gardez une seule définition : une clé ne peut apparaître qu’une fois par table");
    }
    let found = file.text.get(span.clone()).unwrap_or("");
    // The error's line, and what precedes the error on it (from a character boundary).
    let start = span.start.min(file.text.len());
    let start = (0..=start)
        .rev()
        .find(|i| file.text.is_char_boundary(*i))
        .unwrap_or(0);
    let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    let line = &file.text[line_start..line_end];
    let line_before = &file.text[line_start..start];
    // A date written the French way: 08/12/2026 → 2026-12-08, which `fix` writes.
    if description == "string values must be quoted"
        && let Some(iso) = french_date(found.trim())
    {
        let mut diagnostic = Diagnostic::new(
            Code::TomlSyntax,
            origin.clone(),
            format!("date écrite à la française : « {} »", found.trim()),
        )
        .label("date ici")
        .help(format!(
            "écrivez {iso} (année-mois-jour, sans guillemets) ; motion fix --write la corrige"
        ));
        diagnostic.fix = Some(crate::diag::Fix {
            origin,
            replacement: iso,
        });
        return diagnostic;
    }
    // Straight quotes inside a text: `title = "Vœu relatif au "Plan Vélo""` closes the
    // text at the second quote, and the parser stumbles on what follows.
    if matches!(
        description,
        "unexpected key or value" | "unexpected content"
    ) && line.matches('"').count() >= 3
        && line_before.contains('"')
    {
        return Diagnostic::new(
            Code::TomlSyntax,
            origin,
            "guillemets droits \" à l’intérieur d’un texte : le texte s’arrête au deuxième",
        )
        .label("le texte s’arrête avant ceci")
        .help(
            "à l’intérieur d’un texte, écrivez les guillemets français « … » (ou \\\" pour un guillemet droit) : \
             title = \"Vœu relatif au « Plan Vélo »\"",
        );
    }
    // A key with an accent: `considérants` for `considerants`. Only a key whose letters
    // are Latin ones with accents: "tіtle" with a Cyrillic "і" is another mistake.
    let written_key = || {
        line.trim_start()
            .split(|c: char| c == '=' || c.is_whitespace() || c == '.' || c == ']')
            .next()
            .unwrap_or("")
            .trim_start_matches('[')
    };
    if description == "invalid unquoted key"
        && found.chars().next().is_some_and(|c| !c.is_ascii())
        && without_accents(written_key()).is_ascii()
    {
        let key = written_key();
        let plain = without_accents(key);
        return Diagnostic::new(
            Code::TomlSyntax,
            origin,
            format!("clé avec un accent : `{key}`"),
        )
        .label("lettre accentuée")
        .help(format!(
            "les clés s’écrivent sans accent : `{plain}` (les textes, eux, gardent leurs accents)"
        ));
    }
    if description == "string values must be quoted" && found.trim().is_empty() {
        return Diagnostic::new(Code::TomlSyntax, origin, "valeur manquante après `=`")
            .label("valeur attendue ici")
            .help("écrivez la valeur : un texte entre guillemets, un nombre, une date, true ou false, ou une liste [ … ]");
    }
    let mut message = match translate(description) {
        Some(french) => french.to_string(),
        None => match description.strip_prefix("cannot extend value of type ") {
            Some(rest) => format!(
                "impossible d’ajouter une clé pointée à une valeur de type {}",
                rest.trim_end_matches(" with a dotted key")
            ),
            None => format!("syntaxe TOML invalide ({description})"),
        },
    };
    let mut diagnostic = Diagnostic::new(Code::TomlSyntax, origin, String::new());
    // For an unquoted text, "expected a string" says nothing the message and help do not.
    if let Some(expected) = expected.filter(|_| description != "string values must be quoted") {
        let items: Vec<String> = expected.split(", ").map(translate_expected).collect();
        message.push_str(&format!(" ; attendu : {}", items.join(" ou ")));
    }
    if let Some(help) = help_for(description, found, line_before) {
        diagnostic = diagnostic.help(help);
    }
    diagnostic.message = message;
    diagnostic.label("ici")
}

/// `08/12/2026`, `8/12/2026`, `08.12.2026`, `08-12-2026` → `2026-12-08`, when the day
/// exists.
fn french_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    if !(digits(day, 1, 2) && digits(month, 1, 2) && digits(year, 4, 4)) {
        return None;
    }
    let iso = format!("{year}-{month:0>2}-{day:0>2}");
    crate::model::Date::parse(&iso).map(|_| iso)
}

/// A key without its accents: `considérants` → `considerants`.
fn without_accents(key: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    key.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .replace(['œ', 'Œ'], "oe")
}

fn translate(description: &str) -> Option<&'static str> {
    Some(match description {
        "carriage return must be followed by newline" => {
            "retour chariot isolé : il doit être suivi d’un saut de ligne"
        }
        "missing opening quote" => "guillemet ouvrant manquant",
        "missing comma between array elements" => {
            "virgule manquante entre deux éléments de la liste"
        }
        "integers with a radix cannot be signed" => {
            "un nombre hexadécimal, octal ou binaire ne peut pas avoir de signe"
        }
        "radix must be lowercase" => "le préfixe de base doit être en minuscules (0x, 0o, 0b)",
        "missing assignment between key-value pairs" => "signe `=` manquant après la clé",
        "unexpected leading zero" => "zéro initial interdit dans un nombre",
        "unclosed array table" => "en-tête de liste de tables non fermé (`]]` manquant)",
        "missing key for inline table element" => "clé manquante dans la table en ligne",
        "missing inline table opening" => "accolade ouvrante `{` manquante",
        "missing escaped value" => "séquence d’échappement incomplète après `\\`",
        "missing array opening" => "crochet ouvrant `[` manquant",
        "invalid unquoted key" => "clé invalide",
        "cannot recurse further; max recursion depth met" | "recursion limit" => {
            "imbrication trop profonde"
        }
        "unquoted keys cannot be empty" => "clé vide",
        "unexpected sign" => "signe inattendu",
        "unexpected key or value" => "clé ou valeur inattendue",
        "unexpected content" => "contenu inattendu",
        "unexpected content between comment and newline" => "contenu inattendu en fin de ligne",
        "unexpected `=` in array" => "`=` inattendu dans une liste",
        "unclosed table" => "en-tête de table non fermé (`]` manquant)",
        "unclosed inline table" => "table en ligne non fermée (`}` manquant)",
        "unclosed array" => "liste non fermée (`]` manquant)",
        "too few unicode value digits" => "séquence `\\u` incomplète",
        "string values must be quoted" => "un texte doit être entre guillemets",
        "redundant numeric sign" => "signe en double",
        "redundant integer number prefix" => "préfixe de nombre en double",
        "missing value" | "missing value for key" | "key with no value" => "valeur manquante",
        "missing table open" => "crochet ouvrant `[` manquant",
        "missing comment start" => "`#` manquant en début de commentaire",
        "missing comma between key-value pairs" => "virgule manquante entre deux paires",
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            "une clé ne peut pas être un texte sur plusieurs lignes"
        }
        "invalid value" => "valeur invalide",
        "invalid key-value pair" => "paire clé-valeur invalide",
        "invalid inline table element" => "élément invalide dans la table en ligne",
        "invalid comment character" => "caractère interdit dans un commentaire",
        "extra comma in inline table" => "virgule en trop dans la table en ligne",
        "extra comma in array" => "virgule en trop dans la liste",
        "extra assignment between key-value pairs" | "extra `=`" => "`=` en trop",
        "`_` may only go between digits" => "`_` n’est permis qu’entre deux chiffres",
        "invalid string" | "invalid basic string" | "invalid literal string" => "texte invalide",
        "invalid boolean" => "booléen invalide",
        "invalid date-time" | "invalid datetime" => "date invalide",
        "invalid date" => "date inexistante ou mal écrite",
        "invalid time" => "heure invalide",
        "invalid float" => "nombre décimal invalide",
        "invalid integer number" => "nombre entier invalide",
        "invalid hexadecimal number" => "nombre hexadécimal invalide",
        "invalid octal number" => "nombre octal invalide",
        "invalid binary number" => "nombre binaire invalide",
        "invalid escape sequence" | "invalid escape value" => "séquence d’échappement invalide",
        "invalid unicode escape value" => "code Unicode invalide",
        _ => return None,
    })
}

fn translate_expected(expected: &str) -> String {
    match expected {
        "key" => "une clé".into(),
        "value" => "une valeur".into(),
        "newline" => "un saut de ligne".into(),
        "digits" | "numbers" => "des chiffres".into(),
        "letters" => "des lettres".into(),
        "characters" => "des caractères".into(),
        "printable characters" => "des caractères imprimables".into(),
        "basic string" => "un texte entre guillemets droits".into(),
        "literal string" => "un texte entre apostrophes".into(),
        "multi-line basic string" => "un texte sur plusieurs lignes".into(),
        "non-double-quote visible characters" => "des caractères visibles".into(),
        "non-single-quote visible characters" | "non-single-quote characters" => {
            "des caractères autres que l’apostrophe droite".into()
        }
        "unicode hexadecimal value" => "une valeur Unicode hexadécimale".into(),
        "nothing" => "rien".into(),
        "month" => "un mois".into(),
        "day" => "un jour".into(),
        other => match other.split_once(" between ") {
            Some((unit, range)) => {
                let unit = match unit {
                    "day" => "un jour",
                    "month" => "un mois",
                    "hour" | "hours" => "une heure",
                    "minute" | "minutes" => "des minutes",
                    "second" => "des secondes",
                    _ => unit,
                };
                format!("{unit} entre {}", range.replace(" and ", " et "))
            }
            None => other.to_string(),
        },
    }
}

/// A help line for a syntax error, from what the parser says (`description`), the text it
/// stopped at (`found`) and what precedes it on the line, for the mistakes aides make most.
fn help_for(description: &str, found: &str, line_before: &str) -> Option<&'static str> {
    let typographic_quote = |c: char| matches!(c, '“' | '”' | '«' | '»' | '‘' | '’' | '„');
    Some(match description {
        "string values must be quoted" if found.starts_with(typographic_quote) => {
            "un texte TOML s’ouvre et se ferme par des guillemets droits \" ; les guillemets « » ou “ ” \
             s’écrivent à l’intérieur : title = \"Vœu relatif aux « fontaines »\""
        }
        "unexpected key or value" | "unexpected content" if line_before.contains("'") => {
            "un texte entre apostrophes droites ' … ' ne peut pas contenir d’apostrophe droite : \
             entourez-le de guillemets droits \" … \", ou écrivez l’apostrophe typographique ’"
        }
        "string values must be quoted" => {
            "écrivez le texte entre guillemets droits : title = \"Vœu relatif à …\""
        }
        "invalid unquoted key" => {
            "une clé sans guillemets ne contient que des lettres ASCII, des chiffres, `-` et `_`"
        }
        "missing comma between array elements" => {
            "séparez les éléments par des virgules : [\"premier ;\", \"second.\"]"
        }
        "invalid date-time" => "écrivez une date qui existe, sous la forme 2026-12-08",
        "invalid string" | "invalid basic string" => {
            "un texte entre guillemets tient sur une ligne ; pour plusieurs lignes, utilisez \"\"\" … \"\"\""
        }
        _ => return None,
    })
}
