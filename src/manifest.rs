//! The record of a build, `out/manifest.json`, and its journal. For each motion: its
//! source, its status and reference, what the archive index shows of it, and each output
//! file with a digest of everything it was made from, its size, its content hash and the
//! file's stamp on disk (modification and change times, inode). While a build runs, each
//! finished motion is appended to the journal (`out/manifest.journal`) as soon as its
//! files are in place, so that a killed build loses nothing it finished; the next build
//! folds the journal into the manifest. Records wait in files, not in memory. Writing
//! outputs is `output`'s; deciding what is fresh is `build`'s.

use crate::output::write_streamed_if_changed;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

/// The version of the manifest's format. A manifest of version 2 is read for the files
/// it lists (they were written by `motion`), not for its records.
pub const MANIFEST_VERSION: u32 = 3;

/// The manifest file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// The journal of the build in progress, beside the manifest.
pub const JOURNAL: &str = "manifest.journal";

/// The manifest of shard `k` of `n`, merged later by `motion merge-manifests`.
pub fn shard_manifest(k: usize, n: usize) -> String {
    format!("manifest.shard-{k}-of-{n}.json")
}

/// The manifest and journal file names of a build (of a shard, or of everything).
pub fn file_names(shard: Option<(usize, usize)>) -> (String, String) {
    match shard {
        Some((k, n)) => (
            shard_manifest(k, n),
            format!("manifest.shard-{k}-of-{n}.journal"),
        ),
        None => (MANIFEST.to_string(), JOURNAL.to_string()),
    }
}

/// `(k, n)` when `name` is the name of a shard manifest.
pub fn parse_shard_manifest(name: &str) -> Option<(usize, usize)> {
    let middle = name
        .strip_prefix("manifest.shard-")?
        .strip_suffix(".json")?;
    let (k, n) = middle.split_once("-of-")?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

/// One motion's record.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct ManifestEntry {
    /// The source file, relative to the manifest's root, with `/` separators: a record
    /// whose source is gone is dropped, and its outputs removed.
    pub source: String,
    /// The folder the outputs mirror, relative to the root, so that a later build of
    /// that folder can tell a deleted motion from one it did not look at.
    pub base: String,
    /// The motion's status (`adopted`…) and official reference, for archive tools.
    pub status: crate::model::Status,
    pub reference: Option<String>,
    pub outputs: Vec<OutputRecord>,
    /// What the archive index shows of the motion (without its links, made from
    /// `outputs`).
    pub index: crate::render::IndexRecord,
}

/// What a record says of its source and files.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct RecordOutputs {
    pub source: String,
    pub base: String,
    pub outputs: Vec<OutputRecord>,
}

/// One output file as it was written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct OutputRecord {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// A digest of everything the file was made from: the motion's file and defaults,
    /// the program, the format's templates and fonts, the options that change its bytes.
    pub inputs: Digest,
    pub size: u64,
    /// The blake3 hash of the file's bytes.
    pub hash: Digest,
    /// The file's stamp when its hash was last checked, once that moment was far enough
    /// from its modification (see `FileStamp::trusted`); `None`: check the hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<FileStamp>,
}

pub use crate::output::{Digest, FileStamp};

/// Where a record lies in its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    at: u64,
    len: u32,
}

/// Records as compact JSON, appended (one line each, under a lock, so that a killed
/// process leaves at worst a torn last line) and read from any thread. The build's
/// journal is a file; the other stores (a manifest read, records folded) stay in memory
/// up to `MEMORY_LIMIT`, then go to an anonymous temporary file (gone when the process
/// ends): a manifest of 10,000 motions (15 MB) is read and copied without a system call
/// per record, and one of a million does not fill the memory.
#[derive(Debug)]
pub struct RecordStore {
    backing: std::sync::RwLock<Backing>,
    /// The store is the build's journal.
    journal: bool,
    /// The bytes it holds in memory before it moves to a temporary file.
    limit: usize,
}

/// Where a store's bytes are, and how many.
#[derive(Debug)]
enum Backing {
    Memory(Vec<u8>),
    File(std::fs::File, u64),
}

/// The bytes an in-memory store holds before it moves to a temporary file.
const MEMORY_LIMIT: usize = 64 << 20;

impl RecordStore {
    /// A store in memory (then in an anonymous temporary file).
    pub fn new() -> std::io::Result<RecordStore> {
        Ok(RecordStore::in_memory(MEMORY_LIMIT))
    }

    fn in_memory(limit: usize) -> RecordStore {
        RecordStore {
            backing: std::sync::RwLock::new(Backing::Memory(Vec::new())),
            journal: false,
            limit,
        }
    }

    /// A store that is also a journal: `path`, created empty.
    pub fn journal(path: &Path) -> std::io::Result<RecordStore> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        Ok(RecordStore {
            backing: std::sync::RwLock::new(Backing::File(file, 0)),
            journal: true,
            limit: 0,
        })
    }

    /// Appends `before`, `json` and `after` in one write; returns where `json` is.
    fn append(&self, before: &[u8], json: &[u8], after: &[u8]) -> std::io::Result<Record> {
        let len = u32::try_from(json.len()).map_err(std::io::Error::other)?;
        let mut backing = self.backing.write().unwrap_or_else(|e| e.into_inner());
        if let Backing::Memory(bytes) = &mut *backing {
            if bytes.len() + before.len() + json.len() + after.len() <= self.limit {
                let at = (bytes.len() + before.len()) as u64;
                bytes.extend_from_slice(before);
                bytes.extend_from_slice(json);
                bytes.extend_from_slice(after);
                return Ok(Record { at, len });
            }
            let file = tempfile::tempfile()?;
            file.write_all_at(bytes, 0)?;
            let end = bytes.len() as u64;
            *backing = Backing::File(file, end);
        }
        let Backing::File(file, end) = &mut *backing else {
            unreachable!("a store in memory moved to its file above");
        };
        let mut line = Vec::with_capacity(before.len() + json.len() + after.len());
        line.extend_from_slice(before);
        line.extend_from_slice(json);
        line.extend_from_slice(after);
        // A kill between the two halves leaves a torn line, as a kill mid-write would.
        let (first, second) = line.split_at(line.len() / 2);
        file.write_all_at(first, *end)?;
        if self.journal {
            crate::faults::kill_at_count("journal");
        }
        file.write_all_at(second, *end + first.len() as u64)?;
        let at = *end + before.len() as u64;
        *end += line.len() as u64;
        Ok(Record { at, len })
    }

    /// How many bytes it holds.
    pub fn len(&self) -> usize {
        match &*self.backing.read().unwrap_or_else(|e| e.into_inner()) {
            Backing::Memory(held) => held.len(),
            Backing::File(_, end) => *end as usize,
        }
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room in memory for about `bytes` more (as far as the store keeps in memory).
    pub fn reserve(&self, bytes: usize) {
        let mut backing = self.backing.write().unwrap_or_else(|e| e.into_inner());
        if let Backing::Memory(held) = &mut *backing {
            held.reserve(bytes.min(self.limit.saturating_sub(held.len())));
        }
    }

    /// Appends one record's JSON.
    pub fn push_json(&self, json: &[u8]) -> std::io::Result<Record> {
        self.append(b"", json, b"")
    }

    pub fn push(&self, entry: &ManifestEntry) -> std::io::Result<Record> {
        self.push_json(&serde_json::to_vec(entry).map_err(std::io::Error::other)?)
    }

    /// Starts a journal: the root of the sources its records are relative to.
    pub fn header(&self, root: &str) -> std::io::Result<()> {
        let json = serde_json::to_vec(&JournalLine {
            root: Some(root.to_string()),
            ..JournalLine::default()
        })
        .map_err(std::io::Error::other)?;
        self.append(b"", &json, b"\n").map(drop)
    }

    /// Journals that the outputs of `paths` are about to be written: should the build be
    /// killed before their record, the next one knows they are its own.
    pub fn claim(&self, paths: &[String]) -> std::io::Result<()> {
        let json = serde_json::to_vec(&JournalLine {
            claim: Some(paths.to_vec()),
            ..JournalLine::default()
        })
        .map_err(std::io::Error::other)?;
        self.append(b"", &json, b"\n").map(drop)
    }

    /// Journals the record of a motion whose files are in place.
    pub fn record(&self, stem: &str, entry: &ManifestEntry) -> std::io::Result<Record> {
        let json = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        let stem = serde_json::to_string(stem).map_err(std::io::Error::other)?;
        let before = format!("{{\"stem\":{stem},\"record\":");
        self.append(before.as_bytes(), &json, b"}\n")
    }

    /// The JSON of a record.
    pub fn json(&self, record: Record) -> std::io::Result<Vec<u8>> {
        let backing = self.backing.read().unwrap_or_else(|e| e.into_inner());
        match &*backing {
            Backing::Memory(bytes) => {
                let start = usize::try_from(record.at).map_err(std::io::Error::other)?;
                bytes
                    .get(start..start + record.len as usize)
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| std::io::Error::other("enregistrement hors du registre"))
            }
            Backing::File(file, _) => {
                let mut json = vec![0; record.len as usize];
                file.read_exact_at(&mut json, record.at)?;
                Ok(json)
            }
        }
    }

    pub fn get(&self, record: Record) -> std::io::Result<ManifestEntry> {
        serde_json::from_slice(&self.json(record)?).map_err(std::io::Error::other)
    }

    /// A record's source, base and outputs, without the rest (what the look at the
    /// outputs on disk needs, for every motion of a build).
    pub fn outputs(&self, record: Record) -> std::io::Result<RecordOutputs> {
        let json = self.json(record)?;
        if let Some(head) = before_index(&json)
            && let Ok(outputs) = serde_json::from_slice(&head)
        {
            return Ok(outputs);
        }
        serde_json::from_slice(&json).map_err(std::io::Error::other)
    }
}

/// One line of the journal: its header (the root), a claim, or a motion's record.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct JournalLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    root: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    claim: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<Box<serde_json::value::RawValue>>,
}

/// A manifest: the records, keyed by output stem (`2026-12/p300`) and sorted, waiting in
/// `store`.
#[derive(Debug)]
pub struct Manifest {
    pub version: u32,
    pub tool: String,
    /// The folder the sources are found from (the motions' repository), absolute: a
    /// manifest of another root belongs to another archive, or was moved.
    pub root: String,
    /// The shard whose records these are, for a shard manifest.
    pub shard: Option<(usize, usize)>,
    /// For a shard manifest: a hash of the output stems of every motion found by the
    /// build (in every shard), which the shards of one archive share.
    pub archive: Option<Digest>,
    /// For a shard manifest: the folders the build was asked for, relative to the root,
    /// with `/` separators (their `tags.toml` titles the tags: the merge reads them as a
    /// whole build would).
    pub folders: Vec<String>,
    pub motions: BTreeMap<String, Record>,
    pub store: Arc<RecordStore>,
    /// Output paths of records left out when the file was read: not `STEM.EXT` for the
    /// record's stem and a format of the registry (`../victim.txt`, an absolute path).
    /// The output folder is not trusted data; these are named, never used.
    pub refused: Vec<String>,
    /// The program that wrote it, with its hash (see `ProgramStamp`).
    pub program: Option<crate::render::ProgramStamp>,
    /// The hash of the file's bytes, for a manifest read from a file in the line format
    /// `save_as` writes: a build that would write the same records saves nothing.
    pub file_hash: Option<Digest>,
}

/// The manifest a process last wrote, kept in memory for its next build (`serve`,
/// `watch` build again and again): taken instead of reading the file again (tens of
/// megabytes at 10,000 motions) while the file's bytes are still the ones written, by
/// their hash; a file changed by anyone else is read as always.
#[derive(Debug, Default)]
pub struct ManifestMemory(std::sync::Mutex<Option<(std::path::PathBuf, Manifest)>>);

impl ManifestMemory {
    /// Keeps the manifest written at `path` (its `file_hash` set to the file's).
    pub fn keep(&self, path: &Path, manifest: Manifest) {
        let kept = manifest
            .file_hash
            .is_some()
            .then(|| (path.to_path_buf(), manifest));
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    }

    /// The manifest kept for `path`, when the file still holds its bytes.
    pub fn take(&self, path: &Path) -> Option<Manifest> {
        let (kept_path, manifest) = self.0.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        if kept_path != path {
            return None;
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(std::fs::File::open(path).ok()?).ok()?;
        (Some(Digest(hasher.finalize())) == manifest.file_hash).then_some(manifest)
    }
}

/// A reader that hashes what it reads.
struct HashingReader<R> {
    inner: R,
    hasher: blake3::Hasher,
}

impl<R: std::io::Read> std::io::Read for HashingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..n]);
        Ok(n)
    }
}

/// Whether `path` is a path a motion's output can have: plain and relative (see
/// `output::plain_relative`), ending in the extension of a format of the registry.
pub fn is_output_path(path: &str) -> bool {
    crate::output::plain_relative(path)
        && path
            .rsplit_once('.')
            .is_some_and(|(_, extension)| crate::render::Format::by_name(extension).is_some())
}

/// Whether `path` is an output a record of `stem` may name: `STEM.EXT`, `EXT` a format.
pub fn is_output_of(stem: &str, path: &str) -> bool {
    is_output_path(path)
        && path
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|extension| crate::render::Format::by_name(extension).is_some())
}

/// The output paths of a record that `is_output_of` refuses for its stem.
fn unsound_outputs(stem: &str, entry: &ManifestEntry) -> Vec<String> {
    entry
        .outputs
        .iter()
        .map(|o| &o.path)
        .filter(|path| !is_output_of(stem, path))
        .cloned()
        .collect()
}

/// What a journal held.
#[derive(Debug, Default)]
pub struct Folded {
    /// There was a journal: the last build did not end.
    pub existed: bool,
    /// The root its records are relative to.
    pub root: Option<String>,
    /// Paths claimed, with or without a record after them (only paths an output can
    /// have: see `is_output_path`).
    pub claimed: Vec<String>,
    /// Paths claimed or recorded that no output can have: named, never used.
    pub refused: Vec<String>,
    /// How many records it held.
    pub records: usize,
}

/// The first line of a manifest file, without its `"motions":{`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    version: u32,
    tool: String,
    #[serde(default)]
    root: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    archive: Option<Digest>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    folders: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    program: Option<crate::render::ProgramStamp>,
}

/// The manifest file as a whole, for a file not written one motion per line.
#[derive(serde::Deserialize)]
struct WholeFile {
    #[serde(flatten)]
    header: Header,
    motions: BTreeMap<String, Box<serde_json::value::RawValue>>,
}

/// What an output folder's manifest file held.
#[derive(Debug)]
pub enum Loaded {
    /// No manifest file.
    Missing,
    /// A manifest of this version.
    Current(Box<Manifest>),
    /// A manifest that cannot be used for its records: of an earlier version, or
    /// unreadable. The outputs it lists (path and hash) were written by `motion`.
    Unusable {
        why: String,
        outputs: Vec<(String, Digest)>,
    },
    /// A file of that name that is not a manifest of `motion` (a web app's
    /// `manifest.json`, say): not the build's to replace.
    Foreign,
}

/// Whether an unreadable manifest file was written by `motion`: empty (cut short by a
/// power failure), or naming the tool in its first line.
fn written_by_motion(path: &Path) -> bool {
    use std::io::Read;
    let mut start = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(4096).read_to_end(&mut start));
    read.is_ok_and(|n| {
        n == 0 || {
            let text = String::from_utf8_lossy(&start);
            text.trim_start().starts_with("{\"version\"") && text.contains("\"tool\":\"motion ")
        }
    })
}

/// Only the outputs of a record, as every version wrote them.
#[derive(serde::Deserialize)]
struct OutputsOnly {
    outputs: Vec<PathAndHash>,
}

#[derive(serde::Deserialize)]
struct PathAndHash {
    path: String,
    hash: Digest,
}

fn shard_text((k, n): (usize, usize)) -> String {
    format!("{k}/{n}")
}

fn parse_shard_text(text: &str) -> Option<(usize, usize)> {
    let (k, n) = text.split_once('/')?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

impl Manifest {
    /// An empty manifest of this version of the tool.
    pub fn new(root: String, shard: Option<(usize, usize)>) -> std::io::Result<Manifest> {
        Ok(Manifest {
            version: MANIFEST_VERSION,
            tool: format!("motion {}", env!("CARGO_PKG_VERSION")),
            root,
            shard,
            archive: None,
            folders: Vec::new(),
            motions: BTreeMap::new(),
            store: Arc::new(RecordStore::new()?),
            refused: Vec::new(),
            program: None,
            file_hash: None,
        })
    }

    /// Reads one manifest file, a line at a time into a store.
    pub fn read_file(path: &Path) -> std::io::Result<Loaded> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded::Missing);
            }
            Err(error) => return Err(error),
        };
        let mut manifest = Manifest::new(String::new(), None)?;
        // Its records take about the file's size: room made once, not grown by doubling
        // (each doubling copies the records and touches new memory).
        if let Ok(metadata) = file.metadata() {
            manifest.store.reserve(metadata.len() as usize);
        }
        let mut outputs = Vec::new();
        let mut reader = std::io::BufReader::new(HashingReader {
            inner: file,
            hasher: blake3::Hasher::new(),
        });
        match read_lines(&mut manifest, &mut outputs, &mut reader) {
            Some(MANIFEST_VERSION) => {
                // What follows the last line, if anything, is in the hash too.
                std::io::copy(&mut reader, &mut std::io::sink())?;
                manifest.file_hash = Some(Digest(reader.into_inner().hasher.finalize()));
                return Ok(Loaded::Current(Box::new(manifest)));
            }
            Some(version) => {
                return Ok(Loaded::Unusable {
                    why: format!("d’une version antérieure du format ({version})"),
                    outputs,
                });
            }
            None => {}
        }
        // Not one motion per line (edited by hand, say): read it whole.
        let mut manifest = Manifest::new(String::new(), None)?;
        let whole = std::fs::File::open(path).ok().and_then(|file| {
            serde_json::from_reader::<_, WholeFile>(std::io::BufReader::new(file)).ok()
        });
        let Some(whole) = whole else {
            if !written_by_motion(path) {
                return Ok(Loaded::Foreign);
            }
            return Ok(Loaded::Unusable {
                why: "illisible".into(),
                outputs: Vec::new(),
            });
        };
        let mut outputs = Vec::new();
        for raw in whole.motions.values() {
            if let Ok(only) = serde_json::from_str::<OutputsOnly>(raw.get()) {
                outputs.extend(
                    only.outputs
                        .into_iter()
                        .filter(|o| is_output_path(&o.path))
                        .map(|o| (o.path, o.hash)),
                );
            }
        }
        if whole.header.version != MANIFEST_VERSION {
            return Ok(Loaded::Unusable {
                why: format!(
                    "d’une version antérieure du format ({})",
                    whole.header.version
                ),
                outputs,
            });
        }
        manifest.tool = whole.header.tool;
        manifest.root = whole.header.root;
        manifest.shard = whole.header.shard.as_deref().and_then(parse_shard_text);
        manifest.archive = whole.header.archive;
        manifest.folders = whole.header.folders;
        manifest.program = whole.header.program;
        for (stem, raw) in whole.motions {
            let Ok(entry) = serde_json::from_str::<ManifestEntry>(raw.get()) else {
                return Ok(Loaded::Unusable {
                    why: "illisible".into(),
                    outputs,
                });
            };
            let unsound = unsound_outputs(&stem, &entry);
            if !unsound.is_empty() {
                manifest.refused.extend(unsound);
                continue;
            }
            let record = manifest.store.push_json(raw.get().as_bytes())?;
            manifest.motions.insert(stem, record);
        }
        Ok(Loaded::Current(Box::new(manifest)))
    }

    /// Folds the journal a killed build left at `path` into this manifest: each record
    /// replaces the motion's.
    pub fn fold_journal(&mut self, path: &Path) -> std::io::Result<Folded> {
        let mut folded = Folded::default();
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(folded),
            Err(error) => return Err(error),
        };
        folded.existed = true;
        for line in std::io::BufReader::new(file).split(b'\n') {
            let line = line?;
            // A torn last line (the build was killed while writing it) is skipped.
            let Ok(line) = serde_json::from_slice::<JournalLine>(&line) else {
                continue;
            };
            if line.root.is_some() {
                folded.root = line.root;
            }
            if let Some(paths) = line.claim {
                let (sound, unsound): (Vec<String>, Vec<String>) =
                    paths.into_iter().partition(|path| is_output_path(path));
                folded.claimed.extend(sound);
                folded.refused.extend(unsound);
            }
            if let (Some(stem), Some(record)) = (line.stem, line.record)
                && let Ok(entry) = serde_json::from_str::<ManifestEntry>(record.get())
            {
                let unsound = unsound_outputs(&stem, &entry);
                if !unsound.is_empty() {
                    folded.refused.extend(unsound);
                    continue;
                }
                let record = self.store.push_json(record.get().as_bytes())?;
                self.motions.insert(stem, record);
                folded.records += 1;
            }
        }
        Ok(folded)
    }

    /// Writes the manifest as compact JSON, one motion per line, streamed to the file:
    /// an archive of 10,000 motions makes a file of megabytes, read and written on every
    /// build.
    /// Returns the hash of the manifest's bytes.
    pub fn save_as(&self, path: &Path) -> std::io::Result<Digest> {
        let (_, hash) = write_streamed_if_changed(path, |json| {
            let header = Header {
                version: self.version,
                tool: self.tool.clone(),
                root: self.root.clone(),
                shard: self.shard.map(shard_text),
                archive: self.archive,
                folders: self.folders.clone(),
                program: self.program.clone(),
            };
            let header = serde_json::to_string(&header).map_err(std::io::Error::other)?;
            json.write_all(&header.as_bytes()[..header.len() - 1])?;
            json.write_all(b",\"motions\":{")?;
            for (i, (stem, record)) in self.motions.iter().enumerate() {
                json.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *json, stem).map_err(std::io::Error::other)?;
                json.write_all(b":")?;
                json.write_all(&self.store.json(*record)?)?;
            }
            json.write_all(b"\n}}\n")
        })?;
        Ok(Digest(hash))
    }

    /// A digest of what the records say, without the stamps of their files: what the
    /// archive's products are made from. A stamp taken again (a file whose times moved,
    /// its bytes checked the same) changes the manifest's bytes, not this.
    pub fn content_digest(&self) -> std::io::Result<Digest> {
        let mut hasher = blake3::Hasher::new();
        let header = (
            self.version,
            &self.tool,
            &self.root,
            self.shard,
            self.archive,
            &self.folders,
            self.program.as_ref().map(|program| program.hash),
        );
        hasher.update(
            serde_json::to_string(&header)
                .map_err(std::io::Error::other)?
                .as_bytes(),
        );
        let records: Vec<(&String, &Record)> = self.motions.iter().collect();
        let chunks = records
            .par_chunks(LINES_PER_CHUNK / 4)
            .map(|chunk| {
                let mut hasher = blake3::Hasher::new();
                let mut stripped = Vec::new();
                for (stem, record) in chunk {
                    stripped.clear();
                    without_stamps(&self.store.json(**record)?, &mut stripped);
                    hasher.update(stem.as_bytes());
                    hasher.update(b"\0");
                    hasher.update(&stripped);
                    hasher.update(b"\n");
                }
                Ok(hasher.finalize())
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        for chunk in chunks {
            hasher.update(chunk.as_bytes());
        }
        Ok(Digest(hasher.finalize()))
    }

    /// Every output path its records list, with its hash.
    pub fn outputs(&self) -> std::io::Result<Vec<(String, Digest)>> {
        let mut outputs = Vec::new();
        for record in self.motions.values() {
            let only: OutputsOnly = serde_json::from_slice(&self.store.json(*record)?)
                .map_err(std::io::Error::other)?;
            outputs.extend(only.outputs.into_iter().map(|o| (o.path, o.hash)));
        }
        Ok(outputs)
    }
}

/// A record's JSON up to its index, closed: the index, which `ManifestEntry` puts last
/// and which is most of a record, is not parsed where it is not needed. `,"` only occurs
/// between two fields (a quote inside a string is escaped), and no field before the
/// index holds one named so: the first `,"index":` is the record's own. `None` when
/// there is none (a record edited into another order is then read whole).
fn before_index(json: &[u8]) -> Option<Vec<u8>> {
    const FIELD: &str = ",\"index\":";
    let text = std::str::from_utf8(json).ok()?;
    let at = text.find(FIELD)?;
    let mut head = Vec::with_capacity(at + 1);
    head.extend_from_slice(&json[..at]);
    head.push(b'}');
    Some(head)
}

/// Copies a record's JSON into `into` without its files' stamps (`,"stamp":{…}`, as
/// `serde_json` writes a `FileStamp`). A quote inside a JSON string is escaped, so the
/// pattern is only ever the field itself; what does not read as a stamp is kept.
fn without_stamps(json: &[u8], into: &mut Vec<u8>) {
    const FIELD: &str = ",\"stamp\":";
    let Ok(mut rest) = std::str::from_utf8(json) else {
        into.extend_from_slice(json);
        return;
    };
    while let Some(at) = rest.find(FIELD) {
        let value = &rest[at + FIELD.len()..];
        let end = value.find('}').map(|end| end + 1);
        match end.filter(|&end| serde_json::from_str::<FileStamp>(&value[..end]).is_ok()) {
            Some(end) => {
                into.extend_from_slice(&rest.as_bytes()[..at]);
                rest = &value[end..];
            }
            None => {
                into.extend_from_slice(&rest.as_bytes()[..at + FIELD.len()]);
                rest = value;
            }
        }
    }
    into.extend_from_slice(rest.as_bytes());
}

/// The lines of a manifest parsed at once, on every core.
const LINES_PER_CHUNK: usize = 4096;

/// One line of a manifest, parsed.
struct ParsedLine<'a> {
    stem: String,
    /// The record's JSON, as it is in the file.
    json: &'a str,
    /// The record, for a manifest of this version.
    entry: Option<ManifestEntry>,
    /// Its sound output paths and hashes, for a manifest of another version.
    outputs: Vec<(String, Digest)>,
}

/// Parses `"stem":{…}` (with or without its comma); `None` when the line is not that
/// or, for a manifest of this version, its record does not read.
fn parse_line(line: &str, current: bool) -> Option<ParsedLine<'_>> {
    let line = line.trim_end();
    let line = line.strip_suffix(',').unwrap_or(line);
    let mut stream = serde_json::Deserializer::from_str(line).into_iter::<String>();
    let stem = stream.next()?.ok()?;
    let json = line[stream.byte_offset()..].strip_prefix(':')?;
    if current {
        let entry = serde_json::from_str::<ManifestEntry>(json).ok()?;
        return Some(ParsedLine {
            stem,
            json,
            entry: Some(entry),
            outputs: Vec::new(),
        });
    }
    let outputs = serde_json::from_str::<OutputsOnly>(json)
        .map(|only| {
            only.outputs
                .into_iter()
                .filter(|o| is_output_path(&o.path))
                .map(|o| (o.path, o.hash))
                .collect()
        })
        .unwrap_or_default();
    Some(ParsedLine {
        stem,
        json,
        entry: None,
        outputs,
    })
}

/// Reads the line format `save_as` writes, records into `manifest`'s store (for this
/// version) or only their outputs (for another); the version, or `None` when the file
/// is not in that format.
fn read_lines(
    manifest: &mut Manifest,
    outputs: &mut Vec<(String, Digest)>,
    reader: impl BufRead,
) -> Option<u32> {
    let mut lines = reader.lines();
    let header = lines.next()?.ok()?;
    let header = header.trim_end().strip_suffix(",\"motions\":{")?;
    let header: Header = serde_json::from_str(&format!("{header}}}")).ok()?;
    let current = header.version == MANIFEST_VERSION;
    manifest.tool = header.tool;
    manifest.root = header.root;
    manifest.shard = header.shard.as_deref().and_then(parse_shard_text);
    manifest.archive = header.archive;
    manifest.folders = header.folders;
    manifest.program = header.program;
    let mut closed = false;
    // Lines are read in chunks and parsed on every core: each record is parsed once,
    // whole, and the memory held is one chunk's.
    let mut chunk: Vec<String> = Vec::with_capacity(LINES_PER_CHUNK);
    loop {
        chunk.clear();
        for line in lines.by_ref() {
            let line = line.ok()?;
            if line.trim_end() == "}}" {
                closed = true;
                break;
            }
            chunk.push(line);
            if chunk.len() == LINES_PER_CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let parsed: Vec<Option<ParsedLine>> = chunk
            .par_iter()
            .map(|line| parse_line(line, current))
            .collect();
        for line in parsed {
            let line = line?;
            outputs.extend(line.outputs);
            let Some(entry) = line.entry else {
                continue;
            };
            let unsound = unsound_outputs(&line.stem, &entry);
            if !unsound.is_empty() {
                manifest.refused.extend(unsound);
                continue;
            }
            let record = manifest.store.push_json(line.json.as_bytes()).ok()?;
            manifest.motions.insert(line.stem, record);
        }
        if closed {
            break;
        }
    }
    closed.then_some(header.version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_store_past_its_memory_moves_to_a_file_and_keeps_every_record() {
        let store = RecordStore::in_memory(100);
        let records: Vec<(Record, String)> = (0..40)
            .map(|i| {
                let json = format!("{{\"n\":{i}}}");
                (store.push_json(json.as_bytes()).unwrap(), json)
            })
            .collect();
        assert!(matches!(
            *store.backing.read().unwrap(),
            Backing::File(_, _)
        ));
        for (record, json) in records {
            assert_eq!(store.json(record).unwrap(), json.as_bytes());
        }
    }

    #[test]
    fn a_records_outputs_are_read_without_its_index_and_the_same_as_whole() {
        let entry = ManifestEntry {
            source: "a/\",\"index\":.toml".into(),
            base: "a".into(),
            status: crate::model::Status::Filed,
            reference: None,
            outputs: vec![OutputRecord {
                path: "a/p.pdf".into(),
                inputs: Digest(blake3::hash(b"i")),
                size: 3,
                hash: Digest(blake3::hash(b"h")),
                stamp: None,
            }],
            index: crate::render::IndexRecord::new(
                &serde_json::from_value(serde_json::json!({
                    "title": [], "council": [], "session": [], "date": null,
                    "council_name": "", "kind": "Vœu", "number": null,
                    "plain_title": "x", "authors": "", "status": "filed",
                    "reference": null
                }))
                .unwrap(),
            ),
        };
        let store = RecordStore::in_memory(1 << 20);
        let record = store.push(&entry).unwrap();
        let json = store.json(record).unwrap();
        let head = before_index(&json).expect("the index is last");
        assert!(!String::from_utf8_lossy(&head).contains("plain_title"));
        let outputs = store.outputs(record).unwrap();
        assert_eq!(outputs.source, entry.source);
        assert_eq!(outputs.outputs, entry.outputs);
        // The index elsewhere: read whole.
        let moved = br#"{"index":{},"source":"s","base":"b","outputs":[]}"#;
        assert!(before_index(moved).is_none());
    }

    #[test]
    fn stamps_are_left_out_of_a_records_content_and_nothing_else() {
        let strip = |json: &str| {
            let mut into = Vec::new();
            super::without_stamps(json.as_bytes(), &mut into);
            String::from_utf8(into).unwrap()
        };
        let stamped = r#"{"outputs":[{"path":"a.pdf","size":3,"stamp":{"mtime":-1,"ctime":2,"ino":3}},{"path":"a.html","stamp":{"mtime":4,"ctime":5,"ino":6}}],"title":"x"}"#;
        assert_eq!(
            strip(stamped),
            r#"{"outputs":[{"path":"a.pdf","size":3},{"path":"a.html"}],"title":"x"}"#
        );
        // The same words in a text, or a field of that name that is not a stamp, stay.
        for kept in [
            r#"{"title":"a ,\"stamp\":{\"mtime\":1,\"ctime\":2,\"ino\":3}"}"#,
            r#"{"a":1,"stamp":{"mtime":"x"},"b":2}"#,
            r#"{"a":1,"stamp":{"#,
        ] {
            assert_eq!(strip(kept), kept);
        }
    }

    #[test]
    fn manifest_digests_are_hexadecimal_and_read_back() {
        let digest = Digest(blake3::hash(b"motion"));
        let json = serde_json::to_string(&digest).unwrap();
        assert_eq!(json, format!("\"{}\"", blake3::hash(b"motion").to_hex()));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), digest);
        assert!(serde_json::from_str::<Digest>("\"abc\"").is_err());
    }

    fn entry(source: &str) -> ManifestEntry {
        let document: serde_json::Value = serde_json::json!({
            "title": [], "council": [], "session": [], "date": null,
            "council_name": "Conseil de Paris", "kind": "Vœu", "number": "1",
            "plain_title": source, "authors": "", "status": "filed", "reference": null,
        });
        ManifestEntry {
            source: source.into(),
            base: ".".into(),
            status: crate::model::Status::Filed,
            reference: None,
            outputs: vec![OutputRecord {
                path: format!("{source}.pdf"),
                inputs: Digest(blake3::hash(source.as_bytes())),
                size: 3,
                hash: Digest(blake3::hash(b"pdf")),
                stamp: Some(FileStamp {
                    mtime: 1,
                    ctime: 2,
                    ino: 3,
                }),
            }],
            index: serde_json::from_str(&document.to_string()).unwrap(),
        }
    }

    /// The records of a manifest as JSON values (the index's text may be laid out
    /// otherwise).
    fn read(m: &Manifest) -> Vec<(String, serde_json::Value)> {
        m.motions
            .iter()
            .map(|(s, r)| {
                let entry = m.store.get(*r).unwrap();
                (s.clone(), serde_json::to_value(entry).unwrap())
            })
            .collect()
    }

    fn current(loaded: Loaded) -> Manifest {
        match loaded {
            Loaded::Current(manifest) => *manifest,
            other => panic!("not a current manifest: {other:?}"),
        }
    }

    #[test]
    fn a_saved_manifest_reads_back_line_by_line_or_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let mut manifest = Manifest::new("..".into(), Some((2, 3))).unwrap();
        for stem in ["b", "a\"\n:", "c/d"] {
            let record = manifest.store.push(&entry(stem)).unwrap();
            manifest.motions.insert(stem.into(), record);
        }
        manifest.save_as(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().count(),
            5,
            "a header, a line per motion, the end"
        );
        let back = current(Manifest::read_file(&path).unwrap());
        assert_eq!(read(&back), read(&manifest));
        assert_eq!((back.root.as_str(), back.shard), ("..", Some((2, 3))));
        // The same manifest pretty-printed by someone: read whole.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
        assert_eq!(
            read(&current(Manifest::read_file(&path).unwrap())),
            read(&manifest)
        );
        // Another version: its outputs only.
        std::fs::write(&path, text.replace("\"version\":3", "\"version\":2")).unwrap();
        match Manifest::read_file(&path).unwrap() {
            Loaded::Unusable { outputs, .. } => assert_eq!(outputs.len(), 3),
            other => panic!("{other:?}"),
        }
        // Cut short: unusable, nothing known.
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert!(matches!(
            Manifest::read_file(&path).unwrap(),
            Loaded::Unusable { .. }
        ));
        std::fs::write(&path, "").unwrap();
        assert!(matches!(
            Manifest::read_file(&path).unwrap(),
            Loaded::Unusable { .. }
        ));
        // Another tool's manifest.json.
        std::fs::write(&path, r#"{"name":"Mon site","start_url":"/"}"#).unwrap();
        assert!(matches!(
            Manifest::read_file(&path).unwrap(),
            Loaded::Foreign
        ));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            Manifest::read_file(&path).unwrap(),
            Loaded::Missing
        ));
    }

    #[test]
    fn a_journal_folds_its_records_and_reports_claims_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(JOURNAL);
        let journal = RecordStore::journal(&path).unwrap();
        journal.header("..").unwrap();
        journal.claim(&["a.pdf".into(), "a.html".into()]).unwrap();
        let record = journal.record("a", &entry("a")).unwrap();
        assert_eq!(journal.get(record).unwrap(), entry("a"));
        journal.claim(&["b.pdf".into()]).unwrap();
        drop(journal);
        // A torn last line, as a kill while writing leaves.
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.write_all(b"{\"stem\":\"c\",\"rec").unwrap();
        let mut manifest = Manifest::new(".".into(), None).unwrap();
        let folded = manifest.fold_journal(&path).unwrap();
        assert_eq!(folded.claimed, ["a.pdf", "a.html", "b.pdf"]);
        assert_eq!((folded.root.as_deref(), folded.records), (Some(".."), 1));
        assert_eq!(manifest.motions.len(), 1);
        assert_eq!(
            manifest.store.get(manifest.motions["a"]).unwrap(),
            entry("a")
        );
    }

    #[test]
    fn shard_manifest_names_read_back() {
        assert_eq!(parse_shard_manifest(&shard_manifest(2, 4)), Some((2, 4)));
        assert_eq!(parse_shard_manifest("manifest.json"), None);
        assert_eq!(parse_shard_manifest("manifest.shard-x-of-2.json"), None);
    }
}
