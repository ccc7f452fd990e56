//! Trustworthy builds: what a build reports as unchanged is exactly what a fresh build
//! would write. Each test damages an output folder the way a hurried user, a killed
//! process or a second build would, then checks that the next build ends with files
//! byte-identical to a fresh build's, and says what it did.

use super::harness::{VALID_VOEU, motion, seance_listing, temp, tree, write};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file an output folder holds for readers (outputs and index), by relative path.
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(out)
        .into_iter()
        .filter(|(name, _)| {
            // The records of what was written, with the files' stamps: this machine's.
            !name.starts_with("manifest.")
                && name != "cahiers.json"
                && name != "ledger.json"
                && name != "pagefind/motion.json"
                && name != ".motion.lock"
                && !name.ends_with(".tmp")
        })
        .collect()
}

/// Builds a copy of the sources `folder` (under `dir`) from scratch with `args`, and
/// checks that `out` holds exactly the same files, byte for byte.
fn assert_same_as_fresh(dir: &Path, folder: &str, out: &str, args: &[&str]) {
    let fresh = temp();
    copy_tree(&dir.join(folder), &fresh.path().join(folder));
    let mut all = vec!["build", folder, "--out", "out"];
    all.extend_from_slice(args);
    let run = motion(fresh.path(), &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (ours, theirs) = (outputs(&dir.join(out)), outputs(&fresh.path().join("out")));
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "the same files as a fresh build"
    );
    for (name, bytes) in &ours {
        assert!(bytes == &theirs[name], "{name} differs from a fresh build");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A few valid motions under `dir/folder`, numbered.
fn archive(dir: &Path, folder: &str, count: usize) {
    for i in 0..count {
        write(
            &dir.join(format!("{folder}/s{}/m{i:02}.toml", i % 2)),
            &VALID_VOEU
                .replace("fontaines à boire", &format!("fontaines à boire no {i}"))
                .replace("[session]", &format!("number = {}\n\n[session]", i + 1)),
        );
    }
}

/// The summary's counts for one format: (built, unchanged, failed).
fn counts(stderr: &str, label: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{label} : ")))
        .unwrap_or_else(|| panic!("no {label} line in {stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// Every link of a page in the folder `folder` leads to a file.
fn assert_no_dead_link(folder: &Path, page: &str) {
    for link in page.split("href=\"").skip(1) {
        let target = &link[..link.find('"').unwrap()];
        if !target.starts_with('#') && !target.contains(':') {
            assert!(folder.join(target).is_file(), "dead link {target}");
        }
    }
}

/// Every link of the index and of the séances' pages (which list the texts) leads to a
/// file.
fn assert_no_dead_link_in_archive(out: &Path) {
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_no_dead_link(out, &index);
    assert_no_dead_link(&out.join("seances"), &seance_listing(out));
}

/// How many formats a build writes (the registry's).
fn formats() -> usize {
    motion::render::Format::all().count()
}

/// Flips one byte in the middle of a file, keeping its size.
fn flip_a_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn same_size_damage_is_rebuilt_before_and_after_stamps_are_trusted() {
    let dir = temp();
    archive(dir.path(), "a", 3);
    assert_eq!(motion(dir.path(), &["build", "a"]).code, 0);
    // Right after the build (the files are checked by their hash).
    let page = dir.path().join("out/s0/m00.html");
    let text = std::fs::read_to_string(&page).unwrap();
    let damaged = text.replacen("fontaines", "fontainez", 1);
    assert_eq!(damaged.len(), text.len());
    std::fs::write(&page, damaged).unwrap();
    flip_a_byte(&dir.path().join("out/s1/m01.pdf"));
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(counts(&run.stderr, "HTML"), (1, 2, 0), "{}", run.stderr);
    assert_eq!(counts(&run.stderr, "PDF"), (1, 2, 0), "{}", run.stderr);
    assert_same_as_fresh(dir.path(), "a", "out", &[]);

    // Two seconds later the files' stamps are trusted (the next build records them),
    // and a same-size edit moves the stamp.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let run = motion(dir.path(), &["build", "a"]);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
    let manifest = std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap();
    // The outputs' stamps (the header has the program's).
    let (_, records) = manifest.split_once("\"motions\":").unwrap();
    assert_eq!(
        records.matches("\"stamp\":").count(),
        3 * formats(),
        "{manifest}"
    );
    flip_a_byte(&dir.path().join("out/s0/m02.docx"));
    std::fs::write(
        &page,
        std::fs::read_to_string(&page)
            .unwrap()
            .replacen("fontaines", "fontainez", 1),
    )
    .unwrap();
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(counts(&run.stderr, "DOCX"), (1, 2, 0), "{}", run.stderr);
    assert_eq!(counts(&run.stderr, "HTML"), (1, 2, 0), "{}", run.stderr);
    assert_same_as_fresh(dir.path(), "a", "out", &[]);
    // A file copied over by someone (new inode and times, same bytes) is not rebuilt.
    let pdf = dir.path().join("out/s0/m00.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    std::fs::write(&pdf, bytes).unwrap();
    let run = motion(dir.path(), &["build", "a"]);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
}

/// An archive of four motions built, `a/s1/m01.toml` edited, then `motion build a ARGS`
/// killed by the debug builds' hook at `kill` (`MOTION_TEST_KILL`). Returns the edited
/// file and its text before the edit.
#[cfg(debug_assertions)]
fn killed_after_an_edit(dir: &Path, args: &[&str], kill: &str) -> (std::path::PathBuf, String) {
    archive(dir, "a", 4);
    assert_eq!(motion(dir, &["build", "a"]).code, 0);
    let source = dir.join("a/s1/m01.toml");
    let original = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, original.replace("Claire DUVAL", "Claire DUVAN")).unwrap();
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["build", "a"])
        .args(args)
        .current_dir(dir)
        .env("MOTION_TEST_KILL", kill)
        .output()
        .unwrap();
    assert_eq!(killed.status.code(), None, "{kill}: killed by a signal");
    (source, original)
}

/// The debug builds' kill hook stops the build right after one motion's files are in
/// place, as a kill at that instant would; the edit is then reverted (a `git checkout`).
#[cfg(debug_assertions)]
#[test]
fn a_build_killed_after_writing_then_reverted_is_repaired() {
    for point in ["written", "recorded"] {
        let dir = temp();
        let (source, original) =
            killed_after_an_edit(dir.path(), &["--jobs", "1"], &format!("{point}:m01.toml"));
        let page = std::fs::read_to_string(dir.path().join("out/s1/m01.html")).unwrap();
        assert!(page.contains("Claire DUVAN"), "the edited text was written");
        std::fs::write(&source, &original).unwrap();
        let run = motion(dir.path(), &["build", "a"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            counts(&run.stderr, "HTML"),
            (1, 3, 0),
            "{point}: {}",
            run.stderr
        );
        assert_same_as_fresh(dir.path(), "a", "out", &[]);
        let run = motion(dir.path(), &["build", "a"]);
        assert!(
            run.stderr.contains("(0 construite, 4 inchangées)"),
            "{}",
            run.stderr
        );
    }
}

/// A new motion whose files were renamed into place just before the kill, without a
/// record: its files are the build's own (it claimed them), not foreign ones.
#[cfg(debug_assertions)]
#[test]
fn a_new_motion_killed_after_writing_is_not_taken_for_a_foreign_file() {
    let dir = temp();
    archive(dir.path(), "a", 2);
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["build", "a", "--jobs", "1"])
        .current_dir(dir.path())
        .env("MOTION_TEST_KILL", "written:m01.toml")
        .output()
        .unwrap();
    assert_eq!(killed.status.code(), None, "killed by a signal");
    assert!(dir.path().join("out/s1/m01.pdf").exists());
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_as_fresh(dir.path(), "a", "out", &[]);
}

#[test]
fn a_killed_build_is_resumed_not_redone() {
    let dir = temp();
    let total = 24;
    archive(dir.path(), "a", total);
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["build", "a", "--quiet"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the journal holds six finished motions.
    let journal = out.join("manifest.journal");
    let finished = || {
        std::fs::read_to_string(&journal)
            .map(|text| text.matches("{\"stem\":").count())
            .unwrap_or(0)
    };
    while finished() < 6 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = finished();
    assert!(
        (6..total).contains(&done),
        "killed mid-way ({done} of {total} finished)"
    );
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{done} motions qu’elle avait terminées ne sont pas refaites"
        )),
        "{}",
        run.stderr
    );
    let (built, unchanged, _) = counts(&run.stderr, "PDF");
    assert_eq!(built + unchanged, total);
    assert!(
        unchanged >= done,
        "{} redone: {}",
        total - unchanged,
        run.stderr
    );
    assert!(!journal.exists(), "folded into the manifest");
    assert_same_as_fresh(dir.path(), "a", "out", &[]);
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so() {
    use std::io::Read;
    let dir = temp();
    archive(dir.path(), "a", 2);
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    // The test holds the folder's lock, as a running build does.
    let lock = std::fs::File::create(dir.path().join("out/.motion.lock")).unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["build", "a"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains('\n') && stderr.read(&mut byte).unwrap() == 1 {
        seen.push(byte[0]);
    }
    let first = String::from_utf8_lossy(&seen).into_owned();
    assert_eq!(
        first,
        "motion : en attente de la construction en cours dans out…\n"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(child.try_wait().unwrap().is_none(), "still waiting");
    assert!(
        !dir.path().join("out/s0").exists(),
        "nothing written while waiting"
    );
    drop(lock);
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(rest.contains("2 construites"), "{rest}");
}

#[test]
fn two_builds_at_once_end_as_the_last_one_asked() {
    let dir = temp();
    archive(dir.path(), "a", 8);
    let spawn = |time: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_motion"))
            .args(["build", "a", "--build-time", time])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn("2026-01-01");
    let second = spawn("2027-06-01");
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("No such file"), "{stderr}");
    }
    // Whichever ran last, a build asking for one of the two times makes the folder what
    // a fresh build with that time writes, and then reports it unchanged.
    let run = motion(dir.path(), &["build", "a", "--build-time", "2027-06-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_same_as_fresh(dir.path(), "a", "out", &["--build-time", "2027-06-01"]);
    let run = motion(dir.path(), &["build", "a", "--build-time", "2027-06-01"]);
    assert!(
        run.stderr.contains("(0 construite, 8 inchangées)"),
        "{}",
        run.stderr
    );
    // The build time is not in the HTML pages: another time rebuilds PDF and DOCX only.
    let run = motion(dir.path(), &["build", "a", "--build-time", "2026-01-01"]);
    assert_eq!(counts(&run.stderr, "HTML"), (0, 8, 0), "{}", run.stderr);
    assert_eq!(counts(&run.stderr, "PDF"), (8, 0, 0), "{}", run.stderr);
}

#[test]
fn a_manifest_of_another_archive_is_set_aside() {
    let dir = temp();
    archive(dir.path(), "a", 3);
    // The output folder holds another archive's build (made elsewhere, then copied in),
    // whose motions have the same names as ours.
    let elsewhere = temp();
    archive(elsewhere.path(), "x", 4);
    assert_eq!(motion(elsewhere.path(), &["build", "x"]).code, 0);
    copy_tree(&elsewhere.path().join("out"), &dir.path().join("out"));
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("manifest.json est celui d’une autre archive (sources dans ")
            && run
                .stderr
                .contains(&format!("mis de côté ({} fichiers retirés)", 4 * formats())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(3 construites, 0 inchangée)"),
        "{}",
        run.stderr
    );
    assert_same_as_fresh(dir.path(), "a", "out", &[]);

    // Only its manifest copied over ours: our files, no longer in a record, are still
    // known as motion's by the mark each carries, and rebuilt in place.
    let dir = temp();
    write(&dir.path().join("b/autre.toml"), VALID_VOEU);
    assert_eq!(motion(dir.path(), &["build", "b"]).code, 0);
    std::fs::copy(
        elsewhere.path().join("out/manifest.json"),
        dir.path().join("out/manifest.json"),
    )
    .unwrap();
    let run = motion(dir.path(), &["build", "b"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("mis de côté"), "{}", run.stderr);
    assert_same_as_fresh(dir.path(), "b", "out", &[]);
}

/// A manifest deleted by hand (to force a rebuild): the outputs carry motion's mark,
/// they are rebuilt in place; a file without the mark is still refused.
#[test]
fn a_deleted_manifest_rebuilds_in_place() {
    let dir = temp();
    archive(dir.path(), "a", 2);
    assert_eq!(motion(dir.path(), &["build", "a"]).code, 0);
    std::fs::remove_file(dir.path().join("out/manifest.json")).unwrap();
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("(2 construites, 0 inchangée)"),
        "{}",
        run.stderr
    );
    assert_same_as_fresh(dir.path(), "a", "out", &[]);
    // A DOCX that Word saved over one of ours, manifest gone: not motion's.
    std::fs::remove_file(dir.path().join("out/manifest.json")).unwrap();
    std::fs::write(dir.path().join("out/s0/m00.docx"), b"PK\x03\x04 from Word").unwrap();
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("out/s0/m00.docx"), "{}", run.stderr);
}

/// A build of one format keeps the index true: a motion deleted since goes from it.
#[test]
fn a_build_of_one_format_keeps_the_index_true() {
    let dir = temp();
    archive(dir.path(), "a", 3);
    assert_eq!(motion(dir.path(), &["build", "a"]).code, 0);
    std::fs::remove_file(dir.path().join("a/s0/m02.toml")).unwrap();
    let run = motion(dir.path(), &["build", "a", "--format", "pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listing = seance_listing(&dir.path().join("out"));
    assert!(
        !listing.contains("m02"),
        "the deleted motion left the archive"
    );
    // The page of n° 1 still is what a build would write (its neighbour n° 2 is
    // there); that of n° 2 linked the deleted n° 3 as its next: stale, it went.
    assert!(
        listing.contains("href=\"../s0/m00.html\""),
        "the HTML of the others is still fresh"
    );
    assert!(!dir.path().join("out/s1/m01.html").exists());
    assert_no_dead_link_in_archive(&dir.path().join("out"));
}

/// A repository moved with its output folder (or a CI cache restored at another path)
/// keeps its records: nothing is rebuilt.
#[test]
fn a_moved_archive_keeps_its_records() {
    let dir = temp();
    archive(&dir.path().join("depot"), "a", 3);
    assert_eq!(motion(&dir.path().join("depot"), &["build", "a"]).code, 0);
    std::fs::rename(dir.path().join("depot"), dir.path().join("ailleurs")).unwrap();
    let run = motion(&dir.path().join("ailleurs"), &["build", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_renamed_archive_folder_leaves_no_dead_link() {
    let dir = temp();
    archive(dir.path(), "a", 4);
    assert_eq!(motion(dir.path(), &["build", "a"]).code, 0);
    std::fs::remove_file(dir.path().join("a/s1/m03.toml")).unwrap();
    std::fs::rename(dir.path().join("a"), dir.path().join("archive")).unwrap();
    let run = motion(dir.path(), &["build", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{} fichiers de motions supprimées ou déplacées retirés",
            formats()
        )),
        "{}",
        run.stderr
    );
    assert_same_as_fresh(dir.path(), "archive", "out", &[]);
    assert_no_dead_link_in_archive(&dir.path().join("out"));
}

#[test]
fn outputs_of_formats_not_asked_stay_while_fresh() {
    let dir = temp();
    archive(dir.path(), "a", 2);
    assert_eq!(motion(dir.path(), &["build", "a"]).code, 0);
    let run = motion(dir.path(), &["build", "a", "--format", "html"]);
    assert!(
        run.stderr.contains("(0 construite, 2 inchangées)"),
        "{}",
        run.stderr
    );
    let listing = seance_listing(&dir.path().join("out"));
    assert!(
        listing.contains("href=\"../s0/m00.pdf\""),
        "still linked: still fresh"
    );
    // The motion changes; only its HTML is rebuilt: its PDF and DOCX are stale, and go.
    let source = dir.path().join("a/s0/m00.toml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("Claire DUVAL", "Claire DUVAN")).unwrap();
    let run = motion(dir.path(), &["build", "a", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("out/s0/m00.pdf").exists());
    assert!(!dir.path().join("out/s0/m00.docx").exists());
    assert!(
        dir.path().join("out/s1/m01.pdf").exists(),
        "the other motion keeps its PDF"
    );
    let listing = seance_listing(&dir.path().join("out"));
    assert!(
        !listing.contains("href=\"../s0/m00.pdf\"") && listing.contains("href=\"../s1/m01.pdf\"")
    );
}

#[test]
fn archive_file_names_are_not_for_motions() {
    let dir = temp();
    write(&dir.path().join("a/index.toml"), VALID_VOEU);
    write(&dir.path().join("a/manifest.json/m.toml"), VALID_VOEU);
    write(&dir.path().join("a/index.html/m.toml"), VALID_VOEU);
    write(&dir.path().join("a/sub/index.toml"), VALID_VOEU);
    let run = motion(dir.path(), &["build", "a"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in [
        "a/index.toml",
        "a/manifest.json/m.toml",
        "a/index.html/m.toml",
    ] {
        assert!(
            run.stderr
                .contains(&format!("{file} : ses sorties prendraient la place de")),
            "{file}: {}",
            run.stderr
        );
    }
    assert!(
        dir.path().join("out/sub/index.html").is_file(),
        "a nested index.toml is fine"
    );
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(
        index.contains("Archive des vœux"),
        "the archive's own index"
    );
    let manifest = std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap();
    assert!(manifest.starts_with("{\"version\":3"));
}

#[test]
fn a_build_never_replaces_a_file_it_did_not_write() {
    let dir = temp();
    // Sources and outputs in one folder, with a report of the group's beside the motion.
    write(&dir.path().join("s/rapport.toml"), VALID_VOEU);
    write(&dir.path().join("s/rapport.docx"), "le rapport du groupe");
    let run = motion(dir.path(), &["build", "s", "--out", "s"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "la construction remplacerait un fichier que motion n’a pas écrit \
             (aucun registre de s ne le cite) : s/rapport.docx"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s/rapport.docx")).unwrap(),
        "le rapport du groupe"
    );
    assert!(
        !dir.path().join("s/rapport.pdf").exists(),
        "nothing written"
    );
    // Without the foreign file, the same folder builds; after that the files are its own.
    std::fs::remove_file(dir.path().join("s/rapport.docx")).unwrap();
    assert_eq!(motion(dir.path(), &["build", "s", "--out", "s"]).code, 0);
    assert_eq!(
        motion(dir.path(), &["build", "s", "--out", "s", "--force"]).code,
        0
    );

    // An index.html or a manifest.json of someone else's.
    for (name, text) in [
        ("index.html", "<p>le site du groupe</p>"),
        (
            "manifest.json",
            "{\"name\":\"Le site\",\"start_url\":\"/\"}",
        ),
    ] {
        let dir = temp();
        write(&dir.path().join("m.toml"), VALID_VOEU);
        write(&dir.path().join(format!("site/{name}")), text);
        let run = motion(dir.path(), &["build", "m.toml", "--out", "site"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("site/{name}")),
            "{}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(format!("site/{name}"))).unwrap(),
            text
        );
    }
}

#[test]
fn merge_refuses_anything_but_one_whole_archive() {
    let dir = temp();
    archive(dir.path(), "a", 6);
    let shard = |k: &str, out: &str| {
        let run = motion(
            dir.path(),
            &["build", "a", "--format", "html", "--shard", k, "--out", out],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let merge = |out: &str| motion(dir.path(), &["merge-manifests", out]);
    // An empty folder.
    std::fs::create_dir_all(dir.path().join("vide")).unwrap();
    let run = merge("vide");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("aucune part à réunir dans vide"),
        "{}",
        run.stderr
    );
    // Only one part of two.
    shard("1/2", "o1");
    let run = merge("o1");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("il manque la part 2/2"),
        "{}",
        run.stderr
    );
    assert!(
        !dir.path().join("o1/manifest.json").exists() && !dir.path().join("o1/index.html").exists()
    );
    // Parts of two cuts.
    shard("2/3", "o1");
    let run = merge("o1");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("parts de découpages différents (1/2, 2/3)"),
        "{}",
        run.stderr
    );
    // A whole cut, but the second part built from other sources (a motion more).
    shard("1/2", "o3");
    write(&dir.path().join("a/s9/en-plus.toml"), VALID_VOEU);
    shard("2/2", "o3");
    std::fs::remove_file(dir.path().join("a/s9/en-plus.toml")).unwrap();
    let run = merge("o3");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("ne viennent pas d’une même archive"),
        "{}",
        run.stderr
    );
    // A whole cut, but a file missing (an artifact not downloaded).
    shard("1/2", "o2");
    shard("2/2", "o2");
    let manifest =
        std::fs::read_to_string(dir.path().join("o2/manifest.shard-2-of-2.json")).unwrap();
    let missing = manifest
        .split("\"path\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let kept = std::fs::read(dir.path().join("o2").join(&missing)).unwrap();
    std::fs::remove_file(dir.path().join("o2").join(&missing)).unwrap();
    let run = merge("o2");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{missing} (part 2/2)")),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("o2").join(&missing), kept).unwrap();
    let run = merge("o2");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 parts réunies : 6 motions"),
        "{}",
        run.stderr
    );
    // Shard builds are incremental like whole ones, from the merged manifest.
    let run = motion(
        dir.path(),
        &[
            "build", "a", "--format", "html", "--shard", "1/2", "--out", "o2",
        ],
    );
    assert!(run.stderr.contains("(0 construite,"), "{}", run.stderr);
    let run = motion(
        dir.path(),
        &["build", "a", "--format", "html", "--out", "o2"],
    );
    assert!(
        run.stderr.contains("(0 construite, 6 inchangées)"),
        "{}",
        run.stderr
    );
}

/// Without a git repository to fix the root, the sources' root is the working folder:
/// building one file from a folder further down, or the whole from a folder above, is
/// the same archive, not another one (nothing is set aside, nothing rebuilt).
#[test]
fn builds_from_another_folder_of_the_same_tree_keep_the_records() {
    let dir = temp();
    archive(&dir.path().join("projet"), "a", 3);
    let projet = dir.path().join("projet");
    assert_eq!(motion(&projet, &["build", "a"]).code, 0);
    // The whole, from the folder of the motions, then from above the project.
    let run = motion(&projet.join("a"), &["build", ".", "--out", "../out"]);
    assert!(!run.stderr.contains("mis de côté"), "{}", run.stderr);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
    let run = motion(dir.path(), &["build", "projet/a", "--out", "projet/out"]);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
    let run = motion(&projet, &["build", "a"]);
    assert!(
        run.stderr.contains("(0 construite, 3 inchangées)"),
        "{}",
        run.stderr
    );
    assert_same_as_fresh(&projet, "a", "out", &[]);
    // One file named alone, from its own folder (its outputs go to out/m00.*): the
    // others stay.
    let run = motion(
        &projet.join("a/s0"),
        &["build", "m00.toml", "--out", "../../out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("mis de côté"), "{}", run.stderr);
    assert!(projet.join("out/s1/m01.pdf").is_file(), "the others stay");
    assert!(projet.join("out/m00.pdf").is_file());
}

/// A build killed while it makes each of the archive's products (the product's files
/// written, the ledger not yet), after a motion was edited: the next build, the edit
/// reverted or not, ends with the bytes of a fresh build.
#[cfg(debug_assertions)]
#[test]
fn a_build_killed_in_each_product_is_repaired() {
    for (product, revert) in [
        ("cahiers", true),
        ("site", true),
        ("site", false),
        ("recherche", true),
        ("index", true),
    ] {
        let dir = temp();
        let (source, original) =
            killed_after_an_edit(dir.path(), &[], &format!("product:{product}"));
        if revert {
            std::fs::write(&source, &original).unwrap();
        }
        let run = motion(dir.path(), &["build", "a"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_same_as_fresh(dir.path(), "a", "out", &[]);
    }
}
