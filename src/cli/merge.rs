//! `motion merge-manifests`: joins the manifests that `motion build --shard K/N` left in
//! an output folder and writes what belongs to the whole archive (its booklets, pages,
//! search and index), with the render options of `build`.

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

    /// Les options de rendu de la construction des parts (les cahiers de séance sont
    /// faits ici : ils réunissent des textes de toutes les parts).
    #[command(flatten)]
    render: super::build::RenderArgs,

    /// Ne fait pas les cahiers de séance (ceux déjà écrits restent).
    #[arg(long)]
    no_booklets: bool,

    /// Dit ce que fait chaque étape (cahiers, pages, recherche, index : faits ou
    /// inchangés), avec sa durée.
    #[arg(long, short = 'v')]
    verbose: bool,
}

/// `--verbose`: each step of the archive's products said, with the time since the start.
struct Steps(Option<std::time::Instant>);

impl crate::build::Progress for Steps {
    fn step(&self, what: &str) {
        if let Some(start) = self.0 {
            eprintln!("motion : {what} ({}).", super::elapsed(start));
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if !args.out.is_dir() {
        eprintln!(
            "motion : erreur : {} : dossier introuvable",
            args.out.display()
        );
        return Ok(EXIT_USAGE);
    }
    let settings = match super::build::settings(&args.render) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("motion : erreur : {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let assets = match Assets::load(
        args.render.templates.as_deref(),
        args.render.font_path.as_deref(),
    ) {
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
    let options = crate::build::BuildOptions {
        out_dir: &args.out,
        formats: &settings.formats,
        force: false,
        build_time: settings.build_time,
        pdf_standards: settings.standards.clone(),
        jobs: settings.jobs,
        shard: None,
        booklets: !args.no_booklets,
        search: true,
        progress: &Steps(args.verbose.then(std::time::Instant::now)),
        memory: None,
    };
    match crate::build::merge_manifests(&args.out, &assets, &options, &on_wait) {
        Ok(report) => {
            super::print_left(&report.left);
            let booklets = &report.booklets;
            let booklets = if booklets.written + booklets.unchanged + booklets.removed > 0 {
                format!(
                    " ; cahiers de séance : {}, {}",
                    crate::diag::plural(booklets.written, "écrit", "écrits"),
                    crate::diag::plural(booklets.unchanged, "inchangé", "inchangés")
                )
            } else {
                String::new()
            };
            eprintln!(
                "{} réunie{} : {} ; index : {}{booklets}.",
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
