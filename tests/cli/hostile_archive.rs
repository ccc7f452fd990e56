//! An output folder is not trusted data (it comes back from CI caches, shared drives,
//! artifacts): records that name files outside it, and folders of it replaced by
//! symbolic links to elsewhere, must never make a build remove or write a file there.
//! Each test names its vector; the victim is a file beside the output folder, with the
//! hash (or the mark) the record claims, so that only the path check can save it.

use crate::harness::{VALID_VOEU, motion, temp, write};
use std::path::Path;

/// A small archive in `dir/s`, built into `dir/out` (PDF, DOCX and HTML, its booklets,
/// site and search); returns the bytes of one of its HTML pages (a file that carries
/// motion's mark).
fn built_archive(dir: &Path) -> Vec<u8> {
    for (i, seance) in [(1, "2026-12-08"), (2, "2026-12-08"), (3, "2027-01-12")] {
        write(
            &dir.join(format!("s/m{i}.toml")),
            &VALID_VOEU
                .replace("fontaines à boire", &format!("fontaines à boire no {i}"))
                .replace(
                    "[session]",
                    &format!("number = {i}\ntags = [\"eau\"]\n\n[session]"),
                )
                .replace("2026-12-08, 2026-12-09", seance),
        );
    }
    let run = motion(dir, &["build", "s", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(dir.join("out/m1.html")).unwrap()
}

/// Plants `bytes` at `dir/name` (beside the output folder) and returns its path.
fn victim(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn assert_survives(victim: &Path, bytes: &[u8], stderr: &str) {
    assert_eq!(
        std::fs::read(victim).ok().as_deref(),
        Some(bytes),
        "{} was removed or changed:\n{stderr}",
        victim.display()
    );
}

#[test]
fn a_journal_claiming_paths_outside_removes_nothing_there() {
    let dir = temp();
    let page = built_archive(dir.path());
    // Files that carry motion's mark, outside the output folder: the claim of a killed
    // build would remove them if its paths were not checked.
    let relative = victim(dir.path(), "victim.html", &page);
    let absolute = victim(dir.path(), "absolute.html", &page);
    let journal = format!(
        "{{\"root\":{root:?}}}\n{{\"claim\":[\"../victim.html\",{absolute:?},\"x/../../victim.html\"]}}\n",
        root = std::fs::canonicalize(dir.path())
            .unwrap()
            .display()
            .to_string(),
        absolute = absolute.display().to_string(),
    );
    write(&dir.path().join("out/manifest.journal"), &journal);
    let run = motion(dir.path(), &["build", "s", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_survives(&relative, &page, &run.stderr);
    assert_survives(&absolute, &page, &run.stderr);
    assert!(
        run.stderr
            .contains("../victim.html (chemin refusé, lu dans manifest.journal"),
        "the refused path is named:\n{}",
        run.stderr
    );
}

#[test]
fn a_manifest_record_whose_source_is_gone_removes_nothing_outside() {
    let dir = temp();
    built_archive(dir.path());
    let text = b"the victim's own file\n";
    let plain = victim(dir.path(), "victim.txt", text);
    let page = victim(dir.path(), "victim.html", text);
    // Two records of motions whose source is gone, with the victims' exact hashes: one
    // under a stem that climbs out, one whose output is not its stem's.
    let manifest_path = dir.path().join("out/manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let (header, rest) = manifest.split_once('\n').unwrap();
    let first = rest.lines().next().unwrap().trim_end_matches(',');
    let (_, record) = first.split_once("\":").unwrap();
    let mut forged = Vec::new();
    for (stem, path) in [("../victim", "../victim.html"), ("ghost", "../victim.txt")] {
        let mut value: serde_json::Value = serde_json::from_str(record).unwrap();
        value["source"] = "s/gone.toml".into();
        value["outputs"] = serde_json::json!([{
            "path": path,
            "inputs": hash(b"x"),
            "size": text.len(),
            "hash": hash(text),
        }]);
        forged.push(format!("{stem:?}:{value}"));
    }
    std::fs::write(
        &manifest_path,
        format!("{header}\n{},\n{rest}", forged.join(",\n")),
    )
    .unwrap();
    let run = motion(dir.path(), &["build", "s", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_survives(&plain, text, &run.stderr);
    assert_survives(&page, text, &run.stderr);
    assert!(
        run.stderr
            .contains("../victim.txt (chemin refusé, lu dans manifest.json"),
        "{}",
        run.stderr
    );
    // The next build's manifest no longer holds them: nothing more is said.
    let again = motion(dir.path(), &["build", "s", "--out", "out"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stderr.contains("victim"), "{}", again.stderr);
}

#[test]
fn registries_naming_files_outside_remove_nothing_there() {
    // Each registry, where its files are listed and where the digest of their inputs is.
    for (registry, entry_of, inputs) in [
        ("cahiers.json", "/booklets", "/inputs"),
        (
            "pagefind/motion.json",
            "/bundles/2026/files",
            "/bundles/2026/inputs",
        ),
    ] {
        let dir = temp();
        built_archive(dir.path());
        let text = b"the victim's own file\n";
        let target = victim(dir.path(), "victim.txt", text);
        let absolute = victim(dir.path(), "absolute.txt", text);
        let path = dir.path().join("out").join(registry);
        let mut value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for name in ["../victim.txt".to_string(), absolute.display().to_string()] {
            value.pointer_mut(entry_of).unwrap()[&name] = serde_json::json!({
                "period": "2001-01",
                "council": "Conseil de Paris",
                "path": name,
                "inputs": hash(b"x"),
                "size": text.len(),
                "hash": hash(text),
            });
        }
        // The search is made again (its inputs changed), so that files no longer in the
        // bundle are removed.
        match value.pointer_mut(inputs) {
            Some(digest) => *digest = hash(b"other").into(),
            None => value["inputs"] = hash(b"other").into(),
        }
        std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
        let run = motion(dir.path(), &["build", "s", "--out", "out"]);
        assert_eq!(run.code, 0, "{registry}: {}", run.stderr);
        assert_survives(&target, text, &run.stderr);
        assert_survives(&absolute, text, &run.stderr);
        assert!(
            run.stderr
                .contains(&format!("../victim.txt (chemin refusé, lu dans {registry}")),
            "{registry}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_file_changed_since_it_was_written_is_left_and_named() {
    let dir = temp();
    built_archive(dir.path());
    // The aide annotated a PDF in the output folder, then the motion was deleted.
    std::fs::write(dir.path().join("out/m3.pdf"), "annoté à la main").unwrap();
    std::fs::remove_file(dir.path().join("s/m3.toml")).unwrap();
    let run = motion(dir.path(), &["build", "s", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/m3.pdf")).unwrap(),
        "annoté à la main"
    );
    assert!(
        run.stderr
            .contains("m3.pdf (son contenu n’est pas celui que motion a écrit"),
        "{}",
        run.stderr
    );
    // Its other outputs, unchanged, are gone.
    assert!(!dir.path().join("out/m3.html").exists());
    assert!(!dir.path().join("out/m3.docx").exists());
}

#[test]
fn folders_replaced_by_links_to_elsewhere_get_no_file() {
    for folder in [
        "pagefind",
        "seances",
        "etiquettes",
        "cahiers",
        "pagefind/2026/fragment",
    ] {
        let dir = temp();
        built_archive(dir.path());
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep.txt"), "mine").unwrap();
        let linked = dir.path().join("out").join(folder);
        std::fs::remove_dir_all(&linked).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
        // A new text in the first séance: its séance page, its booklet, the tag's page
        // and the search are all made again.
        write(
            &dir.path().join("s/m4.toml"),
            &VALID_VOEU
                .replace("fontaines à boire", "fontaines à boire no 4")
                .replace("[session]", "number = 4\ntags = [\"eau\"]\n\n[session]"),
        );
        let run = motion(dir.path(), &["build", "s", "--out", "out"]);
        let there: Vec<String> = std::fs::read_dir(&elsewhere)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            there,
            ["keep.txt"],
            "{folder}: written there:\n{}",
            run.stderr
        );
        assert_ne!(run.code, 0, "{folder}: the build says it could not write");
        assert!(
            run.stderr
                .contains("lien symbolique qui mène hors du dossier de sortie"),
            "{folder}: {}",
            run.stderr
        );
    }
}
