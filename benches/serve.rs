//! The live preview's latency: generates a synthetic archive of 1,000 motions, starts the
//! release `motion serve` on it, opens one motion's page in headless Chromium and saves
//! that motion's source again and again (tests/serve/latency.mjs, playwright-core), timing
//! each save until the page shows the change. Prints each time, the median and the
//! slowest, and the median time of the preview's own rebuilds (what motion spends; the
//! rest is the event, the browser's check and its reload).
//! `cargo bench --bench serve` (`-- 5000` for another size; `MOTION_BENCH_RUNS=30` for
//! more saves). Needs node, npm and /usr/bin/chromium (or CHROMIUM).

#[path = "support/synth.rs"]
mod synth;

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let runs: usize = std::env::var("MOTION_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve");
    if !scripts.join("node_modules").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&scripts)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in tests/serve");
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let motions = dir.path().join("motions");
    std::fs::create_dir_all(&motions).unwrap();
    synth::generate(&motions, count, 42).expect("the archive is written");
    let source = walkdir::WalkDir::new(&motions)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "toml") && !p.ends_with("defaults.toml"))
        .expect("a motion");
    let page = source
        .strip_prefix(&motions)
        .unwrap()
        .with_extension("html")
        .to_string_lossy()
        .replace('\\', "/");

    let mut serve = Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(["serve", "motions", "--port", "0", "--out", "out"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("motion serve runs");
    let (sender, lines) = channel();
    let stderr = serve.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = sender.send(line);
        }
    });
    let mut said = Vec::new();
    let port = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("motion serve starts");
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>();
        }
        said.push(line);
    };
    let first = said.last().cloned().unwrap_or_default();
    println!("{count} motions; first build: {first}");
    let url = format!("http://127.0.0.1:{port}/");
    let status = Command::new("node")
        .arg(scripts.join("latency.mjs"))
        .args([url.as_str(), page.as_str()])
        .arg(&source)
        .arg(runs.to_string())
        .status()
        .expect("node runs");
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(status.success(), "latency.mjs failed");
    // The preview's own time for each rebuild, from its lines "… (0,12 s).".
    let mut rebuilds: Vec<f64> = lines
        .try_iter()
        .filter(|l| l.contains("construite"))
        .filter_map(|l| {
            let inside = l.rsplit_once('(')?.1;
            inside
                .trim_end_matches(").")
                .trim_end_matches(" s")
                .replace(',', ".")
                .parse()
                .ok()
        })
        .collect();
    rebuilds.sort_by(f64::total_cmp);
    if !rebuilds.is_empty() {
        println!(
            "the preview's rebuilds: median {:.0} ms over {} (check, build, index)",
            rebuilds[rebuilds.len() / 2] * 1000.0,
            rebuilds.len()
        );
    }
}
