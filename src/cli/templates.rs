//! `motion templates export DIR`: writes the built-in templates into a folder, to start a
//! group's own look from (then `motion build --templates DIR`), like mdBook's themes.
//! What each template receives is in docs/templates.md.

use super::{EXIT_OK, EXIT_USAGE};
use crate::diag::plural;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Écrit les gabarits intégrés dans un dossier, pour en faire les siens (puis
    /// motion build --templates DOSSIER) ; n’écrase aucun fichier.
    Export {
        /// Le dossier où les écrire (créé s’il n’existe pas).
        #[arg(value_name = "DOSSIER")]
        dir: PathBuf,
    },
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let Action::Export { dir } = args.action;
    export(&dir)
}

fn export(dir: &Path) -> anyhow::Result<u8> {
    // Nothing is written when any file is in the way: never half an export.
    let taken: Vec<String> = crate::render::templates::embedded()
        .map(|(name, _)| dir.join(name))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .map(|path| path.display().to_string())
        .collect();
    if !taken.is_empty() {
        eprintln!(
            "motion : erreur : {} déjà là, rien n’a été écrit : {}",
            if taken.len() == 1 {
                "un fichier est"
            } else {
                "des fichiers sont"
            },
            taken.join(", ")
        );
        eprintln!("  aide : choisissez un dossier neuf, ou déplacez ces fichiers");
        return Ok(EXIT_USAGE);
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!(
            "motion : erreur : {} : {}",
            dir.display(),
            crate::output::io_reason(&error)
        );
        return Ok(EXIT_USAGE);
    }
    let mut written = 0;
    for (name, text) in crate::render::templates::embedded() {
        if let Err(error) = crate::output::create_atomically(&dir.join(name), text.as_bytes()) {
            eprintln!(
                "motion : erreur : {} : {}",
                dir.join(name).display(),
                crate::output::io_reason(&error)
            );
            return Ok(EXIT_USAGE);
        }
        written += 1;
    }
    eprintln!(
        "motion : {} dans {} ; modifiez-les, puis : motion build --templates {} (docs/templates.md dit ce que reçoit chacun).",
        plural(written, "gabarit écrit", "gabarits écrits"),
        dir.display(),
        dir.display()
    );
    Ok(EXIT_OK)
}

/// Says which files of a templates folder no template is named like: a file the user
/// meant as a template (`motion.htm.j2`) would be ignored without a word.
pub(super) fn warn_unknown(dir: Option<&Path>) {
    let Some(dir) = dir else { return };
    for (name, closest) in crate::render::templates::unknown_in(dir) {
        let hint = match closest {
            Some(known) => format!(" ; vouliez-vous dire {known} ?"),
            None => {
                let names: Vec<&str> = crate::render::templates::embedded()
                    .map(|(n, _)| n)
                    .collect();
                format!(" (gabarits : {})", names.join(", "))
            }
        };
        eprintln!(
            "motion : avertissement : {} : aucun gabarit ne porte ce nom, il est ignoré{hint}",
            dir.join(&name).display()
        );
    }
}
