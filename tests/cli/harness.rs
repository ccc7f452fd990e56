//! A small harness: run the `motion` binary in a folder, copy fixtures around.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `motion ARGS` with `dir` as working folder, colours left to their default.
pub fn motion(dir: &Path, args: &[&str]) -> Run {
    motion_with_env(dir, args, &[])
}

/// Runs `motion ARGS` like [`motion`], with these environment variables set.
pub fn motion_with_env(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .envs(vars.iter().copied())
        .output()
        .expect("the motion binary runs");
    Run {
        code: output.status.code().expect("motion exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder, outside any git repository.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Copies a file or a folder tree into `dest` (which must exist), keeping its name.
pub fn copy_into(source: &Path, dest: &Path) {
    let target = dest.join(source.file_name().unwrap());
    if source.is_dir() {
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(source).unwrap() {
            copy_into(&entry.unwrap().path(), &target);
        }
    } else {
        std::fs::copy(source, &target).unwrap();
    }
}

/// Compares `actual` with the `.expected` file beside `fixture`; with `MOTION_BLESS` set,
/// rewrites that file instead. Returns what differs.
pub fn differs_from_expected(fixture: &Path, actual: &str) -> Option<String> {
    let expected_file = fixture.with_extension("expected");
    if std::env::var_os("MOTION_BLESS").is_some() {
        std::fs::write(&expected_file, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&expected_file)
        .unwrap_or_else(|_| panic!("{} is missing", expected_file.display()));
    (expected != actual).then(|| {
        format!(
            "{}\n--- expected\n{expected}--- actual\n{actual}",
            fixture.display()
        )
    })
}

/// Every file under `root`, by path relative to it (`/`-separated), with its bytes.
pub fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Writes a file, creating its folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A valid vœu to start from in tests.
pub const VALID_VOEU: &str = r#"title = "Vœu relatif aux fontaines à boire"
considerants = ["Considérant que les fontaines manquent l’été ;"]

[session]
dates = [2026-12-08, 2026-12-09]

[authors]
persons = ["Claire DUVAL"]
groups = ["Les Écologistes"]

[request]
items = ["Installe cent fontaines supplémentaires avant l’été 2027."]
"#;

/// Whether a file of an output folder is the archive's own (not one of a motion's
/// outputs): the index, the search page and its bundle, the feeds, the séances' and
/// tags' pages, the booklets, the records of what was written.
pub fn is_archive_file(relative: &str) -> bool {
    [
        "index.html",
        "recherche.html",
        "atom.xml",
        "manifest.json",
        "manifest.journal",
        "cahiers.json",
        "ledger.json",
        ".motion.lock",
    ]
    .contains(&relative)
        || ["cahiers/", "etiquettes/", "seances/", "pagefind/"]
            .iter()
            .any(|folder| relative.starts_with(folder))
}

/// Checks that a file of the search bundle (`pagefind/`) is whole: the compressed ones
/// decode (gzip checks their length and CRC), the others are UTF-8 text.
pub fn assert_whole_bundle_file(relative: &str, bytes: &[u8]) {
    use std::io::Read;
    if relative.ends_with(".js") || relative.ends_with(".css") || relative.ends_with(".json") {
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{relative}: {e}"));
        return;
    }
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut decoded)
        .unwrap_or_else(|e| panic!("{relative} is not whole: {e}"));
}

/// The séances' pages of an output folder, one after the other: where the archive lists
/// its texts (the index lists the séances).
pub fn seance_listing(out: &Path) -> String {
    let Ok(entries) = std::fs::read_dir(out.join("seances")) else {
        return String::new();
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// How many texts the séances' pages of an output folder list.
pub fn listed_texts(out: &Path) -> usize {
    seance_listing(out).matches("<a class=\"title\"").count()
}
