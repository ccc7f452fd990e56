//! The archive's search: Pagefind bundles (`pagefind/2026/`, one per séance year, a
//! year of more than `PAGES_PER_BUNDLE` pages cut in parts), made from the motions'
//! pages as the manifest lists them, and the search page (`recherche.html`) that
//! searches each and joins their results (not Pagefind's `mergeIndex`: see the page's
//! script): one edited motion indexes its year again, not the archive, and the memory
//! of an indexing is a bundle's.
//! What a page offers to the index (its body, filters, sort key) is said by the page's
//! template (`data-pagefind-*` attributes); the words are Pagefind's, stemmed in French
//! from the pages' `lang`. A bundle is made again only when one of its pages changed
//! (their paths and hashes, in the registry `pagefind/motion.json`) or one of its files
//! is not what was written (each checked as a motion's output is: `fresh::on_disk`);
//! files that the new bundles no longer have are removed, and only those.

use super::{Failure, Phase, Progress, fresh, read_registry, write_archive_file, write_registry};
use crate::manifest::{Digest, Manifest, OutputRecord};
use crate::output;
use crate::render::{self, Assets, Format};
use std::collections::BTreeMap;
use std::path::Path;

/// The bundles' folder in the output folder.
pub const FOLDER: &str = render::SEARCH_FOLDER;
/// The registry of the bundles' files, in the bundles' folder.
const REGISTRY: &str = "pagefind/motion.json";
/// The registry's version: 1 had one bundle at the folder's root.
const REGISTRY_VERSION: u32 = 2;
/// The pages of one bundle at most: Pagefind holds a bundle's pages in memory while it
/// indexes them (about 100 KB each).
pub const PAGES_PER_BUNDLE: usize = 1_500;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Registry {
    version: u32,
    /// Each bundle, by its name (its folder under `pagefind/`).
    #[serde(default)]
    bundles: BTreeMap<String, BundleRecord>,
    /// Version 1's one bundle: its files, removed by the first build that reads it.
    #[serde(default, skip_serializing)]
    files: BTreeMap<String, OutputRecord>,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct BundleRecord {
    /// The digest of the pages the bundle was made from (and of Pagefind's version).
    inputs: Option<Digest>,
    /// Each file of the bundle, by its path from the output folder.
    files: BTreeMap<String, OutputRecord>,
}

/// What the search step did.
#[derive(Debug, Default)]
pub struct SearchReport {
    /// The pages indexed, when a bundle was made again; `None` when all were fresh.
    pub indexed: Option<usize>,
    /// The bundles made again, of how many.
    pub bundles_made: usize,
    pub bundles: usize,
    /// The bundles' files written and removed.
    pub written: usize,
    pub removed: usize,
    /// The search page, from the output folder, when there is a bundle to query.
    pub page: Option<String>,
}

/// One bundle to make: its name and its pages (path and hash, newest séance first).
struct Bundle {
    name: String,
    pages: Vec<(String, Digest)>,
}

impl Bundle {
    /// Its folder, from the output folder.
    fn folder(&self) -> String {
        format!("{FOLDER}/{}", self.name)
    }

    /// The digest of what it is made from.
    fn inputs(&self) -> Digest {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"motion search 2\0");
        hasher.update(PAGEFIND_VERSION.as_bytes());
        hasher.update(b"\0");
        hasher.update(self.name.as_bytes());
        for (path, hash) in &self.pages {
            hasher.update(b"\0");
            hasher.update(path.as_bytes());
            hasher.update(b"\0");
            hasher.update(hash.0.as_bytes());
        }
        Digest(hasher.finalize())
    }
}

/// The motions' pages of `manifest` in bundles, newest first: by the year of their séance
/// (« autres », last, for a record that does not say it), a year of more than
/// `PAGES_PER_BUNDLE` pages cut in parts (`2026-1` the newest séances, `2026-2`…). In
/// this order, each bundle's pages sorted by date give the archive's pages by date (the
/// search page lists them so when there is no word to rank them by).
fn bundles(manifest: &Manifest) -> std::io::Result<Vec<Bundle>> {
    const OTHERS: &str = "autres";
    // By year: each page's séance period, path and hash.
    let mut years: BTreeMap<String, Vec<(String, String, Digest)>> = BTreeMap::new();
    for record in manifest.motions.values() {
        let entry = manifest.store.get(*record)?;
        let period = entry
            .index
            .entry()
            .map(|e| e.seance_period())
            .unwrap_or_default();
        let year = period
            .get(..4)
            .filter(|year| year.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(OTHERS)
            .to_string();
        years.entry(year).or_default().extend(
            entry
                .outputs
                .into_iter()
                .filter(|o| fresh::format_of(&o.path) == Some(Format::HTML))
                .map(|o| (period.clone(), o.path, o.hash)),
        );
    }
    let others = years
        .remove(OTHERS)
        .map(|pages| (OTHERS.to_string(), pages));
    let mut bundles = Vec::new();
    for (year, mut pages) in years.into_iter().rev().chain(others) {
        if pages.is_empty() {
            continue;
        }
        // Newest séance first; a séance's pages by path.
        pages.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let pages: Vec<(String, Digest)> = pages.into_iter().map(|(_, p, h)| (p, h)).collect();
        if pages.len() <= PAGES_PER_BUNDLE {
            bundles.push(Bundle { name: year, pages });
            continue;
        }
        let parts = pages.len().div_ceil(PAGES_PER_BUNDLE);
        let size = pages.len().div_ceil(parts);
        for (i, part) in pages.chunks(size).enumerate() {
            bundles.push(Bundle {
                name: format!("{year}-{}", i + 1),
                pages: part.to_vec(),
            });
        }
    }
    Ok(bundles)
}

/// Whether `path`, read from the registry as a file of bundle `name`, is one: plain,
/// relative, under the bundle's folder.
fn sound_path(name: &str, path: &str) -> bool {
    let folder = if name.is_empty() {
        FOLDER.to_string()
    } else {
        format!("{FOLDER}/{name}")
    };
    output::plain_relative(path)
        && !name.contains(['/', '\\'])
        && path
            .strip_prefix(&folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Makes the search bundles of every motion page of `manifest`, each unless the one on
/// disk is already that, and writes the search page.
pub(super) fn write_search(
    out_dir: &Path,
    manifest: &Manifest,
    assets: &Assets,
    failures: &mut Vec<Failure>,
    left: &output::Left,
    progress: &dyn Progress,
) -> SearchReport {
    let mut report = SearchReport::default();
    let registry_path = out_dir.join(REGISTRY);
    let mut registry: Registry = read_registry(out_dir, REGISTRY)
        .filter(|r: &Registry| r.version == 1 || r.version == REGISTRY_VERSION)
        .unwrap_or_default();
    // Version 1's bundle, at the folder's root: its files are those of a bundle that
    // no longer exists.
    if registry.version == 1 {
        registry.bundles = BTreeMap::from([(
            String::new(),
            BundleRecord {
                inputs: None,
                files: std::mem::take(&mut registry.files),
            },
        )]);
    }
    registry.version = REGISTRY_VERSION;
    // Only paths of their bundle's folder: an output folder is not trusted data.
    for (name, bundle) in &mut registry.bundles {
        bundle.files.retain(|path, record| {
            let sound = record.path == *path && sound_path(name, path);
            if !sound {
                left.note(
                    path,
                    output::Removal::Left(format!(
                        "chemin refusé, lu dans {REGISTRY} : un fichier de la recherche n’a \
                         pas ce nom"
                    )),
                );
            }
            sound
        });
    }
    let bundles = match bundles(manifest) {
        Ok(bundles) => bundles,
        Err(error) => {
            failures.push(Failure::message(format!(
                "recherche : manifeste illisible ({})",
                output::io_reason(&error)
            )));
            return report;
        }
    };
    report.bundles = bundles.len();
    // Each bundle's files when they are fresh: what was written (their stamps, now that
    // they can be trusted: the next build reads nothing).
    // With each bundle's digest, made once.
    let fresh: Vec<(Digest, Option<BTreeMap<String, OutputRecord>>)> = bundles
        .iter()
        .map(|bundle| {
            let inputs = bundle.inputs();
            let files = registry
                .bundles
                .get(&bundle.name)
                .filter(|old| old.inputs == Some(inputs))
                .and_then(|old| {
                    old.files
                        .values()
                        .map(|record| fresh::on_disk(out_dir, record).map(|r| (r.path.clone(), r)))
                        .collect()
                });
            (inputs, files)
        })
        .collect();
    let to_index: usize = bundles
        .iter()
        .zip(&fresh)
        .filter(|(_, (_, files))| files.is_none())
        .map(|(bundle, _)| bundle.pages.len())
        .sum();
    if to_index > 0 {
        progress.begin(Phase::Search, to_index);
    }
    let mut made: BTreeMap<String, BundleRecord> = BTreeMap::new();
    for (bundle, (inputs, fresh)) in bundles.iter().zip(fresh) {
        let old = registry.bundles.get(&bundle.name);
        if let Some(files) = fresh {
            made.insert(
                bundle.name.clone(),
                BundleRecord {
                    inputs: Some(inputs),
                    files,
                },
            );
            continue;
        }
        let files = make_bundle(out_dir, bundle, left);
        progress.advance(Phase::Search, bundle.pages.len());
        let files = match files {
            Ok(files) => files,
            Err(message) => {
                progress.end(Phase::Search);
                failures.push(Failure::message(format!("recherche : {message}")));
                return report;
            }
        };
        *report.indexed.get_or_insert(0) += bundle.pages.len();
        report.bundles_made += 1;
        let mut written = BTreeMap::new();
        for (path, bytes) in files {
            let hash = Digest(blake3::hash(&bytes));
            let kept = old
                .and_then(|old| old.files.get(&path))
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
        made.insert(
            bundle.name.clone(),
            BundleRecord {
                inputs: Some(inputs),
                files: written,
            },
        );
    }
    progress.end(Phase::Search);
    // The files of the bundles before that the new ones do not have.
    let gone: Vec<&OutputRecord> = registry
        .bundles
        .iter()
        .flat_map(|(name, old)| {
            let now = made.get(name);
            old.files
                .values()
                .filter(move |r| now.is_none_or(|now| !now.files.contains_key(&r.path)))
        })
        .collect();
    report.removed = remove_files(out_dir, gone, left);
    // Files of a bundle that a killed build wrote but never recorded: named by their
    // content, Pagefind's own kinds, nothing else would be there.
    report.removed += remove_unrecorded(out_dir, &made, left);
    registry.bundles = made;
    let empty = registry.bundles.is_empty();
    if !empty || registry_path.exists() {
        write_registry(out_dir, REGISTRY, &registry, failures);
    }
    if empty {
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
    let folders: Vec<String> = bundles.iter().map(Bundle::folder).collect();
    match render::html::render_search_page(&assets.html, &folders) {
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
        .filter(|r: &Registry| r.version == REGISTRY_VERSION)
        .unwrap_or_default();
    let mut files: Vec<OutputRecord> = registry
        .bundles
        .into_iter()
        .flat_map(|(name, bundle)| {
            bundle
                .files
                .into_values()
                .filter(move |r| sound_path(&name, &r.path))
        })
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

/// Indexes a bundle's pages (read from the output folder) and returns its files, by
/// their path from the output folder.
fn make_bundle(
    out_dir: &Path,
    bundle: &Bundle,
    left: &output::Left,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let pages = &bundle.pages;
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
                    "{}/{}",
                    bundle.folder(),
                    file.filename.to_string_lossy().replace('\\', "/")
                );
                (path, file.contents)
            })
            .collect())
    })
}

/// Removes the files of Pagefind's kinds (`.pf_fragment`, `.pf_index`, `.pf_filter`,
/// `.pf_meta`) under the bundles' folder that no bundle of `bundles` lists.
fn remove_unrecorded(
    out_dir: &Path,
    bundles: &BTreeMap<String, BundleRecord>,
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
            && !bundles.values().any(|b| b.files.contains_key(&relative))
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
