//! Rendering: the registry of writers (`WRITERS`), each a pure function from (document,
//! shared assets, options) to bytes, in its own file; `document` words what every writer
//! prints; `templates` holds the templates (embedded, or a user's). Nothing here reads or
//! writes files but the user templates and fonts, read once when the assets are built.

pub mod booklet;
pub mod document;
pub mod docx;
mod docx_fonts;
pub mod feed;
pub mod html;
pub mod pdf;
pub mod phrases;
pub mod templates;

pub use document::{Document, assemble};
pub use templates::Templates;

use std::path::Path;

/// What an output's bytes depend on beyond the motion, the program and its templates:
/// a change of one makes every output of the writer stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depends {
    /// The build time (`--build-time`, `SOURCE_DATE_EPOCH`).
    BuildTime,
    /// The PDF standards asked (`--pdf-standard`).
    PdfStandards,
    /// The fonts added with `--font-path`.
    UserFonts,
}

/// One output a build writes for each motion: its name, how it is recognised, and the
/// function that renders it. The registry `WRITERS` lists them all; the command line,
/// the build, the manifest and the tests take them from there. Adding an output is a
/// file in `src/render/` with its `WRITER`, and a line in `WRITERS`.
#[derive(Debug)]
pub struct Writer {
    /// The name on the command line (`--format pdf`), which is also the file extension.
    pub name: &'static str,
    /// The name shown to users.
    pub label: &'static str,
    /// The media type, for whoever serves the file.
    pub content_type: &'static str,
    /// What `motion build --help` says of it, in French.
    pub help: &'static str,
    /// The templates it reads (`templates/…`).
    pub templates: &'static [&'static str],
    /// The options its bytes depend on.
    pub depends: &'static [Depends],
    /// Bytes every file it writes carries, by which a build knows a file as its own
    /// when no record says so (a manifest deleted by hand).
    pub mark: &'static [u8],
    /// Renders one document.
    pub render: fn(&Document, &Assets, &RenderOptions) -> Result<Vec<u8>, RenderError>,
}

/// Escapes text for HTML and XML content and attribute values: the one escaper of the
/// markup the writers produce (minijinja's would also escape `/`, legal but unreadable
/// in links).
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The archive index, at the top of the output folder.
pub const INDEX_FILE: &str = "index.html";

/// Every output, in the order builds write them and summaries list them.
pub static WRITERS: &[&Writer] = &[&pdf::WRITER, &docx::WRITER, &html::WRITER];

/// An output format: a handle on its `Writer`.
#[derive(Clone, Copy)]
pub struct Format(&'static Writer);

impl Format {
    pub const PDF: Format = Format(&pdf::WRITER);
    pub const DOCX: Format = Format(&docx::WRITER);
    /// The page of a motion; the archive index goes with it.
    pub const HTML: Format = Format(&html::WRITER);

    /// Every format, in registry order.
    pub fn all() -> impl Iterator<Item = Format> {
        WRITERS.iter().map(|writer| Format(writer))
    }

    /// The format of a name given on the command line (`pdf`).
    pub fn by_name(name: &str) -> Option<Format> {
        Format::all().find(|f| f.0.name == name)
    }

    /// The extension of its files, without the dot.
    pub fn extension(self) -> &'static str {
        self.0.name
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        self.0.label
    }

    pub fn writer(self) -> &'static Writer {
        self.0
    }

    /// Its place in the registry: formats sort in that order.
    fn rank(self) -> usize {
        WRITERS
            .iter()
            .position(|w| std::ptr::eq(*w, self.0))
            .unwrap_or(usize::MAX)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Format {}

impl PartialOrd for Format {
    fn partial_cmp(&self, other: &Format) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Format {
    fn cmp(&self, other: &Format) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl std::hash::Hash for Format {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.label)
    }
}

/// What a build asks of every document beyond its text.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Written in the PDF and DOCX properties (and what typst's `today()` returns).
    pub build_time: BuildTime,
    pub pdf: pdf::PdfSettings,
    /// Where the motion's outputs sit in the archive, for a page's links.
    pub place: Place,
}

/// Where a motion's outputs sit in the archive: their stem (`2026-12/p300`, from the
/// output folder), so that its page links its own files (in every format of the
/// registry: a page does not change with the formats one build was asked for), the
/// index and its tags' pages.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub stem: String,
    /// The texts before and after it in its séance's order.
    pub previous: Option<Neighbour>,
    pub next: Option<Neighbour>,
}

/// A text next to another in its séance: its stem and how a link names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Neighbour {
    pub stem: String,
    /// "Vœu n° 18 bis — Vœu relatif …", or the title alone.
    pub label: String,
}

/// What places a text among its séance's, the same whether it is read from the motion
/// (when it is checked) or from the manifest's index entry: the séance (period and
/// council), its kind, number, délibérations and title (typeset).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct SeancePlace {
    pub period: String,
    pub council: String,
    pub voeu: bool,
    pub number: Option<String>,
    pub deliberations: Option<String>,
    pub title: String,
}

impl SeancePlace {
    pub fn of_motion(motion: &crate::model::Motion) -> SeancePlace {
        SeancePlace {
            period: motion.session.sitting.sort_key(),
            council: motion.session.council.name(),
            voeu: motion.kind == crate::model::MotionKind::Voeu,
            number: motion.number.as_ref().map(ToString::to_string),
            deliberations: document::deliberations_phrase(&motion.attached_to),
            title: crate::typography::typeset(&motion.title).to_plain_string(),
        }
    }

    pub fn of_entry(entry: &IndexEntry) -> SeancePlace {
        SeancePlace {
            period: entry.seance_period(),
            council: entry.council_name.clone(),
            voeu: entry.kind == "Vœu",
            number: entry.number.clone(),
            deliberations: entry.deliberations.clone(),
            title: entry.plain_title.clone(),
        }
    }

    /// How a link to the text names it.
    pub fn label(&self) -> String {
        let kind = if self.voeu { "Vœu" } else { "Amendement" };
        match &self.number {
            Some(number) if !document::title_has_number(&self.title, number) => {
                format!("{kind} n° {number} — {}", self.title)
            }
            _ => self.title.clone(),
        }
    }
}

/// The page of a tag in the archive, from the output folder: `etiquettes/p300.html`.
pub fn tag_page(tag: &str) -> String {
    tag_page_numbered(tag, 1)
}

/// The `n`-th page of a tag's list (1-based): `etiquettes/p300.html`, then
/// `etiquettes/p300.2.html` (a slug has no dot: no tag's page is another's).
pub fn tag_page_numbered(tag: &str, n: usize) -> String {
    match n {
        0 | 1 => format!("{TAGS_FOLDER}/{}.html", crate::text::slug(tag)),
        n => format!("{TAGS_FOLDER}/{}.{n}.html", crate::text::slug(tag)),
    }
}

/// How many texts a tag's page lists at most: a campaign of 2,000 texts makes four
/// pages of about 200 KB, not one of 800 KB.
pub const TAG_PAGE_SIZE: usize = 500;

/// Where a page of a tag's list stands among the others.
#[derive(Debug, Clone)]
pub struct TagPaging {
    /// 1-based.
    pub current: usize,
    /// Every page's file name, in order (they are side by side).
    pub pages: Vec<String>,
    /// The tag's texts on all its pages.
    pub total: usize,
}

/// A tag as the index lists it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TagLink {
    pub name: String,
    /// Its title from tags.toml, else its name.
    pub title: String,
    /// Its page, from the output folder.
    pub href: String,
    pub count: usize,
}

/// What a tag's page shows of the tag (tags.toml gives the title, description, goal).
#[derive(Debug, Clone)]
pub struct TagPage {
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub goal: Option<String>,
    /// Its feed, from the page.
    pub feed: String,
}

/// A séance's page, from the output folder: `seances/2026-12-08-conseil-de-paris.html`.
pub fn seance_page(period: &str, council: &str) -> String {
    format!("{SEANCES_FOLDER}/{}.html", seance_slug(period, council))
}

/// A séance's booklet, from the output folder: `cahiers/2026-12-08-conseil-de-paris.pdf`.
pub fn booklet_path(period: &str, council: &str) -> String {
    format!("{BOOKLETS_FOLDER}/{}.pdf", seance_slug(period, council))
}

/// The séances' booklets, in the output folder.
pub const BOOKLETS_FOLDER: &str = "cahiers";

fn seance_slug(period: &str, council: &str) -> String {
    crate::text::slug(&format!("{period} {council}"))
}

/// The séances' pages, in the output folder.
pub const SEANCES_FOLDER: &str = "seances";

/// The tags' pages and feeds, in the output folder.
pub const TAGS_FOLDER: &str = "etiquettes";
/// The archive's Atom feed, at the top of the output folder.
pub const FEED_FILE: &str = "atom.xml";
/// The archive's search page, at the top of the output folder.
pub const SEARCH_FILE: &str = "recherche.html";
/// The search bundle's folder (Pagefind's), at the top of the output folder.
pub const SEARCH_FOLDER: &str = "pagefind";

/// When a document says it was made, in UTC: never the clock (same input, same bytes),
/// but `--build-time`, `SOURCE_DATE_EPOCH` or the session's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildTime(time::PrimitiveDateTime);

impl BuildTime {
    /// The moment of a Unix time (seconds), as `SOURCE_DATE_EPOCH` gives it.
    pub fn from_unix(seconds: i64) -> Option<BuildTime> {
        let moment = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
        Some(BuildTime(time::PrimitiveDateTime::new(
            moment.date(),
            moment.time(),
        )))
    }

    /// Midnight of a day.
    pub fn from_date(date: crate::model::Date) -> Option<BuildTime> {
        let month = time::Month::try_from(date.month).ok()?;
        let day = time::Date::from_calendar_date(date.year.into(), month, date.day).ok()?;
        Some(BuildTime(day.midnight()))
    }

    /// Reads `2026-12-08` or `2026-12-08T10:30:00` (`Z` allowed, seconds optional).
    pub fn parse(text: &str) -> Option<BuildTime> {
        let (date, clock) = text.split_once('T').unwrap_or((text, "00:00:00"));
        let day = BuildTime::from_date(crate::model::Date::parse(date)?)?;
        let mut parts = clock.strip_suffix('Z').unwrap_or(clock).split(':');
        let mut field = |required: bool| match parts.next() {
            Some(part) if part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()) => {
                part.parse::<u8>().ok()
            }
            None if !required => Some(0),
            _ => None,
        };
        let (hour, minute, second) = (field(true)?, field(true)?, field(false)?);
        if parts.next().is_some() {
            return None;
        }
        let clock = time::Time::from_hms(hour, minute, second).ok()?;
        Some(BuildTime(day.0.replace_time(clock)))
    }

    /// ISO 8601 in UTC (`2026-12-08T00:00:00Z`), as DOCX properties write it.
    pub fn iso(self) -> String {
        let format =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        self.0.format(&format).unwrap_or_default()
    }

    /// The same moment as typst takes it.
    pub fn typst(self) -> typst::foundations::Datetime {
        typst::foundations::Datetime::Datetime(self.0)
    }
}

/// What is expensive to build and shared by every document of a run: the templates and
/// each format's prepared engine.
pub struct Assets {
    pub templates: Templates,
    pub(crate) html: html::HtmlAssets,
    pub(crate) pdf: pdf::PdfAssets,
}

/// A failure of the tool or of a user's template, not of a motion.
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
    /// The same, as a diagnostic pointing into the template, when there is a place.
    pub diagnostic: Option<Box<crate::diag::Diagnostic>>,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}

impl Assets {
    /// Builds the assets once per process, with the user's templates and fonts when given.
    pub fn load(
        template_dir: Option<&Path>,
        font_dir: Option<&Path>,
    ) -> Result<Assets, RenderError> {
        let templates = Templates::load(template_dir)?;
        let html = html::HtmlAssets::new(&templates)?;
        let pdf = pdf::PdfAssets::new(&templates, font_dir)?;
        Ok(Assets {
            templates,
            html,
            pdf,
        })
    }

    /// A hash of everything an output of `format` depends on beyond its motion and the
    /// options: the tool's version, the program itself, the templates the writer reads
    /// and, when it says so, the fonts added with `--font-path`. A change means every
    /// output of that format must be rendered again.
    pub fn fingerprint(&self, format: Format) -> blake3::Hash {
        let writer = format.writer();
        self.fingerprint_of(
            writer.templates,
            writer.depends.contains(&Depends::UserFonts),
        )
    }

    /// The same for any output made from `templates` (and the fonts added with
    /// `--font-path`, when `fonts`): a séance's booklet.
    pub fn fingerprint_of(&self, templates: &[&str], fonts: bool) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(program_hash().as_bytes());
        self.templates.hash_into(&mut hasher, templates);
        if fonts {
            hasher.update(self.pdf.user_fonts_hash().as_bytes());
        }
        hasher.finalize()
    }
}

/// The running program's hash as a manifest keeps it, with the binary's path, size and
/// stamp: the next build by the same binary, unchanged (its stamp taken two seconds
/// after its last write, as for every file), takes the hash rather than reading tens of
/// megabytes again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProgramStamp {
    /// The binary's path.
    pub binary: String,
    pub size: u64,
    pub stamp: crate::output::FileStamp,
    pub hash: crate::output::Digest,
}

impl ProgramStamp {
    /// The running program's, when its stamp can be trusted.
    pub fn current() -> Option<ProgramStamp> {
        let path = std::env::current_exe().ok()?;
        let metadata = std::fs::metadata(&path).ok()?;
        Some(ProgramStamp {
            binary: path.to_string_lossy().into_owned(),
            size: metadata.len(),
            stamp: crate::output::FileStamp::trusted(&metadata)?,
            hash: crate::output::Digest(program_hash()),
        })
    }

    /// Takes the hash of `recorded` as the running program's when the binary is that
    /// one, unchanged (before anything asked for the hash; afterwards, nothing to do).
    pub fn trust(recorded: &ProgramStamp) {
        let Ok(path) = std::env::current_exe() else {
            return;
        };
        let same = path.to_string_lossy() == recorded.binary
            && std::fs::metadata(&path).is_ok_and(|m| {
                m.len() == recorded.size
                    && crate::output::FileStamp::trusted(&m) == Some(recorded.stamp)
            });
        if same {
            let _ = PROGRAM_HASH.set(recorded.hash.0);
        }
    }
}

static PROGRAM_HASH: std::sync::OnceLock<blake3::Hash> = std::sync::OnceLock::new();

/// A hash of the running program's bytes: two builds of one version (a developer's, a
/// patched one) may render differently, and identical binaries, on any machine, agree
/// on what is up to date. Read once per process, streamed (the binary is tens of
/// megabytes).
pub(crate) fn program_hash() -> blake3::Hash {
    *PROGRAM_HASH.get_or_init(|| {
        // Hashed on every core, a piece at a time (not mapped: a build's memory would
        // count the whole binary): it is read on every build.
        let mut program = blake3::Hasher::new();
        let read = std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(|mut file| {
                use std::io::Read;
                let mut piece = vec![0; 4 << 20];
                loop {
                    let n = file.read(&mut piece)?;
                    if n == 0 {
                        return Ok(());
                    }
                    program.update_rayon(&piece[..n]);
                }
            });
        match read {
            Ok(()) => program.finalize(),
            // Unreadable (a deleted binary): the version alone, and a marker.
            Err(_) => blake3::hash(b"program unreadable"),
        }
    })
}

/// Renders a document in one format.
pub fn render(
    format: Format,
    document: &Document,
    assets: &Assets,
    options: &RenderOptions,
) -> Result<Vec<u8>, RenderError> {
    (format.writer().render)(document, assets, options)
}

/// One motion in the archive index, as kept in the manifest so that the index can list
/// motions built by earlier runs (or by other machines, whose manifests are merged).
/// Only what the index shows, sorts or searches: an archive keeps one per motion.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexEntry {
    pub title: crate::model::Text,
    pub council: crate::model::Text,
    pub session: crate::model::Text,
    /// The first day of the session, and the council's name: how sessions are grouped.
    pub date: Option<crate::model::Date>,
    /// How the session sorts (`2026-12-08`, or `2002-10` when only the month is known).
    #[serde(default)]
    pub period: String,
    pub council_name: String,
    /// "Vœu" or "Amendement".
    pub kind: String,
    pub number: Option<String>,
    /// The title as plain text (ordering, search).
    pub plain_title: String,
    /// The authors as plain text, joined.
    pub authors: String,
    pub status: crate::model::Status,
    /// The status with the vote: "adopté à l’unanimité".
    #[serde(default)]
    pub status_label: String,
    pub reference: Option<String>,
    /// The motion's tags, as written (`P300`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The délibérations it is attached to ("2026 DEVE 41"): a séance's page groups
    /// amendements by them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliberations: Option<String>,
    /// Each format built: its name and its path relative to the output folder. Made
    /// from the manifest's record of the files, not kept in the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<IndexOutput>,
}

/// An index entry as the manifest keeps it: its JSON text, parsed again only when the
/// index page is written. An archive holds one per motion for the whole build, and a
/// parsed entry takes several times the memory of its text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct IndexRecord(Box<serde_json::value::RawValue>);

impl IndexRecord {
    pub fn new(entry: &IndexEntry) -> IndexRecord {
        IndexRecord(serde_json::value::to_raw_value(entry).expect("an index entry is JSON"))
    }

    /// Its JSON text, as the manifest keeps it.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// The entry; `None` when the manifest was edited into something else.
    pub fn entry(&self) -> Option<IndexEntry> {
        serde_json::from_str(self.0.get()).ok()
    }
}

impl PartialEq for IndexRecord {
    fn eq(&self, other: &IndexRecord) -> bool {
        self.0.get() == other.0.get()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexOutput {
    pub label: String,
    pub href: String,
}

impl IndexEntry {
    /// How the séance sorts: its period (`2026-12-08`, `2002-10`), or its first day for
    /// an entry recorded before periods were.
    pub fn seance_period(&self) -> String {
        if self.period.is_empty() {
            self.date.map(|d| d.to_string()).unwrap_or_default()
        } else {
            self.period.clone()
        }
    }

    /// The séance as plain text: "Séance des 8, 9 et 10 décembre 2026".
    pub fn session_plain(&self) -> String {
        self.session.to_plain_string()
    }

    pub fn new(document: &Document, outputs: Vec<IndexOutput>) -> IndexEntry {
        let meta = &document.metadata;
        IndexEntry {
            title: document.title.clone(),
            council: document.council.clone(),
            session: document.session.clone(),
            date: meta.date,
            council_name: meta.council_name.clone(),
            kind: meta.kind_label.clone(),
            number: meta.number.clone(),
            plain_title: meta.title.clone(),
            authors: meta.authors.join(", "),
            period: meta.period.clone(),
            status: meta.status,
            status_label: meta.status_label.clone(),
            reference: meta.reference.clone(),
            tags: meta.keywords.clone(),
            deliberations: meta.deliberations.clone(),
            outputs,
        }
    }

    /// The status as the index prints it (entries recorded by older versions have only
    /// the status).
    pub fn status_text(&self) -> String {
        if self.status_label.is_empty() {
            document::status_label(self.status, None)
        } else {
            self.status_label.clone()
        }
    }
}

/// Writes the archive index page to `out`: its séances, with what `links` gives.
pub fn render_index(
    entries: &[IndexEntry],
    links: html::IndexLinks<'_>,
    assets: &Assets,
    out: &mut dyn std::io::Write,
) -> Result<(), RenderError> {
    html::render_index(entries, links, &assets.html, out)
}

impl From<std::io::Error> for RenderError {
    fn from(error: std::io::Error) -> RenderError {
        RenderError {
            message: format!("écriture impossible ({})", crate::output::io_reason(&error)),
            diagnostic: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_times_are_read_and_written_in_utc() {
        let noon = BuildTime::parse("2026-12-08T12:30:05Z").unwrap();
        assert_eq!(noon.iso(), "2026-12-08T12:30:05Z");
        assert_eq!(
            BuildTime::parse("2026-12-08").unwrap().iso(),
            "2026-12-08T00:00:00Z"
        );
        assert_eq!(
            BuildTime::parse("2026-12-08T10:30").unwrap().iso(),
            "2026-12-08T10:30:00Z"
        );
        for bad in [
            "2026-12-32",
            "2026-12-08T25:00",
            "2026-12-08T10",
            "2026-12-08T1:00:00",
            "demain",
        ] {
            assert!(BuildTime::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            BuildTime::from_unix(0).unwrap().iso(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            BuildTime::from_unix(1_765_000_000).unwrap().iso(),
            "2025-12-06T05:46:40Z"
        );
        assert_eq!(
            BuildTime::from_unix(-86_400).unwrap().iso(),
            "1969-12-31T00:00:00Z"
        );
    }
}
