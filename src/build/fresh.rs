//! Whether an output file is what a fresh build would write: the digest of everything a
//! format's bytes depend on, and the file on disk compared with its record (its stamp
//! when it can be trusted, else its content hash). Deciding what to do with a stale
//! file is the build's.

use super::BuildOptions;
use crate::manifest::{Digest, FileStamp, OutputRecord};
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

    /// The digest of one motion's output in `format`, from the hash of its sources.
    pub(super) fn of(&self, format: Format, source_hash: &blake3::Hash) -> Digest {
        let base = self
            .bases
            .iter()
            .find(|(f, _)| *f == format)
            .map(|(_, base)| base)
            .expect("every format has a base");
        let mut hasher = blake3::Hasher::new();
        hasher.update(base.as_bytes());
        hasher.update(source_hash.as_bytes());
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
