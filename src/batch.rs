//! A run over many files: finds the motions and folder defaults under the given paths,
//! loads each defaults file once, compiles every motion in parallel (`compile`), applies
//! the rules that look across files, keeps the checked motions for a build, and returns
//! every diagnostic in a stable order. Rules about a single file live in `input` and
//! `validate`; printing is `diag`'s.

mod cache;

pub use cache::{FOLDER as CACHE_FOLDER, create_folder as create_cache_folder};

use crate::compile::{self, Compiled, Defaults, NumberPlace};
use crate::diag::{self, Code, Diagnostic};
use crate::input::DEFAULTS_FILE;
use crate::model::Motion;
use crate::output::{Spill, Spilled};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// TOML files of common tools that are never motions, skipped when walking a folder
/// (a file named on the command line is always checked).
const NOT_MOTIONS: &[&str] = &[
    // The titles, descriptions and goals of the tags (see `build::site`).
    "tags.toml",
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

/// A motion that passed every rule, with a hash of every file it was read from. When
/// the run keeps motions (a build), the checked motion waits in the run's spill, not in
/// memory (an archive of 10,000 would otherwise hold them all while the first render):
/// `CheckRun::motion` gives it back, never read or checked again.
#[derive(Debug, Clone)]
pub struct CheckedMotion {
    /// Shared with the run's list of inputs (an archive has thousands).
    pub input: std::sync::Arc<Input>,
    /// The motion's file and its defaults files: when it changes, outputs are stale.
    pub source_hash: blake3::Hash,
    /// Where the motion waits, when the run keeps motions.
    kept: Option<Spilled>,
    /// Its place in its séance (its page links the texts before and after it).
    pub place: Option<crate::render::SeancePlace>,
}

/// What was found under the paths given.
#[derive(Debug, Default, Clone)]
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
    /// The checked motions, when the run keeps them.
    spill: Option<Spill>,
    /// The folders walked (see `Discovery::walked`).
    pub walked: BTreeSet<PathBuf>,
    /// The sources' root (see `Discovery::root`).
    pub root: PathBuf,
    /// Diagnostics counted but not kept (past `diag::KEPT_PER_FILE_AND_CODE`).
    pub omitted: diag::Omitted,
    /// The defaults files read, for a motion the cache answered and a build needs.
    defaults: std::sync::Arc<HashMap<PathBuf, Defaults>>,
    /// How many motion files the cache answered without a check.
    pub cached: usize,
}

impl CheckRun {
    /// The motion as it was checked, when the run kept it (see `check`).
    pub fn motion(&self, checked: &CheckedMotion) -> std::io::Result<Motion> {
        match (&self.spill, checked.kept) {
            (Some(spill), Some(kept)) => spill.get(kept),
            // A motion the cache answered: checked now, as it was then.
            (Some(_), None) => {
                let outcome = check_motion(&checked.input, &self.defaults);
                if let Some(fatal) = outcome.fatal {
                    return Err(std::io::Error::other(fatal));
                }
                let compiled = outcome.compiled;
                match compiled.motion {
                    Some(motion) if compiled.source_hash == checked.source_hash => Ok(motion),
                    _ => Err(std::io::Error::other(
                        "le fichier a changé depuis sa vérification ; relancez la construction",
                    )),
                }
            }
            _ => Err(std::io::Error::other(
                "motion non gardée par la vérification",
            )),
        }
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
        _ => format!("lecture impossible ({})", crate::output::io_reason(error)),
    }
}

/// The defaults files that apply to a motion, farthest first.
/// The defaults files that exist for a motion in `folder`, under `root`, farthest first
/// (what `import` checks a file it writes there against).
pub fn defaults_chain(folder: &Path, root: &Path) -> Vec<PathBuf> {
    let mut chain: Vec<PathBuf> = folder
        .ancestors()
        .take_while(|dir| dir.starts_with(root))
        .map(|dir| dir.join(DEFAULTS_FILE))
        .filter(|path| path.is_file())
        .collect();
    chain.reverse();
    chain
}

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

/// What the check of one file leaves for the run.
#[derive(Default)]
struct MotionOutcome {
    compiled: Compiled,
    /// The motion's number, with what two motions of one session must not share:
    /// council, dates and number.
    number_key: Option<(String, String)>,
    fatal: Option<String>,
    /// The motion passed (it has been dropped by then, or set aside).
    passed: bool,
    kept: Option<Spilled>,
    /// Its place in its séance.
    place: Option<crate::render::SeancePlace>,
    /// Answered by the cache.
    cached: bool,
}

/// What a run keeps of the motions that pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing but their names and hashes (`check`).
    Nothing,
    /// Each checked motion, set aside on disk for the build (`build`): it is never read
    /// or checked twice.
    Motions,
}

/// Checks every motion found (and every defaults file on its own), without the cache.
pub fn check(discovery: &Discovery, cwd: &Path, keep: Keep) -> CheckRun {
    check_cached(discovery, cwd, keep, false)
}

/// Checks every motion found (and every defaults file on its own); with `cached`, a
/// motion file unchanged since a run that checked it under the same defaults and program
/// is answered by the cache (`.motion-cache/` at the sources' root), not checked again.
pub fn check_cached(discovery: &Discovery, cwd: &Path, keep: Keep, cached: bool) -> CheckRun {
    let cache = cache::Cache::open(&discovery.root, cached);
    let (run, cache) = check_with(discovery, cwd, keep, cache, None);
    cache.save();
    run
}

/// The check cache of a process that checks again and again (`serve`, `watch`): read
/// once, kept in memory from one check to the next, and written when `save` is called
/// (once the sources are quiet, and when the preview stops) rather than at each check
/// (at 10,000 motions, reading and writing it took a fifth of a rebuild).
#[derive(Default)]
pub struct CheckSession {
    cache: Option<cache::Cache>,
    /// Entries that the file does not hold yet.
    unsaved: bool,
}

impl CheckSession {
    /// Writes the entries the file does not hold yet.
    pub fn save(&mut self) {
        if let Some(cache) = &self.cache
            && self.unsaved
        {
            cache.write();
        }
        self.unsaved = false;
    }
}

/// `check_cached` with the session's cache (opened at the first check, or again when the
/// sources' root changes). `changed`, when given, holds every motion file that may have
/// changed since the session's last check (the watcher's word): any other whose entry
/// this session confirmed is answered without a look at the file.
pub fn check_in_session(
    discovery: &Discovery,
    cwd: &Path,
    keep: Keep,
    session: &mut CheckSession,
    changed: Option<&HashSet<PathBuf>>,
) -> CheckRun {
    let cache = match session.cache.take() {
        Some(cache) if cache.root() == discovery.root => cache,
        other => {
            // Another root: what the cache of the last one holds is written first.
            if let Some(old) = other
                && session.unsaved
            {
                old.write();
            }
            session.unsaved = false;
            cache::Cache::open(&discovery.root, true)
        }
    };
    let (run, mut cache) = check_with(discovery, cwd, keep, cache, changed);
    session.unsaved |= cache.settle();
    session.cache = Some(cache);
    run
}

/// The check of `check_cached`, with the cache given; the cache with what it found.
fn check_with(
    discovery: &Discovery,
    cwd: &Path,
    keep: Keep,
    cache: cache::Cache,
    changed: Option<&HashSet<PathBuf>>,
) -> (CheckRun, cache::Cache) {
    let mut run = CheckRun {
        fatal: discovery.fatal.clone(),
        warnings: discovery.warnings.clone(),
        walked: discovery.walked.clone(),
        root: discovery.root.clone(),
        ..CheckRun::default()
    };
    if keep == Keep::Motions {
        run.spill = Some(Spill::new());
    }
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
    let mut defaults: HashMap<PathBuf, Defaults> = HashMap::new();
    for path in &defaults_paths {
        let display = display_path(path, cwd);
        match Defaults::load(path, display.clone()) {
            Err(error) => run
                .fatal
                .push(format!("{display} : {}", io_message(&error))),
            Ok(loaded) => {
                run.defaults_files += 1;
                run.omitted += loaded.omitted;
                run.diagnostics.extend(loaded.diagnostics);
                defaults.insert(path.clone(), loaded.defaults);
            }
        }
    }

    // Each motion is dropped once checked (or set aside): only its number's place is
    // kept.
    let spill = run.spill.as_ref();
    let sources = std::sync::Mutex::new(cache::Sources::default());
    let outcomes: Vec<MotionOutcome> = discovery
        .motions
        .par_iter()
        .map(|input| {
            let chain: Vec<(PathBuf, blake3::Hash)> = chain(input)
                .into_iter()
                .filter_map(|p| defaults.get(&p).map(|d| (p, d.hash)))
                .collect();
            let digest = cache::Cache::defaults_digest(&chain);
            // A file the session's watcher saw no change of: its entry, without a look.
            let known = changed
                .filter(|changed| !changed.contains(&input.path))
                .and_then(|_| cache.known(&input.path, digest));
            let was_known = known.is_some();
            let (hit, mut probe) = match known {
                Some((entry, probe)) => (Some(entry), Some(probe)),
                None => cache.look(&input.path, digest),
            };
            // Unchanged since a run that checked it: its answers, not a check.
            if let (Some(entry), Some(probe)) = (hit, probe.as_ref()) {
                let restored = sources
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .restore(&entry, cwd);
                if let Some((diagnostics, omitted)) = restored {
                    let outcome = MotionOutcome::cached(input, &entry, diagnostics, omitted, cwd);
                    cache.keep(probe, entry);
                    return outcome;
                }
            }
            // Not what its entry says after all: looked at as any file is.
            if was_known {
                probe = cache.look(&input.path, digest).1;
            }
            // A panic (a bug) on one file is that file's error: the others are checked.
            let mut outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_motion(input, &defaults)
            }))
            .unwrap_or_else(|panic| MotionOutcome::internal_error(input, panic.as_ref()));
            let passed = outcome.compiled.motion.is_some() && outcome.fatal.is_none();
            if let Some(motion) = outcome.compiled.motion.take() {
                outcome.place = Some(crate::render::SeancePlace::of_motion(&motion));
                outcome.number_key = motion.number.as_ref().map(|number| {
                    let key = format!(
                        "{:?}|{:?}|{number}",
                        motion.session.council, motion.session.sitting
                    );
                    (number.to_string(), key)
                });
                match spill.map(|spill| spill.push(&motion)) {
                    Some(Err(error)) => {
                        outcome.fatal = Some(format!(
                            "{} : fichier temporaire impossible à écrire ({})",
                            input.display,
                            crate::output::io_reason(&error)
                        ));
                        return outcome;
                    }
                    Some(Ok(kept)) => outcome.kept = Some(kept),
                    None => {}
                }
                outcome.passed = true;
            }
            // What this check found, for the next run (not a file that could not be read,
            // nor a panic: those are checked again).
            if let Some(probe) = probe
                && outcome.fatal.is_none()
                && !outcome
                    .compiled
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::InternalError)
            {
                cache.record(
                    &input.path,
                    probe,
                    &outcome.compiled,
                    passed,
                    outcome.place.clone(),
                    outcome.number_key.clone(),
                );
            }
            outcome
        })
        .collect();
    run.cached = outcomes.iter().filter(|o| o.cached).count();

    run.motion_files = discovery.motions.len();
    run.inputs = discovery.motions.clone();
    let mut numbered: BTreeMap<String, NumberPlace> = BTreeMap::new();
    for (input, outcome) in discovery.motions.iter().zip(outcomes) {
        if !outcome.passed {
            run.failed_motions += 1;
        }
        let compiled = outcome.compiled;
        run.omitted += compiled.omitted;
        run.diagnostics.extend(compiled.diagnostics);
        if let Some(fatal) = outcome.fatal {
            run.fatal.push(fatal);
        }
        if outcome.passed {
            if let (Some((number, key)), Some(place)) = (outcome.number_key, compiled.number_place)
            {
                run.diagnostics
                    .extend(number_taken(&mut numbered, key, &number, place));
            }
            run.motions.push(CheckedMotion {
                input: std::sync::Arc::clone(input),
                source_hash: compiled.source_hash,
                kept: outcome.kept,
                place: outcome.place,
            });
        }
    }
    diag::sort_and_dedup(&mut run.diagnostics);
    run.defaults = std::sync::Arc::new(defaults);
    (run, cache)
}

/// The rule across files on numbers (M409): two motions of one session (council and
/// dates, `key`) never share a number. The first motion with a number takes it; a later
/// one gets the diagnostic, pointing at both.
fn number_taken(
    numbered: &mut BTreeMap<String, NumberPlace>,
    key: String,
    number: &str,
    place: NumberPlace,
) -> Option<Diagnostic> {
    let Some(first) = numbered.get(&key) else {
        numbered.insert(key, place);
        return None;
    };
    let (origin, first_origin) = (place.origin()?, first.origin()?);
    Some(
        Diagnostic::new(
            Code::DuplicateNumber,
            origin,
            format!(
                "le numéro {number} est déjà pris par {} dans cette séance",
                first.display
            ),
        )
        .label("numéro en double")
        .secondary(first_origin, "premier texte avec ce numéro")
        .help("chaque vœu ou amendement d’une séance a son propre numéro dans le cahier ; une réponse de l’Exécutif prend « bis »"),
    )
}

impl MotionOutcome {
    /// The outcome of a file the cache answered.
    fn cached(
        input: &Input,
        entry: &cache::Entry,
        diagnostics: Vec<Diagnostic>,
        omitted: diag::Omitted,
        cwd: &Path,
    ) -> MotionOutcome {
        let number_place = entry.number.as_ref().map(|(_, _, span)| NumberPlace {
            path: input.path.clone(),
            display: display_path(&input.path, cwd),
            span: span.clone(),
        });
        MotionOutcome {
            compiled: Compiled {
                diagnostics,
                omitted,
                motion: None,
                source_hash: entry.source_hash.0,
                number_place,
            },
            number_key: entry
                .number
                .as_ref()
                .map(|(n, key, _)| (n.clone(), key.clone())),
            fatal: None,
            passed: entry.passed,
            kept: None,
            place: entry.place.clone(),
            cached: true,
        }
    }

    /// The outcome of a file whose check panicked: an error M006 at its start.
    fn internal_error(input: &Input, panic: &(dyn std::any::Any + Send)) -> MotionOutcome {
        let file = crate::source::SourceFile::new(
            input.path.clone(),
            input.display.clone(),
            String::new(),
        );
        let diagnostic = Diagnostic::new(
            Code::InternalError,
            crate::source::Origin::file_start(&file),
            format!(
                "erreur interne de motion en vérifiant ce fichier ({})",
                panic_message(panic)
            ),
        )
        .help("ce n’est pas forcément une faute du texte : merci de signaler ce fichier aux mainteneurs de motion");
        MotionOutcome {
            compiled: Compiled {
                diagnostics: vec![diagnostic],
                ..Compiled::default()
            },
            ..MotionOutcome::default()
        }
    }
}

/// Checks one motion over the defaults files of its folders.
fn check_motion(input: &Input, defaults: &HashMap<PathBuf, Defaults>) -> MotionOutcome {
    let chain: Vec<&Defaults> = chain(input)
        .iter()
        .filter_map(|p| defaults.get(p))
        .collect();
    match compile::compile(&input.path, input.display.clone(), &chain) {
        Ok(compiled) => MotionOutcome {
            compiled,
            ..MotionOutcome::default()
        },
        Err(error) => MotionOutcome {
            fatal: Some(format!("{} : {}", input.display, io_message(&error))),
            ..MotionOutcome::default()
        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_keeps_the_motions_as_checked_and_reads_no_file_twice() {
        let dir = tempfile::tempdir().unwrap();
        let samples =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("motions/2026-12-conseil-de-paris");
        for name in ["defaults.toml", "p300-espaces-verts.toml"] {
            std::fs::copy(samples.join(name), dir.path().join(name)).unwrap();
        }
        let discovery = discover(&[dir.path().to_path_buf()], dir.path());
        let run = check(&discovery, dir.path(), Keep::Motions);
        assert_eq!(run.motions.len(), 1, "{:?}", run.diagnostics);
        // Edited after the check: what is built is what was checked.
        let path = dir.path().join("p300-espaces-verts.toml");
        std::fs::write(&path, "titel = \"cassé\"\n").unwrap();
        let motion = run.motion(&run.motions[0]).expect("kept");
        assert_eq!(motion.number.map(|n| n.to_string()).as_deref(), Some("18"));
        let run = check(&discovery, dir.path(), Keep::Nothing);
        assert!(run.motions.is_empty());
    }
}
