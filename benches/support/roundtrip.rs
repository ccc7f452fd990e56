//! The round trip of `motion import`, shared by its test (a subset) and its benchmark
//! (1,000 motions): motions built to HTML, DOCX and PDF, each output (and the PDF's text
//! as plain lines) imported back, and every motion compared with its source field by
//! field after the typography pass.

use motion::model::Motion;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What `motion ARGS` printed, run in `dir`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn motion(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the motion binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every motion that checks under `dir`, typeset, by path under `dir` without extension
/// (`2016-01/motion-001`).
pub fn checked(dir: &Path) -> BTreeMap<String, Motion> {
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
                .strip_prefix(dir)
                .unwrap_or(&m.input.path)
                .with_extension("")
                .to_string_lossy()
                .to_string();
            let motion = motion::typography::typeset_motion(run.motion(m).unwrap());
            (stem, motion)
        })
        .collect()
}

/// Builds the motions of `root/motions` into `root/out`, then imports every output back
/// (HTML, DOCX, PDF, and the PDF's text as plain lines) into `root/back/FORMAT/SESSION/`
/// beside a copy of the session's defaults (the archive they go back to), one `motion
/// import` per format and session; asserts every motion comes back equal, field by field
/// after the typography pass, and checks. Returns how many were compared.
pub fn round_trip(root: &Path) -> usize {
    let run = motion(root, &["build", "motions", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let originals = checked(&root.join("motions"));
    // Sources by (format, session).
    let mut sources: BTreeMap<(String, String), Vec<PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root.join("out")).sort_by_file_name() {
        let path = entry.unwrap().path().to_path_buf();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_string();
        // Each motion's own outputs: not the index, not the séances' booklets.
        if !["html", "docx", "pdf"].contains(&ext.as_str())
            || path.file_name().unwrap() == "index.html"
            || path.file_name().unwrap() == "recherche.html"
            || path.starts_with(root.join("out/cahiers"))
            || path.starts_with(root.join("out/etiquettes"))
            || path.starts_with(root.join("out/seances"))
        {
            continue;
        }
        let session = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        if ext == "pdf" {
            // The PDF's text as plain lines, as `pdftotext` gives it (the CI script runs
            // poppler's own on every sample too).
            let text = motion::import::pdf::text_lines(&std::fs::read(&path).unwrap()).unwrap();
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let txt = root
                .join("texts")
                .join(&session)
                .join(format!("{stem}.txt"));
            write(&txt, &text);
            sources
                .entry(("pdf-text".into(), session.clone()))
                .or_default()
                .push(txt);
        }
        sources.entry((ext, session)).or_default().push(path);
    }
    let mut compared = 0;
    for ((format, session), files) in &sources {
        let dest = root.join("back").join(format).join(session);
        std::fs::create_dir_all(&dest).unwrap();
        let defaults = root.join("motions").join(session).join("defaults.toml");
        if defaults.exists() {
            std::fs::copy(&defaults, dest.join("defaults.toml")).unwrap();
        }
        let mut args = vec![
            "import".to_string(),
            "--format".into(),
            "json".into(),
            "--out".into(),
        ];
        args.push(dest.to_string_lossy().to_string());
        args.extend(files.iter().map(|f| f.to_string_lossy().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = motion(root, &args);
        assert_eq!(run.code, 0, "{format} {session}: {}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let back = checked(&dest);
        for file in report["files"].as_array().unwrap() {
            let source = PathBuf::from(file["source"].as_str().unwrap());
            let stem = source.file_stem().unwrap().to_string_lossy().to_string();
            let motions = file["motions"].as_array().unwrap();
            assert_eq!(motions.len(), 1, "{format} {stem}: {file:#}");
            let written = PathBuf::from(motions[0]["file"].as_str().unwrap());
            let written_stem = written.file_stem().unwrap().to_string_lossy().to_string();
            let Some(imported) = back.get(&written_stem) else {
                panic!(
                    "{format} {session}/{stem}: {written_stem} not among {:?}",
                    back.keys().collect::<Vec<_>>()
                );
            };
            let mut imported = imported.clone();
            let key = format!("{session}/{stem}");
            let Some(original) = originals.get(&key) else {
                panic!(
                    "{key} not among {:?}",
                    originals.keys().take(5).collect::<Vec<_>>()
                );
            };
            if format == "pdf-text" {
                // Tags are data, not print: HTML, DOCX and PDF carry them in their
                // metadata, plain text does not.
                imported.tags = original.tags.clone();
            }
            assert!(
                &imported == original,
                "{format} of {session}/{stem} imported as {}:\n{}\nfrom:\n{}\ndiffers in: {:#?}",
                written.display(),
                std::fs::read_to_string(root.join(&written)).unwrap(),
                if format == "pdf-text" {
                    std::fs::read_to_string(root.join(&source)).unwrap_or_default()
                } else {
                    String::new()
                },
                differences(&imported, original)
            );
            compared += 1;
        }
    }
    compared
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
