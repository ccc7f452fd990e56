//! `motion check` as aides and CI use it: the samples, output formats, exit codes, folder
//! defaults, and every problem of every file in one run.

use super::harness::{VALID_VOEU, copy_into, motion, motion_with_env, repo, temp, write};

#[test]
fn the_samples_are_clean() {
    let run = motion(&repo(), &["check", "motions", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("10 motions et 4 fichiers defaults.toml vérifiés : aucun problème."),
        "{}",
        run.stderr
    );
}

#[test]
fn every_problem_of_every_file_is_reported_in_one_run() {
    let dir = temp();
    write(
        &dir.path().join("a.toml"),
        &VALID_VOEU.replace("title", "titel"),
    );
    write(
        &dir.path().join("sub/b.toml"),
        &VALID_VOEU
            .replace("2026-12-09", "2026-12-07")
            .replace("Claire DUVAL", "Claire Duval"),
    );
    write(&dir.path().join("sub/c.toml"), "title = \n");
    let run = motion(dir.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("a.toml:1:1: erreur[M101]"));
    assert!(lines[1].starts_with("sub/b.toml:5:22: erreur[M306]"));
    assert!(lines[2].starts_with("sub/b.toml:8:12: avertissement[M406]"));
    assert!(lines[3].starts_with("sub/c.toml:1:9: erreur[M003]: valeur manquante"));
    assert!(
        run.stderr
            .contains("3 motions vérifiées : 3 erreurs (dans 3 fichiers) et 1 avertissement."),
        "{}",
        run.stderr
    );
}

#[test]
fn columns_count_characters() {
    let dir = temp();
    // "Considérant" and "l’été" hold multi-byte characters before the faulty value.
    let text = VALID_VOEU.replace(
        "considerants = [",
        "considerants = [\"Considérant l’été ;\", 3, ",
    );
    write(&dir.path().join("m.toml"), &text);
    let run = motion(dir.path(), &["check", "--format", "json", "m.toml"]);
    let line: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(line["code"], "M102");
    assert_eq!(line["line"], 2);
    assert_eq!(line["column"], 40);
    assert_eq!(line["end_column"], 41);
}

#[test]
fn json_lines_have_the_documented_fields() {
    let dir = temp();
    write(
        &dir.path().join("m.toml"),
        &VALID_VOEU.replace("[request]", "commission = 12\n[request]"),
    );
    let run = motion(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
            "label",
            "help",
            "fix"
        ]
    );
    assert_eq!(value["file"], "m.toml");
    assert_eq!(value["severity"], "error");
    assert_eq!(value["code"], "M101");
    assert_eq!(value["fix"], serde_json::Value::Null);
    assert_eq!(
        value["help"],
        "en TOML, une clé écrite après l’en-tête [authors] appartient à cette table : placez `commission` avant le premier en-tête […]"
    );
}

#[test]
fn github_annotations_escape_their_fields() {
    let dir = temp();
    write(
        &dir.path().join("m,1.toml"),
        &VALID_VOEU.replace("Claire DUVAL", "Claire Duval"),
    );
    let run = motion(dir.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 0, "a warning alone does not fail");
    assert_eq!(
        run.stdout.trim(),
        "::warning file=m%2C1.toml,line=8,col=12,endLine=8,endColumn=26,\
         title=M406 nom d’auteur sans nom de famille en capitales::\
         « Claire Duval » : le nom de famille s’imprime en capitales%0Aaide : écrivez « Claire DUVAL »"
    );
    let denied = motion(
        dir.path(),
        &["check", "--format", "github", "--deny-warnings"],
    );
    assert_eq!(denied.code, 1);
    assert!(
        denied
            .stderr
            .contains("1 avertissement refusé par --deny-warnings"),
        "{}",
        denied.stderr
    );
}

#[test]
fn human_output_underlines_the_span_and_colours_only_on_request() {
    let dir = temp();
    write(
        &dir.path().join("m.toml"),
        &VALID_VOEU.replace("[request]", "[requets]"),
    );
    let run = motion(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    let expected = "\
erreur[M101]: clé inconnue `requets`
  --> m.toml:11:2
   |
11 | [requets]
   |  ^^^^^^^ clé inconnue
   |
   = aide : vouliez-vous dire `request` ?
";
    assert!(run.stdout.starts_with(expected), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    let coloured = motion(dir.path(), &["check", "--color", "always"]);
    assert!(coloured.stdout.contains('\u{1b}'));
}

#[test]
fn a_problem_in_a_defaults_file_is_shown_once_at_its_place() {
    let dir = temp();
    copy_into(
        &repo().join("tests/fixtures/invalid/M304-inherited-from-defaults"),
        dir.path(),
    );
    let run = motion(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "M304-inherited-from-defaults/seance",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "M304-inherited-from-defaults/defaults.toml:2:14: erreur[M304]: la commission 12 n’existe pas : \
         le Conseil de Paris en compte 8 (aide : écrivez un nombre de 1 à 8 (commission = 4 pour la 4e Commission))\n"
    );
    // Checked alone, a motion still gets its folder's defaults (and their problem).
    let alone = motion(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "M304-inherited-from-defaults/seance/bancs.toml",
        ],
    );
    assert_eq!(alone.stdout, run.stdout);
}

#[test]
fn defaults_apply_from_farthest_to_nearest_and_the_motion_wins() {
    let dir = temp();
    write(
        &dir.path().join("defaults.toml"),
        "commission = 3\n[session]\ncouncil = \"Conseil du 11e arrondissement\"\n",
    );
    write(
        &dir.path().join("s/defaults.toml"),
        "commission = 12\n[session]\ndates = [2026-11-17]\n",
    );
    let motion_text = VALID_VOEU
        .replace("[session]\ndates = [2026-12-08, 2026-12-09]\n", "")
        .replace("[request]", "[request]\naddressee = \"la Maire de Paris\"");
    write(
        &dir.path().join("s/m.toml"),
        &format!("commission = 5\n{motion_text}"),
    );
    let run = motion(dir.path(), &["check", "--format", "short", "s/m.toml"]);
    // The nearest defaults has a bad commission: reported there, even though the motion
    // overrides it, since other motions may inherit it.
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("s/defaults.toml:1:14: erreur[M304]"),
        "{}",
        run.stdout
    );
    write(
        &dir.path().join("s/defaults.toml"),
        "[session]\ndates = [2026-11-17]\n",
    );
    let run = motion(dir.path(), &["check", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("1 motion et 2 fichiers defaults.toml vérifiés : aucun problème."),
        "{}",
        run.stderr
    );
}

#[test]
fn exit_codes() {
    let dir = temp();
    write(&dir.path().join("ok.toml"), VALID_VOEU);
    assert_eq!(motion(dir.path(), &["check"]).code, 0);
    let missing = motion(dir.path(), &["check", "nowhere"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere : chemin introuvable"),
        "{}",
        missing.stderr
    );
    let usage = motion(dir.path(), &["check", "--formt", "json"]);
    assert_eq!(usage.code, 2);
    assert!(
        usage.stderr.contains("option inconnue « --formt »"),
        "{}",
        usage.stderr
    );
    assert!(
        usage.stderr.contains("vouliez-vous dire « --format »"),
        "{}",
        usage.stderr
    );
    let bad_value = motion(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(bad_value.code, 2);
    assert!(
        bad_value.stderr.contains("valeur « xml » invalide"),
        "{}",
        bad_value.stderr
    );
    assert_eq!(motion(dir.path(), &["frobnicate"]).code, 2);
    let help = motion(dir.path(), &["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout
            .contains("Traite les avertissements comme des erreurs")
    );
}

#[test]
fn tool_files_and_hidden_folders_are_not_motions() {
    let dir = temp();
    write(&dir.path().join("ok.toml"), VALID_VOEU);
    write(&dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n");
    write(&dir.path().join(".hidden/x.toml"), "nonsense");
    let run = motion(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("1 motion vérifiée : aucun problème."),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_prints_the_explanation_of_every_code() {
    let dir = temp();
    let list = motion(dir.path(), &["explain"]);
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("M101  erreur"));
    let one = motion(dir.path(), &["explain", "m406"]);
    assert_eq!(one.code, 0);
    assert!(one.stdout.starts_with("# M406"));
    assert_eq!(motion(dir.path(), &["explain", "M999"]).code, 2);
}

/// A panic while checking one file (a bug) is that file's error M006: the other files are
/// checked and built, the exit code is 1. The panic is made by a hook of debug builds.
#[cfg(debug_assertions)]
#[test]
fn a_panic_on_one_file_is_that_files_error() {
    let dir = temp();
    write(&dir.path().join("s/a.toml"), VALID_VOEU);
    write(
        &dir.path().join("s/b.toml"),
        &VALID_VOEU.replace("fontaines à boire", "bancs"),
    );
    write(
        &dir.path().join("s/c.toml"),
        &VALID_VOEU.replace("title = ", "titel = "),
    );
    let fault = [("MOTION_TEST_PANIC", "check:b.toml"), ("NO_COLOR", "1")];
    let run = motion_with_env(dir.path(), &["check", "s", "--format", "short"], &fault);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "s/b.toml:1:1: erreur[M006]: erreur interne de motion en vérifiant ce fichier (panne simulée)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("s/c.toml:1:1: erreur[M101]"),
        "c is checked too: {}",
        run.stdout
    );
    assert!(!run.stdout.contains("s/a.toml"), "{}", run.stdout);

    let run = motion_with_env(dir.path(), &["build", "s", "--format", "html"], &fault);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("erreur[M006]"), "{}", run.stdout);
    assert!(dir.path().join("out/a.html").is_file(), "a is built");
    assert!(!dir.path().join("out/b.html").exists());
    let explained = motion(dir.path(), &["explain", "M006"]);
    assert_eq!(explained.code, 0);
    assert!(
        explained.stdout.contains("erreur interne"),
        "{}",
        explained.stdout
    );
}

/// A file crafted to give thousands of problems: the human format shows 20 of each code
/// and counts the rest; the machine formats list up to 1,000 per file and code; the
/// summary counts them all.
#[test]
fn thousands_of_problems_are_counted_all_and_shown_in_part() {
    let dir = temp();
    let tags = vec!["\"\""; 1500].join(",");
    write(
        &dir.path().join("m.toml"),
        &VALID_VOEU.replace("[session]", &format!("tags = [{tags}]\n\n[session]")),
    );
    let run = motion(dir.path(), &["check", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("erreur[M103]").count(),
        20,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("… et 1480 autres erreurs M103 dans m.toml, non affichées"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "1 motion vérifiée : 1500 erreurs (dans 1 fichier), dont 500 problèmes \
             non listés (au plus 1000 par fichier et par code)."
        ),
        "{}",
        run.stderr
    );
    // One long line: each excerpt is a window of it, at the right column.
    let first = run.stdout.lines().nth(1).unwrap();
    assert_eq!(first, " --> m.toml:4:9");
    let tenth = run
        .stdout
        .lines()
        .filter(|l| l.starts_with(" --> m.toml:4:"))
        .nth(9)
        .unwrap();
    assert_eq!(tenth, " --> m.toml:4:36");
    assert!(
        run.stdout.lines().all(|l| l.chars().count() < 200),
        "no line of the file printed whole"
    );
    for format in ["short", "json", "github"] {
        let run = motion(dir.path(), &["check", "--format", format]);
        assert_eq!(run.stdout.matches("M103").count(), 1000, "{format}");
    }
}

/// A file name or a text with characters a terminal acts on (an escape sequence that
/// clears the screen, a C1 control, a bidirectional override) prints them as `\u{…}`.
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = temp();
    let name = "\u{1b}[2J\u{1b}[31mrouge.toml";
    write(
        &dir.path().join(name),
        &VALID_VOEU
            .replace("title", "titel")
            .replace("fontaines à boire", "fontaines\u{9b}2J \u{202e}à boire"),
    );
    for format in ["human", "short", "github"] {
        let run = motion(
            dir.path(),
            &["check", "--format", format, "--color", "never"],
        );
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for out in [&run.stdout, &run.stderr] {
            assert!(
                !out.contains(['\u{1b}', '\u{9b}', '\u{202e}']),
                "{format}: {out:?}"
            );
        }
        assert!(
            run.stdout.contains("\\u{1b}[2J\\u{1b}[31mrouge.toml"),
            "{format}: {}",
            run.stdout
        );
    }
    let run = motion(dir.path(), &["check", "--color", "never"]);
    assert!(
        run.stdout.contains("fontaines\\u{9b}2J \\u{202e}à boire"),
        "{}",
        run.stdout
    );
}

/// In CI, GitHub attaches an annotation to a file by its path from the repository's
/// root: the same whatever folder `check` runs from. With `--deny-warnings`, the warnings
/// that fail the job are annotated as errors.
#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(
        &dir.path().join("motions/2026/a.toml"),
        &VALID_VOEU.replace("Claire DUVAL", "Claire Duval"),
    );
    for (from, arg) in [
        ("", "motions"),
        ("motions", "."),
        ("motions/2026", "a.toml"),
    ] {
        let run = motion(
            &dir.path().join(from),
            &["check", "--format", "github", arg],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout
                .starts_with("::warning file=motions/2026/a.toml,line=8,col=12,"),
            "from {from:?}: {}",
            run.stdout
        );
    }
    let run = motion(
        &dir.path().join("motions"),
        &["check", "--format", "github", "--deny-warnings", "."],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("::error file=motions/2026/a.toml,line=8,col=12,"),
        "{}",
        run.stdout
    );
    // Build takes --deny-warnings too: it builds, and fails the job.
    let run = motion(
        dir.path(),
        &[
            "build",
            "motions",
            "--deny-warnings",
            "--diagnostics",
            "github",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("::error file=motions/2026/a.toml,"),
        "{}",
        run.stdout
    );
    assert!(dir.path().join("out/2026/a.pdf").is_file());
    assert!(
        run.stderr.contains("refusé par --deny-warnings"),
        "{}",
        run.stderr
    );
}

/// A motion reached through a symbolic link is checked when the link leads inside the
/// repository, and named with a reason when it does not: never skipped in silence.
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_inside_the_repository_or_named() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    std::fs::create_dir_all(dir.path().join("depot/.git")).unwrap();
    write(&dir.path().join("depot/partages/commun.toml"), VALID_VOEU);
    write(
        &dir.path().join("ailleurs/secret.toml"),
        "cle = \"ne pas montrer\"\n",
    );
    std::fs::create_dir_all(dir.path().join("depot/motions")).unwrap();
    let motions = dir.path().join("depot/motions");
    symlink(
        dir.path().join("depot/partages/commun.toml"),
        motions.join("lien.toml"),
    )
    .unwrap();
    symlink(
        dir.path().join("ailleurs/secret.toml"),
        motions.join("dehors.toml"),
    )
    .unwrap();
    symlink(dir.path().join("depot/partages"), motions.join("dossier")).unwrap();
    symlink(dir.path().join("rien.toml"), motions.join("casse.toml")).unwrap();
    let run = motion(&dir.path().join("depot"), &["check", "motions"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("1 motion vérifiée"), "{}", run.stderr);
    for (link, why) in [
        ("dehors.toml", "il mène hors du dépôt des motions"),
        ("dossier", "il mène à un dossier"),
        ("casse.toml", "sa cible n’existe pas"),
    ] {
        assert!(
            run.stderr.contains(&format!(
                "motion : avertissement : motions/{link} : lien symbolique non suivi ({why}"
            )),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(!run.stdout.contains("ne pas montrer"));
    let run = motion(
        &dir.path().join("depot"),
        &["build", "motions", "--format", "html"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("depot/out/lien.html").is_file());
}

#[test]
fn every_documented_formation_is_accepted() {
    // "conseil général" was documented but refused (M106): the schema gave that value an
    // alternative of its own, which the shape check did not read.
    for (formation, month) in [
        ("conseil municipal", "2002-10"),
        ("conseil général", "2010-10"),
        ("conseil départemental", "2016-10"),
        ("conseil municipal et conseil général", "2010-10"),
        ("conseil municipal et conseil départemental", "2016-10"),
    ] {
        let dir = temp();
        write(
            &dir.path().join("m.toml"),
            &VALID_VOEU.replace(
                "dates = [2026-12-08, 2026-12-09]",
                &format!("formation = \"{formation}\"\nmonth = \"{month}\""),
            ),
        );
        let run = motion(dir.path(), &["check", "m.toml", "--format", "short"]);
        assert_eq!(run.code, 0, "{formation}: {}{}", run.stdout, run.stderr);
    }
}

#[test]
fn every_documented_status_is_accepted() {
    // "not-voted" was documented but refused (M106), for the same reason as the formation
    // "conseil général": a documented enum value had a schema alternative of its own.
    for status in [
        "draft",
        "filed",
        "adopted",
        "adopted-amended",
        "rejected",
        "withdrawn",
        "not-voted",
    ] {
        let dir = temp();
        write(
            &dir.path().join("m.toml"),
            &format!("status = \"{status}\"\n{VALID_VOEU}"),
        );
        let run = motion(dir.path(), &["check", "m.toml", "--format", "short"]);
        assert_eq!(run.code, 0, "{status}: {}{}", run.stdout, run.stderr);
    }
}
