//! The diagnostics bound: files crafted to trigger hundreds of thousands of problems
//! (empty tags on one line, empty tags one per line, unknown keys), each at two sizes, the
//! second twice the first, checked in every `--format` by the release binary. Prints the
//! median wall time and peak memory of 3 runs and the ratio from one size to the next:
//! a ratio near 2 is linear growth (a quadratic step would make it near 4).
//! `cargo bench --bench diagnostics` (`MOTION_BENCH_RUNS=5` for more runs).

#[path = "support/measure.rs"]
mod measure;

use std::time::Duration;

/// A motion file with `n` problems of one kind, under 1 MiB.
fn crafted(kind: &str, n: usize) -> String {
    match kind {
        "tags-one-line" => format!("title = \"Vœu\"\ntags = [{}]\n", vec!["\"\""; n].join(",")),
        "tags-one-per-line" => format!("title = \"Vœu\"\ntags = [\n{}]\n", "\"\",\n".repeat(n)),
        "unknown-keys" => {
            let mut text = String::from("title = \"Vœu\"\n");
            for i in 0..n {
                text.push_str(&format!("a{i}=1\n"));
            }
            text
        }
        _ => unreachable!("a known kind"),
    }
}

fn main() {
    let runs: usize = std::env::var("MOTION_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "| fichier | diagnostics | format | durée | pic de mémoire | rapport durée | rapport mémoire |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|");
    for (kind, small) in [
        ("tags-one-line", 150_000),
        ("tags-one-per-line", 130_000),
        ("unknown-keys", 50_000),
    ] {
        for format in ["human", "short", "json", "github"] {
            let mut previous: Option<(Duration, f64)> = None;
            for n in [small, 2 * small] {
                let name = format!("{kind}-{n}.toml");
                let text = crafted(kind, n);
                assert!(text.len() <= 1 << 20, "{name} is over 1 MiB");
                std::fs::write(dir.path().join(&name), text).expect("written");
                let measured = (0..runs)
                    .map(|_| measure::run(dir.path(), &["check", "--format", format, &name], 1))
                    .collect();
                let (time, peak) = measure::medians(measured);
                let ratios = previous.map_or_else(
                    || " | ".to_string(),
                    |(t, p)| {
                        format!(
                            "{:.2} | {:.2}",
                            time.as_secs_f64() / t.as_secs_f64(),
                            peak / p
                        )
                    },
                );
                println!(
                    "| {kind} | {n} | {format} | {:.2} s | {peak:.0} Mo | {ratios} |",
                    time.as_secs_f64()
                );
                previous = Some((time, peak));
            }
        }
    }
}
