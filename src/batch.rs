//! A run over many files: finds the motions and folder defaults under the given paths,
//! loads each defaults file once, checks every motion in parallel, applies the rules that
//! look across files, and returns every diagnostic in a stable order. Rules about a single
//! file live in `input` and `validate`; printing is `diag`'s.

use crate::diag::{self, Code, Diagnostic};
use crate::input::node::{Node, Path as TreePath};
use crate::input::{self, DEFAULTS_FILE, FileRole};
use crate::model::Motion;
use crate::source::Origin;
use crate::validate::{self, Scope};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// TOML files of common tools that are never motions, skipped when walking a folder
/// (a file named on the command line is always checked).
const NOT_MOTIONS: &[&str] = &[
    "Cargo.toml",
    "pyproject.toml",
    "taplo.toml",
    "rustfmt.toml",
    "clippy.toml",
    "deny.toml",
    "rust-toolchain.toml",
    "typos.toml",
    "netlify.toml",
    "config.toml",
];

/// A motion file found under the paths given, with the folder its defaults stop at.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub display: String,
    pub root: PathBuf,
    /// The folder its outputs mirror: the folder named on the command line, or the
    /// motion's own folder for a file named there.
    pub base: PathBuf,
}

/// A motion that passed every rule, with a hash of every file it was read from. The
/// motion itself is not kept: an archive of 10,000 would hold them all in memory while
/// the first ones render; `CheckRun::reload` reads it again when it is needed.
#[derive(Debug, Clone)]
pub struct CheckedMotion {
    /// Shared with the run's list of inputs (an archive has thousands).
    pub input: std::sync::Arc<Input>,
    /// The motion's file and its defaults files: when it changes, outputs are stale.
    pub source_hash: blake3::Hash,
}

/// What was found under the paths given.
#[derive(Debug, Default)]
pub struct Discovery {
    pub motions: Vec<std::sync::Arc<Input>>,
    /// Defaults files found while walking folders (those above the motions are found
    /// later, when their chains are built).
    pub defaults: BTreeSet<PathBuf>,
    /// Paths that do not exist or cannot be read: a usage error.
    pub fatal: Vec<String>,
    /// What was found but not taken, and why (a symbolic link not followed).
    pub warnings: Vec<String>,
    /// The folders walked (named on the command line): only there can a build tell that
    /// a motion was deleted. A file named alone says nothing of its neighbours.
    pub walked: BTreeSet<PathBuf>,
    /// The folder the paths are found from: their defaults root (the motions'
    /// repository), or the deepest folder holding the roots of them all.
    pub root: PathBuf,
}

/// The deepest folder holding both `a` and `b`.
fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// The result of checking motions.
#[derive(Debug, Default)]
pub struct CheckRun {
    /// Every diagnostic, ordered by file and position, without repeats.
    pub diagnostics: Vec<Diagnostic>,
    /// How many motion files were checked.
    pub motion_files: usize,
    /// How many defaults files were read.
    pub defaults_files: usize,
    /// The motions that passed, in path order.
    pub motions: Vec<CheckedMotion>,
    /// How many motions have an error (theirs or their defaults').
    pub failed_motions: usize,
    /// Problems that are not about a motion's content (unreadable files).
    pub fatal: Vec<String>,
    /// Files found but not taken, and why (see `Discovery::warnings`).
    pub warnings: Vec<String>,
    /// Every motion file found, valid or not (a build must not take one with errors
    /// for a deleted one).
    pub inputs: Vec<std::sync::Arc<Input>>,
    /// The defaults files read, for `reload`.
    defaults: HashMap<PathBuf, LoadedDefaults>,
    /// The folders walked (see `Discovery::walked`).
    pub walked: BTreeSet<PathBuf>,
    /// The sources' root (see `Discovery::root`).
    pub root: PathBuf,
    /// Diagnostics counted but not kept (past `diag::KEPT_PER_FILE_AND_CODE`).
    pub omitted: diag::Omitted,
}

impl CheckRun {
    /// Reads a motion that passed the check again, with the defaults of the check.
    /// `None` when its file changed since (or no longer passes): the caller reports it
    /// rather than build something that was not checked.
    pub fn reload(&self, checked: &CheckedMotion) -> Option<Motion> {
        let outcome = check_motion(&checked.input, &self.defaults, Scope::Rendering);
        let clean = !outcome.diagnostics.iter().any(Diagnostic::is_error);
        (clean && outcome.source_hash == checked.source_hash)
            .then_some(outcome.motion)
            .flatten()
    }

    /// How many files have at least one error.
    pub fn files_with_errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.origin.file.display.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// The path as the user should see it: relative to the working folder when inside it.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    match path.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".into(),
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// The folder where defaults lookup stops for motions under `arg`: the nearest folder
/// holding a `.git` (the motions' repository), else the working folder when `arg` is
/// inside it, else `arg` itself (its folder, for a file). This way a motion gets the same
/// defaults whether one checks it alone or with its whole folder.
pub fn defaults_root(arg: &Path, cwd: &Path) -> PathBuf {
    let start = if arg.is_dir() {
        arg
    } else {
        arg.parent().unwrap_or(arg)
    };
    if let Some(repo) = start.ancestors().find(|dir| dir.join(".git").exists()) {
        return repo.to_path_buf();
    }
    if start.starts_with(cwd) {
        return cwd.to_path_buf();
    }
    start.to_path_buf()
}

/// Whether the symbolic link at `path` leads to a file inside `root`; why not otherwise.
fn linked_file(path: &Path, root: &Path) -> Result<(), &'static str> {
    let target = std::fs::canonicalize(path).map_err(|_| "sa cible n’existe pas")?;
    if target.is_dir() {
        return Err("il mène à un dossier ; nommez ce dossier sur la ligne de commande");
    }
    if !target.starts_with(root) {
        return Err("il mène hors du dépôt des motions");
    }
    Ok(())
}

/// Finds the motions under `paths` (files, or folders walked recursively, skipping
/// hidden and git-ignored files, following links to files inside the repository),
/// sorted by path.
pub fn discover(paths: &[PathBuf], cwd: &Path) -> Discovery {
    let mut discovery = Discovery::default();
    // Each motion with its defaults root and the folder its outputs mirror.
    let mut seen: BTreeMap<PathBuf, (PathBuf, PathBuf)> = BTreeMap::new();
    let mut common: Option<PathBuf> = None;
    for arg in paths {
        let absolute = match std::fs::canonicalize(cwd.join(arg)) {
            Ok(path) => path,
            Err(error) => {
                discovery
                    .fatal
                    .push(format!("{} : {}", arg.display(), io_message(&error)));
                continue;
            }
        };
        let root = defaults_root(&absolute, cwd);
        common = Some(match common {
            None => root.clone(),
            Some(common) => common_ancestor(&common, &root),
        });
        if absolute.is_file() {
            let base = absolute.parent().unwrap_or(&absolute).to_path_buf();
            seen.entry(absolute.clone()).or_insert((root, base));
            continue;
        }
        discovery.walked.insert(absolute.clone());
        let walker = ignore::WalkBuilder::new(&absolute)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    discovery.fatal.push(format!("{} : {error}", arg.display()));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_some_and(|t| t.is_symlink()) {
                // Followed to a file inside the motions' repository; otherwise said, not
                // skipped in silence (a link out of it could make `check` print another
                // file's lines in a public CI log).
                match linked_file(path, &root) {
                    Ok(()) if name.ends_with(".toml") => {}
                    Ok(()) => continue,
                    Err(why) => {
                        if name.ends_with(".toml") || path.is_dir() {
                            discovery.warnings.push(format!(
                                "{} : lien symbolique non suivi ({why})",
                                display_path(path, cwd)
                            ));
                        }
                        continue;
                    }
                }
            } else if !entry.file_type().is_some_and(|t| t.is_file()) || !name.ends_with(".toml") {
                continue;
            }
            if name == DEFAULTS_FILE {
                discovery.defaults.insert(path.to_path_buf());
            } else if !NOT_MOTIONS.contains(&name.as_ref()) {
                seen.entry(path.to_path_buf())
                    .or_insert_with(|| (root.clone(), absolute.clone()));
            }
        }
    }
    discovery.root = common
        .or_else(|| std::fs::canonicalize(cwd).ok())
        .unwrap_or_else(|| cwd.to_path_buf());
    for (path, (root, base)) in seen {
        if path.file_name().is_some_and(|n| n == DEFAULTS_FILE) {
            discovery.defaults.insert(path);
            continue;
        }
        discovery.motions.push(std::sync::Arc::new(Input {
            display: display_path(&path, cwd),
            path,
            root,
            base,
        }));
    }
    discovery
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "chemin introuvable".into(),
        std::io::ErrorKind::PermissionDenied => "lecture refusée (permissions)".into(),
        _ => format!("lecture impossible ({error})"),
    }
}

/// A defaults file, read once per run and shared by every motion below it.
#[derive(Debug)]
struct LoadedDefaults {
    /// The tree after the shape check (what failed is removed); `None` when it did not parse.
    tree: Option<Node>,
    has_errors: bool,
    /// A hash of the file's bytes.
    hash: blake3::Hash,
}

/// The defaults files that apply to a motion, farthest first.
fn chain(input: &Input) -> Vec<PathBuf> {
    let Some(folder) = input.path.parent() else {
        return Vec::new();
    };
    let mut chain: Vec<PathBuf> = folder
        .ancestors()
        .take_while(|dir| dir.starts_with(&input.root))
        .map(|dir| dir.join(DEFAULTS_FILE))
        .collect();
    chain.reverse();
    chain
}

/// The place of a motion's number, without the file's text.
struct NumberPlace {
    path: PathBuf,
    display: String,
    span: std::ops::Range<usize>,
}

impl NumberPlace {
    /// The origin for a diagnostic: the file is read again (rare: only for a duplicate).
    fn origin(&self) -> Option<Origin> {
        let read = input::parse::read(&self.path, self.display.clone()).ok()?;
        Some(Origin::new(&read.file, self.span.clone()))
    }
}

struct MotionOutcome {
    diagnostics: Vec<Diagnostic>,
    motion: Option<Motion>,
    /// Where the motion's number is written: kept without the file's text, which would
    /// otherwise stay in memory for every motion of a large archive.
    number_place: Option<NumberPlace>,
    /// The motion's number, with what two motions of one session must not share:
    /// council, dates and number.
    number_key: Option<(String, String)>,
    fatal: Option<String>,
    source_hash: blake3::Hash,
    /// The motion passed (it has been dropped by then).
    passed: bool,
    /// Diagnostics counted but not kept.
    omitted: diag::Omitted,
}

/// Checks every motion found (and every defaults file on its own).
pub fn check(discovery: &Discovery, cwd: &Path) -> CheckRun {
    let mut run = CheckRun {
        fatal: discovery.fatal.clone(),
        warnings: discovery.warnings.clone(),
        walked: discovery.walked.clone(),
        root: discovery.root.clone(),
        ..CheckRun::default()
    };
    // Every defaults file that applies to some motion, or was found by the walk.
    let mut defaults_paths: BTreeSet<PathBuf> = discovery.defaults.clone();
    let mut dirs_seen = BTreeSet::new();
    for input in &discovery.motions {
        for candidate in chain(input) {
            if dirs_seen.insert(candidate.clone()) && candidate.is_file() {
                defaults_paths.insert(candidate);
            }
        }
    }
    let mut defaults: HashMap<PathBuf, LoadedDefaults> = HashMap::new();
    for path in &defaults_paths {
        let display = display_path(path, cwd);
        match input::parse_file(path, display.clone(), FileRole::Defaults) {
            Err(error) => run
                .fatal
                .push(format!("{display} : {}", io_message(&error))),
            Ok(parsed) => {
                run.defaults_files += 1;
                let mut diagnostics = parsed.diagnostics;
                let tree = parsed.tree.map(|tree| {
                    let mut doc = input::lower_tree(&parsed.file, tree, &[]);
                    let validated = validate::validate(&mut doc, Scope::Defaults);
                    run.omitted += validated.omitted;
                    diagnostics.extend(validated.diagnostics);
                    doc.tree
                });
                let has_errors = tree.is_none() || diagnostics.iter().any(Diagnostic::is_error);
                run.omitted += diag::keep_per_code(&mut diagnostics);
                run.diagnostics.extend(diagnostics);
                let hash = blake3::hash(parsed.file.text.as_bytes());
                defaults.insert(
                    path.clone(),
                    LoadedDefaults {
                        tree,
                        has_errors,
                        hash,
                    },
                );
            }
        }
    }

    // Each motion is dropped once checked: only its number's place is kept.
    let outcomes: Vec<MotionOutcome> = discovery
        .motions
        .par_iter()
        .map(|input| {
            // A panic (a bug) on one file is that file's error: the others are checked.
            let mut outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_motion(input, &defaults, Scope::Motion)
            }))
            .unwrap_or_else(|panic| MotionOutcome::internal_error(input, panic.as_ref()));
            // Kept bounded before the file's outcome joins the others'.
            let omitted = diag::keep_per_code(&mut outcome.diagnostics);
            outcome.omitted += omitted;
            if let Some(motion) = outcome.motion.take() {
                outcome.number_key = motion.number.as_ref().map(|number| {
                    let key = format!(
                        "{:?}|{:?}|{number}",
                        motion.session.council, motion.session.dates
                    );
                    (number.to_string(), key)
                });
                outcome.passed = true;
            }
            outcome
        })
        .collect();

    run.motion_files = discovery.motions.len();
    run.inputs = discovery.motions.clone();
    let mut numbered: BTreeMap<String, NumberPlace> = BTreeMap::new();
    for (input, outcome) in discovery.motions.iter().zip(outcomes) {
        if !outcome.passed {
            run.failed_motions += 1;
        }
        run.omitted += outcome.omitted;
        run.diagnostics.extend(outcome.diagnostics);
        if let Some(fatal) = outcome.fatal {
            run.fatal.push(fatal);
        }
        if outcome.passed {
            if let (Some((number, key)), Some(place)) = (outcome.number_key, outcome.number_place) {
                match numbered.get(&key) {
                    Some(first) => {
                        if let (Some(origin), Some(first_origin)) = (place.origin(), first.origin())
                        {
                            run.diagnostics.push(
                                Diagnostic::new(
                                    Code::DuplicateNumber,
                                    origin,
                                    format!("le numéro {number} est déjà pris par {} dans cette séance", first.display),
                                )
                                .label("numéro en double")
                                .secondary(first_origin, "premier texte avec ce numéro")
                                .help("chaque vœu ou amendement d’une séance a son propre numéro dans le cahier ; une réponse de l’Exécutif prend « bis »"),
                            );
                        }
                    }
                    None => {
                        numbered.insert(key, place);
                    }
                }
            }
            run.motions.push(CheckedMotion {
                input: std::sync::Arc::clone(input),
                source_hash: outcome.source_hash,
            });
        }
    }
    diag::sort_and_dedup(&mut run.diagnostics);
    run.defaults = defaults;
    run
}

/// Checks the bytes of one motion file on its own (no folder defaults): every
/// diagnostic `check` would give, and the motion when it passes. For fuzzing and tests.
pub fn check_bytes(path: &Path, bytes: Vec<u8>) -> (Vec<Diagnostic>, Option<Motion>) {
    let parsed = input::parse_bytes(path, bytes, FileRole::Motion);
    let mut diagnostics = parsed.diagnostics;
    let Some(tree) = parsed.tree else {
        return (diagnostics, None);
    };
    let mut doc = input::lower_tree(&parsed.file, tree, &[]);
    let validated = validate::validate(&mut doc, Scope::Motion);
    diagnostics.extend(validated.diagnostics);
    diag::sort_and_dedup(&mut diagnostics);
    (diagnostics, validated.motion)
}

impl Default for MotionOutcome {
    fn default() -> Self {
        MotionOutcome {
            diagnostics: Vec::new(),
            motion: None,
            number_place: None,
            number_key: None,
            fatal: None,
            source_hash: blake3::Hash::from_bytes([0; 32]),
            passed: false,
            omitted: diag::Omitted::default(),
        }
    }
}

impl MotionOutcome {
    /// The outcome of a file whose check panicked: an error M006 at its start.
    fn internal_error(input: &Input, panic: &(dyn std::any::Any + Send)) -> MotionOutcome {
        let file = crate::source::SourceFile::new(
            input.path.clone(),
            input.display.clone(),
            String::new(),
        );
        let diagnostic = Diagnostic::new(
            Code::InternalError,
            Origin::file_start(&file),
            format!(
                "erreur interne de motion en vérifiant ce fichier ({})",
                panic_message(panic)
            ),
        )
        .help("ce n’est pas forcément une faute du texte : merci de signaler ce fichier aux mainteneurs de motion");
        MotionOutcome {
            diagnostics: vec![diagnostic],
            ..MotionOutcome::default()
        }
    }
}

/// The text a panic carried, when it is text.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("sans message")
}

/// Tests make the work on one file panic, as a bug on some text would:
/// `MOTION_TEST_PANIC=STAGE:NAME`, STAGE `check` or `build`, NAME the end of the file's
/// name. Debug builds only.
pub(crate) fn injected_panic(stage: &str, display: &str) {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("MOTION_TEST_PANIC")
        && let Some((asked, name)) = spec.to_string_lossy().split_once(':')
        && asked == stage
        && display.ends_with(name)
    {
        panic!("panne simulée");
    }
    #[cfg(not(debug_assertions))]
    let _ = (stage, display);
}

/// Tests kill the process (SIGKILL, as a user's `kill -9` or a CI timeout) at a point of
/// a build: `MOTION_TEST_KILL=POINT:NAME`, POINT `written` (the motion's files renamed
/// into place, its record not yet journaled) or `recorded` (journaled), NAME the end of
/// the motion's file name. Debug builds only.
pub(crate) fn injected_kill(point: &str, display: &str) {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("MOTION_TEST_KILL")
        && let Some((asked, name)) = spec.to_string_lossy().split_once(':')
        && asked == point
        && display.ends_with(name)
    {
        // SAFETY: sends a signal to this very process.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = (point, display);
}

/// Checks one motion with `scope` (`Motion`, or `Rendering` when read again to render).
fn check_motion(
    input: &Input,
    defaults: &HashMap<PathBuf, LoadedDefaults>,
    scope: Scope,
) -> MotionOutcome {
    let mut outcome = MotionOutcome::default();
    let parsed = match input::parse_file(&input.path, input.display.clone(), FileRole::Motion) {
        Ok(parsed) => parsed,
        Err(error) => {
            outcome.fatal = Some(format!("{} : {}", input.display, io_message(&error)));
            return outcome;
        }
    };
    outcome.diagnostics = parsed.diagnostics;
    injected_panic("check", &input.display);
    let Some(tree) = parsed.tree else {
        return outcome;
    };
    let chain: Vec<&LoadedDefaults> = chain(input)
        .iter()
        .filter_map(|p| defaults.get(p))
        .collect();
    let mut hasher = blake3::Hasher::new();
    hasher.update(parsed.file.text.as_bytes());
    for loaded in &chain {
        hasher.update(loaded.hash.as_bytes());
    }
    outcome.source_hash = hasher.finalize();
    let broken_defaults = chain.iter().any(|d| d.has_errors);
    let trees: Vec<&Node> = chain.iter().filter_map(|d| d.tree.as_ref()).collect();
    let mut doc = input::lower_tree(&parsed.file, tree, &trees);
    // A motion whose defaults do not parse is checked for what it holds itself, not for
    // what it lacks: the missing parts may well be in the broken file.
    let all_parsed = chain.iter().all(|d| d.tree.is_some());
    let scope = if all_parsed { scope } else { Scope::Defaults };
    let validated = validate::validate(&mut doc, scope);
    outcome.omitted += validated.omitted;
    outcome.diagnostics.extend(validated.diagnostics);
    if !broken_defaults {
        outcome.motion = validated.motion;
        outcome.number_place = doc
            .tree
            .get(&TreePath::parse("number"))
            .map(|n| NumberPlace {
                path: n.origin.file.path.clone(),
                display: n.origin.file.display.clone(),
                span: n.origin.span.clone(),
            });
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_motion_is_read_again_only_while_its_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let samples =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("motions/2026-12-conseil-de-paris");
        for name in ["defaults.toml", "p300-espaces-verts.toml"] {
            std::fs::copy(samples.join(name), dir.path().join(name)).unwrap();
        }
        let discovery = discover(&[dir.path().to_path_buf()], dir.path());
        let run = check(&discovery, dir.path());
        assert_eq!(run.motions.len(), 1, "{:?}", run.diagnostics);
        let motion = run.reload(&run.motions[0]).expect("unchanged, read again");
        assert!(motion.number.is_some());
        // Edited after the check: not built from what was not checked.
        let path = dir.path().join("p300-espaces-verts.toml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("# modifié\n");
        std::fs::write(&path, text).unwrap();
        assert!(run.reload(&run.motions[0]).is_none());
    }
}
