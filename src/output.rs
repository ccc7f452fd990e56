//! Writing files so that a crash or Ctrl-C never leaves one half-written: the bytes go to
//! a temporary file beside the destination, are flushed to disk, then the temporary file
//! is renamed over (or, for a new file, next to) the destination.

use std::io::Write;
use std::path::Path;

fn temporary_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
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
    Ok(())
}

/// Creates `path` with `bytes`; fails, writing nothing, when it already exists.
pub fn create_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    temporary_beside(path, bytes)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
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
    }
}
