//! The build stage of a run, under the output folder's lock, one file per step: plan the
//! outputs of each motion that passed `check` (`plan`), look at every output on disk for
//! what is already what a fresh build would write (`fresh`), render and write the others
//! on the render threads (`write`, `threads`), journal each finished motion and end with
//! the manifest (`records`), write the archive index (`index`); `merge` joins the
//! manifests of shards. This file holds the options, the report and the order of the
//! steps. Finding and checking motions is `batch`'s; rendering is `render`'s.

mod booklets;
mod fresh;
mod index;
mod ledger;
mod merge;
mod neighbours;
mod plan;
mod products;
mod records;
mod search;
mod site;
mod threads;
mod write;

pub use booklets::BookletReport;
pub use merge::{MergeError, MergeReport, merge_manifests};
pub use plan::{in_shard, stem_of};
pub use search::SearchReport;
pub use threads::parallel_map;

use fresh::{Assessment, assess, foreign_files};
use write::{Outcome, Shared, build_one};

use crate::batch::{self, CheckRun};
use crate::manifest;
use crate::output;
use crate::render::{self, Assets, Format};
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
    /// Write the séances' booklets (when PDFs are built); `false` leaves them as they
    /// are, linked from the index as recorded (the live preview makes them once the
    /// sources are quiet).
    pub booklets: bool,
    /// Make the search bundle of the manifest's pages, whatever the formats built;
    /// `false` leaves it as it is (`--no-search`; the live preview makes it once the
    /// sources are quiet).
    pub search: bool,
    /// Told how the build goes (a progress bar, a message while it waits).
    pub progress: &'a dyn Progress,
    /// The manifest this process last wrote, kept in memory from one build to the next
    /// (`serve`, `watch`); `None`: read from its file, as always.
    pub memory: Option<&'a manifest::ManifestMemory>,
}

/// The parts of a build that take time, each counted on its own (a bar each): the
/// motions, then the archive's products that have work to do (the search beside the
/// booklets and the pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// The motions' outputs, one motion at a time (built, unchanged or failed).
    Motions,
    /// The séances' booklets to make, one booklet at a time.
    Booklets,
    /// The séances' and tags' pages and the feeds: one séance, one tag, the archive's feed.
    Pages,
    /// The search bundles to make: their pages, one bundle's at a time.
    Search,
}

impl Phase {
    /// Its name as a bar shows it, and what it counts, in French.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Phase::Motions => ("motions", "motions"),
            Phase::Booklets => ("cahiers de séance", "cahiers"),
            Phase::Pages => ("pages", "séances et étiquettes"),
            Phase::Search => ("recherche", "pages indexées"),
        }
    }
}

/// What a build tells while it runs, from any thread. Every method does nothing by
/// default.
pub trait Progress: Sync {
    /// Another build holds the output folder: this one waits for it.
    fn waiting(&self) {}
    /// `phase` begins, with `total` things to do (a phase with nothing to do does not
    /// begin).
    fn begin(&self, phase: Phase, total: usize) {
        let _ = (phase, total);
    }
    /// `count` more things of `phase` are done.
    fn advance(&self, phase: Phase, count: usize) {
        let _ = (phase, count);
    }
    /// `phase` is over (done or failed).
    fn end(&self, phase: Phase) {
        let _ = phase;
    }
    /// A step of the build is over, said in French (`--verbose` prints it).
    fn step(&self, what: &str) {
        let _ = what;
    }
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
    /// Files the build would have removed but left where they are, each with why: a
    /// recorded path that leads out of the output folder or through a link, a file whose
    /// content is no longer what motion wrote.
    pub left: Vec<String>,
    /// Motions whose outputs could not be made (a template error, a path outside the
    /// output folder, two motions with the same output).
    pub failures: Vec<Failure>,
    /// How many of `failures` are the archive's products' (booklets, pages, search,
    /// index), not a motion's.
    pub archive_failures: usize,
    pub index: Option<PathBuf>,
    /// The séances' booklets (none when the build wrote no PDF, or in a shard).
    pub booklets: booklets::BookletReport,
    /// The search bundle (nothing done in a shard, or without `search`).
    pub search: search::SearchReport,
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
    let lock = output::OutputLock::acquire(out_dir, &|| options.progress.waiting())?;
    let root = std::fs::canonicalize(&run.root).unwrap_or_else(|_| run.root.clone());
    let mut report = BuildReport::default();
    // Files the build would remove but leaves, named in the report.
    let left = output::Left::default();
    let records = records::open(
        out_dir,
        &root,
        options.shard,
        options.memory,
        &mut report,
        &left,
    )?;
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
    // Each page links the texts before and after it in its séance: found before the
    // look at the outputs, which takes the records it reads.
    // Every motion of the run counts, those of other shards too: a shard's pages are
    // those of a whole build.
    let everyone: Vec<(&batch::CheckedMotion, String)> = run
        .motions
        .iter()
        .filter_map(|c| plan::stem_of(&c.input).map(|stem| (c, stem)))
        .collect();
    let neighbours = neighbours::Neighbours::find(&everyone, &records, &root);
    let assessments: Vec<Assessment> = plan
        .motions
        .par_iter()
        .map(|(checked, stem)| {
            assess(
                &records,
                &digests,
                &formats,
                options,
                checked,
                stem,
                &neighbours.hash(stem),
            )
        })
        .collect();
    let (foreign, writes_index) =
        foreign_files(out_dir, &records, &assessments, &formats, options.shard);
    let to_write: usize = assessments
        .iter()
        .map(|a| a.asked.iter().filter(|x| x.fresh.is_none()).count())
        .sum();
    let fresh: usize = assessments
        .iter()
        .map(|a| a.asked.iter().filter(|x| x.fresh.is_some()).count())
        .sum();
    options.progress.step(&format!(
        "sorties regardées sur le disque : {} à jour, {} à écrire, pour {}",
        crate::diag::french_number(fresh),
        crate::diag::french_number(to_write),
        crate::diag::plural(assessments.len(), "motion", "motions")
    ));
    if !foreign.is_empty() {
        records.abandon();
        return Err(BuildError::Foreign(foreign));
    }

    let shared = Shared {
        neighbours: &neighbours,
        root: &root,
        real_out_dir: &real_out_dir,
        run,
        assets,
        records: &records,
        options,
        left: &left,
    };
    let work: Vec<_> = plan.motions.iter().zip(&assessments).collect();
    if !work.is_empty() {
        options.progress.begin(Phase::Motions, work.len());
    }
    let outcomes = parallel_map(&work, options.jobs, |((checked, stem), assessment)| {
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
        options.progress.advance(Phase::Motions, 1);
        (stem.clone(), outcome)
    });
    options.progress.end(Phase::Motions);
    let outcomes: Vec<(String, Outcome)> = outcomes?;
    options
        .progress
        .step("motions rendues et écrites, chacune en entier ou pas du tout");
    let done = tally(
        outcomes,
        &assessments,
        &formats,
        &shared,
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
    let records_path = records.manifest_path.clone();
    let (manifest, removed) = records.finish(out_dir, done, &finish, &left)?;
    report.removed += removed;
    options.progress.step(&match report.removed {
        0 => "manifeste écrit ; aucune sortie à retirer".to_string(),
        1 => "manifeste écrit ; 1 sortie retirée (motion supprimée ou déplacée)".to_string(),
        n => format!(
            "manifeste écrit ; {} sorties retirées (motions supprimées ou déplacées)",
            crate::diag::french_number(n)
        ),
    });
    // The archive's own products (booklets, site, search, index), each made again only
    // when what it is made from changed. A shard has only part of each séance and of the
    // archive: it makes none, and leaves them to `motion merge-manifests`.
    if options.shard.is_none() {
        let archive = products::Archive {
            out_dir,
            root: &root,
            folders: std::iter::once(root.clone())
                .chain(run.walked.iter().cloned())
                .collect(),
            manifest: &manifest,
            records: manifest.content_digest()?,
            run,
            assets,
            options,
            booklets: formats.contains(&Format::PDF) && options.booklets,
            pages: writes_index,
        };
        let before = report.failures.len();
        let made = products::make(&archive, &mut report.failures, &left);
        report.archive_failures = report.failures.len() - before;
        report.booklets = made.booklets;
        report.search = made.search;
        report.index = made.index;
    }
    if let Some(memory) = options.memory {
        memory.keep(&records_path, manifest);
    }
    report.left = left.into_sorted();
    lock.ended();
    Ok(report)
}

/// Counts the outcomes into the report, format by format, and returns the records of
/// the motions done. A motion that failed keeps its last record (and the outputs it
/// lists); a file of a format it had none of, written before the failure, goes.
fn tally(
    outcomes: Vec<(String, Outcome)>,
    assessments: &[Assessment],
    formats: &[Format],
    shared: &Shared,
    invalid: usize,
    report: &mut BuildReport,
) -> Vec<(String, records::Held)> {
    let (records, out_dir, left) = (shared.records, shared.options.out_dir, shared.left);
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
                    let path = format!("{stem}.{}", asked.format.extension());
                    let removal = output::remove_owned(out_dir, &path, |file| {
                        fresh::written_by_motion(file, asked.format)
                    });
                    left.note(&path, removal);
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

/// Writes one of the archive's own files (a page, a feed, a registry) under `out_dir`,
/// creating its folder, unless it already holds `bytes`; a failure is said with the
/// file. Whether the file now holds them.
fn write_archive_file(
    out_dir: &Path,
    relative: &str,
    bytes: &[u8],
    failures: &mut Vec<Failure>,
) -> bool {
    write_archive_record(out_dir, relative, bytes, failures).is_some()
}

/// Writes one of the archive's own files (see `write_archive_file`) and returns its
/// record as the ledger keeps it.
fn write_archive_record(
    out_dir: &Path,
    relative: &str,
    bytes: &[u8],
    failures: &mut Vec<Failure>,
) -> Option<manifest::OutputRecord> {
    let path = out_dir.join(relative);
    let folder = Path::new(relative).parent().unwrap_or(Path::new(""));
    let result = output::create_folders(out_dir, folder)
        .and_then(|()| output::write_streamed_if_changed(&path, |out| out.write_all(bytes)));
    match result {
        Ok((size, hash)) => Some(manifest::OutputRecord {
            path: relative.to_string(),
            inputs: manifest::Digest(blake3::hash(b"")),
            size,
            hash: manifest::Digest(hash),
            stamp: None,
        }),
        Err(error) => {
            failures.push(Failure::message(format!(
                "{relative} : {}",
                output::io_reason(&error)
            )));
            None
        }
    }
}

/// A registry of the archive's files (`cahiers.json`, `pagefind/motion.json`), when it
/// is there and readable; else none (its files are then looked at as unknown).
fn read_registry<T: serde::de::DeserializeOwned>(out_dir: &Path, relative: &str) -> Option<T> {
    std::fs::read(out_dir.join(relative))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
}

/// Writes a registry of the archive's files (see `read_registry`).
fn write_registry<T: serde::Serialize>(
    out_dir: &Path,
    relative: &str,
    registry: &T,
    failures: &mut Vec<Failure>,
) {
    match serde_json::to_vec_pretty(registry) {
        Ok(bytes) => {
            write_archive_file(out_dir, relative, &bytes, failures);
        }
        Err(error) => failures.push(Failure::message(format!("{relative} : {error}"))),
    }
}
