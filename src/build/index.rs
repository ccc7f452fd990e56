//! The archive's entries (one per motion of the manifest, read once for the index and
//! the site's pages) and the index of a build: its séances, counted from the entries.
//! The page itself is `render`'s.

use super::fresh;
use crate::manifest::{Manifest, Record, RecordStore};
use crate::output;
use crate::render::booklet::order_key;
use crate::render::{self, Assets, Format, IndexEntry, IndexOutput};
use std::path::Path;

/// Every motion's entry, newest first, and beside each a hash of what it says (its
/// record's index and links): a page of the site is made again only when the hashes of
/// its entries change.
pub(super) struct Entries {
    pub list: Vec<IndexEntry>,
    pub hashes: Vec<blake3::Hash>,
}

/// Every motion's entry of `manifest`, newest first (in a séance, by number), each with
/// links to the outputs its record lists.
pub(super) fn entries(manifest: &Manifest) -> Entries {
    let mut entries: Vec<(IndexEntry, blake3::Hash)> = manifest
        .motions
        .values()
        .filter_map(|record| entry_of(&manifest.store, *record))
        .collect();
    entries.sort_by(|(a, _), (b, _)| {
        b.period
            .cmp(&a.period)
            .then_with(|| order_key(&a.number).cmp(&order_key(&b.number)))
            .then_with(|| a.plain_title.cmp(&b.plain_title))
    });
    let (list, hashes) = entries.into_iter().unzip();
    Entries { list, hashes }
}

/// A record's index entry, with links to the outputs it lists, and its hash.
fn entry_of(store: &RecordStore, record: Record) -> Option<(IndexEntry, blake3::Hash)> {
    let record = store.get(record).ok()?;
    let mut entry = record.index.entry()?;
    entry.outputs = Format::all()
        .filter_map(|format| {
            let output = record
                .outputs
                .iter()
                .find(|o| fresh::format_of(&o.path) == Some(format))?;
            Some(IndexOutput {
                label: format.label().to_string(),
                href: output.path.clone(),
            })
        })
        .collect();
    let mut hasher = blake3::Hasher::new();
    hasher.update(record.index.json().as_bytes());
    for output in &entry.outputs {
        for part in [&output.label, &output.href] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    Some((entry, hasher.finalize()))
}

/// Writes the archive index of `entries`.
pub(super) fn write_index(
    path: &Path,
    entries: &[IndexEntry],
    links: &render::html::IndexLinks<'_>,
    assets: &Assets,
) -> Result<(u64, blake3::Hash), render::RenderError> {
    output::write_streamed_if_changed(path, |out| {
        render::render_index(entries, *links, assets, out)
    })
}
