//! Files, safely: writes that a crash or Ctrl-C never leaves half-done (the bytes go to
//! a temporary file beside the destination, which is then renamed over, or next to, it;
//! no fsync: a rename is atomic for every reader and survives a killed process; after a
//! power cut the next build redoes what is missing), output paths that cannot leave the
//! output folder, the output folder's lock, and values spilled to an anonymous file.

mod confined;
mod stamp;

pub use stamp::{Digest, FileStamp};

pub use confined::{
    Left, Refusal, Removal, confined, create_folders, holds, plain_relative, remove_owned,
};

use std::io::Write;
use std::path::Path;

/// Temporary files are named `.motion-XXXXXX.tmp`, so that those left by a killed run can
/// be recognised and removed by the next.
const TEMPORARY_PREFIX: &str = ".motion-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Why a file operation failed, in French: never the system's English words
/// ("Permission denied (os error 13)"); an error without a French name gives its number.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable".into(),
        ErrorKind::PermissionDenied => "permission refusée".into(),
        ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule".into(),
        ErrorKind::StorageFull => "disque plein".into(),
        ErrorKind::FileTooLarge => "fichier trop gros pour ce disque ou cette limite".into(),
        ErrorKind::QuotaExceeded => "quota de disque dépassé".into(),
        ErrorKind::NotADirectory => "un élément du chemin est un fichier, pas un dossier".into(),
        ErrorKind::IsADirectory => "c’est un dossier, pas un fichier".into(),
        ErrorKind::AlreadyExists => "le fichier existe déjà".into(),
        ErrorKind::DirectoryNotEmpty => "le dossier n’est pas vide".into(),
        ErrorKind::InvalidFilename => "nom de fichier invalide ou trop long".into(),
        ErrorKind::InvalidData => "contenu illisible".into(),
        ErrorKind::UnexpectedEof => "fichier tronqué".into(),
        ErrorKind::TimedOut => "délai dépassé".into(),
        ErrorKind::Interrupted => "opération interrompue".into(),
        ErrorKind::CrossesDevices => "déplacement impossible d’un disque à un autre".into(),
        ErrorKind::ResourceBusy => "fichier ou périphérique occupé".into(),
        ErrorKind::TooManyLinks => "trop de liens".into(),
        ErrorKind::OutOfMemory => "mémoire insuffisante".into(),
        // An error the tool made itself carries its French message.
        _ if error.get_ref().is_some() => error.to_string(),
        _ => match error.raw_os_error() {
            Some(code) => format!("erreur du système (code {code})"),
            None => "erreur d’entrée-sortie".into(),
        },
    }
}

/// The lock file of an output folder: one build (or merge) at a time writes there.
pub const LOCK_FILE: &str = ".motion.lock";

/// An advisory lock on an output folder, held while a build or a merge runs and
/// released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct OutputLock {
    file: std::fs::File,
}

/// What the lock file holds once a run ended: a run that finds anything else (a run
/// killed, or the first) looks for the temporary files it left.
const RUN_ENDED: &[u8] = b"fin\n";

impl OutputLock {
    /// Takes the lock of `out_dir` (which exists); when another process holds it, calls
    /// `on_wait` once and waits for it. The temporary files of a run killed there are
    /// removed before it returns (under the lock: another run's are its work).
    pub fn acquire(out_dir: &Path, on_wait: &dyn Fn()) -> std::io::Result<OutputLock> {
        use std::io::{Read, Seek};
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(out_dir.join(LOCK_FILE))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
        let mut said = Vec::new();
        (&mut file).take(16).read_to_end(&mut said)?;
        // Walking the folder costs as much as the rest of a build with nothing to do:
        // only after a run that did not end.
        if said != RUN_ENDED {
            remove_leftovers(out_dir);
        }
        file.set_len(0)?;
        file.rewind()?;
        Ok(OutputLock { file })
    }

    /// Says the run ended (its temporary files gone) and releases the lock.
    pub fn ended(self) {
        use std::io::Write;
        let _ = (&self.file).write_all(RUN_ENDED);
    }
}

/// Removes the temporary files a killed run may have left under `dir`. Returns how many.
/// Only under the folder's lock: another build's temporary files are its work in progress.
pub fn remove_leftovers(dir: &Path) -> usize {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && name.starts_with(TEMPORARY_PREFIX)
            && name.ends_with(TEMPORARY_SUFFIX)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

fn temporary_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // Outputs are meant to be read by others (a web server, colleagues): rw-r--r--, not
    // the owner-only mode of temporary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temporary = builder.tempfile_in(folder)?;
    let (first, second) = bytes.split_at(bytes.len() / 2);
    temporary.write_all(first)?;
    crate::faults::kill_at_count("write");
    temporary.write_all(second)?;
    // No fsync: the rename is atomic for every reader and survives a killed process;
    // only a power cut could lose the last files, which the next build redoes.
    Ok(temporary)
}

/// Replaces (or creates) `path` with `bytes`, keeping the permissions of the file replaced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_beside(path, bytes)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(metadata.permissions())?;
    }
    temporary.persist(path).map_err(|e| e.error)?;
    crate::faults::kill_at_count("rename");
    Ok(())
}

/// Creates `path` with `bytes`; fails, writing nothing, when it already exists.
pub fn create_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    temporary_beside(path, bytes)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// Where a motion's outputs go, relative to the output folder: its path relative to the
/// folder it was found in, without extension (`2026-12/p300`). `None` when that path has
/// anything but plain names (it would point outside the output folder).
pub fn output_stem(source: &Path, base: &Path) -> Option<std::path::PathBuf> {
    let relative = source.strip_prefix(base).ok()?;
    let plain = relative
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    (plain && relative.file_name().is_some()).then(|| relative.with_extension(""))
}

/// Checks that `path` (whose folder exists) lies inside `root`, symbolic links resolved:
/// a link planted in the output folder must not send a file elsewhere. `root` is
/// already canonical (`std::fs::canonicalize`): a build resolves it once, not for every
/// file.
pub fn inside(root: &Path, path: &Path) -> std::io::Result<bool> {
    let folder = std::fs::canonicalize(path.parent().unwrap_or(Path::new(".")))?;
    if !folder.starts_with(root) {
        return Ok(false);
    }
    // The file itself may be a link to elsewhere: replace it rather than follow it.
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::remove_file(path)?;
            Ok(true)
        }
        _ => Ok(true),
    }
}

/// Values set aside as compact JSON, appended and read back from any thread: in memory
/// up to `Spill::MEMORY` bytes, then in an anonymous temporary file (gone when the
/// process ends). What a run holds for many thousands of motions waits on disk, not in
/// memory; a small run writes nothing.
#[derive(Debug)]
pub struct Spill {
    place: std::sync::RwLock<Place>,
    /// The end of the file once on disk: threads append at once, without a lock.
    end: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
enum Place {
    Memory(Vec<u8>),
    Disk(std::fs::File),
}

/// Where a value lies in its spill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spilled {
    at: u64,
    len: usize,
}

impl Spill {
    /// How much is held in memory before the rest goes to disk.
    pub const MEMORY: usize = 4 << 20;

    pub fn new() -> Spill {
        Spill {
            place: std::sync::RwLock::new(Place::Memory(Vec::new())),
            end: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Sets a value aside.
    pub fn push<T: serde::Serialize>(&self, value: &T) -> std::io::Result<Spilled> {
        use std::os::unix::fs::FileExt;
        use std::sync::atomic::Ordering;
        let json = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        let len = json.len();
        {
            // On disk: each thread writes at its own offset, side by side.
            let place = self.place.read().unwrap_or_else(|e| e.into_inner());
            if let Place::Disk(file) = &*place {
                let at = self.end.fetch_add(len as u64, Ordering::Relaxed);
                file.write_all_at(&json, at)?;
                return Ok(Spilled { at, len });
            }
        }
        let mut place = self.place.write().unwrap_or_else(|e| e.into_inner());
        if let Place::Memory(bytes) = &mut *place {
            if bytes.len() + len <= Spill::MEMORY {
                bytes.extend_from_slice(&json);
                return Ok(Spilled {
                    at: (bytes.len() - len) as u64,
                    len,
                });
            }
            // Past what memory holds: everything goes to an anonymous file.
            let file = tempfile::tempfile()?;
            file.write_all_at(bytes, 0)?;
            self.end.store(bytes.len() as u64, Ordering::Relaxed);
            *place = Place::Disk(file);
        }
        let Place::Disk(file) = &*place else {
            unreachable!("on disk by now");
        };
        let at = self.end.fetch_add(len as u64, Ordering::Relaxed);
        file.write_all_at(&json, at)?;
        Ok(Spilled { at, len })
    }

    /// A value set aside.
    pub fn get<T: serde::de::DeserializeOwned>(&self, spilled: Spilled) -> std::io::Result<T> {
        use std::os::unix::fs::FileExt;
        let place = self.place.read().unwrap_or_else(|e| e.into_inner());
        let json = match &*place {
            Place::Memory(bytes) => {
                let at = spilled.at as usize;
                bytes
                    .get(at..at + spilled.len)
                    .ok_or_else(|| std::io::Error::other("valeur hors du fichier de côté"))?
                    .to_vec()
            }
            Place::Disk(file) => {
                let mut json = vec![0; spilled.len];
                file.read_exact_at(&mut json, spilled.at)?;
                json
            }
        };
        serde_json::from_slice(&json).map_err(std::io::Error::other)
    }
}

impl Default for Spill {
    fn default() -> Spill {
        Spill::new()
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: blake3::Hasher,
    written: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The blake3 hash of a file, read in pieces.
fn file_hash(path: &Path) -> std::io::Result<blake3::Hash> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize())
}

/// Writes a large file as `fill` produces it, atomically, unless the file already holds
/// exactly those bytes (its date then stays). Nothing is held in memory: the bytes go to
/// a temporary file beside `path`, hashed on the way, compared with the old file by hash.
/// When `fill` fails, the temporary file is removed and `path` is untouched. Returns the
/// size and hash of the bytes the file holds.
pub fn write_streamed_if_changed<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(u64, blake3::Hash), E> {
    let temporary = temporary_beside(path, b"")?;
    let mut writer = Hashing {
        inner: std::io::BufWriter::new(temporary.as_file()),
        hasher: blake3::Hasher::new(),
        written: 0,
    };
    fill(&mut writer)?;
    writer.flush()?;
    let (written, hash) = (writer.written, writer.hasher.finalize());
    drop(writer);
    let same = std::fs::metadata(path).is_ok_and(|m| m.len() == written)
        && file_hash(path).is_ok_and(|old| old == hash);
    if same {
        return Ok((written, hash));
    }
    if let Ok(metadata) = std::fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(metadata.permissions())?;
    }
    temporary
        .persist(path)
        .map_err(|e| E::from(e.error))
        .map(|_| (written, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_create_never_clobbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.toml");
        create_atomically(&path, b"one").unwrap();
        assert!(create_atomically(&path, b"two").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomically(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::write(dir.path().join(".motion-abc123.tmp"), "half").unwrap();
        std::fs::write(dir.path().join("mine.tmp"), "kept").unwrap();
        assert_eq!(remove_leftovers(dir.path()), 1);
        assert!(dir.path().join("mine.tmp").exists());
    }

    #[test]
    fn spilled_values_read_back_from_any_thread() {
        let spill = Spill::new();
        let places: Vec<(usize, Spilled)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let spill = &spill;
                    scope.spawn(move || (i, spill.push(&vec![i; i]).unwrap()))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (i, place) in places {
            assert_eq!(spill.get::<Vec<usize>>(place).unwrap(), vec![i; i]);
        }
        // Past what memory holds, on disk, and the first values still read back.
        let big = "x".repeat(Spill::MEMORY / 2);
        let first = spill.push(&big).unwrap();
        let second = spill.push(&big).unwrap();
        assert!(matches!(*spill.place.read().unwrap(), Place::Disk { .. }));
        assert_eq!(spill.get::<String>(first).unwrap(), big);
        assert_eq!(spill.get::<String>(second).unwrap(), big);
    }

    #[test]
    fn a_run_that_did_not_end_has_its_temporary_files_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join("2026-12").join(".motion-abc123.tmp");
        std::fs::create_dir_all(leftover.parent().unwrap()).unwrap();
        std::fs::write(&leftover, "half").unwrap();
        // The first run in a folder looks.
        let lock = OutputLock::acquire(dir.path(), &|| {}).unwrap();
        assert!(!leftover.exists());
        lock.ended();
        assert_eq!(
            std::fs::read(dir.path().join(LOCK_FILE)).unwrap(),
            RUN_ENDED
        );
        // A run killed (its lock dropped without `ended`): the next one looks again.
        let killed = OutputLock::acquire(dir.path(), &|| {}).unwrap();
        std::fs::write(&leftover, "half").unwrap();
        drop(killed);
        assert!(
            std::fs::read(dir.path().join(LOCK_FILE))
                .unwrap()
                .is_empty()
        );
        let next = OutputLock::acquire(dir.path(), &|| {}).unwrap();
        assert!(!leftover.exists());
        next.ended();
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path(), &|| panic!("free")).unwrap();
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                OutputLock::acquire(dir.path(), &|| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .unwrap()
            });
            while !waited.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(first);
            second.join().unwrap();
        });
    }

    #[test]
    fn streamed_writes_keep_an_identical_file_and_drop_a_failed_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.html");
        let fill = |text: &'static str| move |out: &mut dyn Write| out.write_all(text.as_bytes());
        let (size, hash) = write_streamed_if_changed(&path, fill("one")).unwrap();
        assert_eq!((size, hash), (3, blake3::hash(b"one")));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        // The same bytes: the file is not replaced (its inode stays).
        use std::os::unix::fs::MetadataExt;
        let inode = std::fs::metadata(&path).unwrap().ino();
        write_streamed_if_changed(&path, fill("one")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
        write_streamed_if_changed(&path, fill("two!")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two!");
        // A failure half-way leaves the old file whole and no temporary file.
        let failed = write_streamed_if_changed(&path, |out: &mut dyn Write| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("template error"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"two!");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
