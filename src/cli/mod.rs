//! The command line: argument parsing with clap (help and errors in French), one file per
//! command, and the mapping of outcomes to exit codes. The work itself is the library's.

mod build;
mod check;
mod explain;
mod fix;
mod import;
mod merge;
mod new;
mod schema;
mod serve;
mod templates;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit status: everything is fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: some motion has errors (or warnings, with `--deny-warnings`).
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage error, unreadable path, or a failure of the tool itself.
pub const EXIT_USAGE: u8 = 2;

const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "motion",
    version,
    about = "Vérifie et compile les vœux et amendements du Conseil de Paris.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Codes de sortie : 0 tout va bien, 1 un texte a des erreurs, 2 erreur d’utilisation.\n\
                  Explication d’un code de diagnostic : motion explain M101"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Couleurs dans la sortie : auto (sur un terminal, par défaut), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "QUAND",
          hide_default_value = true, hide_possible_values = true)]
    color: ColorChoice,

    /// Affiche l’aide.
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,

    /// Affiche la version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    fn enabled(self, stream_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Construit les motions valides en PDF, DOCX et HTML (et l’index de l’archive)
    /// dans out/.
    #[command(help_template = HELP_TEMPLATE)]
    Build(build::Args),
    /// Vérifie des motions et signale chaque problème, avec sa place et une aide.
    #[command(help_template = HELP_TEMPLATE)]
    Check(check::Args),
    /// Corrige la typographie des textes (2ème, espaces…) : montre les corrections, les
    /// écrit avec --write.
    #[command(help_template = HELP_TEMPLATE)]
    Fix(fix::Args),
    /// Importe des textes existants (texte, page web, Word, PDF) en fichiers de motion.
    #[command(help_template = HELP_TEMPLATE)]
    Import(import::Args),
    /// Réunit les manifestes des parts construites avec --shard et écrit l’index, les
    /// cahiers de séance, les pages et la recherche de toute l’archive.
    #[command(name = "merge-manifests", help_template = HELP_TEMPLATE)]
    MergeManifests(merge::Args),
    /// Construit, sert les sorties sur 127.0.0.1 et met les pages ouvertes à jour à chaque
    /// enregistrement (avec les erreurs par-dessus).
    #[command(help_template = HELP_TEMPLATE)]
    Serve(serve::ServeArgs),
    /// Construit, puis reconstruit ce qui change à chaque enregistrement (sans navigateur).
    #[command(help_template = HELP_TEMPLATE)]
    Watch(serve::WatchArgs),
    /// Les gabarits : motion templates export DOSSIER écrit ceux du programme, à modifier.
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Commandes", subcommand_value_name = "ACTION")]
    Templates(templates::Args),
    /// Crée un fichier de motion commenté, à compléter.
    #[command(help_template = HELP_TEMPLATE)]
    New(new::Args),
    /// Affiche le schéma JSON du format des motions (pour les éditeurs).
    #[command(help_template = HELP_TEMPLATE)]
    Schema(schema::Args),
    /// Explique un code de diagnostic (M101…), ou les liste tous.
    #[command(help_template = HELP_TEMPLATE)]
    Explain(explain::Args),
    /// Affiche l’aide de motion, ou celle d’une commande : motion help build.
    #[command(help_template = HELP_TEMPLATE)]
    Help(HelpArgs),
    /// Imprime le script de complétion des commandes pour un shell : bash, zsh, fish,
    /// powershell.
    #[command(help_template = HELP_TEMPLATE)]
    Completions(CompletionsArgs),
    /// Imprime la page de manuel (man) de motion, au format roff.
    #[command(help_template = HELP_TEMPLATE)]
    Man,
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// Le shell : bash, zsh, fish ou powershell.
    #[arg(value_enum, value_name = "SHELL", hide_possible_values = true)]
    shell: Shell,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
struct HelpArgs {
    /// La commande dont afficher l’aide.
    #[arg(value_name = "COMMANDE")]
    command: Option<String>,
}

/// The diagnostics forms, as `--format` and `--diagnostics` read them.
impl clap::ValueEnum for crate::diag::OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use crate::diag::OutputFormat::*;
        &[Human, Short, Json, Github]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use crate::diag::OutputFormat::*;
        use clap::builder::PossibleValue;
        Some(match self {
            Human => PossibleValue::new("human")
                .help("la ligne en cause soulignée, et une aide (par défaut)"),
            Short => PossibleValue::new("short")
                .help("une ligne par problème : fichier:ligne:colonne: gravité[code]: message"),
            Json => PossibleValue::new("json")
                .help("un objet JSON par ligne, aux champs stables (docs/diagnostics.md)"),
            Github => {
                PossibleValue::new("github").help("annotations GitHub Actions sur la pull request")
            }
        })
    }
}

/// Runs the command line and returns the process exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(report_clap_error(&error)),
    };
    let color = cli.color.enabled(std::io::stdout().is_terminal());
    let result = match cli.command {
        Command::Build(args) => build::run(args, color),
        Command::Check(args) => check::run(args, color),
        Command::Fix(args) => fix::run(args, color),
        Command::Import(args) => import::run(args, color),
        Command::MergeManifests(args) => merge::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run_serve(args, color),
        Command::Templates(args) => templates::run(args),
        Command::Watch(args) => serve::run_watch(args, color),
        Command::Schema(args) => schema::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Help(args) => help(args.command.as_deref()),
        Command::Completions(args) => completions(args.shell),
        Command::Man => man(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            // The system's errors in French too: never "Permission denied (os error 13)".
            let message: Vec<String> = error
                .chain()
                .map(|cause| match cause.downcast_ref::<std::io::Error>() {
                    Some(io) => crate::output::io_reason(io),
                    None => cause.to_string(),
                })
                .collect();
            eprintln!("motion : erreur : {}", message.join(" : "));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `motion completions SHELL`: clap_complete's script for that shell, on standard output
/// (the README says where each shell wants it).
fn completions(shell: Shell) -> anyhow::Result<u8> {
    use clap::CommandFactory;
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
    };
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "motion", &mut std::io::stdout());
    Ok(EXIT_OK)
}

/// `motion man`: the manual page (clap_mangen), the commands' French help in roff.
fn man() -> anyhow::Result<u8> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .title("MOTION")
        .section("1")
        .manual("Manuel de motion")
        .render(&mut out)?;
    // One section per command, with its own options.
    for sub in command.get_subcommands() {
        let name = sub.get_name().to_string();
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone()).render_description_section(&mut page)?;
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut page)?;
        out.extend_from_slice(format!(".SH \"MOTION {}\"\n", name.to_uppercase()).as_bytes());
        // Within a command's section, its description and options are sub-sections.
        let page = String::from_utf8_lossy(&page).replace(".SH ", ".SS ");
        out.extend_from_slice(page.as_bytes());
    }
    // The French names of the standard sections; each command is a section of this page,
    // not a page of its own.
    let mut page = String::from_utf8_lossy(&out)
        .replace(".SH NAME", ".SH NOM")
        .replace(".SH EXTRA", ".SH REMARQUES");
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        page = page.replace(
            &format!("motion\\-{}(1)", name.replace('-', "\\-")),
            &format!("motion {}", name.replace('-', "\\-")),
        );
    }
    use std::io::Write;
    std::io::stdout().write_all(page.as_bytes())?;
    Ok(EXIT_OK)
}

/// The time since `start`, the French way: "0,42 s", "1 min 3 s".
pub(crate) fn elapsed(start: std::time::Instant) -> String {
    let seconds = start.elapsed().as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.2} s").replace('.', ",")
    } else {
        format!(
            "{} min {} s",
            (seconds / 60.0) as u64,
            (seconds % 60.0) as u64
        )
    }
}

/// The progress bar of a long run: "12/40 motions · 351,2 par seconde · reste 3 s", the
/// numbers written the French way (indicatif's own rate is "351.2/s").
/// Says which files a build or a merge left where they were instead of removing them
/// (a recorded path leading out of the output folder, a file changed since it was
/// written): at most twenty, then how many more.
pub(crate) fn print_left(left: &[String]) {
    if left.is_empty() {
        return;
    }
    eprintln!(
        "motion : avertissement : {} laissé{} en place au lieu d’être retiré{} :",
        crate::diag::plural(left.len(), "fichier", "fichiers"),
        if left.len() > 1 { "s" } else { "" },
        if left.len() > 1 { "s" } else { "" },
    );
    for file in left.iter().take(20) {
        eprintln!("  {file}");
    }
    if left.len() > 20 {
        eprintln!(
            "  et {} autres",
            crate::diag::french_number(left.len() - 20)
        );
    }
}

pub(crate) fn progress_style(things: &str) -> indicatif::ProgressStyle {
    progress_style_template(format!(
        "{{bar:30}} {{pos}}/{{len}} {things} · {{rate}} · reste {{eta}}"
    ))
}

/// The style of a bar among others, its name first (« cahiers de séance »).
pub(crate) fn progress_style_named(name: &str, things: &str) -> indicatif::ProgressStyle {
    progress_style_template(format!(
        "{name:>17} {{bar:30}} {{pos}}/{{len}} {things} · {{rate}} · reste {{eta}}"
    ))
}

fn progress_style_template(template: String) -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let rate = format!("{:.1}", state.per_sec()).replace('.', ",");
                let _ = write!(w, "{rate} par seconde");
            },
        )
}

/// clap writes its headings "Options:"; French puts a space before the colon.
fn french_headings(help: &str) -> String {
    let mut out = String::with_capacity(help.len());
    for line in help.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match bare.strip_suffix(':') {
            Some(heading) if ["Arguments", "Options", "Commandes"].contains(&heading) => {
                out.push_str(heading);
                out.push_str("\u{a0}:");
                out.push_str(&line[bare.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `motion help [COMMANDE]`: the same help as `--help`.
fn help(command: Option<&str>) -> anyhow::Result<u8> {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    let Some(name) = command else {
        print!("{}", french_headings(&cli.render_help().to_string()));
        return Ok(EXIT_OK);
    };
    match cli.find_subcommand_mut(name) {
        Some(sub) => {
            let mut sub = sub.clone().bin_name(format!("motion {name}"));
            print!("{}", french_headings(&sub.render_help().to_string()));
            Ok(EXIT_OK)
        }
        None => {
            eprintln!("motion : erreur : commande inconnue « {name} »");
            eprintln!("  aide : motion help liste les commandes");
            Ok(EXIT_USAGE)
        }
    }
}

/// The French for the standard library's number parsing errors, which clap passes on.
fn french_parse_error(message: &str) -> String {
    match message {
        "invalid digit found in string" => "ce n’est pas un nombre entier".into(),
        "cannot parse integer from empty string" => "valeur vide".into(),
        "number too large to fit in target type" => "nombre trop grand".into(),
        "number too small to fit in target type" => "nombre trop petit".into(),
        "invalid float literal" => "ce n’est pas un nombre".into(),
        "provided string was not `true` or `false`" => "écrivez true ou false".into(),
        // clap's ranges: "70000 is not in 0..=65535".
        other => match other.split_once(" is not in ").and_then(|(value, range)| {
            let (low, high) = range.split_once("..=")?;
            Some(format!("{value} n’est pas entre {low} et {high}"))
        }) {
            Some(french) => french,
            None => other.to_string(),
        },
    }
}

/// Prints a clap error in French. Help and version requests go to stdout with status 0.
fn report_clap_error(error: &clap::Error) -> u8 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", french_headings(&error.render().to_string()));
            return EXIT_OK;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", french_headings(&error.render().to_string()));
            return EXIT_USAGE;
        }
        _ => {}
    }
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let message = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!(
                "commande inconnue « {} »",
                context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => {
            format!("option inconnue « {} »", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue if context(ContextKind::InvalidValue).is_empty() => format!(
            "l’option {} attend une valeur",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue => format!(
            "valeur « {} » invalide pour {} ; valeurs possibles : {}",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!(
                "argument obligatoire manquant : {}",
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|source| format!(" : {}", french_parse_error(&source.to_string())))
                .unwrap_or_default();
            format!(
                "valeur « {} » invalide pour {}{why}",
                context(ContextKind::InvalidValue),
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ArgumentConflict => {
            format!(
                "options incompatibles : {}",
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::TooManyValues => {
            format!("trop de valeurs pour {}", context(ContextKind::InvalidArg))
        }
        _ => format!("arguments invalides ({})", error.kind()),
    };
    eprintln!("motion : erreur : {message}");
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        let suggestion = context(kind);
        if !suggestion.is_empty() {
            eprintln!("  aide : vouliez-vous dire « {suggestion} » ?");
        }
    }
    eprintln!("  aide : motion --help liste les commandes et options");
    EXIT_USAGE
}
