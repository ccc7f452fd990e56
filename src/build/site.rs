//! The archive's pages beyond the index: for each séance, a page of its texts in séance
//! order with its booklet (`seances/2026-12-08-conseil-de-paris.html`); for each tag, a page listing its motions with
//! their count and an Atom feed (`etiquettes/p300.html`, `etiquettes/p300.xml`), titled
//! by the optional `tags.toml` at the sources' root (title, description, goal); and the
//! archive's own feed (`atom.xml`). Each file is written only when its bytes change; the
//! page and feed of a tag gone are removed (only files that motion wrote). The pages
//! themselves are `render`'s. `tags.toml` is read at the sources' root (the motions'
//! repository) and at the top of each folder named on the command line (the later say
//! more of a tag).

use super::{Failure, Phase, Progress, write_archive_record};
use crate::manifest::OutputRecord;
use crate::output;
use crate::render::{self, Assets, IndexEntry, TagLink, TagPage, feed};
use std::collections::BTreeMap;
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
    /// Every motion's entry, as the index lists it.
    pub entries: &'a [IndexEntry],
    /// Each séance's booklet, by séance.
    pub booklets: &'a BTreeMap<(String, String), String>,
    pub assets: &'a Assets,
}

/// Writes the séances' pages, the tags' pages and feeds and the archive's feed; returns
/// the tags as the index lists them and the record of each file written (what the
/// ledger checks).
pub(super) fn write_site(
    out_dir: &Path,
    site: &Site,
    failures: &mut Vec<Failure>,
    left: &output::Left,
    progress: &dyn Progress,
) -> (Vec<TagLink>, Vec<OutputRecord>) {
    let Site {
        folders,
        entries,
        booklets,
        assets,
    } = *site;
    let mut records = Vec::new();
    let mut write = |path: &str, bytes: &[u8], failures: &mut Vec<Failure>| {
        if let Some(record) = write_archive_record(out_dir, path, bytes, failures) {
            records.push(record);
        }
    };
    let mut specs = BTreeMap::new();
    for folder in folders {
        specs.extend(read_specs(folder, failures));
    }
    // Tags by their page: "P300" and "p300" are one tag.
    let mut tags: BTreeMap<String, (String, Vec<IndexEntry>)> = BTreeMap::new();
    for entry in entries {
        for tag in &entry.tags {
            let page = render::tag_page(tag);
            let (_, list) = tags
                .entry(page)
                .or_insert_with(|| (tag.clone(), Vec::new()));
            if !list.iter().any(|e| e.outputs == entry.outputs) {
                list.push(entry.clone());
            }
        }
    }
    let mut written = Vec::new();
    // Each séance's page.
    let mut seances: BTreeMap<(String, String), Vec<IndexEntry>> = BTreeMap::new();
    for entry in entries {
        seances
            .entry((entry.seance_period(), entry.council_name.clone()))
            .or_default()
            .push(entry.clone());
    }
    // Counted: each séance, each tag, the archive's feed.
    progress.begin(Phase::Pages, seances.len() + tags.len() + 1);
    for (key, list) in seances {
        let page = render::seance_page(&key.0, &key.1);
        match render::html::render_seance_page(
            list,
            booklets.get(&key).map(String::as_str),
            &assets.html,
        ) {
            Ok(bytes) => write(&page, &bytes, failures),
            Err(error) => failures.push(Failure::message(format!("{page} : {}", error.message))),
        }
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
        let count = list.len();
        let atom = feed::atom(
            &format!("{title} — archive des vœux et amendements"),
            &format!(
                "urn:motion:etiquette:{}",
                page.trim_end_matches(".html")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
            ),
            &list,
            "../",
        );
        // Its list, newest first, on pages of at most TAG_PAGE_SIZE texts.
        let chunks: Vec<&[IndexEntry]> = list.chunks(render::TAG_PAGE_SIZE).collect();
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
            match render::html::render_tag_page(&tag, chunk.to_vec(), &paging, &assets.html) {
                Ok(bytes) => write(path, &bytes, failures),
                Err(error) => {
                    failures.push(Failure::message(format!("{path} : {}", error.message)))
                }
            }
            written.push(path.clone());
        }
        write(&feed_path, atom.as_bytes(), failures);
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
    if entries.is_empty() {
        let _ = output::remove_owned(out_dir, render::FEED_FILE, is_ours);
    } else {
        let archive = feed::atom(
            "Archive des vœux et amendements",
            "urn:motion:archive",
            entries,
            "",
        );
        write(render::FEED_FILE, archive.as_bytes(), failures);
    }
    progress.advance(Phase::Pages, 1);
    progress.end(Phase::Pages);
    remove_gone(out_dir, render::TAGS_FOLDER, &written, left);
    // By title, accents aside ("îlots" among the i).
    links.sort_by_key(|l| crate::text::slug(&l.title));
    (links, records)
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
