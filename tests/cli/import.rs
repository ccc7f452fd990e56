//! `motion import` through the real CLI: every sample of motions/ built, then each of its
//! outputs (HTML, DOCX, PDF, and the PDF's text as plain lines) imported back gives the
//! same motion, field by field after the typography pass, and a file `check` accepts;
//! fixtures in the shapes of published texts (a web page with its chrome, a Word draft,
//! Latin-1 and mojibake texts, an old text with a vote line); the reference page; what is
//! never done (overwriting a file).

use super::harness::{copy_into, motion, repo, temp, write};
use motion::model::Motion;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every motion that checks under `dir`, typeset, by file stem.
fn checked(dir: &Path) -> BTreeMap<String, Motion> {
    let discovery = motion::batch::discover(&[dir.to_path_buf()], dir);
    let run = motion::batch::check(&discovery, dir, motion::batch::Keep::Motions);
    let errors: Vec<String> = run
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.origin.file.display, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    run.motions
        .iter()
        .map(|m| {
            let stem = m
                .input
                .path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            let motion = motion::typography::typeset_motion(run.motion(m).unwrap());
            (stem, motion)
        })
        .collect()
}

/// The samples' outputs, by format, each with the session folder it belongs to.
fn built_samples(root: &Path) -> Vec<(PathBuf, String)> {
    copy_into(&repo().join("motions"), root);
    let run = motion(root, &["build", "motions", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut outputs = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("out")).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path().to_path_buf();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ["html", "docx", "pdf"].contains(&ext) && path.file_name().unwrap() != "index.html" {
            let session = path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            outputs.push((path, session));
        }
    }
    assert_eq!(outputs.len(), 30, "10 samples in 3 formats");
    outputs
}

/// Imports one output into `back/FORMAT/SESSION/`, beside a copy of the session's
/// defaults (the archive it goes back to), and returns the file written.
fn import_into(root: &Path, source: &Path, format: &str, session: &str) -> PathBuf {
    let dest = root.join("back").join(format).join(session);
    std::fs::create_dir_all(&dest).unwrap();
    let defaults = root.join("motions").join(session).join("defaults.toml");
    if defaults.exists() && !dest.join("defaults.toml").exists() {
        std::fs::copy(&defaults, dest.join("defaults.toml")).unwrap();
    }
    let before: Vec<PathBuf> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let run = motion(
        root,
        &[
            "import",
            source.to_str().unwrap(),
            "--out",
            dest.to_str().unwrap(),
        ],
    );
    assert_eq!(
        run.code,
        0,
        "{}: {}\n{}",
        source.display(),
        run.stdout,
        run.stderr
    );
    let written: Vec<PathBuf> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !before.contains(p))
        .collect();
    assert_eq!(written.len(), 1, "{}: {written:?}", source.display());
    written[0].clone()
}

/// The fields of two motions that differ, each as (imported, original).
fn differences(imported: &Motion, original: &Motion) -> Vec<(String, String, String)> {
    let a = serde_json::to_value(imported).unwrap();
    let b = serde_json::to_value(original).unwrap();
    let (serde_json::Value::Object(a), serde_json::Value::Object(b)) = (a, b) else {
        unreachable!("a motion is an object")
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| {
            (
                k.clone(),
                v.to_string(),
                b.get(k).map(|x| x.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn every_sample_comes_back_from_every_format() {
    let tmp = temp();
    let root = tmp.path();
    let outputs = built_samples(root);
    let originals = checked(&root.join("motions"));
    let mut compared = 0;
    for (output, session) in &outputs {
        let ext = output.extension().unwrap().to_str().unwrap();
        let stem = output.file_stem().unwrap().to_string_lossy().to_string();
        let mut sources = vec![(ext.to_string(), output.clone())];
        if ext == "pdf" {
            // The PDF's text as plain lines, as `pdftotext` gives it (the CI script runs
            // poppler's own on every sample too).
            let text = motion::import::pdf::text_lines(&std::fs::read(output).unwrap()).unwrap();
            let txt = root.join("texts").join(session).join(format!("{stem}.txt"));
            write(&txt, &text);
            sources.push(("pdf-text".into(), txt));
        }
        for (format, source) in sources {
            let written = import_into(root, &source, &format, session);
            let back = checked(written.parent().unwrap());
            let mut imported =
                back[&written.file_stem().unwrap().to_string_lossy().to_string()].clone();
            let original = &originals[&stem];
            if format == "pdf-text" {
                // Tags are data, not print: HTML, DOCX and PDF carry them in their
                // metadata, plain text does not.
                imported.tags = original.tags.clone();
            }
            let imported = &imported;
            assert!(
                imported == original,
                "{format} of {stem} imported as {}:\n{}\ndiffers in: {:#?}",
                written.display(),
                std::fs::read_to_string(&written).unwrap(),
                differences(imported, original)
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 40);
}
