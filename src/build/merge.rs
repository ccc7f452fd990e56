//! `merge-manifests`: joins the shard manifests of an output folder into its manifest and
//! writes what a whole build writes beyond the motions' own files (the séances'
//! booklets, the site's pages and feeds, the search, the index), only when they make one
//! whole archive: every shard K/N of
//! one N, once each, of one root and one version of the tool, every build finished, every
//! file they list present.

use super::records::shard_manifests;
use crate::manifest::{self, Loaded, Manifest};
use crate::output::OutputLock;
use crate::render::Assets;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `merge_manifests` did.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// The shard manifests joined.
    pub shards: Vec<PathBuf>,
    pub motions: usize,
    /// Files of the last whole manifest that no shard lists any more, removed.
    pub removed: usize,
    pub index: Option<PathBuf>,
    /// The séances' booklets, made for the whole archive (a shard has only part of each
    /// séance).
    pub booklets: super::BookletReport,
    /// Files the merge would have removed but left, each with why (see
    /// `BuildReport::left`).
    pub left: Vec<String>,
}

/// Why a merge did not happen.
#[derive(Debug)]
pub enum MergeError {
    /// The shards do not make one whole archive (a French message naming what is missing
    /// or mismatched).
    Incomplete(String),
    Io(std::io::Error),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Incomplete(message) => f.write_str(message),
            MergeError::Io(error) => f.write_str(&crate::output::io_reason(error)),
        }
    }
}

impl From<std::io::Error> for MergeError {
    fn from(error: std::io::Error) -> MergeError {
        MergeError::Io(error)
    }
}

/// Up to five names, then how many more.
fn some_of(names: &[String]) -> String {
    let mut text = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        text.push_str(&format!(
            " et {} autre{}",
            crate::diag::french_number(names.len() - 5),
            if names.len() > 6 { "s" } else { "" }
        ));
    }
    text
}

/// Joins the shard manifests of `out_dir` (`manifest.shard-K-of-N.json`, written by
/// `--shard`) into `manifest.json`, removes them, and writes the archive index of every
/// motion. The outputs themselves are already in place (each shard wrote its own files).
pub fn merge_manifests(
    out_dir: &Path,
    assets: &Assets,
    options: &super::BuildOptions,
    on_wait: &dyn Fn(),
) -> Result<MergeReport, MergeError> {
    let lock = OutputLock::acquire(out_dir, on_wait)?;
    let incomplete = |message: String| Err(MergeError::Incomplete(message));
    let paths = shard_manifests(out_dir)?;
    if paths.is_empty() {
        return incomplete(format!(
            "aucune part à réunir dans {} (fichiers manifest.shard-K-of-N.json écrits par \
             motion build --shard K/N)",
            out_dir.display()
        ));
    }
    // Each shard by its K, with its N.
    let mut shards: BTreeMap<usize, (PathBuf, Manifest)> = BTreeMap::new();
    let mut cuts: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (k, n) = manifest::parse_shard_manifest(&name).expect("listed as a shard manifest");
        cuts.entry(n).or_default().push(format!("{k}/{n}"));
        let journal = out_dir.join(manifest::file_names(Some((k, n))).1);
        if journal.exists() {
            return incomplete(format!(
                "la construction de la part {k}/{n} n’a pas abouti ({} est resté) ; \
                 relancez-la avant de réunir les parts",
                journal.display()
            ));
        }
        let part = match Manifest::read_file(path)? {
            Loaded::Current(part) => *part,
            Loaded::Unusable { why, .. } => {
                return incomplete(format!("{name} est {why}"));
            }
            Loaded::Foreign => {
                return incomplete(format!("{name} n’est pas un manifeste de motion"));
            }
            Loaded::Missing => continue,
        };
        if !part.refused.is_empty() {
            return incomplete(format!(
                "{name} liste des sorties qu’aucune motion ne peut avoir ({}) ; \
                 reconstruisez cette part",
                some_of(
                    &part
                        .refused
                        .iter()
                        .map(|p| crate::diag::printable(p).into_owned())
                        .collect::<Vec<_>>()
                )
            ));
        }
        if part.shard != Some((k, n)) {
            return incomplete(format!(
                "{name} ne dit pas être la part {k}/{n} ; a-t-il été renommé ?"
            ));
        }
        shards.insert(k, (path.clone(), part));
    }
    if cuts.len() > 1 {
        let all: Vec<String> = cuts.values().flatten().cloned().collect();
        return incomplete(format!(
            "parts de découpages différents ({}) : toutes les parts doivent venir d’un \
             même --shard K/N",
            all.join(", ")
        ));
    }
    let n = *cuts.keys().next().expect("at least one shard");
    let missing: Vec<String> = (1..=n)
        .filter(|k| !shards.contains_key(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return incomplete(format!(
            "il manque {} {} sur {n} ; l’archive serait incomplète",
            if missing.len() == 1 {
                "la part"
            } else {
                "les parts"
            },
            missing.join(", ")
        ));
    }
    let (first_path, first) = shards.values().next().expect("every shard is there");
    // The shards of one archive found the same motions (each built its share of them),
    // with the same version of the tool.
    for (path, part) in shards.values() {
        if part.archive != first.archive {
            return incomplete(format!(
                "{} et {} ne viennent pas d’une même archive : elles n’ont pas trouvé les \
                 mêmes motions (sources dans {} et {}) ; reconstruisez-les du même état des \
                 sources",
                first_path.display(),
                path.display(),
                first.root,
                part.root,
            ));
        }
        if part.tool != first.tool {
            return incomplete(format!(
                "{} et {} viennent de deux versions de motion ({} et {})",
                first_path.display(),
                path.display(),
                first.tool,
                part.tool
            ));
        }
    }
    let mut merged = Manifest::new(first.root.clone(), None)?;
    // The folders whose tags.toml titles the tags, as the shards' builds were asked for
    // them (plain paths under the root only: the output folder is not trusted data).
    let folders: std::collections::BTreeSet<&String> = shards
        .values()
        .flat_map(|(_, part)| &part.folders)
        .filter(|f| crate::output::plain_relative(f))
        .collect();
    let mut missing_files = Vec::new();
    for (k, (path, part)) in &shards {
        for (stem, record) in &part.motions {
            let json = part.store.json(*record)?;
            let entry = part.store.get(*record)?;
            if merged.motions.contains_key(stem) {
                return incomplete(format!(
                    "la motion {stem} est dans deux parts (dont {}) ; reconstruisez les parts \
                     d’un même découpage",
                    path.display()
                ));
            }
            for output in &entry.outputs {
                let present = std::fs::metadata(out_dir.join(&output.path))
                    .is_ok_and(|m| m.is_file() && m.len() == output.size);
                if !present {
                    missing_files.push(format!("{} (part {k}/{n})", output.path));
                }
            }
            let record = merged.store.push_json(&json)?;
            merged.motions.insert(stem.clone(), record);
        }
    }
    if !missing_files.is_empty() {
        return incomplete(format!(
            "{} listé{} par les parts manque{} ou diffère{} : {}",
            crate::diag::plural(missing_files.len(), "fichier", "fichiers"),
            if missing_files.len() > 1 { "s" } else { "" },
            if missing_files.len() > 1 { "nt" } else { "" },
            if missing_files.len() > 1 { "nt" } else { "" },
            some_of(&missing_files)
        ));
    }
    let mut report = MergeReport::default();
    let left = crate::output::Left::default();
    // The files of the last whole manifest that no shard lists are no longer part of
    // the archive.
    let old = Manifest::read_file(&out_dir.join(manifest::MANIFEST))?;
    if let Loaded::Foreign = old {
        return incomplete(format!(
            "{} n’est pas un manifeste de motion ; déplacez-le",
            out_dir.join(manifest::MANIFEST).display()
        ));
    }
    if let Loaded::Current(old) = old {
        let kept: std::collections::BTreeSet<String> =
            merged.outputs()?.into_iter().map(|(p, _)| p).collect();
        let gone: Vec<_> = old
            .outputs()?
            .into_iter()
            .filter(|(p, _)| !kept.contains(p))
            .collect();
        report.removed = super::records::remove_if_unchanged(out_dir, &gone, &left);
    }
    merged.save_as(&out_dir.join(manifest::MANIFEST))?;
    for (path, _) in shards.values() {
        std::fs::remove_file(path)?;
    }
    report.motions = merged.motions.len();
    // The séances' booklets, the tags' pages and the feeds, the search and the index of
    // the whole archive, as a build makes them (each only when what it is made from
    // changed). The booklets set the motions again from their sources (the repository
    // the shards were built from).
    let mut failures = Vec::new();
    let root = PathBuf::from(&merged.root);
    let no_run = crate::batch::CheckRun::default();
    let archive = super::products::Archive {
        out_dir,
        root: &root,
        folders: std::iter::once(root.clone())
            .chain(folders.iter().map(|f| root.join(f)))
            .collect(),
        manifest: &merged,
        records: merged.content_digest()?,
        run: &no_run,
        assets,
        options,
        booklets: options.booklets,
        pages: true,
    };
    let made = super::products::make(&archive, &mut failures, &left);
    lock.ended();
    if !failures.is_empty() {
        let messages: Vec<String> = failures.into_iter().map(|f| f.message).collect();
        return Err(MergeError::Io(std::io::Error::other(messages.join("\n"))));
    }
    report.booklets = made.booklets;
    report.index = made.index;
    report.shards = paths;
    report.left = left.into_sorted();
    Ok(report)
}
