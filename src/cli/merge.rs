//! `motion merge-manifests`: joins the manifests that `motion build --shard K/N` left in
//! an output folder and writes the archive index of all the motions.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::build::MergeError;
use crate::render::Assets;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le dossier des sorties, où les parts ont écrit leurs fichiers et leurs manifestes
    /// (par défaut out).
    #[arg(
        value_name = "DOSSIER",
        default_value = "out",
        hide_default_value = true
    )]
    out: PathBuf,

    /// Dossier de gabarits, comme pour `motion build` (pour index.html.j2).
    #[arg(long, value_name = "DOSSIER")]
    templates: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if !args.out.is_dir() {
        eprintln!(
            "motion : erreur : {} : dossier introuvable",
            args.out.display()
        );
        return Ok(EXIT_USAGE);
    }
    let assets = match Assets::load(args.templates.as_deref(), None) {
        Ok(assets) => assets,
        Err(error) => {
            eprintln!("motion : erreur : {error}");
            return Ok(EXIT_USAGE);
        }
    };
    let on_wait = || {
        eprintln!(
            "motion : en attente de la construction en cours dans {}…",
            args.out.display()
        );
    };
    match crate::build::merge_manifests(&args.out, &assets, &on_wait) {
        Ok(report) => {
            eprintln!(
                "{} réunie{} : {} ; index : {}.",
                crate::diag::plural(report.shards.len(), "part", "parts"),
                if report.shards.len() >= 2 { "s" } else { "" },
                crate::diag::plural(report.motions, "motion", "motions"),
                report
                    .index
                    .as_ref()
                    .map_or_else(String::new, |p| p.display().to_string())
            );
            Ok(EXIT_OK)
        }
        Err(MergeError::Incomplete(message)) => {
            eprintln!("motion : erreur : {message} ; rien n’a été réuni.");
            Ok(EXIT_INVALID)
        }
        Err(error) => {
            eprintln!("motion : erreur : {error}");
            Ok(EXIT_USAGE)
        }
    }
}
