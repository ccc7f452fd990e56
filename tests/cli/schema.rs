//! The committed JSON Schema is what `motion schema` prints, and samples point editors at it.

use super::harness::{motion, repo};

#[test]
fn committed_schema_is_up_to_date() {
    let run = motion(&repo(), &["schema"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(repo().join("motion.schema.json")).unwrap();
    assert!(
        committed.trim_end() == run.stdout.trim_end(),
        "motion.schema.json is stale: run `cargo run -- schema > motion.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    for key in [
        "type",
        "title",
        "number",
        "commission",
        "attached_to",
        "status",
        "reference",
        "tags",
        "citations",
        "considerants",
        "session",
        "authors",
        "request",
        "amendment",
    ] {
        assert!(
            schema["properties"].get(key).is_some(),
            "schema lacks {key}"
        );
    }
}

#[test]
fn every_sample_starts_with_a_schema_line() {
    for entry in ignore::Walk::new(repo().join("motions")) {
        let path = entry.unwrap().into_path();
        // Motions and defaults, not the tags' titles (another format).
        if path.extension().is_some_and(|e| e == "toml") && !path.ends_with("tags.toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                "#:schema ../../motion.schema.json",
                "{}",
                path.display()
            );
        }
    }
}
