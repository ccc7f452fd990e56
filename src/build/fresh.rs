//! Whether an output file is what a fresh build would write: the digest of everything a
//! format's bytes depend on, the file on disk compared with its record (its stamp when it
//! can be trusted, else its content hash), and the look at every output of a motion
//! before anything is written (`assess`), foreign files in the way included. Writing the
//! stale ones is `write`'s.

use super::{BuildOptions, records, relative_to};
use crate::batch::CheckedMotion;
use crate::manifest::{Digest, FileStamp, OutputRecord, Record};
use crate::render::{Assets, Depends, Format};
use std::path::Path;

/// What every output of one format depends on beyond its motion: the program, the
/// format's templates and fonts, and the options that change its bytes.
pub(super) struct Digests {
    bases: Vec<(Format, blake3::Hash)>,
}

impl Digests {
    pub(super) fn new(assets: &Assets, options: &BuildOptions) -> Digests {
        let bases = Format::all()
            .map(|format| {
                let mut hasher = blake3::Hasher::new();
                hasher.update(b"motion output 3\0");
                hasher.update(format.extension().as_bytes());
                hasher.update(assets.fingerprint(format).as_bytes());
                // Only the options this writer's bytes depend on: the build time is in
                // the PDF and DOCX properties, not in the pages.
                for depends in format.writer().depends {
                    let value = match depends {
                        Depends::BuildTime => format!("{:?}", options.build_time),
                        Depends::PdfStandards => format!("{:?}", options.pdf_standards),
                        // In the assets' fingerprint.
                        Depends::UserFonts => continue,
                    };
                    hasher.update(value.as_bytes());
                    hasher.update(b"|");
                }
                (format, hasher.finalize())
            })
            .collect();
        Digests { bases }
    }

    /// The digest of one motion's output in `format`, from the hash of its sources and,
    /// for its page, of its neighbours (see `neighbours`).
    pub(super) fn of(
        &self,
        format: Format,
        source_hash: &blake3::Hash,
        neighbours: &blake3::Hash,
    ) -> Digest {
        let base = self
            .bases
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, base)| base)
            .expect("every format has a base");
        let mut hasher = blake3::Hasher::new();
        hasher.update(base.as_bytes());
        hasher.update(source_hash.as_bytes());
        if format == Format::HTML {
            hasher.update(neighbours.as_bytes());
        }
        Digest(hasher.finalize())
    }
}

/// The format of an output path, by its extension.
pub(super) fn format_of(path: &str) -> Option<Format> {
    Format::by_name(path.rsplit_once('.')?.1)
}

/// The record of an output when the file at its path holds exactly the bytes recorded,
/// with its stamp brought up to date; `None` when the file is missing, is not a plain
/// file, or differs. The stamp answers without reading the file; when it moved (the
/// file was rewritten, copied, restored, or checked too soon after it was written), the
/// content hash decides.
pub(super) fn on_disk(out_dir: &Path, record: &OutputRecord) -> Option<OutputRecord> {
    let path = out_dir.join(&record.path);
    let metadata = std::fs::symlink_metadata(&path).ok()?;
    if !metadata.is_file() || metadata.len() != record.size {
        return None;
    }
    if record
        .stamp
        .is_some_and(|stamp| stamp == FileStamp::of(&metadata))
    {
        return Some(record.clone());
    }
    // The stamp is taken before the file is read: a write during the read moves it.
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_reader(std::fs::File::open(&path).ok()?)
        .ok()?;
    (Digest(hasher.finalize()) == record.hash).then(|| OutputRecord {
        stamp: FileStamp::trusted(&metadata),
        ..record.clone()
    })
}

/// Whether the file at `path` was written by `motion` as an output of `format`: the mark
/// each format carries (the HTML generator, the PDF's XMP creator tool, the DOCX's last
/// author, in its uncompressed core properties). An output folder whose manifest was
/// deleted by hand is then rebuilt in place; a `rapport.docx` saved by Word is not
/// taken for one of ours.
pub(super) fn written_by_motion(path: &Path, format: Format) -> bool {
    use std::io::Read;
    let mark = format.writer().mark;
    if mark.is_empty() {
        return false;
    }
    // Outputs are small; a large file in the way is not one of them.
    let mut bytes = Vec::new();
    let read =
        std::fs::File::open(path).and_then(|file| file.take(64 << 20).read_to_end(&mut bytes));
    read.is_ok() && bytes.windows(mark.len()).any(|window| window == mark)
}

/// A format asked of a motion, as its outputs on disk stand.
pub(super) struct Asked {
    pub(super) format: Format,
    /// What its output is made from this time.
    pub(super) digest: Digest,
    /// The output's record when the file on disk is what this build would write.
    pub(super) fresh: Option<OutputRecord>,
    /// The last build recorded an output of this format.
    pub(super) recorded: bool,
}

/// What the look at a motion's outputs on disk found, before anything is written.
pub(super) struct Assessment {
    /// Its record in the last build's store, if it had one.
    pub(super) old: Option<Record>,
    /// That record holds exactly what this build would record: it is copied as it is.
    pub(super) same: bool,
    pub(super) asked: Vec<Asked>,
    /// Outputs of formats not asked this time that are still fresh: they stay.
    pub(super) kept: Vec<OutputRecord>,
    /// Outputs of formats not asked this time that no longer match their motion.
    pub(super) stale: Vec<OutputRecord>,
    /// Existing files the build would replace that no record says are its own.
    pub(super) foreign: Vec<String>,
}

impl Assessment {
    pub(super) fn unchanged(&self) -> bool {
        self.asked.iter().all(|a| a.fresh.is_some())
    }
}

/// The files in the way that no record gives to the build (sorted), and whether the
/// build writes the index: a build of HTML does, and any other build that finds its own
/// index there keeps it true (outputs removed since must not stay linked).
pub(super) fn foreign_files(
    out_dir: &Path,
    records: &records::Records,
    assessments: &[Assessment],
    formats: &[Format],
    shard: Option<(usize, usize)>,
) -> (Vec<String>, bool) {
    let mut foreign: Vec<String> = assessments
        .iter()
        .flat_map(|a| a.foreign.iter().cloned())
        .collect();
    let index = out_dir.join(crate::render::INDEX_FILE);
    let index_is_ours =
        index.exists() && (records.index_is_ours || written_by_motion(&index, Format::HTML));
    let writes_index = shard.is_none() && (formats.contains(&Format::HTML) || index_is_ours);
    if writes_index && index.exists() && !index_is_ours {
        foreign.push(crate::render::INDEX_FILE.into());
    }
    foreign.sort();
    (foreign, writes_index)
}

/// Looks at a motion's outputs on disk against its last record.
pub(super) fn assess(
    records: &records::Records,
    digests: &Digests,
    formats: &[Format],
    options: &BuildOptions,
    checked: &CheckedMotion,
    stem: &str,
    neighbours: &blake3::Hash,
) -> Assessment {
    let root = records.root.as_path();
    let out_dir = options.out_dir;
    let old = records
        .previous
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(stem);
    let entry = old.and_then(|record| records.previous_store.outputs(record).ok());
    let (source, base) = (
        relative_to(root, &checked.input.path),
        relative_to(root, &checked.input.base),
    );
    let same_place = entry
        .as_ref()
        .is_some_and(|e| e.source == source && e.base == base);
    let outputs = entry.map(|e| e.outputs).unwrap_or_default();
    let recorded = |format: Format| outputs.iter().find(|o| format_of(&o.path) == Some(format));
    let mut assessment = Assessment {
        old,
        same: false,
        asked: Vec::new(),
        kept: Vec::new(),
        stale: Vec::new(),
        foreign: Vec::new(),
    };
    for &format in formats {
        let digest = digests.of(format, &checked.source_hash, neighbours);
        let previous = recorded(format);
        let fresh = previous
            .filter(|o| !options.force && o.inputs == digest)
            .and_then(|o| on_disk(out_dir, o));
        if previous.is_none() {
            let path = format!("{stem}.{}", format.extension());
            let full = out_dir.join(&path);
            if std::fs::symlink_metadata(&full).is_ok() && !written_by_motion(&full, format) {
                assessment.foreign.push(path);
            }
        }
        assessment.asked.push(Asked {
            format,
            digest,
            fresh,
            recorded: previous.is_some(),
        });
    }
    for output in &outputs {
        let Some(format) = format_of(&output.path) else {
            continue;
        };
        if formats.contains(&format) {
            continue;
        }
        let digest = digests.of(format, &checked.source_hash, neighbours);
        match on_disk(out_dir, output).filter(|o| o.inputs == digest) {
            Some(fresh) => assessment.kept.push(fresh),
            None => assessment.stale.push(output.clone()),
        }
    }
    // Nothing to change in the record (no stamp moved, nothing stale, same source): the
    // build copies it rather than writing it again.
    if same_place && assessment.unchanged() && assessment.stale.is_empty() {
        let mut now: Vec<&OutputRecord> = assessment
            .asked
            .iter()
            .filter_map(|a| a.fresh.as_ref())
            .chain(&assessment.kept)
            .collect();
        let mut before: Vec<&OutputRecord> = outputs.iter().collect();
        now.sort_by(|a, b| a.path.cmp(&b.path));
        before.sort_by(|a, b| a.path.cmp(&b.path));
        assessment.same = now == before;
    }
    assessment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, bytes: &[u8]) -> OutputRecord {
        OutputRecord {
            path: path.into(),
            inputs: Digest(blake3::hash(b"inputs")),
            size: bytes.len() as u64,
            hash: Digest(blake3::hash(bytes)),
            stamp: None,
        }
    }

    #[test]
    fn a_file_is_fresh_only_with_its_recorded_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), b"<p>Anne</p>").unwrap();
        let written = record("a.html", b"<p>Anne</p>");
        let fresh = on_disk(dir.path(), &written).expect("the same bytes");
        assert_eq!(
            fresh.stamp, None,
            "just written: its stamp is not trusted yet"
        );
        // Same size, other bytes.
        std::fs::write(dir.path().join("a.html"), b"<p>Anna</p>").unwrap();
        assert!(on_disk(dir.path(), &written).is_none());
        // A trusted stamp that no longer matches: the hash decides.
        let mut stamped = written.clone();
        stamped.stamp = Some(FileStamp {
            mtime: 1,
            ctime: 1,
            ino: 1,
        });
        assert!(on_disk(dir.path(), &stamped).is_none());
        std::fs::write(dir.path().join("a.html"), b"<p>Anne</p>").unwrap();
        assert!(on_disk(dir.path(), &stamped).is_some());
        // Missing, or a folder in its place.
        std::fs::remove_file(dir.path().join("a.html")).unwrap();
        assert!(on_disk(dir.path(), &written).is_none());
        std::fs::create_dir(dir.path().join("a.html")).unwrap();
        assert!(on_disk(dir.path(), &written).is_none());
    }

    #[test]
    fn a_stamp_is_trusted_once_the_file_is_old_enough() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"%PDF").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        file.set_modified(old).unwrap();
        // The change time is now: still too recent.
        let metadata = std::fs::metadata(&path).unwrap();
        assert_eq!(FileStamp::trusted(&metadata), None);
        assert_eq!(format_of("s/a.b.pdf"), Some(Format::PDF));
        assert_eq!(format_of("s/a"), None);
    }
}
