//! The records a build starts from and ends with, under the output folder's lock: the
//! last manifest with the journal of a killed build folded in (its finished motions are
//! not redone), shard manifests a whole build absorbs, a manifest of another archive or
//! version set aside (its files removed, the build starts clean); at the end, the
//! records of motions not built this time reconciled with what exists, the manifest
//! saved and the journal removed.

use super::{BuildError, BuildReport, fresh};
use crate::manifest::{self, Digest, Loaded, Manifest, ManifestMemory, Record, RecordStore};
use crate::output;
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
    /// A build of `motion` wrote in this folder before (a manifest or a journal was
    /// there): an `index.html` there is its own.
    pub index_is_ours: bool,
    pub(super) manifest_path: PathBuf,
    journal_path: PathBuf,
    /// Shard manifests a whole build took in, removed once its manifest is saved.
    absorbed: Vec<PathBuf>,
    /// The root the records are relative to (see `open`).
    pub root: PathBuf,
    shard: Option<(usize, usize)>,
    /// The manifest file's number of records, when the last build's records are exactly
    /// that file's (read in the line format, no other manifest, no journal, nothing set
    /// aside or refused), and the hash of its bytes: a build that keeps every record as
    /// it is leaves the file as it is.
    as_read: Option<(usize, Digest)>,
    /// The running program, as the manifest records it.
    program: Option<crate::render::ProgramStamp>,
}

/// Removes the outputs of `outputs` whose file still holds the bytes recorded, through
/// no link and inside the output folder (a file changed by someone since, or a path that
/// leads out, is left and named in `left`); returns how many.
pub(super) fn remove_if_unchanged(
    out_dir: &Path,
    outputs: &[(String, Digest)],
    left: &output::Left,
) -> usize {
    outputs
        .iter()
        .filter(|(path, hash)| {
            left.note(
                path,
                output::remove_owned(out_dir, path, |file| output::holds(file, &hash.0)),
            )
        })
        .count()
}

/// Whether a manifest of this version describes the archive whose sources are under
/// `root` (absolute): written for that root, or moved here with its outputs from
/// another place (a repository moved, a CI cache restored elsewhere), which shows in
/// at least half of its motions having their source under `root` and their outputs
/// here. Another archive's manifest, copied or left in the output folder, has neither.
fn belongs(manifest: &Manifest, root: &str, out_dir: &Path) -> std::io::Result<bool> {
    if manifest.root == root || manifest.motions.is_empty() {
        return Ok(true);
    }
    let mut here = 0;
    for record in manifest.motions.values() {
        let entry = manifest.store.get(*record)?;
        let present = Path::new(root).join(&entry.source).is_file()
            && entry.outputs.iter().all(|o| {
                std::fs::symlink_metadata(out_dir.join(&o.path)).is_ok_and(|m| m.is_file())
            });
        here += usize::from(present);
    }
    Ok(here * 2 >= manifest.motions.len())
}

/// Copies the records of `from` into `into` (later ones replace earlier ones); takes
/// them whole when `into` has none (the common case: one manifest, no shard).
fn fold(into: &mut Manifest, from: Manifest) -> std::io::Result<()> {
    if into.motions.is_empty() {
        into.motions = from.motions;
        into.store = from.store;
        return Ok(());
    }
    for (stem, record) in &from.motions {
        let record = into.store.push_json(&from.store.json(*record)?)?;
        into.motions.insert(stem.clone(), record);
    }
    Ok(())
}

/// A manifest's records made relative to `root`, a folder above the manifest's own root
/// (the same tree, built before from a folder further down).
fn rebase(manifest: Manifest, root: &Path) -> std::io::Result<Manifest> {
    let theirs = PathBuf::from(&manifest.root);
    let Ok(prefix) = theirs.strip_prefix(root) else {
        return Ok(manifest);
    };
    if prefix.as_os_str().is_empty() {
        return Ok(manifest);
    }
    let join = |path: &str| {
        prefix
            .join(path)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect::<PathBuf>()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut rebased = Manifest::new(root.to_string_lossy().into_owned(), manifest.shard)?;
    rebased.archive = manifest.archive;
    rebased.folders = manifest.folders.iter().map(|f| join(f)).collect();
    for (stem, record) in &manifest.motions {
        let mut entry = manifest.store.get(*record)?;
        entry.source = join(&entry.source);
        entry.base = join(&entry.base);
        let record = rebased.store.push(&entry)?;
        rebased.motions.insert(stem.clone(), record);
    }
    Ok(rebased)
}

/// Opens the records of the output folder `out_dir` (locked by the caller) for a build
/// of the sources under `root` (absolute). The root the records end up relative to is
/// `Records::root`: a manifest written from a folder above this build's root (the same
/// tree, without a git repository to fix the root, built before from elsewhere) keeps
/// its wider root, and one written from a folder below is brought up to this one.
pub(super) fn open(
    out_dir: &Path,
    root: &Path,
    shard: Option<(usize, usize)>,
    memory: Option<&ManifestMemory>,
    report: &mut BuildReport,
    left: &output::Left,
) -> Result<Records, BuildError> {
    let (manifest_name, journal_name) = manifest::file_names(shard);
    let manifest_path = out_dir.join(&manifest_name);
    let journal_path = out_dir.join(&journal_name);
    // Every manifest of the folder: the whole archive's, the shards' left unmerged, and
    // the build's own last, so that its records win. They tell which files are the
    // build's own; a whole build takes the shards' in.
    let mut files = vec![out_dir.join(manifest::MANIFEST)];
    files.extend(shard_manifests(out_dir)?);
    files.retain(|path| *path != manifest_path);
    files.push(manifest_path.clone());
    let mut loaded = Vec::new();
    for path in files {
        // The build's own manifest as this process last wrote it, when it still is.
        let kept = memory
            .filter(|_| path == manifest_path)
            .and_then(|memory| memory.take(&path));
        let read = match kept {
            Some(manifest) => Loaded::Current(Box::new(manifest)),
            None => Manifest::read_file(&path)?,
        };
        loaded.push((path, read));
    }
    // What a killed build finished: its journal's records.
    let mut killed = Manifest::new(String::new(), shard)?;
    let folded = killed.fold_journal(&journal_path)?;
    for path in &folded.refused {
        left.note(path, refused_record(&journal_name));
    }
    killed.root = folded
        .root
        .clone()
        .unwrap_or_else(|| root.to_string_lossy().into_owned());
    // The widest root of the same tree.
    let mut root = root.to_path_buf();
    let roots = loaded
        .iter()
        .filter_map(|(_, l)| match l {
            Loaded::Current(m) => Some(PathBuf::from(&m.root)),
            _ => None,
        })
        .chain([PathBuf::from(&killed.root)]);
    for theirs in roots {
        if root.starts_with(&theirs) && theirs.is_dir() {
            root = theirs;
        }
    }
    let killed = rebase(killed, &root)?;
    let root_text = root.to_string_lossy().into_owned();
    let root_text = root_text.as_str();
    let mut previous = Manifest::new(root_text.into(), shard)?;
    let mut set_aside: Vec<(String, Digest)> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    let mut index_is_ours = false;
    let mut index_set_aside = false;
    let mut absorbed = Vec::new();
    let tool = format!("motion {}", env!("CARGO_PKG_VERSION"));
    // The program as this build will record it (its hash taken from the manifest when
    // the binary is the one that wrote it).
    if let Some((_, Loaded::Current(manifest))) = loaded.iter().find(|(p, _)| *p == manifest_path)
        && let Some(recorded) = &manifest.program
    {
        crate::render::ProgramStamp::trust(recorded);
    }
    let program = crate::render::ProgramStamp::current();
    let mut as_read = None;
    let mut files_read = 0;
    for (path, read) in loaded {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let main = name == manifest::MANIFEST;
        match read {
            Loaded::Missing => continue,
            // Someone else's `manifest.json`: not the build's to replace.
            Loaded::Foreign if main || path == manifest_path => {
                return Err(BuildError::Foreign(vec![name]));
            }
            Loaded::Foreign => continue,
            Loaded::Unusable { why, outputs } => {
                index_set_aside |= main && why != "illisible";
                reasons.push(format!("{name} est {why}"));
                set_aside.extend(outputs);
            }
            Loaded::Current(manifest) => {
                if manifest.file_hash.is_some()
                    && path == manifest_path
                    && shard.is_none()
                    && manifest.root == root_text
                    && manifest.tool == tool
                    && manifest.refused.is_empty()
                    && manifest.folders.is_empty()
                    && manifest.archive.is_none()
                    && manifest.program == program
                {
                    as_read = manifest
                        .file_hash
                        .map(|hash| (manifest.motions.len(), hash));
                }
                for path in &manifest.refused {
                    left.note(path, refused_record(&name));
                }
                let manifest = rebase(*manifest, &root)?;
                if belongs(&manifest, root_text, out_dir)? {
                    fold(&mut previous, manifest)?;
                } else {
                    index_set_aside |= main;
                    reasons.push(format!(
                        "{name} est celui d’une autre archive (sources dans {})",
                        manifest.root
                    ));
                    set_aside.extend(manifest.outputs()?);
                }
            }
        }
        index_is_ours = true;
        files_read += 1;
        if shard.is_none() && !main {
            absorbed.push(path);
        }
    }
    // The journal's records are carried into this build's journal, so that a second
    // kill loses nothing.
    index_is_ours |= folded.existed;
    let resumed = killed.root == root_text || belongs(&killed, root_text, out_dir)?;
    // Carried into this build's journal below.
    let mut carried = Vec::new();
    if resumed {
        for (stem, record) in &killed.motions {
            carried.push((stem.clone(), killed.store.get(*record)?));
        }
        fold(&mut previous, killed)?;
        report.resumed = folded.records;
    } else {
        set_aside.extend(killed.outputs()?);
    }
    // Files a killed build claimed but left no record of are its own: removed (their
    // motion, if it still exists, is built again).
    if !folded.claimed.is_empty() {
        let recorded: BTreeSet<String> = previous.outputs()?.into_iter().map(|(p, _)| p).collect();
        for path in folded.claimed.iter().filter(|p| !recorded.contains(*p)) {
            // No hash was recorded yet: the format's mark says the file is motion's.
            let removal = output::remove_owned(out_dir, path, |file| {
                fresh::format_of(path).is_some_and(|format| fresh::written_by_motion(file, format))
            });
            left.note(path, removal);
        }
    }
    if !reasons.is_empty() {
        let removed = remove_if_unchanged(out_dir, &set_aside, left);
        if index_set_aside {
            let _ = std::fs::remove_file(out_dir.join(crate::render::INDEX_FILE));
        }
        report.set_aside = Some(format!(
            "{} : mis de côté ({} retirés) ; ce qu’il listait est reconstruit",
            reasons.join(" ; "),
            crate::diag::plural(removed, "fichier", "fichiers")
        ));
    }
    if files_read != 1 || folded.existed || !reasons.is_empty() {
        as_read = None;
    }
    let journal = RecordStore::journal(&journal_path)?;
    journal.header(root_text)?;
    for (stem, entry) in &carried {
        journal.record(stem, entry)?;
    }
    Ok(Records {
        previous: Mutex::new(std::mem::take(&mut previous.motions)),
        previous_store: Arc::clone(&previous.store),
        journal: Arc::new(journal),
        index_is_ours,
        manifest_path,
        journal_path,
        absorbed,
        root,
        shard,
        as_read,
        program,
    })
}

/// A record's output path that its file of records (`manifest.json`, the journal) gave
/// and that no output can have: never used, named.
fn refused_record(file: &str) -> output::Removal {
    output::Removal::Left(format!(
        "chemin refusé, lu dans {file} : une sortie de motion n’a pas ce nom"
    ))
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

/// Where the record of a motion done is.
pub(super) enum Held {
    /// Journaled by this build.
    Journal(Record),
    /// In the last build's records, unchanged.
    Previous(Record),
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
    /// Ends the build: `built` (stem and record) and the records of the
    /// last build not taken, each kept only while its source exists (outputs of
    /// deleted or moved motions are removed) and only with the outputs that exist.
    /// Saves the manifest and removes the journal. Returns the manifest, the hash of its
    /// bytes, and how many files were removed.
    pub(super) fn finish(
        self,
        out_dir: &Path,
        built: Vec<(String, Held)>,
        finish: &Finish,
        left: &output::Left,
    ) -> std::io::Result<(Manifest, usize)> {
        let mut motions: BTreeMap<String, Held> = built.into_iter().collect();
        let leftovers = self
            .previous
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        for (stem, record) in leftovers {
            if motions.contains_key(&stem) {
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
                    let removal = output::remove_owned(out_dir, &output.path, |file| {
                        output::holds(file, &output.hash.0)
                    });
                    removed += usize::from(left.note(&output.path, removal));
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
            motions.insert(stem, Held::Journal(record));
        }
        // The records in one store: the last build's when none changed (a build with
        // nothing to do copies nothing), else a new one.
        let unchanged = motions.values().all(|h| matches!(h, Held::Previous(_)));
        let as_read = self
            .as_read
            .filter(|&(records, _)| unchanged && records == motions.len());
        let store = if unchanged {
            Arc::clone(&self.previous_store)
        } else {
            let store = RecordStore::new()?;
            store.reserve(self.previous_store.len() + self.journal.len());
            Arc::new(store)
        };
        let mut records = BTreeMap::new();
        for (stem, held) in motions {
            let record = match held {
                Held::Previous(record) if unchanged => record,
                Held::Previous(record) => store.push_json(&self.previous_store.json(record)?)?,
                Held::Journal(record) => store.push_json(&self.journal.json(record)?)?,
            };
            records.insert(stem, record);
        }
        let mut manifest = Manifest {
            version: manifest::MANIFEST_VERSION,
            tool: format!("motion {}", env!("CARGO_PKG_VERSION")),
            root: self.root.to_string_lossy().into_owned(),
            shard: self.shard,
            archive: self.shard.map(|_| {
                let mut hasher = blake3::Hasher::new();
                for stem in &finish.found {
                    hasher.update(stem.as_bytes());
                    hasher.update(b"\n");
                }
                Digest(hasher.finalize())
            }),
            folders: match self.shard {
                Some(_) => finish.walked.iter().cloned().collect(),
                None => Vec::new(),
            },
            motions: records,
            store,
            refused: Vec::new(),
            program: self.program.clone(),
            file_hash: None,
        };
        // A file that holds these very records: nothing to write or compare.
        manifest.file_hash = match as_read {
            Some((_, hash)) => Some(hash),
            None => Some(manifest.save_as(&self.manifest_path)?),
        };
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
