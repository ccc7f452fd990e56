//! Applies the fixes of the typography lints to a file's text: exact byte edits inside
//! string values, so comments, key order and layout stay as they were. Rounds repeat
//! until no lint has a fix left (two fixes touching the same characters wait for the next
//! round). The result must parse to the same structure, or nothing is changed.

use super::lints::lint_document;
use crate::diag::Diagnostic;
use crate::input::node::{Node, Value};
use crate::input::parse;
use std::path::Path;

/// The corrected text of a file and how many corrections it took.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
}

/// Why a file could not be corrected.
#[derive(Debug)]
pub enum FixError {
    /// The file does not read or parse: `check` says why.
    Invalid(Vec<Diagnostic>),
    /// The corrections would have changed the file's structure: a bug, nothing written.
    Unsafe,
}

const MAX_ROUNDS: usize = 10;

fn tree_of(path: &Path, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let read = parse::decode(path, path.display().to_string(), text.as_bytes().to_vec());
    if !read.diagnostics.is_empty() {
        return Err(read.diagnostics);
    }
    parse::parse(&read.file)
}

/// Corrects the text of the file at `path` (the path only names it in diagnostics).
pub fn fix_text(path: &Path, original: &str) -> Result<Fixed, FixError> {
    // A byte order mark is dropped when a file is read, so the places of the fixes count
    // from after it: fix the text without it, then put it back (found by fuzzing: the
    // places fell inside a letter).
    if let Some(rest) = original.strip_prefix('\u{FEFF}') {
        return fix_text(path, rest).map(|fixed| Fixed {
            text: format!("\u{FEFF}{}", fixed.text),
            ..fixed
        });
    }
    let first = match tree_of(path, original) {
        Ok(tree) => tree,
        // Syntax errors `fix` can mend (a date written the French way): when every
        // error has its fix, they are mended first and the rest goes as usual.
        Err(diagnostics) => {
            let mut fixes: Vec<_> = diagnostics.iter().filter_map(|d| d.fix.clone()).collect();
            // The parser may say more than once what it found at one place.
            let mendable = diagnostics.iter().filter(|d| d.is_error()).all(|d| {
                fixes.iter().any(|f| {
                    f.origin.span.start <= d.origin.span.start
                        && d.origin.span.start <= f.origin.span.end
                })
            });
            if fixes.is_empty() || !mendable {
                return Err(FixError::Invalid(diagnostics));
            }
            fixes.dedup_by_key(|f| f.origin.span.clone());
            fixes.sort_by_key(|f| f.origin.span.start);
            let mut mended = String::with_capacity(original.len());
            let mut position = 0;
            for fix in &fixes {
                let span = &fix.origin.span;
                if span.start < position || span.end > original.len() {
                    return Err(FixError::Invalid(diagnostics));
                }
                mended.push_str(&original[position..span.start]);
                mended.push_str(&fix.replacement);
                position = span.end;
            }
            mended.push_str(&original[position..]);
            if tree_of(path, &mended).is_err() {
                return Err(FixError::Invalid(diagnostics));
            }
            let fixed = fix_text(path, &mended)?;
            return Ok(Fixed {
                applied: fixed.applied + fixes.len(),
                ..fixed
            });
        }
    };
    let mut text = original.to_string();
    let mut applied = 0;
    let mut tree = first.clone();
    for _ in 0..MAX_ROUNDS {
        let mut fixes: Vec<_> = lint_document(&tree, &super::Parses::of(&tree))
            .into_iter()
            .filter_map(|d| d.fix)
            .collect();
        if fixes.is_empty() {
            break;
        }
        fixes.sort_by_key(|f| (f.origin.span.start, f.origin.span.end));
        let mut out = String::with_capacity(text.len());
        let mut position = 0;
        for fix in fixes {
            let span = fix.origin.span;
            if span.start < position
                || span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                continue;
            }
            out.push_str(&text[position..span.start]);
            out.push_str(&fix.replacement);
            position = span.end;
            applied += 1;
        }
        out.push_str(&text[position..]);
        text = out;
        tree = tree_of(path, &text).map_err(|_| FixError::Unsafe)?;
    }
    if !same_structure(&first, &tree) {
        return Err(FixError::Unsafe);
    }
    Ok(Fixed { text, applied })
}

/// Same keys in the same order, same list lengths, same values but for the texts.
fn same_structure(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::String(_), Value::String(_)) => true,
        (Value::Table(x), Value::Table(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| p.key == q.key && same_structure(&p.node, &q.node))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_structure(p, q))
        }
        (Value::Integer(x), Value::Integer(y)) => x == y,
        (Value::Boolean(x), Value::Boolean(y)) => x == y,
        (Value::Datetime(x), Value::Datetime(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> Fixed {
        fix_text(Path::new("m.toml"), text).unwrap()
    }

    #[test]
    fn french_dates_are_written_as_dates() {
        let fixed =
            fix("title = \"Vœu\"\n[session]\ndates = [08/12/2026, 9/12/2026] # deux jours\n");
        assert_eq!(
            fixed.text,
            "title = \"Vœu\"\n[session]\ndates = [2026-12-08, 2026-12-09] # deux jours\n"
        );
        assert_eq!(fixed.applied, 2);
        // Any other syntax error: nothing is changed, check says why.
        assert!(fix_text(Path::new("m.toml"), "dates = [08/12/2026\ntitle = \"x").is_err());
    }

    #[test]
    fn fixes_keep_comments_layout_and_other_values() {
        let source = "# Un commentaire\ntitle = \"Voeu relatif au 11ème  arrondissement\"   # fin\n\
                      considerants = [\n  'Considérant que la maire de Paris , enfin.', # un\n  \
                      \"\"\"\nConsidérant le 2nd point\"\"\",\n]\n[request]\nitems = [\"Demande x ;\"]\n";
        let fixed = fix(source);
        assert_eq!(
            fixed.text,
            "# Un commentaire\ntitle = \"Vœu relatif au 11e arrondissement\"   # fin\n\
             considerants = [\n  'Considérant que la Maire de Paris, enfin ;', # un\n  \
             \"\"\"\nConsidérant le 2d point ;\"\"\",\n]\n[request]\nitems = [\"Demande x.\"]\n"
        );
        assert_eq!(fixed.applied, 9);
        // A second run has nothing left to do.
        assert_eq!(
            fix(&fixed.text),
            Fixed {
                text: fixed.text.clone(),
                applied: 0
            }
        );
    }

    #[test]
    fn escapes_are_replaced_by_what_they_meant() {
        let fixed = fix("title = \"Vœu du 2\\u00e8me\"\n");
        assert_eq!(fixed.text, "title = \"Vœu du 2e\"\n");
    }

    #[test]
    fn a_file_with_a_byte_order_mark_is_fixed_in_the_right_places() {
        // Found by fuzzing (fuzz/run.sh check): the places were off by the mark's 3 bytes.
        let fixed = fix("\u{FEFF}title = \"Vœu du 22ème arrondissement\"\n");
        assert_eq!(
            fixed.text,
            "\u{FEFF}title = \"Vœu du 22e arrondissement\"\n"
        );
    }

    #[test]
    fn invalid_files_are_not_touched() {
        assert!(matches!(
            fix_text(Path::new("m.toml"), "title = \"x\ntitle = 3\n"),
            Err(FixError::Invalid(_))
        ));
    }
}
