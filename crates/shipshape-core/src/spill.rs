//! Bytes kept in memory up to a bound, then in an anonymous temporary file: what a streamed run
//! must hold until its end (JUnit's suites, human output's snippets, the fixed files a run writes
//! once every file is checked) without memory growing with the tree.

use std::io::{self, Read, Seek, Write};

/// A reader that can seek (a spill read back out of order).
pub trait ReadSeek: Read + Seek {}

impl<T: Read + Seek> ReadSeek for T {}

/// Bytes kept in memory up to a bound, then in an anonymous temporary file (removed when closed).
#[derive(Default)]
pub struct Spill {
    memory: Vec<u8>,
    file: Option<std::fs::File>,
}

impl Spill {
    /// What is kept in memory before the rest goes to disk.
    pub const MEMORY: usize = 8 << 20;

    /// What was written, from its start.
    pub fn into_reader(self) -> io::Result<Box<dyn ReadSeek>> {
        Ok(match self.file {
            None => Box::new(io::Cursor::new(self.memory)),
            Some(mut f) => {
                f.flush()?;
                f.rewind()?;
                Box::new(f)
            }
        })
    }

    /// Copy what was written to `out`.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        let mut from = self.into_reader()?;
        io::copy(&mut from, out).map(|_| ())
    }

    /// Whether it went to disk.
    pub fn on_disk(&self) -> bool {
        self.file.is_some()
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > Self::MEMORY {
            let mut f = tempfile::tempfile()?;
            f.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some(f);
        }
        match &mut self.file {
            Some(f) => f.write(buf),
            None => {
                self.memory.extend_from_slice(buf);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spill_past_its_memory_goes_to_disk_and_reads_back_whole() {
        let mut s = Spill::default();
        let line = b"0123456789abcdef\n";
        let n = Spill::MEMORY / line.len() + 10;
        for _ in 0..n {
            s.write_all(line).unwrap();
        }
        assert!(s.on_disk());
        let mut out = Vec::new();
        s.copy_to(&mut out).unwrap();
        assert_eq!(out.len(), n * line.len());
        assert!(out.chunks(line.len()).all(|c| c == line));
    }
}
