//! Runs the release `motion` binary and measures it: wall time and peak resident memory
//! (read from /proc while it runs, Linux). Shared by the benchmarks.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `motion ARGS` in `dir`, returning the wall time and the peak resident memory in
/// MB. Panics when motion ends with a code above `max_code`.
pub fn run(dir: &Path, args: &[&str], max_code: i32) -> (Duration, f64) {
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
                status.code().is_some_and(|c| c <= max_code),
                "motion {args:?} failed: {status}"
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (start.elapsed(), peak_kb / 1024.0)
}

/// The median of each: (time, peak memory) over runs.
pub fn medians(mut runs: Vec<(Duration, f64)>) -> (Duration, f64) {
    runs.sort_by_key(|r| r.0);
    let time = runs[runs.len() / 2].0;
    runs.sort_by(|a, b| a.1.total_cmp(&b.1));
    (time, runs[runs.len() / 2].1)
}
