//! The check cache, as ruff keeps one: what the check of each motion file found, kept
//! between runs in `.motion-cache/check.json` at the sources' root, so that a file that
//! has not changed — under the same defaults files and the same program — is neither
//! parsed nor checked again. A file is the same when its stamp (times in nanoseconds and
//! inode) is the one recorded at least two seconds after its last write, else when its
//! bytes hash the same: the rule of the build's outputs. Its diagnostics come back with
//! their places (the file is read again only to show their lines). What a run does with
//! the answers is `batch`'s.

use crate::diag::{self, Code, Diagnostic, Severity};
use crate::output::{Digest, FileStamp};
use crate::render::SeancePlace;
use crate::source::{Origin, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The cache's folder at the sources' root.
pub const FOLDER: &str = ".motion-cache";
const FILE: &str = "check.json";
const VERSION: u32 = 1;

/// What the check of one file found, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    size: u64,
    /// The file's stamp, when it was taken far enough from its last write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stamp: Option<FileStamp>,
    /// The blake3 hash of the file's bytes.
    bytes: Digest,
    /// A digest of its defaults files (their paths and texts), farthest first.
    defaults: Digest,
    /// What the check gave: the hash its outputs are made from, whether it passed, its
    /// diagnostics and those counted but not kept, its séance place and number.
    pub source_hash: Digest,
    pub passed: bool,
    diagnostics: Vec<CachedDiagnostic>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    omitted: Vec<(String, String, usize)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<SeancePlace>,
    /// The number, what two motions of a séance must not share, and where it is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<(String, String, std::ops::Range<usize>)>,
}

/// A place in a file, by the file's path.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Place {
    file: PathBuf,
    span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct CachedDiagnostic {
    code: String,
    error: bool,
    message: String,
    place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    secondary: Vec<(Place, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fix: Option<(Place, String)>,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct CacheFile<E> {
    version: u32,
    /// The program the entries were found by (a hash of its bytes).
    program: String,
    entries: E,
}

/// The cache of a run: the entries read, and those of this run.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    root: PathBuf,
    read: BTreeMap<String, Entry>,
    written: std::sync::Mutex<BTreeMap<String, Entry>>,
    /// The files this cache answered for or recorded since it was opened: in a session,
    /// a file the watcher saw no change of since is still what its entry says.
    confirmed: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// What a source file is on disk, to look it up.
pub struct Probe {
    key: String,
    size: u64,
    trusted: Option<FileStamp>,
    /// Read when the stamp did not answer.
    bytes: Option<Digest>,
    defaults: Digest,
}

impl Cache {
    /// The cache of the sources under `root`; `enabled` false gives one that finds and
    /// keeps nothing (`--no-cache`).
    pub fn open(root: &Path, enabled: bool) -> Cache {
        let mut cache = Cache {
            root: root.to_path_buf(),
            ..Cache::default()
        };
        if !enabled {
            return cache;
        }
        let path = root.join(FOLDER).join(FILE);
        let program = program();
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(file) = serde_json::from_slice::<CacheFile<BTreeMap<String, Entry>>>(&bytes)
            && file.version == VERSION
            && file.program == program
        {
            cache.read = file.entries;
        }
        cache.path = Some(path);
        cache
    }

    /// The digest of a motion's defaults files, farthest first.
    pub fn defaults_digest(chain: &[(PathBuf, blake3::Hash)]) -> Digest {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"motion defaults 1\0");
        for (path, hash) in chain {
            hasher.update(path.to_string_lossy().as_bytes());
            hasher.update(b"\0");
            hasher.update(hash.as_bytes());
        }
        Digest(hasher.finalize())
    }

    /// The entry of a file when it is still what was checked, and what the file is
    /// (to record what this run finds of it).
    pub fn look(&self, path: &Path, defaults: Digest) -> (Option<Entry>, Option<Probe>) {
        if self.path.is_none() {
            return (None, None);
        }
        let Ok(metadata) = std::fs::metadata(path) else {
            return (None, None);
        };
        let key = self.key(path);
        let stamp = FileStamp::of(&metadata);
        let mut probe = Probe {
            key,
            size: metadata.len(),
            trusted: FileStamp::trusted(&metadata),
            bytes: None,
            defaults,
        };
        let Some(entry) = self.read.get(&probe.key) else {
            return (None, Some(probe));
        };
        if entry.defaults != defaults || entry.size != probe.size {
            return (None, Some(probe));
        }
        if entry.stamp.is_some_and(|s| s == stamp) {
            let mut entry = entry.clone();
            entry.stamp = probe.trusted;
            return (Some(entry), Some(probe));
        }
        // The stamp moved (or was never trusted): the bytes decide.
        let Some(bytes) = hash_file(path) else {
            return (None, Some(probe));
        };
        probe.bytes = Some(bytes);
        if bytes != entry.bytes {
            return (None, Some(probe));
        }
        let mut entry = entry.clone();
        entry.stamp = probe.trusted;
        (Some(entry), Some(probe))
    }

    /// The entry of a file that the caller knows unchanged since this cache last
    /// answered for it or recorded it (a session whose watcher saw no change there):
    /// taken without looking at the file. `None` when there is no such entry.
    pub fn known(&self, path: &Path, defaults: Digest) -> Option<(Entry, Probe)> {
        let key = self.key(path);
        if !self
            .confirmed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&key)
        {
            return None;
        }
        let entry = self.read.get(&key).filter(|e| e.defaults == defaults)?;
        let probe = Probe {
            key,
            size: entry.size,
            trusted: entry.stamp,
            bytes: Some(entry.bytes),
            defaults,
        };
        Some((entry.clone(), probe))
    }

    fn confirm(&self, key: &str) {
        self.confirmed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
    }

    fn key(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Keeps an entry found still true (one that did not change stays as it was read).
    pub fn keep(&self, probe: &Probe, entry: Entry) {
        self.confirm(&probe.key);
        if self.read.get(&probe.key) == Some(&entry) {
            return;
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(probe.key.clone(), entry);
    }

    /// Records what the check of a file found now.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &self,
        path: &Path,
        probe: Probe,
        compiled: &crate::compile::Compiled,
        passed: bool,
        place: Option<SeancePlace>,
        number: Option<(String, String)>,
    ) {
        if self.path.is_none() {
            return;
        }
        let Some(bytes) = probe.bytes.or_else(|| hash_file(path)) else {
            return;
        };
        let omitted = compiled
            .omitted
            .by_file_and_code
            .iter()
            .map(|((file, code), (_, count))| (file.clone(), code.id().to_string(), *count))
            .collect();
        let entry = Entry {
            size: probe.size,
            stamp: probe.trusted,
            bytes,
            defaults: probe.defaults,
            source_hash: Digest(compiled.source_hash),
            passed,
            diagnostics: compiled.diagnostics.iter().map(cached).collect(),
            omitted,
            place,
            number: number.and_then(|(n, key)| {
                compiled
                    .number_place
                    .as_ref()
                    .map(|place| (n, key, place.span.clone()))
            }),
        };
        self.confirm(&probe.key);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(probe.key, entry);
    }

    /// The sources' root it is the cache of.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes this run's entries in with those read, for the next run of the same
    /// process (`serve`, `watch`), which then neither reads the file again nor writes it
    /// at each run; whether any entry changed (the file is then behind).
    pub fn settle(&mut self) -> bool {
        let written = std::mem::take(self.written.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut changed = false;
        for (key, entry) in written {
            if self.read.get(&key) != Some(&entry) {
                changed = true;
                self.read.insert(key, entry);
            }
        }
        changed
    }

    /// Writes the entries of this run (atomically; a cache that cannot be written is
    /// only a slower next run). Entries of files not seen this run stay.
    pub fn save(mut self) {
        if !self.settle() {
            return;
        }
        self.write();
    }

    /// Writes the entries held (see `save`).
    pub fn write(&self) {
        let Some(path) = &self.path else {
            return;
        };
        let file = CacheFile {
            version: VERSION,
            program: program(),
            entries: &self.read,
        };
        let Ok(bytes) = serde_json::to_vec(&file) else {
            return;
        };
        if create_folder(&self.root).is_err() {
            return;
        }
        let _ = crate::output::write_atomically(path, &bytes);
    }
}

/// Makes the cache's folder at `root` (`.motion-cache`), never in a repository: with a
/// `.gitignore` that ignores the folder itself, and the tag that backup tools know.
pub fn create_folder(root: &Path) -> std::io::Result<PathBuf> {
    let folder = root.join(FOLDER);
    std::fs::create_dir_all(&folder)?;
    let ignore = folder.join(".gitignore");
    if !ignore.exists() {
        crate::output::write_atomically(&ignore, b"# Cache de motion.\n*\n")?;
        crate::output::write_atomically(
            &folder.join("CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n# Cache de motion.\n",
        )?;
    }
    Ok(folder)
}

/// What names the running program: its version and its binary's stamp and size (another
/// binary, even of the same version, has another; the build hashes the program's bytes
/// for its outputs, but a check must not read tens of megabytes to answer from cache).
fn program() -> String {
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), FileStamp::of(&m)))
        .unwrap_or_else(|_| "unknown".into());
    format!("motion {} {stamp}", env!("CARGO_PKG_VERSION"))
}

fn hash_file(path: &Path) -> Option<Digest> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path).ok()?).ok()?;
    Some(Digest(hasher.finalize()))
}

fn place(origin: &Origin) -> Place {
    Place {
        file: origin.file.path.clone(),
        span: origin.span.clone(),
    }
}

fn cached(diagnostic: &Diagnostic) -> CachedDiagnostic {
    CachedDiagnostic {
        code: diagnostic.code.id().to_string(),
        error: diagnostic.is_error(),
        message: diagnostic.message.clone(),
        place: place(&diagnostic.origin),
        label: diagnostic.label.clone(),
        secondary: diagnostic
            .secondary
            .iter()
            .map(|s| (place(&s.origin), s.message.clone()))
            .collect(),
        help: diagnostic.help.clone(),
        fix: diagnostic
            .fix
            .as_ref()
            .map(|f| (place(&f.origin), f.replacement.clone())),
    }
}

/// The files a run's cached diagnostics point into, read once each (to show their lines).
#[derive(Default)]
pub struct Sources {
    read: HashMap<PathBuf, Option<Arc<SourceFile>>>,
}

impl Sources {
    fn file(&mut self, path: &Path, cwd: &Path) -> Option<Arc<SourceFile>> {
        self.read
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                crate::input::parse::read(path, super::display_path(path, cwd))
                    .ok()
                    .map(|read| read.file)
            })
            .clone()
    }

    /// An entry's diagnostics and omitted counts as the check gave them; None when a
    /// file they point into can no longer be read as it was (check it again).
    pub fn restore(
        &mut self,
        entry: &Entry,
        cwd: &Path,
    ) -> Option<(Vec<Diagnostic>, diag::Omitted)> {
        let mut diagnostics = Vec::with_capacity(entry.diagnostics.len());
        for cached in &entry.diagnostics {
            let mut origin = |place: &Place| -> Option<Origin> {
                let file = self.file(&place.file, cwd)?;
                (place.span.end <= file.text.len()
                    && file.text.is_char_boundary(place.span.start)
                    && file.text.is_char_boundary(place.span.end))
                .then(|| Origin::new(&file, place.span.clone()))
            };
            let code = Code::from_id(&cached.code)?;
            let mut diagnostic = Diagnostic::new(code, origin(&cached.place)?, &cached.message);
            diagnostic.severity = if cached.error {
                Severity::Error
            } else {
                Severity::Warning
            };
            diagnostic.label = cached.label.clone();
            diagnostic.help = cached.help.clone();
            for (place, message) in &cached.secondary {
                diagnostic = diagnostic.secondary(origin(place)?, message);
            }
            if let Some((place, replacement)) = &cached.fix {
                diagnostic = diagnostic.fix(origin(place)?, replacement);
            }
            diagnostics.push(diagnostic);
        }
        let mut omitted = diag::Omitted::default();
        for (file, code, count) in &entry.omitted {
            let code = Code::from_id(code)?;
            omitted
                .by_file_and_code
                .insert((file.clone(), code), (code.severity(), *count));
        }
        Some((diagnostics, omitted))
    }
}
