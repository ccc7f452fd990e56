//! `motion import`: reads existing texts into new motion files, prints what was
//! recognised of each (or a JSON report), then checks the files written as `motion
//! check` would and picks the exit code: 0 when every file gave motions that check, 1
//! when a person must complete or correct one, 2 on usage errors.

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::import::{self, ImportOptions, ImportReport};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    /// Un paragraphe par fichier.
    Human,
    /// Un objet JSON : chaque fichier, ses motions, ce qui a été reconnu.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fichiers ou dossiers à importer (.txt, .md, .html, .docx, .pdf ; les dossiers le
    /// sont récursivement).
    #[arg(value_name = "SOURCES", required = true)]
    sources: Vec<PathBuf>,

    /// Dossier où écrire les fichiers de motion (par défaut : à côté de chaque source).
    #[arg(long, value_name = "DOSSIER")]
    out: Option<PathBuf>,

    /// Forme du rapport : human (par défaut) ou json.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human, value_name = "FORME", hide_default_value = true, hide_possible_values = true)]
    format: ReportFormat,

    /// Pas de barre de progression (elle ne s’affiche de toute façon que sur un terminal).
    #[arg(long)]
    no_progress: bool,
}

fn percent(share: f64) -> String {
    format!("{} %", (share * 100.0).floor() as u32)
}

pub fn run(args: Args, color: bool) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir()?;
    if let Some(out) = &args.out
        && cwd.join(out).is_file()
    {
        eprintln!(
            "motion : erreur : --out {} est un fichier ; donnez un dossier",
            out.display()
        );
        return Ok(EXIT_USAGE);
    }
    let options = ImportOptions {
        sources: args.sources.clone(),
        out: args.out.clone(),
        cwd: cwd.clone(),
    };
    let (sources, _) = import::find_sources(&options);
    let bar =
        (!args.no_progress && std::io::stderr().is_terminal() && sources.len() > 1).then(|| {
            let bar = indicatif::ProgressBar::new(sources.len() as u64);
            // The rate the French way ("12,5 par seconde"), as build's bar writes it.
            bar.set_style(super::progress_style("fichiers lus"));
            bar
        });
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let mut report = import::import(&options, &tick);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for fatal in &report.fatal {
        eprintln!("motion : erreur : {fatal}");
    }
    if !report.fatal.is_empty() {
        return Ok(EXIT_USAGE);
    }
    if sources.is_empty() {
        eprintln!(
            "motion : erreur : aucun fichier à importer (.txt, .md, .html, .docx ou .pdf) sous {}",
            args.sources
                .iter()
                .map(|s| s.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(EXIT_USAGE);
    }
    let failures = import::write(&mut report, &cwd);
    for failure in &failures {
        eprintln!("motion : erreur : écriture impossible : {failure}");
    }
    match args.format {
        ReportFormat::Json => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Human => print_human(&report, color)?,
    }
    print_summary(&report);
    Ok(if !failures.is_empty() {
        EXIT_USAGE
    } else if report.all_check() {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}

fn print_human(report: &ImportReport, color: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Names and lines of a source are data: their control characters are shown escaped
    // (`\u{1b}`), never sent to the terminal.
    let shown = |s: &str| crate::diag::printable(s).into_owned();
    let bold = |s: &str| {
        let s = shown(s);
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s
        }
    };
    for file in &report.files {
        if let Some(error) = &file.error
            && file.motions.is_empty()
        {
            writeln!(out, "{} : {}\n", bold(&file.source), shown(error))?;
            continue;
        }
        for motion in &file.motions {
            let words = match motion.words_in_order {
                Some(share) => format!(
                    " ({} des mots de la source imprimés dans l’ordre)",
                    percent(share)
                ),
                None => String::new(),
            };
            writeln!(
                out,
                "{} → {} : confiance {}{words}{}",
                bold(&file.source),
                bold(&motion.file),
                motion.confidence.label(),
                if motion.checks {
                    String::new()
                } else {
                    format!(
                        " ; {} erreur{} à corriger",
                        motion.errors,
                        if motion.errors > 1 { "s" } else { "" }
                    )
                }
            )?;
            if let Some(encoding) = file.encoding {
                writeln!(out, "  encodage : {encoding}")?;
            }
            writeln!(out, "  reconnu : {}", motion.recognised.join(", "))?;
            if !motion.left_out.is_empty() {
                let shown: Vec<String> = motion
                    .left_out
                    .iter()
                    .take(3)
                    .map(|l| {
                        let short = shown(&l.chars().take(40).collect::<String>());
                        if l.chars().count() > 40 {
                            format!("« {short}… »")
                        } else {
                            format!("« {short} »")
                        }
                    })
                    .collect();
                writeln!(
                    out,
                    "  laissé de côté : {} ligne{} autour du texte ({}{})",
                    motion.left_out.len(),
                    if motion.left_out.len() > 1 { "s" } else { "" },
                    shown.join(", "),
                    if motion.left_out.len() > 3 {
                        ", …"
                    } else {
                        ""
                    }
                )?;
            }
            for warning in &motion.warnings {
                writeln!(out, "  avertissement : {}", shown(warning))?;
            }
            for diagnostic in motion.diagnostics.iter().filter(|d| d.is_error()).take(5) {
                writeln!(
                    out,
                    "  erreur[{}] : {}",
                    diagnostic.code.id(),
                    shown(&diagnostic.message)
                )?;
            }
            writeln!(out)?;
        }
    }
    out.flush()
}

fn print_summary(report: &ImportReport) {
    let files = report.files.len();
    let motions = report.motions().count();
    let clean = report.motions().filter(|m| m.checks).count();
    let unread = report.files.iter().filter(|f| f.motions.is_empty()).count();
    use crate::diag::plural;
    let written = match motions {
        0 => "aucune motion écrite".to_string(),
        n => plural(n, "motion écrite", "motions écrites"),
    };
    let mut line = format!("{}, {written}", plural(files, "fichier lu", "fichiers lus"));
    if motions > 0 {
        line.push_str(&format!(
            " : {} sans erreur, {} à compléter ou corriger",
            crate::diag::french_number(clean),
            crate::diag::french_number(motions - clean)
        ));
    }
    if unread > 0 {
        line.push_str(&format!(
            " ; {} sans motion lisible",
            plural(unread, "fichier", "fichiers")
        ));
    }
    line.push('.');
    eprintln!("{line}");
    if clean < motions {
        eprintln!(
            "  aide : complétez chaque « À COMPLÉTER », relisez chaque « À VÉRIFIER », puis : motion check"
        );
    }
}
