//! The séances' booklets of a build: one PDF per séance of the manifest
//! (`cahiers/2026-12-08-conseil-de-paris.pdf`), its motions read again from their sources
//! (those of this run from the check, never read twice). A booklet is written again only
//! when its digest changes — the digests of its motions' PDFs, in order, and of its
//! templates and options — or when its file is not what was written; the registry
//! (`cahiers.json`) keeps each booklet's record as the manifest keeps a motion's output
//! (digest, size, hash, stamp), checked the same way (`fresh::on_disk`). A booklet whose séance
//! is gone is removed; a file there that motion did not write is never replaced. The
//! booklet itself is `render::booklet`'s.

use super::{
    BuildOptions, Failure, fresh, plan, read_registry, threads::parallel_map, write_registry,
};
use crate::batch::{self, CheckRun};
use crate::manifest::{Digest, Manifest, OutputRecord};
use crate::output;
use crate::render::{self, Assets, Format};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The booklets' folder in the output folder.
pub const FOLDER: &str = render::BOOKLETS_FOLDER;
/// The registry of the booklets written, at the top of the output folder.
pub const REGISTRY: &str = "cahiers.json";

/// The templates a booklet is made from.
pub(super) const TEMPLATES: &[&str] = &["cahier.typ", "motion-parts.typ"];

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Registry {
    version: u32,
    /// Each booklet by its path from the output folder.
    booklets: BTreeMap<String, Written>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Written {
    /// The séance: its period and council, as the index groups motions.
    period: String,
    council: String,
    /// The file as it was written: its digest of everything the booklet is made from,
    /// size, hash and stamp.
    #[serde(flatten)]
    output: OutputRecord,
}

/// What the booklets step did.
#[derive(Debug, Default)]
pub struct BookletReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Each séance's booklet, by the séance's key (period, council), relative to the
    /// output folder: what the index links.
    pub links: BTreeMap<(String, String), String>,
}

/// One séance's booklet to make.
struct Seance {
    key: (String, String),
    path: String,
    /// Its motions: stem and source (absolute).
    members: Vec<(String, PathBuf)>,
    inputs: Digest,
}

/// Writes the booklet of every séance of `manifest` whose motions have a PDF.
pub(super) fn write_booklets(
    root: &Path,
    manifest: &Manifest,
    run: &CheckRun,
    assets: &Assets,
    options: &BuildOptions,
    failures: &mut Vec<Failure>,
    left: &output::Left,
) -> BookletReport {
    let out_dir = options.out_dir;
    let mut report = BookletReport::default();
    let registry_path = out_dir.join(REGISTRY);
    let mut registry = read(out_dir, left);
    // Version 1 kept no stamps: its booklets are rewritten once (each carries motion's
    // mark, so it is not taken for a foreign file).
    if registry.version != 2 {
        registry = Registry::default();
    }
    registry.version = 2;
    let seances = match seances(root, manifest, assets, options) {
        Ok(seances) => seances,
        Err(error) => {
            failures.push(Failure::message(format!(
                "cahiers de séance : registre illisible ({})",
                output::io_reason(&error)
            )));
            return report;
        }
    };
    // The booklets to make: those whose file is not what their digest says.
    let mut work = Vec::new();
    for seance in seances {
        let full = out_dir.join(&seance.path);
        let recorded = registry.booklets.get_mut(&seance.path);
        let known = recorded.is_some();
        let fresh = recorded.and_then(|w| {
            let fresh = (w.output.inputs == seance.inputs)
                .then(|| fresh::on_disk(out_dir, &w.output))
                .flatten()?;
            // Its stamp, now that it can be trusted: the next build reads nothing.
            w.output = fresh;
            Some(())
        });
        if fresh.is_some() {
            report.unchanged += 1;
            report.links.insert(seance.key.clone(), seance.path.clone());
        } else if !known
            && std::fs::symlink_metadata(&full).is_ok()
            && !fresh::written_by_motion(&full, Format::PDF)
        {
            failures.push(Failure::message(format!(
                "{} : un fichier que motion n’a pas écrit est à la place du cahier de séance ; \
                 rien n’y est écrit",
                seance.path
            )));
        } else {
            work.push(seance);
        }
    }
    // Each séance's motions, as checked: this run's from its check, the others read again.
    let checked: BTreeMap<String, &batch::CheckedMotion> = run
        .motions
        .iter()
        .filter_map(|c| plan::stem_of(&c.input).map(|stem| (stem, c)))
        .collect();
    let make_booklet = |seance: &Seance| {
        let documents = documents(seance, &checked, run, root)?;
        let first_day = documents
            .iter()
            .filter_map(|d| {
                d.metadata
                    .date
                    .or_else(|| crate::model::Date::parse(&format!("{}-01", d.metadata.period)))
            })
            .min();
        let render_options = render::RenderOptions {
            build_time: options
                .build_time
                .or_else(|| first_day.and_then(render::BuildTime::from_date))
                .or_else(|| render::BuildTime::from_unix(0))
                .expect("the epoch is a time"),
            pdf: render::pdf::PdfSettings {
                ident: format!("motion:{}", seance.path),
                standards: options.pdf_standards.clone(),
            },
            place: render::Place::default(),
        };
        let bytes = render::booklet::render_booklet(documents, assets, &render_options)
            .map_err(|e| format!("{} : {}", seance.path, e.message))?;
        let full = out_dir.join(&seance.path);
        output::create_folders(out_dir, Path::new(FOLDER))
            .map_err(|e| format!("{} : {}", seance.path, output::io_reason(&e)))?;
        output::write_atomically(&full, &bytes)
            .map_err(|e| format!("{} : {}", seance.path, output::io_reason(&e)))?;
        Ok::<Written, String>(Written {
            period: seance.key.0.clone(),
            council: seance.key.1.clone(),
            output: OutputRecord {
                path: seance.path.clone(),
                inputs: seance.inputs,
                size: bytes.len() as u64,
                hash: Digest(blake3::hash(&bytes)),
                stamp: None,
            },
        })
    };
    let progress = options.progress;
    if !work.is_empty() {
        progress.begin(super::Phase::Booklets, work.len());
    }
    let made = parallel_map(&work, options.jobs, |seance| {
        let made = make_booklet(seance);
        progress.advance(super::Phase::Booklets, 1);
        made
    });
    progress.end(super::Phase::Booklets);
    let made = match made {
        Ok(made) => made,
        Err(error) => {
            failures.push(Failure::message(format!(
                "cahiers de séance : {}",
                output::io_reason(&error)
            )));
            return report;
        }
    };
    let mut current: Vec<String> = report.links.values().cloned().collect();
    for (seance, result) in work.iter().zip(made) {
        current.push(seance.path.clone());
        match result {
            Ok(written) => {
                registry.booklets.insert(seance.path.clone(), written);
                report.written += 1;
                report.links.insert(seance.key.clone(), seance.path.clone());
            }
            Err(message) => {
                // The booklet written before, if any, stays listed (and linked).
                if registry.booklets.contains_key(&seance.path) {
                    report.links.insert(seance.key.clone(), seance.path.clone());
                }
                failures.push(Failure::message(format!("cahier de séance {message}")));
            }
        }
    }
    // The booklets of séances gone.
    let gone: Vec<String> = registry
        .booklets
        .keys()
        .filter(|path| !current.contains(path))
        .cloned()
        .collect();
    for path in gone {
        if let Some(written) = registry.booklets.remove(&path) {
            let removal = output::remove_owned(out_dir, &path, |file| {
                output::holds(file, &written.output.hash.0)
            });
            report.removed += usize::from(left.note(&path, removal));
        }
    }
    // No registry where no booklet ever was (a build of motions with errors only).
    if registry.booklets.is_empty() && !registry_path.exists() {
        return report;
    }
    write_registry(out_dir, REGISTRY, &registry, failures);
    report
}

/// The booklets the registry lists and that are there, by séance: what the index links
/// when a build leaves the booklets as they are.
pub(super) fn recorded(out_dir: &Path) -> BTreeMap<(String, String), String> {
    read(out_dir, &output::Left::default())
        .booklets
        .into_iter()
        .filter(|(path, _)| out_dir.join(path).is_file())
        .map(|(path, written)| ((written.period, written.council), path))
        .collect()
}

/// The records of the booklets the registry lists: what the ledger checks them by.
pub(super) fn recorded_files(out_dir: &Path) -> Vec<OutputRecord> {
    let mut files: Vec<OutputRecord> = read(out_dir, &output::Left::default())
        .booklets
        .into_values()
        .map(|written| written.output)
        .collect();
    // The registry itself: made again when it changes or goes.
    files.extend(super::ledger::file_record(out_dir, REGISTRY));
    files
}

/// The registry, when it is there and readable, with only the entries a booklet can
/// have: `cahiers/NAME.pdf` (an output folder is not trusted data; the others are named
/// in `left` and never used).
fn read(out_dir: &Path, left: &output::Left) -> Registry {
    let mut registry: Registry = read_registry(out_dir, REGISTRY).unwrap_or_default();
    registry.booklets.retain(|path, _| {
        let sound = output::plain_relative(path)
            && path
                .strip_prefix(FOLDER)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && name.ends_with(".pdf"));
        if !sound {
            left.note(
                path,
                output::Removal::Left(format!(
                    "chemin refusé, lu dans {REGISTRY} : un cahier de séance n’a pas ce nom"
                )),
            );
        }
        sound
    });
    registry
}

/// The séances of a manifest whose every motion has a PDF, each with its booklet's path
/// and digest.
fn seances(
    root: &Path,
    manifest: &Manifest,
    assets: &Assets,
    options: &BuildOptions,
) -> std::io::Result<Vec<Seance>> {
    // Per séance key: each motion's stem, source and PDF digest (none: no booklet).
    type Members = Vec<(String, PathBuf, Option<blake3::Hash>)>;
    let mut groups: BTreeMap<(String, String), Members> = BTreeMap::new();
    for (stem, record) in &manifest.motions {
        let entry = manifest.store.get(*record)?;
        let Some(index) = entry.index.entry() else {
            continue;
        };
        let pdf = entry
            .outputs
            .iter()
            .find(|o| fresh::format_of(&o.path) == Some(Format::PDF))
            .map(|o| o.inputs.0);
        groups
            .entry((index.seance_period(), index.council_name.clone()))
            .or_default()
            .push((stem.clone(), root.join(&entry.source), pdf));
    }
    let base = {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"motion booklet 1\0");
        hasher.update(assets.fingerprint_of(TEMPLATES, true).as_bytes());
        hasher.update(format!("{:?}|{:?}", options.build_time, options.pdf_standards).as_bytes());
        hasher.finalize()
    };
    let mut seances = Vec::new();
    for ((period, council), members) in groups {
        if period.is_empty() || members.iter().any(|(_, _, pdf)| pdf.is_none()) {
            continue;
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update(base.as_bytes());
        for (stem, _, pdf) in &members {
            hasher.update(stem.as_bytes());
            hasher.update(b"\0");
            hasher.update(pdf.map_or([0; 32], |h| *h.as_bytes()).as_slice());
            hasher.update(b"\0");
        }
        seances.push(Seance {
            path: render::booklet_path(&period, &council),
            inputs: Digest(hasher.finalize()),
            members: members.into_iter().map(|(s, p, _)| (s, p)).collect(),
            key: (period, council),
        });
    }
    Ok(seances)
}

/// The documents of a séance's motions: this run's as it checked them, the others
/// checked again from their files (with their folder defaults).
fn documents(
    seance: &Seance,
    checked: &BTreeMap<String, &batch::CheckedMotion>,
    run: &CheckRun,
    root: &Path,
) -> Result<Vec<render::document::Document>, String> {
    let mut documents = Vec::new();
    let mut others = Vec::new();
    for (stem, source) in &seance.members {
        match checked.get(stem) {
            Some(motion) => {
                let motion = run
                    .motion(motion)
                    .map_err(|e| format!("{} : {}", seance.path, output::io_reason(&e)))?;
                documents.push(crate::compile::document(motion));
            }
            None => others.push(source.clone()),
        }
    }
    if !others.is_empty() {
        let discovery = batch::discover(&others, root);
        let again = batch::check(&discovery, root, batch::Keep::Motions);
        if again.failed_motions > 0 || !again.fatal.is_empty() {
            return Err(format!(
                "{} : des motions de la séance ont des erreurs",
                seance.path
            ));
        }
        for motion in &again.motions {
            let motion = again
                .motion(motion)
                .map_err(|e| format!("{} : {}", seance.path, output::io_reason(&e)))?;
            documents.push(crate::compile::document(motion));
        }
    }
    Ok(documents)
}
