//! The archive's search: the Pagefind bundle (`pagefind/`), made from the motions' pages
//! as the manifest lists them, and the search page (`recherche.html`) that queries it.
//! What a page offers to the index (its body, filters, sort key) is said by the page's
//! template (`data-pagefind-*` attributes); the words are Pagefind's, stemmed in French
//! from the pages' `lang`. The bundle is made again only when one of the pages changed
//! (their paths and hashes, in the registry `pagefind/motion.json`) or one of its files
//! is not what was written (each checked as a motion's output is: `fresh::on_disk`);
//! files of the bundle that a new one no longer has are removed, and only those.

use super::{Failure, fresh, read_registry, write_archive_file, write_registry};
use crate::manifest::{Digest, Manifest, OutputRecord};
use crate::output;
use crate::render::{self, Assets, Format};
use std::collections::BTreeMap;
use std::path::Path;

/// The bundle's folder in the output folder.
pub const FOLDER: &str = render::SEARCH_FOLDER;
/// The registry of the bundle's files, in the bundle's folder.
const REGISTRY: &str = "pagefind/motion.json";

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Registry {
    version: u32,
    /// The digest of the pages the bundle was made from (and of Pagefind's version).
    inputs: Option<Digest>,
    /// Each file of the bundle, by its path from the output folder.
    files: BTreeMap<String, OutputRecord>,
}

/// What the search step did.
#[derive(Debug, Default)]
pub struct SearchReport {
    /// The pages indexed, when the bundle was made again; `None` when it was fresh.
    pub indexed: Option<usize>,
    /// The bundle's files written and removed.
    pub written: usize,
    pub removed: usize,
    /// The search page, from the output folder, when there is a bundle to query.
    pub page: Option<String>,
}

/// Makes the search bundle of every motion page of `manifest`, unless the one on disk is
/// already that, and writes the search page.
pub(super) fn write_search(
    out_dir: &Path,
    manifest: &Manifest,
    assets: &Assets,
    failures: &mut Vec<Failure>,
    left: &output::Left,
) -> SearchReport {
    let mut report = SearchReport::default();
    let registry_path = out_dir.join(REGISTRY);
    let mut registry: Registry = read_registry(out_dir, REGISTRY)
        .filter(|r: &Registry| r.version == 1)
        .unwrap_or_default();
    registry.version = 1;
    // Only paths of the bundle's folder: an output folder is not trusted data.
    registry.files.retain(|path, record| {
        let sound = record.path == *path
            && output::plain_relative(path)
            && path
                .strip_prefix(FOLDER)
                .is_some_and(|rest| rest.starts_with('/'));
        if !sound {
            left.note(
                path,
                output::Removal::Left(format!(
                    "chemin refusé, lu dans {REGISTRY} : un fichier de la recherche n’a pas \
                     ce nom"
                )),
            );
        }
        sound
    });
    // The motions' pages, by path, with the hash of each.
    let mut pages: Vec<(String, Digest)> = match manifest.outputs() {
        Ok(outputs) => outputs
            .into_iter()
            .filter(|(path, _)| fresh::format_of(path) == Some(Format::HTML))
            .collect(),
        Err(error) => {
            failures.push(Failure::message(format!(
                "recherche : manifeste illisible ({})",
                output::io_reason(&error)
            )));
            return report;
        }
    };
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"motion search 1\0");
    hasher.update(PAGEFIND_VERSION.as_bytes());
    for (path, hash) in &pages {
        hasher.update(path.as_bytes());
        hasher.update(b"\0");
        hasher.update(hash.0.as_bytes());
    }
    let inputs = Digest(hasher.finalize());
    let mut fresh_files = BTreeMap::new();
    let fresh = registry.inputs == Some(inputs)
        && registry.files.values().all(|record| {
            fresh::on_disk(out_dir, record)
                .map(|record| fresh_files.insert(record.path.clone(), record))
                .is_some()
        });
    if fresh {
        // Their stamps, now that they can be trusted: the next build reads nothing.
        registry.files = fresh_files;
    } else if pages.is_empty() {
        report.removed = remove_files(out_dir, registry.files.values(), left);
        registry.files.clear();
        registry.inputs = Some(inputs);
    } else {
        match make_bundle(out_dir, &pages, left) {
            Ok(files) => {
                report.indexed = Some(pages.len());
                let mut written = BTreeMap::new();
                for (path, bytes) in files {
                    let hash = Digest(blake3::hash(&bytes));
                    let kept = registry
                        .files
                        .get(&path)
                        .filter(|r| r.hash == hash)
                        .and_then(|r| fresh::on_disk(out_dir, r));
                    let record = match kept {
                        Some(record) => record,
                        None => {
                            if !write_archive_file(out_dir, &path, &bytes, failures) {
                                continue;
                            }
                            report.written += 1;
                            OutputRecord {
                                path: path.clone(),
                                inputs,
                                size: bytes.len() as u64,
                                hash,
                                stamp: None,
                            }
                        }
                    };
                    written.insert(path, record);
                }
                let gone = registry
                    .files
                    .values()
                    .filter(|record| !written.contains_key(&record.path));
                report.removed = remove_files(out_dir, gone, left);
                // Files of a bundle that a killed build wrote but never recorded: named by
                // their content, Pagefind's own kinds, nothing else would be there.
                report.removed += remove_unrecorded(out_dir, &written, left);
                registry.files = written;
                registry.inputs = Some(inputs);
            }
            Err(message) => {
                failures.push(Failure::message(format!("recherche : {message}")));
                return report;
            }
        }
    }
    if registry.files.is_empty() && !registry_path.exists() {
        return report;
    }
    write_registry(out_dir, REGISTRY, &registry, failures);
    if registry.files.is_empty() {
        // No page, no search: its page goes too (if it is ours).
        let page = out_dir.join(render::SEARCH_FILE);
        if fresh::written_by_motion(&page, Format::HTML) {
            let _ = std::fs::remove_file(page);
        }
        return report;
    }
    let path = out_dir.join(render::SEARCH_FILE);
    if path.exists() && !fresh::written_by_motion(&path, Format::HTML) {
        failures.push(Failure::message(format!(
            "{} : un fichier que motion n’a pas écrit est à la place de la page de \
             recherche ; rien n’y est écrit",
            render::SEARCH_FILE
        )));
        return report;
    }
    match render::html::render_search_page(&assets.html) {
        Ok(bytes) => {
            if write_archive_file(out_dir, render::SEARCH_FILE, &bytes, failures) {
                report.page = Some(render::SEARCH_FILE.to_string());
            }
        }
        Err(error) => failures.push(Failure::message(format!(
            "{} : {}",
            render::SEARCH_FILE,
            error.message
        ))),
    }
    report
}

/// The records of the bundle's files the registry lists, and of the search page: what the
/// ledger checks them by.
pub(super) fn recorded_files(out_dir: &Path) -> Vec<OutputRecord> {
    let registry: Registry = read_registry(out_dir, REGISTRY)
        .filter(|r: &Registry| r.version == 1)
        .unwrap_or_default();
    let mut files: Vec<OutputRecord> = registry
        .files
        .into_values()
        .filter(|r| output::plain_relative(&r.path))
        .collect();
    // The registry itself and the page: made again when either changes or goes.
    files.extend(
        [REGISTRY, render::SEARCH_FILE]
            .into_iter()
            .filter_map(|relative| super::ledger::file_record(out_dir, relative)),
    );
    files
}

/// The search page, when the bundle it queries is there: what the index links.
pub(super) fn recorded(out_dir: &Path) -> Option<String> {
    (out_dir.join(REGISTRY).is_file() && out_dir.join(render::SEARCH_FILE).is_file())
        .then(|| render::SEARCH_FILE.to_string())
}

/// The version of the Pagefind crate the bundle is made with (its files say it too).
pub(super) const PAGEFIND_VERSION: &str = "pagefind 1.6";

/// Indexes the pages (read from the output folder) and returns the bundle's files, by
/// their path from the output folder.
fn make_bundle(
    out_dir: &Path,
    pages: &[(String, Digest)],
    left: &output::Left,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Pagefind reads a folder's pages on every core, but one page given at a time on one
    // only (half the speed here): the pages, and only they, are copied to a folder of
    // their own for it. Copies, not hard links: a link moves the page's change time,
    // and the next build would take every page's stamp again.
    let stage = tempfile::Builder::new()
        .prefix("motion-recherche-")
        .tempdir()
        .map_err(|e| output::io_reason(&e))?;
    let real_out_dir = std::fs::canonicalize(out_dir).map_err(|e| output::io_reason(&e))?;
    let mut staged = 0;
    for (path, _) in pages {
        let target = stage.path().join(path);
        let source = out_dir.join(path);
        // A page reached through a link that leads out of the output folder is not one
        // motion wrote: it is not indexed (nor published in the bundle).
        if !std::fs::canonicalize(&source).is_ok_and(|real| real.starts_with(&real_out_dir)) {
            left.note(
                path,
                output::Removal::Left(
                    "page hors du dossier de sortie (lien symbolique) : pas indexée".into(),
                ),
            );
            continue;
        }
        staged += 1;
        target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(&source, &target).map(drop))
            .map_err(|e| format!("{path} : {}", output::io_reason(&e)))?;
    }
    let config = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language("fr".to_string())
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| output::io_reason(&e))?;
    runtime.block_on(async {
        let mut index =
            pagefind::api::PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        let found = index
            .add_directory(
                stage.path().to_string_lossy().into_owned(),
                Some("**/*.html".to_string()),
            )
            .await
            .map_err(|e| e.to_string())?;
        if found != staged {
            return Err(format!(
                "{} pages sur {} n’ont pas pu être lues ; l’index de recherche n’est pas \
                 refait",
                crate::diag::french_number(staged.saturating_sub(found)),
                crate::diag::french_number(staged)
            ));
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|file| {
                let path = format!(
                    "{FOLDER}/{}",
                    file.filename.to_string_lossy().replace('\\', "/")
                );
                (path, file.contents)
            })
            .collect())
    })
}

/// Removes the files of Pagefind's kinds (`.pf_fragment`, `.pf_index`, `.pf_filter`,
/// `.pf_meta`) under the bundle's folder that `written` does not list.
fn remove_unrecorded(
    out_dir: &Path,
    written: &BTreeMap<String, OutputRecord>,
    left: &output::Left,
) -> usize {
    const KINDS: &[&str] = &["pf_fragment", "pf_index", "pf_filter", "pf_meta"];
    let mut removed = 0;
    // The bundle's folder itself a link: nothing under it is walked (walkdir follows a
    // root that is a link).
    let folder = out_dir.join(FOLDER);
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        left.note(
            FOLDER,
            output::Removal::Left("c’est un lien symbolique ; rien n’y est retiré".into()),
        );
        return 0;
    }
    for entry in walkdir::WalkDir::new(folder)
        .follow_links(false)
        .follow_root_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let Ok(relative) = entry.path().strip_prefix(out_dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let pagefinds = relative
            .rsplit_once('.')
            .is_some_and(|(_, extension)| KINDS.contains(&extension));
        if pagefinds
            && !written.contains_key(&relative)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Removes the recorded files that still hold what was written (through no link, inside
/// the output folder); the others are left and named.
fn remove_files<'a>(
    out_dir: &Path,
    records: impl IntoIterator<Item = &'a OutputRecord>,
    left: &output::Left,
) -> usize {
    records
        .into_iter()
        .filter(|record| {
            let removal = output::remove_owned(out_dir, &record.path, |file| {
                output::holds(file, &record.hash.0)
            });
            left.note(&record.path, removal)
        })
        .count()
}
