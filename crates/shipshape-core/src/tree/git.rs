//! A git revision as a [`SourceTree`]: the files of a commit (or any tree-ish), read from the
//! repository's objects without a checkout, for checking what a branch or an older commit holds.
//!
//! It asks the `git` program (`rev-parse`, `ls-tree`, `cat-file`): every machine that has a
//! repository has it, and it reads every object format and pack that repository may use. (A git
//! library would cost the build more than the whole of shipshape's own code, for the same reads.)
//! The listing is read once when the tree is opened; each file's content is read when asked for.

use super::{MAX_BYTES, SourceTree, Unloadable, key as absolute};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

/// One blob of the revision.
#[derive(Debug, Clone)]
struct Blob {
    id: String,
    size: u64,
    /// A regular file (`100644`, `100755`), not a symbolic link or a submodule.
    regular: bool,
}

/// The files of one revision of a repository, presented at the paths they would have in the
/// repository's working directory.
pub struct GitTree {
    /// The working directory's top level (absolute).
    root: PathBuf,
    /// The revision as given, and the tree it resolved to.
    rev: String,
    tree: String,
    /// By path relative to `root`, `/`-separated.
    blobs: BTreeMap<String, Blob>,
    /// Every directory that holds a blob, relative to `root` (`""` is the root).
    dirs: BTreeSet<String>,
    batch: Mutex<Option<Batch>>,
    /// Blobs read, by id, and their total size.
    cache: Mutex<BlobCache>,
}

impl fmt::Debug for GitTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitTree")
            .field("root", &self.root)
            .field("rev", &self.rev)
            .field("tree", &self.tree)
            .field("files", &self.blobs.len())
            .finish()
    }
}

/// Run `git -C dir args…` with no input: its output, or the first line of its error.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(err.lines().next().unwrap_or("git failed").trim().to_owned())
    }
}

impl GitTree {
    /// The revision `rev` (`HEAD~1`, a branch, a tag, a commit) of the repository that holds `dir`.
    pub fn open(dir: &Path, rev: &str) -> Result<GitTree, String> {
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision"));
        }
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = String::from_utf8_lossy(&top).trim().to_owned();
        // The working directory as this process names it (the top level git prints resolves links).
        let root = absolute(dir)
            .and_then(|d| {
                d.ancestors()
                    .find(|a| std::fs::canonicalize(a).ok().as_deref() == Some(Path::new(&top)))
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| PathBuf::from(&top));
        let tree = git(
            dir,
            &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{tree}}")],
        )
        .map_err(|_| format!("`{rev}` names no commit or tree of the repository at {top}"))?;
        let tree = String::from_utf8_lossy(&tree).trim().to_owned();
        if tree.is_empty() {
            return Err(format!("`{rev}` names no commit or tree of the repository at {top}"));
        }
        let listing = git(&root, &["ls-tree", "-r", "-l", "-z", "--full-tree", &tree])?;
        let mut blobs = BTreeMap::new();
        let mut dirs = BTreeSet::from([String::new()]);
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <id> SP+ <size> TAB <path>`
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let (head, path) = (String::from_utf8_lossy(&entry[..tab]), &entry[tab + 1..]);
            let Ok(path) = std::str::from_utf8(path) else { continue };
            let mut fields = head.split_whitespace();
            let (Some(mode), Some(kind), Some(id), Some(size)) = (fields.next(), fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            if kind != "blob" {
                continue; // a submodule's commit
            }
            let mut parent = Path::new(path).parent();
            while let Some(p) = parent {
                dirs.insert(p.to_string_lossy().into_owned());
                parent = p.parent();
            }
            blobs.insert(
                path.to_owned(),
                Blob {
                    id: id.to_owned(),
                    size: size.parse().unwrap_or(u64::MAX),
                    regular: mode.starts_with("100"),
                },
            );
        }
        Ok(GitTree {
            root,
            rev: rev.to_owned(),
            tree,
            blobs,
            dirs,
            batch: Mutex::new(None),
            cache: Mutex::new((HashMap::new(), 0)),
        })
    }

    /// The working directory's top level, where the revision's files are presented.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The revision as it was given.
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// Every file of the revision under `dir` (or the file `dir` itself), at its presented path.
    pub fn files_in(&self, dir: &Path) -> Vec<PathBuf> {
        let Some(rel) = self.relative(dir) else { return Vec::new() };
        if self.blobs.contains_key(&rel) {
            return vec![self.root.join(&rel)];
        }
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        self.blobs
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| self.root.join(p))
            .collect()
    }

    /// `path` relative to the root, `/`-separated; `None` outside the repository.
    fn relative(&self, path: &Path) -> Option<String> {
        let abs = absolute(path)?;
        let rel = abs.strip_prefix(&self.root).ok()?;
        let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }

    fn blob(&self, path: &Path) -> Option<&Blob> {
        self.blobs.get(&self.relative(path)?)
    }

    /// A blob's bytes: from the cache, else from the one `git cat-file --batch` the tree keeps
    /// running (a process per read made a revision's check 15 times slower than the disk's: the
    /// cross-file rules read the same neighbours again and again), else from a `git cat-file` of
    /// its own.
    fn content(&self, blob: &Blob) -> Option<Vec<u8>> {
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.0.get(&blob.id).cloned()) {
            return Some(hit.to_vec());
        }
        let bytes = self
            .batch_read(&blob.id)
            .or_else(|| git(&self.root, &["cat-file", "blob", &blob.id]).ok())?;
        if let Ok(mut c) = self.cache.lock()
            && c.1 + bytes.len() <= CACHE_BYTES
        {
            c.1 += bytes.len();
            c.0.insert(blob.id.clone(), Arc::from(bytes.as_slice()));
        }
        Some(bytes)
    }

    fn batch_read(&self, id: &str) -> Option<Vec<u8>> {
        let mut guard = self.batch.lock().ok()?;
        if guard.is_none() {
            let mut child = Command::new("git")
                .arg("-C")
                .arg(&self.root)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .ok()?;
            let stdin = child.stdin.take()?;
            let stdout = BufReader::new(child.stdout.take()?);
            *guard = Some(Batch {
                _child: child,
                stdin,
                stdout,
            });
        }
        let read = |b: &mut Batch| -> std::io::Result<Vec<u8>> {
            writeln!(b.stdin, "{id}")?;
            b.stdin.flush()?;
            let mut header = String::new();
            b.stdout.read_line(&mut header)?;
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| std::io::Error::other("missing"))?;
            let mut bytes = vec![0; size + 1];
            b.stdout.read_exact(&mut bytes)?;
            bytes.pop();
            Ok(bytes)
        };
        match guard.as_mut().map(read) {
            Some(Ok(bytes)) => Some(bytes),
            _ => {
                *guard = None; // out of step: start again next time
                None
            }
        }
    }
}

/// The running `git cat-file --batch`.
struct Batch {
    _child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
}

/// Blobs read, by id, and the bytes they hold together.
type BlobCache = (HashMap<String, Arc<[u8]>>, usize);

/// Blob bytes kept for reads again, at most.
const CACHE_BYTES: usize = 64 << 20;

impl SourceTree for GitTree {
    fn files_under(&self, root: &Path) -> Option<Vec<PathBuf>> {
        Some(self.files_in(root))
    }

    fn read(&self, path: &Path) -> Option<String> {
        let blob = self.blob(path)?;
        if !blob.regular || blob.size > MAX_BYTES {
            return None;
        }
        let bytes = self.content(blob)?;
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return None;
        }
        String::from_utf8(bytes).ok()
    }

    fn load(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Unloadable> {
        let blob = self.blob(path).ok_or(Unloadable::Unreadable)?;
        if !blob.regular {
            return Err(Unloadable::NotRegular);
        }
        if blob.size > limit {
            return Err(Unloadable::TooLarge);
        }
        self.content(blob).ok_or(Unloadable::Unreadable)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.blob(path).is_some_and(|b| b.regular)
    }

    fn is_dir(&self, path: &Path) -> bool {
        // `.git` is there too: the repository's root is where it was (`project::repo_root`).
        self.relative(path).is_some_and(|r| self.dirs.contains(&r) || r == ".git")
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let Some(rel) = self.relative(dir) else { return Vec::new() };
        if !self.dirs.contains(&rel) {
            return Vec::new();
        }
        let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        let mut names = BTreeSet::new();
        for (p, _) in self.blobs.range(prefix.clone()..).take_while(|(p, _)| p.starts_with(&prefix)) {
            if let Some(first) = p[prefix.len()..].split('/').next() {
                names.insert(first.to_owned());
            }
        }
        names.into_iter().take(super::MAX_ENTRIES).map(|n| dir.join(n)).collect()
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        let rel = self.relative(path)?;
        (self.blobs.contains_key(&rel) || self.dirs.contains(&rel))
            .then(|| absolute(path))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    }

    /// A repository with two commits: `deploy/Dockerfile` changes, `old.yaml` is deleted.
    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(d, &["init", "-q", "-b", "main"]);
        std::fs::create_dir_all(d.join("deploy")).unwrap();
        std::fs::write(d.join("deploy/Dockerfile"), "FROM ubuntu:latest\n").unwrap();
        std::fs::write(d.join("old.yaml"), "a: 1\n").unwrap();
        run(d, &["add", "."]);
        run(d, &["commit", "-q", "-m", "one"]);
        std::fs::write(d.join("deploy/Dockerfile"), "FROM ubuntu:24.04\n").unwrap();
        std::fs::remove_file(d.join("old.yaml")).unwrap();
        run(d, &["add", "-A"]);
        run(d, &["commit", "-q", "-m", "two"]);
        dir
    }

    #[test]
    fn a_revision_reads_its_own_files_without_a_checkout() {
        let dir = repo();
        let d = dir.path();
        let before = GitTree::open(d, "HEAD~1").unwrap();
        let now = GitTree::open(d, "HEAD").unwrap();
        let df = d.join("deploy/Dockerfile");
        assert_eq!(before.read(&df).as_deref(), Some("FROM ubuntu:latest\n"));
        assert_eq!(now.read(&df).as_deref(), Some("FROM ubuntu:24.04\n"));
        assert!(before.is_file(&d.join("old.yaml")) && !now.is_file(&d.join("old.yaml")));
        assert!(before.is_dir(&d.join("deploy")) && before.is_dir(d) && !before.is_dir(&df));
        assert_eq!(before.list(d), vec![d.join("deploy"), d.join("old.yaml")]);
        assert_eq!(before.files_in(d).len(), 2);
        assert_eq!(before.files_in(&d.join("deploy")), vec![before.root().join("deploy/Dockerfile")]);
        assert_eq!(before.load(&df, 5), Err(Unloadable::TooLarge));
        assert_eq!(before.load(&d.join("missing"), 100), Err(Unloadable::Unreadable));
        assert!(before.canonicalize(&d.join("deploy/../deploy/Dockerfile")).is_some());
        // The repository's root is found in a revision as on disk.
        assert!(crate::project::repo_root(&before, &df).is_some());
        // A project's files are the revision's: `old.yaml`, deleted since, is one.
        let project = crate::project::Project::scan(std::sync::Arc::new(before), d.to_path_buf());
        let yaml: Vec<_> = project.of_kind(&[crate::classify::FileKind::Yaml]).collect();
        assert_eq!(yaml, [d.join("old.yaml").as_path()]);
        let project = crate::project::Project::scan(std::sync::Arc::new(now), d.to_path_buf());
        assert_eq!(project.of_kind(&[crate::classify::FileKind::Yaml]).count(), 0);
    }

    #[test]
    fn bad_revisions_are_errors_with_a_reason() {
        let dir = repo();
        let err = GitTree::open(dir.path(), "no-such-branch").unwrap_err();
        assert!(err.contains("no-such-branch"), "{err}");
        assert!(GitTree::open(dir.path(), "--output=x").is_err());
        let plain = tempfile::tempdir().unwrap();
        assert!(GitTree::open(plain.path(), "HEAD").is_err());
    }
}
