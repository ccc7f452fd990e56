//! The record of a build, `out/manifest.json`: for each motion, its source, a hash of
//! everything its outputs depend on, each output's path, size and hash, its status and
//! reference, and what the archive index shows of it. While a build runs, the records wait
//! in a temporary file (`RecordStore`), not in memory: an archive of 10,000 motions holds
//! only their names and places. Writing files is `output`'s; deciding what to rebuild is
//! `build`'s.

use crate::output::write_streamed_if_changed;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The version of the manifest's format: a manifest of another version is ignored (and
/// everything rebuilt).
pub const MANIFEST_VERSION: u32 = 2;

/// The manifest file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// The manifest of shard `k` of `n`, merged later by `motion merge-manifests`.
pub fn shard_manifest(k: usize, n: usize) -> String {
    format!("manifest.shard-{k}-of-{n}.json")
}

/// One motion's record.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct ManifestEntry {
    /// The source file, as shown to the user.
    pub source: String,
    /// The folder the outputs mirror (absolute), so that a later build of that folder
    /// can tell a deleted motion from one it did not look at.
    pub base: String,
    /// The motion's status (`adopted`…) and official reference, for archive tools.
    pub status: crate::model::Status,
    pub reference: Option<String>,
    /// Hash of the sources, defaults, templates, tool version and formats.
    pub hash: Digest,
    pub outputs: Vec<OutputRecord>,
    /// What the archive index shows of the motion.
    pub index: crate::render::IndexRecord,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct OutputRecord {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub size: u64,
    pub hash: Digest,
}

/// A blake3 hash, written in hexadecimal in the manifest and kept as its 32 bytes in
/// memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest(pub blake3::Hash);

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.to_hex().as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        let text = String::deserialize(deserializer)?;
        blake3::Hash::from_hex(text.as_bytes())
            .map(Digest)
            .map_err(serde::de::Error::custom)
    }
}

/// Where a record lies in its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    at: u64,
    len: u32,
}

/// Records as compact JSON in an anonymous temporary file (gone when the process ends),
/// appended and read from any thread.
#[derive(Debug)]
pub struct RecordStore {
    file: std::fs::File,
    end: AtomicU64,
}

impl RecordStore {
    pub fn new() -> std::io::Result<RecordStore> {
        Ok(RecordStore {
            file: tempfile::tempfile()?,
            end: AtomicU64::new(0),
        })
    }

    /// Appends one record's JSON.
    pub fn push_json(&self, json: &[u8]) -> std::io::Result<Record> {
        let len = u32::try_from(json.len()).map_err(std::io::Error::other)?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        self.file.write_all_at(json, at)?;
        Ok(Record { at, len })
    }

    pub fn push(&self, entry: &ManifestEntry) -> std::io::Result<Record> {
        self.push_json(&serde_json::to_vec(entry).map_err(std::io::Error::other)?)
    }

    /// The JSON of a record.
    pub fn json(&self, record: Record) -> std::io::Result<Vec<u8>> {
        let mut json = vec![0; record.len as usize];
        self.file.read_exact_at(&mut json, record.at)?;
        Ok(json)
    }

    pub fn get(&self, record: Record) -> std::io::Result<ManifestEntry> {
        serde_json::from_slice(&self.json(record)?).map_err(std::io::Error::other)
    }
}

/// A manifest: the records, keyed by output stem (`2026-12/p300`) and sorted, waiting in
/// `store`.
#[derive(Debug)]
pub struct Manifest {
    pub version: u32,
    pub tool: String,
    pub motions: BTreeMap<String, Record>,
    pub store: Arc<RecordStore>,
}

/// The manifest file as a whole, for a file not written one motion per line.
#[derive(serde::Deserialize)]
struct WholeFile {
    version: u32,
    tool: String,
    motions: BTreeMap<String, ManifestEntry>,
}

/// The first line of a manifest file, without its `"motions":{`.
#[derive(serde::Deserialize)]
struct Header {
    version: u32,
    tool: String,
}

impl Manifest {
    /// An empty manifest of this version of the tool.
    pub fn new() -> std::io::Result<Manifest> {
        Ok(Manifest {
            version: MANIFEST_VERSION,
            tool: format!("motion {}", env!("CARGO_PKG_VERSION")),
            motions: BTreeMap::new(),
            store: Arc::new(RecordStore::new()?),
        })
    }

    /// Reads the manifest of an output folder; a missing or unreadable one is empty
    /// (everything is then rebuilt).
    pub fn load(out_dir: &Path) -> std::io::Result<Manifest> {
        Manifest::load_file(&out_dir.join(MANIFEST))
    }

    /// Reads one manifest file; a missing one, one of another version or one that does
    /// not parse is empty.
    pub fn load_file(path: &Path) -> std::io::Result<Manifest> {
        match Manifest::read_file(path)? {
            Some(manifest) => Ok(manifest),
            None => Manifest::new(),
        }
    }

    /// Reads one manifest file, a line at a time into the store; `None` when it is
    /// missing, of another version, or does not parse.
    pub fn read_file(path: &Path) -> std::io::Result<Option<Manifest>> {
        let mut manifest = Manifest::new()?;
        let Ok(file) = std::fs::File::open(path) else {
            return Ok(None);
        };
        match Manifest::read_lines(&mut manifest, std::io::BufReader::new(file)) {
            Some(version) if version == MANIFEST_VERSION => Ok(Some(manifest)),
            Some(_) => Ok(None),
            // Not one motion per line (edited by hand, say): read it whole.
            None => {
                let mut manifest = Manifest::new()?;
                let whole = std::fs::File::open(path).ok().and_then(|file| {
                    serde_json::from_reader::<_, WholeFile>(std::io::BufReader::new(file)).ok()
                });
                let Some(whole) = whole.filter(|w| w.version == MANIFEST_VERSION) else {
                    return Ok(None);
                };
                manifest.tool = whole.tool;
                for (stem, entry) in whole.motions {
                    let record = manifest.store.push(&entry)?;
                    manifest.motions.insert(stem, record);
                }
                Ok(Some(manifest))
            }
        }
    }

    /// Reads the line format `save_as` writes; `None` when the file is not in it.
    fn read_lines(manifest: &mut Manifest, reader: impl BufRead) -> Option<u32> {
        let mut lines = reader.lines();
        let header = lines.next()?.ok()?;
        let header = header.trim_end().strip_suffix(",\"motions\":{")?;
        let header: Header = serde_json::from_str(&format!("{header}}}")).ok()?;
        if header.version != MANIFEST_VERSION {
            return Some(header.version);
        }
        manifest.tool = header.tool;
        let mut closed = false;
        for line in lines {
            let line = line.ok()?;
            let line = line.trim_end();
            if line == "}}" {
                closed = true;
                break;
            }
            let line = line.strip_suffix(',').unwrap_or(line);
            // `"stem":{…}`: the stem, then the record.
            let mut stream = serde_json::Deserializer::from_str(line).into_iter::<String>();
            let stem = stream.next()?.ok()?;
            let rest = line[stream.byte_offset()..].strip_prefix(':')?;
            serde_json::from_str::<ManifestEntry>(rest).ok()?;
            let record = manifest.store.push_json(rest.as_bytes()).ok()?;
            manifest.motions.insert(stem, record);
        }
        closed.then_some(header.version)
    }

    /// Writes the manifest as compact JSON, one motion per line, streamed to the file:
    /// an archive of 10,000 motions makes a file of megabytes, read and written on every
    /// build.
    pub fn save_as(&self, path: &Path) -> std::io::Result<()> {
        write_streamed_if_changed(path, |json| {
            let tool = serde_json::to_string(&self.tool).map_err(std::io::Error::other)?;
            write!(
                json,
                "{{\"version\":{},\"tool\":{tool},\"motions\":{{",
                self.version
            )?;
            for (i, (stem, record)) in self.motions.iter().enumerate() {
                json.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *json, stem).map_err(std::io::Error::other)?;
                json.write_all(b":")?;
                json.write_all(&self.store.json(*record)?)?;
            }
            json.write_all(b"\n}}\n")
        })
    }

    pub fn save(&self, out_dir: &Path) -> std::io::Result<()> {
        self.save_as(&out_dir.join(MANIFEST))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "outputs": [],
        });
        ManifestEntry {
            source: source.into(),
            base: "/tmp".into(),
            status: crate::model::Status::Filed,
            reference: None,
            hash: Digest(blake3::hash(source.as_bytes())),
            outputs: vec![OutputRecord {
                path: format!("{source}.pdf"),
                size: 3,
                hash: Digest(blake3::hash(b"pdf")),
            }],
            index: serde_json::from_str(&document.to_string()).unwrap(),
        }
    }

    #[test]
    fn a_saved_manifest_reads_back_line_by_line_or_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let mut manifest = Manifest::new().unwrap();
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
        let back = Manifest::load_file(&path).unwrap();
        // Compared as JSON values: the index's text may be laid out otherwise.
        let read = |m: &Manifest| -> Vec<(String, serde_json::Value)> {
            m.motions
                .iter()
                .map(|(s, r)| {
                    let entry = m.store.get(*r).unwrap();
                    (s.clone(), serde_json::to_value(entry).unwrap())
                })
                .collect()
        };
        assert_eq!(read(&back), read(&manifest));
        // The same manifest pretty-printed by someone: read whole.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
        assert_eq!(read(&Manifest::load_file(&path).unwrap()), read(&manifest));
        // Another version, or garbage: empty.
        std::fs::write(&path, text.replace("\"version\":2", "\"version\":1")).unwrap();
        assert!(Manifest::load_file(&path).unwrap().motions.is_empty());
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert!(Manifest::load_file(&path).unwrap().motions.is_empty());
    }
}
