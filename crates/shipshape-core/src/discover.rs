//! Which files? A `.gitignore`-aware walk that includes hidden folders such as `.github`.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// A file found by the walk.
#[derive(Clone, Debug)]
pub struct Discovered {
    pub path: PathBuf,
    /// Named on the command line (always taken, sniffed by content when the name says nothing).
    pub explicit: bool,
}

#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Compile exclude globs. A glob without a `/` matches a name at any depth.
pub fn build_excludes(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let pattern = if g.contains('/') { g.clone() } else { format!("**/{g}") };
        let glob = Glob::new(&pattern).map_err(|e| format!("invalid exclude glob `{g}`: {e}"))?;
        builder.add(glob);
        if !g.ends_with("/**") {
            builder.add(Glob::new(&format!("{pattern}/**")).map_err(|e| e.to_string())?);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

/// Walk `paths`. Directories are walked (respecting `.gitignore`, `.ignore` and `.shipshapeignore`,
/// skipping `.git`), and the files git tracks there are taken even when a `.gitignore` pattern
/// matches them; files are taken as given. Results are sorted and deduplicated.
pub fn discover(paths: &[PathBuf], excludes: &GlobSet) -> Result<Vec<Discovered>, DiscoverError> {
    Ok(walk(paths, excludes)?.collect())
}

/// [`discover`] as it goes: the files in path order, found as they are asked for, so a run over
/// a tree of any size holds only the walk's current folders. Every path named is checked to exist
/// first (the error comes before any file). Paths that overlap (a folder and a file in it) are
/// walked whole first, then sorted and deduplicated.
pub fn walk(paths: &[PathBuf], excludes: &GlobSet) -> Result<Walk, DiscoverError> {
    let mut roots = Vec::with_capacity(paths.len());
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|e| DiscoverError {
            path: root.clone(),
            message: e.to_string(),
        })?;
        roots.push((root.clone(), meta.is_dir()));
    }
    roots.sort_by(|a, b| a.0.cmp(&b.0));
    // Disjoint roots walked in order give every file in order; a root inside another does not.
    let nested = roots.windows(2).any(|w| w[1].0.starts_with(&w[0].0));
    let mut walk = Walk {
        roots: roots.into_iter(),
        excludes: excludes.clone(),
        current: None,
        collected: None,
    };
    if nested {
        let mut all: Vec<Discovered> = walk.by_ref().collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all.dedup_by(|a, b| a.path == b.path);
        walk.collected = Some(all.into_iter());
    }
    Ok(walk)
}

/// The files of a [`walk`], in path order.
pub struct Walk {
    roots: std::vec::IntoIter<(PathBuf, bool)>,
    excludes: GlobSet,
    current: Option<RootWalk>,
    /// Overlapping roots, walked, sorted and deduplicated up front.
    collected: Option<std::vec::IntoIter<Discovered>>,
}

impl Iterator for Walk {
    type Item = Discovered;

    fn next(&mut self) -> Option<Discovered> {
        if let Some(all) = &mut self.collected {
            return all.next();
        }
        loop {
            if let Some(found) = self.current.as_mut().and_then(|w| w.next(&self.excludes)) {
                return Some(found);
            }
            let (root, dir) = self.roots.next()?;
            if !dir {
                // Anything named that is not a directory is taken: the engine reports what it
                // cannot read (a FIFO, a device) instead of the walk passing over it in silence.
                self.current = None;
                return Some(Discovered {
                    path: root,
                    explicit: true,
                });
            }
            self.current = Some(RootWalk::new(root, &self.excludes));
        }
    }
}

/// One folder's walk, merged with the files git tracks there that the walk passes over. Both
/// come in path order (a walk with each folder's entries sorted by name is in the order of
/// `Path`'s comparison, component by component), so one pass merges them.
struct RootWalk {
    root: PathBuf,
    walk: ignore::Walk,
    /// The next file of the walk, taken but not yet given.
    walked: Option<PathBuf>,
    walk_done: bool,
    tracked: std::iter::Peekable<std::vec::IntoIter<PathBuf>>,
    /// The `.ignore` and `.shipshapeignore` at the root, which hold for tracked files too.
    own: ignore::gitignore::Gitignore,
}

impl RootWalk {
    fn new(root: PathBuf, excludes: &GlobSet) -> Self {
        let walk = ignore::WalkBuilder::new(&root)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .add_custom_ignore_filename(".shipshapeignore")
            .filter_entry(|e| e.file_name() != ".git")
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        let mut own = ignore::gitignore::GitignoreBuilder::new(&root);
        for name in [".ignore", ".shipshapeignore"] {
            let _ = own.add(root.join(name));
        }
        let own = own.build().unwrap_or_else(|_| ignore::gitignore::Gitignore::empty());
        Self {
            tracked: tracked_under(&root, excludes).into_iter().peekable(),
            root,
            walk,
            walked: None,
            walk_done: false,
            own,
        }
    }

    fn next(&mut self, excludes: &GlobSet) -> Option<Discovered> {
        loop {
            if self.walked.is_none() && !self.walk_done {
                self.walked = self.next_walked(excludes);
                self.walk_done = self.walked.is_none();
            }
            let take_tracked = match (&self.walked, self.tracked.peek()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(w), Some(t)) => match t.cmp(w) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Equal => {
                        self.tracked.next();
                        continue;
                    }
                    std::cmp::Ordering::Greater => false,
                },
            };
            if !take_tracked {
                return self.walked.take().map(|path| Discovered { path, explicit: false });
            }
            let path = self.tracked.next()?;
            // A tracked file the walk passed over: still under the root's own ignore files, and
            // still a regular file in the work tree.
            if !self.own.matched_path_or_any_parents(&path, false).is_ignore()
                && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
            {
                return Some(Discovered { path, explicit: false });
            }
        }
    }

    fn next_walked(&mut self, excludes: &GlobSet) -> Option<PathBuf> {
        for entry in self.walk.by_ref().flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            let rel = path.strip_prefix(&self.root).unwrap_or(&path);
            if excludes.is_match(rel) {
                continue;
            }
            return Some(path);
        }
        None
    }
}

/// The files git tracks under `root` that the walk may pass over (a `.gitignore` says what git
/// should not pick up, not what a linter may skip: `.*` hides `.github/` and `.gitlab-ci.yml`; a
/// committed `.env` is committed all the same), as the walk names them, in path order, outside
/// `.git` and the user's excludes. The index is read as a stream and only the files some ignore
/// file matches are kept: the rest the walk gives itself, so a monorepo's million tracked files
/// are never held.
fn tracked_under(root: &Path, excludes: &GlobSet) -> Vec<PathBuf> {
    let Ok(root_abs) = std::fs::canonicalize(root) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = Vec::new();
    let mut chain: Option<IgnoreChain> = None;
    let top = crate::gitindex::for_each_tracked(root, |rel| {
        let Ok(rel) = std::str::from_utf8(rel) else { return };
        let chain = chain.get_or_insert_with(|| IgnoreChain::new(&root_abs));
        let Some(rel) = chain.under(rel) else { return };
        let rel = Path::new(rel);
        if rel.components().any(|c| c.as_os_str() == ".git") || excludes.is_match(rel) || !chain.may_ignore(rel) {
            return;
        }
        out.push(root.join(rel));
    });
    if top.is_none() {
        return Vec::new();
    }
    out.sort();
    out
}

/// The ignore files (`.gitignore`, `.ignore`, `.shipshapeignore`, and the repository's
/// `.git/info/exclude`) from the work tree down to one folder, for the index's paths in turn: a
/// folder's files are read when the first path below it comes, and dropped when the paths move on.
struct IgnoreChain {
    /// The walk's root, relative to the work tree, with a trailing `/` (empty at the top).
    under: String,
    root: PathBuf,
    top_matchers: Vec<ignore::gitignore::Gitignore>,
    /// (folder relative to the root, its matcher when it has ignore files), outermost first.
    stack: Vec<(String, Option<ignore::gitignore::Gitignore>)>,
}

impl IgnoreChain {
    fn new(root: &Path) -> Self {
        let (top, git_dir) = crate::gitindex::work_tree(root).unwrap_or_else(|| (root.to_path_buf(), root.join(".git")));
        let under = root
            .strip_prefix(&top)
            .map(|u| {
                let u = u.to_string_lossy().replace('\\', "/");
                if u.is_empty() { u } else { format!("{u}/") }
            })
            .unwrap_or_default();
        // The folders from the work tree down to the root, and the repository's own excludes.
        let mut top_matchers = Vec::new();
        let mut folder = top.clone();
        let mut levels: Vec<PathBuf> = vec![top.clone()];
        for c in Path::new(&under).components() {
            folder.push(c);
            levels.push(folder.clone());
        }
        levels.pop(); // the root itself is the stack's first level
        for d in &levels {
            if let Some(g) = matcher(d, &[]) {
                top_matchers.push(g);
            }
        }
        if let Some(g) = matcher(&top, &[git_dir.join("info/exclude")]) {
            top_matchers.push(g);
        }
        IgnoreChain {
            under,
            root: root.to_path_buf(),
            top_matchers,
            stack: Vec::new(),
        }
    }

    /// A work-tree path as a path under the root, when it is under it.
    fn under<'a>(&self, rel: &'a str) -> Option<&'a str> {
        rel.strip_prefix(self.under.as_str())
    }

    /// Whether an ignore file on the way to `rel` (under the root) matches it or a folder above it:
    /// only then may the walk have passed over it.
    fn may_ignore(&mut self, rel: &Path) -> bool {
        let folder = rel.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        // Keep the levels that are `folder` or above it; add the ones below.
        while let Some((d, _)) = self.stack.last() {
            if d.is_empty() || folder == *d || folder.starts_with(&format!("{d}/")) {
                break;
            }
            self.stack.pop();
        }
        if self.stack.is_empty() {
            self.stack.push((String::new(), matcher(&self.root, &[])));
        }
        loop {
            let last = self.stack.last().map(|(d, _)| d.clone()).unwrap_or_default();
            if last == folder {
                break;
            }
            let rest = if last.is_empty() {
                folder.as_str()
            } else {
                &folder[last.len() + 1..]
            };
            let next = rest.split('/').next().unwrap_or(rest);
            let d = if last.is_empty() {
                next.to_owned()
            } else {
                format!("{last}/{next}")
            };
            let g = matcher(&self.root.join(&d), &[]);
            self.stack.push((d, g));
        }
        let path = self.root.join(rel);
        self.top_matchers
            .iter()
            .chain(self.stack.iter().filter_map(|(_, g)| g.as_ref()))
            .any(|g| !g.matched_path_or_any_parents(&path, false).is_none())
    }
}

/// The ignore files of `dir` (and `extra` files read as if they were there), or `None` when it has
/// none.
fn matcher(dir: &Path, extra: &[PathBuf]) -> Option<ignore::gitignore::Gitignore> {
    let mut b = ignore::gitignore::GitignoreBuilder::new(dir);
    let mut any = false;
    for f in [".gitignore", ".ignore", ".shipshapeignore"]
        .iter()
        .map(|n| dir.join(n))
        .chain(extra.iter().cloned())
    {
        if f.is_file() {
            any |= b.add(&f).is_none();
        }
    }
    if !any {
        return None;
    }
    b.build().ok()
}

/// The path as shown to people: relative to `base` when below it, with `/` separators.
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy();
    // On Unix a backslash is part of a name, not a separator.
    let s = if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Whether git ignores `path` (a directory when `dir`) under the repository `root`: the `.gitignore`
/// files from `root` down to the path's folder, read through the run's tree. A path git ignores is
/// one each checkout makes (a build output, a local `.env`), so its absence is no broken reference.
pub fn git_ignores(tree: &dyn crate::tree::SourceTree, root: &Path, path: &Path, dir: bool) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    let mut folder = root.to_path_buf();
    let mut any = false;
    for part in std::iter::once(None).chain(rel.parent().into_iter().flat_map(|p| p.components()).map(Some)) {
        if let Some(c) = part {
            folder.push(c);
        }
        if let Some(text) = tree.read(&folder.join(".gitignore")) {
            for line in text.lines() {
                any |= builder.add_line(Some(folder.clone()), line).is_ok();
            }
        }
    }
    any && builder.build().is_ok_and(|g| g.matched_path_or_any_parents(path, dir).is_ignore())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x\n").unwrap();
        }
        dir
    }

    fn git(dir: &Path, args: &[&str]) {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    }

    fn names(found: impl Iterator<Item = Discovered>, root: &Path) -> Vec<String> {
        found
            .map(|f| f.path.strip_prefix(root).unwrap_or(&f.path).to_string_lossy().into_owned())
            .collect()
    }

    /// The walk gives files in `Path` order (component by component: `a/z` before `a-b/c` before
    /// `a.txt`, unlike the order of the strings), so a streamed run is in the order of a sorted one;
    /// a tracked file the `.gitignore` hides is merged in its place.
    #[test]
    fn the_walk_is_in_path_order_with_tracked_files_merged_in() {
        let dir = tree(&[".gitignore", "b/x", "a/z", "a.txt", "a-b/c", "a/.hidden", "b/.skip"]);
        std::fs::write(dir.path().join(".gitignore"), ".*\n").unwrap();
        let git = |args: &[&str]| git(dir.path(), args);
        git(&["init", "-q"]);
        git(&["add", "-f", "a/.hidden"]);
        let root = dir.path().to_path_buf();
        let found = names(walk(std::slice::from_ref(&root), &GlobSet::empty()).unwrap(), &root);
        assert_eq!(found, ["a/.hidden", "a/z", "a-b/c", "a.txt", "b/x"]);
        let mut sorted: Vec<PathBuf> = found.iter().map(PathBuf::from).collect();
        sorted.sort();
        assert_eq!(sorted.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(), found);
    }

    /// Of the index, only the files an ignore file matches are held (the walk gives the rest): a
    /// folder's `.gitignore`, the root's, one above a root below the work tree's top, and
    /// `.git/info/exclude`; the merged walk still gives every tracked file once.
    #[test]
    fn only_tracked_files_an_ignore_file_matches_are_held() {
        let dir = tree(&[
            ".gitignore",
            "build/Dockerfile",
            "app/Dockerfile",
            "sub/.gitignore",
            "sub/prod.env",
            "sub/x.yml",
            "sub/deep/y.env",
            "local.yml",
        ]);
        std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
        std::fs::write(dir.path().join("sub/.gitignore"), "*.env\n").unwrap();
        let git = |args: &[&str]| git(dir.path(), args);
        git(&["init", "-q"]);
        std::fs::write(dir.path().join(".git/info/exclude"), "local.yml\n").unwrap();
        git(&["add", "-f", "."]);
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let held = |r: &Path| -> Vec<String> {
            tracked_under(r, &GlobSet::empty())
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(held(&root), ["build/Dockerfile", "local.yml", "sub/deep/y.env", "sub/prod.env"]);
        assert_eq!(held(&root.join("sub")), ["sub/deep/y.env", "sub/prod.env"]);
        assert_eq!(held(&root.join("app")), Vec::<String>::new());
        let found = names(walk(std::slice::from_ref(&root), &GlobSet::empty()).unwrap(), &root);
        assert_eq!(
            found,
            [
                ".gitignore",
                "app/Dockerfile",
                "build/Dockerfile",
                "local.yml",
                "sub/.gitignore",
                "sub/deep/y.env",
                "sub/prod.env",
                "sub/x.yml"
            ]
        );
    }

    /// Roots named in any order are walked in path order; a root inside another is not walked twice.
    #[test]
    fn named_roots_are_ordered_and_deduplicated() {
        let dir = tree(&["a/x", "b/y", "b/c/z"]);
        let root = dir.path();
        let walked = |roots: &[&str]| {
            let roots: Vec<PathBuf> = roots.iter().map(|r| root.join(r)).collect();
            names(walk(&roots, &GlobSet::empty()).unwrap(), root)
        };
        assert_eq!(walked(&["b", "a"]), ["a/x", "b/c/z", "b/y"]);
        assert_eq!(walked(&["b/c", "b", "b/y"]), ["b/c/z", "b/y"]);
        assert!(walk(&[root.join("nope")], &GlobSet::empty()).is_err());
    }
}
