//! The source tree a run reads (issue 14): every file a rule looks at beside the one it checks (a
//! Dockerfile a compose file builds, a called workflow, `.dockerignore`, sibling manifests) comes
//! through a [`SourceTree`], never from `std::fs` in a domain crate. [`Disk`] reads the file
//! system; [`Overlay`] puts in-memory content (an editor's unsaved buffer, a file an agent is about
//! to write, a generated file) over another tree, so cross-file rules see it too.

pub mod git;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are not read for facts.
pub const MAX_BYTES: u64 = 1 << 20;
/// At most this many entries of one directory are listed.
pub const MAX_ENTRIES: usize = 10_000;

/// Read access to a tree of files. Paths are as the caller holds them (relative to the working
/// directory, or absolute); implementations are cheap to share between threads.
pub trait SourceTree: Send + Sync + fmt::Debug {
    /// The text of a regular file of at most [`MAX_BYTES`] that is not binary; `None` otherwise
    /// (absent, a directory, a FIFO or device, too large, unreadable).
    fn read(&self, path: &Path) -> Option<String>;
    /// Whether `path` is a regular file.
    fn is_file(&self, path: &Path) -> bool;
    /// Whether `path` is a directory.
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether `path` is a file or a directory (`.git` may be either).
    fn exists(&self, path: &Path) -> bool {
        self.is_file(path) || self.is_dir(path)
    }
    /// The entries of directory `dir` (their full paths), at most [`MAX_ENTRIES`], sorted.
    fn list(&self, dir: &Path) -> Vec<PathBuf>;
    /// The absolute path with symbolic links resolved, when `path` exists.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;
    /// Every file under `root`, when the tree knows them without a walk of the disk (a revision's
    /// listing); `None` when the caller walks the file system (respecting ignore files).
    fn files_under(&self, _root: &Path) -> Option<Vec<PathBuf>> {
        None
    }
    /// Files under `root` that exist only in this tree, not on the disk a walk sees (an editor's
    /// unsaved new file): added to a walk of the disk.
    fn unsaved_under(&self, _root: &Path) -> Vec<PathBuf> {
        Vec::new()
    }
    /// The bytes of a file to be checked, when it is a regular file of at most `limit` bytes (binary
    /// or not: the caller decides). The file system's by default.
    fn load(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unloadable> {
        use std::io::Read;
        // `metadata` follows links: a link to a device or a FIFO is not a regular file (reading a
        // FIFO would block the run forever).
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return Err(Unloadable::NotRegular),
            Ok(m) if m.len() > limit => return Err(Unloadable::TooLarge),
            Err(_) => return Err(Unloadable::Unreadable),
            Ok(_) => {}
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|_| Unloadable::Unreadable)?;
        if bytes.len() as u64 > limit {
            return Err(Unloadable::TooLarge);
        }
        Ok(bytes)
    }
}

/// Why a file to be checked could not be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unloadable {
    /// A directory, FIFO, device, symbolic link in a revision, submodule.
    NotRegular,
    TooLarge,
    Unreadable,
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl SourceTree for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        // A FIFO or device would block or never end; a binary file holds no facts.
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        (!text.as_bytes().iter().take(8192).any(|&b| b == 0)).then_some(text)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        let mut out: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).take(MAX_ENTRIES).collect();
        out.sort();
        out
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// In-memory files over another tree: a file in the overlay hides the one beneath, and is listed
/// in its directory even when the base has no such file (nor directory).
#[derive(Clone)]
pub struct Overlay {
    base: Arc<dyn SourceTree>,
    /// By absolute, lexically normalised path.
    files: HashMap<PathBuf, Arc<str>>,
}

impl fmt::Debug for Overlay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut paths: Vec<_> = self.files.keys().collect();
        paths.sort();
        f.debug_struct("Overlay").field("base", &self.base).field("files", &paths).finish()
    }
}

impl Overlay {
    pub fn new(base: Arc<dyn SourceTree>) -> Self {
        Self {
            base,
            files: HashMap::new(),
        }
    }

    /// Put `text` at `path` (relative paths are taken from the working directory).
    pub fn insert(&mut self, path: &Path, text: impl Into<Arc<str>>) {
        if let Some(key) = key(path) {
            self.files.insert(key, text.into());
        }
    }

    pub fn remove(&mut self, path: &Path) {
        if let Some(key) = key(path) {
            self.files.remove(&key);
        }
    }

    fn get(&self, path: &Path) -> Option<&Arc<str>> {
        if self.files.is_empty() {
            return None;
        }
        self.files.get(&key(path)?)
    }

    /// Whether an overlay file lies under `dir`.
    fn holds_under(&self, dir: &Path) -> bool {
        key(dir).is_some_and(|d| self.files.keys().any(|p| p.starts_with(&d) && p != &d))
    }
}

/// The absolute path with `.` and `..` resolved lexically (the overlay's files, and a revision's, need
/// not exist on disk).
pub(crate) fn key(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

impl SourceTree for Overlay {
    fn unsaved_under(&self, root: &Path) -> Vec<PathBuf> {
        let mut out = self.base.unsaved_under(root);
        if let Some(r) = key(root) {
            out.extend(self.files.keys().filter(|p| p.starts_with(&r) && !self.base.is_file(p)).cloned());
        }
        out.sort();
        out.dedup();
        out
    }

    fn files_under(&self, root: &Path) -> Option<Vec<PathBuf>> {
        let mut files = self.base.files_under(root)?;
        if let Some(r) = key(root) {
            files.extend(self.files.keys().filter(|p| p.starts_with(&r)).cloned());
        }
        files.sort();
        files.dedup();
        Some(files)
    }

    fn load(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unloadable> {
        match self.get(path) {
            Some(t) if t.len() as u64 > limit => Err(Unloadable::TooLarge),
            Some(t) => Ok(t.as_bytes().to_vec()),
            None => self.base.load(path, limit),
        }
    }

    fn read(&self, path: &Path) -> Option<String> {
        match self.get(path) {
            Some(t) if t.len() as u64 <= MAX_BYTES && !t.as_bytes().iter().take(8192).any(|&b| b == 0) => Some(t.to_string()),
            Some(_) => None,
            None => self.base.read(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.get(path).is_some() || self.base.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.base.is_dir(path) || self.holds_under(path)
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let mut out = self.base.list(dir);
        if let Some(d) = key(dir) {
            let shown = |p: &Path| dir.join(p.strip_prefix(&d).unwrap_or(p));
            for p in self.files.keys() {
                // A file directly in `dir`, or the first directory on the way to a deeper one.
                if let Ok(rest) = p.strip_prefix(&d)
                    && let Some(first) = rest.components().next()
                {
                    let entry = shown(&d.join(first));
                    if !out.contains(&entry) {
                        out.push(entry);
                    }
                }
            }
        }
        out.sort();
        out.truncate(MAX_ENTRIES);
        out
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        self.base.canonicalize(path).or_else(|| {
            let k = key(path)?;
            (self.files.contains_key(&k) || self.holds_under(&k)).then_some(k)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlay_file_hides_the_disk_and_shows_in_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM a\n").unwrap();
        let mut o = Overlay::new(Arc::new(Disk));
        o.insert(&dir.path().join("Dockerfile"), "FROM b\n");
        o.insert(&dir.path().join("app/compose.yaml"), "services: {}\n");
        assert_eq!(o.read(&dir.path().join("Dockerfile")).as_deref(), Some("FROM b\n"));
        assert_eq!(Disk.read(&dir.path().join("Dockerfile")).as_deref(), Some("FROM a\n"));
        assert!(o.is_file(&dir.path().join("app/./compose.yaml")));
        assert!(o.is_dir(&dir.path().join("app")) && !Disk.is_dir(&dir.path().join("app")));
        assert_eq!(o.list(dir.path()), vec![dir.path().join("Dockerfile"), dir.path().join("app")]);
        assert_eq!(o.list(&dir.path().join("app")), vec![dir.path().join("app/compose.yaml")]);
        assert!(o.canonicalize(&dir.path().join("app/../app/compose.yaml")).is_some());
        o.remove(&dir.path().join("Dockerfile"));
        assert_eq!(o.read(&dir.path().join("Dockerfile")).as_deref(), Some("FROM a\n"));
    }

    #[test]
    fn binary_and_oversized_content_is_not_read() {
        let mut o = Overlay::new(Arc::new(Disk));
        o.insert(Path::new("/nonexistent/x"), "a\0b");
        assert_eq!(o.read(Path::new("/nonexistent/x")), None);
        assert!(o.is_file(Path::new("/nonexistent/x")));
        assert_eq!(Disk.read(Path::new("/nonexistent/x")), None);
    }
}
