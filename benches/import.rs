//! The import benchmark: generates a realistic archive (1,000 motions by default), builds
//! it with the release binary, then times `motion import` of all its outputs of one kind
//! at once (1,000 web pages, 1,000 Word files, 1,000 PDFs, 1,000 plain texts of those
//! PDFs), each the median of three runs into a new folder, with the peak resident
//! memory; and runs the full round trip: every output imported back, session by
//! session beside the session's defaults, and every motion compared with its source
//! field by field after the typography pass (the core test of the import, which
//! `cargo test` runs on a subset). `cargo bench --bench import` (`-- 200` for another
//! size; `MOTION_BENCH_RUNS=5` for more runs).

#[path = "support/measure.rs"]
mod measure;
#[path = "support/roundtrip.rs"]
mod roundtrip;
#[path = "support/synth.rs"]
#[allow(dead_code)]
mod synth;

use measure::run;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let runs: usize = std::env::var("MOTION_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    synth::generate(&root.join("motions"), count, 42).expect("the archive is written");
    run(root, &["build", "motions", "--out", "out", "--quiet"], 0);
    // The outputs by kind; the PDFs' text as plain lines beside them.
    let mut kinds: Vec<(&str, Vec<PathBuf>)> = vec![
        ("html", Vec::new()),
        ("docx", Vec::new()),
        ("pdf", Vec::new()),
        ("txt", Vec::new()),
    ];
    for entry in walkdir::WalkDir::new(root.join("out")).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_string();
        // The motions' own outputs only: not the archive's pages, feeds, search and
        // booklets (a booklet holds a whole séance).
        let relative = path.strip_prefix(root.join("out")).unwrap_or(&path);
        let archive_file = relative.components().next().is_some_and(|c| {
            ["cahiers", "seances", "etiquettes", "pagefind"]
                .contains(&c.as_os_str().to_str().unwrap_or(""))
        }) || ["index.html", "recherche.html"]
            .iter()
            .any(|n| path.file_name().is_some_and(|f| f == *n));
        if archive_file {
            continue;
        }
        if ext == "pdf" {
            let text = motion::import::pdf::text_lines(&std::fs::read(&path).unwrap()).unwrap();
            let txt = path.with_extension("txt");
            std::fs::write(&txt, text).unwrap();
            kinds[3].1.push(txt);
        }
        if let Some((_, files)) = kinds.iter_mut().find(|(k, _)| *k == ext) {
            files.push(path);
        }
    }
    println!("| sources | fichiers | durée (médiane de {runs}) | fichiers/s | pic de mémoire |");
    println!("|---|---:|---:|---:|---:|");
    for (kind, files) in &kinds {
        let mut measured: Vec<(Duration, f64)> = Vec::new();
        for r in 0..runs {
            let out = format!("back-{kind}-{r}");
            let mut args: Vec<String> =
                vec!["import".into(), "--no-progress".into(), "--out".into(), out];
            args.extend(files.iter().map(|f| f.to_string_lossy().to_string()));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            // Exit 1: the files written lack the status that the session's defaults
            // gave (they are not beside those defaults here).
            measured.push(run(root, &args, 1));
        }
        let (time, peak) = measure::medians(measured);
        println!(
            "| {kind} | {} | {:.2} s | {:.0} | {:.0} Mo |",
            files.len(),
            time.as_secs_f64(),
            files.len() as f64 / time.as_secs_f64(),
            peak
        );
    }
    // The round trip, field by field.
    let trip = tempfile::tempdir().expect("a temporary folder");
    synth::generate(&trip.path().join("motions"), count, 42).expect("the archive is written");
    let start = Instant::now();
    let compared = roundtrip::round_trip(trip.path());
    println!(
        "\naller-retour : {compared} motions importées ({count} motions × 4 sources) égales à leur source champ par champ, en {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(compared, count * 4);
}
