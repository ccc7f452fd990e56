//! The build stage of a run: for each motion that passed `check`, plans its outputs under
//! the output folder, skips those whose inputs did not change since the last build,
//! typesets, renders and writes the others atomically, then writes the archive index and
//! the manifest. Finding and checking motions is `batch`'s; rendering is `render`'s.

use crate::batch::{self, CheckRun, CheckedMotion};
use crate::manifest::{self, Digest, Manifest, ManifestEntry, OutputRecord, Record, RecordStore};
use crate::output;
use crate::render::{self, Assets, Format, IndexEntry, IndexOutput, IndexRecord};
use crate::typography::typeset_motion;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a build is asked to do.
pub struct BuildOptions<'a> {
    pub out_dir: &'a Path,
    pub formats: &'a [Format],
    pub force: bool,
    /// The build time written in every document; `None`: each motion's first session day.
    pub build_time: Option<typst::foundations::Datetime>,
    pub pdf_standards: Vec<typst_pdf::PdfStandard>,
    /// Threads that render (0: one per core).
    pub jobs: usize,
    /// Build only shard `k` of `n` (1-based): a stable share of the motions, so that
    /// `n` machines can split an archive; their manifests are joined by
    /// `motion merge-manifests`.
    pub shard: Option<(usize, usize)>,
    /// Called once per motion done (built, unchanged or failed), from any thread.
    pub progress: Option<&'a (dyn Fn() + Sync)>,
}

/// Whether a motion (by its output stem) belongs to shard `k` of `n`: a hash of the stem,
/// the same on every machine.
pub fn in_shard(stem: &str, (k, n): (usize, usize)) -> bool {
    let hash = blake3::hash(stem.as_bytes());
    let value = u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"));
    value % n as u64 == (k - 1) as u64
}

/// How the motions of a run fared in one format.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FormatCounts {
    pub built: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// Stack size of the threads that render: typst recurses deeply while laying out.
const RENDER_STACK: usize = 16 << 20;

/// Maps `items` on `jobs` threads (0: one per core), results in the order of `items`.
///
/// Each thread is the only worker of its own rayon pool, and takes the next item from a
/// shared counter. typst and krilla hand parts of their work to rayon: in a pool of one
/// that work runs on the same thread, in place, instead of going to rayon's global pool
/// while the render thread waits (two threads swapping for every part, and the pool's
/// idle workers spinning on cores the render threads need). Not one pool for every
/// motion either: a rayon worker that waits inside typst steals the next motion and
/// renders it on the same stack, nesting documents until the stack overflows (seen at
/// 3,000 motions) and keeping them all in memory.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
) -> std::io::Result<Vec<R>> {
    let jobs = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    }
    .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let pools = (0..jobs)
        .map(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(RENDER_STACK)
                .build()
                .map_err(std::io::Error::other)
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    std::thread::scope(|scope| {
        for pool in &pools {
            scope.spawn(|| {
                pool.install(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let result = work(item);
                        *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    }
                })
            });
        }
    });
    Ok(results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was processed")
        })
        .collect())
}

/// The date-time of a Unix time (seconds, UTC), as `SOURCE_DATE_EPOCH` gives it.
pub fn datetime_from_epoch(seconds: i64) -> Option<typst::foundations::Datetime> {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    typst::foundations::Datetime::from_ymd_hms(
        year,
        month,
        day,
        (rest / 3_600) as u8,
        (rest % 3_600 / 60) as u8,
        (rest % 60) as u8,
    )
}

/// Reads `--build-time`: `2026-12-08` or `2026-12-08T10:30:00` (UTC).
pub fn parse_build_time(text: &str) -> Option<typst::foundations::Datetime> {
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let date = crate::model::Date::parse(date)?;
    let mut parts = time
        .trim_end_matches('Z')
        .split(':')
        .map(|p| p.parse::<u8>().ok());
    let (h, m, s) = (
        parts.next()??,
        parts.next()??,
        parts.next().flatten().unwrap_or(0),
    );
    typst::foundations::Datetime::from_ymd_hms(date.year.into(), date.month, date.day, h, m, s)
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub built: usize,
    pub unchanged: usize,
    /// The same, format by format (a template error fails one format's motions).
    pub per_format: Vec<(Format, FormatCounts)>,
    /// Outputs removed because their motion was deleted.
    pub removed: usize,
    /// Motions left to other shards.
    pub other_shards: usize,
    /// Motions whose outputs could not be made (a template error, a path outside the
    /// output folder, two motions with the same output).
    pub failures: Vec<Failure>,
    pub index: Option<PathBuf>,
}

enum Outcome {
    Built(ManifestEntry),
    Unchanged(ManifestEntry),
    Failed(Failure),
}

/// An outcome whose record is in the store.
enum Stored {
    Built(Record),
    Unchanged(Record),
    Failed(Failure),
}

/// Why a motion's outputs could not be made.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    /// The format that failed, when one did.
    pub format: Option<Format>,
    /// A diagnostic pointing into a template, when the failure has a place.
    pub diagnostic: Option<Box<crate::diag::Diagnostic>>,
}

impl Failure {
    fn message(message: String) -> Failure {
        Failure {
            message,
            format: None,
            diagnostic: None,
        }
    }

    fn from_error(display: &str, format: Option<Format>, error: render::RenderError) -> Failure {
        Failure {
            message: format!("{display} : {}", error.message),
            format,
            diagnostic: error.diagnostic,
        }
    }
}

/// Builds every motion that passed the check.
pub fn build(
    run: &mut CheckRun,
    assets: &Assets,
    options: &BuildOptions,
) -> std::io::Result<BuildReport> {
    let out_dir = options.out_dir;
    std::fs::create_dir_all(out_dir)?;
    // Where the output folder really is, links resolved: every written file must land
    // inside it.
    let real_out_dir = std::fs::canonicalize(out_dir)?;
    output::remove_leftovers(out_dir);
    let manifest_path = match options.shard {
        Some((k, n)) => out_dir.join(manifest::shard_manifest(k, n)),
        None => out_dir.join(manifest::MANIFEST),
    };
    // The records of the last build wait on disk, in the store that this build's records
    // join; each is taken by the motion it describes.
    let mut manifest = Manifest::load_file(&manifest_path)?;
    manifest.version = manifest::MANIFEST_VERSION;
    manifest.tool = format!("motion {}", env!("CARGO_PKG_VERSION"));
    let previous_records = std::sync::Mutex::new(std::mem::take(&mut manifest.motions));
    let store = std::sync::Arc::clone(&manifest.store);
    let mut formats = options.formats.to_vec();
    formats.sort();
    formats.dedup();
    let mut base_hasher = blake3::Hasher::new();
    base_hasher.update(assets.fingerprint().as_bytes());
    for format in &formats {
        base_hasher.update(format.extension().as_bytes());
    }
    base_hasher.update(format!("{:?}|{:?}", options.build_time, options.pdf_standards).as_bytes());

    // Plan: one output stem per motion, refusing paths that leave the output folder and
    // two motions that would write the same files.
    let mut report = BuildReport::default();
    let mut planned: Vec<(CheckedMotion, String)> = Vec::new();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for checked in std::mem::take(&mut run.motions) {
        let Some(stem) = output::output_stem(&checked.input.path, &checked.input.base) else {
            report.failures.push(Failure::message(format!(
                "{} : chemin de sortie impossible",
                checked.input.display
            )));
            continue;
        };
        let stem = stem.to_string_lossy().replace('\\', "/");
        if let Some(owner) = owners.get(&stem) {
            report.failures.push(Failure::message(format!(
                "{} : même fichier de sortie que {owner} ({stem}) ; renommez l’un des deux",
                checked.input.display
            )));
            continue;
        }
        owners.insert(stem.clone(), checked.input.display.clone());
        if options.shard.is_some_and(|shard| !in_shard(&stem, shard)) {
            report.other_shards += 1;
            continue;
        }
        planned.push((checked, stem));
    }
    drop(owners);

    let shared = Shared {
        real_out_dir: &real_out_dir,
        run,
        formats: &formats,
        assets,
        previous: &previous_records,
        store: &store,
        options,
    };
    let outcomes: Vec<(String, Stored)> =
        parallel_map(&planned, options.jobs, |(checked, stem)| {
            let mut hasher = base_hasher.clone();
            hasher.update(checked.source_hash.as_bytes());
            let hash = Digest(hasher.finalize());
            // A panic (a bug, ours or the engine's, on some text) fails this motion only:
            // the others are built, and its earlier outputs stay.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                build_one(&shared, checked, stem, hash)
            }))
            .unwrap_or_else(|panic| {
                Outcome::Failed(Failure::message(format!(
                    "{} : erreur interne pendant la construction ({}) ; merci de signaler \
                     ce fichier aux mainteneurs de motion",
                    checked.input.display,
                    batch::panic_message(panic.as_ref())
                )))
            });
            // The record goes to the store at once: nothing of the motion stays in memory.
            let outcome = match outcome {
                Outcome::Built(entry) => store.push(&entry).map(Stored::Built),
                Outcome::Unchanged(entry) => store.push(&entry).map(Stored::Unchanged),
                Outcome::Failed(failure) => Ok(Stored::Failed(failure)),
            }
            .unwrap_or_else(|error| {
                Stored::Failed(Failure::message(format!(
                    "{} : registre de construction impossible à écrire ({error})",
                    checked.input.display
                )))
            });
            if let Some(progress) = options.progress {
                progress();
            }
            (stem.clone(), outcome)
        })?;
    drop(planned);

    let mut counts = vec![FormatCounts::default(); formats.len()];
    for (stem, outcome) in outcomes {
        let record = match outcome {
            Stored::Built(record) => {
                report.built += 1;
                counts.iter_mut().for_each(|c| c.built += 1);
                record
            }
            Stored::Unchanged(record) => {
                report.unchanged += 1;
                counts.iter_mut().for_each(|c| c.unchanged += 1);
                record
            }
            Stored::Failed(failure) => {
                for (format, count) in formats.iter().zip(counts.iter_mut()) {
                    if failure.format.is_none_or(|f| f == *format) {
                        count.failed += 1;
                    }
                }
                report.failures.push(failure);
                continue;
            }
        };
        manifest.motions.insert(stem, record);
    }
    let invalid = run.failed_motions;
    counts.iter_mut().for_each(|c| c.failed += invalid);
    report.per_format = formats.iter().copied().zip(counts).collect();

    // What the last build made for motions that are gone: a motion deleted from a folder
    // this run walked has its outputs removed. A motion with errors this time keeps its
    // previous outputs and record; one in a folder not walked this time is kept too.
    let walked: std::collections::BTreeSet<String> = run
        .walked
        .iter()
        .map(|folder| folder.to_string_lossy().into_owned())
        .collect();
    let found: std::collections::BTreeSet<String> = run
        .inputs
        .iter()
        .filter_map(|i| output::output_stem(&i.path, &i.base))
        .map(|stem| stem.to_string_lossy().replace('\\', "/"))
        .collect();
    let leftovers = previous_records
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    for (stem, record) in leftovers {
        if manifest.motions.contains_key(&stem) {
            continue;
        }
        let entry = store.get(record)?;
        if walked.contains(&entry.base) && !found.contains(&stem) {
            for output in &entry.outputs {
                let path = out_dir.join(&output.path);
                if output::inside(&real_out_dir, &path).unwrap_or(false)
                    && std::fs::remove_file(&path).is_ok()
                {
                    report.removed += 1;
                }
            }
            continue;
        }
        manifest.motions.insert(stem, record);
    }

    manifest.save_as(&manifest_path)?;
    // The index lists every motion of the manifest, built now or before; a shard leaves
    // it to `motion merge-manifests`.
    if formats.contains(&Format::Html) && options.shard.is_none() {
        let path = out_dir.join("index.html");
        match write_index(&path, &manifest, assets) {
            Ok(()) => report.index = Some(path),
            Err(error) => report
                .failures
                .push(Failure::from_error("index", None, error)),
        }
    }
    Ok(report)
}

/// The index entries of a manifest, read from its store as the index page needs them.
#[derive(Debug)]
struct StoredIndex {
    store: std::sync::Arc<RecordStore>,
    records: Vec<Record>,
}

impl render::IndexEntries for StoredIndex {
    fn count(&self) -> usize {
        self.records.len()
    }

    fn get(&self, i: usize) -> Option<IndexEntry> {
        self.store.get(*self.records.get(i)?).ok()?.index.entry()
    }
}

/// Writes the archive index of every motion of `manifest`.
fn write_index(
    path: &Path,
    manifest: &Manifest,
    assets: &Assets,
) -> Result<(), render::RenderError> {
    let entries = std::sync::Arc::new(StoredIndex {
        store: std::sync::Arc::clone(&manifest.store),
        records: manifest.motions.values().copied().collect(),
    });
    output::write_streamed_if_changed(path, |out| render::render_index(entries, assets, out))
}

/// What every motion of a build reads.
struct Shared<'a> {
    run: &'a CheckRun,
    formats: &'a [Format],
    assets: &'a Assets,
    /// The records of the last build not yet taken by their motion, and where they are.
    previous: &'a std::sync::Mutex<BTreeMap<String, Record>>,
    store: &'a RecordStore,
    options: &'a BuildOptions<'a>,
    /// The output folder, canonical.
    real_out_dir: &'a Path,
}

fn build_one(shared: &Shared, checked: &CheckedMotion, stem: &str, hash: Digest) -> Outcome {
    let Shared {
        run,
        formats,
        assets,
        previous,
        store,
        options,
        real_out_dir,
    } = *shared;
    let out_dir = options.out_dir;
    let display = &checked.input.display;
    // Unchanged inputs give the same outputs and the same index entry: nothing to do.
    // The record is taken out to look at its files without holding the lock, and put
    // back when it does not fit (a failed build then keeps it).
    let old = (!options.force)
        .then(|| {
            previous
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(stem)
        })
        .flatten();
    if let Some(record) = old {
        let old = store.get(record).ok();
        let intact = old.as_ref().is_some_and(|old| {
            old.hash == hash
                && old.outputs.len() == formats.len()
                && old.outputs.iter().all(|o| {
                    std::fs::metadata(out_dir.join(&o.path)).is_ok_and(|m| m.len() == o.size)
                })
        });
        if let Some(old) = old.filter(|_| intact) {
            return Outcome::Unchanged(ManifestEntry {
                source: display.clone(),
                base: checked.input.base.to_string_lossy().into_owned(),
                ..old
            });
        }
        previous
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(stem.to_string(), record);
    }
    // Read again: holding every motion from the check on would make memory grow with
    // the archive.
    let Some(motion) = run.reload(checked) else {
        return Outcome::Failed(Failure::message(format!(
            "{display} : le fichier a changé pendant la construction ; relancez-la"
        )));
    };
    batch::injected_panic("build", display);
    let motion = typeset_motion(motion);
    let assembled = render::assemble(&motion);
    let document = &assembled;
    let links: Vec<IndexOutput> = formats
        .iter()
        .map(|f| IndexOutput {
            label: f.label().to_string(),
            href: format!("{stem}.{}", f.extension()),
        })
        .collect();
    let record = |outputs: Vec<OutputRecord>| ManifestEntry {
        source: display.clone(),
        base: checked.input.base.to_string_lossy().into_owned(),
        status: motion.status,
        reference: motion.reference.as_ref().map(ToString::to_string),
        hash,
        outputs,
        index: IndexRecord::new(&IndexEntry::new(document, links.clone())),
    };
    // Render every format first: a motion is written whole or not at all.
    let first_day = motion.session.dates.first().and_then(|d| {
        typst::foundations::Datetime::from_ymd_hms(d.year.into(), d.month, d.day, 0, 0, 0)
    });
    let render_options = render::RenderOptions {
        pdf: render::pdf::PdfSettings {
            build_time: options
                .build_time
                .or(first_day)
                .unwrap_or_else(|| datetime_from_epoch(0).expect("the epoch is a date")),
            ident: format!("motion:{stem}"),
            standards: options.pdf_standards.clone(),
        },
    };
    let mut rendered = Vec::new();
    for format in formats {
        match render::render(*format, document, assets, &render_options) {
            Ok(bytes) => rendered.push((*format, bytes)),
            Err(error) => {
                return Outcome::Failed(Failure::from_error(display, Some(*format), error));
            }
        }
    }
    let mut outputs = Vec::new();
    for (format, bytes) in rendered {
        let relative = format!("{stem}.{}", format.extension());
        let path = out_dir.join(&relative);
        let written = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(path.parent().unwrap_or(out_dir))?;
            if !output::inside(real_out_dir, &path)? {
                return Err(std::io::Error::other("le chemin sort du dossier de sortie"));
            }
            output::write_atomically(&path, &bytes)
        })();
        if let Err(error) = written {
            return Outcome::Failed(Failure::message(format!(
                "{display} : écriture de {} impossible ({})",
                path.display(),
                output::io_reason(&error)
            )));
        }
        outputs.push(OutputRecord {
            path: relative,
            size: bytes.len() as u64,
            hash: Digest(blake3::hash(&bytes)),
        });
    }
    Outcome::Built(record(outputs))
}

/// What `merge_manifests` did.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// The shard manifests joined.
    pub shards: Vec<PathBuf>,
    pub motions: usize,
    pub index: Option<PathBuf>,
}

/// Joins the shard manifests of an output folder (`manifest.shard-K-of-N.json`, written
/// by `--shard`) into `manifest.json`, removes them, and writes the archive index of every
/// motion. The outputs themselves are already in place (each shard wrote its own files).
pub fn merge_manifests(out_dir: &Path, assets: &Assets) -> std::io::Result<MergeReport> {
    let mut report = MergeReport::default();
    let mut shards: Vec<PathBuf> = std::fs::read_dir(out_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("manifest.shard-") && n.ends_with(".json"))
        })
        .collect();
    shards.sort();
    let mut merged = Manifest::load(out_dir)?;
    merged.version = manifest::MANIFEST_VERSION;
    merged.tool = format!("motion {}", env!("CARGO_PKG_VERSION"));
    for shard in &shards {
        let Some(manifest) = Manifest::read_file(shard)? else {
            return Err(std::io::Error::other(format!(
                "{} n’est pas un manifeste lisible",
                shard.display()
            )));
        };
        // Each record copied into the merged manifest's store.
        for (stem, record) in manifest.motions {
            let copied = merged.store.push_json(&manifest.store.json(record)?)?;
            merged.motions.insert(stem, copied);
        }
    }
    merged.save(out_dir)?;
    for shard in &shards {
        std::fs::remove_file(shard)?;
    }
    report.motions = merged.motions.len();
    let index_path = out_dir.join("index.html");
    write_index(&index_path, &merged, assets).map_err(|e| std::io::Error::other(e.message))?;
    report.shards = shards;
    report.index = Some(index_path);
    Ok(report)
}
