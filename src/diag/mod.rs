//! Diagnostics: what a user's mistake looks like once found (`Diagnostic`), the registry of
//! stable codes (`Code`), and the emitters that print them. Finding mistakes is the job of
//! `input` and `validate`; this module only describes and prints them.

mod codes;
mod emit;

pub use codes::Code;
pub use emit::{Emitter, OutputFormat, Summary, printable};

use crate::source::Origin;
use serde::Serialize;

/// How bad a problem is. Errors stop a motion from being built; warnings do not, unless
/// the user asks for `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        }
    }
}

/// A context label on another place than the primary one ("défini ici pour la première fois").
#[derive(Debug, Clone)]
pub struct SecondaryLabel {
    pub origin: Origin,
    pub message: String,
}

/// A change that corrects a problem by itself: replace the bytes of `origin` with
/// `replacement`. Only given when it cannot change the meaning of the text.
#[derive(Debug, Clone)]
pub struct Fix {
    pub origin: Origin,
    pub replacement: String,
}

/// One problem found in one place of one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// The French message: what is wrong, in one sentence without a final period.
    pub message: String,
    /// Where the problem is.
    pub origin: Origin,
    /// A short text shown under the underlined span.
    pub label: Option<String>,
    pub secondary: Vec<SecondaryLabel>,
    /// How to fix it, when we can say.
    pub help: Option<String>,
    /// A correction `motion fix` may apply.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            origin,
            label: None,
            secondary: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn fix(mut self, origin: Origin, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            origin,
            replacement: replacement.into(),
        });
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn secondary(mut self, origin: Origin, message: impl Into<String>) -> Self {
        self.secondary.push(SecondaryLabel {
            origin,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key that orders diagnostics in the output and removes repeats: a problem in a
    /// defaults file is found once per motion that inherits it, but shown once.
    pub fn sort_key(&self) -> (&str, usize, usize, Code, &str) {
        (
            &self.origin.file.display,
            self.origin.span.start,
            self.origin.span.end,
            self.code,
            &self.message,
        )
    }
}

/// Puts diagnostics in output order (file, then position) and drops exact repeats.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// At most this many diagnostics of one code are kept per file: a file crafted to
/// trigger 300,000 problems is counted whole but holds the memory of a few thousand.
pub const KEPT_PER_FILE_AND_CODE: usize = 1000;

/// Diagnostics left out of a run's list (past `KEPT_PER_FILE_AND_CODE`), counted by file
/// and code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Omitted {
    pub by_file_and_code: std::collections::BTreeMap<(String, Code), (Severity, usize)>,
}

impl Omitted {
    pub fn add(&mut self, file: &str, code: Code, severity: Severity) {
        self.by_file_and_code
            .entry((file.to_string(), code))
            .or_insert((severity, 0))
            .1 += 1;
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.by_file_and_code
            .values()
            .filter(|(s, _)| *s == severity)
            .map(|(_, n)| n)
            .sum()
    }

    /// How many of `code` were left out in `file`.
    pub fn of(&self, file: &str, code: Code) -> usize {
        self.by_file_and_code
            .get(&(file.to_string(), code))
            .map_or(0, |(_, n)| *n)
    }
}

impl std::ops::AddAssign for Omitted {
    fn add_assign(&mut self, other: Omitted) {
        for ((file, code), (severity, n)) in other.by_file_and_code {
            self.by_file_and_code
                .entry((file, code))
                .or_insert((severity, 0))
                .1 += n;
        }
    }
}

/// Sorts and dedups the diagnostics of one file (see `sort_and_dedup`), then keeps the
/// first `KEPT_PER_FILE_AND_CODE` of each code and counts the others.
pub fn keep_per_code(diagnostics: &mut Vec<Diagnostic>) -> Omitted {
    sort_and_dedup(diagnostics);
    let mut seen: std::collections::HashMap<(&str, Code), usize> = std::collections::HashMap::new();
    let mut keep = Vec::with_capacity(diagnostics.len());
    let mut omitted = Omitted::default();
    for diagnostic in diagnostics.iter() {
        let file = diagnostic.origin.file.display.as_str();
        let count = seen.entry((file, diagnostic.code)).or_default();
        *count += 1;
        let kept = *count <= KEPT_PER_FILE_AND_CODE;
        if !kept {
            omitted.add(file, diagnostic.code, diagnostic.severity);
        }
        keep.push(kept);
    }
    drop(seen);
    let mut kept = keep.into_iter();
    diagnostics.retain(|_| kept.next().unwrap_or(true));
    omitted
}

/// Joins words the French way: "a", "a et b", "a, b et c".
pub fn french_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} et {}", init.join(", "), last.as_ref())
        }
    }
}

/// "1 erreur", "2 erreurs", "10 000 erreurs": a count with its noun, plural from 2 on
/// as in French.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    let n = french_number(count);
    if count >= 2 {
        format!("{n} {plural}")
    } else {
        format!("{n} {singular}")
    }
}

/// A count written the French way: digits grouped by three with a narrow no-break space
/// from five digits on (`15 000`, but `2000`).
pub fn french_number(n: usize) -> String {
    let digits = n.to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_from_five_digits() {
        assert_eq!(french_number(2000), "2000");
        assert_eq!(french_number(15000), "15\u{202F}000");
        assert_eq!(french_number(1888903), "1\u{202F}888\u{202F}903");
    }

    #[test]
    fn french_lists_and_plurals() {
        assert_eq!(french_list::<&str>(&[]), "");
        assert_eq!(french_list(&["a"]), "a");
        assert_eq!(french_list(&["a", "b"]), "a et b");
        assert_eq!(french_list(&["a", "b", "c"]), "a, b et c");
        assert_eq!(plural(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(plural(1, "erreur", "erreurs"), "1 erreur");
        assert_eq!(plural(2, "erreur", "erreurs"), "2 erreurs");
    }
}
