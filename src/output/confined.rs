//! Paths that an output folder's own records name (manifest, journal, registries), kept
//! inside that folder: a recorded path is used only when it is plain (relative names, no
//! `..`, no root) and no folder on its way is a symbolic link; a recorded file is removed
//! only when it still holds what motion wrote; folders are created one at a time, never
//! through a link that leads out. An output folder comes back from CI caches, shared
//! drives and artifacts: its records are not trusted data. What each record holds is the
//! caller's; this file only says whether a path may be used.

use std::path::{Path, PathBuf};

/// Whether `relative` is a path an output folder's record may hold: `/`-separated plain
/// names, none empty, `.` or `..`, no root, no backslash (a name may hold any other
/// character a file name can: a motion file's name is the user's).
pub fn plain_relative(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.contains('\\')
        && !relative.contains('\0')
        && relative
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Why a recorded path is not used, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a plain relative path (`..`, absolute, empty part).
    NotPlain,
    /// A folder on the way is a symbolic link (the part named).
    Link(String),
    /// A part of the way is a file, not a folder.
    NotAFolder(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotPlain => write!(f, "chemin hors du dossier de sortie"),
            Refusal::Link(part) => write!(f, "« {part} » est un lien symbolique"),
            Refusal::NotAFolder(part) => write!(f, "« {part} » n’est pas un dossier"),
        }
    }
}

/// The file `relative` names under `out_dir`, when the path is plain and every folder on
/// its way that exists is a real folder (not a link). The file itself is not looked at.
pub fn confined(out_dir: &Path, relative: &str) -> Result<PathBuf, Refusal> {
    if !plain_relative(relative) {
        return Err(Refusal::NotPlain);
    }
    let mut path = out_dir.to_path_buf();
    let mut parts = relative.split('/').peekable();
    let mut walked = String::new();
    while let Some(part) = parts.next() {
        path.push(part);
        if parts.peek().is_none() {
            break;
        }
        if !walked.is_empty() {
            walked.push('/');
        }
        walked.push_str(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refusal::Link(walked)),
            Ok(meta) if !meta.is_dir() => return Err(Refusal::NotAFolder(walked)),
            Ok(_) => {}
            // Nothing further down exists: nothing there to follow.
            Err(_) => {
                path.extend(parts);
                break;
            }
        }
    }
    Ok(path)
}

/// What became of a recorded file the build meant to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// Nothing there (already gone).
    Absent,
    /// Left where it is, for this reason (French): named to the user.
    Left(String),
}

/// Removes the file `relative` names under `out_dir` when the path is confined (see
/// `confined`), the file is a plain file (a link is left: it is not what motion wrote)
/// and `owned` says its content is motion's (its recorded hash, or its mark).
pub fn remove_owned(out_dir: &Path, relative: &str, owned: impl FnOnce(&Path) -> bool) -> Removal {
    let path = match confined(out_dir, relative) {
        Ok(path) => path,
        Err(refusal) => return Removal::Left(refusal.to_string()),
    };
    match std::fs::symlink_metadata(&path) {
        Err(_) => Removal::Absent,
        Ok(meta) if meta.file_type().is_symlink() => {
            Removal::Left("c’est un lien symbolique, pas un fichier écrit par motion".into())
        }
        Ok(meta) if !meta.is_file() => Removal::Left("ce n’est pas un fichier".into()),
        Ok(_) if !owned(&path) => Removal::Left(
            "son contenu n’est pas celui que motion a écrit (modifié depuis ?)".into(),
        ),
        Ok(_) => match std::fs::remove_file(&path) {
            Ok(()) => Removal::Removed,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Removal::Absent,
            Err(error) => Removal::Left(super::io_reason(&error)),
        },
    }
}

/// Whether the file at `path` holds bytes whose blake3 hash is `hash`.
pub fn holds(path: &Path, hash: &blake3::Hash) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file).is_ok() && hasher.finalize() == *hash
}

/// Files left in place, each with why: what a build names instead of removing.
#[derive(Debug, Default)]
pub struct Left(std::sync::Mutex<Vec<String>>);

impl Left {
    /// Counts a removal: `true` when the file was removed; a file left is remembered.
    pub fn note(&self, relative: &str, removal: Removal) -> bool {
        match removal {
            Removal::Removed => true,
            Removal::Absent => false,
            Removal::Left(why) => {
                self.0
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(format!("{} ({why})", crate::diag::printable(relative)));
                false
            }
        }
    }

    /// The files left, sorted, each once.
    pub fn into_sorted(self) -> Vec<String> {
        let mut left = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        left.sort();
        left.dedup();
        left
    }
}

/// Creates the folders of `relative` (a folder, relative to `out_dir`) one at a time.
/// A link on the way is followed only when it leads inside the output folder (links
/// resolved); else nothing is created past it, and the error says which.
pub fn create_folders(out_dir: &Path, relative: &Path) -> std::io::Result<()> {
    let mut path = out_dir.to_path_buf();
    let mut real_out_dir = None;
    for component in relative.components() {
        let std::path::Component::Normal(part) = component else {
            return Err(std::io::Error::other(format!(
                "{} : {}",
                relative.display(),
                Refusal::NotPlain
            )));
        };
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::canonicalize(&path)?;
                if real_out_dir.is_none() {
                    real_out_dir = Some(std::fs::canonicalize(out_dir)?);
                }
                let inside = real_out_dir.as_ref().is_some_and(|r| target.starts_with(r));
                if !inside || !target.is_dir() {
                    return Err(std::io::Error::other(format!(
                        "{} est un lien symbolique qui mène hors du dossier de sortie ; \
                         rien n’y est écrit",
                        path.strip_prefix(out_dir).unwrap_or(&path).display()
                    )));
                }
            }
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(std::io::Error::other(format!(
                    "{} : {}",
                    path.strip_prefix(out_dir).unwrap_or(&path).display(),
                    "un fichier est à la place d’un dossier"
                )));
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&path) {
                    Ok(()) => {}
                    // Another thread made it meanwhile.
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(error) => return Err(error),
                }
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_used() {
        for good in [
            "a.pdf",
            "2026-12/p300.html",
            "pagefind/fragment/fr_1.pf_fragment",
            "a\nb.pdf",
        ] {
            assert!(plain_relative(good), "{good}");
        }
        for bad in [
            "",
            "../victim.txt",
            "/etc/passwd",
            "a/../../b",
            "a//b",
            "./a",
            "a/",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(!plain_relative(bad), "{bad:?}");
        }
    }

    #[test]
    fn removal_needs_a_confined_path_and_owned_content() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(out.join("real")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(dir.path().join("victim.txt"), "v").unwrap();
        std::fs::write(elsewhere.join("a.html"), "v").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        let yes = |_: &Path| true;
        assert!(matches!(
            remove_owned(&out, "../victim.txt", yes),
            Removal::Left(_)
        ));
        assert!(matches!(
            remove_owned(&out, "linked/a.html", yes),
            Removal::Left(_)
        ));
        assert!(dir.path().join("victim.txt").exists());
        assert!(elsewhere.join("a.html").exists());
        // A link as the file: left (removing it would be harmless, but it is not ours).
        std::os::unix::fs::symlink(dir.path().join("victim.txt"), out.join("real/v.pdf")).unwrap();
        assert!(matches!(
            remove_owned(&out, "real/v.pdf", yes),
            Removal::Left(_)
        ));
        std::fs::write(out.join("real/a.pdf"), "mine").unwrap();
        let hash = blake3::hash(b"mine");
        assert!(matches!(
            remove_owned(&out, "real/a.pdf", |p| holds(p, &blake3::hash(b"other"))),
            Removal::Left(_)
        ));
        assert_eq!(
            remove_owned(&out, "real/a.pdf", |p| holds(p, &hash)),
            Removal::Removed
        );
        assert_eq!(remove_owned(&out, "real/a.pdf", yes), Removal::Absent);
        assert_eq!(remove_owned(&out, "gone/a.pdf", yes), Removal::Absent);
    }

    #[test]
    fn folders_are_not_created_through_a_link_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(out.join("inner")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("seances")).unwrap();
        std::os::unix::fs::symlink(out.join("inner"), out.join("alias")).unwrap();
        assert!(create_folders(&out, Path::new("seances/a/b")).is_err());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        create_folders(&out, Path::new("alias/x")).unwrap();
        assert!(out.join("inner/x").is_dir());
        create_folders(&out, Path::new("new/deeper")).unwrap();
        assert!(out.join("new/deeper").is_dir());
    }
}
