//! The archive benchmark: generates realistic synthetic archives of 1,000 and 10,000
//! motions and times, with the release binary, `motion check`, a cold `motion build` to
//! PDF, DOCX and HTML, and a no-op rebuild, with wall time, motions per second and the
//! peak resident memory of the process. `cargo bench --bench archive` prints a Markdown
//! table (`cargo bench --bench archive -- 2000` for other sizes).

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `motion ARGS` in `dir`, returning the wall time and the peak resident memory in
/// MB, read from /proc while it runs (Linux).
fn run(dir: &Path, args: &[&str]) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("motion runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0f64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().expect("waiting works") {
            assert!(
                status.code().is_some_and(|c| c <= 1),
                "motion {args:?} failed: {status}"
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (start.elapsed(), peak_kb / 1024.0)
}

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
        let steps: [(&str, &[&str]); 3] = [
            ("check", &["check", "--format", "short", "."]),
            (
                "build (PDF, DOCX, HTML) à froid",
                &["build", ".", "--out", "../out", "--quiet"],
            ),
            (
                "build sans changement",
                &["build", ".", "--out", "../out", "--quiet"],
            ),
        ];
        let work = dir.path().join("motions");
        std::fs::create_dir_all(&work).unwrap();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path != work {
                std::fs::rename(&path, work.join(path.file_name().unwrap())).unwrap();
            }
        }
        for (name, args) in steps {
            let (time, peak) = run(&work, args);
            println!(
                "| {count} | {name} | {:.2} s | {:.0} | {peak:.0} Mo |",
                time.as_secs_f64(),
                count as f64 / time.as_secs_f64()
            );
        }
    }
}
