//! The composition root as a library: the one list of shipshape's domains, and a [`Workspace`] that
//! runs a check over inputs (paths on disk, or content in memory) and returns a [`Run`]. Every
//! front-end (the CLI, the fuzzer, and the servers and commands to come) goes through it; none
//! assembles the engine itself.
// This crate owns the disk; domain crates read through the SourceTree (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use shipshape_core::RuleMeta;
use shipshape_core::baseline::{Baseline, BaselineEntry};
use shipshape_core::classify::{FileKind, classify, classify_yaml_content, looks_like_dockerfile};
use shipshape_core::config::{CliSelection, ConfigSource, Configs};
use shipshape_core::diagnostic::FileChange;
use shipshape_core::discover::Discovered;
use shipshape_core::engine::{Checker, Engine, FileReport, FixMode, Outcome, RunOptions, SourceFile, Statistics, decode, statistics};
use shipshape_core::project::Projects;
use shipshape_core::rule::Registry;
use shipshape_core::spill::Spill;
use shipshape_core::tree::git::GitTree;
use shipshape_core::tree::{Disk, Overlay, SourceTree};
use shipshape_core::{Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every domain's checker, built once per workspace.
#[derive(Default)]
pub struct Domains {
    docker: shipshape_dockerfile::DockerfileChecker,
    actions: shipshape_actions::ActionsChecker,
    gitlab: shipshape_gitlab::GitlabChecker,
    compose: shipshape_compose::ComposeChecker,
    kubernetes: shipshape_kubernetes::KubernetesChecker,
    terraform: shipshape_terraform::TerraformChecker,
    secrets: shipshape_secrets::SecretsChecker,
}

impl Domains {
    /// The checkers, in the order the engine asks them whether they handle a file kind.
    pub fn checkers(&self) -> Vec<&dyn Checker> {
        vec![
            &self.docker,
            &self.actions,
            &self.gitlab,
            &self.compose,
            &self.kubernetes,
            &self.terraform,
            &self.secrets,
        ]
    }

    /// Every rule of every domain, and the engine's own.
    pub fn registry(&self) -> Registry {
        let rules: Vec<&'static RuleMeta> = self.checkers().iter().flat_map(|c| c.rules().iter().copied()).collect();
        Registry::new(rules)
    }
}

/// Why a run could not be made (a file that fails to parse is a finding, not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A `--select`/`--ignore` selector that names no rule.
    UnknownSelector(String),
    /// A config file that cannot be read or is invalid (the message says where).
    Config(String),
    /// A path that does not exist or cannot be walked.
    Path { path: PathBuf, message: String },
    /// A baseline that cannot be read.
    Baseline(String),
    /// The worker pool could not be built, or the working directory is unknown.
    Setup(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::UnknownSelector(s) => write!(f, "unknown rule selector `{s}`"),
            Error::Config(m) | Error::Baseline(m) | Error::Setup(m) => f.write_str(m),
            Error::Path { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// How a workspace checks: rule selection, config, fixes, baseline, workers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: CliSelection,
    pub config: Option<PathBuf>,
    pub no_config: bool,
    /// Apply exclusions to inputs named explicitly too.
    pub force_exclude: bool,
    pub fix: FixMode,
    /// Hide findings whose fingerprints this baseline file holds.
    pub baseline: Option<PathBuf>,
    /// Worker threads (default: one per core).
    pub jobs: Option<usize>,
    /// Check this git revision (`HEAD~1`, a branch, a commit) of the repository that holds the
    /// inputs, read from its objects without a checkout, instead of the files on disk. Configs
    /// are the revision's own (a `--config` file is read from the disk). Read-only: no fixes.
    pub revision: Option<String>,
    /// A revision already open (`review` reads its changed files' texts from the same tree it
    /// checks): used instead of opening [`Options::revision`] again.
    pub revision_tree: Option<Arc<GitTree>>,
    /// Check only this shard of the files found: `(index, count)`, `index` from 1 (see [`Shard`]).
    pub shard: Option<Shard>,
    /// Keep of each file only what rendering its findings needs (a run that neither fixes nor
    /// diffs): memory then grows with the findings, not with the tree.
    pub compact: bool,
    /// Counts the files checked as the run goes, for a progress display.
    pub progress: Option<Arc<shipshape_core::engine::Progress>>,
}

/// One of `count` parts of a tree, chosen by a hash of each file's path: `--shard 2/4` in the
/// second of four CI jobs checks a quarter of the files, and the four reports merged
/// (`shipshape merge`) are one run's. The split depends only on the paths as found, so every job
/// of a matrix agrees on it; cross-file rules still read every file they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// From 1 to `count`.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// `I/N` with 1 ≤ I ≤ N.
    pub fn parse(s: &str) -> Option<Self> {
        let (i, n) = s.split_once('/')?;
        let (index, count) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
        (1..=count).contains(&index).then_some(Self { index, count })
    }

    /// Whether the file at `path` (as discovery names it) belongs to this shard. FNV-1a over the
    /// path with `/` separators and no leading `./`: stable across machines, builds and platforms.
    pub fn contains(&self, path: &Path) -> bool {
        let clean = clean_path(path);
        let text = clean.to_string_lossy().replace('\\', "/");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        usize::try_from(hash % self.count as u64).unwrap_or(0) == self.index - 1
    }
}

/// What to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or directory on disk (directories are walked).
    Path(PathBuf),
    /// Content in memory (standard input, an editor buffer, what an agent is about to write). With
    /// no name, the kind is judged from the content.
    Content { name: Option<String>, bytes: Vec<u8> },
    /// The unsaved content of the file at `path` (an editor buffer, a file about to be written):
    /// checked as that file, in its directory, and seen by the cross-file rules of every other
    /// file of the check in place of what the disk holds. Never written back by
    /// [`Run::write_fixes`].
    Buffer { path: PathBuf, bytes: Vec<u8> },
}

/// How many files a streamed check ([`Workspace::check_streaming`]) makes at a time: enough to
/// keep every core busy between chunks, few enough that their reports weigh little.
pub const STREAM_CHUNK: usize = 1024;

/// The domains, the rule registry and a worker pool: open once, check many times.
pub struct Workspace {
    domains: Domains,
    registry: Registry,
    options: Options,
    pool: rayon::ThreadPool,
}

/// The result of one check.
pub struct Run {
    pub outcomes: Vec<Outcome>,
    pub statistics: Statistics,
    /// The run's failure level (`--fail-on` or the primary config's `fail-on`).
    pub fail_on: Severity,
}

impl Workspace {
    /// The engine of one stretch of a run: the workspace's checkers over `configs`, carrying the
    /// run's `projects` (moved back out after it).
    fn engine<'c>(&'c self, configs: &'c Configs, cwd: &Path, projects: shipshape_core::project::Projects) -> Engine<'c> {
        Engine {
            checkers: self.domains.checkers(),
            configs,
            cwd: cwd.to_path_buf(),
            projects,
        }
    }

    pub fn open(options: Options) -> Result<Self, Error> {
        let domains = Domains::default();
        let registry = domains.registry();
        let s = &options.selection;
        for sel in s.select.iter().flatten().chain(&s.ignore).chain(&s.extend_select) {
            if !registry.is_known_selector(sel) {
                return Err(Error::UnknownSelector(sel.clone()));
            }
        }
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(j) = options.jobs {
            pool = pool.num_threads(j.max(1));
        }
        let pool = pool.build().map_err(|e| Error::Setup(format!("cannot start workers: {e}")))?;
        Ok(Self {
            domains,
            registry,
            options,
            pool,
        })
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Check `inputs` (the current directory when empty).
    pub fn check(&self, inputs: &[Input]) -> Result<Run, Error> {
        self.check_in(inputs, &[])
    }

    /// Check `inputs` with `unsaved` files (path, text) seen in place of the disk's by every
    /// cross-file rule, without being checked themselves: the other open buffers of an editor.
    pub fn check_in(&self, inputs: &[Input], unsaved: &[(PathBuf, String)]) -> Result<Run, Error> {
        self.check_impl(inputs, unsaved, None)
    }

    /// Check `inputs` and hand the outcomes of the files found to `sink` as they are made, in path
    /// order, a chunk of [`STREAM_CHUNK`] files at a time, keeping none: memory does not grow with
    /// the tree. The [`Run`] returned holds the statistics of everything and the outcomes of
    /// in-memory inputs only.
    pub fn check_streaming(&self, inputs: &[Input], sink: &mut dyn FnMut(Vec<Outcome>)) -> Result<Run, Error> {
        self.check_impl(inputs, &[], Some(sink))
    }

    fn check_impl(
        &self,
        inputs: &[Input],
        unsaved: &[(PathBuf, String)],
        sink: Option<&mut dyn FnMut(Vec<Outcome>)>,
    ) -> Result<Run, Error> {
        let dot = [Input::Path(PathBuf::from("."))];
        let inputs = if inputs.is_empty() { &dot[..] } else { inputs };
        let disk: Vec<PathBuf> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Path(p) => Some(p.clone()),
                Input::Content { .. } | Input::Buffer { .. } => None,
            })
            .collect();
        let buffer_paths: Vec<&Path> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Buffer { path, .. } => Some(path.as_path()),
                _ => None,
            })
            .collect();
        let start = disk
            .first()
            .cloned()
            .or_else(|| buffer_paths.first().map(|p| p.to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("."));
        let source = match (&self.options.config, self.options.no_config) {
            (_, true) => ConfigSource::None,
            (Some(p), false) => ConfigSource::Explicit(p.clone()),
            (None, false) => ConfigSource::Discover,
        };
        let cli = &self.options.selection;
        let revision = match (&self.options.revision_tree, &self.options.revision) {
            (Some(tree), _) => {
                if self.options.fix != FixMode::Off {
                    return Err(Error::Setup(format!("a revision is read-only: `{}` cannot be fixed", tree.rev())));
                }
                Some(Arc::clone(tree))
            }
            (None, Some(rev)) => {
                if self.options.fix != FixMode::Off {
                    return Err(Error::Setup(format!("a revision is read-only: `{rev}` cannot be fixed")));
                }
                let dir = if start.is_dir() {
                    start.clone()
                } else {
                    start.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
                Some(Arc::new(GitTree::open(&dir, rev).map_err(Error::Setup)?))
            }
            (None, None) => None,
        };
        // A revision's configs are its own (`check --rev` of an older commit with an older config).
        let config_tree: &dyn shipshape_core::tree::SourceTree = match &revision {
            Some(git) => git.as_ref(),
            None => &shipshape_core::tree::Disk,
        };
        let mut configs = Configs::load(&self.registry, cli, &source, &start, config_tree).map_err(Error::Config)?;
        // The files to check, in path order: a revision's as it lists them, the disk's walked as
        // they are asked for (a tree of any size is never held whole).
        let found: Box<dyn Iterator<Item = Discovered> + Send> = if let Some(git) = &revision {
            let mut files = Vec::new();
            // The revision's files under each path named (the whole revision for `.`).
            for root in &disk {
                let found = git.files_in(root);
                if found.is_empty() {
                    return Err(Error::Path {
                        path: root.clone(),
                        message: format!("not in revision `{}`", git.rev()),
                    });
                }
                let explicit = found.len() == 1 && git.is_file(root);
                let cwd = std::env::current_dir().unwrap_or_default();
                files.extend(found.into_iter().map(|p| Discovered {
                    path: p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p),
                    explicit,
                }));
            }
            Box::new(files.into_iter())
        } else if !disk.is_empty() {
            Box::new(
                shipshape_core::discover::walk(&disk, &configs.primary().exclude_set).map_err(|e| Error::Path {
                    path: e.path,
                    message: e.message,
                })?,
            )
        } else {
            Box::new(std::iter::empty())
        };
        if !buffer_paths.is_empty() {
            configs
                .discover_for(config_tree, &self.registry, cli, buffer_paths.iter().copied())
                .map_err(Error::Config)?;
        }
        let baseline = match &self.options.baseline {
            Some(p) => Some(Baseline::load(p).map_err(Error::Baseline)?),
            None => None,
        };
        let cwd = std::env::current_dir().map_err(|e| Error::Setup(format!("no working directory: {e}")))?;
        // Buffers and unsaved files lie over the disk for every read beside a checked file.
        let buffers: Vec<(&Path, String)> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Buffer { path, bytes } => Some((path.as_path(), decode(bytes.clone()).0)),
                _ => None,
            })
            .collect();
        let base: Arc<dyn SourceTree> = match &revision {
            Some(git) => Arc::clone(git) as Arc<dyn SourceTree>,
            None => Arc::new(Disk),
        };
        let tree: Arc<dyn SourceTree> = if buffers.is_empty() && unsaved.is_empty() {
            base
        } else {
            let mut overlay = Overlay::new(base);
            for (path, text) in unsaved
                .iter()
                .map(|(p, t)| (p.as_path(), t.as_str()))
                .chain(buffers.iter().map(|(p, t)| (*p, t.as_str())))
            {
                overlay.insert(path, text);
            }
            Arc::new(overlay)
        };
        let mut projects = Projects::new(tree);
        if revision.is_none() {
            projects.set_unversioned_roots(disk.iter().map(PathBuf::as_path));
        }
        let opts = RunOptions {
            fix: self.options.fix,
            baseline,
            compact: self.options.compact && self.options.fix == FixMode::Off,
            progress: self.options.progress.clone(),
        };
        let mut outcomes = Vec::new();
        if inputs.iter().any(|i| !matches!(i, Input::Path(_))) {
            let engine = self.engine(&configs, &cwd, projects);
            for input in inputs {
                if let Input::Content { name, bytes } = input {
                    let (text, lossy) = decode(bytes.clone());
                    let (display, kind) = match name {
                        Some(n) => (n.clone(), classify(Path::new(n), &text, true)),
                        None => ("-".to_owned(), content_kind(&text)),
                    };
                    let file = SourceFile {
                        path: None,
                        display,
                        kind,
                        text,
                        lossy,
                    };
                    outcomes.push(engine.run_file(file, &opts));
                }
                if let Input::Buffer { path, bytes } = input {
                    let (text, lossy) = decode(bytes.clone());
                    let file = SourceFile {
                        path: Some(path.clone()),
                        display: path.strip_prefix(&cwd).unwrap_or(path).to_string_lossy().into_owned(),
                        kind: classify(path, &text, true),
                        text,
                        lossy,
                    };
                    let mut outcome = engine.run_file(file, &opts);
                    // The buffer's fixes are for its owner to apply, never written over the disk's file.
                    if let Outcome::Checked(r) = &mut outcome {
                        r.path = None;
                    }
                    outcomes.push(outcome);
                }
            }
            projects = engine.projects;
        }
        let mut statistics = statistics(&outcomes);
        let force = self.options.force_exclude;
        let from_revision = self.options.revision_tree.is_some() || self.options.revision.is_some();
        let mut sink = sink;
        // The walk runs beside the checking, a bounded channel ahead of it. Files are checked a
        // chunk at a time, in parallel, in path order; after each chunk the caches of the folders
        // passed are dropped, so a run holds only what its current folders need.
        std::thread::scope(|scope| -> Result<(), Error> {
            let (send, receive) = std::sync::mpsc::sync_channel::<Discovered>(2 * STREAM_CHUNK);
            scope.spawn(move || {
                for file in found {
                    if send.send(file).is_err() {
                        break;
                    }
                }
            });
            let mut chunk = Vec::with_capacity(STREAM_CHUNK);
            loop {
                chunk.clear();
                chunk.extend(receive.iter().take(STREAM_CHUNK));
                if chunk.is_empty() {
                    return Ok(());
                }
                configs
                    .discover_for(
                        config_tree,
                        &self.registry,
                        cli,
                        chunk.iter().map(|f: &Discovered| f.path.as_path()),
                    )
                    .map_err(Error::Config)?;
                // Named files are checked even when excluded, unless exclusions are forced
                // (pre-commit names every changed file); a revision's named files always are.
                chunk.retain(|f| {
                    let named = f.explicit && (from_revision || (!force && !configs.for_path(Some(&f.path)).force_exclude));
                    (named || !configs.excludes(&f.path)) && self.options.shard.is_none_or(|shard| shard.contains(&f.path))
                });
                if let Some(progress) = &opts.progress {
                    progress.total.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed);
                }
                let engine = self.engine(&configs, &cwd, projects);
                let done = self.pool.install(|| engine.run_paths(&chunk, &opts));
                projects = engine.projects;
                statistics.add(shipshape_core::engine::statistics(&done));
                match &mut sink {
                    Some(sink) => sink(done),
                    None => outcomes.extend(done),
                }
                if let Some(last) = chunk.last() {
                    projects.forget_passed(&last.path);
                    configs.forget_passed(&last.path);
                }
            }
        })?;
        Ok(Run {
            outcomes,
            statistics,
            fail_on: configs.primary().fail_on,
        })
    }
}

/// Whether an outcome is of an infrastructure file (checked, or counted): a run that saw none
/// checked nothing, and a front-end says so rather than report a pass.
pub fn is_infrastructure(o: &Outcome) -> bool {
    match o {
        Outcome::Checked(r) => r.kind.is_infrastructure(),
        Outcome::Counted(kind) => kind.is_infrastructure(),
        Outcome::Skipped { .. } => false,
    }
}

/// What content of no known name holds, judged as a file of unknown name is.
pub fn content_kind(text: &str) -> FileKind {
    if looks_like_dockerfile(text) {
        return FileKind::Dockerfile;
    }
    match classify_yaml_content(text) {
        FileKind::Yaml => {
            let top =
                |key: &str| shipshape_core::classify::content_lines(text).any(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')));
            if top("jobs") && (top("on") || top("\"on\"") || top("'on'")) {
                FileKind::GithubWorkflow
            } else if top("stages") || (top("include") && !top("services")) {
                FileKind::GitlabCi
            } else {
                FileKind::Yaml
            }
        }
        kind => kind,
    }
}

/// A file that could not be written while applying fixes.
/// A file other than the checked ones that fixes create or extend.
#[derive(Debug)]
pub struct PlannedChange {
    pub path: PathBuf,
    /// The path as shown.
    pub display: String,
    /// Its text now; `None` when the fixes create it.
    pub old: Option<String>,
    pub new: String,
    /// How many fixes make this change.
    pub fixes: usize,
}

/// `./a/b` → `a/b`: the same file named two ways is one change.
fn clean_path(p: &std::path::Path) -> PathBuf {
    p.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

#[derive(Debug)]
pub struct WriteFailure {
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// The files other than the checked ones that fixes create or extend (a `.dockerignore` beside a
/// Dockerfile), each once: changes to one path are applied in order, a change identical to one
/// already applied counts as the same fix, and a change that no longer applies (the file to create
/// exists) is left out.
pub fn plan_changes<'a>(changes: impl IntoIterator<Item = &'a FileChange>) -> Vec<PlannedChange> {
    let mut planned: Vec<PlannedChange> = Vec::new();
    let mut seen: Vec<(PathBuf, shipshape_core::diagnostic::FileOp)> = Vec::new();
    for change in changes {
        let path = clean_path(&change.path);
        if seen.iter().any(|(p, op)| *p == path && *op == change.op) {
            if let Some(p) = planned.iter_mut().find(|p| p.path == path) {
                p.fixes += 1;
            }
            continue;
        }
        let at = planned.iter().position(|p| p.path == path);
        let current = match at {
            Some(i) => Some(planned[i].new.clone()),
            None => match std::fs::read_to_string(&path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(_) => continue,
            },
        };
        let Some(new) = shipshape_core::fix::apply_file_op(&change.op, current.as_deref()) else {
            continue;
        };
        seen.push((path.clone(), change.op.clone()));
        match at {
            Some(i) => {
                planned[i].new = new;
                planned[i].fixes += 1;
            }
            None => planned.push(PlannedChange {
                display: path.display().to_string(),
                path,
                old: current,
                new,
                fixes: 1,
            }),
        }
    }
    planned
}

/// Create or extend the planned files (atomically); the fixes written and the files that could not be.
pub fn write_planned(planned: Vec<PlannedChange>) -> (usize, Vec<WriteFailure>) {
    let (mut written, mut failures) = (0, Vec::new());
    for c in planned {
        let result = match &c.old {
            None => shipshape_core::fix::create_atomic(&c.path, &c.new),
            Some(_) => shipshape_core::fix::write_atomic(&c.path, &c.new),
        };
        match result {
            Ok(()) => written += c.fixes,
            Err(error) => failures.push(WriteFailure { path: c.path, error }),
        }
    }
    (written, failures)
}

/// A planned change's unified diff (a created file's against nothing, as git shows it), withheld
/// when it would show a secret.
pub fn planned_diff(c: &PlannedChange) -> (String, Result<String, shipshape_core::fix::DiffWithheld>) {
    let old = c.old.as_deref().unwrap_or("");
    let diff = shipshape_core::fix::unified_diff(&c.display, old, &[], &c.new, &[]).map(|d| match c.old {
        None => d.replacen(&format!("--- a/{}\n", c.display), "--- /dev/null\n", 1),
        Some(_) => d,
    });
    (c.display.clone(), diff)
}

/// The fixes of a streamed run: each fixed file's new text goes to a [`Spill`] (memory up to a
/// bound, then a temporary file) as its chunk is checked, with the other files its fixes create or
/// extend, and all is written once every file is checked, so that no rule reads a file the run has
/// already rewritten, and memory does not grow with the tree.
#[derive(Default)]
pub struct StagedFixes {
    spill: Spill,
    files: usize,
    changes: Vec<FileChange>,
}

impl StagedFixes {
    /// Keep only the other files a chunk's fixes create or extend (for `--diff`, which shows the
    /// fixed files' own diffs as they come).
    pub fn add_changes(&mut self, reports: &[&FileReport]) {
        self.changes.extend(reports.iter().flat_map(|r| r.changes.iter().cloned()));
    }

    /// Stage what a chunk's reports fix.
    pub fn add(&mut self, reports: &[&FileReport]) -> std::io::Result<()> {
        use std::io::Write;
        for r in reports {
            self.changes.extend(r.changes.iter().cloned());
            let (Some(new), Some(path)) = (&r.fixed, &r.path) else { continue };
            let path = path_bytes(path);
            for part in [&path[..], new.as_bytes()] {
                self.spill.write_all(&(part.len() as u64).to_le_bytes())?;
                self.spill.write_all(part)?;
            }
            self.spill.write_all(&(r.fixes_applied as u64).to_le_bytes())?;
            self.files += 1;
        }
        Ok(())
    }

    /// Write every staged file (atomically, through links), then the planned changes. Returns the
    /// number of fixes written and the files that could not be written.
    pub fn write(self) -> (usize, Vec<WriteFailure>) {
        use std::io::Read;
        let (mut written, mut failures) = (0, Vec::new());
        let mut from = match self.spill.into_reader() {
            Ok(r) => r,
            Err(error) => {
                failures.push(WriteFailure {
                    path: PathBuf::from("(staged fixes)"),
                    error,
                });
                return (0, failures);
            }
        };
        let take = |from: &mut dyn Read| -> std::io::Result<Vec<u8>> {
            let mut len = [0u8; 8];
            from.read_exact(&mut len)?;
            let mut bytes = vec![0u8; u64::from_le_bytes(len) as usize];
            from.read_exact(&mut bytes)?;
            Ok(bytes)
        };
        for _ in 0..self.files {
            let staged = (|| -> std::io::Result<(PathBuf, String, usize)> {
                let path = take(&mut from)?;
                let text = take(&mut from)?;
                let mut n = [0u8; 8];
                from.read_exact(&mut n)?;
                let path = path_from_bytes(path);
                let text = String::from_utf8(text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
                Ok((path, text, u64::from_le_bytes(n) as usize))
            })();
            match staged {
                Ok((path, text, n)) => match shipshape_core::fix::write_atomic(&path, &text) {
                    Ok(()) => written += n,
                    Err(error) => failures.push(WriteFailure { path, error }),
                },
                Err(error) => {
                    failures.push(WriteFailure {
                        path: PathBuf::from("(staged fixes)"),
                        error,
                    });
                    break;
                }
            }
        }
        let (n, more) = write_planned(plan_changes(&self.changes));
        failures.extend(more);
        (written + n, failures)
    }

    /// The diffs of the planned changes (the fixed files' own diffs are shown as they come).
    pub fn planned_diffs(&self) -> Vec<(String, Result<String, shipshape_core::fix::DiffWithheld>)> {
        plan_changes(&self.changes).iter().map(planned_diff).collect()
    }
}

/// The baseline entries of some reports: each finding's fingerprint, rule and file.
pub fn baseline_entries(reports: &[&FileReport]) -> Vec<BaselineEntry> {
    reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                code: f.diagnostic.rule.code.to_owned(),
                path: r.display.clone(),
            })
        })
        .collect()
}

/// A path as bytes and back, for a spill: exact on Unix, where a name is any bytes; as Unicode
/// elsewhere.
#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from_bytes(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

impl Run {
    /// The reports to render: checked files, and findings about named files that could not be checked.
    pub fn reports(&self) -> Vec<&FileReport> {
        self.outcomes.iter().filter_map(Outcome::report).collect()
    }

    /// Whether a finding reaches the failure level.
    pub fn failing(&self) -> bool {
        self.reports()
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.diagnostic.severity >= self.fail_on)
    }

    /// Whether any infrastructure file was looked at (or any finding made): when not, nothing was
    /// checked and a front-end should say so rather than report a pass.
    pub fn found_infrastructure(&self) -> bool {
        let reports = self.reports();
        self.outcomes.iter().any(is_infrastructure) || reports.iter().any(|r| !r.findings.is_empty())
    }

    /// Write every fixed file on disk (atomically, through links), and create or extend the other
    /// files fixes change ([`Run::planned_changes`]). Returns the number of fixes written and the
    /// files that could not be written; one failure does not stop the others.
    pub fn write_fixes(&self) -> (usize, Vec<WriteFailure>) {
        let mut written = 0;
        let mut failures = Vec::new();
        for r in self.reports() {
            if let (Some(new), Some(path)) = (&r.fixed, &r.path) {
                match shipshape_core::fix::write_atomic(path, new) {
                    Ok(()) => written += r.fixes_applied,
                    Err(error) => failures.push(WriteFailure { path: path.clone(), error }),
                }
            }
        }
        let (n, more) = write_planned(self.planned_changes());
        failures.extend(more);
        (written + n, failures)
    }

    /// The files other than the checked ones that the run's fixes create or extend
    /// ([`plan_changes`] over every report's changes).
    pub fn planned_changes(&self) -> Vec<PlannedChange> {
        plan_changes(self.reports().iter().flat_map(|r| &r.changes))
    }

    /// The unified diff of every file the fixes change: the checked files, then the other files
    /// ([`Run::planned_changes`]; a created file's diff is against an empty one). A diff that would
    /// show a secret is withheld.
    pub fn diffs(&self) -> Vec<(String, Result<String, shipshape_core::fix::DiffWithheld>)> {
        let mut out: Vec<_> = self.reports().iter().filter_map(|r| Some((r.display.clone(), r.diff()?))).collect();
        out.extend(self.planned_changes().iter().map(planned_diff));
        out
    }

    /// Every finding as a baseline (fingerprints only, never a value).
    pub fn baseline(&self) -> Baseline {
        Baseline {
            version: 1,
            findings: baseline_entries(&self.reports()),
        }
    }

    /// Every finding of the run, with the file it is in.
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.outcomes
            .iter()
            .filter_map(Outcome::report)
            .flat_map(|r| r.findings.iter().map(move |f| (r, &f.diagnostic)))
    }
}
