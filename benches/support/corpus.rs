//! Real published texts through `motion import`, shared by the corpus test and its
//! benchmark. `../shared/corpus/real/NN/` holds each text as the council and its groups
//! published it, in the four forms an aide meets (the stored web page as text, a Word
//! draft, that draft exported to PDF by LibreOffice, a group's web page), with the text
//! alone as published (`reference.txt`). Each form is imported, checked as imported, then
//! built to PDF once the « À COMPLÉTER : » prefixes are deleted (and nothing else); the
//! measure is the share of the reference's words found in order in the PDF's text
//! (`recall`, the measure of `../shared/corpus/wordcmp.py`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The four forms of each text, by route name and file name.
pub const ROUTES: &[(&str, &str)] = &[
    ("txt", "page.txt"),
    ("docx", "word.docx"),
    ("pdf", "libreoffice.pdf"),
    ("html", "page.html"),
];

/// The corpus of real texts: `MOTION_CORPUS`, else `../shared/corpus/real` beside the
/// repository; `None` when it is not there.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MOTION_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real"));
    dir.is_dir().then_some(dir)
}

/// The texts of the corpus, by folder name, sorted.
pub fn texts(corpus: &Path) -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir(corpus)
        .expect("the corpus is readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("reference.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    texts.sort();
    texts
}

/// The words of a text as `wordcmp.py` sees them: accents, case, ligature œ, soft
/// hyphens and hyphenated line ends set aside; `?` and U+FFFD kept (a lost letter).
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    // A soft hyphen and the line break a PDF puts after it; œ as two letters.
    let mut joined = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{ad}' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            'œ' => joined.push_str("oe"),
            'Œ' => joined.push_str("OE"),
            _ => joined.push(c),
        }
    }
    // A hyphen at a line's end joins the word cut there.
    let mut text = String::with_capacity(joined.len());
    let bytes: Vec<char> = joined.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == '-' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_whitespace() && bytes[j] != '\n' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == '\n' {
                j += 1;
                while j < bytes.len() && bytes[j].is_whitespace() {
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        text.push(bytes[i]);
        i += 1;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.split(|c: char| !(is_word(c) || c == '?' || c == '\u{fffd}'))
        .filter(|w| w.chars().any(is_word))
        .map(str::to_lowercase)
        .collect()
}

/// Whether two words are the same, a `?` or U+FFFD in either standing for any one letter.
fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let wild = |c: char| c == '?' || c == '\u{fffd}';
    if !(a.contains(wild) || b.contains(wild)) || a.chars().count() != b.chars().count() {
        return false;
    }
    a.chars()
        .zip(b.chars())
        .all(|(x, y)| x == y || wild(x) || wild(y))
}

/// The share of `reference`'s words found in order in `candidate`, and the words missed
/// (in runs, as they follow each other in the reference).
pub fn recall(reference: &str, candidate: &str) -> (f64, Vec<String>) {
    let r = words(reference);
    let c = words(candidate);
    let (n, m) = (r.len(), c.len());
    // lengths[i][j]: the longest common subsequence of r[i..] and c[j..].
    let mut lengths = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if same(&r[i], &c[j]) {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut missed: Vec<usize> = Vec::new();
    while i < n && j < m {
        if same(&r[i], &c[j]) {
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            missed.push(i);
            i += 1;
        } else {
            j += 1;
        }
    }
    missed.extend(i..n);
    let mut runs: Vec<String> = Vec::new();
    let mut last = None;
    for k in missed {
        match (last, runs.last_mut()) {
            (Some(previous), Some(run)) if previous + 1 == k => {
                run.push(' ');
                run.push_str(&r[k]);
            }
            _ => runs.push(r[k].clone()),
        }
        last = Some(k);
    }
    let found = n - runs.iter().map(|r| r.split(' ').count()).sum::<usize>();
    (found as f64 / n.max(1) as f64, runs)
}

/// What one text through one route gave.
#[derive(Debug)]
pub struct Measure {
    pub text: String,
    pub route: String,
    /// Motion files the import wrote.
    pub files: usize,
    /// The paths of the values left « À COMPLÉTER » (`session.dates[0]`…).
    pub placeholders: Vec<String>,
    /// `motion check` accepted the files as imported.
    pub checks: bool,
    /// The codes of the errors `check` found in them (M105 for each part left to
    /// complete; any other is an error the import made).
    pub error_codes: Vec<String>,
    /// The import found at least one person.
    pub persons: bool,
    /// The confidence the import reported (« haute », « moyenne », « basse »).
    pub confidence: String,
    /// The lines the import said it left out.
    #[allow(dead_code)]
    pub left_out: usize,
    /// The ordered recall of the reference in the built PDF's text, and the words missed.
    pub recall: f64,
    pub missed: Vec<String>,
    /// The built PDF's text.
    pub printed: String,
}

fn motion(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_motion"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the motion binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The paths of the values of a TOML file that hold « À COMPLÉTER ».
fn placeholders(toml: &str) -> Vec<String> {
    fn walk(item: &toml_edit::Item, path: &str, out: &mut Vec<String>) {
        match item {
            toml_edit::Item::Value(value) => value_walk(value, path, out),
            toml_edit::Item::Table(table) => {
                for (key, item) in table.iter() {
                    walk(item, &join(path, key), out);
                }
            }
            toml_edit::Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    for (key, item) in table.iter() {
                        walk(item, &join(&format!("{path}[{i}]"), key), out);
                    }
                }
            }
            toml_edit::Item::None => {}
        }
    }
    fn value_walk(value: &toml_edit::Value, path: &str, out: &mut Vec<String>) {
        match value {
            toml_edit::Value::String(s) if s.value().contains("À COMPLÉTER") => {
                out.push(path.to_string())
            }
            toml_edit::Value::Array(array) => {
                for (i, v) in array.iter().enumerate() {
                    value_walk(v, &format!("{path}[{i}]"), out);
                }
            }
            toml_edit::Value::InlineTable(table) => {
                for (key, v) in table.iter() {
                    value_walk(v, &join(path, key), out);
                }
            }
            _ => {}
        }
    }
    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }
    let mut out = Vec::new();
    if let Ok(document) = toml.parse::<toml_edit::DocumentMut>() {
        walk(document.as_item(), "", &mut out);
    }
    out
}

/// Deletes the « À COMPLÉTER : » prefixes of a file the import wrote, and only them (a
/// date left to complete becomes the date it proposes).
fn strip_placeholders(toml: &str) -> String {
    let mut text = toml.to_string();
    while let Some(at) = text.find("\"À COMPLÉTER : ") {
        let rest = &text[at + "\"À COMPLÉTER : ".len()..];
        let is_date = rest
            .get(..10)
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || c == '-'))
            && rest.as_bytes().get(10) == Some(&b'"');
        if is_date {
            let date = rest[..10].to_string();
            text.replace_range(at..at + "\"À COMPLÉTER : ".len() + 11, &date);
        } else {
            text.replace_range(at + 1..at + "\"À COMPLÉTER : ".len(), "");
        }
    }
    text.replace("À COMPLÉTER : ", "")
        .replace("À COMPLÉTER", "")
}

/// Imports `text` of the corpus by `route` in a folder of `work`, checks it, builds it
/// to PDF with its prefixes deleted and measures the print against the reference.
pub fn measure(corpus: &Path, work: &Path, text: &str, route: &str) -> Measure {
    let file = ROUTES
        .iter()
        .find(|(r, _)| *r == route)
        .map(|(_, f)| *f)
        .expect("a known route");
    let dir = work.join(format!("{text}-{route}"));
    std::fs::create_dir_all(&dir).unwrap();
    let extension = file.rsplit('.').next().unwrap();
    let source = dir.join(format!("source.{extension}"));
    std::fs::copy(corpus.join(text).join(file), &source).unwrap();
    let (_, report, _) = motion(
        &dir,
        &[
            "import",
            source.to_str().unwrap(),
            "--out",
            "m",
            "--no-progress",
        ],
    );
    let confidence = report
        .split("confiance ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("-")
        .to_string();
    let left_out = report
        .lines()
        .filter_map(|l| l.trim().strip_prefix("laissé de côté : "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
        .sum();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("m"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut measure = Measure {
        text: text.to_string(),
        route: route.to_string(),
        files: files.len(),
        placeholders: Vec::new(),
        checks: false,
        error_codes: Vec::new(),
        persons: false,
        confidence,
        left_out,
        recall: 0.0,
        missed: Vec::new(),
        printed: String::new(),
    };
    if files.is_empty() {
        return measure;
    }
    let (code, diagnostics, _) = motion(&dir, &["check", "m", "--format", "short"]);
    measure.checks = code == 0;
    measure.error_codes = diagnostics
        .lines()
        .filter_map(|l| l.split("erreur[").nth(1))
        .filter_map(|rest| rest.split(']').next())
        .map(str::to_string)
        .collect();
    for path in &files {
        let toml = std::fs::read_to_string(path).unwrap();
        measure.placeholders.extend(placeholders(&toml));
        measure.persons |= toml
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|d| {
                let persons = d.get("authors")?.get("persons")?.as_array()?;
                Some(persons.iter().any(|p| {
                    p.as_str().is_some_and(|p| !p.contains("À COMPLÉTER"))
                        || p.as_inline_table().is_some()
                }))
            })
            .unwrap_or(false);
        std::fs::write(path, strip_placeholders(&toml)).unwrap();
    }
    motion(
        &dir,
        &[
            "build",
            "m",
            "--out",
            "out",
            "--format",
            "pdf",
            "--no-booklets",
            "--no-search",
        ],
    );
    for entry in walkdir::WalkDir::new(dir.join("out")).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "pdf")
            && !path.components().any(|c| c.as_os_str() == "cahiers")
        {
            let bytes = std::fs::read(&path).unwrap();
            // The text as pdftotext gives it (lines, a soft hyphen where a word is cut).
            measure
                .printed
                .push_str(&motion::import::pdf::text_lines(&bytes).unwrap_or_default());
        }
    }
    let reference = std::fs::read_to_string(corpus.join(text).join("reference.txt")).unwrap();
    let (recall, missed) = recall(&reference, &measure.printed);
    measure.recall = recall;
    measure.missed = missed;
    measure
}
