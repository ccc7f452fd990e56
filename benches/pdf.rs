//! Benchmark of PDF rendering in one process: `cargo bench --bench pdf` (or
//! `cargo bench --bench pdf -- 2000` for another count) generates realistic motions,
//! checks them, then renders every one to PDF, first on one thread, then on every core,
//! and prints PDFs per second and memory (resident set after each quarter of the run,
//! to show it stays flat, and the peak). Target: 150 PDFs/s per core in release.

#[path = "support/synth.rs"]
mod synth;

// The allocator of the `motion` binary, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use motion::render::{self, Assets, Format, RenderOptions};
use std::time::Instant;

/// A line of /proc/self/status, in MiB (Linux).
fn memory(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    synth::generate(dir.path(), count, 7).expect("the motions are written");
    let discovery = motion::batch::discover(&[dir.path().to_path_buf()], dir.path());
    let checked = motion::batch::check(&discovery, dir.path(), motion::batch::Keep::Motions);
    assert_eq!(
        checked.motions.len(),
        count,
        "every generated motion is valid"
    );
    let documents: Vec<render::Document> = checked
        .motions
        .iter()
        .map(|m| motion::compile::document(checked.motion(m).expect("kept")))
        .collect();
    let assets = Assets::load(None, None).expect("the embedded templates load");
    let options = RenderOptions {
        build_time: render::BuildTime::from_unix(1_765_000_000).expect("a time"),
        pdf: render::pdf::PdfSettings {
            ident: "bench".into(),
            standards: render::pdf::DEFAULT_STANDARDS.to_vec(),
        },
        place: Default::default(),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{count} motions, {cores} cores; memory before rendering: {:.0} MiB",
        memory("VmRSS:")
    );
    for threads in [1, cores] {
        let start = Instant::now();
        let mut bytes = 0usize;
        let mut rss = Vec::new();
        // The same scheduling as `motion build`.
        for chunk in documents.chunks(count.div_ceil(4)) {
            let sizes = motion::build::parallel_map(chunk, threads, |doc| {
                render::render(Format::PDF, doc, &assets, &options)
                    .unwrap()
                    .len()
            })
            .unwrap();
            bytes += sizes.iter().sum::<usize>();
            rss.push(format!("{:.0}", memory("VmRSS:")));
        }
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {count} PDFs in {seconds:.2} s = {:.0} PDFs/s ({:.0} per thread), \
             {:.1} KiB per PDF; resident MiB after each quarter: {}",
            count as f64 / seconds,
            count as f64 / seconds / threads as f64,
            bytes as f64 / count as f64 / 1024.0,
            rss.join(", ")
        );
    }
    println!("peak resident memory: {:.0} MiB", memory("VmHWM:"));
}
