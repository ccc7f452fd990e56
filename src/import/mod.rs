//! `motion import`: existing texts (plain text, Markdown, web pages, Word, PDF) into
//! motion files. Each source is decoded (`decode`), read into blocks by its kind
//! (`blocks`, `html`, `docx`, `pdf`), its motions recognised (`recognize`, `authors`),
//! written as TOML (`emit`), and checked over the destination's folder defaults with the
//! compiler `check` uses, before anything is written; what the format prints of it is
//! compared with the source, word by word. Files are written new, never over another.
//! Printing the report is the command line's.

pub mod authors;
pub mod blocks;
pub mod decode;
pub mod docx;
pub mod emit;
pub mod html;
pub mod lexicon;
pub mod pdf;
pub mod recognize;

use crate::compile::{self, Defaults};
use crate::diag::{Code, Diagnostic};
use blocks::Extracted;
use emit::Missing;
use rayon::prelude::*;
use recognize::Draft;
use serde::Serialize;
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The kinds of source read, by extension.
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "docx", "pdf",
];

/// The largest source read (32 MiB): a Word file with images or a long PDF fits.
pub const MAX_SOURCE_BYTES: u64 = 32 << 20;

/// Writes the signs of the format's markup literally: `\`, `` ` ``, `[`, `*`.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '[' | '*') {
            out.push('\\');
        }
        if c != '\u{E000}' {
            out.push(c);
        }
    }
    out
}

/// Markdown keeps its markup; other plain text is escaped.
pub(crate) fn escape_or_keep(text: &str, markdown: bool) -> String {
    if markdown {
        text.to_string()
    } else {
        escape_markup(text)
    }
}

thread_local! {
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread runs a reader whose panics are caught (the binary's panic
/// hook stays quiet for them: the file is reported as unreadable instead).
pub fn panic_is_contained() -> bool {
    CONTAINED.with(Cell::get)
}

/// Runs a third-party reader that may panic on a malformed file.
pub(crate) fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    CONTAINED.with(|c| c.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    CONTAINED.with(|c| c.set(false));
    result
}

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub sources: Vec<PathBuf>,
    /// The folder the motion files go to; beside each source when None.
    pub out: Option<PathBuf>,
    pub cwd: PathBuf,
}

/// How sure the import is of a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Checks clean, nothing to verify, the print keeps the source's words.
    Haute,
    /// Checks clean, but a field is to verify or words differ.
    Moyenne,
    /// A person must complete or correct it before it checks.
    Basse,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Haute => "haute",
            Confidence::Moyenne => "moyenne",
            Confidence::Basse => "basse",
        }
    }
}

/// One motion imported.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedMotion {
    /// The file written (as shown), or that would have been.
    pub file: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub title: Option<String>,
    /// The parts recognised, by their key in the format.
    pub recognised: Vec<String>,
    /// Warnings: repairs, words not restored, fields to verify, parts left to complete.
    pub warnings: Vec<String>,
    /// What of the source was left out (site chrome), a line each.
    pub left_out: Vec<String>,
    /// The share of the source's words that the built motion prints, in order (none
    /// while the file does not check).
    pub words_in_order: Option<f64>,
    pub confidence: Confidence,
    /// Whether `motion check` accepts the file as written.
    pub checks: bool,
    pub errors: usize,
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub text: String,
}

/// One source read.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFile {
    pub source: String,
    /// "texte", "markdown", "html", "docx", "pdf".
    pub kind: &'static str,
    /// The encoding found, when not UTF-8.
    pub encoding: Option<&'static str>,
    pub motions: Vec<ImportedMotion>,
    /// Why nothing could be read, when so.
    pub error: Option<String>,
}

/// The whole import.
#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub files: Vec<ImportedFile>,
    /// Paths that do not exist or cannot be read.
    #[serde(skip)]
    pub fatal: Vec<String>,
}

impl ImportReport {
    pub fn motions(&self) -> impl Iterator<Item = &ImportedMotion> {
        self.files.iter().flat_map(|f| f.motions.iter())
    }

    /// Whether every file gave motions that check clean.
    pub fn all_check(&self) -> bool {
        self.files.iter().all(|f| {
            f.error.is_none() && !f.motions.is_empty() && f.motions.iter().all(|m| m.checks)
        })
    }
}

/// Finds the sources under the paths given (files, or folders walked recursively,
/// skipping hidden files), sorted.
pub fn find_sources(options: &ImportOptions) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = BTreeSet::new();
    let mut fatal = Vec::new();
    for source in &options.sources {
        let path = options.cwd.join(source);
        if path.is_file() {
            found.insert(path);
            continue;
        }
        if !path.is_dir() {
            fatal.push(format!("{} : chemin introuvable", source.display()));
            continue;
        }
        for entry in walkdir::WalkDir::new(&path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            match entry {
                Ok(entry) if entry.file_type().is_file() && kind_of(entry.path()).is_some() => {
                    found.insert(entry.into_path());
                }
                Ok(_) => {}
                Err(error) => fatal.push(format!(
                    "{} : lecture impossible ({error})",
                    source.display()
                )),
            }
        }
    }
    (found.into_iter().collect(), fatal)
}

/// The kind of a source, from its extension.
pub fn kind_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => "texte",
        "md" | "markdown" => "markdown",
        "html" | "htm" | "xhtml" => "html",
        "docx" => "docx",
        "pdf" => "pdf",
        _ => return None,
    })
}

/// Reads a source into blocks, with its encoding and repairs.
pub fn extract(path: &Path) -> Result<(Extracted, decode::Decoded), String> {
    use std::io::Read;
    let kind = kind_of(path).ok_or_else(|| {
        "type de fichier non pris en charge : .txt, .md, .html, .docx ou .pdf".to_string()
    })?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("lecture impossible ({})", crate::output::io_reason(&e)))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err("fichier de plus de 32 Mio : ce n’est pas un texte de motion".into());
    }
    extract_bytes(kind, &bytes)
}

/// Reads the bytes of a source of the given kind.
pub fn extract_bytes(kind: &str, bytes: &[u8]) -> Result<(Extracted, decode::Decoded), String> {
    match kind {
        "docx" => Ok((docx::read(bytes)?, decode::Decoded::default())),
        "pdf" => Ok((pdf::read(bytes)?, decode::Decoded::default())),
        _ => {
            if bytes.starts_with(b"%PDF") || bytes.starts_with(b"PK\x03\x04") {
                return Err(
                    "ce fichier n’est pas un texte (un PDF ou un document Word renommé ?)".into(),
                );
            }
            let decoded = decode::decode(bytes);
            let extracted = match kind {
                "html" => html::read(&decoded.text)?,
                "markdown" => Extracted {
                    blocks: blocks::from_lines(&decoded.text, true),
                    ..Extracted::default()
                },
                _ => Extracted {
                    blocks: blocks::from_lines(&decoded.text, false),
                    ..Extracted::default()
                },
            };
            let decoded = decode::Decoded {
                text: String::new(),
                ..decoded
            };
            Ok((extracted, decoded))
        }
    }
}

/// Words for comparing a source and a print: letters and digits, lowercased, with the
/// apostrophe and spaces of any kind set aside.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '’' | '\'' | '\u{A0}' | '\u{202F}'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The share of `source`'s words that `print` has, in the same order.
pub fn words_in_order(source: &[String], print: &[String]) -> f64 {
    if source.is_empty() {
        return 1.0;
    }
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, source, print);
    let kept: usize = ops
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    kept as f64 / source.len() as f64
}

/// Everything a document prints, as plain text, in order.
pub fn document_text(doc: &crate::render::Document) -> String {
    let plain = |texts: &[crate::model::Text], parts: &mut Vec<String>| {
        parts.extend(texts.iter().map(|t| t.to_plain_string()));
    };
    let entry = |item: &crate::model::Item, parts: &mut Vec<String>| {
        plain(&item.paragraphs, parts);
        plain(&item.quote, parts);
        for sub in &item.subitems {
            plain(sub, parts);
        }
    };
    let outcome = |parts: &mut Vec<String>| {
        if let Some(outcome) = &doc.outcome {
            parts.push(outcome.decision.to_plain_string());
            if let Some(d) = &outcome.detail {
                parts.push(d.to_plain_string());
            }
            plain(&outcome.administrative, parts);
        }
    };
    let mut parts: Vec<String> = Vec::new();
    if doc.outcome.as_ref().is_some_and(|o| o.first) {
        outcome(&mut parts);
    }
    parts.push(doc.council.to_plain_string());
    parts.push(doc.session.to_plain_string());
    plain(&doc.references, &mut parts);
    let filing = doc.filing.as_ref().map(|f| f.to_plain_string());
    if doc.filing_first {
        parts.extend(filing.clone());
    }
    parts.push(doc.title.to_plain_string());
    if !doc.filing_first {
        parts.extend(filing);
    }
    plain(&doc.notice, &mut parts);
    plain(&doc.preamble, &mut parts);
    parts.extend(doc.citations_heading.as_ref().map(|h| h.to_plain_string()));
    for item in &doc.citations {
        entry(item, &mut parts);
    }
    if let Some(motives) = &doc.motives {
        if let Some(h) = &motives.heading {
            parts.push(h.to_plain_string());
        }
        plain(&motives.paragraphs, &mut parts);
    }
    parts.extend(
        doc.considerants_heading
            .as_ref()
            .map(|h| h.to_plain_string()),
    );
    for item in &doc.considerants {
        entry(item, &mut parts);
    }
    plain(&doc.formula, &mut parts);
    for item in &doc.items {
        entry(item, &mut parts);
    }
    if !doc.outcome.as_ref().is_some_and(|o| o.first) {
        outcome(&mut parts);
    }
    parts.join("\n")
}

/// Text compared as printed: its markup read, spaces of any kind as one, one apostrophe.
fn comparable(text: &str) -> String {
    let plain = crate::markup::parse(text).text.to_plain_string();
    blocks::clean(&plain.replace('\'', "’"))
}

/// The parts of a draft, by their key in the format.
fn recognised(draft: &Draft) -> Vec<String> {
    let mut parts = Vec::new();
    let mut add = |yes: bool, name: &str| {
        if yes {
            parts.push(name.to_string());
        }
    };
    add(draft.title.is_some(), "title");
    add(draft.number.is_some(), "number");
    add(draft.commission.is_some(), "commission");
    add(!draft.attached_to.is_empty(), "attached_to");
    add(draft.status.is_some(), "status");
    add(draft.reference.is_some(), "reference");
    add(!draft.tags.is_empty(), "tags");
    add(!draft.citations.is_empty(), "citations");
    add(!draft.motives.is_empty(), "motives");
    add(!draft.considerants.is_empty(), "considerants");
    add(draft.formula.is_some(), "formula");
    add(draft.council.is_some(), "session.council");
    add(draft.formation.is_some(), "session.formation");
    add(!draft.dates.is_empty(), "session.dates");
    add(draft.month.is_some(), "session.month");
    add(!draft.authors.is_empty(), "authors");
    add(draft.addressee.is_some(), "request.addressee");
    add(
        !draft.items.is_empty(),
        match draft.kind {
            crate::model::MotionKind::Voeu => "request.items",
            crate::model::MotionKind::Amendement => "amendment.changes",
        },
    );
    add(
        draft.outcome.vote.is_some()
            || draft.outcome.date.is_some()
            || draft.outcome.detail.is_some()
            || !draft.outcome.administrative.is_empty(),
        "outcome",
    );
    parts
}

pub use crate::text::slug;

/// The defaults of folders, loaded once each.
#[derive(Default)]
struct DefaultsCache {
    loaded: std::sync::Mutex<HashMap<PathBuf, std::sync::Arc<Option<Defaults>>>>,
}

impl DefaultsCache {
    fn chain(&self, folder: &Path, cwd: &Path) -> Vec<std::sync::Arc<Option<Defaults>>> {
        let root = crate::batch::defaults_root(folder, cwd);
        crate::batch::defaults_chain(folder, &root)
            .into_iter()
            .map(|path| {
                if let Some(d) = self.loaded.lock().expect("not poisoned").get(&path) {
                    return d.clone();
                }
                let loaded = Defaults::load(&path, path.display().to_string())
                    .ok()
                    .map(|l| l.defaults);
                let loaded = std::sync::Arc::new(loaded);
                self.loaded
                    .lock()
                    .expect("not poisoned")
                    .insert(path, loaded.clone());
                loaded
            })
            .collect()
    }
}

/// A motion of a source, finished: its file's text, checked.
fn finish(
    mut draft: Draft,
    source_words: &[String],
    folder: &Path,
    source_display: &str,
    defaults: &[&Defaults],
    decoded: &decode::Decoded,
) -> ImportedMotion {
    let path = folder.join("import.toml");
    // The notice of an adopted text at its end says it was adopted: the status the
    // format needs for it (M310 otherwise), said as a guess.
    if !draft.outcome.administrative.is_empty() && draft.status.is_none() {
        draft.status = Some(crate::model::Status::Adopted);
        draft.doubts.push((
            "status",
            "« adopté » déduit des mentions de publication du texte".into(),
        ));
    }
    let compile = |draft: &Draft, missing: Missing| {
        let text = emit::emit(draft, missing, source_display);
        let compiled = compile::compile_text(&path, path.display().to_string(), &text, defaults);
        (text, compiled)
    };
    let mut missing = Missing::default();
    let (mut text, mut compiled) = compile(&draft, missing);
    // Required parts the text lacks (and the folder's defaults do not give) become
    // placeholders.
    for d in &compiled.diagnostics {
        match d.code {
            Code::MissingTitle => missing.title = true,
            Code::MissingAuthor => missing.authors = true,
            Code::MissingConsiderant => missing.considerants = true,
            Code::MissingRequest | Code::MissingChange => missing.items = true,
            Code::MissingTarget => missing.target = true,
            Code::MissingSession => missing.session = true,
            _ => {}
        }
    }
    let mut warnings: Vec<String> = decoded.repairs.clone();
    // The first words each named; a text full of them (not a motion's) gets a count.
    for word in decoded.unrepaired.iter().take(20) {
        warnings.push(format!(
            "« {word} » : une lettre perdue à l’encodage n’a pas pu être rétablie avec certitude ; corrigez-la"
        ));
    }
    if decoded.unrepaired.len() > 20 {
        warnings.push(format!(
            "et {} autres mots à une lettre perdue",
            crate::diag::french_number(decoded.unrepaired.len() - 20)
        ));
    }
    let any_missing = missing.title
        || missing.authors
        || missing.considerants
        || missing.items
        || missing.target
        || missing.session;
    if any_missing {
        (text, compiled) = compile(&draft, missing);
    }
    // The formula: the format's own when it prints the same words, else the source's.
    if let Some(source) = draft.source_formula.clone() {
        let standard = compiled
            .document()
            .map(|doc| comparable(&crate::model::Text::join_plain(&doc.formula, " ")));
        let differs = match standard {
            Some(standard) => standard != comparable(&source),
            None => !source.starts_with("Sur proposition"),
        };
        if differs {
            draft.formula = Some(source);
            (text, compiled) = compile(&draft, missing);
        }
    }
    // The decision: the format's sentence when it says the same words, else the
    // source's ("Ce vœu a été rejeté par le Conseil de Paris.").
    if let Some(source) = draft.outcome.source_decision.clone() {
        let printed = compiled
            .document()
            .and_then(|doc| doc.outcome)
            .map(|o| authors::fold(&comparable(&o.decision.to_plain_string())));
        if printed.as_deref() != Some(authors::fold(&comparable(&source)).as_str()) {
            draft.outcome.decision = Some(source);
            (text, compiled) = compile(&draft, missing);
        }
    }
    // What the file prints, worded once for the checks below.
    let document = compiled.document();
    // The filing line: what the format prints from the authors read must be the source's.
    if let (Some(source), Some(doc)) = (&draft.source_filing, &document) {
        let printed = doc
            .filing
            .as_ref()
            .map(|f| f.to_plain_string())
            .unwrap_or_default();
        if comparable(&printed) != comparable(source) {
            draft.doubts.push((
                "authors",
                format!(
                    "la source dit « {source} », le format imprimera « {} »",
                    comparable(&printed)
                ),
            ));
            // A comment more: the motion itself is the same.
            text = emit::emit(&draft, missing, source_display);
        }
    }
    for (field, why) in &draft.doubts {
        warnings.push(format!("{field} à vérifier : {why}"));
    }
    // A part left to complete is "absent" only when nothing in the source looks like
    // it; else the line that does is named, for the person who completes it.
    let lines: Vec<&String> = draft.read.iter().chain(&draft.left_out).collect();
    let looks_like = |signs: &[&str]| {
        lines
            .iter()
            .find(|line| {
                let folded = authors::fold(line);
                signs.iter().any(|s| folded.contains(s))
            })
            .map(|line| line.chars().take(60).collect::<String>())
    };
    let names: [(bool, &str, &[&str]); 6] = [
        (
            missing.title,
            "le titre",
            &["voeu relatif", "amendement au", "amendement n"],
        ),
        (
            missing.authors,
            "les auteurs",
            &[
                "depose par",
                "presente par",
                "sur proposition",
                "au nom du groupe",
            ],
        ),
        (missing.considerants, "les considérants", &["considerant"]),
        (
            missing.items,
            "les demandes ou modifications",
            &["emet le voeu", "ainsi modifie", "est ainsi redige"],
        ),
        (
            missing.target,
            "la délibération visée",
            &["projet de deliberation "],
        ),
        (
            missing.session,
            "la séance",
            &["seance d", "seance du", "seance des"],
        ),
    ];
    for (yes, name, signs) in names {
        if !yes {
            continue;
        }
        warnings.push(match looks_like(signs) {
            Some(line) => format!(
                "{name} : non reconnu dans le texte, qui en parle (« {line}… ») ; à compléter (« À COMPLÉTER »)"
            ),
            None => format!("{name} : absent du texte, à compléter (« À COMPLÉTER »)"),
        });
    }
    let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
    let checks = errors == 0 && compiled.motion.is_some();
    let words_in_order = document
        .as_ref()
        .map(|doc| words_in_order(source_words, &words(&document_text(doc))));
    // A line left out that reads like a heading (a title, a short line without a
    // sentence's end) may be a part the import did not see: never « haute » then.
    let heading_left_out = draft
        .left_out
        .iter()
        .filter(|line| !draft.chrome.contains(line) && draft.read.contains(line))
        .any(|line| {
            let words = line.split_whitespace().count();
            recognize::looks_like_heading(line)
                || (words <= 12
                    && line.starts_with(char::is_uppercase)
                    && !line.trim_end().ends_with(['.', ';', ',', '!', '?', '…']))
        });
    let confidence = if !checks {
        Confidence::Basse
    } else if draft.doubts.is_empty()
        && warnings.is_empty()
        && !heading_left_out
        && words_in_order.is_some_and(|w| w >= 0.97)
    {
        Confidence::Haute
    } else {
        Confidence::Moyenne
    };
    ImportedMotion {
        file: String::new(),
        path: PathBuf::new(),
        title: draft.title.clone(),
        recognised: recognised(&draft),
        warnings,
        left_out: draft.left_out.clone(),
        words_in_order,
        confidence,
        checks,
        errors,
        diagnostics: compiled.diagnostics,
        text,
    }
}

/// Reads one source into its motions (not written yet).
fn import_file(path: &Path, options: &ImportOptions, cache: &DefaultsCache) -> ImportedFile {
    let display = crate::batch::display_path(path, &options.cwd);
    let kind = kind_of(path).unwrap_or("texte");
    let mut file = ImportedFile {
        source: display.clone(),
        kind,
        encoding: None,
        motions: Vec::new(),
        error: None,
    };
    let (extracted, decoded) = match extract(path) {
        Ok(read) => read,
        Err(error) => {
            file.error = Some(error);
            return file;
        }
    };
    file.encoding = decoded.encoding;
    let drafts = recognize::recognize(&extracted.blocks, &extracted.meta);
    let folder = match &options.out {
        Some(out) => options.cwd.join(out),
        None => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let chain = cache.chain(&folder, &options.cwd);
    let defaults: Vec<&Defaults> = chain.iter().filter_map(|d| d.as_ref().as_ref()).collect();
    let source_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    for draft in drafts {
        // The source's words, but a site's or a database's (share bars, links back):
        // a line left out that is not theirs lowers the share printed, and so the
        // confidence.
        let source_words = words(
            &draft
                .read
                .iter()
                .filter(|text| !draft.chrome.contains(text))
                .map(|text| crate::markup::parse(text).text.to_plain_string())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let motion = finish(
            draft,
            &source_words,
            &folder,
            &source_name,
            &defaults,
            &decoded,
        );
        file.motions.push(motion);
    }
    if file.motions.is_empty() {
        file.error = Some("aucune motion reconnue dans ce fichier".into());
    }
    file
}

/// Stack size of the threads that read sources (see `import`).
const IMPORT_STACK: usize = 64 << 20;

/// Imports the sources: reads them in parallel, then writes each motion to a new file
/// named from its title. `progress` is told of each source done.
pub fn import(options: &ImportOptions, progress: &(dyn Fn() + Sync)) -> ImportReport {
    let (sources, fatal) = find_sources(options);
    let cache = DefaultsCache::default();
    let read_all = || -> Vec<ImportedFile> {
        sources
            .par_iter()
            .map(|path| {
                let file = import_file(path, options, &cache);
                progress();
                file
            })
            .collect()
    };
    // Our readers walk without recursing; the third-party parsers under them (html5ever,
    // lopdf, pdf-extract) may recurse on what a source nests. A stack overflow cannot be
    // caught and would lose the whole batch: the readers run on deep stacks (reserved,
    // not used, until a source needs them).
    let mut files = match rayon::ThreadPoolBuilder::new()
        .stack_size(IMPORT_STACK)
        .build()
    {
        Ok(pool) => pool.install(read_all),
        Err(_) => read_all(),
    };
    // Names are given in source order, so that the same import names files the same.
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    for (file, source) in files.iter_mut().zip(&sources) {
        let folder = match &options.out {
            Some(out) => options.cwd.join(out),
            None => source.parent().unwrap_or(Path::new(".")).to_path_buf(),
        };
        let fallback = source
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "motion".into());
        for motion in &mut file.motions {
            let stem = slug(motion.title.as_deref().unwrap_or(&fallback));
            let mut n = 1;
            let path = loop {
                let name = if n == 1 {
                    format!("{stem}.toml")
                } else {
                    format!("{stem}-{n}.toml")
                };
                let candidate = folder.join(name);
                if !taken.contains(&candidate) && !candidate.exists() {
                    break candidate;
                }
                n += 1;
            };
            taken.insert(path.clone());
            motion.file = crate::batch::display_path(&path, &options.cwd);
            motion.path = path;
        }
    }
    ImportReport { files, fatal }
}

/// Writes the motion files of a report; each is new (never over an existing file).
pub fn write(report: &mut ImportReport, cwd: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    for motion in report.files.iter_mut().flat_map(|f| f.motions.iter_mut()) {
        if let Some(parent) = motion.path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            failures.push(format!(
                "{} : {}",
                parent.display(),
                crate::output::io_reason(&e)
            ));
            continue;
        }
        // Another import (or a person) may have taken the name since it was chosen:
        // the next free one is taken, never theirs.
        let stem = motion
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut n = 1;
        loop {
            match crate::output::create_atomically(&motion.path, motion.text.as_bytes()) {
                Ok(()) => break,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {
                    n += 1;
                    motion.path.set_file_name(format!("{stem}-{n}.toml"));
                    motion.file = crate::batch::display_path(&motion.path, cwd);
                }
                Err(e) => {
                    failures.push(format!(
                        "{} : {}",
                        motion.file,
                        crate::output::io_reason(&e)
                    ));
                    break;
                }
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads a source through every stage up to the file written, as `import_file` does.
    fn through(kind: &str, bytes: &[u8]) -> Vec<String> {
        let Ok((extracted, _)) = extract_bytes(kind, bytes) else {
            return Vec::new();
        };
        recognize::recognize(&extracted.blocks, &extracted.meta)
            .iter()
            .map(|draft| emit::emit(draft, Missing::default(), "source"))
            .collect()
    }

    #[test]
    fn damaged_fixtures_never_panic() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let Some(kind) = kind_of(&path) else { continue };
            let original = std::fs::read(&path).unwrap();
            for round in 0..40 {
                let mut bytes = original.clone();
                // Some bytes changed, or the file cut short.
                if round % 4 == 3 {
                    bytes.truncate((next() as usize) % bytes.len().max(1));
                } else {
                    for _ in 0..1 + round {
                        let at = (next() as usize) % bytes.len().max(1);
                        if let Some(b) = bytes.get_mut(at) {
                            *b = next() as u8;
                        }
                    }
                }
                for file in through(kind, &bytes) {
                    assert!(
                        file.parse::<toml::Table>().is_ok(),
                        "{}:\n{file}",
                        path.display()
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Whatever a text holds (quotes, backslashes, markup, controls, lines that look
        /// like a motion's parts), the file written is valid TOML that reads back.
        #[test]
        fn any_text_gives_valid_toml(lines in proptest::collection::vec(
            prop_oneof![
                Just("Vœu relatif aux \"guillemets\" et \\ barres".to_string()),
                Just("Déposé par Ana \"B\" et les élu·es du groupe A\\B".to_string()),
                Just("Considérant que \"\"\" est une fin ;".to_string()),
                Just("Sur proposition de X, le Conseil de Paris émet le vœu que la Ville :".to_string()),
                Just("• Demande *tout* [ceci](javascript:x) ;".to_string()),
                Just("> cité « \u{7} » \u{0}".to_string()),
                Just(String::new()),
                "\\PC{0,60}",
            ],
            0..30,
        )) {
            let text = lines.join("\n");
            for kind in ["texte", "markdown", "html"] {
                for file in through(kind, text.as_bytes()) {
                    prop_assert!(file.parse::<toml::Table>().is_ok(), "{}", file);
                }
            }
        }
    }
}
