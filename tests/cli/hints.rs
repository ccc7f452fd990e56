//! The first hour of an aide, through the CLI: what a real mistake gets as a message
//! (the messages themselves are in tests/fixtures/invalid/*.expected), what `fix` does of
//! a French date, and that a path with no motion does not pass for a clean check.

use super::harness::{motion, repo, temp, write};

#[test]
fn a_folder_without_motions_is_a_usage_error() {
    let tmp = temp();
    std::fs::create_dir(tmp.path().join("motoins")).unwrap();
    write(&tmp.path().join("motoins/notes.txt"), "à faire\n");
    for command in ["check", "build"] {
        let run = motion(tmp.path(), &[command, "motoins"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("aucun fichier de motion (.toml) sous motoins ; vérifiez le chemin"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!tmp.path().join("out").exists(), "nothing built");
}

#[test]
fn a_pdf_named_on_the_command_line_is_not_read_as_toml() {
    let tmp = temp();
    let pdf = repo().join("tests/fixtures/import/brouillon-libreoffice.pdf");
    std::fs::copy(&pdf, tmp.path().join("x.pdf")).unwrap();
    let run = motion(tmp.path(), &["check", "x.pdf"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("ce fichier n’est pas un texte TOML : c’est un PDF"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("motion import"), "{}", run.stdout);
}

#[test]
fn fix_writes_a_french_date_as_a_date() {
    let tmp = temp();
    let fixture = repo().join("tests/fixtures/invalid/M003-french-date.toml");
    let file = tmp.path().join("m.toml");
    std::fs::copy(&fixture, &file).unwrap();
    let run = motion(tmp.path(), &["fix", "m.toml", "--write"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("dates = [2026-12-08]"), "{text}");
    let run = motion(tmp.path(), &["check", "m.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}
