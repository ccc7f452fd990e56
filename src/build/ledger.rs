//! The ledger of the archive's own products (the séances' booklets, the site's pages and
//! feeds, the search, the index), in `ledger.json`: for each, the digest of what its
//! files are made from, the record of each file as it was written (size, hash, stamp:
//! checked as a motion's output is, by `fresh::on_disk`) and what it told the products
//! after it (the tags the index links). A product whose digest is the ledger's and whose
//! files are what was written is neither rendered nor read again. The motions' own
//! outputs are the manifest's; what each product is made from is `products`'.

use super::fresh;
use crate::manifest::{Digest, OutputRecord};
use crate::output;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The ledger's file in the output folder.
pub const FILE: &str = "ledger.json";
const VERSION: u32 = 1;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Ledger {
    version: u32,
    products: BTreeMap<String, ProductRecord>,
    /// Something differs from the file read: it is written again.
    #[serde(skip)]
    changed: bool,
}

/// One product as it was made.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct ProductRecord {
    /// The digest of everything its files are made from.
    pub inputs: Digest,
    /// Each of its files, by its path from the output folder.
    pub files: Vec<OutputRecord>,
    /// What it tells the products after it, when they are made and it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl Ledger {
    /// The ledger of an output folder, when it is there and of this version; its paths
    /// are checked as every path read from an output folder is (plain, relative): one
    /// that is not makes its product unknown (made again).
    pub(super) fn read(out_dir: &Path) -> Ledger {
        let read: Option<Ledger> = std::fs::read(out_dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|l: &Ledger| l.version == VERSION);
        let mut ledger = match read {
            Some(ledger) => ledger,
            None => Ledger {
                version: VERSION,
                products: BTreeMap::new(),
                changed: true,
            },
        };
        let products = ledger.products.len();
        ledger
            .products
            .retain(|_, p| p.files.iter().all(|f| output::plain_relative(&f.path)));
        ledger.changed |= ledger.products.len() != products;
        ledger
    }

    /// The product's record when its digest is `inputs` and each of its files is what
    /// was written (their stamps brought up to date); `None` otherwise.
    pub(super) fn fresh(
        &mut self,
        name: &str,
        inputs: Digest,
        out_dir: &Path,
    ) -> Option<&ProductRecord> {
        let record = self.products.get_mut(name)?;
        if record.inputs != inputs {
            return None;
        }
        // Thousands of files for the search: looked at on every core.
        record.files = record
            .files
            .par_iter()
            .map(|file| fresh::on_disk(out_dir, file))
            .collect::<Option<Vec<_>>>()
            .map(|files| {
                self.changed |= files != record.files;
                files
            })?;
        Some(record)
    }

    /// The files a product was last recorded with, by path, whatever its inputs were (a
    /// product made again keeps those of its files whose own inputs did not change).
    pub(super) fn files_of(&self, name: &str) -> std::collections::HashMap<String, OutputRecord> {
        self.products
            .get(name)
            .map(|record| {
                record
                    .files
                    .iter()
                    .map(|file| (file.path.clone(), file.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Records a product as made now.
    pub(super) fn set(&mut self, name: &str, record: ProductRecord) {
        self.changed = true;
        self.products.insert(name.to_string(), record);
    }

    /// Forgets a product (not made by this build, or made in part: made again next time).
    pub(super) fn forget(&mut self, name: &str) {
        self.changed |= self.products.remove(name).is_some();
    }

    /// Writes the ledger (only when it changed since it was read, and then only when
    /// its bytes change).
    pub(super) fn save(&self, out_dir: &Path) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        output::write_streamed_if_changed(&out_dir.join(FILE), |out| out.write_all(&bytes))
            .map(drop)
    }
}

/// The digest of a product's inputs, from its name and each part of them.
pub(super) fn digest(name: &str, parts: &[&[u8]]) -> Digest {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"motion product 1\0");
    hasher.update(name.as_bytes());
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    Digest(hasher.finalize())
}

/// The record of one of the archive's files as it is now (its registry, a page), when it
/// is there: the ledger makes its product again when it changes or goes.
pub(super) fn file_record(out_dir: &Path, relative: &str) -> Option<OutputRecord> {
    let bytes = std::fs::read(out_dir.join(relative)).ok()?;
    Some(OutputRecord {
        path: relative.to_string(),
        inputs: Digest(blake3::hash(b"")),
        size: bytes.len() as u64,
        hash: Digest(blake3::hash(&bytes)),
        stamp: None,
    })
}
