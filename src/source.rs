//! A loaded source file: its path as shown to the user, its text, and the mapping from
//! byte offsets to line and column. Reading from disk happens in `input`; this module
//! only holds what was read.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// One file that diagnostics may point into (a motion or a `defaults.toml`).
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user should see it (relative to the working folder when possible).
    pub display: String,
    /// The path used to touch the file system.
    pub path: PathBuf,
    /// The text. For a file that is not valid UTF-8 this is a lossy decoding, kept only so
    /// that diagnostics can still show the lines around the problem.
    pub text: String,
    /// Where lines start and how many characters precede each stretch of the text,
    /// built the first time a position is asked: a file with 300,000 diagnostics asks
    /// as many times.
    index: std::sync::OnceLock<LineIndex>,
}

/// Bytes between two character counts kept by the index: a column is counted over at
/// most this many bytes, even on a line of a megabyte.
const STRETCH: usize = 1024;

#[derive(Debug)]
struct LineIndex {
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// For each stretch of `STRETCH` bytes: where it starts (on a character boundary) and
    /// how many characters come before it.
    stretches: Vec<(usize, usize)>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut stretches = Vec::with_capacity(text.len() / STRETCH + 1);
        let (mut at, mut chars) = (0, 0);
        while at <= text.len() {
            stretches.push((at, chars));
            let mut next = (at + STRETCH).min(text.len());
            while !text.is_char_boundary(next) {
                next += 1;
            }
            if next == at {
                break;
            }
            chars += text[at..next].chars().count();
            at = next;
        }
        LineIndex {
            line_starts,
            stretches,
        }
    }

    /// How many characters come before the byte offset `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.stretches.partition_point(|(at, _)| *at <= offset) - 1;
        let (at, chars) = self.stretches[i];
        chars + text[at..offset].chars().count()
    }
}

/// A position in a file: 1-based line and column, the column counted in characters so
/// that accented letters do not shift it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Arc<Self> {
        Arc::new(SourceFile {
            display,
            path,
            text,
            index: std::sync::OnceLock::new(),
        })
    }

    /// Line and column (in characters) of a byte offset. Offsets past the end or inside a
    /// multi-byte character are clamped to the nearest valid position before them.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self.index.get_or_init(|| LineIndex::new(&self.text));
        let line = index.line_starts.partition_point(|start| *start <= offset);
        let line_start = index.line_starts[line - 1];
        LineCol {
            line,
            column: index.chars_before(&self.text, offset)
                - index.chars_before(&self.text, line_start)
                + 1,
        }
    }

    /// The byte range of the line holding `offset` (without its line break).
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let index = self.index.get_or_init(|| LineIndex::new(&self.text));
        let offset = offset.min(self.text.len());
        let line = index.line_starts.partition_point(|start| *start <= offset);
        let start = index.line_starts[line - 1];
        let end = index
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }
}

/// Where a value or a key comes from: a file and a byte range in it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Origin {
    pub fn new(file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Origin {
            file: Arc::clone(file),
            span,
        }
    }

    /// The very start of a file, for problems that concern the whole file.
    pub fn file_start(file: &Arc<SourceFile>) -> Self {
        Origin::new(file, 0..0)
    }

    pub fn start(&self) -> LineCol {
        self.file.line_col(self.span.start)
    }

    pub fn end(&self) -> LineCol {
        self.file.line_col(self.span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Arc<SourceFile> {
        SourceFile::new(PathBuf::from("t.toml"), "t.toml".into(), text.into())
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = file("title = \"Vœu\"\névé = 1\n");
        // `=` on line 2 sits after "évé " (4 characters, 6 bytes).
        let offset = f.text.find("= 1").unwrap();
        assert_eq!(f.line_col(offset), LineCol { line: 2, column: 5 });
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn positions_agree_with_a_plain_count_on_long_lines() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(if i % 7 == 0 { "é\n" } else { "aœ€𝄞 " });
        }
        let f = file(&text);
        for offset in (0..text.len())
            .filter(|o| text.is_char_boundary(*o))
            .step_by(37)
        {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: before.matches('\n').count() + 1,
                column: before[line_start..].chars().count() + 1,
            };
            assert_eq!(f.line_col(offset), expected, "at {offset}");
            let range = f.line_range(offset);
            assert_eq!(range.start, line_start);
            assert!(!text[range].contains('\n'));
        }
    }

    #[test]
    fn offsets_are_clamped() {
        let f = file("é");
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 2 });
    }
}
