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

/// English words that must never reach an aide (clap's, the standard library's,
/// minijinja's, the system's).
const ENGLISH: &[&str] = &[
    "invalid",
    "error",
    "found",
    "expected",
    "denied",
    "usage",
    "the",
    "value",
    "digit",
    "unknown",
    "missing",
    "undefined",
    "string",
    "file",
    "directory",
    "such",
    "permission",
    "required",
    "provided",
    "unexpected",
    "possible",
    "values",
    "is",
    "not",
];

#[test]
fn usage_errors_speak_french() {
    let tmp = temp();
    std::fs::create_dir(tmp.path().join("vide")).unwrap();
    let cases: &[&[&str]] = &[
        &["build", "--jobs", "abc"],
        &["build", "--jobs", "0"],
        &["build", "--out"],
        &["check", "--format", "xml"],
        &["check", "--nope"],
        &["check", "absent"],
        &["check", "vide"],
        &["bulid"],
        &["help", "nope"],
        &["import"],
        &["import", "absent.txt"],
        &["explain", "M999"],
        &["new"],
        &["serve", "--port", "abc"],
        &["serve", "--port", "70000"],
        &["serve", "absent"],
        &["watch", "absent"],
    ];
    for args in cases {
        let run = motion(tmp.path(), args);
        assert_ne!(run.code, 0, "{args:?}");
        let said = format!("{}{}", run.stdout, run.stderr).to_lowercase();
        let english: Vec<&str> = said
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| ENGLISH.contains(w))
            .collect();
        assert!(english.is_empty(), "{args:?} says {english:?}:\n{said}");
    }
}

#[test]
fn help_names_each_command() {
    let tmp = temp();
    let run = motion(tmp.path(), &["help", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Utilisation : motion check"),
        "{}",
        run.stdout
    );
    let run = motion(tmp.path(), &["help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Commandes"), "{}", run.stdout);
}

#[test]
fn completions_and_manual() {
    let tmp = temp();
    for (shell, mark) in [
        ("bash", "complete -F _motion"),
        ("zsh", "#compdef motion"),
        ("fish", "complete -c motion"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = motion(tmp.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(mark), "{shell}: {}", run.stdout);
        for command in ["build", "check", "import", "fix"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let run = motion(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    let run = motion(tmp.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH MOTION 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(".SH NOM"));
    assert!(run.stdout.contains(".SH \"MOTION IMPORT\""));
    assert!(run.stdout.contains("Importe des textes existants"));
    assert!(!run.stdout.contains(".SH NAME"));
}

#[test]
fn verbose_says_each_step() {
    let tmp = temp();
    super::harness::copy_into(&repo().join("motions"), tmp.path());
    let run = motion(tmp.path(), &["build", "motions", "--format", "html", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for step in [
        "trouvés sous",
        "10 fichiers de motion et 4 fichiers defaults.toml",
        "vérification faite",
        "sorties regardées sur le disque : 0 à jour, 10 à écrire, pour 10 motions",
        "motions rendues et écrites",
        "manifeste écrit ; aucune sortie à retirer",
        "index de l’archive écrit",
    ] {
        assert!(run.stderr.contains(step), "{step}:\n{}", run.stderr);
    }
    // Again: everything is fresh.
    let run = motion(
        tmp.path(),
        &["build", "motions", "--format", "html", "--verbose"],
    );
    assert!(
        run.stderr.contains("10 à jour, 0 à écrire"),
        "{}",
        run.stderr
    );
    let run = motion(tmp.path(), &["check", "motions", "-v"]);
    assert!(run.stderr.contains("vérification faite"), "{}", run.stderr);
    // Without it, none of this.
    let run = motion(tmp.path(), &["check", "motions"]);
    assert!(!run.stderr.contains("trouvés sous"), "{}", run.stderr);
}
