//! The render stage of a build: each stale motion, as it was checked, worded once,
//! rendered in every format asked before any file is written, its paths claimed in the
//! journal, its files written atomically, its record journaled.

use super::fresh::Assessment;
use super::{BuildOptions, Failure, records, relative_to};
use crate::batch::{CheckRun, CheckedMotion};
use crate::compile;
use crate::manifest::{Digest, ManifestEntry, OutputRecord};
use crate::output;
use crate::render::{self, Assets, Format, IndexEntry, IndexRecord};
use std::path::Path;

/// How one motion fared.
pub(super) enum Outcome {
    /// Its record, and for each format asked whether it was written.
    Done(records::Held, Vec<(Format, bool)>),
    Failed(Failure),
}

/// What every motion of a build reads.
pub(super) struct Shared<'a> {
    pub(super) run: &'a CheckRun,
    pub(super) neighbours: &'a super::neighbours::Neighbours,
    pub(super) assets: &'a Assets,
    pub(super) records: &'a records::Records,
    pub(super) options: &'a BuildOptions<'a>,
    /// The output folder, canonical.
    pub(super) real_out_dir: &'a Path,
    /// The sources' root, canonical.
    pub(super) root: &'a Path,
    /// Files the build meant to remove but left, each with why.
    pub(super) left: &'a output::Left,
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
/// motion, when they still hold what was recorded (a file changed by someone since is
/// left, and named).
fn remove_stale(out_dir: &Path, stale: &[OutputRecord], left: &output::Left) {
    for record in stale {
        let removal = output::remove_owned(out_dir, &record.path, |file| {
            output::holds(file, &record.hash.0)
        });
        left.note(&record.path, removal);
    }
}

pub(super) fn build_one(
    shared: &Shared,
    checked: &CheckedMotion,
    stem: &str,
    assessment: &Assessment,
) -> Outcome {
    let Shared {
        run,
        neighbours,
        assets,
        records,
        options,
        real_out_dir,
        root,
        left,
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
    // Every output already what this build would write, its record what it would
    // record: the record stays where it is (a build killed now finds it in the last
    // manifest), nothing is journaled.
    if assessment.same
        && let Some(old) = assessment.old
    {
        let written = assessment.asked.iter().map(|a| (a.format, false)).collect();
        return Outcome::Done(records::Held::Previous(old), written);
    }
    if assessment.unchanged() {
        let old = assessment
            .old
            .and_then(|record| records.previous_store.get(record).ok());
        if let Some(old) = old {
            remove_stale(out_dir, &assessment.stale, left);
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
                Ok(record) => Outcome::Done(records::Held::Journal(record), written),
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
                // The session's first day, or for a session known by its month, the
                // first of the month (`period` is then `2002-10`).
                document
                    .metadata
                    .date
                    .or_else(|| {
                        crate::model::Date::parse(&format!("{}-01", document.metadata.period))
                    })
                    .and_then(render::BuildTime::from_date)
            })
            .or_else(|| render::BuildTime::from_unix(0))
            .expect("the epoch is a time"),
        pdf: render::pdf::PdfSettings {
            ident: format!("motion:{stem}"),
            standards: options.pdf_standards.clone(),
        },
        place: {
            let (previous, next) = neighbours.of(stem);
            render::Place {
                stem: stem.to_string(),
                previous,
                next,
            }
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
            output::create_folders(
                out_dir,
                Path::new(&relative).parent().unwrap_or(Path::new("")),
            )?;
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
    remove_stale(out_dir, &assessment.stale, left);
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
            Outcome::Done(records::Held::Journal(record), written)
        }
        Err(error) => journal_failure(error),
    }
}
