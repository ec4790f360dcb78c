//! The repository `init` looks at: a bounded walk of its files, read on demand with a size cap.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// At most this many files are listed (a huge monorepo is still detected from its first ones).
const MAX_FILES: usize = 50_000;
/// Files larger than this are not read for facts.
const MAX_BYTES: u64 = 1 << 20;
/// Directories never looked into: dependencies, build output, virtual environments, VCS data.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "vendor",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".next",
    "dist",
    "build",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".gradle",
    ".idea",
    "third_party",
    "bower_components",
];

/// The files of a repository, relative to its root, with `/` separators.
#[derive(Debug)]
pub struct Repo {
    pub root: PathBuf,
    files: BTreeSet<String>,
}

impl Repo {
    /// Walk `root` (respecting `.gitignore`, skipping dependency and build folders).
    pub fn open(root: &Path) -> Repo {
        let mut files = BTreeSet::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(false)
            .parents(false)
            .require_git(false)
            .max_depth(Some(10))
            .filter_entry(|e| !(e.file_type().is_some_and(|t| t.is_dir()) && SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref())))
            .build();
        for entry in walker.flatten() {
            if files.len() >= MAX_FILES {
                break;
            }
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.is_empty() {
                    files.insert(rel);
                }
            }
        }
        Repo {
            // Absolute, so that the root's own name is known (`init .`).
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            files,
        }
    }

    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    pub fn has(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// The text of `rel`, when it is a file of at most 1 MiB in UTF-8.
    pub fn read(&self, rel: &str) -> Option<String> {
        let path = self.root.join(rel);
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return None;
        }
        String::from_utf8(std::fs::read(path).ok()?).ok()
    }

    /// Files directly in or below directory `dir` ("" or "." for the root).
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir.is_empty() || dir == "." {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.files
            .range(prefix.clone()..)
            .take_while(move |f| f.starts_with(&prefix))
            .map(String::as_str)
    }
}

/// `dir/name`, or `name` for the root.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The directory part of a relative path ("." for a file at the root).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// Normalise `a/./b/../c` to `a/c`; `None` when it leaves the root.
pub fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(if out.is_empty() { ".".to_owned() } else { out.join("/") })
}

/// The 1-based line of the first match of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> Option<u32> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() as u32 + 1)
}

/// The 1-based line of byte offset `at`.
pub fn line_at(text: &str, at: usize) -> u32 {
    let at = text.floor_char_boundary(at.min(text.len()));
    text[..at].matches('\n').count() as u32 + 1
}
