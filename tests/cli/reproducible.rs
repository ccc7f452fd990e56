//! Reproducibility: the sample motions built twice, on one thread and on every core, into
//! two different output folders, give byte-identical files in every format, index and
//! manifest included.

use super::harness::{copy_into, is_archive_file, motion, repo, temp, tree};

#[test]
fn the_samples_build_to_the_same_bytes_on_one_thread_and_on_all() {
    let dir = temp();
    copy_into(&repo().join("motions"), dir.path());
    let one = motion(
        dir.path(),
        &["build", "motions", "--out", "sortie-un", "--jobs", "1"],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    let all = motion(dir.path(), &["build", "motions", "--out", "autre/sortie"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let (a, b) = (
        tree(&dir.path().join("sortie-un")),
        tree(&dir.path().join("autre/sortie")),
    );
    let samples = tree(&repo().join("motions"))
        .keys()
        .filter(|n| {
            n.ends_with(".toml") && !n.ends_with("defaults.toml") && !n.ends_with("tags.toml")
        })
        .count();
    let names: Vec<&String> = a.keys().collect();
    for ext in motion::render::Format::all().map(|f| format!(".{}", f.extension())) {
        assert_eq!(
            names
                .iter()
                .filter(|n| n.ends_with(ext.as_str()) && !is_archive_file(n))
                .count(),
            samples,
            "every sample in {ext}: {names:?}"
        );
    }
    assert!(a.contains_key("index.html") && a.contains_key("manifest.json"));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between the two builds");
    }
}
