//! PDF with typst: a `World` owned by the project, where the only sources are the
//! templates (a motion's page, the parts it is made of, the séance's booklet) and the
//! only file is the document as JSON (one motion, or a séance's motions); fonts come from the binary (or from
//! `--font-path`). Fonts and the typst library are built once per process and shared by
//! every document and thread; typst's memoization is trimmed after each document so a
//! long batch stays flat in memory.

use super::RenderError;
use super::document::Document;
use super::templates::Templates;
use crate::diag::{Code, Diagnostic};
use crate::source::{Origin, SourceFile};
use std::path::Path;
use std::sync::{Arc, LazyLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// File ids are interned for the life of the process: fixed ones serve every document.
static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/motion.typ"));
static PARTS_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/motion-parts.typ"));
static BOOKLET_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/cahier.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/motion.json"));
static BOOKLET_DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/cahier.json"));

/// The typst templates, each with the file id the others import it by.
const TYPST_TEMPLATES: &[(&str, &LazyLock<FileId>)] = &[
    ("motion.typ", &MAIN_ID),
    ("motion-parts.typ", &PARTS_ID),
    ("cahier.typ", &BOOKLET_ID),
];

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

/// What every PDF of a run shares.
pub struct PdfAssets {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    user_fonts_hash: blake3::Hash,
    /// The typst templates, each parsed once: every document shares their syntax trees.
    templates: Vec<TypstTemplate>,
}

/// A typst template as typst reads it, and as diagnostics show it.
struct TypstTemplate {
    id: FileId,
    source: Source,
    file: Arc<SourceFile>,
}

impl PdfAssets {
    pub fn new(templates: &Templates, font_dir: Option<&Path>) -> Result<PdfAssets, RenderError> {
        let mut fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let mut user_fonts_hash = blake3::Hasher::new();
        if let Some(dir) = font_dir {
            fonts.extend(user_fonts(dir, &mut user_fonts_hash)?);
        }
        let book = FontBook::from_fonts(&fonts);
        let mut typst_templates = Vec::new();
        for (name, id) in TYPST_TEMPLATES {
            let template = templates.get(name).ok_or_else(|| RenderError {
                message: format!("gabarit {name} introuvable"),
                diagnostic: None,
            })?;
            let display = template.path.as_ref().map_or_else(
                || format!("templates/{name} (intégré)"),
                |p| p.display().to_string(),
            );
            let path = template.path.clone().unwrap_or_else(|| (*name).into());
            typst_templates.push(TypstTemplate {
                id: ***id,
                source: Source::new(***id, template.source.clone()),
                file: SourceFile::new(path, display, template.source.clone()),
            });
        }
        Ok(PdfAssets {
            templates: typst_templates,
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            user_fonts_hash: user_fonts_hash.finalize(),
        })
    }

    fn template(&self, id: FileId) -> Option<&TypstTemplate> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// A hash of the fonts added with `--font-path`.
    pub fn user_fonts_hash(&self) -> blake3::Hash {
        self.user_fonts_hash
    }
}

/// Fonts read from a folder the user named (`.ttf`, `.otf`, `.ttc`, `.otc`).
/// Also feeds each font file's bytes to `hasher`: outputs depend on them.
fn user_fonts(dir: &Path, hasher: &mut blake3::Hasher) -> Result<Vec<Font>, RenderError> {
    let mut fonts = Vec::new();
    let entries = walkdir::WalkDir::new(dir).sort_by_file_name();
    for entry in entries {
        let entry = entry.map_err(|e| RenderError {
            message: format!(
                "lecture du dossier de polices {} impossible : {e}",
                dir.display()
            ),
            diagnostic: None,
        })?;
        let is_font = entry.path().extension().is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().to_str(),
                Some("ttf" | "otf" | "ttc" | "otc")
            )
        });
        if is_font && entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|e| RenderError {
                message: format!(
                    "lecture de la police {} impossible : {e}",
                    entry.path().display()
                ),
                diagnostic: None,
            })?;
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
            fonts.extend(Font::iter(Bytes::new(bytes)));
        }
    }
    Ok(fonts)
}

/// What makes one PDF different from another beyond its text and build time.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    /// A stable identifier of the document (same motion, same id).
    pub ident: String,
    pub standards: Vec<PdfStandard>,
}

/// The default standards: archival PDF/A-2b and accessible PDF/UA-1 together.
pub const DEFAULT_STANDARDS: &[PdfStandard] = &[PdfStandard::A_2b, PdfStandard::Ua_1];

/// Reads a standard as typst names it: `a-2b`, `ua-1`, `1.7`…
pub fn parse_standard(name: &str) -> Result<PdfStandard, String> {
    serde_json::from_value(serde_json::Value::String(name.trim().to_string())).map_err(|_| {
        format!(
            "norme PDF inconnue « {name} » ; normes possibles : 1.4, 1.5, 1.6, 1.7, 2.0, a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1"
        )
    })
}

/// Whether a word must never be hyphenated: a name in capitals (`DUVAL`, `NIAKATÉ`) or
/// a word in inclusive writing (`élu·es`), whose `·` must stay joined to its letters.
fn unbreakable(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let inclusive = word.contains('·') && letters >= 2;
    let capitals = letters >= 2 && !word.chars().any(char::is_lowercase);
    // A person's name, its words bound by no-break spaces ("Pierre AURIACOMBE",
    // "Daniel‑Georges Courtois"): never hyphenated either.
    let name = word.contains('\u{A0}')
        && word.split('\u{A0}').all(|part| {
            part.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        });
    inclusive || capitals || name
}

/// A run of letters without a space longer than this (no French word is) could not be
/// broken at the end of a line: it would run into the margin, and a very long one would
/// make a PDF string longer than PDF/A allows. It is given a break opportunity (a
/// zero-width space, which prints nothing) every `LONG_WORD_STEP` characters.
const LONG_WORD: usize = 40;
const LONG_WORD_STEP: usize = 20;

/// `text` with a zero-width space every `LONG_WORD_STEP` characters of each run longer
/// than `LONG_WORD` characters without a space.
fn breakable(text: &str) -> std::borrow::Cow<'_, str> {
    let long = text
        .split(char::is_whitespace)
        .any(|word| word.chars().nth(LONG_WORD).is_some());
    if !long {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for token in text.split_inclusive(char::is_whitespace) {
        let word_len = token.trim_end().chars().count();
        if word_len <= LONG_WORD {
            out.push_str(token);
            continue;
        }
        for (i, c) in token.chars().enumerate() {
            if i > 0 && i % LONG_WORD_STEP == 0 && i < word_len {
                out.push('\u{200B}');
            }
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` where a hyphen inside a name bound by no-break spaces ("Daniel-Georges
/// COURTOIS", as the typography binds a person's name) cannot end a line either: the
/// non-breaking hyphen U+2011 (a name never breaks; read back as a hyphen by `import`).
fn bound_hyphens(text: &str) -> std::borrow::Cow<'_, str> {
    if !(text.contains('\u{A0}') && text.contains('-')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for token in text.split_inclusive(' ') {
        if !token.contains('\u{A0}') {
            out.push_str(token);
            continue;
        }
        let chars: Vec<char> = token.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let between_letters = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
            out.push(if c == '-' && between_letters {
                '\u{2011}'
            } else {
                c
            });
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Splits every plain piece of the JSON document so that unbreakable words become pieces
/// of their own (`{"kind": "keep"}`), which the template sets without hyphenation, and
/// gives overlong words places to break (`breakable`).
fn mark_unbreakable_words(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                let kind = item.get("kind").and_then(Value::as_str);
                let plain = kind == Some("plain");
                if matches!(kind, Some("plain" | "code"))
                    && let Some(Value::String(content)) = item.get_mut("content")
                    && let std::borrow::Cow::Owned(broken) = breakable(content)
                {
                    *content = broken;
                }
                if plain
                    && let Some(Value::String(content)) = item.get_mut("content")
                    && let std::borrow::Cow::Owned(bound) = bound_hyphens(content)
                {
                    *content = bound;
                }
                match item.get("content").and_then(Value::as_str) {
                    Some(text)
                        if plain
                            && text
                                .split(|c: char| {
                                    c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}'
                                })
                                .any(|w| unbreakable(w.trim_end())) =>
                    {
                        // Unbreakable words one after the other (a list of names in
                        // capitals) make one piece: each piece is laid out on its own.
                        let (mut run, mut keep) = (String::new(), String::new());
                        let flush = |kind: &str, text: &mut String, out: &mut Vec<Value>| {
                            if !text.is_empty() {
                                out.push(serde_json::json!({"kind": kind, "content": std::mem::take(text)}));
                            }
                        };
                        // A no-break space binds its words into one (a name).
                        let breaks =
                            |c: char| c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}';
                        for token in text.split_inclusive(breaks) {
                            let word = token.trim_end();
                            if word.is_empty() {
                                run.push_str(token);
                            } else if unbreakable(word) {
                                if keep.is_empty() || !run.chars().all(char::is_whitespace) {
                                    flush("keep", &mut keep, &mut out);
                                    flush("plain", &mut run, &mut out);
                                } else {
                                    keep.push_str(&std::mem::take(&mut run));
                                }
                                keep.push_str(word);
                                run.push_str(&token[word.len()..]);
                            } else {
                                flush("keep", &mut keep, &mut out);
                                run.push_str(token);
                            }
                        }
                        flush("keep", &mut keep, &mut out);
                        flush("plain", &mut run, &mut out);
                    }
                    _ => {
                        mark_unbreakable_words(&mut item);
                        out.push(item);
                    }
                }
            }
            *items = out;
        }
        Value::Object(map) => map.values_mut().for_each(mark_unbreakable_words),
        _ => {}
    }
}

/// Tells the template, for each list entry with sub-items, whether they need a printed
/// marker (`document::subitems_need_marker` decides, for every format alike).
fn mark_subitems(data: &mut serde_json::Value, document: &Document) {
    for (key, items) in [
        ("citations", &document.citations),
        ("considerants", &document.considerants),
        ("items", &document.items),
    ] {
        if let Some(serde_json::Value::Array(values)) =
            data.get_mut("document").and_then(|d| d.get_mut(key))
        {
            for (value, item) in values.iter_mut().zip(items) {
                if let Some(object) = value.as_object_mut() {
                    object.insert(
                        "marked".into(),
                        super::document::subitems_need_marker(item).into(),
                    );
                }
            }
        }
    }
}

/// The world of one document: the shared assets, the template it starts from, and its
/// data (one motion, or a séance's motions).
struct MotionWorld<'a> {
    assets: &'a PdfAssets,
    main: FileId,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for MotionWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.assets.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.assets.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    // The templates may import one another, and nothing else.
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.assets
            .template(id)
            .map(|t| t.source.clone())
            .ok_or(FileError::AccessDenied)
    }

    // The template may read its data and nothing else: no file system, no network.
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.assets.fonts.get(index).cloned()
    }

    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// PDF/A caps a PDF string at 32,767 bytes, and the document's title, authors, keywords
/// and description are each one string (in UTF-16, two or four bytes a character): each
/// is cut to this many characters, with `…`. A title's heading tag and bookmark are
/// strings too: a longer title is not set as a heading.
const METADATA_CHARS: usize = 2000;

/// `text` cut to `max` characters, with `…` where it was cut.
fn clipped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

/// Cuts the document's metadata to what a PDF string holds (see `METADATA_CHARS`): a
/// title of 20,000 letters prints whole on the page, and shortened in the metadata.
fn clip_metadata(data: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(meta) = data
        .get_mut("document")
        .and_then(|d| d.get_mut("metadata"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    // A heading's tag and bookmark hold its whole text: a title too long is not set
    // as a heading (the template prints it the same way).
    let as_heading = meta
        .get("title")
        .and_then(Value::as_str)
        .is_none_or(|t| t.chars().nth(METADATA_CHARS).is_none());
    meta.insert("title-as-heading".into(), Value::Bool(as_heading));
    for key in ["title", "description"] {
        if let Some(Value::String(text)) = meta.get_mut(key) {
            *text = clipped(text, METADATA_CHARS);
        }
    }
    // Lists are joined into one string: each keeps what is left of the budget.
    for key in ["authors", "keywords"] {
        if let Some(Value::Array(items)) = meta.get_mut(key) {
            let mut left = METADATA_CHARS;
            items.retain_mut(|item| {
                let Value::String(text) = item else {
                    return false;
                };
                if left == 0 {
                    return false;
                }
                *text = clipped(text, left);
                left = left.saturating_sub(text.chars().count() + 2);
                true
            });
        }
    }
}

/// The PDF to file: PDF/A-2b and PDF/UA-1 by default.
pub static WRITER: super::Writer = super::Writer {
    name: "pdf",
    label: "PDF",
    content_type: "application/pdf",
    help: "le PDF à déposer, PDF/A-2b et PDF/UA-1",
    templates: &["motion.typ", "motion-parts.typ"],
    depends: &[
        super::Depends::BuildTime,
        super::Depends::PdfStandards,
        super::Depends::UserFonts,
    ],
    mark: b"<xmp:CreatorTool>motion ",
    render: |document, assets, options| {
        render_pdf(document, &assets.pdf, options.build_time, &options.pdf)
    },
};

/// Renders one document to PDF.
pub fn render_pdf(
    document: &Document,
    assets: &PdfAssets,
    build_time: super::BuildTime,
    settings: &PdfSettings,
) -> Result<Vec<u8>, RenderError> {
    let data = motion_data(document);
    let world = MotionWorld {
        assets,
        main: *MAIN_ID,
        data_id: *DATA_ID,
        data: json_bytes(&data)?,
        today: build_time.typst(),
    };
    compile(&world, build_time, settings)
}

/// One motion's data as the templates read it: the document, with its sub-items marked,
/// its unbreakable words kept whole and its metadata cut to what a PDF string holds.
pub(super) fn motion_data(document: &Document) -> serde_json::Value {
    let mut data = serde_json::json!({ "document": document });
    mark_subitems(&mut data, document);
    mark_unbreakable_words(&mut data);
    clip_metadata(&mut data);
    data
}

fn json_bytes(data: &serde_json::Value) -> Result<Bytes, RenderError> {
    Ok(Bytes::new(serde_json::to_vec(data).map_err(|e| {
        RenderError {
            message: format!("données du document : {e}"),
            diagnostic: None,
        }
    })?))
}

/// Renders a séance's booklet (`cahier.typ`) from its data (see `render::booklet`).
pub(super) fn render_booklet_pdf(
    data: &serde_json::Value,
    assets: &PdfAssets,
    build_time: super::BuildTime,
    settings: &PdfSettings,
) -> Result<Vec<u8>, RenderError> {
    let world = MotionWorld {
        assets,
        main: *BOOKLET_ID,
        data_id: *BOOKLET_DATA_ID,
        data: json_bytes(data)?,
        today: build_time.typst(),
    };
    compile(&world, build_time, settings)
}

/// Lays out the world's document and writes it as PDF.
fn compile(
    world: &MotionWorld,
    build_time: super::BuildTime,
    settings: &PdfSettings,
) -> Result<Vec<u8>, RenderError> {
    let compiled = typst::compile::<PagedDocument>(world).output;
    let result = compiled
        .map_err(|errors| template_error(world, &errors))
        .and_then(|paged| {
            let standards = PdfStandards::new(&settings.standards).map_err(|e| RenderError {
                message: format!("normes PDF incompatibles : {}", e.message()),
                diagnostic: None,
            })?;
            let options = PdfOptions {
                ident: Smart::Custom(settings.ident.clone()),
                creator: Smart::Custom(Some(format!("motion {}", env!("CARGO_PKG_VERSION")))),
                timestamp: Some(Timestamp::new_utc(build_time.typst())),
                standards,
                ..PdfOptions::default()
            };
            typst_pdf::pdf(&paged, &options).map_err(|errors| template_error(world, &errors))
        });
    // Memoized results of this document are of no use to the next: keep memory flat.
    comemo::evict(2);
    result
}

/// A typst error as a diagnostic pointing into the template (a user's own template, or a
/// failure of ours), never a panic.
fn template_error(world: &MotionWorld, errors: &[typst::diag::SourceDiagnostic]) -> RenderError {
    let first = errors.first();
    let message = first.map_or_else(|| "erreur inconnue".to_string(), |e| e.message.to_string());
    if let Some(missing) = missing_glyph(&message) {
        return missing;
    }
    // The template the error is in (the one the document starts from, else).
    let template = first
        .and_then(|e| e.span.id())
        .and_then(|id| world.assets.template(id))
        .or_else(|| world.assets.template(world.main))
        .expect("the main template is loaded");
    let file = &template.file;
    let span = first.and_then(|e| world.range(e.span)).unwrap_or(0..0);
    let origin = Origin::new(file, span);
    let at = origin.start();
    let mut diagnostic = Diagnostic::new(
        Code::TemplateError,
        origin,
        format!("erreur du gabarit PDF : {message}"),
    )
    .label("ici");
    let hints: Vec<String> = first
        .map(|e| e.hints.iter().map(|h| h.v.to_string()).collect())
        .unwrap_or_default();
    if !hints.is_empty() {
        diagnostic = diagnostic.help(hints.join(" ; "));
    }
    RenderError {
        message: format!(
            "erreur dans le gabarit {}:{}:{} : {message}",
            file.display, at.line, at.column
        ),
        diagnostic: Some(Box::new(diagnostic)),
    }
}

/// A character of the motion that no font has (an emoji, say): an archival PDF may not
/// hold it. Not a template error: the motion's text is at fault, and the message says
/// which character.
fn missing_glyph(message: &str) -> Option<RenderError> {
    let (_, rest) = message.split_once("the text `\"")?;
    let (text, _) = rest.split_once("\"` could not be displayed")?;
    // typst writes an unprintable character as `\u{3a2}`.
    let text = decode_escapes(text);
    let text = text.as_str();
    let codes: Vec<String> = text
        .chars()
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    Some(RenderError {
        message: format!(
            "« {text} » ({}) n’existe dans aucune police du PDF, qui ne peut donc pas l’inclure ; \
             retirez-le ou remplacez-le par des mots, ou donnez avec --font-path une police \
             qui le contient",
            codes.join(" ")
        ),
        diagnostic: None,
    })
}

/// `a\u{3a2}b` → `aΣb` (typst's debug form of a string).
fn decode_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.split_once('}').and_then(|(hex, tail)| {
            char::from_u32(u32::from_str_radix(hex, 16).ok()?).map(|c| (c, tail))
        }) {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("\\t", "\t")
        .replace("\\n", "\n")
        .replace("\\r", "\r")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_glyph_is_named_by_its_code_point() {
        let error = missing_glyph(
            "PDF/A-2b error: the text `\"\\u{3a2}🚰\"` could not be displayed with font `\"x\"`",
        )
        .expect("recognised");
        assert!(
            error.message.starts_with("« \u{3a2}🚰 » (U+03A2 U+1F6B0)"),
            "{}",
            error.message
        );
    }

    /// Checks the (kind, content) pieces of a text once its unbreakable words are marked.
    fn assert_marked(mut value: serde_json::Value, expected: &[(&str, &str)]) {
        mark_unbreakable_words(&mut value);
        let pieces: Vec<(&str, &str)> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["kind"].as_str().unwrap(), p["content"].as_str().unwrap()))
            .collect();
        assert_eq!(pieces, expected);
    }

    #[test]
    fn names_in_capitals_and_inclusive_words_are_kept_whole() {
        let value = serde_json::json!([
            {"kind": "plain", "content": "Déposé par Claire DUVAL, les élu·es et 2026 DEVE 12"},
            {"kind": "superscript", "content": "e"},
        ]);
        assert_marked(
            value,
            &[
                ("plain", "Déposé par Claire "),
                ("keep", "DUVAL,"),
                ("plain", " les "),
                ("keep", "élu·es"),
                ("plain", " et 2026 "),
                ("keep", "DEVE"),
                ("plain", " 12"),
                ("superscript", "e"),
            ],
        );
    }

    #[test]
    fn unbreakable_words_in_a_row_make_one_piece_and_long_runs_get_breaks() {
        let value = serde_json::json!([
            {"kind": "plain", "content": "Mme DUVAL ROCHER  BENKHALED et M. FONTAINE"},
        ]);
        assert_marked(
            value,
            &[
                ("plain", "Mme "),
                ("keep", "DUVAL ROCHER  BENKHALED"),
                ("plain", " et M. "),
                ("keep", "FONTAINE"),
            ],
        );
        // A name bound by no-break spaces is one piece, its hyphen a non-breaking one.
        let value = serde_json::json!([
            {"kind": "plain", "content": "de Pierre\u{a0}Auriacombe et Daniel-Georges\u{a0}Courtois, le 15\u{a0}mars"},
        ]);
        assert_marked(
            value,
            &[
                ("plain", "de "),
                ("keep", "Pierre\u{a0}Auriacombe"),
                ("plain", " et "),
                ("keep", "Daniel\u{2011}Georges\u{a0}Courtois,"),
                ("plain", " le 15\u{a0}mars"),
            ],
        );
        let long = "x".repeat(45);
        let text = format!("court {long} court");
        let broken = breakable(&text);
        assert_eq!(broken.matches('\u{200B}').count(), 2);
        assert_eq!(
            broken.replace('\u{200B}', ""),
            format!("court {long} court")
        );
        assert!(matches!(
            breakable("anticonstitutionnellement"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
