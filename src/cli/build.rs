//! `motion build`: checks like `check`, then renders every valid motion to the formats
//! asked, under the output folder, with the archive index; motions with errors are
//! reported and nothing is written for them.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::build::{BuildError, BuildOptions, Phase, build};
use crate::diag::{OutputFormat, plural};
use crate::render::{Assets, BuildTime, Format};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à construire (les dossiers le sont récursivement ; par
    /// défaut le dossier courant).
    #[arg(value_name = "CHEMINS", default_value = ".", hide_default_value = true)]
    paths: Vec<PathBuf>,

    /// Dossier des sorties (par défaut out) ; l’arborescence des sources y est reproduite.
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = "out",
        hide_default_value = true
    )]
    out: PathBuf,

    #[command(flatten)]
    render: RenderArgs,

    /// Reconstruit tout, même ce qui n’a pas changé depuis la dernière construction.
    #[arg(long)]
    force: bool,

    /// Ne fait pas les cahiers de séance (ceux déjà écrits restent) : une construction à
    /// froid d’une grande archive en est presque deux fois plus rapide.
    #[arg(long)]
    no_booklets: bool,

    /// Ne fait pas l’index de recherche (celui déjà écrit reste, tel quel).
    #[arg(long)]
    no_search: bool,

    /// Vérifie chaque fichier, même inchangé depuis la dernière vérification (sans lire
    /// ni écrire le cache .motion-cache/).
    #[arg(long)]
    no_cache: bool,

    /// Ne construit que la part K sur N des motions (par exemple 2/4), la même sur
    /// toutes les machines ; `motion merge-manifests` réunit ensuite les parts.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,

    /// Pas de barre de progression (elle ne s’affiche de toute façon que sur un terminal).
    #[arg(long, short = 'q')]
    quiet: bool,

    /// Dit ce que fait chaque étape : fichiers trouvés, vérification, sorties regardées,
    /// écrites, retirées, index, avec leur durée.
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Forme des diagnostics : human (par défaut), short, json, github.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "FORME", hide_default_value = true, hide_possible_values = true)]
    diagnostics: OutputFormat,

    /// Traite les avertissements comme des erreurs pour le code de sortie (les motions
    /// sont tout de même construites).
    #[arg(long)]
    deny_warnings: bool,
}

/// How motions are rendered: the options `build`, `serve` and `watch` share.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The formats to write (the help lists those of the registry); none: all.
    #[arg(long, value_delimiter = ',', value_parser = parse_format, value_name = "FORMATS", help = formats_help())]
    format: Vec<Format>,

    /// Dossier de gabarits : chaque fichier qui y porte le nom d’un gabarit intégré
    /// (motion.typ, motion-parts.typ, cahier.typ, motion.html.j2, index.html.j2,
    /// tag.html.j2, seance.html.j2, search.html.j2, style.css) le remplace.
    #[arg(long, value_name = "DOSSIER")]
    pub templates: Option<PathBuf>,

    /// Dossier de polices (.ttf, .otf) à ajouter aux polices intégrées, pour un gabarit
    /// personnel qui en nomme d’autres.
    #[arg(long, value_name = "DOSSIER")]
    pub font_path: Option<PathBuf>,

    /// Normes du PDF, séparées par des virgules (par défaut a-2b,ua-1 : PDF/A-2b et
    /// PDF/UA-1) ; aussi 1.7, 2.0, a-2a, a-3b, a-4…
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "NORMES",
        default_value = "a-2b,ua-1",
        hide_default_value = true
    )]
    pdf_standard: Vec<String>,

    /// Date de construction inscrite dans les documents : 2026-12-08 ou
    /// 2026-12-08T10:30:00 (UTC). Par défaut SOURCE_DATE_EPOCH, sinon le premier jour de
    /// la séance de chaque motion.
    #[arg(long, value_name = "DATE")]
    build_time: Option<String>,

    /// Nombre de fils de rendu (par défaut : un par cœur).
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    jobs: usize,
}

/// The help of `--format`, from the registry of writers.
fn formats_help() -> String {
    let each: Vec<String> = Format::all()
        .map(|f| format!("{} ({})", f.extension(), f.writer().help))
        .collect();
    format!(
        "Formats à produire, séparés par des virgules : {} ; par défaut tous",
        each.join(", ")
    )
}

/// Reads one format's name.
fn parse_format(text: &str) -> Result<Format, String> {
    Format::by_name(text.trim()).ok_or_else(|| {
        let names: Vec<&str> = Format::all().map(|f| f.extension()).collect();
        format!("formats possibles : {}", names.join(", "))
    })
}

/// Reads `K/N`, with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let parsed = text.split_once('/').and_then(|(k, n)| {
        Some((
            k.trim().parse::<usize>().ok()?,
            n.trim().parse::<usize>().ok()?,
        ))
    });
    match parsed {
        Some((k, n)) if k >= 1 && k <= n => Ok((k, n)),
        _ => Err(format!(
            "« {text} » : écrivez K/N, avec 1 ≤ K ≤ N (par exemple 2/4)"
        )),
    }
}

/// The options of a build once checked, every mistake said in French before anything
/// runs: what the arguments mean for the library's `BuildOptions`.
pub(super) struct Settings {
    pub formats: Vec<Format>,
    pub standards: Vec<typst_pdf::PdfStandard>,
    pub build_time: Option<BuildTime>,
    pub jobs: usize,
    /// What the user should know (a value lowered).
    pub notes: Vec<String>,
}

/// More render threads than cores only add memory (each holds a document).
const JOBS_PER_CORE: usize = 4;

/// Checks the arguments (the first stage of `run`); the message of the first mistake.
pub(super) fn settings(args: &RenderArgs) -> Result<Settings, String> {
    let formats: Vec<Format> = if args.format.is_empty() {
        Format::all().collect()
    } else {
        args.format.clone()
    };
    let standards = args
        .pdf_standard
        .iter()
        .map(|name| crate::render::pdf::parse_standard(name))
        .collect::<Result<Vec<_>, _>>()?;
    let build_time = match (&args.build_time, std::env::var("SOURCE_DATE_EPOCH")) {
        (Some(text), _) => Some(BuildTime::parse(text).ok_or_else(|| {
            format!(
                "date de construction « {text} » illisible ; écrivez 2026-12-08 ou 2026-12-08T10:30:00"
            )
        })?),
        (None, Ok(epoch)) => Some(
            epoch
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(BuildTime::from_unix)
                .ok_or_else(|| {
                    format!("SOURCE_DATE_EPOCH « {epoch} » n’est pas un nombre de secondes")
                })?,
        ),
        (None, Err(_)) => None,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut notes = Vec::new();
    let jobs = if args.jobs > JOBS_PER_CORE * cores {
        notes.push(format!(
            "--jobs {} ramené à {} (quatre fils par cœur, {} ici)",
            args.jobs,
            JOBS_PER_CORE * cores,
            plural(cores, "cœur", "cœurs")
        ));
        JOBS_PER_CORE * cores
    } else {
        args.jobs
    };
    Ok(Settings {
        formats,
        standards,
        build_time,
        jobs,
        notes,
    })
}

/// What a build tells on the terminal: a progress bar for each phase under way (the
/// motions, then the booklets, the pages and the search, this one beside the others),
/// each named, with its count, rate and time left (on a terminal only, unless
/// `--quiet`), and why it waits.
struct Terminal {
    /// The bars, on a terminal only.
    bars: Option<indicatif::MultiProgress>,
    /// The bar of each phase under way.
    phases: std::sync::Mutex<std::collections::BTreeMap<Phase, indicatif::ProgressBar>>,
    out: String,
    /// `--verbose`: each step said, with the time since the build started.
    verbose: Option<std::time::Instant>,
}

impl crate::build::Progress for Terminal {
    fn step(&self, what: &str) {
        if let Some(start) = self.verbose {
            let line = format!("motion : {what} ({}).", super::elapsed(start));
            match &self.bars {
                Some(bars) => bars.suspend(|| eprintln!("{line}")),
                None => eprintln!("{line}"),
            }
        }
    }

    fn waiting(&self) {
        eprintln!(
            "motion : en attente de la construction en cours dans {}…",
            self.out
        );
    }

    fn begin(&self, phase: Phase, total: usize) {
        let Some(bars) = &self.bars else { return };
        let (name, things) = phase.label();
        let bar = bars.add(indicatif::ProgressBar::new(total as u64));
        bar.set_style(super::progress_style_named(name, things));
        if let Some(old) = self.phases().insert(phase, bar) {
            old.finish_and_clear();
        }
    }

    fn advance(&self, phase: Phase, count: usize) {
        if let Some(bar) = self.phases().get(&phase) {
            bar.inc(count as u64);
        }
    }

    fn end(&self, phase: Phase) {
        if let Some(bar) = self.phases().remove(&phase) {
            bar.finish_and_clear();
        }
    }
}

impl Terminal {
    fn new(quiet: bool, out: String, verbose: Option<std::time::Instant>) -> Terminal {
        Terminal {
            bars: (!quiet && std::io::stderr().is_terminal()).then(|| {
                indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::stderr())
            }),
            phases: Default::default(),
            out,
            verbose,
        }
    }

    fn phases(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<Phase, indicatif::ProgressBar>> {
        self.phases.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn finish(&self) {
        for (_, bar) in std::mem::take(&mut *self.phases()) {
            bar.finish_and_clear();
        }
    }
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let out_dir = cwd.join(&args.out);
    let settings = match settings(&args.render) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("motion : erreur : {message}");
            return Ok(EXIT_USAGE);
        }
    };
    for note in &settings.notes {
        eprintln!("motion : note : {note}");
    }
    let emitter =
        crate::diag::Emitter::new(args.diagnostics, color).deny_warnings(args.deny_warnings);
    super::templates::warn_unknown(args.render.templates.as_deref());
    let assets = match Assets::load(
        args.render.templates.as_deref(),
        args.render.font_path.as_deref(),
    ) {
        Ok(assets) => assets,
        Err(error) => {
            // A template that does not even load: its place, in the diagnostics' form.
            match &error.diagnostic {
                Some(diagnostic) => emitter.emit(diagnostic, &mut std::io::stdout())?,
                None => eprintln!("motion : erreur : {error}"),
            }
            eprintln!("motion : erreur : gabarit inutilisable, rien n’a été construit");
            return Ok(EXIT_USAGE);
        }
    };
    let start = std::time::Instant::now();
    let discovery = batch::discover(&args.paths, &cwd);
    if args.verbose {
        super::check::say_found(&discovery, start);
    }
    let mut checked = batch::check_cached(&discovery, &cwd, batch::Keep::Motions, !args.no_cache);
    if args.verbose {
        super::check::say_checked(&checked, start);
    }
    let mut summary = super::check::report(&checked, &emitter, args.diagnostics)?;
    summary.deny_warnings = args.deny_warnings;
    if !checked.fatal.is_empty() {
        eprintln!("{}", summary.line());
        return Ok(EXIT_USAGE);
    }
    if checked.motion_files == 0 {
        eprintln!("{}", summary.line());
        super::check::no_motion(&args.paths);
        return Ok(EXIT_USAGE);
    }
    let terminal = Terminal::new(
        args.quiet,
        args.out.display().to_string(),
        args.verbose.then_some(start),
    );
    let options = BuildOptions {
        out_dir: &out_dir,
        formats: &settings.formats,
        force: args.force,
        build_time: settings.build_time,
        pdf_standards: settings.standards.clone(),
        jobs: settings.jobs,
        shard: args.shard,
        booklets: !args.no_booklets,
        search: !args.no_search,
        progress: &terminal,
        memory: None,
    };
    let result = build(&mut checked, &assets, &options);
    terminal.finish();
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            refusal(&args, &out_dir, error);
            return Ok(EXIT_USAGE);
        }
    };
    if let Some(why) = &report.set_aside {
        eprintln!("motion : {why}.");
    }
    super::print_left(&report.left);
    if report.resumed > 0 {
        eprintln!(
            "motion : la construction précédente s’est interrompue ; {} qu’elle avait terminées ne sont pas refaites.",
            plural(report.resumed, "motion", "motions")
        );
    }
    for failure in &report.failures {
        match &failure.diagnostic {
            Some(diagnostic) => emitter.emit(diagnostic, &mut std::io::stdout())?,
            None => eprintln!(
                "motion : erreur : {}",
                crate::diag::printable(&failure.message)
            ),
        }
    }
    // A motion's failures, and the archive's pages' apart: a page that could not be
    // written is no motion left unbuilt.
    let failed = checked.failed_motions + report.failures.len() - report.archive_failures;
    eprintln!("{}", summary.line());
    eprintln!(
        "{}.",
        outcome_line(&args, &cwd, &settings.formats, &report, failed)
    );
    if report.per_format.len() > 1 {
        for (format, counts) in &report.per_format {
            eprintln!(
                "  {} : {}, {}, {}",
                format.label(),
                plural(counts.built, "construite", "construites"),
                plural(counts.unchanged, "inchangée", "inchangées"),
                plural(counts.failed, "en erreur", "en erreur"),
            );
        }
    }
    Ok(
        if failed > 0 || report.archive_failures > 0 || summary.failed() {
            EXIT_INVALID
        } else {
            EXIT_OK
        },
    )
}

/// Says in French why a build stopped before writing anything.
fn refusal(args: &Args, out_dir: &Path, error: BuildError) {
    match error {
        BuildError::Foreign(paths) => {
            let shown: Vec<String> = paths
                .iter()
                .take(5)
                .map(|p| args.out.join(p).display().to_string())
                .collect();
            let more = match paths.len() {
                0..=5 => String::new(),
                n => format!(" et {}", plural(n - 5, "autre", "autres")),
            };
            let one = paths.len() == 1;
            eprintln!(
                "motion : erreur : la construction remplacerait {} que motion n’a pas écrit{} \
                 (aucun registre de {} ne {} cite) : {}{more}",
                if one { "un fichier" } else { "des fichiers" },
                if one { "" } else { "s" },
                args.out.display(),
                if one { "le" } else { "les" },
                shown.join(", ")
            );
            eprintln!(
                "  aide : choisissez un autre dossier de sortie (--out), ou déplacez ces fichiers ; \
                 rien n’a été écrit"
            );
        }
        BuildError::Io(error) => {
            let reason = if out_dir.exists() && !out_dir.is_dir() {
                "c’est un fichier, pas un dossier".to_string()
            } else {
                crate::output::io_reason(&error)
            };
            eprintln!(
                "motion : erreur : écriture dans {} impossible : {reason}",
                args.out.display()
            );
        }
    }
}

/// The line that says what the build did, without its final period.
fn outcome_line(
    args: &Args,
    cwd: &Path,
    formats: &[Format],
    report: &crate::build::BuildReport,
    failed: usize,
) -> String {
    let labels: Vec<&str> = formats.iter().map(|f| f.label()).collect();
    let mut line = format!(
        "{} : {} ({}, {})",
        labels.join(", "),
        plural(report.built + report.unchanged, "motion", "motions"),
        plural(report.built, "construite", "construites"),
        plural(report.unchanged, "inchangée", "inchangées"),
    );
    if failed > 0 {
        line.push_str(&format!(
            ", {} en erreur, non construite{}",
            crate::diag::french_number(failed),
            if failed >= 2 { "s" } else { "" }
        ));
    }
    line.push_str(&format!(" ; sorties dans {}", args.out.display()));
    if let Some(index) = &report.index {
        line.push_str(&format!(", index : {}", batch::display_path(index, cwd)));
    }
    if let Some((k, n)) = args.shard {
        line.push_str(&format!(
            " ; part {k}/{n} ({} laissées aux autres parts ; réunissez-les avec motion merge-manifests)",
            crate::diag::french_number(report.other_shards)
        ));
    }
    let booklets = &report.booklets;
    if booklets.written + booklets.unchanged + booklets.removed > 0 {
        line.push_str(&format!(
            " ; cahiers de séance : {}, {}",
            plural(booklets.written, "écrit", "écrits"),
            plural(booklets.unchanged, "inchangé", "inchangés")
        ));
        if booklets.removed > 0 {
            line.push_str(&format!(
                ", {}",
                plural(booklets.removed, "retiré", "retirés")
            ));
        }
    }
    if report.removed > 0 {
        line.push_str(&format!(
            " ; {} de motions supprimées ou déplacées retirés",
            plural(report.removed, "fichier", "fichiers")
        ));
    }
    if report.archive_failures > 0 {
        line.push_str(&format!(
            " ; {} dans les pages de l’archive (voir plus haut)",
            plural(report.archive_failures, "erreur", "erreurs")
        ));
    }
    line
}
