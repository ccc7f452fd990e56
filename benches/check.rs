//! Benchmark of `motion check` on a generated archive, through the release binary as CI
//! runs it: every file checked (`--no-cache`), then unchanged files answered by the check
//! cache (its stamps trusted, two seconds after the files were written). `cargo bench
//! --bench check` (or `cargo bench --bench check -- 1000` for another size) prints the
//! median wall time of 7 runs of each, and motions per second. Targets: 10,000 motions
//! in under 1 s checked, under 0.2 s from the cache.

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    // MOTION_BENCH_DIR keeps the generated archive somewhere to look at.
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let root = std::env::var_os("MOTION_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temporary.path().to_path_buf());
    let files = synth::generate(&root, count, 42).expect("the archive is written");
    let binary = env!("CARGO_BIN_EXE_motion");

    let run = |args: &[&str]| {
        let start = Instant::now();
        let output = Command::new(binary)
            .args(["check", "--format", "short", "."])
            .args(args)
            .current_dir(&root)
            .output()
            .expect("motion runs");
        let elapsed = start.elapsed();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
        elapsed
    };
    for (label, args) in [
        ("checked", &["--no-cache"][..]),
        ("from the cache", &[][..]),
    ] {
        run(args); // warm the file cache (and, the second time, the check cache)
        if args.is_empty() {
            // Stamps are trusted two seconds after a file's last write.
            std::thread::sleep(Duration::from_millis(2_100));
            run(args);
        }
        let mut times: Vec<Duration> = (0..7).map(|_| run(args)).collect();
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "motion check ({label}): {count} motions ({files} files), median of 7 runs {:.3} s \
             (min {:.3} s, max {:.3} s), {:.0} motions/s, {} threads",
            median.as_secs_f64(),
            times[0].as_secs_f64(),
            times[times.len() - 1].as_secs_f64(),
            count as f64 / median.as_secs_f64(),
            std::thread::available_parallelism().map_or(1, |n| n.get()),
        );
    }
}
