//! `motion check`: finds the motions under the paths given, checks them, prints every
//! diagnostic and a French summary, and picks the exit code.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::diag::{Emitter, OutputFormat, Severity, Summary};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à vérifier (les dossiers le sont récursivement).
    #[arg(value_name = "CHEMINS", default_value = ".", hide_default_value = true)]
    paths: Vec<PathBuf>,

    /// Forme des diagnostics : human, short (une ligne chacun), json (un objet par ligne),
    /// github (annotations GitHub Actions).
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "FORME", hide_default_value = true, hide_possible_values = true)]
    format: OutputFormat,

    /// Traite les avertissements comme des erreurs pour le code de sortie.
    #[arg(long)]
    deny_warnings: bool,

    /// Dit ce que fait chaque étape : fichiers trouvés, vérification, avec leur durée.
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Vérifie chaque fichier, même inchangé depuis la dernière vérification (sans lire
    /// ni écrire le cache .motion-cache/).
    #[arg(long)]
    no_cache: bool,
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let start = std::time::Instant::now();
    let discovery = batch::discover(&args.paths, &cwd);
    if args.verbose {
        say_found(&discovery, start);
    }
    let run = batch::check_cached(&discovery, &cwd, batch::Keep::Nothing, !args.no_cache);
    if args.verbose {
        say_checked(&run, start);
    }
    let emitter = Emitter::new(args.format, color).deny_warnings(args.deny_warnings);
    let mut summary = report(&run, &emitter, args.format)?;
    summary.deny_warnings = args.deny_warnings;
    eprintln!("{}", summary.line());
    if run.fatal.is_empty() && run.motion_files == 0 {
        no_motion(&args.paths);
        return Ok(EXIT_USAGE);
    }
    Ok(if !run.fatal.is_empty() {
        EXIT_USAGE
    } else if summary.failed() {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

/// `--verbose`: what the walk found.
pub fn say_found(discovery: &batch::Discovery, start: std::time::Instant) {
    use crate::diag::plural;
    eprintln!(
        "motion : trouvés sous {} : {} et {} ({}).",
        discovery.root.display(),
        plural(
            discovery.motions.len(),
            "fichier de motion",
            "fichiers de motion"
        ),
        plural(
            discovery.defaults.len(),
            "fichier defaults.toml",
            "fichiers defaults.toml"
        ),
        super::elapsed(start)
    );
}

/// `--verbose`: what the check did.
pub fn say_checked(run: &batch::CheckRun, start: std::time::Instant) {
    let passed = run.motions.len();
    eprintln!(
        "motion : vérification faite, sur {} fil{} : {} sans erreur, {} en erreur{} ({}).",
        rayon::current_num_threads(),
        if rayon::current_num_threads() > 1 {
            "s"
        } else {
            ""
        },
        crate::diag::french_number(passed),
        crate::diag::french_number(run.failed_motions),
        match run.cached {
            0 => String::new(),
            n => format!(
                " ; {} inchangé{} lu{} dans le cache",
                crate::diag::plural(n, "fichier", "fichiers"),
                if n > 1 { "s" } else { "" },
                if n > 1 { "s" } else { "" }
            ),
        },
        super::elapsed(start)
    );
}

/// Says that nothing was found where motions were expected: a path typed wrong in a CI
/// job must not pass for a clean check.
pub fn no_motion(paths: &[PathBuf]) {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "motion : avertissement : aucun fichier de motion (.toml) sous {} ; vérifiez le chemin",
        crate::diag::printable(&shown.join(", "))
    );
}

/// In the human format, at most this many diagnostics of one code are shown per file;
/// the others are counted on one line (the machine formats list them all).
const SHOWN_PER_FILE_AND_CODE: usize = 20;

/// Prints every diagnostic of a run (standard output) and its fatal errors (standard
/// error), and returns the counts for the summary line.
pub fn report(
    run: &batch::CheckRun,
    emitter: &Emitter,
    format: OutputFormat,
) -> anyhow::Result<Summary> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let capped = format == OutputFormat::Human;
    // The diagnostics are in file order: the counts of one file at a time.
    let mut file: Option<&str> = None;
    let mut per_code: std::collections::BTreeMap<(crate::diag::Code, Severity), usize> =
        std::collections::BTreeMap::new();
    let hidden = |file: Option<&str>,
                  per_code: &std::collections::BTreeMap<(crate::diag::Code, Severity), usize>,
                  out: &mut dyn Write|
     -> std::io::Result<()> {
        for ((code, severity), count) in per_code {
            let omitted = run.omitted.of(file.unwrap_or_default(), *code);
            if *count + omitted > SHOWN_PER_FILE_AND_CODE {
                let more = count + omitted - SHOWN_PER_FILE_AND_CODE;
                let (noun, verb) = match (severity, more >= 2) {
                    (Severity::Error, false) => ("erreur", "affichée"),
                    (Severity::Error, true) => ("erreurs", "affichées"),
                    (Severity::Warning, false) => ("avertissement", "affiché"),
                    (Severity::Warning, true) => ("avertissements", "affichés"),
                };
                writeln!(
                    out,
                    "… et {} {} {noun} {} dans {}, non {verb}\n",
                    crate::diag::french_number(more),
                    if more >= 2 { "autres" } else { "autre" },
                    code.id(),
                    crate::diag::printable(file.unwrap_or_default()),
                )?;
            }
        }
        Ok(())
    };
    for diagnostic in &run.diagnostics {
        if capped {
            let this = diagnostic.origin.file.display.as_str();
            if file != Some(this) {
                hidden(file, &per_code, &mut out)?;
                per_code.clear();
                file = Some(this);
            }
            let count = per_code
                .entry((diagnostic.code, diagnostic.severity))
                .or_default();
            *count += 1;
            if *count > SHOWN_PER_FILE_AND_CODE {
                continue;
            }
        }
        emitter.emit(diagnostic, &mut out)?;
    }
    hidden(file, &per_code, &mut out)?;
    out.flush()?;
    drop(out);
    for warning in &run.warnings {
        eprintln!(
            "motion : avertissement : {}",
            crate::diag::printable(warning)
        );
    }
    for fatal in &run.fatal {
        eprintln!("motion : erreur : {}", crate::diag::printable(fatal));
    }
    Ok(Summary::from_diagnostics(
        (run.motion_files, run.defaults_files),
        &run.diagnostics,
        run.files_with_errors(),
        run.omitted.clone(),
    ))
}
