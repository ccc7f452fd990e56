//! `motion check`: finds the motions under the paths given, checks them, prints every
//! diagnostic and a French summary, and picks the exit code.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::diag::{Emitter, OutputFormat, Summary};
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
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let discovery = batch::discover(&args.paths, &cwd);
    let run = batch::check(&discovery, &cwd);
    let mut summary = report(&run, args.format, color)?;
    summary.deny_warnings = args.deny_warnings;
    eprintln!("{}", summary.line());
    Ok(if !run.fatal.is_empty() {
        EXIT_USAGE
    } else if summary.failed() {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

/// Prints every diagnostic of a run (standard output) and its fatal errors (standard
/// error), and returns the counts for the summary line.
pub fn report(run: &batch::CheckRun, format: OutputFormat, color: bool) -> anyhow::Result<Summary> {
    let emitter = Emitter::new(format, color);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for diagnostic in &run.diagnostics {
        emitter.emit(diagnostic, &mut out)?;
    }
    out.flush()?;
    drop(out);
    for fatal in &run.fatal {
        eprintln!("motion : erreur : {fatal}");
    }
    Ok(Summary::from_diagnostics(
        (run.motion_files, run.defaults_files),
        &run.diagnostics,
        run.files_with_errors(),
    ))
}
