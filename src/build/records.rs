//! The records a build starts from and ends with, under the output folder's lock: the
//! last manifest with the journal of a killed build folded in (its finished motions are
//! not redone), shard manifests a whole build absorbs, a manifest of another archive or
//! version set aside (its files removed, the build starts clean); at the end, the
//! records of motions not built this time reconciled with what exists, the manifest
//! saved and the journal removed.

use super::{BuildReport, fresh};
use crate::manifest::{self, Digest, Loaded, Manifest, Record, RecordStore};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The records of a build in progress.
pub(super) struct Records {
    /// The last build's records not yet taken by their motion.
    pub previous: Mutex<BTreeMap<String, Record>>,
    pub previous_store: Arc<RecordStore>,
    /// This build's journal, where every record of the new manifest goes.
    pub journal: Arc<RecordStore>,
    manifest_path: PathBuf,
    journal_path: PathBuf,
    /// Shard manifests a whole build took in, removed once its manifest is saved.
    absorbed: Vec<PathBuf>,
    root: String,
    shard: Option<(usize, usize)>,
}

/// Removes the outputs of `outputs` whose file still holds the bytes recorded (a file
/// changed by someone since is left alone); returns how many.
pub(super) fn remove_if_unchanged(out_dir: &Path, outputs: &[(String, Digest)]) -> usize {
    let mut removed = 0;
    for (path, hash) in outputs {
        let file = out_dir.join(path);
        let same = std::fs::File::open(&file).ok().is_some_and(|f| {
            let mut hasher = blake3::Hasher::new();
            hasher.update_reader(f).is_ok() && Digest(hasher.finalize()) == *hash
        });
        if same && std::fs::remove_file(&file).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Opens the records of the output folder `out_dir` (locked by the caller) for a build
/// of the sources under `root` (relative to the output folder).
pub(super) fn open(
    out_dir: &Path,
    root: &str,
    shard: Option<(usize, usize)>,
    report: &mut BuildReport,
) -> std::io::Result<Records> {
    let (manifest_name, journal_name) = manifest::file_names(shard);
    let manifest_path = out_dir.join(&manifest_name);
    let journal_path = out_dir.join(&journal_name);
    let mut loaded = Manifest::read_file(&manifest_path)?;
    // A shard not built here before starts from the whole archive's manifest.
    if shard.is_some() && matches!(loaded, Loaded::Missing) {
        loaded = Manifest::read_file(&out_dir.join(manifest::MANIFEST))?;
    }
    let mut set_aside: Vec<(String, Digest)> = Vec::new();
    let mut why: Option<String> = None;
    let readable = !matches!(&loaded, Loaded::Unusable { why, .. } if why == "illisible");
    let (mut previous, mut previous_root) = match loaded {
        Loaded::Missing => (Manifest::new(root.into(), shard)?, None),
        Loaded::Current(manifest) => {
            let root = manifest.root.clone();
            (manifest, Some(root))
        }
        Loaded::Unusable {
            why: reason,
            outputs,
        } => {
            why = Some(format!("{manifest_name} est {reason}"));
            set_aside = outputs;
            (Manifest::new(root.into(), shard)?, None)
        }
    };
    // What a killed build finished.
    let folded = previous.fold_journal(&journal_path)?;
    report.resumed = folded.records;
    if previous_root.is_none() {
        previous_root = folded.root.clone();
    }
    if why.is_none()
        && let Some(other) = previous_root.as_deref().filter(|r| *r != root)
    {
        why = Some(format!(
            "{manifest_name} est celui d’une autre archive (sources dans {other}, \
             relativement au dossier de sortie ; ici {root})"
        ));
    }
    // Files a killed build claimed but left no record of are its own: removed (their
    // motion, if it still exists, is built again).
    if !folded.claimed.is_empty() {
        let recorded: BTreeSet<String> = previous.outputs()?.into_iter().map(|(p, _)| p).collect();
        for path in folded.claimed.iter().filter(|p| !recorded.contains(*p)) {
            let _ = std::fs::remove_file(out_dir.join(path));
        }
    }
    if let Some(why) = why {
        set_aside.extend(previous.outputs()?);
        let removed = remove_if_unchanged(out_dir, &set_aside);
        if readable {
            let _ = std::fs::remove_file(out_dir.join("index.html"));
        }
        report.set_aside = Some(format!(
            "{why} : il est mis de côté ({} de cette archive retirés) et tout est reconstruit",
            crate::diag::plural(removed, "fichier", "fichiers")
        ));
        previous = Manifest::new(root.into(), shard)?;
    }
    // A whole build takes in the shard manifests left unmerged in its folder.
    let mut absorbed = Vec::new();
    if shard.is_none() {
        for path in shard_manifests(out_dir)? {
            match Manifest::read_file(&path)? {
                Loaded::Current(part) if part.root == root => {
                    for (stem, record) in &part.motions {
                        let record = previous.store.push_json(&part.store.json(*record)?)?;
                        previous.motions.insert(stem.clone(), record);
                    }
                }
                Loaded::Current(part) => {
                    remove_if_unchanged(out_dir, &part.outputs()?);
                }
                Loaded::Unusable { outputs, .. } => {
                    remove_if_unchanged(out_dir, &outputs);
                }
                Loaded::Missing => {}
            }
            absorbed.push(path);
        }
    }
    previous.root = root.into();
    previous.shard = shard;
    // What was folded or set aside is saved at once: a second kill loses nothing.
    if folded.existed || report.set_aside.is_some() {
        previous.save_as(&manifest_path)?;
    }
    let journal = RecordStore::journal(&journal_path)?;
    journal.header(root)?;
    Ok(Records {
        previous: Mutex::new(std::mem::take(&mut previous.motions)),
        previous_store: Arc::clone(&previous.store),
        journal: Arc::new(journal),
        manifest_path,
        journal_path,
        absorbed,
        root: root.into(),
        shard,
    })
}

/// The shard manifests (`manifest.shard-K-of-N.json`) in an output folder, sorted.
pub(super) fn shard_manifests(out_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut shards: Vec<PathBuf> = std::fs::read_dir(out_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(manifest::parse_shard_manifest)
                .is_some()
        })
        .collect();
    shards.sort();
    Ok(shards)
}

/// What the end of a build knows of the motions it did not take.
pub(super) struct Finish<'a> {
    /// The sources' root, absolute.
    pub root: &'a Path,
    /// The folders walked, relative to the root: a motion missing there was deleted.
    pub walked: BTreeSet<String>,
    /// The stems of every motion file found, valid or not.
    pub found: BTreeSet<String>,
}

impl Records {
    /// Ends the build: `built` (stem and record in the journal) and the records of the
    /// last build not taken, each kept only while its source exists (outputs of
    /// deleted or moved motions are removed) and only with the outputs that exist.
    /// Saves the manifest and removes the journal. Returns the manifest and how many
    /// files were removed.
    pub(super) fn finish(
        self,
        out_dir: &Path,
        built: Vec<(String, Record)>,
        finish: &Finish,
    ) -> std::io::Result<(Manifest, usize)> {
        let mut manifest = Manifest {
            version: manifest::MANIFEST_VERSION,
            tool: format!("motion {}", env!("CARGO_PKG_VERSION")),
            root: self.root.clone(),
            shard: self.shard,
            motions: built.into_iter().collect(),
            store: Arc::clone(&self.journal),
        };
        let leftovers = self
            .previous
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        for (stem, record) in leftovers {
            if manifest.motions.contains_key(&stem) {
                continue;
            }
            // Another shard's motion: not this shard's to keep or remove.
            if self
                .shard
                .is_some_and(|shard| !super::in_shard(&stem, shard))
            {
                continue;
            }
            let Ok(mut entry) = self.previous_store.get(record) else {
                continue;
            };
            let source_gone = !finish.root.join(&entry.source).is_file();
            let deleted = finish.walked.contains(&entry.base) && !finish.found.contains(&stem);
            if source_gone || deleted {
                for output in &entry.outputs {
                    if std::fs::remove_file(out_dir.join(&output.path)).is_ok() {
                        removed += 1;
                    }
                }
                continue;
            }
            // A motion not built this time (an error, another folder) keeps the outputs
            // it has; the index links only those.
            entry.outputs.retain(|output| {
                fresh::format_of(&output.path).is_some()
                    && std::fs::symlink_metadata(out_dir.join(&output.path))
                        .is_ok_and(|m| m.is_file())
            });
            if entry.outputs.is_empty() {
                continue;
            }
            let record = self.journal.record(&stem, &entry)?;
            manifest.motions.insert(stem, record);
        }
        manifest.save_as(&self.manifest_path)?;
        let _ = std::fs::remove_file(&self.journal_path);
        for path in &self.absorbed {
            let _ = std::fs::remove_file(path);
        }
        Ok((manifest, removed))
    }

    /// Gives up the build before anything was written: the journal goes, the manifest
    /// stays as it was.
    pub(super) fn abandon(self) {
        let _ = std::fs::remove_file(&self.journal_path);
    }
}
