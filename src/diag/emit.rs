//! The emitters: print diagnostics as `human` (annotate-snippets, like rustc), `short` (one
//! line each), `json` (one object per line) or `github` (workflow annotations), and the
//! French summary line. What to print is decided elsewhere; this only formats.

use super::{Diagnostic, Severity, french_list, plural};
use crate::source::Origin;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};

/// The output formats of `motion check --format` (the command line reads them, in
/// `cli`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The source line with the problem underlined, and a help line.
    Human,
    /// One line per problem: `file:line:column: severity[code]: message`.
    Short,
    /// One JSON object per line, with stable fields (see docs/diagnostics.md).
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
}

/// Prints diagnostics in one format to one writer.
pub struct Emitter {
    format: OutputFormat,
    renderer: Renderer,
    /// Warnings fail the run (`--deny-warnings`): GitHub shows them as errors.
    deny_warnings: bool,
    /// Each file's path from its repository's root, as GitHub wants it, by display path.
    repository_paths: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Emitter {
    pub fn new(format: OutputFormat, color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Emitter {
            format,
            renderer,
            deny_warnings: false,
            repository_paths: Default::default(),
        }
    }

    /// Warnings fail the run: in the GitHub format they are annotated as errors.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    pub fn emit(&self, diagnostic: &Diagnostic, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            OutputFormat::Human => writeln!(out, "{}\n", self.human(diagnostic)),
            OutputFormat::Short => writeln!(out, "{}", short(diagnostic)),
            OutputFormat::Json => writeln!(out, "{}", json(diagnostic)),
            OutputFormat::Github => {
                let file = self.repository_path(&diagnostic.origin.file);
                writeln!(out, "{}", github(diagnostic, &file, self.deny_warnings))
            }
        }
    }

    /// The path of a file from the root of the git repository holding it (the folder
    /// with `.git`), whatever the working folder: GitHub attaches an annotation to a
    /// file by that path. Its display path when it is in no repository.
    fn repository_path(&self, file: &crate::source::SourceFile) -> String {
        let mut known = self
            .repository_paths
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(path) = known.get(&file.display) {
            return path.clone();
        }
        let absolute = std::env::current_dir()
            .map(|cwd| cwd.join(&file.path))
            .unwrap_or_else(|_| file.path.clone());
        let path = absolute
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(".git").exists())
            .and_then(|repository| absolute.strip_prefix(repository).ok())
            .map(|relative| relative.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|| file.display.clone());
        known.insert(file.display.clone(), path.clone());
        path
    }

    fn human(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR.with_name("erreur"),
            Severity::Warning => Level::WARNING.with_name("avertissement"),
        };
        let primary = excerpt(&d.origin);
        let path = printable(&d.origin.file.display);
        let primary_label = d.label.as_deref().map(printable);
        let mut snippet = Snippet::source(primary.text.as_str())
            .line_start(primary.first_line)
            .path(path.as_ref())
            .annotation(
                AnnotationKind::Primary
                    .span(primary.span.clone())
                    .label(primary_label.as_deref()),
            );
        let secondary: Vec<(Excerpt, String, std::borrow::Cow<str>)> = d
            .secondary
            .iter()
            .map(|s| {
                (
                    excerpt(&s.origin),
                    printable(&s.message).into_owned(),
                    printable(&s.origin.file.display),
                )
            })
            .collect();
        let mut others = Vec::new();
        for ((part, message, other_path), label) in secondary.iter().zip(&d.secondary) {
            let annotation = AnnotationKind::Context
                .span(part.span.clone())
                .label(message.as_str());
            if part.first_line == primary.first_line
                && part.text == primary.text
                && std::sync::Arc::ptr_eq(&label.origin.file, &d.origin.file)
            {
                snippet = snippet.annotation(annotation);
            } else {
                others.push(
                    Snippet::source(part.text.as_str())
                        .line_start(part.first_line)
                        .path(other_path.as_ref())
                        .annotation(annotation),
                );
            }
        }
        let message = printable(&d.message);
        let mut group: Group = level
            .primary_title(message.as_ref())
            .id(d.code.id())
            .element(snippet);
        for other in others {
            group = group.element(other);
        }
        let help = d.help.as_deref().map(printable);
        if let Some(help) = &help {
            group = group.element(Level::HELP.with_name("aide\u{a0}").message(help.as_ref()));
        }
        let rendered = self.renderer.render(&[group]).to_string();
        // The renderer counts the column in the excerpt; where the excerpt does not start
        // at the line's start (a long line cut) or shows an escape, the file's column is
        // put back.
        let at = d.origin.start();
        if primary.column == at.column {
            return rendered;
        }
        rendered.replacen(
            &format!("{path}:{}:{}", at.line, primary.column),
            &format!("{path}:{}:{}", at.line, at.column),
            1,
        )
    }
}

/// Characters shown on each side of a span on its line; a line longer than that is cut,
/// with `…` where it was cut.
const CONTEXT: usize = 60;
/// A span is shown whole over at most this many lines and bytes, else up to its first
/// line's window.
const WHOLE_SPAN_LINES: usize = 5;
const WHOLE_SPAN_BYTES: usize = 2000;

/// What a diagnostic shows of its file: a few lines at most, the span relative to them.
/// Bounded whatever the file: a 1 MiB line with 40,000 problems renders 40,000 small
/// excerpts, not 40,000 copies of the line.
struct Excerpt {
    text: String,
    first_line: usize,
    span: std::ops::Range<usize>,
    /// The column of the span's start within the excerpt's line, as the renderer counts.
    column: usize,
}

/// Lines up to this many bytes are shown whole.
const WHOLE_LINE_BYTES: usize = 400;

fn excerpt(origin: &Origin) -> Excerpt {
    let file = &origin.file;
    let text = file.text.as_str();
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, mut end) = (
        clamp(origin.span.start),
        clamp(origin.span.end.max(origin.span.start)),
    );
    let first = file.line_range(start);
    let lines_spanned = text[start..end].matches('\n').count();
    let whole = lines_spanned < WHOLE_SPAN_LINES && end - start <= WHOLE_SPAN_BYTES;
    let last = if whole {
        file.line_range(end)
    } else {
        first.clone()
    };
    if !whole {
        end = end.min(first.end);
    }
    // The window: up to CONTEXT characters before the span and after it, on a long line.
    let long = last.end - first.start > WHOLE_LINE_BYTES;
    let from = match long {
        false => first.start,
        true => text[first.start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(first.start, |(i, _)| first.start + i),
    };
    let to = match long {
        false => last.end,
        true => text[end..last.end]
            .char_indices()
            .nth(CONTEXT)
            .map_or(last.end, |(i, _)| end + i),
    };
    let mut shown = String::new();
    if from > first.start {
        shown.push('…');
    }
    let offset = shown.len();
    shown.push_str(&text[from..to]);
    if to < last.end || !whole && origin.span.end > end {
        shown.push('…');
    }
    let span = start - from + offset..end - from + offset;
    let (shown, span) = visible(&shown, span);
    let column = shown[..span.start]
        .rsplit('\n')
        .next()
        .map_or(0, |line| line.chars().count())
        + 1;
    Excerpt {
        text: shown,
        first_line: origin.start().line,
        span,
        column,
    }
}

/// Replaces the characters a terminal would act on (C0 and C1 controls but line breaks,
/// DEL, bidirectional controls) by visible `\u{…}` escapes, moving `span` with them.
fn visible(text: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    if !text.chars().any(|c| c != '\n' && acts_on_terminal(c)) {
        return (text.to_string(), span);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (span.start, span.end);
    for (i, c) in text.char_indices() {
        if i == span.start {
            start = out.len();
        }
        if i == span.end {
            end = out.len();
        }
        if c != '\n' && acts_on_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if span.end >= text.len() {
        end = out.len();
    }
    if span.start >= text.len() {
        start = out.len();
    }
    (out, start..end)
}

/// A character that a terminal would take as a command, or that reorders what follows
/// (a tab only moves the cursor on).
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A file name or message made safe to print on a terminal: control characters (an
/// escape sequence in a file name would clear the screen) shown as `\u{…}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if acts_on_terminal(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn short(d: &Diagnostic) -> String {
    let at = d.origin.start();
    let mut line = format!(
        "{}:{}:{}: {}[{}]: {}",
        printable(&d.origin.file.display),
        at.line,
        at.column,
        d.severity.label(),
        d.code.id(),
        printable(&d.message)
    );
    if let Some(help) = &d.help {
        line.push_str(" (aide : ");
        line.push_str(&printable(help));
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

/// A GitHub Actions workflow command for the file at `file` (from the repository's
/// root); a warning is an `::error` when warnings fail the run. Values are escaped as the
/// runner expects: `%`, CR and LF everywhere, plus `:` and `,` inside properties.
fn github(d: &Diagnostic, file: &str, deny_warnings: bool) -> String {
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
        Severity::Warning if deny_warnings => "error",
        Severity::Warning => "warning",
    };
    let mut message = printable(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\naide : ");
        message.push_str(&printable(help));
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&printable(file)),
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
    /// Counted in `errors` and `warnings` but not listed (too many of one kind in a file).
    pub omitted: super::Omitted,
}

impl Summary {
    pub fn from_diagnostics(
        (motions, defaults): (usize, usize),
        diagnostics: &[Diagnostic],
        failed_files: usize,
        omitted: super::Omitted,
    ) -> Self {
        Summary {
            motions,
            defaults,
            errors: diagnostics.iter().filter(|d| d.is_error()).count() + omitted.errors(),
            warnings: diagnostics.iter().filter(|d| !d.is_error()).count() + omitted.warnings(),
            files_with_errors: failed_files,
            deny_warnings: false,
            omitted,
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
        let omitted = self.omitted.errors() + self.omitted.warnings();
        if omitted > 0 {
            parts.push(format!(
                "{} non {} (au plus {} par fichier et par code)",
                plural(omitted, "problème", "problèmes"),
                if omitted >= 2 { "listés" } else { "listé" },
                super::french_number(super::KEPT_PER_FILE_AND_CODE)
            ));
            return format!(
                "{checked} : {}, dont {}.",
                french_list(&parts[..parts.len() - 1]),
                parts[parts.len() - 1]
            );
        }
        format!("{checked} : {}.", french_list(&parts))
    }
}
