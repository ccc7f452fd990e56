//! The archive index of a build: every séance of its manifest, counted from the records
//! read one at a time. The page itself is
//! `render`'s.

use super::fresh;
use crate::manifest::{Manifest, Record, RecordStore};
use crate::output;
use crate::render::{self, Assets, Format, IndexEntry, IndexOutput};
use std::path::Path;

/// The index entries of a manifest, read from its store as the index page needs them,
/// each with links to the outputs its record lists.
#[derive(Debug)]
struct StoredIndex {
    store: std::sync::Arc<RecordStore>,
    records: Vec<Record>,
}

impl render::IndexEntries for StoredIndex {
    fn count(&self) -> usize {
        self.records.len()
    }

    fn get(&self, i: usize) -> Option<IndexEntry> {
        entry_of(&self.store, *self.records.get(i)?)
    }
}

/// A record's index entry, with links to the outputs it lists.
pub(super) fn entry_of(store: &RecordStore, record: Record) -> Option<IndexEntry> {
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
    Some(entry)
}

/// Writes the archive index of every motion of `manifest`.
pub(super) fn write_index(
    path: &Path,
    manifest: &Manifest,
    links: &render::html::IndexLinks<'_>,
    assets: &Assets,
) -> Result<(), render::RenderError> {
    let entries = std::sync::Arc::new(StoredIndex {
        store: std::sync::Arc::clone(&manifest.store),
        records: manifest.motions.values().copied().collect(),
    });
    output::write_streamed_if_changed(path, |out| {
        render::render_index(entries, *links, assets, out)
    })
}
