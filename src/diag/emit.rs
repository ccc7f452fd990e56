//! The emitters: print diagnostics as `human` (annotate-snippets, like rustc), `short` (one
//! line each), `json` (one object per line) or `github` (workflow annotations), and the
//! French summary line. What to print is decided elsewhere; this only formats.

use super::{Diagnostic, Severity, french_list, plural};
use crate::source::Origin;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};

/// The output formats of `motion check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// The source line with the problem underlined, and a help line.
    #[value(help = "la ligne en cause soulignée, et une aide (par défaut)")]
    Human,
    /// One line per problem: `file:line:column: severity[code]: message`.
    #[value(help = "une ligne par problème : fichier:ligne:colonne: gravité[code]: message")]
    Short,
    /// One JSON object per line, with stable fields (see docs/diagnostics.md).
    #[value(help = "un objet JSON par ligne, aux champs stables (docs/diagnostics.md)")]
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    #[value(help = "annotations GitHub Actions sur la pull request")]
    Github,
}

/// Prints diagnostics in one format to one writer.
pub struct Emitter {
    format: OutputFormat,
    renderer: Renderer,
}

impl Emitter {
    pub fn new(format: OutputFormat, color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Emitter { format, renderer }
    }

    pub fn emit(&self, diagnostic: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            OutputFormat::Human => writeln!(out, "{}\n", self.human(diagnostic)),
            OutputFormat::Short => writeln!(out, "{}", short(diagnostic)),
            OutputFormat::Json => writeln!(out, "{}", json(diagnostic)),
            OutputFormat::Github => writeln!(out, "{}", github(diagnostic)),
        }
    }

    fn human(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR.with_name("erreur"),
            Severity::Warning => Level::WARNING.with_name("avertissement"),
        };
        let primary = excerpt(&d.origin);
        let mut snippet = Snippet::source(primary.text)
            .line_start(primary.first_line)
            .path(d.origin.file.display.as_str())
            .annotation(
                AnnotationKind::Primary
                    .span(primary.span)
                    .label(d.label.as_deref()),
            );
        let mut others = Vec::new();
        for secondary in &d.secondary {
            let part = excerpt(&secondary.origin);
            let annotation = AnnotationKind::Context
                .span(part.span)
                .label(secondary.message.as_str());
            if part.first_line == primary.first_line
                && part.text == primary.text
                && std::sync::Arc::ptr_eq(&secondary.origin.file, &d.origin.file)
            {
                snippet = snippet.annotation(annotation);
            } else {
                others.push(
                    Snippet::source(part.text)
                        .line_start(part.first_line)
                        .path(secondary.origin.file.display.as_str())
                        .annotation(annotation),
                );
            }
        }
        let mut group: Group = level
            .primary_title(d.message.as_str())
            .id(d.code.id())
            .element(snippet);
        for other in others {
            group = group.element(other);
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.with_name("aide").message(help.as_str()));
        }
        self.renderer.render(&[group]).to_string()
    }
}

/// The lines of a file that a span covers, with the span made relative to them: the
/// renderer then never walks a whole (possibly huge) file.
struct Excerpt<'a> {
    text: &'a str,
    first_line: usize,
    span: std::ops::Range<usize>,
}

fn excerpt(origin: &Origin) -> Excerpt<'_> {
    let text = origin.file.text.as_str();
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (
        clamp(origin.span.start),
        clamp(origin.span.end.max(origin.span.start)),
    );
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    Excerpt {
        text: &text[line_start..line_end],
        first_line: origin.start().line,
        span: start - line_start..end - line_start,
    }
}

fn short(d: &Diagnostic) -> String {
    let at = d.origin.start();
    let mut line = format!(
        "{}:{}:{}: {}[{}]: {}",
        d.origin.file.display,
        at.line,
        at.column,
        d.severity.label(),
        d.code.id(),
        d.message
    );
    if let Some(help) = &d.help {
        line.push_str(" (aide : ");
        line.push_str(help);
        line.push(')');
    }
    line
}

fn json(d: &Diagnostic) -> String {
    let (start, end) = (d.origin.start(), d.origin.end());
    serde_json::json!({
        "file": d.origin.file.display,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "severity": d.severity,
        "code": d.code.id(),
        "message": d.message,
        "label": d.label,
        "help": d.help,
        "fix": d.fix.as_ref().map(|fix| {
            let (start, end) = (fix.origin.start(), fix.origin.end());
            serde_json::json!({
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "replacement": fix.replacement,
            })
        }),
    })
    .to_string()
}

/// A GitHub Actions workflow command. Values are escaped as the runner expects: `%`, CR
/// and LF everywhere, plus `:` and `,` inside properties.
fn github(d: &Diagnostic) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let (start, end) = (d.origin.start(), d.origin.end());
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\naide : ");
        message.push_str(help);
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&d.origin.file.display),
        start.line,
        start.column,
        end.line,
        end.column,
        property(&format!("{} {}", d.code.id(), d.code.title())),
        data(&message)
    )
}

/// The counts behind the final French summary line.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub motions: usize,
    pub defaults: usize,
    pub errors: usize,
    pub warnings: usize,
    pub files_with_errors: usize,
    pub deny_warnings: bool,
}

impl Summary {
    pub fn from_diagnostics(
        (motions, defaults): (usize, usize),
        diagnostics: &[Diagnostic],
        failed_files: usize,
    ) -> Self {
        Summary {
            motions,
            defaults,
            errors: diagnostics.iter().filter(|d| d.is_error()).count(),
            warnings: diagnostics.iter().filter(|d| !d.is_error()).count(),
            files_with_errors: failed_files,
            deny_warnings: false,
        }
    }

    /// True when the run must exit with status 1.
    pub fn failed(&self) -> bool {
        self.errors > 0 || (self.deny_warnings && self.warnings > 0)
    }

    /// One French sentence, e.g. `5 motions et 2 fichiers defaults.toml vérifiés : 2 erreurs
    /// (dans 1 fichier) et 1 avertissement.`
    pub fn line(&self) -> String {
        let motions = match self.motions {
            0 => None,
            n => Some(plural(n, "motion", "motions")),
        };
        let defaults = match self.defaults {
            0 => None,
            n => Some(plural(n, "fichier defaults.toml", "fichiers defaults.toml")),
        };
        // The participle agrees in gender and number with what was checked.
        let checked = match (motions, defaults) {
            (None, None) => return "aucune motion trouvée.".into(),
            (Some(m), None) if self.motions == 1 => format!("{m} vérifiée"),
            (Some(m), None) => format!("{m} vérifiées"),
            (None, Some(d)) if self.defaults == 1 => format!("{d} vérifié"),
            (None, Some(d)) => format!("{d} vérifiés"),
            (Some(m), Some(d)) => format!("{m} et {d} vérifiés"),
        };
        if self.errors == 0 && self.warnings == 0 {
            return format!("{checked} : aucun problème.");
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(format!(
                "{} (dans {})",
                plural(self.errors, "erreur", "erreurs"),
                plural(self.files_with_errors, "fichier", "fichiers")
            ));
        }
        if self.warnings > 0 {
            let mut warnings = plural(self.warnings, "avertissement", "avertissements");
            if self.deny_warnings {
                warnings.push_str(if self.warnings >= 2 {
                    " refusés par --deny-warnings"
                } else {
                    " refusé par --deny-warnings"
                });
            }
            parts.push(warnings);
        }
        format!("{checked} : {}.", french_list(&parts))
    }
}
