//! `motion serve` and `motion watch`: build like `build`, then watch the sources and
//! rebuild at each change (only what changed is written again); `serve` also shows the
//! outputs in the browser, each open page reloading by itself and showing its motion's
//! errors over it. The terminal prints the diagnostics of each file whose diagnostics
//! changed, and one line per build. Ctrl-C stops once the build under way is written.

use super::build::{RenderArgs, Settings, settings};
use super::{EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::build::{BuildError, BuildOptions, Phase, Progress, Silent, build, stem_of};
use crate::diag::{Diagnostic, Emitter, OutputFormat, Summary, plural};
use crate::render::Assets;
use crate::serve::{Change, Live, MotionErrors, ServeError, Server, Watcher};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The preview's output folder in the cache's, when `--out` is not given.
const PREVIEW_FOLDER: &str = "apercu";
/// The port served when none is asked (mdBook's); taken, another free one is used.
const DEFAULT_PORT: u16 = 3000;
/// How long the sources stay quiet before the booklets and the search are made again.
const COLLECTIONS_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Fichiers ou dossiers à construire et observer (par défaut le dossier courant).
    #[arg(value_name = "CHEMINS", default_value = ".", hide_default_value = true)]
    paths: Vec<PathBuf>,

    /// Dossier des sorties (par défaut .motion-cache/apercu à la racine des sources,
    /// gardé d’un démarrage à l’autre).
    #[arg(long, value_name = "DOSSIER")]
    out: Option<PathBuf>,

    /// Port de l’aperçu, sur 127.0.0.1 seulement (par défaut 3000, ou un port libre
    /// s’il est pris ; 0 : un port libre).
    #[arg(long, value_name = "N")]
    port: Option<u16>,

    /// Ouvre l’aperçu dans le navigateur.
    #[arg(long)]
    open: bool,

    #[command(flatten)]
    render: RenderArgs,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Fichiers ou dossiers à construire et observer (par défaut le dossier courant).
    #[arg(value_name = "CHEMINS", default_value = ".", hide_default_value = true)]
    paths: Vec<PathBuf>,

    /// Dossier des sorties (par défaut out).
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = "out",
        hide_default_value = true
    )]
    out: PathBuf,

    #[command(flatten)]
    render: RenderArgs,
}

pub fn run_serve(args: ServeArgs, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    // Without --out, the preview's own folder in the sources' cache: kept from one start
    // to the next, so that a restart builds only what changed (as with --out), and never
    // in the repository (the cache's folder ignores itself).
    let out_dir = match &args.out {
        Some(out) => cwd.join(out),
        None => {
            let first = args
                .paths
                .first()
                .map_or_else(|| cwd.clone(), |p| cwd.join(p));
            let root = batch::defaults_root(&first, &cwd);
            match batch::create_cache_folder(&root) {
                Ok(cache) => {
                    let out_dir = cache.join(PREVIEW_FOLDER);
                    eprintln!(
                        "motion : sorties dans {} (gardées pour le prochain démarrage ; --out \
                         pour les mettre ailleurs)",
                        batch::display_path(&out_dir, &cwd)
                    );
                    out_dir
                }
                Err(error) => {
                    eprintln!(
                        "motion : erreur : écriture dans {} impossible : {} ; --out pour \
                         choisir le dossier des sorties",
                        root.join(batch::CACHE_FOLDER).display(),
                        crate::output::io_reason(&error)
                    );
                    return Ok(EXIT_USAGE);
                }
            }
        }
    };
    let server = Serving {
        port: args.port,
        open: args.open,
    };
    preview(&args.paths, &out_dir, &args.render, Some(server), color)
}

pub fn run_watch(args: WatchArgs, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    preview(&args.paths, &cwd.join(&args.out), &args.render, None, color)
}

/// What `serve` adds to `watch`.
struct Serving {
    port: Option<u16>,
    open: bool,
}

/// The loop of both commands: watch, build, serve, rebuild at each change, stop.
fn preview(
    paths: &[PathBuf],
    out_dir: &Path,
    render: &RenderArgs,
    serving: Option<Serving>,
    color: bool,
) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let settings = match settings(render) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("motion : erreur : {message}");
            return Ok(EXIT_USAGE);
        }
    };
    for note in &settings.notes {
        eprintln!("motion : note : {note}");
    }
    for path in paths {
        if !cwd.join(path).exists() {
            eprintln!("motion : erreur : {} : chemin introuvable", path.display());
            return Ok(EXIT_USAGE);
        }
    }
    if let Err(error) = std::fs::create_dir_all(out_dir) {
        eprintln!(
            "motion : erreur : écriture dans {} impossible : {}",
            out_dir.display(),
            crate::output::io_reason(&error)
        );
        return Ok(EXIT_USAGE);
    }
    super::templates::warn_unknown(render.templates.as_deref());
    // Watching starts before the first build: a file saved meanwhile is not missed.
    let extra: Vec<PathBuf> = [&render.templates, &render.font_path]
        .into_iter()
        .flatten()
        .map(|p| cwd.join(p))
        .collect();
    let sources: Vec<PathBuf> = paths.iter().map(|p| cwd.join(p)).collect();
    let watcher = match Watcher::new(&sources, &extra, &[out_dir.to_path_buf()]) {
        Ok(watcher) => watcher,
        Err(error) => {
            eprintln!("motion : erreur : observation des sources impossible : {error}");
            return Ok(EXIT_USAGE);
        }
    };
    let building = Arc::new(AtomicBool::new(false));
    stop_on_ctrl_c(&watcher, Arc::clone(&building));

    let live = Arc::new(Live::default());
    let mut preview = Preview {
        paths: paths.to_vec(),
        cwd,
        out_dir: out_dir.to_path_buf(),
        settings,
        render_templates: render.templates.clone(),
        render_fonts: render.font_path.clone(),
        assets: None,
        terminal: Emitter::new(OutputFormat::Human, color),
        plain: Emitter::new(OutputFormat::Human, false),
        files: HashMap::new(),
        live: Arc::clone(&live),
        checks: batch::CheckSession::default(),
        manifest: Default::default(),
        discovery: None,
    };
    // The port is taken before the first build: one already taken is said at once.
    let listener = match &serving {
        Some(serving) => match bind(serving) {
            Ok(listener) => Some(listener),
            Err(code) => return Ok(code),
        },
        None => None,
    };
    building.store(true, Ordering::SeqCst);
    preview.round(true, &[]);
    building.store(false, Ordering::SeqCst);

    let server = match (serving, listener) {
        (Some(serving), Some(listener)) => match start_server(listener, out_dir, &serving, &live) {
            Ok(server) => Some(server),
            Err(code) => return Ok(code),
        },
        _ => {
            eprintln!(
                "motion : j’observe les sources ; chaque enregistrement reconstruit ce qui a \
                 changé. Ctrl-C pour arrêter."
            );
            None
        }
    };

    // The séances' booklets and the search are made again once the sources have been
    // quiet for a while, not after each save: a booklet sets its séance's every motion
    // again and Pagefind reads every page again (a second each for 1,000 motions), and
    // a save that came meanwhile would wait for them.
    let mut collections_due = false;
    loop {
        let change = if collections_due {
            match watcher.next_within(COLLECTIONS_AFTER) {
                Some(change) => change,
                None => {
                    collections_due = false;
                    building.store(true, Ordering::SeqCst);
                    preview.collections_round();
                    building.store(false, Ordering::SeqCst);
                    continue;
                }
            }
        } else {
            watcher.next()
        };
        let Change::Files(files) = change else {
            break;
        };
        // An editor's temporary files are not named (they changed nothing).
        let names: Vec<String> = files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "toml") || f.exists())
            .map(|f| batch::display_path(f, &preview.cwd))
            .collect();
        match names.len() {
            0 => eprintln!("motion : changement dans les sources"),
            1 => eprintln!("motion : changement : {}", names[0]),
            _ => eprintln!("motion : changements : {}", shorten(&names)),
        }
        building.store(true, Ordering::SeqCst);
        preview.round(false, &files);
        building.store(false, Ordering::SeqCst);
        collections_due = true;
    }
    live.stop();
    preview.checks.save();
    if let Some(server) = server {
        server.stop();
    }
    eprintln!("motion : arrêté ; chaque sortie écrite l’a été en entier.");
    Ok(EXIT_OK)
}

/// Takes the port asked (the default one, or another free one when it is taken).
fn bind(serving: &Serving) -> Result<std::net::TcpListener, u8> {
    let port = serving.port.unwrap_or(DEFAULT_PORT);
    let bound = match Server::bind(port) {
        // The default port taken: any free one (a port asked is a port wanted).
        Err(ServeError::PortTaken(_)) if serving.port.is_none() => Server::bind(0),
        other => other,
    };
    bound.map_err(|error| serve_error(&error))
}

/// Says why the preview cannot start; the exit code.
fn serve_error(error: &ServeError) -> u8 {
    match error {
        ServeError::PortTaken(port) => eprintln!(
            "motion : erreur : le port {port} est déjà pris ; choisissez-en un autre avec \
             --port, ou --port 0 pour un port libre"
        ),
        ServeError::Io(error) => eprintln!(
            "motion : erreur : l’aperçu ne peut pas démarrer : {}",
            crate::output::io_reason(error)
        ),
    }
    EXIT_USAGE
}

/// Starts the server on the port taken and says where it is; opens the browser when
/// asked.
fn start_server(
    listener: std::net::TcpListener,
    out_dir: &Path,
    serving: &Serving,
    live: &Arc<Live>,
) -> Result<Server, u8> {
    let server = Server::start_on(listener, out_dir, Arc::clone(live))
        .map_err(|error| serve_error(&error))?;
    let url = format!("http://127.0.0.1:{}/", server.address().port());
    eprintln!(
        "motion : aperçu sur {url} ; chaque enregistrement met les pages à jour. Ctrl-C pour arrêter."
    );
    if serving.open
        && let Err(error) = open::that_detached(&url)
    {
        eprintln!(
            "motion : note : navigateur introuvable ({}) ; ouvrez {url}",
            crate::output::io_reason(&error)
        );
    }
    Ok(server)
}

/// Ctrl-C (or SIGTERM) stops the loop once the build under way is written; a second one
/// quits at once (every output already written is whole; a temporary file left is
/// removed by the next build).
fn stop_on_ctrl_c(watcher: &Watcher, building: Arc<AtomicBool>) {
    let stopper = watcher.stopper();
    let presses = AtomicUsize::new(0);
    let set = ctrlc::set_handler(move || {
        if presses.fetch_add(1, Ordering::SeqCst) >= 1 {
            std::process::exit(130);
        }
        if building.load(Ordering::SeqCst) {
            eprintln!(
                "\nmotion : arrêt à la fin de la construction en cours (Ctrl-C encore pour \
                 quitter tout de suite)…"
            );
        }
        let _ = stopper.send(Change::Stop);
    });
    if let Err(error) = set {
        eprintln!("motion : note : Ctrl-C ne pourra pas arrêter proprement ({error})");
    }
}

/// The motion files of `discovery` that the watcher's `files` are, when the change is
/// only edits of them: each file is a motion found, still there, or a file gone that
/// holds no motion (an editor's temporary file, renamed onto the motion it saves). Then
/// the discovery still holds. `None` for anything else: a defaults file, a file created,
/// a motion or a folder of motions removed or moved, changes lost.
fn edited_motions(discovery: &batch::Discovery, files: &[PathBuf]) -> Option<HashSet<PathBuf>> {
    if files.is_empty() {
        return None;
    }
    let known: HashSet<&Path> = discovery.motions.iter().map(|i| i.path.as_path()).collect();
    // The watcher names files by their real path: each motion folder's real path, once.
    let parents: HashSet<&Path> = known.iter().filter_map(|path| path.parent()).collect();
    let folders: HashMap<PathBuf, &Path> = parents
        .into_iter()
        .map(|folder| {
            let real = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
            (real, folder)
        })
        .collect();
    let mut edited = HashSet::new();
    for file in files {
        let name = file.file_name()?;
        let real_parent = std::fs::canonicalize(file.parent()?).ok()?;
        if let Some(folder) = folders.get(&real_parent) {
            let path = folder.join(name);
            if known.contains(path.as_path()) {
                if name == crate::input::DEFAULTS_FILE || !path.is_file() {
                    return None;
                }
                edited.insert(path);
                continue;
            }
        }
        // Not a motion found: only a file gone that held none may be passed over.
        let real = real_parent.join(name);
        let gone = std::fs::symlink_metadata(file).is_err();
        let held_motions = folders.keys().any(|folder| folder.starts_with(&real));
        if !gone || held_motions || name == crate::input::DEFAULTS_FILE {
            return None;
        }
    }
    Some(edited)
}

/// At most three names, then how many more.
fn shorten(names: &[String]) -> String {
    match names.len() {
        0..=3 => names.join(", "),
        n => format!(
            "{} et {}",
            names[..3].join(", "),
            plural(n - 3, "autre", "autres")
        ),
    }
}

/// The state kept from one build to the next.
struct Preview {
    paths: Vec<PathBuf>,
    cwd: PathBuf,
    out_dir: PathBuf,
    settings: Settings,
    render_templates: Option<PathBuf>,
    render_fonts: Option<PathBuf>,
    /// The templates and fonts, loaded again at each build while a template has errors
    /// or the templates changed (their digests tell the build what to redo).
    assets: Option<Assets>,
    terminal: Emitter,
    plain: Emitter,
    /// Each file with diagnostics: a fingerprint of them (printed again only when it
    /// changes) and, when some are errors, their text for the pages.
    files: HashMap<String, (blake3::Hash, Option<String>)>,
    live: Arc<Live>,
    /// The check cache, in memory from one build to the next (written once the sources
    /// are quiet, and at the end).
    checks: batch::CheckSession,
    /// The manifest as the last build wrote it (read again only when its file changed).
    manifest: crate::manifest::ManifestMemory,
    /// The motion files found by the last build's walk.
    discovery: Option<batch::Discovery>,
}

impl Preview {
    /// One build: check, print what changed, build, tell the pages; then the booklets
    /// and the search when `collections` (else they stay as they were: see
    /// `collections_round`).
    fn round(&mut self, collections: bool, files: &[PathBuf]) {
        let start = std::time::Instant::now();
        let mut general = Vec::new();
        // Templates and fonts are read at each build when they are watched (a change
        // there changes every output); else once.
        if self.assets.is_none() || self.render_templates.is_some() || self.render_fonts.is_some() {
            match Assets::load(
                self.render_templates.as_deref(),
                self.render_fonts.as_deref(),
            ) {
                Ok(assets) => self.assets = Some(assets),
                Err(error) => {
                    let text = match &error.diagnostic {
                        Some(diagnostic) => {
                            let _ = self.terminal.emit(diagnostic, &mut std::io::stdout());
                            self.render_plain(&[diagnostic])
                        }
                        None => {
                            eprintln!("motion : erreur : {error}");
                            error.to_string()
                        }
                    };
                    eprintln!("motion : erreur : gabarit inutilisable, rien n’a été construit");
                    general.push(text);
                    self.live.publish(BTreeMap::new(), general);
                    return;
                }
            }
        }
        let Some(assets) = self.assets.take() else {
            return;
        };
        // Motions edited, and nothing else: the last discovery holds, and the other
        // files are what the session's check last found (the watcher saw no change of
        // them). Else, and once the sources are quiet, everything is looked at again.
        let edited = self
            .discovery
            .as_ref()
            .filter(|_| !collections)
            .and_then(|last| edited_motions(last, files).map(|edited| (last.clone(), edited)));
        let (discovery, edited) = match edited {
            Some((discovery, edited)) => (discovery, Some(edited)),
            None => (batch::discover(&self.paths, &self.cwd), None),
        };
        let mut checked = batch::check_in_session(
            &discovery,
            &self.cwd,
            batch::Keep::Motions,
            &mut self.checks,
            edited.as_ref(),
        );
        self.discovery = Some(discovery);
        if collections {
            self.checks.save();
        }
        let errors = self.report(&checked, &mut general);
        let summary = Summary::from_diagnostics(
            (checked.motion_files, checked.defaults_files),
            &checked.diagnostics,
            checked.files_with_errors(),
            checked.omitted.clone(),
        );
        let mut line = summary.line();
        if line.ends_with('.') {
            line.pop();
        }
        if checked.motion_files == 0 {
            let message = format!(
                "aucun fichier de motion (.toml) sous {} ; vérifiez le chemin",
                shorten(
                    &self
                        .paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                )
            );
            eprintln!("motion : avertissement : {message}");
            general.push(message);
        } else {
            // The pages first, then the séances' booklets and the search (a séance's
            // booklet sets all its motions again, the search reads every page: the page
            // must not wait for them).
            // The pages are told as soon as the motions' outputs are written: the page of
            // the motion saved reloads before the séance and tag pages and the index.
            let early = Early {
                live: &self.live,
                errors: &errors,
                general: general.clone(),
            };
            if let Some(report) =
                self.build_pass(&mut checked, &assets, false, &mut general, &early)
            {
                line.push_str(&format!(
                    " ; {}, {}",
                    plural(report.built, "construite", "construites"),
                    plural(report.unchanged, "inchangée", "inchangées")
                ));
                if collections {
                    self.live.publish(errors.clone(), general.clone());
                    if let Some(report) =
                        self.build_pass(&mut checked, &assets, true, &mut general, &Silent)
                    {
                        let booklets = report.booklets;
                        if booklets.written + booklets.removed > 0 {
                            line.push_str(&format!(
                                " ; cahiers de séance : {}",
                                plural(booklets.written, "écrit", "écrits")
                            ));
                        }
                    }
                }
            }
        }
        self.assets = Some(assets);
        self.live.publish(errors, general);
        eprintln!("motion : {line} ({}).", super::elapsed(start));
    }

    /// The booklets and the search made again, once the sources are quiet: a build that
    /// finds every motion's output fresh, then those steps.
    fn collections_round(&mut self) {
        let start = std::time::Instant::now();
        let Some(assets) = self.assets.take() else {
            return;
        };
        let discovery = batch::discover(&self.paths, &self.cwd);
        let mut checked = batch::check_in_session(
            &discovery,
            &self.cwd,
            batch::Keep::Motions,
            &mut self.checks,
            None,
        );
        self.discovery = Some(discovery);
        self.checks.save();
        let mut general = Vec::new();
        if checked.motion_files > 0
            && let Some(report) =
                self.build_pass(&mut checked, &assets, true, &mut general, &Silent)
        {
            let mut done = Vec::new();
            let booklets = &report.booklets;
            if booklets.written + booklets.removed > 0 {
                done.push(format!(
                    "cahiers de séance : {}",
                    plural(booklets.written, "écrit", "écrits")
                ));
            }
            if let Some(pages) = report.search.indexed {
                done.push(format!(
                    "recherche refaite : {}",
                    plural(pages, "page indexée", "pages indexées")
                ));
            }
            if !done.is_empty() {
                eprintln!("motion : {} ({}).", done.join(" ; "), super::elapsed(start));
            }
        }
        self.assets = Some(assets);
    }

    /// One build, with the séances' booklets and the search when `collections`; its
    /// failures printed and put in `general`. `None` when it stopped before writing
    /// anything.
    fn build_pass(
        &self,
        checked: &mut batch::CheckRun,
        assets: &Assets,
        collections: bool,
        general: &mut Vec<String>,
        progress: &dyn Progress,
    ) -> Option<crate::build::BuildReport> {
        let options = BuildOptions {
            out_dir: &self.out_dir,
            formats: &self.settings.formats,
            force: false,
            build_time: self.settings.build_time,
            pdf_standards: self.settings.standards.clone(),
            jobs: self.settings.jobs,
            shard: None,
            booklets: collections,
            search: collections,
            progress,
            memory: Some(&self.manifest),
        };
        match build(checked, assets, &options) {
            Ok(report) => {
                // Each failure once (the booklets' pass meets the pages' again).
                for failure in &report.failures {
                    let text = match &failure.diagnostic {
                        Some(diagnostic) => self.render_plain(&[diagnostic]),
                        None => crate::diag::printable(&failure.message).into_owned(),
                    };
                    if general.contains(&text) {
                        continue;
                    }
                    match &failure.diagnostic {
                        Some(diagnostic) => {
                            let _ = self.terminal.emit(diagnostic, &mut std::io::stdout());
                        }
                        None => eprintln!("motion : erreur : {text}"),
                    }
                    general.push(text);
                }
                Some(report)
            }
            Err(BuildError::Foreign(paths)) => {
                let message = format!(
                    "la construction remplacerait des fichiers que motion n’a pas écrits \
                     dans {} : {} ; choisissez un autre dossier (--out)",
                    self.out_dir.display(),
                    shorten(&paths)
                );
                eprintln!("motion : erreur : {message}");
                general.push(message);
                None
            }
            Err(BuildError::Io(error)) => {
                let message = format!(
                    "écriture dans {} impossible : {}",
                    self.out_dir.display(),
                    crate::output::io_reason(&error)
                );
                eprintln!("motion : erreur : {message}");
                general.push(message);
                None
            }
        }
    }

    /// Prints the diagnostics of each file whose diagnostics changed since the last build
    /// (all of them the first time), and says which files have none left; returns the
    /// errors of each motion by its outputs' stem, and puts the others in `general`.
    fn report(
        &mut self,
        checked: &batch::CheckRun,
        general: &mut Vec<String>,
    ) -> BTreeMap<String, MotionErrors> {
        let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for diagnostic in &checked.diagnostics {
            by_file
                .entry(diagnostic.origin.file.display.as_str())
                .or_default()
                .push(diagnostic);
        }
        let mut files = HashMap::with_capacity(by_file.len());
        let mut out = std::io::stdout().lock();
        for (file, diagnostics) in &by_file {
            let fingerprint = fingerprint(diagnostics);
            let known = self.files.remove(*file);
            let text = match known {
                Some((old, text)) if old == fingerprint => text,
                _ => {
                    for diagnostic in diagnostics {
                        let _ = self.terminal.emit(diagnostic, &mut out);
                    }
                    diagnostics
                        .iter()
                        .any(|d| d.is_error())
                        .then(|| self.render_plain(diagnostics))
                }
            };
            files.insert(file.to_string(), (fingerprint, text));
        }
        drop(out);
        for gone in self.files.keys() {
            eprintln!("motion : {gone} : plus aucun problème.");
        }
        self.files = files;
        for warning in &checked.warnings {
            eprintln!(
                "motion : avertissement : {}",
                crate::diag::printable(warning)
            );
        }
        for fatal in &checked.fatal {
            eprintln!("motion : erreur : {}", crate::diag::printable(fatal));
            general.push(fatal.clone());
        }
        // Each motion's errors go on its pages; a defaults file's on every page.
        let mut errors = BTreeMap::new();
        let mut motions = std::collections::HashSet::new();
        for input in &checked.inputs {
            motions.insert(input.display.as_str());
            if let Some((_, Some(text))) = self.files.get(&input.display)
                && let Some(stem) = stem_of(input)
            {
                errors.insert(
                    stem,
                    MotionErrors {
                        source: input.display.clone(),
                        text: text.clone(),
                    },
                );
            }
        }
        for (file, (_, text)) in &self.files {
            if let Some(text) = text
                && !motions.contains(file.as_str())
            {
                general.push(text.clone());
            }
        }
        errors
    }

    /// Diagnostics as the terminal prints them, without colour.
    fn render_plain(&self, diagnostics: &[&Diagnostic]) -> String {
        let mut text = Vec::new();
        for diagnostic in diagnostics {
            let _ = self.plain.emit(diagnostic, &mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    }
}

/// Tells the pages once the motions' outputs are written (what follows — the manifest,
/// the archive's pages, the index — is told at the end of the build).
struct Early<'a> {
    live: &'a Live,
    errors: &'a BTreeMap<String, MotionErrors>,
    general: Vec<String>,
}

impl Progress for Early<'_> {
    fn end(&self, phase: Phase) {
        if phase == Phase::Motions {
            self.live.publish(self.errors.clone(), self.general.clone());
        }
    }
}

/// What a file's diagnostics say and where, with the file's text (the lines shown).
fn fingerprint(diagnostics: &[&Diagnostic]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    if let Some(first) = diagnostics.first() {
        hasher.update(first.origin.file.text.as_bytes());
    }
    for d in diagnostics {
        hasher.update(d.code.id().as_bytes());
        hasher.update(&(d.origin.span.start as u64).to_le_bytes());
        hasher.update(&(d.origin.span.end as u64).to_le_bytes());
        hasher.update(d.message.as_bytes());
        hasher.update(d.help.as_deref().unwrap_or_default().as_bytes());
        hasher.update(&[d.is_error() as u8]);
    }
    hasher.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_edits_of_motions_found_keep_the_last_discovery() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("2026-12");
        std::fs::create_dir_all(&folder).unwrap();
        for name in ["a.toml", "b.toml", "defaults.toml"] {
            std::fs::write(folder.join(name), "").unwrap();
        }
        let discovery = batch::discover(&[dir.path().to_path_buf()], dir.path());
        let a = folder.join("a.toml");
        let edited = edited_motions(&discovery, std::slice::from_ref(&a));
        assert_eq!(edited, Some(HashSet::from([a.clone()])));
        // Named by their real path, as the watcher does.
        let real = std::fs::canonicalize(&folder).unwrap().join("b.toml");
        assert_eq!(
            edited_motions(&discovery, &[a.clone(), real]),
            Some(HashSet::from([a.clone(), folder.join("b.toml")]))
        );
        // An editor's temporary file, renamed onto the motion: gone, passed over.
        assert_eq!(
            edited_motions(&discovery, &[folder.join("sedX1b2c3"), a.clone()]),
            Some(HashSet::from([a.clone()]))
        );
        // A defaults file, a new file, changes lost: everything again.
        std::fs::write(folder.join("c.toml"), "").unwrap();
        for files in [
            vec![folder.join("defaults.toml")],
            vec![a.clone(), folder.join("c.toml")],
            vec![],
        ] {
            assert_eq!(edited_motions(&discovery, &files), None, "{files:?}");
        }
        // A motion gone, a folder of motions moved away: everything again.
        std::fs::remove_file(&a).unwrap();
        assert_eq!(edited_motions(&discovery, std::slice::from_ref(&a)), None);
        std::fs::rename(&folder, dir.path().join("ailleurs")).unwrap();
        assert_eq!(
            edited_motions(&discovery, std::slice::from_ref(&folder)),
            None
        );
    }
}
