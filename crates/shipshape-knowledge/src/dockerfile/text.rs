//! Logical text (continuations removed) with a map back to file offsets.

use shipshape_core::Span;

/// A string assembled from pieces of a file, with each piece's file offset.
#[derive(Clone, Debug, Default)]
pub struct MappedText {
    pub value: String,
    /// (logical start, file start) of each piece, in order.
    pieces: Vec<(usize, usize)>,
}

impl MappedText {
    pub fn push(&mut self, piece: &str, file_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.value.len(), file_start));
        self.value.push_str(piece);
    }

    /// The file offset of a logical offset.
    pub fn to_file(&self, logical: usize) -> usize {
        let i = match self.pieces.binary_search_by_key(&logical, |p| p.0) {
            Ok(i) => i,
            Err(0) => return self.pieces.first().map_or(logical, |p| p.1),
            Err(i) => i - 1,
        };
        let (l, f) = self.pieces[i];
        f + (logical - l)
    }

    /// The file span of a logical range. An end that falls on a piece boundary maps to the end
    /// of the earlier piece, so spans never swallow a continuation.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.to_file(start);
        let e = if end > start { self.to_file(end - 1) + 1 } else { s };
        Span::new(s, e.max(s))
    }

    /// The logical offset of a file offset that lies in one of the pieces.
    pub fn to_logical(&self, file: usize) -> Option<usize> {
        self.pieces.iter().enumerate().find_map(|(i, &(l, f))| {
            let len = self.pieces.get(i + 1).map_or(self.value.len(), |p| p.0) - l;
            (file >= f && file < f + len).then(|| l + (file - f))
        })
    }

    /// A sub-text from logical `start..end`, keeping the map.
    pub fn slice(&self, start: usize, end: usize) -> MappedText {
        let mut out = MappedText::default();
        let mut pos = start;
        while pos < end {
            let i = match self.pieces.binary_search_by_key(&pos, |p| p.0) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            };
            let piece_end = self.pieces.get(i + 1).map_or(self.value.len(), |p| p.0);
            let stop = piece_end.min(end);
            if stop <= pos {
                break;
            }
            out.push(&self.value[pos..stop], self.to_file(pos));
            pos = stop;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_pieces() {
        let file = "RUN a \\\n  b";
        let mut t = MappedText::default();
        t.push(&file[4..6], 4); // "a "
        t.push(&file[8..11], 8); // "  b"
        assert_eq!(t.value, "a   b");
        assert_eq!(t.to_file(4), 10);
        assert_eq!(t.span(0, 1).text(file), "a");
        assert_eq!(t.span(4, 5).text(file), "b");
        let s = t.slice(1, 5);
        assert_eq!(s.value, "   b");
        assert_eq!(s.to_file(3), 10);
    }
}
