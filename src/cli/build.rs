//! `motion build`: checks like `check`, then renders every valid motion to the formats
//! asked, under the output folder, with the archive index; motions with errors are
//! reported and nothing is written for them.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::build::{BuildOptions, build};
use crate::diag::{OutputFormat, plural};
use crate::render::{Assets, Format};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à construire (les dossiers le sont récursivement).
    #[arg(value_name = "CHEMINS", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Dossier des sorties ; l’arborescence des sources y est reproduite.
    #[arg(long, value_name = "DOSSIER", default_value = "out")]
    out: PathBuf,

    /// Formats à produire, séparés par des virgules.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Format::ALL.to_vec(), value_name = "FORMATS")]
    format: Vec<Format>,

    /// Reconstruit tout, même ce qui n’a pas changé depuis la dernière construction.
    #[arg(long)]
    force: bool,

    /// Dossier de gabarits : chaque fichier qui y porte le nom d’un gabarit intégré
    /// (motion.html.j2, index.html.j2, style.css) le remplace.
    #[arg(long, value_name = "DOSSIER")]
    templates: Option<PathBuf>,

    /// Forme des diagnostics : human, short, json, github.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "FORME")]
    diagnostics: OutputFormat,
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let assets = match Assets::load(args.templates.as_deref()) {
        Ok(assets) => assets,
        Err(error) => {
            eprintln!("motion : erreur : {error}");
            return Ok(EXIT_USAGE);
        }
    };
    let discovery = batch::discover(&args.paths, &cwd);
    let checked = batch::check(&discovery, &cwd);
    let summary = super::check::report(&checked, args.diagnostics, color)?;
    if !checked.fatal.is_empty() {
        eprintln!("{}", summary.line());
        return Ok(EXIT_USAGE);
    }
    let out_dir = cwd.join(&args.out);
    let options = BuildOptions {
        out_dir: &out_dir,
        formats: &args.format,
        force: args.force,
    };
    let report = match build(&checked, &assets, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!(
                "motion : erreur : écriture dans {} impossible : {error}",
                args.out.display()
            );
            return Ok(EXIT_USAGE);
        }
    };
    for failure in &report.failures {
        eprintln!("motion : erreur : {failure}");
    }
    let formats: Vec<&str> = args.format.iter().map(|f| f.label()).collect();
    let mut line = format!(
        "{} : {} ({}, {})",
        formats.join(", "),
        plural(report.built + report.unchanged, "motion", "motions"),
        plural(report.built, "construite", "construites"),
        plural(report.unchanged, "inchangée", "inchangées"),
    );
    let failed = checked.failed_motions + report.failures.len();
    if failed > 0 {
        line.push_str(&format!(
            ", {} en erreur, non construite{}",
            crate::diag::french_number(failed),
            if failed >= 2 { "s" } else { "" }
        ));
    }
    line.push_str(&format!(" ; sorties dans {}", args.out.display()));
    if let Some(index) = &report.index {
        line.push_str(&format!(", index : {}", batch::display_path(index, &cwd)));
    }
    eprintln!("{}", summary.line());
    eprintln!("{line}.");
    Ok(if failed > 0 || summary.errors > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
