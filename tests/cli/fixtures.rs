//! Every fixture in tests/fixtures/invalid/ (a motion file, or a folder of them) is
//! checked in a temporary copy, and the `short` output and exit code must match the
//! `.expected` file beside it. `MOTION_BLESS=1 cargo test` rewrites the expected files
//! (review the diff before committing). Every diagnostic code must have a fixture.

use super::harness::{copy_into, differs_from_expected, motion, repo, temp};
use motion::diag::Code;
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = repo().join("tests/fixtures/invalid");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "toml"))
        .collect();
    found.sort();
    found
}

fn expected_path(fixture: &std::path::Path) -> PathBuf {
    fixture.with_extension("expected")
}

fn actual(fixture: &std::path::Path) -> String {
    let dir = temp();
    copy_into(fixture, dir.path());
    let name = fixture.file_name().unwrap().to_str().unwrap();
    // A fixture with its own templates is about rendering: it is built, not just checked.
    let run = if fixture.join("gabarits").is_dir() {
        let templates = format!("{name}/gabarits");
        motion(
            dir.path(),
            &[
                "build",
                name,
                "--format",
                "pdf",
                "--templates",
                &templates,
                "--diagnostics",
                "short",
            ],
        )
    } else {
        motion(dir.path(), &["check", "--format", "short", name])
    };
    assert!(
        run.stderr.contains(" vérifié"),
        "{name}: no summary in {}",
        run.stderr
    );
    format!("exit {}\n{}", run.code, run.stdout)
}

#[test]
fn every_fixture_gives_its_expected_diagnostics() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        failures.extend(differs_from_expected(&fixture, &actual(&fixture)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_fixture_that_triggers_it() {
    let fixtures = fixtures();
    // No file triggers M006, a bug of motion: check::a_panic_on_one_file_is_that_files_error
    // triggers it through the fault hook of debug builds.
    for code in Code::ALL.iter().filter(|c| c.id() != "M006") {
        let triggered = fixtures.iter().any(|fixture| {
            let name = fixture.file_name().unwrap().to_str().unwrap();
            let expected = std::fs::read_to_string(expected_path(fixture)).unwrap_or_default();
            name.starts_with(code.id()) && expected.contains(&format!("[{}]", code.id()))
        });
        assert!(
            triggered,
            "no fixture named {}-… triggers {}",
            code.id(),
            code.id()
        );
    }
}
