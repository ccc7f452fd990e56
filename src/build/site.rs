//! The archive's pages beyond the index: for each séance, a page of its texts in séance
//! order with its booklet (`seances/2026-12-08-conseil-de-paris.html`); for each tag, a page listing its motions with
//! their count and an Atom feed (`etiquettes/p300.html`, `etiquettes/p300.xml`), titled
//! by the optional `tags.toml` at the sources' root (title, description, goal); and the
//! archive's own feed (`atom.xml`). Each file is made again only when what it is made of
//! changed (its entries' hashes, its template, what else it shows), and written only when
//! its bytes change; the page and feed of a tag gone are removed (only files that motion
//! wrote). The pages
//! themselves are `render`'s. `tags.toml` is read at the sources' root (the motions'
//! repository) and at the top of each folder named on the command line (the later say
//! more of a tag).

use super::index::Entries;
use super::ledger::digest;
use super::{Failure, Phase, Progress, fresh, write_archive_record};
use crate::manifest::{Digest, OutputRecord};
use crate::output;
use crate::render::{self, Assets, IndexEntry, TagLink, TagPage, feed};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The tags' titles, descriptions and goals, at the sources' root.
pub const TAGS_FILE: &str = "tags.toml";

/// What `tags.toml` may say of a tag.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TagSpec {
    title: Option<String>,
    description: Option<String>,
    goal: Option<String>,
}

/// What the site is made from beyond the manifest and the templates: each folder's
/// `tags.toml` (its path and bytes; none when it is not there).
pub(super) fn specs_bytes(folders: &[std::path::PathBuf]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for folder in folders {
        let path = folder.join(TAGS_FILE);
        let text = std::fs::read(&path).ok();
        bytes.extend_from_slice(path.to_string_lossy().as_bytes());
        bytes.push(0);
        match text {
            Some(text) => {
                bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
                bytes.extend_from_slice(&text);
            }
            None => bytes.extend_from_slice(&u64::MAX.to_le_bytes()),
        }
    }
    bytes
}

/// What the site's pages are made from.
pub(super) struct Site<'a> {
    /// The folders whose `tags.toml` titles the tags.
    pub folders: &'a [std::path::PathBuf],
    /// Every motion's entry, as the index lists it, and the hash of each.
    pub entries: &'a Entries,
    /// Each séance's booklet, by séance.
    pub booklets: &'a BTreeMap<(String, String), String>,
    pub assets: &'a Assets,
    /// The fingerprint of the HTML templates and the program.
    pub html: blake3::Hash,
    /// The site's files as the ledger last recorded them, by path: a file whose inputs
    /// are the same and which is what was written is neither rendered nor read again.
    pub previous: HashMap<String, OutputRecord>,
}

/// What `write_site` did: the tags as the index lists them, the record of each file (what
/// the ledger checks), and how many files were made again.
pub(super) struct SiteMade {
    pub tags: Vec<TagLink>,
    pub files: Vec<OutputRecord>,
    pub rendered: usize,
}

/// Writes the séances' pages, the tags' pages and feeds and the archive's feed, each only
/// when what it is made from changed (or its file is not what was written).
pub(super) fn write_site(
    out_dir: &Path,
    site: &Site,
    failures: &mut Vec<Failure>,
    left: &output::Left,
    progress: &dyn Progress,
) -> SiteMade {
    let Site {
        folders,
        entries,
        booklets,
        assets,
        html,
        ref previous,
    } = *site;
    let Entries { list: all, hashes } = entries;
    let mut records = Vec::new();
    let mut rendered = 0;
    // A file: kept as it is when its inputs are those recorded and it holds what was
    // written; else rendered and written (when its bytes change).
    let mut file = |path: &str,
                    inputs: Digest,
                    render: &dyn Fn() -> Result<Vec<u8>, String>,
                    failures: &mut Vec<Failure>| {
        let kept = previous
            .get(path)
            .filter(|record| record.inputs == inputs)
            .and_then(|record| fresh::on_disk(out_dir, record));
        if let Some(record) = kept {
            records.push(record);
            return;
        }
        rendered += 1;
        match render() {
            Ok(bytes) => {
                if let Some(record) = write_archive_record(out_dir, path, &bytes, failures) {
                    records.push(OutputRecord { inputs, ..record });
                }
            }
            Err(message) => failures.push(Failure::message(format!("{path} : {message}"))),
        }
    };
    // What a file is made from: the templates, its path, what else it shows, its entries.
    let inputs = |path: &str, indices: &[usize], extra: &[u8]| {
        let listed: Vec<u8> = indices
            .iter()
            .flat_map(|&i| *hashes[i].as_bytes())
            .collect();
        digest(
            "site file",
            &[html.as_bytes(), path.as_bytes(), extra, &listed],
        )
    };
    let pick = |indices: &[usize]| -> Vec<IndexEntry> {
        indices.iter().map(|&i| all[i].clone()).collect()
    };
    let mut specs = BTreeMap::new();
    for folder in folders {
        specs.extend(read_specs(folder, failures));
    }
    // Tags by their page: "P300" and "p300" are one tag.
    let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, entry) in all.iter().enumerate() {
        // Once on a page, though two of its tags are one ("P300", "p300").
        let mut listed = Vec::with_capacity(entry.tags.len());
        for tag in &entry.tags {
            let page = render::tag_page(tag);
            if listed.contains(&page) {
                continue;
            }
            listed.push(page.clone());
            tags.entry(page)
                .or_insert_with(|| (tag.clone(), Vec::new()))
                .1
                .push(i);
        }
    }
    let mut written = Vec::new();
    // Each séance's page.
    let mut seances: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, entry) in all.iter().enumerate() {
        seances
            .entry((entry.seance_period(), entry.council_name.clone()))
            .or_default()
            .push(i);
    }
    // Counted: each séance, each tag, the archive's feed.
    progress.begin(Phase::Pages, seances.len() + tags.len() + 1);
    for (key, list) in seances {
        let page = render::seance_page(&key.0, &key.1);
        let booklet = booklets.get(&key).map(String::as_str);
        file(
            &page,
            inputs(&page, &list, booklet.unwrap_or("\0").as_bytes()),
            &|| {
                render::html::render_seance_page(pick(&list), booklet, &assets.html)
                    .map_err(|error| error.message)
            },
            failures,
        );
        written.push(page);
        progress.advance(Phase::Pages, 1);
    }
    remove_gone(out_dir, render::SEANCES_FOLDER, &written, left);
    let mut links = Vec::new();
    for (page, (name, list)) in tags {
        let spec = specs.get(&name).or_else(|| {
            specs
                .iter()
                .find(|(key, _)| render::tag_page(key) == page)
                .map(|(_, spec)| spec)
        });
        let title = spec
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| name.clone());
        let feed_path = page.replace(".html", ".xml");
        let feed_name = feed_path
            .rsplit('/')
            .next()
            .unwrap_or(&feed_path)
            .to_string();
        let tag = TagPage {
            name: name.clone(),
            title: title.clone(),
            description: spec.and_then(|s| s.description.clone()),
            goal: spec.and_then(|s| s.goal.clone()),
            feed: feed_name,
        };
        let described = format!(
            "{}\0{}\0{:?}\0{:?}\0{}",
            tag.name, tag.title, tag.description, tag.goal, tag.feed
        );
        let count = list.len();
        // Its list, newest first, on pages of at most TAG_PAGE_SIZE texts.
        let chunks: Vec<&[usize]> = list.chunks(render::TAG_PAGE_SIZE).collect();
        let paths: Vec<String> = (1..=chunks.len())
            .map(|n| render::tag_page_numbered(&name, n))
            .collect();
        let names: Vec<String> = paths
            .iter()
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
            .collect();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let paging = render::TagPaging {
                current: i + 1,
                pages: names.clone(),
                total: count,
            };
            let path = &paths[i];
            let shown = format!("{described}\0{}\0{:?}\0{count}", i + 1, names);
            file(
                path,
                inputs(path, chunk, shown.as_bytes()),
                &|| {
                    render::html::render_tag_page(&tag, pick(chunk), &paging, &assets.html)
                        .map_err(|error| error.message)
                },
                failures,
            );
            written.push(path.clone());
        }
        let feed_title = format!("{title} — archive des vœux et amendements");
        let feed_id = format!(
            "urn:motion:etiquette:{}",
            page.trim_end_matches(".html")
                .rsplit('/')
                .next()
                .unwrap_or("")
        );
        file(
            &feed_path,
            inputs(
                &feed_path,
                &list,
                format!("{feed_title}\0{feed_id}").as_bytes(),
            ),
            &|| Ok(feed::atom(&feed_title, &feed_id, &pick(&list), "../").into_bytes()),
            failures,
        );
        written.push(feed_path);
        links.push(TagLink {
            name,
            title,
            href: page,
            count,
        });
        progress.advance(Phase::Pages, 1);
    }
    // The archive's feed, when it has a motion (an archive of motions in error only
    // writes nothing).
    if all.is_empty() {
        let _ = output::remove_owned(out_dir, render::FEED_FILE, is_ours);
    } else {
        let everything: Vec<usize> = (0..all.len()).collect();
        file(
            render::FEED_FILE,
            inputs(render::FEED_FILE, &everything, b""),
            &|| {
                Ok(feed::atom(
                    "Archive des vœux et amendements",
                    "urn:motion:archive",
                    all,
                    "",
                )
                .into_bytes())
            },
            failures,
        );
    }
    progress.advance(Phase::Pages, 1);
    progress.end(Phase::Pages);
    remove_gone(out_dir, render::TAGS_FOLDER, &written, left);
    // By title, accents aside ("îlots" among the i).
    links.sort_by_key(|l| crate::text::slug(&l.title));
    SiteMade {
        tags: links,
        files: records,
        rendered,
    }
}

/// The tags' titles, descriptions and goals, from `tags.toml` when there is one. A
/// mistake in it is said (in French, with its line) and the tags keep their names.
fn read_specs(root: &Path, failures: &mut Vec<Failure>) -> BTreeMap<String, TagSpec> {
    let path = root.join(TAGS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    match toml::from_str::<BTreeMap<String, TagSpec>>(&text) {
        Ok(specs) => specs,
        Err(error) => {
            let (line, column) = error.span().map_or((1, 1), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, column)
            });
            let detail = error.message();
            let why = if let Some(rest) = detail.strip_prefix("unknown field `") {
                let field = rest.split('`').next().unwrap_or_default();
                format!("clé inconnue « {field} » (une étiquette a title, description ou goal)")
            } else {
                "ce n’est pas du TOML attendu : une table par étiquette ([P300]) avec \
                 title, description ou goal, chacun un texte entre guillemets"
                    .to_string()
            };
            failures.push(Failure::message(format!(
                "{}:{line}:{column} : {why} ; les étiquettes gardent leur nom",
                path.display()
            )));
            BTreeMap::new()
        }
    }
}

/// Removes the pages and feeds of `folder` that this build did not write, when motion
/// wrote them (its generator mark is in them): a tag or séance gone takes its files.
fn remove_gone(out_dir: &Path, folder_name: &str, written: &[String], left: &output::Left) {
    let folder = out_dir.join(folder_name);
    // A link in the folder's place leads elsewhere: nothing there is the build's.
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        left.note(
            folder_name,
            output::Removal::Left("c’est un lien symbolique ; rien n’y est retiré".into()),
        );
        return;
    }
    let Ok(files) = std::fs::read_dir(&folder) else {
        return;
    };
    for file in files.filter_map(Result::ok) {
        let name = file.file_name().to_string_lossy().into_owned();
        let relative = format!("{folder_name}/{name}");
        if written.contains(&relative) || !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        // Only files motion wrote: a file of the user's there is not named (it is
        // simply not the build's).
        let _ = output::remove_owned(out_dir, &relative, is_ours);
    }
}

/// Whether a page or feed is one motion wrote (its generator mark is at its top).
fn is_ours(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(2048).read_to_end(&mut head));
    read.is_ok_and(|_| {
        let head = String::from_utf8_lossy(&head);
        head.contains("content=\"motion ") || head.contains(">motion</generator>")
    })
}
