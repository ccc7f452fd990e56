//! The output plan of a build: one output stem per motion (its path under the output
//! folder, without extension), refusing stems that leave the folder, that two motions
//! share, or that take a name the archive keeps for itself; and the stable share of
//! the motions that a shard builds.

use crate::batch::CheckedMotion;
use crate::manifest;
use crate::output::{self, LOCK_FILE};
use crate::render::{self, Format};
use std::collections::BTreeMap;

/// Whether a motion (by its output stem) belongs to shard `k` of `n`: a hash of the stem,
/// the same on every machine.
pub fn in_shard(stem: &str, (k, n): (usize, usize)) -> bool {
    let hash = blake3::hash(stem.as_bytes());
    let value = u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"));
    value % n as u64 == (k - 1) as u64
}

/// The output stem of a motion (`2026-12/p300`), `/`-separated; `None` when its path
/// has anything but plain names.
pub fn stem_of(input: &crate::batch::Input) -> Option<String> {
    output::output_stem(&input.path, &input.base)
        .map(|stem| stem.to_string_lossy().replace('\\', "/"))
}

/// The archive's own files at the top of the output folder.
const ARCHIVE_FILES: &[&str] = &[
    render::INDEX_FILE,
    super::booklets::FOLDER,
    super::booklets::REGISTRY,
    render::TAGS_FOLDER,
    render::SEANCES_FOLDER,
    render::FEED_FILE,
    render::SEARCH_FILE,
    render::SEARCH_FOLDER,
    manifest::MANIFEST,
    manifest::JOURNAL,
    super::ledger::FILE,
    LOCK_FILE,
];

/// The archive's own file that a stem's outputs would take, if any: `index.toml` at the
/// top would write `index.html`, a folder named `manifest.json` would need the
/// manifest's name for a folder.
pub fn reserved(stem: &str) -> Option<&'static str> {
    let Some((first, _)) = stem.split_once('/') else {
        // At the top: an output of some writer named like an archive file.
        return Format::all().find_map(|format| {
            let name = format!("{stem}.{}", format.extension());
            ARCHIVE_FILES.iter().copied().find(|file| *file == name)
        });
    };
    ARCHIVE_FILES
        .iter()
        .copied()
        .find(|name| *name == first)
        .or_else(|| {
            (first.starts_with("manifest.shard-")
                && (first.ends_with(".json") || first.ends_with(".journal")))
            .then_some("manifest.shard-K-of-N.json")
        })
}

/// The motions a build takes, each with its stem, and what it refused.
pub struct Plan<'a> {
    pub motions: Vec<(&'a CheckedMotion, String)>,
    /// Messages about motions that cannot be built.
    pub refused: Vec<String>,
    /// Motions left to other shards.
    pub other_shards: usize,
}

pub fn plan(motions: &[CheckedMotion], shard: Option<(usize, usize)>) -> Plan<'_> {
    let mut plan = Plan {
        motions: Vec::new(),
        refused: Vec::new(),
        other_shards: 0,
    };
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    for checked in motions {
        let display = checked.input.display.as_str();
        let Some(stem) = stem_of(&checked.input) else {
            plan.refused
                .push(format!("{display} : chemin de sortie impossible"));
            continue;
        };
        if let Some(name) = reserved(&stem) {
            plan.refused.push(format!(
                "{display} : ses sorties prendraient la place de {name}, un fichier de \
                 l’archive ; renommez le fichier ou son dossier"
            ));
            continue;
        }
        if let Some(owner) = owners.get(&stem) {
            plan.refused.push(format!(
                "{display} : même fichier de sortie que {owner} ({stem}) ; renommez l’un des deux"
            ));
            continue;
        }
        owners.insert(stem.clone(), display);
        if shard.is_some_and(|shard| !in_shard(&stem, shard)) {
            plan.other_shards += 1;
            continue;
        }
        plan.motions.push((checked, stem));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_files_are_not_for_motions() {
        assert_eq!(reserved("index"), Some("index.html"));
        assert_eq!(reserved("sub/index"), None);
        assert_eq!(reserved("manifest.json/x"), Some("manifest.json"));
        assert_eq!(reserved("index.html/x"), Some("index.html"));
        assert_eq!(
            reserved("manifest.shard-1-of-2.json/x"),
            Some("manifest.shard-K-of-N.json")
        );
        assert_eq!(reserved("manifest"), None);
        assert_eq!(reserved("2026-12/p300"), None);
    }

    #[test]
    fn shards_split_stems_stably() {
        let stems: Vec<String> = (0..100).map(|i| format!("s/m{i}")).collect();
        for stem in &stems {
            let owners = (1..=3).filter(|&k| in_shard(stem, (k, 3))).count();
            assert_eq!(owners, 1, "{stem}");
        }
    }
}
