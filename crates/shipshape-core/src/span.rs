//! Byte spans and the line index that turns them into 1-based lines and columns.

use std::ops::Range;

/// A half-open byte range `[start, end)` in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The last place of `needle` inside this span (to narrow a `KEY=value` span to its value), or
    /// the span itself when it is not there.
    pub fn find_within(self, src: &str, needle: &str) -> Span {
        match self.text(src).rfind(needle) {
            Some(i) if !needle.is_empty() => Span::new(self.start + i, self.start + i + needle.len()),
            _ => self,
        }
    }

    /// The text this span covers, or "" when it does not fit the text (never panics).
    pub fn text(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// `src[start..end]` with both ends moved down to the nearest character boundary and clamped to the
/// text: the one way to slice text at a computed byte offset (`pos + 80`) without risking a panic on a
/// multi-byte character.
pub fn slice_floor(src: &str, start: usize, end: usize) -> &str {
    let end = src.floor_char_boundary(end.min(src.len()));
    let start = src.floor_char_boundary(start.min(end));
    &src[start..end]
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line of a text. Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files),
/// as editors count them; a leading byte-order mark is no column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    bom: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        );
        Self {
            starts,
            bom: text.starts_with('\u{feff}'),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte range of 0-based `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line + 1).map_or(text.len(), |s| s - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut start = self.starts[line];
        if line == 0 && self.bom && offset >= 3 {
            start = 3;
        }
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        LineCol { line: line + 1, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_or_a_lone_cr_and_a_bom_is_no_column() {
        let text = "a\rb\r\nc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 2), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_span(text, 1).text(text), "b");
        assert_eq!(idx.line_col(text, 7), LineCol { line: 4, column: 1 });
        let bom = "\u{feff}FROM x";
        assert_eq!(LineIndex::new(bom).line_col(bom, 8), LineCol { line: 1, column: 6 });
    }

    #[test]
    fn slice_floor_never_splits_a_character() {
        let s = "ab…cd"; // `…` is bytes 2..5
        assert_eq!(slice_floor(s, 0, 3), "ab");
        assert_eq!(slice_floor(s, 3, 99), "…cd");
        assert_eq!(slice_floor(s, 99, 120), "");
        assert_eq!(slice_floor(s, 4, 2), "");
    }

    #[test]
    fn line_col_counts_chars() {
        let text = "ab\nçd\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'd' follows the two-byte 'ç'
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_span(text, 1).text(text), "çd");
        assert_eq!(idx.line_col(text, 99), LineCol { line: 3, column: 2 });
    }
}
