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
    let mut out = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|e| DiscoverError {
            path: root.clone(),
            message: e.to_string(),
        })?;
        // Anything named that is not a directory is taken: the engine reports what it cannot read
        // (a FIFO, a device) instead of the walk passing over it in silence.
        if !meta.is_dir() {
            out.push(Discovered {
                path: root.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .add_custom_ignore_filename(".shipshapeignore")
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            let rel = path.strip_prefix(root).unwrap_or(&path);
            if excludes.is_match(rel) {
                continue;
            }
            out.push(Discovered { path, explicit: false });
        }
        add_tracked(root, excludes, &mut out);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// Add the regular files git tracks under `root` that the walk passed over because a
/// `.gitignore` matches them (`.*` hides `.github/` and `.gitlab-ci.yml`; a committed `.env` is
/// committed all the same). The user's own excludes, and the `.shipshapeignore` and `.ignore` at
/// `root`, still apply.
fn add_tracked(root: &Path, excludes: &GlobSet, out: &mut Vec<Discovered>) {
    let Some((top, tracked)) = crate::gitindex::tracked_files(root) else {
        return;
    };
    let Ok(root_abs) = std::fs::canonicalize(root) else { return };
    let Ok(under) = root_abs.strip_prefix(&top) else { return };
    let mut own = ignore::gitignore::GitignoreBuilder::new(root);
    for name in [".ignore", ".shipshapeignore"] {
        let _ = own.add(root.join(name));
    }
    let own = own.build().unwrap_or_else(|_| ignore::gitignore::Gitignore::empty());
    let seen: std::collections::HashSet<PathBuf> = out.iter().map(|d| d.path.clone()).collect();
    for rel in tracked {
        let Ok(rel) = rel.strip_prefix(under) else { continue };
        if rel.components().any(|c| c.as_os_str() == ".git") || excludes.is_match(rel) {
            continue;
        }
        let path = root.join(rel);
        if seen.contains(&path)
            || own.matched_path_or_any_parents(&path, false).is_ignore()
            || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
        {
            continue;
        }
        out.push(Discovered { path, explicit: false });
    }
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
