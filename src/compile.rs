//! One motion from its file to what every writer prints: read and parse it, lay its
//! folder defaults under it, check its shape and its rules, lower it to a `Motion`; and,
//! when it is to be printed, typeset it and word its `Document`. `check`, `build` (and
//! the booklet, the preview server, `import`'s tests) all go through here, once per
//! motion. Finding files and the rules across files are `batch`'s; writing is `build`'s.

use crate::diag::{self, Diagnostic};
use crate::input::node::{Node, Path as TreePath};
use crate::input::{self, FileRole};
use crate::model::Motion;
use crate::render::{self, Document};
use crate::source::Origin;
use crate::typography::typeset_motion;
use crate::validate::{self, Scope};
use std::path::{Path, PathBuf};

/// A folder defaults file, checked on its own once and laid under every motion below it.
#[derive(Debug)]
pub struct Defaults {
    /// The tree after the shape check (what failed is removed); `None` when it did not
    /// parse.
    pub tree: Option<Node>,
    pub has_errors: bool,
    /// A hash of the file's text: a motion's outputs depend on it.
    pub hash: blake3::Hash,
}

/// A defaults file loaded: the file and what its check found.
pub struct LoadedDefaults {
    pub defaults: Defaults,
    pub diagnostics: Vec<Diagnostic>,
    pub omitted: diag::Omitted,
}

impl Defaults {
    /// Reads and checks a defaults file on its own. Err: it cannot be read.
    pub fn load(path: &Path, display: String) -> std::io::Result<LoadedDefaults> {
        let parsed = input::parse_file(path, display, FileRole::Defaults)?;
        let mut diagnostics = parsed.diagnostics;
        let mut omitted = diag::Omitted::default();
        let tree = parsed.tree.map(|tree| {
            let mut doc = input::lower_tree(&parsed.file, tree, &[]);
            let validated = validate::validate(&mut doc, Scope::Defaults);
            omitted += validated.omitted;
            diagnostics.extend(validated.diagnostics);
            doc.tree
        });
        let has_errors = tree.is_none() || diagnostics.iter().any(Diagnostic::is_error);
        omitted += diag::keep_per_code(&mut diagnostics);
        Ok(LoadedDefaults {
            defaults: Defaults {
                tree,
                has_errors,
                hash: blake3::hash(parsed.file.text.as_bytes()),
            },
            diagnostics,
            omitted,
        })
    }
}

/// Where a motion's number is written, without the file's text (an archive would hold
/// every file's text otherwise).
#[derive(Debug, Clone)]
pub struct NumberPlace {
    pub path: PathBuf,
    pub display: String,
    pub span: std::ops::Range<usize>,
}

impl NumberPlace {
    /// The origin for a diagnostic. The file is read again: only for a number taken twice
    /// in a session, which the rules across files find once every motion is checked.
    pub fn origin(&self) -> Option<Origin> {
        let read = input::parse::read(&self.path, self.display.clone()).ok()?;
        Some(Origin::new(&read.file, self.span.clone()))
    }
}

/// A motion compiled.
#[derive(Debug)]
pub struct Compiled {
    /// Every problem found, sorted by place, at most `diag::KEPT_PER_FILE_AND_CODE` of
    /// a code.
    pub diagnostics: Vec<Diagnostic>,
    /// The problems counted but not kept.
    pub omitted: diag::Omitted,
    /// The motion, when it passed every rule (and its defaults parsed clean).
    pub motion: Option<Motion>,
    /// A hash of its file and of its defaults files: what its outputs are made from.
    pub source_hash: blake3::Hash,
    /// Where its number is written.
    pub number_place: Option<NumberPlace>,
}

impl Default for Compiled {
    fn default() -> Compiled {
        Compiled {
            diagnostics: Vec::new(),
            omitted: diag::Omitted::default(),
            motion: None,
            source_hash: blake3::Hash::from_bytes([0; 32]),
            number_place: None,
        }
    }
}

impl Compiled {
    /// What every writer prints of the motion, when it passed.
    pub fn document(&self) -> Option<Document> {
        self.motion.clone().map(document)
    }
}

/// What every writer prints of a checked motion: typeset once, then worded (session
/// label, filing line, formula) once.
pub fn document(motion: Motion) -> Document {
    render::assemble(&typeset_motion(motion))
}

/// Compiles the motion file at `path` (shown as `display`) over its folder defaults,
/// farthest first. Err: the file cannot be read.
pub fn compile(path: &Path, display: String, defaults: &[&Defaults]) -> std::io::Result<Compiled> {
    let parsed = input::parse_file(path, display.clone(), FileRole::Motion)?;
    crate::faults::panic_at("check", &display);
    Ok(compile_parsed(parsed, defaults))
}

/// Compiles the text a motion file at `path` would hold, over its folder defaults: what
/// `import` writes is checked before it is written.
pub fn compile_text(path: &Path, display: String, text: &str, defaults: &[&Defaults]) -> Compiled {
    let read = input::parse::decode(path, display, text.as_bytes().to_vec());
    compile_parsed(input::parse_text(read, FileRole::Motion), defaults)
}

fn compile_parsed(parsed: input::ParsedFile, defaults: &[&Defaults]) -> Compiled {
    let mut compiled = Compiled {
        diagnostics: parsed.diagnostics,
        ..Compiled::default()
    };
    if let Some(tree) = parsed.tree {
        let mut hasher = blake3::Hasher::new();
        hasher.update(parsed.file.text.as_bytes());
        for loaded in defaults {
            hasher.update(loaded.hash.as_bytes());
        }
        compiled.source_hash = hasher.finalize();
        let trees: Vec<&Node> = defaults.iter().filter_map(|d| d.tree.as_ref()).collect();
        let mut doc = input::lower_tree(&parsed.file, tree, &trees);
        // A motion whose defaults do not parse is checked for what it holds itself, not
        // for what it lacks: the missing parts may well be in the broken file.
        let all_parsed = defaults.iter().all(|d| d.tree.is_some());
        let scope = if all_parsed {
            Scope::Motion
        } else {
            Scope::Defaults
        };
        let validated = validate::validate(&mut doc, scope);
        compiled.omitted += validated.omitted;
        compiled.diagnostics.extend(validated.diagnostics);
        if !defaults.iter().any(|d| d.has_errors) {
            compiled.motion = validated.motion;
            compiled.number_place = doc
                .tree
                .get(&TreePath::parse("number"))
                .map(|n| NumberPlace {
                    path: n.origin.file.path.clone(),
                    display: n.origin.file.display.clone(),
                    span: n.origin.span.clone(),
                });
        }
    }
    let omitted = diag::keep_per_code(&mut compiled.diagnostics);
    compiled.omitted += omitted;
    compiled
}

/// Compiles the bytes of a motion file on its own, without folder defaults: what
/// `check` says of it, and the motion when it passes. For fuzzing and tests.
pub fn compile_bytes(path: &Path, bytes: Vec<u8>) -> Compiled {
    let parsed = input::parse_bytes(path, bytes, FileRole::Motion);
    let mut compiled = Compiled {
        diagnostics: parsed.diagnostics,
        ..Compiled::default()
    };
    if let Some(tree) = parsed.tree {
        compiled.source_hash = blake3::hash(parsed.file.text.as_bytes());
        let mut doc = input::lower_tree(&parsed.file, tree, &[]);
        let validated = validate::validate(&mut doc, Scope::Motion);
        compiled.omitted += validated.omitted;
        compiled.diagnostics.extend(validated.diagnostics);
        compiled.motion = validated.motion;
    }
    let omitted = diag::keep_per_code(&mut compiled.diagnostics);
    compiled.omitted += omitted;
    compiled
}
