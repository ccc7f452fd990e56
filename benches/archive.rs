//! The archive benchmark: generates realistic synthetic archives of 1,000 and 10,000
//! motions and times, with the release binary, `motion check`, a cold `motion build` to
//! PDF, DOCX and HTML, two no-op rebuilds (the first reads back every output to check
//! its hash, the second trusts the file stamps the first recorded), and a rebuild after
//! a few edits and after one motion's title edited, with wall time, motions per second and the
//! peak resident memory of the process, each the median of three runs (each cold build
//! into a new output folder). `cargo bench --bench archive` prints a Markdown table
//! (`cargo bench --bench archive -- 2000` for other sizes; `MOTION_BENCH_RUNS=5` for
//! more runs).

#[path = "support/measure.rs"]
mod measure;
#[path = "support/synth.rs"]
mod synth;

use measure::run;
use std::time::Duration;

fn main() {
    let sizes: Vec<usize> = {
        let asked: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if asked.is_empty() {
            vec![1_000, 10_000]
        } else {
            asked
        }
    };
    println!("| motions | commande | durée | motions/s | pic de mémoire |");
    println!("|---:|---|---:|---:|---:|");
    for count in sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        synth::generate(dir.path(), count, 42).expect("the archive is written");
        let work = dir.path().join("motions");
        std::fs::create_dir_all(&work).unwrap();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path != work {
                std::fs::rename(&path, work.join(path.file_name().unwrap())).unwrap();
            }
        }
        let runs: usize = std::env::var("MOTION_BENCH_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(3);
        // For each step, the (time, peak) of every run.
        let mut measured: [Vec<(Duration, f64)>; 6] = Default::default();
        let mut motions: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&work)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| !p.ends_with("defaults.toml") && !p.ends_with("tags.toml"))
            .collect();
        for r in 0..runs {
            let out = format!("../out-{r}");
            measured[0].push(run(&work, &["check", "--format", "short", "."], 1));
            // The cold build; a no-op right after it, which reads every output to check
            // its hash (files just written have no trusted stamp yet); a second no-op,
            // which trusts the stamps the first one recorded.
            for step in [1, 2, 3] {
                measured[step].push(run(&work, &["build", ".", "--out", &out, "--quiet"], 1));
            }
            // Three motions edited (a comment added) and one deleted.
            let changed: Vec<_> = motions.drain(..4).collect();
            for path in &changed[..3] {
                let mut text = std::fs::read_to_string(path).unwrap();
                text.push_str("# relu\n");
                std::fs::write(path, text).unwrap();
            }
            std::fs::remove_file(&changed[3]).unwrap();
            measured[4].push(run(&work, &["build", ".", "--out", &out, "--quiet"], 1));
            // One motion's title edited: its outputs, its séance's booklet and page, the
            // tags' pages and feeds, the index and its year's search bundle are made again.
            let edited = motions.remove(0);
            let text = std::fs::read_to_string(&edited).unwrap();
            std::fs::write(
                &edited,
                text.replacen("title = \"", "title = \"Nouveau ", 1),
            )
            .unwrap();
            measured[5].push(run(&work, &["build", ".", "--out", &out, "--quiet"], 1));
        }
        let names = [
            "check",
            "build (PDF, DOCX, HTML) à froid",
            "build sans changement, juste après (chaque sortie relue)",
            "build sans changement (horodatages)",
            "build après 3 motions modifiées et 1 supprimée",
            "build après le titre d’une motion modifié",
        ];
        for (name, runs) in names.into_iter().zip(measured) {
            let (time, peak) = measure::medians(runs);
            println!(
                "| {count} | {name} | {:.2} s | {:.0} | {peak:.0} Mo |",
                time.as_secs_f64(),
                count as f64 / time.as_secs_f64()
            );
        }
    }
}
