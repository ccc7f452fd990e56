//! `motion fix`: the typography corrections shown as a diff, written with `--write`,
//! leaving comments and layout alone; and the machine-applicable fix in `check --format json`.

use super::harness::{motion, temp, write};

const CARELESS: &str = r#"# Tapé à la hâte : ce commentaire doit rester.
title = "Voeu relatif aux cantines du 11ème arrondissement"   # titre provisoire

considerants = [
  "Considérant que le Conseil De Paris a voté un plan \"cantines durables\" ;",
  'Considérant que 15000 repas sont servis chaque jour , dont 50 % bio.',
  """
Considérant l'avis de l'exécutif  : voir https://www.paris.fr/cantines?a=1,2 ...""",
]

[session]
dates = [2026-12-08]

[authors]
persons = ["Claire DUVAL"]

[request]
items = ["Présente un bilan en 7ème commission à 14:30 ;"]
"#;

const FIXED: &str = r#"# Tapé à la hâte : ce commentaire doit rester.
title = "Vœu relatif aux cantines du 11e arrondissement"   # titre provisoire

considerants = [
  "Considérant que le Conseil de Paris a voté un plan \"cantines durables\" ;",
  'Considérant que 15000 repas sont servis chaque jour, dont 50 % bio ;',
  """
Considérant l'avis de l'Exécutif : voir https://www.paris.fr/cantines?a=1,2 ...""",
]

[session]
dates = [2026-12-08]

[authors]
persons = ["Claire DUVAL"]

[request]
items = ["Présente un bilan en 7e Commission à 14:30."]
"#;

#[test]
fn fix_shows_a_diff_then_writes_only_the_corrections() {
    let dir = temp();
    let path = dir.path().join("m.toml");
    write(&path, CARELESS);

    let dry = motion(dir.path(), &["fix"]);
    assert_eq!(dry.code, 1, "corrections to make: exit 1 without --write");
    assert!(
        dry.stdout.starts_with("--- a/m.toml\n+++ b/m.toml\n"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains(
        "+title = \"Vœu relatif aux cantines du 11e arrondissement\"   # titre provisoire"
    ));
    assert!(
        dry.stderr.contains("10 corrections à faire dans 1 fichier"),
        "{}",
        dry.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        CARELESS,
        "a dry run writes nothing"
    );

    let written = motion(dir.path(), &["fix", "--write"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(
        written
            .stderr
            .contains("10 corrections écrites dans 1 fichier.")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);

    let again = motion(dir.path(), &["fix"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("aucune correction à faire."));
    let check = motion(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn check_json_carries_the_machine_applicable_fix() {
    let dir = temp();
    write(&dir.path().join("m.toml"), CARELESS);
    let run = motion(dir.path(), &["check", "--format", "json"]);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["code"], "M402");
    assert_eq!(
        first["fix"],
        serde_json::json!({"line": 2, "column": 10, "end_line": 2, "end_column": 14, "replacement": "Vœu"})
    );
}

#[test]
fn files_that_do_not_parse_are_left_alone() {
    let dir = temp();
    let broken = "title = \"Vœu du 2ème\n";
    write(&dir.path().join("m.toml"), broken);
    let run = motion(dir.path(), &["fix", "--write"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("m.toml n’est pas corrigé"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.toml")).unwrap(),
        broken
    );
}

/// A text in the shapes real texts have: considérants ending with "," and "etc.", a
/// final "!", quotations, a quoted article, English quotes, "6bis". `fix` corrects only
/// what is wrong, never inside a quotation, never after a sentence end.
#[test]
fn real_texts_are_fixed_only_where_they_are_wrong() {
    let dir = temp();
    let source = r#"type = "amendement"
title = "Amendement n° 2 relatif au “règlement”"
attached_to = "2026 SGCP 3"
considerants = [
  "Considérant les squares, les parcs, etc.",
  "Considérant qu’il y a urgence !",
  "Considérant l’avis « du conseil de paris , 2ème saisine » ,",
  "Considérant le 2ème alinéa",
]
[session]
dates = [2026-12-08]
[authors]
persons = ["Claire DUVAL"]
[amendment]
changes = [
  { text = "L’article 6bis est ainsi rédigé :", quote = """
Art. 6 bis. — Le conseil de paris , “ici” 2ème.
""" },
]
"#;
    write(&dir.path().join("a.toml"), source);
    let run = motion(dir.path(), &["fix", "--write", "a.toml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("a.toml")).unwrap();
    let expected = source
        .replace("“règlement”", "« règlement »")
        .replace("le 2ème alinéa\"", "le 2e alinéa ;\"")
        // Outside the quotation, the space before the comma goes; inside, nothing moves.
        .replace("saisine » ,", "saisine »,")
        .replace("L’article 6bis", "L’article 6 bis");
    assert_eq!(fixed, expected);
    let check = motion(dir.path(), &["check", "--deny-warnings", "a.toml"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}
