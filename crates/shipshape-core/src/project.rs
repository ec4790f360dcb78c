//! The project view (DESIGN.md §3): the repository a file belongs to and its infrastructure files,
//! walked once per run and shared by every cross-file rule. Domains compute their own facts from it
//! (`Project::fact`), each once per project, so no domain depends on another.

use crate::classify::{FileKind, classify, classify_by_name};
use crate::tree::{Disk, SourceTree};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// At most this many files are looked at per project; `truncated` says when there were more.
pub const MAX_FILES: usize = 20_000;
/// How far up from a file to look for the repository root.
const MAX_DEPTH: usize = 32;

type Facts = HashMap<TypeId, Arc<dyn Any + Send + Sync>>;

/// A cache of the whole run (see [`Projects::dir_cell`]) that can drop what no file still to come
/// needs.
pub trait RunFact: Any + Send + Sync {
    /// Drop what belongs to folders the run has passed: files come in path order, and `last` is the
    /// last one checked, so a folder that neither holds `last` nor sorts after it has no file left.
    fn forget_passed(&self, last: &Path);
}

/// Whether every file under `dir` sorts before `last` and none is `last`'s folder: a run in path
/// order that has reached `last` is done with `dir`.
pub fn passed(dir: &Path, last: &Path) -> bool {
    dir < last && !last.starts_with(dir)
}

/// A run's cache of one value per folder, computed once by the first file of the folder that needs
/// it (the others checked at the same time wait for it) and dropped once the run has passed the folder.
pub struct DirCache<V>(Mutex<HashMap<PathBuf, Arc<std::sync::OnceLock<V>>>>);

impl<V> Default for DirCache<V> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

impl<V> DirCache<V> {
    /// The (possibly not yet computed) value of `dir`.
    pub fn cell(&self, dir: &Path) -> Arc<std::sync::OnceLock<V>> {
        match self.0.lock() {
            Ok(mut m) => m.entry(dir.to_path_buf()).or_default().clone(),
            Err(_) => Arc::default(),
        }
    }
}

impl<V: Send + Sync + 'static> RunFact for DirCache<V> {
    fn forget_passed(&self, last: &Path) {
        if let Ok(mut m) = self.0.lock() {
            m.retain(|dir, _| !passed(dir, last));
        }
    }
}

/// Caches that forget the folders a run has passed, one of each type.
#[derive(Default)]
struct Forgetful(Mutex<HashMap<TypeId, Arc<dyn RunFact>>>);

impl Forgetful {
    fn get<T: RunFact + Default>(&self) -> Arc<T> {
        let Ok(mut m) = self.0.lock() else { return Arc::default() };
        let f: Arc<dyn Any + Send + Sync> = m
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn RunFact>)
            .clone();
        f.downcast::<T>().unwrap_or_default()
    }

    fn forget_passed(&self, last: &Path) {
        if let Ok(m) = self.0.lock() {
            for fact in m.values() {
                fact.forget_passed(last);
            }
        }
    }
}

/// One repository: its root and its infrastructure files (by kind).
pub struct Project {
    pub root: PathBuf,
    /// The run's tree: facts are read through it.
    tree: Arc<dyn SourceTree>,
    pub files: Vec<(PathBuf, FileKind)>,
    /// The walk stopped at `MAX_FILES`: absence of something proves nothing.
    pub truncated: bool,
    facts: Mutex<Facts>,
    /// Per-folder facts ([`Project::dir_cell`]), dropped as the run passes each folder.
    dir_facts: Forgetful,
}

/// The projects of one run, each walked once and shared by every file in it, over the run's source
/// tree (the disk unless an overlay was given).
pub struct Projects {
    tree: Arc<dyn SourceTree>,
    /// Facts of the run that need no project walk (per-folder caches, [`Projects::dir_cell`]), by type.
    run_facts: Forgetful,
    by_root: Mutex<HashMap<PathBuf, Arc<Project>>>,
    /// Directory (as given) → its repository root, so each directory is looked up once.
    roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Directories given to check that are in no repository, canonical: each is the project of the
    /// files under it (see [`Projects::set_unversioned_roots`]).
    unversioned: Vec<PathBuf>,
}

impl Default for Projects {
    fn default() -> Self {
        Self::new(Arc::new(Disk))
    }
}

impl Projects {
    pub fn new(tree: Arc<dyn SourceTree>) -> Self {
        Self {
            tree,
            run_facts: Forgetful::default(),
            by_root: Mutex::default(),
            roots: Mutex::default(),
            unversioned: Vec::new(),
        }
    }

    /// Directories given to check: each one that is in no repository (a source archive, a copy
    /// without `.git`) is taken as the project of the files under it, as a clone's root would be,
    /// so that its composite actions, `.gitmodules` and sibling files are read (the seventy-second
    /// sample, drawn from copies without `.git`, had 17 findings wrong or not worth it for want of
    /// a root). A `.git` found above a file still wins.
    pub fn set_unversioned_roots<'a>(&mut self, dirs: impl IntoIterator<Item = &'a Path>) {
        for dir in dirs {
            let Some(abs) = self.tree.canonicalize(dir) else { continue };
            let is_dir = !self.tree.list(&abs).is_empty();
            if is_dir && !self.tree.exists(&abs.join(".git")) && repo_root(&*self.tree, &abs.join(".")).is_none() {
                self.unversioned.push(abs);
            }
        }
        // The deepest first: a file belongs to the nearest one given.
        self.unversioned.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    }

    /// A value of `dir` for the whole run ([`DirCache`]): computed by the first file that needs
    /// it, dropped once the run has passed `dir`.
    pub fn dir_cell<V: Send + Sync + 'static>(&self, dir: &Path) -> Arc<std::sync::OnceLock<V>> {
        self.run_facts.get::<DirCache<V>>().cell(dir)
    }

    /// Drop the caches of the folders and repositories the run has passed (`last`: the last file
    /// checked, files coming in path order), so that a run over a tree of any size holds only
    /// those of the folders it is in. A file out of order is still checked right: what it needs
    /// is looked up again.
    pub fn forget_passed(&self, last: &Path) {
        self.run_facts.forget_passed(last);
        if let Ok(mut m) = self.roots.lock() {
            m.retain(|dir, _| !passed(dir, last));
        }
        if let Some(abs) = self.tree.canonicalize(last)
            && let Ok(mut m) = self.by_root.lock()
        {
            m.retain(|root, _| !passed(root, &abs));
            for project in m.values() {
                project.dir_facts.forget_passed(last);
            }
        }
    }

    /// The tree every file beside the checked one is read from.
    pub fn tree(&self) -> &dyn SourceTree {
        &*self.tree
    }

    /// The `origin` remote of the repository holding `file` (see [`Project::origin`]).
    pub fn origin_of(&self, file: Option<&Path>) -> Option<Origin> {
        self.of(file?)?.origin()
    }

    /// The project of the repository holding `file`, walked on first use. `None` outside a
    /// repository: cross-file rules then stay silent rather than guess where the project ends.
    pub fn of(&self, file: &Path) -> Option<Arc<Project>> {
        let dir = file.parent()?;
        let known = self.roots.lock().ok().and_then(|m| m.get(dir).cloned());
        let root = match known {
            Some(r) => r?,
            None => {
                let r = repo_root(&*self.tree, file).or_else(|| self.unversioned_root(file));
                if let Ok(mut m) = self.roots.lock() {
                    m.insert(dir.to_path_buf(), r.clone());
                }
                r?
            }
        };
        if let Some(p) = self.by_root.lock().ok().and_then(|m| m.get(&root).cloned()) {
            return Some(p);
        }
        // Walk outside the lock; a race only walks a repository twice.
        let p = Arc::new(Project::scan(self.tree.clone(), root.clone()));
        if let Ok(mut m) = self.by_root.lock() {
            return Some(m.entry(root).or_insert(p).clone());
        }
        Some(p)
    }
}

impl Projects {
    fn unversioned_root(&self, file: &Path) -> Option<PathBuf> {
        if self.unversioned.is_empty() {
            return None;
        }
        let abs = self.tree.canonicalize(file)?;
        self.unversioned.iter().find(|d| abs.starts_with(d)).cloned()
    }
}

/// The nearest ancestor of `file` that holds a `.git` directory or file.
pub fn repo_root(tree: &dyn SourceTree, file: &Path) -> Option<PathBuf> {
    let abs = tree.canonicalize(file)?;
    abs.ancestors()
        .skip(1)
        .take(MAX_DEPTH)
        .find(|d| tree.exists(&d.join(".git")))
        .map(Path::to_path_buf)
}

impl Project {
    /// Walk `root` (respecting ignore files) and classify what it holds.
    pub fn scan(tree: Arc<dyn SourceTree>, root: PathBuf) -> Project {
        // A revision lists its own files; the disk is walked.
        // An overlay's files that are not on disk (an editor's unsaved new file) join the walk.
        let found: Vec<PathBuf> = match tree.files_under(&root) {
            Some(files) => files,
            None => {
                // The walk is in path order: it stops one past the bound, not at the end of a monorepo.
                let mut walked: Vec<PathBuf> = crate::discover::walk(std::slice::from_ref(&root), &globset::GlobSet::empty())
                    .map(|w| w.take(MAX_FILES + 1).map(|f| f.path).collect())
                    .unwrap_or_default();
                walked.extend(tree.unsaved_under(&root));
                walked.sort();
                walked.dedup();
                walked
            }
        };
        let truncated = found.len() > MAX_FILES;
        let mut files = Vec::new();
        for path in found.into_iter().take(MAX_FILES) {
            let kind = match classify_by_name(&path) {
                Some(k) => k,
                None => match tree.read(&path) {
                    Some(text) => classify(&path, &text, false),
                    None => continue,
                },
            };
            if kind.is_infrastructure() || kind == FileKind::Yaml {
                files.push((path, kind));
            }
        }
        Project {
            root,
            tree,
            files,
            truncated,
            facts: Mutex::default(),
            dir_facts: Forgetful::default(),
        }
    }

    /// The tree the project's files are read from.
    pub fn tree(&self) -> &dyn SourceTree {
        &*self.tree
    }

    /// The files of the given kinds.
    pub fn of_kind<'a>(&'a self, kinds: &'a [FileKind]) -> impl Iterator<Item = &'a Path> + 'a {
        self.files.iter().filter(move |(_, k)| kinds.contains(k)).map(|(p, _)| p.as_path())
    }

    /// Where the repository's `origin` remote points (its `.git/config`), the way a clone of a
    /// hosted repository records it: the owner is what tells the repository's own actions, workflows
    /// and images from third parties'. `None` without a readable remote.
    pub fn origin(&self) -> Option<Origin> {
        struct Fact(Option<Origin>);
        self.fact(|p| Fact(p.tree.read(&p.root.join(".git/config")).as_deref().and_then(origin_of_config)))
            .0
            .clone()
    }

    /// A value of the project's folder `dir` ([`DirCache`]), computed by the first file that
    /// needs it and dropped once the run has passed `dir` (a monorepo's every module is not held).
    pub fn dir_cell<V: Send + Sync + 'static>(&self, dir: &Path) -> Arc<std::sync::OnceLock<V>> {
        self.dir_facts.get::<DirCache<V>>().cell(dir)
    }

    /// A fact about the project, computed by `build` once and shared.
    pub fn fact<T: Any + Send + Sync>(&self, build: impl FnOnce(&Project) -> T) -> Arc<T> {
        let id = TypeId::of::<T>();
        let cached = self.facts.lock().ok().and_then(|m| m.get(&id).cloned());
        if let Some(f) = cached.and_then(|f| f.downcast::<T>().ok()) {
            return f;
        }
        let f = Arc::new(build(self));
        if let Ok(mut m) = self.facts.lock() {
            m.insert(id, f.clone());
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An editor's unsaved new file is part of the project's files, beside the disk's.
    #[test]
    fn unsaved_files_join_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join("compose.yaml"), "services:\n  web:\n    build: ./api\n").unwrap();
        let mut overlay = crate::tree::Overlay::new(Arc::new(crate::tree::Disk));
        overlay.insert(&root.join("api/Dockerfile"), "FROM alpine:3.22\n");
        overlay.insert(&root.join("compose.yaml"), "services: {}\n");
        let project = Project::scan(Arc::new(overlay), root.clone());
        let kinds: Vec<(PathBuf, FileKind)> = project.files.clone();
        assert!(kinds.contains(&(root.join("api/Dockerfile"), FileKind::Dockerfile)), "{kinds:?}");
        assert_eq!(kinds.iter().filter(|(p, _)| p.ends_with("compose.yaml")).count(), 1, "{kinds:?}");
    }

    /// A run in path order drops the caches of the folders it has passed, and only those.
    #[test]
    fn caches_of_passed_folders_are_dropped() {
        assert!(passed(Path::new("a/b"), Path::new("a/c/x")));
        assert!(!passed(Path::new("a"), Path::new("a/c/x")));
        assert!(!passed(Path::new("a/d"), Path::new("a/c/x")));
        assert!(!passed(Path::new(""), Path::new("a/c/x")));
        assert!(passed(Path::new("a"), Path::new("a-b/x")));
        let projects = Projects::default();
        for dir in ["k8s/a", "k8s/b", "tf"] {
            projects.dir_cell::<usize>(Path::new(dir)).get_or_init(|| dir.len());
        }
        projects.forget_passed(Path::new("k8s/b/deploy.yaml"));
        let kept = |dir: &str| projects.dir_cell::<usize>(Path::new(dir)).get().is_some();
        assert!(!kept("k8s/a"));
        assert!(kept("k8s/b"));
        assert!(kept("tf"));
    }

    #[test]
    fn origins() {
        let o = |u| origin_of_url(u).map(|o| format!("{} {} {}", o.host, o.owner, o.name));
        assert_eq!(o("https://github.com/acme/web.git").as_deref(), Some("github.com acme web"));
        assert_eq!(o("git@github.com:acme/web.git").as_deref(), Some("github.com acme web"));
        assert_eq!(
            o("ssh://git@gitlab.gnome.org:22/GNOME/sub/clocks/").as_deref(),
            Some("gitlab.gnome.org GNOME clocks")
        );
        assert_eq!(o("https://token@github.com/acme/web").as_deref(), Some("github.com acme web"));
        for local in ["/srv/git/web.git", "file:///srv/git/web.git", "../web", "https://github.com/"] {
            assert_eq!(o(local), None, "{local}");
        }
        let config = "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://github.com/up/web\n[remote \"origin\"]\n\turl = git@github.com:me/web.git\n";
        assert_eq!(origin_of_config(config).map(|o| o.owner).as_deref(), Some("me"));
        assert_eq!(
            origin_of_config("[remote \"fork\"]\n url = https://github.com/f/web\n")
                .map(|o| o.owner)
                .as_deref(),
            Some("f")
        );
        assert_eq!(origin_of_config("[core]\n url = https://github.com/x/y\n"), None);
    }

    #[test]
    fn project_of_a_repository() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("deploy")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("Dockerfile"), "FROM alpine:3.22\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("deploy/app.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("README.md"), "hi\n").unwrap_or_else(|e| panic!("{e}"));
        let projects = Projects::default();
        let p = projects.of(&root.join("deploy/app.yaml")).unwrap_or_else(|| panic!("no project"));
        assert_eq!(p.of_kind(&[FileKind::Kubernetes]).count(), 1);
        assert_eq!(p.of_kind(&[FileKind::Dockerfile]).count(), 1);
        assert_eq!(p.files.len(), 2, "README is not kept");
        let n = p.fact(|p| p.files.len() * 10);
        assert_eq!(*n, 20);
        assert!(Arc::ptr_eq(
            &p,
            &projects.of(&root.join("Dockerfile")).unwrap_or_else(|| panic!("no project"))
        ));
        assert!(projects.of(Path::new("/definitely/not/here")).is_none());
    }

    /// A source archive (no `.git`) given to check is its files' project; a `.git` inside it wins.
    #[test]
    fn a_directory_given_without_git_is_the_project() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("app/deploy")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("app/vendored/lib/.git")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("app/deploy/app.yaml"), "kind: Pod\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("app/vendored/lib/x.yaml"), "kind: Pod\n").unwrap_or_else(|e| panic!("{e}"));
        let file = root.join("app/deploy/app.yaml");
        assert!(Projects::default().of(&file).is_none());
        let mut projects = Projects::default();
        projects.set_unversioned_roots([root.join("app").as_path(), file.as_path()]);
        let p = projects.of(&file).unwrap_or_else(|| panic!("no project"));
        let canonical = std::fs::canonicalize(root.join("app")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.root, canonical);
        let lib = projects
            .of(&root.join("app/vendored/lib/x.yaml"))
            .unwrap_or_else(|| panic!("no project"));
        assert!(lib.root.ends_with("vendored/lib"));
        // A directory inside a repository is not made a project of its own.
        let mut inside = Projects::default();
        inside.set_unversioned_roots([root.join("app/vendored/lib").as_path()]);
        assert!(inside.unversioned.is_empty());
    }
}

/// A repository's remote: host and path (`github.com`, `acme`, `web`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub host: String,
    /// The first segment of the path: a GitHub owner, a GitLab top-level group.
    pub owner: String,
    pub name: String,
}

/// The `origin` remote (else the first remote with a URL) of a `.git/config`.
pub fn origin_of_config(config: &str) -> Option<Origin> {
    let mut section = "";
    let mut first = None;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some((k, v)) = line.split_once('=') else { continue };
        if k.trim() != "url" || !section.starts_with("[remote ") {
            continue;
        }
        let url = v.trim().trim_matches('"');
        if section == "[remote \"origin\"]" {
            return origin_of_url(url);
        }
        first.get_or_insert(url);
    }
    first.and_then(origin_of_url)
}

/// `https://github.com/acme/web.git`, `git@github.com:acme/web.git`, `ssh://git@host:22/acme/web`.
pub fn origin_of_url(url: &str) -> Option<Origin> {
    let (rest, scp) = match url.split_once("://") {
        Some((_, r)) => (r, false),
        None => (url, true),
    };
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let cut = if scp { rest.find([':', '/'])? } else { rest.find('/')? };
    let (host, path) = rest.split_at(cut);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let mut segs = path[1..]
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .split('/')
        .filter(|s| !s.is_empty());
    let owner = segs.next()?.to_owned();
    let name = segs.next_back()?.to_owned();
    (!host.is_empty() && !host.starts_with('/')).then_some(Origin { host, owner, name })
}
