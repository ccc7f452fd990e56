//! `motion fix`: shows as a unified diff the typography corrections it would make to the
//! motion files, and with `--write` makes them, each file replaced atomically.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::batch;
use crate::diag::{Emitter, OutputFormat, plural};
use crate::validate::fix::{FixError, fix_text};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à corriger (les dossiers le sont récursivement).
    #[arg(value_name = "CHEMINS", default_value = ".", hide_default_value = true)]
    paths: Vec<PathBuf>,

    /// Écrit les corrections dans les fichiers (sans cette option, elles sont seulement
    /// montrées).
    #[arg(long)]
    write: bool,
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    let discovery = batch::discover(&args.paths, &cwd);
    let mut files: Vec<PathBuf> = discovery.motions.iter().map(|m| m.path.clone()).collect();
    files.extend(discovery.defaults.iter().cloned());
    files.sort();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut fatal = discovery.fatal.clone();
    let (mut changed_files, mut corrections, mut invalid) = (0, 0, Vec::new());
    for path in &files {
        let display = batch::display_path(path, &cwd);
        let original = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                fatal.push(format!(
                    "{display} : lecture impossible ({})",
                    crate::output::io_reason(&error)
                ));
                continue;
            }
        };
        // A file that is not UTF-8 is reported by the same diagnostics as `check`.
        let text = String::from_utf8_lossy(&original).into_owned();
        let fixed = match fix_text(path, &text) {
            Ok(fixed) if fixed.applied == 0 => continue,
            Ok(fixed) => fixed,
            Err(FixError::Invalid(diagnostics)) => {
                invalid.push((display, diagnostics));
                continue;
            }
            Err(FixError::Unsafe) => {
                fatal.push(format!(
                    "{display} : corrections refusées, elles auraient changé la structure du fichier (merci de signaler ce fichier)"
                ));
                continue;
            }
        };
        changed_files += 1;
        corrections += fixed.applied;
        let diff = similar::TextDiff::from_lines(&text, &fixed.text);
        let unified = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{display}"), &format!("b/{display}"))
            .to_string();
        write_diff(&mut out, &unified, color)?;
        if args.write {
            crate::output::write_atomically(path, fixed.text.as_bytes())?;
        }
    }
    out.flush()?;
    drop(out);

    for (display, diagnostics) in &invalid {
        eprintln!("motion : {display} n’est pas corrigé : le fichier ne se lit pas.");
        let emitter = Emitter::new(OutputFormat::Short, false);
        for diagnostic in diagnostics {
            let mut line = Vec::new();
            emitter.emit(diagnostic, &mut line)?;
            eprint!("  {}", String::from_utf8_lossy(&line));
        }
    }
    for message in &fatal {
        eprintln!("motion : erreur : {message}");
    }
    let summary = if corrections == 0 {
        "aucune correction à faire.".to_string()
    } else if args.write {
        format!(
            "{} écrite{} dans {}.",
            plural(corrections, "correction", "corrections"),
            if corrections >= 2 { "s" } else { "" },
            plural(changed_files, "fichier", "fichiers")
        )
    } else {
        format!(
            "{} à faire dans {} ; relancez avec --write pour les écrire.",
            plural(corrections, "correction", "corrections"),
            plural(changed_files, "fichier", "fichiers")
        )
    };
    eprintln!("{summary}");
    Ok(if !fatal.is_empty() {
        EXIT_USAGE
    } else if !invalid.is_empty() || (corrections > 0 && !args.write) {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

fn write_diff(out: &mut dyn Write, unified: &str, color: bool) -> std::io::Result<()> {
    for line in unified.lines() {
        let style = match line.as_bytes().first() {
            _ if !color => None,
            Some(b'+') if !line.starts_with("+++") => Some("\x1b[32m"),
            Some(b'-') if !line.starts_with("---") => Some("\x1b[31m"),
            Some(b'@') => Some("\x1b[36m"),
            _ => None,
        };
        match style {
            Some(style) => writeln!(out, "{style}{line}\x1b[0m")?,
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}
