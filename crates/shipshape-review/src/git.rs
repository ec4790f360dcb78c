//! What `git` says about two revisions: which commits they are and which files changed between
//! them. Their texts are read through the library's source trees (`GitTree`, `Disk`).

use shipshape_core::tree::git::git;
use std::path::{Path, PathBuf};

fn line(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_owned()
}

/// The working directory's top level.
pub fn top_level(dir: &Path) -> Result<PathBuf, String> {
    git(dir, &["rev-parse", "--show-toplevel"]).map(|b| PathBuf::from(line(b)))
}

/// The commit `rev` names.
pub fn commit(dir: &Path, rev: &str) -> Result<String, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    git(
        dir,
        &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")],
    )
    .map(line)
    .ok()
    .filter(|c| !c.is_empty())
    .ok_or_else(|| format!("`{rev}` names no commit of this repository"))
}

/// The default base: where `HEAD` left the default branch (`origin/HEAD`, else `main`, `master`,
/// `origin/main`, `origin/master`). On the default branch itself that is `HEAD`, so the review is
/// of the working tree's uncommitted changes.
pub fn default_base(dir: &Path) -> Result<String, String> {
    let mut candidates: Vec<String> = Vec::new();
    if let Ok(b) = git(dir, &["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]) {
        candidates.push(line(b));
    }
    candidates.extend(["main", "master", "origin/main", "origin/master"].map(str::to_owned));
    for c in &candidates {
        if commit(dir, c).is_ok()
            && let Ok(b) = git(dir, &["merge-base", "HEAD", c])
        {
            return Ok(line(b));
        }
    }
    commit(dir, "HEAD").map_err(|_| "no commit to review against: name one with --base".to_owned())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Modified,
    Deleted,
    Renamed,
}

/// A file that differs between the two revisions (paths relative to the top level, `/`-separated).
#[derive(Clone, Debug)]
pub struct Changed {
    pub path: String,
    /// The path at the base, for a renamed file.
    pub old_path: Option<String>,
    pub status: Status,
}

impl Changed {
    /// The path the file has at the base (`None` when it was added).
    pub fn base_path(&self) -> Option<&str> {
        match self.status {
            Status::Added => None,
            _ => Some(self.old_path.as_deref().unwrap_or(&self.path)),
        }
    }

    /// The path the file has at the head (`None` when it was deleted).
    pub fn head_path(&self) -> Option<&str> {
        (self.status != Status::Deleted).then_some(self.path.as_str())
    }
}

/// The files changed from `base` to `head` (a commit), or to the working tree when `head` is
/// `None` (tracked changes, staged or not, and untracked files that are not ignored).
pub fn changed(top: &Path, base: &str, head: Option<&str>) -> Result<Vec<Changed>, String> {
    let mut args = vec!["diff", "--name-status", "-z", "-M", base];
    if let Some(h) = head {
        args.push(h);
    }
    args.push("--");
    // Rename detection reads the blobs; a repository missing some (a partial clone, a mirror that
    // left large files out) still lists its changes without it.
    let out = match git(top, &args) {
        Ok(out) => out,
        Err(_) => {
            args[3] = "--no-renames";
            git(top, &args)?
        }
    };
    let mut fields = out.split(|&b| b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
    let mut changed = Vec::new();
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let Some(path) = fields.next() else { break };
        match status.as_bytes()[0] {
            b'A' => changed.push(Changed {
                path,
                old_path: None,
                status: Status::Added,
            }),
            b'D' => changed.push(Changed {
                path,
                old_path: None,
                status: Status::Deleted,
            }),
            b'R' | b'C' => {
                let Some(new) = fields.next() else { break };
                let copy = status.starts_with('C');
                changed.push(Changed {
                    path: new,
                    old_path: (!copy).then_some(path),
                    status: if copy { Status::Added } else { Status::Renamed },
                });
            }
            _ => changed.push(Changed {
                path,
                old_path: None,
                status: Status::Modified,
            }),
        }
    }
    if head.is_none() {
        let untracked = git(top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for p in untracked.split(|&b| b == 0).filter(|p| !p.is_empty()) {
            changed.push(Changed {
                path: String::from_utf8_lossy(p).into_owned(),
                old_path: None,
                status: Status::Added,
            });
        }
    }
    changed.sort_by(|a, b| a.path.cmp(&b.path));
    changed.dedup_by(|a, b| a.path == b.path);
    Ok(changed)
}
