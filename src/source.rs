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
        })
    }

    /// Line and column (in characters) of a byte offset. Offsets past the end or inside a
    /// multi-byte character are clamped to the nearest valid position before them.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        LineCol {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
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
    fn offsets_are_clamped() {
        let f = file("é");
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 2 });
    }
}
