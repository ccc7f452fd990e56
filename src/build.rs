//! The build stage of a run, under the output folder's lock: plans the outputs of each
//! motion that passed `check` (`plan`), finds which output files are already what a fresh
//! build would write (`fresh`), typesets, renders and writes the others atomically,
//! journaling each finished motion (`records`), then writes the manifest and the archive
//! index; `merge` joins the manifests of shards. Finding and checking motions is
//! `batch`'s; rendering is `render`'s.

mod fresh;
mod merge;
mod plan;
mod records;

pub use merge::{MergeError, MergeReport, merge_manifests};
pub use plan::in_shard;

use crate::batch::{self, CheckRun, CheckedMotion};
use crate::compile;
use crate::manifest::{Digest, Manifest, ManifestEntry, OutputRecord, Record, RecordStore};
use crate::output;
use crate::render::{self, Assets, Format, IndexEntry, IndexOutput, IndexRecord};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a build is asked to do.
pub struct BuildOptions<'a> {
    pub out_dir: &'a Path,
    pub formats: &'a [Format],
    pub force: bool,
    /// The build time written in every document; `None`: each motion's first session day.
    pub build_time: Option<render::BuildTime>,
    pub pdf_standards: Vec<typst_pdf::PdfStandard>,
    /// Threads that render (0: one per core).
    pub jobs: usize,
    /// Build only shard `k` of `n` (1-based): a stable share of the motions, so that
    /// `n` machines can split an archive; their manifests are joined by
    /// `motion merge-manifests`.
    pub shard: Option<(usize, usize)>,
    /// Told how the build goes (a progress bar, a message while it waits).
    pub progress: &'a dyn Progress,
}

/// What a build tells while it runs, from any thread. Every method does nothing by
/// default.
pub trait Progress: Sync {
    /// Another build holds the output folder: this one waits for it.
    fn waiting(&self) {}
    /// The build takes `motions` motions (those of its shard).
    fn start(&self, motions: usize) {
        let _ = motions;
    }
    /// One motion is done: built, unchanged or failed.
    fn done(&self) {}
}

/// A build that tells nothing.
pub struct Silent;

impl Progress for Silent {}

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

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Motions with at least one output written.
    pub built: usize,
    /// Motions whose every output was already what this build would write.
    pub unchanged: usize,
    /// The same, format by format (a template error fails one format's motions).
    pub per_format: Vec<(Format, FormatCounts)>,
    /// Outputs removed because their motion was deleted or moved, or because they no
    /// longer matched their motion.
    pub removed: usize,
    /// Motions left to other shards.
    pub other_shards: usize,
    /// Motions that a killed build had finished, taken from its journal.
    pub resumed: usize,
    /// Why the manifest found was set aside (and the build started clean), when it was.
    pub set_aside: Option<String>,
    /// Motions whose outputs could not be made (a template error, a path outside the
    /// output folder, two motions with the same output).
    pub failures: Vec<Failure>,
    pub index: Option<PathBuf>,
}

/// Why a build stopped before writing anything.
#[derive(Debug)]
pub enum BuildError {
    Io(std::io::Error),
    /// Files in the output folder that the build would replace though no build of
    /// `motion` wrote them (relative to the output folder).
    Foreign(Vec<String>),
}

impl From<std::io::Error> for BuildError {
    fn from(error: std::io::Error) -> BuildError {
        BuildError::Io(error)
    }
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

/// A format asked of a motion, as its outputs on disk stand.
struct Asked {
    format: Format,
    /// What its output is made from this time.
    digest: Digest,
    /// The output's record when the file on disk is what this build would write.
    fresh: Option<OutputRecord>,
    /// The last build recorded an output of this format.
    recorded: bool,
}

/// What the look at a motion's outputs on disk found, before anything is written.
struct Assessment {
    /// Its record in the last build's store, if it had one.
    old: Option<Record>,
    /// That record holds exactly what this build would record: it is copied as it is.
    same: bool,
    asked: Vec<Asked>,
    /// Outputs of formats not asked this time that are still fresh: they stay.
    kept: Vec<OutputRecord>,
    /// Outputs of formats not asked this time that no longer match their motion.
    stale: Vec<String>,
    /// Existing files the build would replace that no record says are its own.
    foreign: Vec<String>,
}

impl Assessment {
    fn unchanged(&self) -> bool {
        self.asked.iter().all(|a| a.fresh.is_some())
    }
}

/// How one motion fared.
enum Outcome {
    /// Its record (in the journal), and for each format asked whether it was written.
    Done(Record, Vec<(Format, bool)>),
    Failed(Failure),
}

/// Builds every motion that passed the check.
pub fn build(
    run: &mut CheckRun,
    assets: &Assets,
    options: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    let out_dir = options.out_dir;
    std::fs::create_dir_all(out_dir)?;
    // Where the output folder really is, links resolved: every written file must land
    // inside it.
    let real_out_dir = std::fs::canonicalize(out_dir)?;
    let _lock = output::OutputLock::acquire(out_dir, &|| options.progress.waiting())?;
    // Under the lock, temporary files are those of a killed build.
    output::remove_leftovers(out_dir);
    let root = std::fs::canonicalize(&run.root).unwrap_or_else(|_| run.root.clone());
    let mut report = BuildReport::default();
    let records = records::open(out_dir, &root, options.shard, &mut report)?;
    // The records' root: this build's, or a wider one of the same tree.
    let root = records.root.clone();
    let mut formats = options.formats.to_vec();
    formats.sort();
    formats.dedup();
    let digests = fresh::Digests::new(assets, options);

    let plan = plan::plan(&run.motions, options.shard);
    report.other_shards = plan.other_shards;
    report
        .failures
        .extend(plan.refused.into_iter().map(Failure::message));

    // First look at every output on disk, writing nothing: a file the build did not
    // write stops it before it starts.
    let assessments: Vec<Assessment> = plan
        .motions
        .par_iter()
        .map(|(checked, stem)| assess(&records, &digests, &formats, options, checked, stem))
        .collect();
    let (foreign, writes_index) =
        foreign_files(out_dir, &records, &assessments, &formats, options.shard);
    if !foreign.is_empty() {
        records.abandon();
        return Err(BuildError::Foreign(foreign));
    }

    let shared = Shared {
        root: &root,
        real_out_dir: &real_out_dir,
        run,
        assets,
        records: &records,
        options,
    };
    let work: Vec<_> = plan.motions.iter().zip(&assessments).collect();
    options.progress.start(work.len());
    let outcomes: Vec<(String, Outcome)> =
        parallel_map(&work, options.jobs, |((checked, stem), assessment)| {
            // A panic (a bug, ours or the engine's, on some text) fails this motion only:
            // the others are built, and its earlier outputs stay.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                build_one(&shared, checked, stem, assessment)
            }))
            .unwrap_or_else(|panic| {
                Outcome::Failed(Failure::message(format!(
                    "{} : erreur interne pendant la construction ({}) ; merci de signaler \
                     ce fichier aux mainteneurs de motion",
                    checked.input.display,
                    batch::panic_message(panic.as_ref())
                )))
            });
            options.progress.done();
            (stem.clone(), outcome)
        })?;
    let done = tally(
        outcomes,
        &assessments,
        &formats,
        &records,
        out_dir,
        run.failed_motions,
        &mut report,
    );

    // The records of motions not built this time: kept while their source exists (a
    // motion with errors keeps its outputs), removed with their outputs when it is gone
    // or was deleted from a folder walked this time.
    let finish = records::Finish {
        root: &root,
        walked: run
            .walked
            .iter()
            .map(|folder| relative_to(&root, folder))
            .collect(),
        found: run.inputs.iter().filter_map(|i| plan::stem_of(i)).collect(),
    };
    drop(assessments);
    let (manifest, removed) = records.finish(out_dir, done, &finish)?;
    report.removed += removed;
    // The index lists every motion of the manifest, built now or before; a shard leaves
    // it to `motion merge-manifests`.
    if writes_index {
        let path = out_dir.join(crate::render::INDEX_FILE);
        match write_index(&path, &manifest, assets) {
            Ok(()) => report.index = Some(path),
            Err(error) => report
                .failures
                .push(Failure::from_error("index", None, error)),
        }
    }
    Ok(report)
}

/// The files in the way that no record gives to the build (sorted), and whether the
/// build writes the index: a build of HTML does, and any other build that finds its own
/// index there keeps it true (outputs removed since must not stay linked).
fn foreign_files(
    out_dir: &Path,
    records: &records::Records,
    assessments: &[Assessment],
    formats: &[Format],
    shard: Option<(usize, usize)>,
) -> (Vec<String>, bool) {
    let mut foreign: Vec<String> = assessments
        .iter()
        .flat_map(|a| a.foreign.iter().cloned())
        .collect();
    let index = out_dir.join(crate::render::INDEX_FILE);
    let index_is_ours =
        index.exists() && (records.index_is_ours || fresh::written_by_motion(&index, Format::HTML));
    let writes_index = shard.is_none() && (formats.contains(&Format::HTML) || index_is_ours);
    if writes_index && index.exists() && !index_is_ours {
        foreign.push(crate::render::INDEX_FILE.into());
    }
    foreign.sort();
    (foreign, writes_index)
}

/// Counts the outcomes into the report, format by format, and returns the records of
/// the motions done. A motion that failed keeps its last record (and the outputs it
/// lists); a file of a format it had none of, written before the failure, goes.
fn tally(
    outcomes: Vec<(String, Outcome)>,
    assessments: &[Assessment],
    formats: &[Format],
    records: &records::Records,
    out_dir: &Path,
    invalid: usize,
    report: &mut BuildReport,
) -> Vec<(String, Record)> {
    let mut counts = vec![FormatCounts::default(); formats.len()];
    let mut done = Vec::new();
    for ((stem, outcome), assessment) in outcomes.into_iter().zip(assessments) {
        match outcome {
            Outcome::Done(record, written) => {
                if written.iter().any(|(_, w)| *w) {
                    report.built += 1;
                } else {
                    report.unchanged += 1;
                }
                for (format, written) in written {
                    if let Some(i) = formats.iter().position(|f| *f == format) {
                        if written {
                            counts[i].built += 1;
                        } else {
                            counts[i].unchanged += 1;
                        }
                    }
                }
                done.push((stem, record));
            }
            Outcome::Failed(failure) => {
                if let Some(old) = assessment.old {
                    records
                        .previous
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(stem.clone(), old);
                }
                for asked in assessment.asked.iter().filter(|a| !a.recorded) {
                    let path = out_dir.join(format!("{stem}.{}", asked.format.extension()));
                    let _ = std::fs::remove_file(path);
                }
                for (format, count) in formats.iter().zip(counts.iter_mut()) {
                    if failure.format.is_none_or(|f| f == *format) {
                        count.failed += 1;
                    }
                }
                report.failures.push(failure);
            }
        }
    }
    counts.iter_mut().for_each(|c| c.failed += invalid);
    report.per_format = formats.iter().copied().zip(counts).collect();
    done
}

/// `path` relative to the sources' root (canonical), with `/` separators; whole when it
/// is not under it.
fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string_lossy().into_owned())
}

/// Looks at a motion's outputs on disk against its last record.
fn assess(
    records: &records::Records,
    digests: &fresh::Digests,
    formats: &[Format],
    options: &BuildOptions,
    checked: &CheckedMotion,
    stem: &str,
) -> Assessment {
    let root = records.root.as_path();
    let out_dir = options.out_dir;
    let old = records
        .previous
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(stem);
    let entry = old.and_then(|record| records.previous_store.outputs(record).ok());
    let (source, base) = (
        relative_to(root, &checked.input.path),
        relative_to(root, &checked.input.base),
    );
    let same_place = entry
        .as_ref()
        .is_some_and(|e| e.source == source && e.base == base);
    let outputs = entry.map(|e| e.outputs).unwrap_or_default();
    let recorded = |format: Format| {
        outputs
            .iter()
            .find(|o| fresh::format_of(&o.path) == Some(format))
    };
    let mut assessment = Assessment {
        old,
        same: false,
        asked: Vec::new(),
        kept: Vec::new(),
        stale: Vec::new(),
        foreign: Vec::new(),
    };
    for &format in formats {
        let digest = digests.of(format, &checked.source_hash);
        let previous = recorded(format);
        let fresh = previous
            .filter(|o| !options.force && o.inputs == digest)
            .and_then(|o| fresh::on_disk(out_dir, o));
        if previous.is_none() {
            let path = format!("{stem}.{}", format.extension());
            let full = out_dir.join(&path);
            if std::fs::symlink_metadata(&full).is_ok() && !fresh::written_by_motion(&full, format)
            {
                assessment.foreign.push(path);
            }
        }
        assessment.asked.push(Asked {
            format,
            digest,
            fresh,
            recorded: previous.is_some(),
        });
    }
    for output in &outputs {
        let Some(format) = fresh::format_of(&output.path) else {
            continue;
        };
        if formats.contains(&format) {
            continue;
        }
        let digest = digests.of(format, &checked.source_hash);
        match fresh::on_disk(out_dir, output).filter(|o| o.inputs == digest) {
            Some(fresh) => assessment.kept.push(fresh),
            None => assessment.stale.push(output.path.clone()),
        }
    }
    // Nothing to change in the record (no stamp moved, nothing stale, same source): the
    // build copies it rather than writing it again.
    if same_place && assessment.unchanged() && assessment.stale.is_empty() {
        let mut now: Vec<&OutputRecord> = assessment
            .asked
            .iter()
            .filter_map(|a| a.fresh.as_ref())
            .chain(&assessment.kept)
            .collect();
        let mut before: Vec<&OutputRecord> = outputs.iter().collect();
        now.sort_by(|a, b| a.path.cmp(&b.path));
        before.sort_by(|a, b| a.path.cmp(&b.path));
        assessment.same = now == before;
    }
    assessment
}

/// The index entries of a manifest, read from its store as the index page needs them,
/// each with links to the outputs its record lists.
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
        let record = self.store.get(*self.records.get(i)?).ok()?;
        let mut entry = record.index.entry()?;
        entry.outputs = Format::all()
            .filter_map(|format| {
                let output = record
                    .outputs
                    .iter()
                    .find(|o| fresh::format_of(&o.path) == Some(format))?;
                Some(IndexOutput {
                    label: format.label().to_string(),
                    href: output.path.clone(),
                })
            })
            .collect();
        Some(entry)
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
    assets: &'a Assets,
    records: &'a records::Records,
    options: &'a BuildOptions<'a>,
    /// The output folder, canonical.
    real_out_dir: &'a Path,
    /// The sources' root, canonical.
    root: &'a Path,
}

/// The record of a motion, with paths relative to the sources' root (`root`, canonical).
fn entry_of(
    root: &Path,
    checked: &CheckedMotion,
    status: crate::model::Status,
    reference: Option<String>,
    outputs: Vec<OutputRecord>,
    index: IndexRecord,
) -> ManifestEntry {
    ManifestEntry {
        source: relative_to(root, &checked.input.path),
        base: relative_to(root, &checked.input.base),
        status,
        reference,
        outputs,
        index,
    }
}

/// Removes the outputs of formats not asked this time that no longer match their
/// motion (they are the build's own: their paths are in its records).
fn remove_stale(out_dir: &Path, stale: &[String]) {
    for path in stale {
        let _ = std::fs::remove_file(out_dir.join(path));
    }
}

fn build_one(
    shared: &Shared,
    checked: &CheckedMotion,
    stem: &str,
    assessment: &Assessment,
) -> Outcome {
    let Shared {
        run,
        assets,
        records,
        options,
        real_out_dir,
        root,
    } = *shared;
    let out_dir = options.out_dir;
    let display = &checked.input.display;
    let journal = &records.journal;
    let journal_failure = |error: std::io::Error| {
        Outcome::Failed(Failure::message(format!(
            "{display} : journal de construction impossible à écrire ({})",
            output::io_reason(&error)
        )))
    };
    // Every output already what this build would write: the record stays, with the
    // stamps brought up to date.
    if assessment.same
        && let Some(old) = assessment.old
        && let Ok(json) = records.previous_store.json(old)
    {
        let written = assessment.asked.iter().map(|a| (a.format, false)).collect();
        return match journal.record_json(stem, &json) {
            Ok(record) => Outcome::Done(record, written),
            Err(error) => journal_failure(error),
        };
    }
    if assessment.unchanged() {
        let old = assessment
            .old
            .and_then(|record| records.previous_store.get(record).ok());
        if let Some(old) = old {
            remove_stale(out_dir, &assessment.stale);
            let mut outputs: Vec<OutputRecord> = assessment
                .asked
                .iter()
                .filter_map(|a| a.fresh.clone())
                .collect();
            outputs.extend(assessment.kept.iter().cloned());
            outputs.sort_by(|a, b| a.path.cmp(&b.path));
            let entry = ManifestEntry {
                outputs,
                ..entry_of(
                    root,
                    checked,
                    old.status,
                    old.reference,
                    Vec::new(),
                    old.index,
                )
            };
            let written = assessment.asked.iter().map(|a| (a.format, false)).collect();
            return match journal.record(stem, &entry) {
                Ok(record) => Outcome::Done(record, written),
                Err(error) => journal_failure(error),
            };
        }
    }
    // The motion as it was checked, set aside by the check: never read twice.
    let motion = match run.motion(checked) {
        Ok(motion) => motion,
        Err(error) => {
            return Outcome::Failed(Failure::message(format!(
                "{display} : motion vérifiée illisible ({})",
                output::io_reason(&error)
            )));
        }
    };
    crate::faults::panic_at("build", display);
    let document = compile::document(motion);
    // Render every stale format first: a motion is written whole or not at all.
    let render_options = render::RenderOptions {
        build_time: options
            .build_time
            .or_else(|| {
                document
                    .metadata
                    .date
                    .and_then(render::BuildTime::from_date)
            })
            .or_else(|| render::BuildTime::from_unix(0))
            .expect("the epoch is a time"),
        pdf: render::pdf::PdfSettings {
            ident: format!("motion:{stem}"),
            standards: options.pdf_standards.clone(),
        },
    };
    let mut rendered = Vec::new();
    for asked in assessment.asked.iter().filter(|a| a.fresh.is_none()) {
        match render::render(asked.format, &document, assets, &render_options) {
            Ok(bytes) => rendered.push((asked.format, asked.digest, bytes)),
            Err(error) => {
                return Outcome::Failed(Failure::from_error(display, Some(asked.format), error));
            }
        }
    }
    // The paths are claimed in the journal before the first is written: should the
    // build be killed in between, the next one knows these files are its own.
    let paths: Vec<String> = rendered
        .iter()
        .map(|(format, _, _)| format!("{stem}.{}", format.extension()))
        .collect();
    if let Err(error) = journal.claim(&paths) {
        return journal_failure(error);
    }
    let mut outputs: Vec<OutputRecord> = assessment
        .asked
        .iter()
        .filter_map(|a| a.fresh.clone())
        .collect();
    for ((_, digest, bytes), relative) in rendered.iter().zip(paths) {
        let path = out_dir.join(&relative);
        let written = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(path.parent().unwrap_or(out_dir))?;
            if !output::inside(real_out_dir, &path)? {
                return Err(std::io::Error::other("le chemin sort du dossier de sortie"));
            }
            output::write_atomically(&path, bytes)
        })();
        if let Err(error) = written {
            return Outcome::Failed(Failure::message(format!(
                "{display} : écriture de {} impossible ({})",
                path.display(),
                output::io_reason(&error)
            )));
        }
        // Just written: its stamp is not trusted yet, the next build checks the hash.
        outputs.push(OutputRecord {
            path: relative,
            inputs: *digest,
            size: bytes.len() as u64,
            hash: Digest(blake3::hash(bytes)),
            stamp: None,
        });
    }
    crate::faults::kill_at("written", display);
    remove_stale(out_dir, &assessment.stale);
    outputs.extend(assessment.kept.iter().cloned());
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let entry = entry_of(
        root,
        checked,
        document.metadata.status,
        document.metadata.reference.clone(),
        outputs,
        IndexRecord::new(&IndexEntry::new(&document, Vec::new())),
    );
    let written = assessment
        .asked
        .iter()
        .map(|a| (a.format, a.fresh.is_none()))
        .collect();
    match journal.record(stem, &entry) {
        Ok(record) => {
            crate::faults::kill_at("recorded", display);
            Outcome::Done(record, written)
        }
        Err(error) => journal_failure(error),
    }
}
