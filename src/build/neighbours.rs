//! The texts before and after each motion in its séance's order, which its page links:
//! from this run's motions (their place read when they were checked) and from the
//! manifest's records of motions not in this run whose file is still there. A page then
//! depends on its neighbours: their place goes into its digest (`hash`), so that a text
//! added, renumbered or retitled in a séance rewrites the pages beside it, and only them.

use super::records::Records;
use crate::batch::CheckedMotion;
use crate::render::{Neighbour, SeancePlace, booklet};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Each motion's neighbours, by stem.
#[derive(Debug, Default)]
pub(super) struct Neighbours {
    around: HashMap<String, (Option<Neighbour>, Option<Neighbour>)>,
}

impl Neighbours {
    /// The neighbours of the motions of this run and of the records before it.
    pub(super) fn find(
        motions: &[(&CheckedMotion, String)],
        records: &Records,
        root: &Path,
    ) -> Neighbours {
        let mut places: BTreeMap<String, SeancePlace> = BTreeMap::new();
        for (checked, stem) in motions {
            if let Some(place) = &checked.place {
                places.insert(stem.clone(), place.clone());
            }
        }
        let previous: Vec<(String, crate::manifest::Record)> = records
            .previous
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(stem, _)| !places.contains_key(*stem))
            .map(|(stem, record)| (stem.clone(), *record))
            .collect();
        for (stem, record) in previous {
            let Ok(entry) = records.previous_store.get(record) else {
                continue;
            };
            if !root.join(&entry.source).is_file() {
                continue;
            }
            if let Some(index) = entry.index.entry() {
                places.insert(stem, SeancePlace::of_entry(&index));
            }
        }
        let mut seances: BTreeMap<(String, String), Vec<(String, SeancePlace)>> = BTreeMap::new();
        for (stem, place) in places {
            seances
                .entry((place.period.clone(), place.council.clone()))
                .or_default()
                .push((stem, place));
        }
        let mut around = HashMap::new();
        for (_, texts) in seances {
            let ordered: Vec<(String, SeancePlace)> =
                booklet::seance_parts(texts, |(_, p)| booklet::SeanceKey {
                    voeu: p.voeu,
                    number: p.number.clone(),
                    deliberations: p.deliberations.clone(),
                    title: p.title.clone(),
                })
                .into_iter()
                .flat_map(|(_, texts)| texts)
                .collect();
            let neighbour = |i: usize| {
                ordered.get(i).map(|(stem, place)| Neighbour {
                    stem: stem.clone(),
                    label: place.label(),
                })
            };
            for (i, (stem, _)) in ordered.iter().enumerate() {
                let before = i.checked_sub(1).and_then(neighbour);
                around.insert(stem.clone(), (before, neighbour(i + 1)));
            }
        }
        Neighbours { around }
    }

    /// The texts before and after `stem`.
    pub(super) fn of(&self, stem: &str) -> (Option<Neighbour>, Option<Neighbour>) {
        self.around.get(stem).cloned().unwrap_or_default()
    }

    /// What a page's bytes take from its neighbours.
    pub(super) fn hash(&self, stem: &str) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        let (before, after) = self.of(stem);
        for neighbour in [before, after] {
            match neighbour {
                Some(n) => {
                    hasher.update(b"1");
                    hasher.update(n.stem.as_bytes());
                    hasher.update(b"\0");
                    hasher.update(n.label.as_bytes());
                    hasher.update(b"\0");
                }
                None => {
                    hasher.update(b"0");
                }
            }
        }
        hasher.finalize()
    }
}
