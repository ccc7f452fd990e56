//! `motion import` through the real CLI: every sample of motions/ built, then each of its
//! outputs (HTML, DOCX, PDF, and the PDF's text as plain lines) imported back gives the
//! same motion, field by field after the typography pass, and a file `check` accepts;
//! fixtures in the shapes of published texts (a web page with its chrome, a Word draft,
//! Latin-1 and mojibake texts, an old text with a vote line); the reference page; what is
//! never done (overwriting a file).

use super::harness::{copy_into, motion, repo, temp, write};
use std::path::{Path, PathBuf};

#[path = "../../benches/support/roundtrip.rs"]
mod roundtrip;

use roundtrip::{checked, round_trip};

#[test]
fn every_sample_comes_back_from_every_format() {
    let tmp = temp();
    copy_into(&repo().join("motions"), tmp.path());
    assert_eq!(round_trip(tmp.path()), 40, "10 samples, 4 formats");
}

#[path = "../../benches/support/synth.rs"]
#[allow(dead_code)]
mod synth;

#[test]
fn generated_motions_come_back_from_every_format() {
    // A subset here; `cargo bench --bench import` runs 1,000.
    let tmp = temp();
    let count: usize = std::env::var("MOTION_IMPORT_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("MOTION_IMPORT_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    synth::generate(&tmp.path().join("motions"), count, seed).unwrap();
    assert_eq!(
        round_trip(tmp.path()),
        count * 4,
        "{count} motions, 4 formats"
    );
}

/// What an import prints and writes: exit code, report, summary, and each file written.
fn import_outcome(dir: &Path, args: &[&str], out: &Path) -> String {
    let run = motion(dir, args);
    let mut actual = format!(
        "exit {}\n--- report\n{}--- summary\n{}",
        run.code, run.stdout, run.stderr
    );
    let mut written: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    written.sort();
    for path in written {
        actual.push_str(&format!(
            "--- {}\n{}",
            path.strip_prefix(dir).unwrap().display(),
            std::fs::read_to_string(&path).unwrap()
        ));
    }
    actual
}

#[test]
fn fixtures_import_as_expected() {
    let folder = repo().join("tests/fixtures/import");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 8, "{fixtures:?}");
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let tmp = temp();
        std::fs::create_dir(tmp.path().join("src")).unwrap();
        copy_into(fixture, &tmp.path().join("src"));
        let name = format!("src/{}", fixture.file_name().unwrap().to_string_lossy());
        let actual = import_outcome(
            tmp.path(),
            &["import", &name, "--out", "out"],
            &tmp.path().join("out"),
        );
        if let Some(diff) = super::harness::differs_from_expected(fixture, &actual) {
            failures.push(format!("{}:\n{diff}", fixture.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The published vœu of ../shared/reference (outside the repository: published texts
/// are not copied into it), when this checkout has it beside it.
#[test]
fn the_reference_page_imports_whole() {
    let reference = repo().join("../shared/reference/published-voeu-2023.txt");
    if !reference.exists() {
        eprintln!("{} absent : test non joué", reference.display());
        return;
    }
    let tmp = temp();
    copy_into(&reference, tmp.path());
    // The séance comes from the folder's defaults, as in a group's archive.
    write(
        &tmp.path().join("archive/defaults.toml"),
        "[session]\ndates = [2023-04-04, 2023-04-05, 2023-04-06, 2023-04-07]\n",
    );
    let run = motion(
        tmp.path(),
        &[
            "import",
            "published-voeu-2023.txt",
            "--out",
            "archive",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let back = checked(&tmp.path().join("archive"));
    assert_eq!(back.len(), 1);
    let motion = back.values().next().unwrap();
    assert_eq!(
        motion.title.to_plain_string(),
        "Vœu relatif à la vidéosurveillance algorithmique"
    );
    assert_eq!(motion.considerants.len(), 7);
    let motion::model::Operative::Voeu {
        addressee,
        requests,
    } = &motion.operative
    else {
        panic!("a vœu")
    };
    // The page shows three requests (bullets), not five.
    assert_eq!(requests.len(), 3);
    assert_eq!(
        addressee.as_ref().unwrap().to_plain_string(),
        "la Ville de Paris"
    );
    let persons: Vec<String> = motion
        .authors
        .persons
        .iter()
        .map(|p| p.name.to_plain_string().replace('\u{a0}', " "))
        .collect();
    assert_eq!(
        persons,
        [
            "Sylvain RAIFAUD",
            "Aminata NIAKATÉ",
            "Jérôme GLEIZES",
            "Fatoumata KONÉ"
        ]
    );
    assert_eq!(
        motion.authors.groups[0].to_plain_string(),
        "Les Écologistes"
    );
    assert_eq!(motion.tags, ["P300"]);
    // The site's chrome is left out, and said to be.
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let left_out = report["files"][0]["motions"][0]["left_out"]
        .as_array()
        .unwrap();
    assert!(
        left_out.iter().any(|l| l == "restez informé·E·s"),
        "{left_out:?}"
    );
    assert!(
        left_out.iter().any(|l| l == "Sans titre (1)"),
        "{left_out:?}"
    );
}

#[test]
fn import_never_writes_over_a_file() {
    let tmp = temp();
    let dir = tmp.path();
    copy_into(&repo().join("tests/fixtures/import/voeu-11e.txt"), dir);
    let name = "voeu-relatif-a-l-eclairage-du-square-maurice-gardette";
    // A file of that name is there already: it is kept, the import takes the next name.
    write(&dir.join(format!("{name}.toml")), "# à moi\n");
    let run = motion(dir, &["import", "voeu-11e.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap(),
        "# à moi\n"
    );
    let first = std::fs::read_to_string(dir.join(format!("{name}-2.toml"))).unwrap();
    // Again: a third file, the second untouched.
    let run = motion(dir, &["import", "voeu-11e.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join(format!("{name}-2.toml"))).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(format!("{name}-3.toml"))).unwrap(),
        first
    );
    // No temporary file left beside them.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn import_exit_codes() {
    let tmp = temp();
    let dir = tmp.path();
    // A path that does not exist, a folder without any source: usage errors.
    let run = motion(dir, &["import", "absent.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("absent.txt : chemin introuvable"),
        "{}",
        run.stderr
    );
    std::fs::create_dir(dir.join("vide")).unwrap();
    write(&dir.join("vide/notes.csv"), "a,b\n");
    let run = motion(dir, &["import", "vide"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("aucun fichier à importer"),
        "{}",
        run.stderr
    );
    // --out naming a file.
    write(&dir.join("fichier"), "x");
    copy_into(&repo().join("tests/fixtures/import/voeu-11e.txt"), dir);
    let run = motion(dir, &["import", "voeu-11e.txt", "--out", "fichier"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // A text that lacks its séance: written with « À COMPLÉTER », exit 1.
    copy_into(&repo().join("tests/fixtures/import/page-groupe.html"), dir);
    let run = motion(dir, &["import", "page-groupe.html", "--out", "a"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let check = motion(dir, &["check", "a"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("M105"), "{}", check.stdout);
    // A PDF or Word file that is not one: said, nothing written, exit 1, no panic.
    write(&dir.join("bad/faux.pdf"), "%PDF-1.7\nnot really a pdf");
    write(&dir.join("bad/faux.docx"), "PK\u{3}\u{4}not a zip");
    let run = motion(dir, &["import", "bad", "--out", "b"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("PDF illisible"), "{}", run.stdout);
    assert!(run.stdout.contains("document Word"), "{}", run.stdout);
    assert!(!run.stderr.contains("erreur interne"), "{}", run.stderr);
    assert!(!dir.join("b").exists() || std::fs::read_dir(dir.join("b")).unwrap().count() == 0);
    // Everything checks: exit 0.
    let run = motion(dir, &["import", "voeu-11e.txt", "--out", "c"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_readme_import_example_is_true() {
    let tmp = temp();
    let dir = tmp.path();
    copy_into(&repo().join("motions"), dir);
    for name in ["brouillon-word.docx", "page-groupe.html"] {
        copy_into(&repo().join("tests/fixtures/import").join(name), dir);
    }
    let command =
        "motion import brouillon-word.docx page-groupe.html --out motions/2026-12-conseil-de-paris";
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let run = motion(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let shown = format!("$ {command}\n{}{}", run.stdout, run.stderr);
    assert!(readme.contains(&shown), "README.md should show:\n{shown}");
}

#[test]
fn a_part_the_text_speaks_of_is_not_called_absent() {
    // The authors' line is there but names no one the import can read: the report quotes
    // it instead of saying the text has no authors; the séance is really absent.
    let tmp = temp();
    write(
        &tmp.path().join("v.txt"),
        "Vœu relatif aux fontaines à boire\n\nDéposé par : voir la liste en annexe\n\n\
         Considérant que les fontaines manquent l’été ;\n\n\
         Le Conseil de Paris émet le vœu que la Ville de Paris installe cent fontaines.\n",
    );
    let run = motion(tmp.path(), &["import", "v.txt", "--out", "m"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "les auteurs : non reconnu dans le texte, qui en parle (« Déposé par : voir la liste en annexe… »)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("la séance : absent du texte"),
        "{}",
        run.stdout
    );
}
