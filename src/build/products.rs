//! The archive's products beyond the motions' own outputs, made in the order each needs
//! the ones before: the séances' booklets, the site's pages and feeds, the search, the
//! index. Each says what it is made from — a digest of the manifest's records (every
//! motion's, without the stamps of its files), its templates, the options and what the products before it gave —
//! and one whose digest is the ledger's and whose files are what was written is neither
//! rendered nor read. `build` and `merge-manifests` run this one list.
//!
//! Adding a product: its file beside this one (what it is made of, how its files are
//! written), and one step in `make` with its digest's parts.

use super::ledger::{Ledger, ProductRecord, digest};
use super::{BookletReport, BuildOptions, Failure, SearchReport, booklets, index, search, site};
use crate::batch::CheckRun;
use crate::manifest::{Digest, Manifest};
use crate::output;
use crate::render::{self, Assets, TagLink};
use std::path::{Path, PathBuf};

/// What the products are made from.
pub(super) struct Archive<'a> {
    pub out_dir: &'a Path,
    /// The sources' root (the booklets read motions again from there).
    pub root: &'a Path,
    /// The folders whose `tags.toml` titles the tags.
    pub folders: Vec<PathBuf>,
    pub manifest: &'a Manifest,
    /// What the manifest's records say, without their stamps (`Manifest::content_digest`):
    /// a file whose stamp was taken again remakes nothing.
    pub records: Digest,
    /// The motions of this run, as checked (a merge has none: it reads them again).
    pub run: &'a CheckRun,
    pub assets: &'a Assets,
    pub options: &'a BuildOptions<'a>,
    /// Make the booklets (PDFs built and booklets asked); else they stay as recorded.
    pub booklets: bool,
    /// Make the site's pages, the search and the index (a build that writes the index).
    pub pages: bool,
}

/// What the products did.
#[derive(Default)]
pub(super) struct Made {
    pub booklets: BookletReport,
    pub search: SearchReport,
    pub index: Option<PathBuf>,
}

/// What the search made, beside the booklets and the site: its report and failures.
type Searching<'scope> = std::thread::ScopedJoinHandle<'scope, (SearchReport, Vec<Failure>)>;

/// Makes every product whose inputs changed, in order; the search, made from the
/// motions' pages alone, beside the booklets and the site (on the cores a booklet's
/// typesetting leaves), the index last.
pub(super) fn make(archive: &Archive, failures: &mut Vec<Failure>, left: &output::Left) -> Made {
    let mut ledger = Ledger::read(archive.out_dir);
    let html = archive.assets.fingerprint(render::Format::HTML);
    let search_inputs = digest(
        "recherche",
        &[
            archive.records.0.as_bytes(),
            search::PAGEFIND_VERSION.as_bytes(),
            html.as_bytes(),
        ],
    );
    let search = (archive.pages && archive.options.search).then(|| {
        let fresh = ledger
            .fresh("recherche", search_inputs, archive.out_dir)
            .is_some();
        (search_inputs, fresh)
    });
    std::thread::scope(|scope| {
        let searching = search.filter(|(_, fresh)| !fresh).map(|_| {
            scope.spawn(|| {
                let mut failures = Vec::new();
                let report = search::write_search(
                    archive.out_dir,
                    archive.manifest,
                    archive.assets,
                    &mut failures,
                    left,
                    archive.options.progress,
                );
                (report, failures)
            })
        });
        make_in_order(
            archive,
            &html,
            &mut ledger,
            failures,
            left,
            search.map(|(inputs, _)| (inputs, searching)),
        )
    })
}

/// `make` once the search, if it is to be made, runs: `search` is its digest and its
/// thread (`None`: fresh), or `None` when there is no search to make or keep.
fn make_in_order(
    archive: &Archive,
    html: &blake3::Hash,
    ledger: &mut Ledger,
    failures: &mut Vec<Failure>,
    left: &output::Left,
    search: Option<(Digest, Option<Searching>)>,
) -> Made {
    let out_dir = archive.out_dir;
    let options = archive.options;
    let progress = options.progress;
    let mut made = Made::default();
    let manifest = archive.records.0;

    // The séances' booklets: each séance's from its motions' PDFs (`booklets`).
    if archive.booklets {
        let templates = archive.assets.fingerprint_of(booklets::TEMPLATES, true);
        let settings = format!("{:?}|{:?}", options.pdf_standards, options.build_time);
        let inputs = digest(
            "cahiers",
            &[
                manifest.as_bytes(),
                templates.as_bytes(),
                settings.as_bytes(),
            ],
        );
        if ledger.fresh("cahiers", inputs, out_dir).is_some() {
            made.booklets.links = booklets::recorded(out_dir);
            made.booklets.unchanged = made.booklets.links.len();
        } else {
            let before = failures.len();
            made.booklets = booklets::write_booklets(
                archive.root,
                archive.manifest,
                archive.run,
                archive.assets,
                options,
                failures,
                left,
            );
            record(
                ledger,
                "cahiers",
                inputs,
                booklets::recorded_files(out_dir),
                None,
                failures.len() > before,
            );
        }
        progress.step(&format!(
            "cahiers de séance : {}, {}, {}",
            crate::diag::plural(made.booklets.written, "écrit", "écrits"),
            crate::diag::plural(made.booklets.unchanged, "inchangé", "inchangés"),
            crate::diag::plural(made.booklets.removed, "retiré", "retirés")
        ));
    } else {
        made.booklets.links = booklets::recorded(out_dir);
    }
    if !archive.pages {
        let _ = ledger.save(out_dir);
        return made;
    }
    // Every motion's entry, read once (and only when a product needs them).
    let mut entries: Option<index::Entries> = None;
    let booklet_links: Vec<(&(String, String), &String)> = made.booklets.links.iter().collect();
    let booklet_links = serde_json::to_vec(&booklet_links).unwrap_or_default();

    // The séances' and tags' pages and the feeds (`site`).
    let specs = site::specs_bytes(&archive.folders);
    let inputs = digest(
        "site",
        &[manifest.as_bytes(), html.as_bytes(), &booklet_links, &specs],
    );
    let tags: Vec<TagLink> = match ledger
        .fresh("site", inputs, out_dir)
        .and_then(|r| r.data.clone())
        .and_then(|data| serde_json::from_value(data).ok())
    {
        Some(tags) => {
            progress.step("pages des séances et des étiquettes, flux Atom : inchangés");
            tags
        }
        None => {
            let before = failures.len();
            let list = entries.get_or_insert_with(|| index::entries(archive.manifest));
            let site = site::Site {
                folders: &archive.folders,
                entries: list,
                booklets: &made.booklets.links,
                assets: archive.assets,
                html: *html,
                previous: ledger.files_of("site"),
            };
            let made = site::write_site(out_dir, &site, failures, left, progress);
            let files = made.files.len();
            record(
                ledger,
                "site",
                inputs,
                made.files,
                serde_json::to_value(&made.tags).ok(),
                failures.len() > before,
            );
            progress.step(&format!(
                "pages des séances et des étiquettes, flux Atom écrits : {} sur {} ({})",
                crate::diag::plural(made.rendered, "refait", "refaits"),
                crate::diag::french_number(files),
                crate::diag::plural(made.tags.len(), "étiquette", "étiquettes")
            ));
            made.tags
        }
    };

    // The search bundles of the motions' pages and the search page (`search`), once its
    // thread is done.
    match search {
        None => made.search.page = search::recorded(out_dir),
        Some((_, None)) => {
            made.search.page = search::recorded(out_dir);
            progress.step("recherche : index inchangé");
        }
        Some((inputs, Some(searching))) => {
            let (report, mut theirs) = searching
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            made.search = report;
            let failed = !theirs.is_empty();
            failures.append(&mut theirs);
            record(
                ledger,
                "recherche",
                inputs,
                search::recorded_files(out_dir),
                None,
                failed,
            );
            progress.step(&match made.search.indexed {
                Some(pages) => format!(
                    "recherche : {} ({} sur {}), {}, {}",
                    crate::diag::plural(pages, "page indexée", "pages indexées"),
                    crate::diag::plural(
                        made.search.bundles_made,
                        "paquet refait",
                        "paquets refaits"
                    ),
                    crate::diag::french_number(made.search.bundles),
                    crate::diag::plural(made.search.written, "fichier écrit", "fichiers écrits"),
                    crate::diag::plural(made.search.removed, "retiré", "retirés"),
                ),
                None => "recherche : index inchangé".to_string(),
            });
        }
    }

    // The archive's index, which links the products before it (`index`).
    let path = out_dir.join(render::INDEX_FILE);
    let tag_links = serde_json::to_vec(&tags).unwrap_or_default();
    let search_page = made.search.page.clone().unwrap_or_default();
    let inputs = digest(
        "index",
        &[
            manifest.as_bytes(),
            html.as_bytes(),
            &booklet_links,
            &tag_links,
            search_page.as_bytes(),
        ],
    );
    if ledger.fresh("index", inputs, out_dir).is_some() {
        made.index = Some(path);
        progress.step("index de l’archive inchangé");
    } else {
        let list = &entries
            .get_or_insert_with(|| index::entries(archive.manifest))
            .list;
        let links = render::html::IndexLinks {
            booklets: &made.booklets.links,
            tags: &tags,
            search: made.search.page.as_deref(),
        };
        match index::write_index(&path, list, &links, archive.assets) {
            Ok((size, hash)) => {
                let file = crate::manifest::OutputRecord {
                    path: render::INDEX_FILE.to_string(),
                    inputs,
                    size,
                    hash: Digest(hash),
                    stamp: None,
                };
                record(ledger, "index", inputs, vec![file], None, false);
                progress.step("index de l’archive écrit");
                made.index = Some(path);
            }
            Err(error) => {
                ledger.forget("index");
                failures.push(Failure::from_error("index", None, error));
            }
        }
    }
    if let Err(error) = ledger.save(out_dir) {
        failures.push(Failure::message(format!(
            "{} : {}",
            super::ledger::FILE,
            output::io_reason(&error)
        )));
    }
    made
}

/// Records a product as made, or forgets it when its making failed somewhere (it is made
/// again next time).
fn record(
    ledger: &mut Ledger,
    name: &str,
    inputs: Digest,
    files: Vec<crate::manifest::OutputRecord>,
    data: Option<serde_json::Value>,
    failed: bool,
) {
    // Tests kill the build here: the product's files written, the ledger not yet.
    crate::faults::kill_at("product", name);
    if failed {
        ledger.forget(name);
    } else {
        ledger.set(
            name,
            ProductRecord {
                inputs,
                files,
                data,
            },
        );
    }
}
