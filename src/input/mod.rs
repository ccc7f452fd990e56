//! Input: from a path on disk to a raw motion whose every value knows its origin. Reads and
//! decodes the file, parses TOML, lays folder defaults under it, checks its shape against
//! the schema and reads it into the raw serde types. What the values mean is `validate`'s.

pub mod literal;
pub mod node;
pub mod parse;
pub mod printed;
pub mod raw;
pub mod shape;

use crate::diag::{Code, Diagnostic};
use crate::source::{Origin, SourceFile};
use node::Node;
use raw::RawMotion;
use shape::ShapeReport;
use std::path::Path;
use std::sync::Arc;

/// The marker that `motion new` puts in every text to fill in; `check` refuses it.
pub const PLACEHOLDER: &str = "À COMPLÉTER";

/// The name of a folder defaults file.
pub const DEFAULTS_FILE: &str = "defaults.toml";

/// Whether a file is a motion or a folder defaults file: a defaults file may be empty
/// and holds only part of a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Motion,
    Defaults,
}

/// One file after reading and parsing: its tree when it parsed, and what went wrong.
#[derive(Debug)]
pub struct ParsedFile {
    pub file: Arc<SourceFile>,
    pub tree: Option<Node>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses one file. I/O errors are returned for the caller to report.
pub fn parse_file(path: &Path, display: String, role: FileRole) -> std::io::Result<ParsedFile> {
    let read = parse::read(path, display)?;
    Ok(parse_text(read, role))
}

/// Parses bytes as the file `path` would be (fuzzing, tests).
pub fn parse_bytes(path: &Path, bytes: Vec<u8>, role: FileRole) -> ParsedFile {
    parse_text(parse::decode(path, path.display().to_string(), bytes), role)
}

pub fn parse_text(read: parse::ReadFile, role: FileRole) -> ParsedFile {
    let parse::ReadFile { file, diagnostics } = read;
    if !diagnostics.is_empty() {
        return ParsedFile {
            file,
            tree: None,
            diagnostics,
        };
    }
    match parse::parse(&file) {
        Err(diagnostics) => ParsedFile {
            file,
            tree: None,
            diagnostics,
        },
        Ok(tree) if role == FileRole::Motion && tree.is_empty_table() => {
            let message = if file.text.trim().is_empty() {
                "le fichier est vide"
            } else {
                "le fichier ne contient que des commentaires"
            };
            let diagnostic = Diagnostic::new(Code::EmptyFile, Origin::file_start(&file), message)
                .help(
                    "créez un texte à remplir avec `motion new FICHIER`, ou supprimez ce fichier",
                );
            ParsedFile {
                file,
                tree: None,
                diagnostics: vec![diagnostic],
            }
        }
        Ok(tree) => ParsedFile {
            file,
            tree: Some(tree),
            diagnostics: Vec::new(),
        },
    }
}

/// A motion or defaults file read into the raw types, with the tree that locates every
/// value (after defaults are laid under it) and what the shape check removed.
#[derive(Debug)]
pub struct RawDocument {
    pub file: Arc<SourceFile>,
    pub tree: Node,
    pub raw: RawMotion,
    pub shape: ShapeReport,
}

/// Lays `defaults` (farthest first) under `tree`, checks the shape and reads the result
/// into the raw types. Shape problems are in `shape.diagnostics`.
pub fn lower_tree(file: &Arc<SourceFile>, tree: Node, defaults: &[&Node]) -> RawDocument {
    let mut merged = tree;
    for base in defaults.iter().rev() {
        merged = merged.merge_over(base);
    }
    let mut shape = shape::check(&mut merged);
    let raw = match serde_json::from_value::<RawMotion>(merged.to_json()) {
        Ok(raw) => raw,
        Err(error) => {
            // The shape check lets through only what serde accepts; reaching this is a bug
            // in the tool, reported rather than hidden.
            shape.diagnostics.push(Diagnostic::new(
                Code::WrongType,
                Origin::file_start(file),
                format!("erreur interne de lecture ({error}) : merci de la signaler"),
            ));
            RawMotion::default()
        }
    };
    RawDocument {
        file: Arc::clone(file),
        tree: merged,
        raw,
        shape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn lower(text: &str) -> RawDocument {
        let read = parse::decode(
            Path::new("m.toml"),
            "m.toml".into(),
            text.as_bytes().to_vec(),
        );
        let parsed = parse_text(read, FileRole::Motion);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        lower_tree(&parsed.file, parsed.tree.unwrap(), &[])
    }

    #[test]
    fn every_shape_problem_is_reported_and_the_rest_is_read() {
        let doc = lower(
            "title = 3\ntitel = \"x\"\nstatus = \"adopté\"\ntags = []\ncommission = 4\n\
             [session]\ndates = \"2026-12-08\"\n[authors]\npersons = [\"\"]\n",
        );
        let codes: Vec<&str> = doc.shape.diagnostics.iter().map(|d| d.code.id()).collect();
        assert_eq!(codes, ["M102", "M101", "M106", "M102", "M103"]);
        assert_eq!(doc.raw.commission, Some(4));
        assert!(doc.raw.title.is_none());
        assert!(doc.shape.was_removed(&node::Path::parse("title")));
        // An empty tag list is allowed: tags are optional.
        assert_eq!(doc.raw.tags, Some(vec![]));
    }

    #[test]
    fn a_placeholder_wins_over_the_type() {
        let doc = lower("[session]\ndates = [\"À COMPLÉTER : 2026-12-08\"]\n");
        let codes: Vec<&str> = doc.shape.diagnostics.iter().map(|d| d.code.id()).collect();
        assert_eq!(codes, ["M105"]);
    }

    #[test]
    fn empty_and_comment_only_files() {
        for text in ["", "  \n", "# rien\n"] {
            let read = parse::decode(&PathBuf::from("m.toml"), "m.toml".into(), text.into());
            let parsed = parse_text(read, FileRole::Motion);
            assert_eq!(parsed.diagnostics[0].code, Code::EmptyFile);
            let read = parse::decode(&PathBuf::from("d.toml"), "d.toml".into(), text.into());
            assert!(parse_text(read, FileRole::Defaults).diagnostics.is_empty());
        }
    }
}
