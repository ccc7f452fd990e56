//! `motion new`: a skeleton that `check` refuses until its placeholders are replaced.

use super::harness::{motion, repo, temp, write};

#[test]
fn a_new_motion_is_refused_until_filled_in() {
    let dir = temp();
    let run = motion(
        dir.path(),
        &[
            "new",
            "2026-12/fontaines.toml",
            "--title",
            "Vœu relatif aux \"fontaines\"",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.path().join("2026-12/fontaines.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title = 'Vœu relatif aux \"fontaines\"'"),
        "{text}"
    );

    let check = motion(dir.path(), &["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let codes: Vec<&str> = check
        .stdout
        .lines()
        .map(|l| l.split('[').nth(1).unwrap().split(']').next().unwrap())
        .collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| *c == "M105"), "{}", check.stdout);

    // Filling in every placeholder gives a valid motion.
    let filled = text
        .replace(
            "\"Considérant que À COMPLÉTER ;\"",
            "\"Considérant que l’eau manque ;\"",
        )
        .replace(
            "\"À COMPLÉTER : dates sans guillemets, par exemple 2026-12-08, 2026-12-09\"",
            "2026-12-08",
        )
        .replace("À COMPLÉTER : Prénom NOM", "Claire DUVAL")
        .replace("À COMPLÉTER : nom du groupe", "Les Écologistes")
        .replace("À COMPLÉTER : Demande … ;", "Demande des fontaines ;")
        .replace("À COMPLÉTER : Organise … .", "Organise leur entretien.");
    std::fs::write(&path, filled).unwrap();
    let check = motion(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn an_amendement_skeleton_and_inherited_parts() {
    let dir = temp();
    write(
        &dir.path().join("s/defaults.toml"),
        "[session]\ndates = [2026-12-08]\n[authors]\ngroups = [\"Les Écologistes\"]\n",
    );
    let run = motion(dir.path(), &["new", "s/a.toml", "--type", "amendement"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("s/a.toml")).unwrap();
    assert!(text.contains("type = \"amendement\""));
    assert!(text.contains("[amendment]"));
    assert!(
        !text.contains("[session]"),
        "the session comes from defaults.toml"
    );
    assert!(
        !text.contains("groups ="),
        "the group comes from defaults.toml"
    );
    let check = motion(dir.path(), &["check", "--format", "short"]);
    assert!(check.stdout.contains("[M105]"));
    assert!(!check.stdout.contains("[M207]"));
}

#[test]
fn new_never_overwrites_and_points_at_the_schema() {
    let dir = temp();
    let run = motion(
        &repo(),
        &["new", dir.path().join("x.txt").to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    write(&dir.path().join("motion.schema.json"), "{}");
    write(&dir.path().join("exists.toml"), "title = \"mine\"\n");
    let run = motion(dir.path(), &["new", "exists.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("existe déjà"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("exists.toml")).unwrap(),
        "title = \"mine\"\n"
    );
    assert_eq!(motion(dir.path(), &["new", "a/b/new.toml"]).code, 0);
    let text = std::fs::read_to_string(dir.path().join("a/b/new.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../motion.schema.json\n"),
        "{text}"
    );
}
