//! `shipshape dupes`: duplicated CI and container configuration, found by structure rather than
//! text, across the files of one repository or several, each cluster with the abstraction that
//! removes it.
//!
//! The pipeline: discover and classify the files (as `check` does), parse each once and extract
//! its sequences (steps, script lines, instructions), whole units (jobs, services, workloads,
//! Dockerfiles) and entry maps ([`extract`]); hash every region in an exact and a fuzzy canonical
//! form ([`canon`]); cluster ([`cluster`]); propose ([`propose`]).
// This crate reads the repositories it is pointed at, as the CLI does.
#![allow(clippy::disallowed_methods)]

pub mod canon;
pub mod cluster;
pub mod extract;
pub mod hash;
pub mod include;
pub mod model;
pub mod propose;
pub mod render;
pub mod write;

use model::{Extracted, Source};
use rayon::prelude::*;
use serde::Serialize;
use shipshape_core::classify::{FileKind, classify};
use std::path::{Path, PathBuf};

/// Thresholds (`--min-lines`, `--min-steps`, `--min-occurrences`, `--min-similarity`).
#[derive(Clone, Debug)]
pub struct Options {
    /// A region of at least this many non-boilerplate lines is worth abstracting...
    pub min_lines: u32,
    /// ...or of at least this many non-boilerplate steps, script lines or instructions.
    pub min_steps: u32,
    pub min_occurrences: usize,
    /// The share of a region's text that stays the same across its copies (0–1).
    pub min_similarity: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_lines: 8,
            min_steps: 3,
            min_occurrences: 2,
            min_similarity: 0.8,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub files_scanned: usize,
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Serialize)]
pub struct Cluster {
    /// What repeats: `steps`, `script`, `instructions`, `job`, `service`, `services` (several
    /// whole services of each file), `gitlab-job`, `workload`, `dockerfile`, `service-entries`,
    /// `gitlab-job-entries`, `container-entries`.
    pub kind: &'static str,
    pub members: Vec<Member>,
    pub parameters: Vec<Parameter>,
    pub lines_saved: u32,
    pub proposal: propose::Proposal,
    /// What `--write` writes for it, when the proposal can be applied keeping behaviour.
    #[serde(skip)]
    pub writes: Option<Vec<write::FileWrite>>,
}

#[derive(Debug, Serialize)]
pub struct Member {
    pub path: String,
    pub line: u32,
    pub end_line: u32,
    /// The job, service, stage or workload it sits in.
    pub owner: String,
}

#[derive(Debug, Serialize)]
pub struct Parameter {
    pub name: String,
    /// One per member, in member order.
    pub values: Vec<String>,
}

#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The files below `roots` that `dupes` reads, with their kinds: every root is walked as `check`
/// walks it (ignore files respected, `.github` included).
pub fn collect(roots: &[PathBuf]) -> Result<Vec<(Source, FileKind)>, Error> {
    let excludes = shipshape_core::discover::build_excludes(&[]).map_err(Error)?;
    let mut out = Vec::new();
    for (ri, root) in roots.iter().enumerate() {
        let found = shipshape_core::discover::discover(std::slice::from_ref(root), &excludes)
            .map_err(|e| Error(format!("{}: {}", e.path.display(), e.message)))?;
        let base = if root.is_dir() { root.as_path() } else { Path::new("") };
        for d in found {
            let Some(kind) = kind_by_name(&d.path) else { continue };
            let Ok(bytes) = std::fs::read(&d.path) else { continue };
            if bytes.len() > 2 << 20 {
                continue;
            }
            let Ok(text) = String::from_utf8(bytes) else { continue };
            let kind = if kind == FileKind::Yaml {
                classify(&d.path, &text, false)
            } else {
                kind
            };
            if !matches!(
                kind,
                FileKind::Dockerfile
                    | FileKind::Compose
                    | FileKind::GithubWorkflow
                    | FileKind::GithubAction
                    | FileKind::GitlabCi
                    | FileKind::Kubernetes
            ) {
                continue;
            }
            let rel = d.path.strip_prefix(base).unwrap_or(&d.path);
            let shown = if base.as_os_str().is_empty() {
                d.path.clone()
            } else {
                root.join(rel)
            };
            out.push((
                Source {
                    path: shown.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_owned(),
                    root: ri,
                    text,
                },
                kind,
            ));
        }
        follow_gitlab_includes(root, ri, &mut out);
    }
    Ok(out)
}

/// The files a pipeline includes with `include: local` are GitLab CI whatever their names
/// (`ci/review.yml`), to a depth of five.
fn follow_gitlab_includes(root: &Path, ri: usize, out: &mut Vec<(Source, FileKind)>) {
    let base = if root.is_dir() { root.to_path_buf() } else { PathBuf::from(".") };
    let mut todo: Vec<(String, usize)> = out
        .iter()
        .filter(|(s, k)| s.root == ri && *k == FileKind::GitlabCi)
        .map(|(s, _)| (s.text.clone(), 0))
        .collect();
    while let Some((text, depth)) = todo.pop() {
        if depth >= 5 {
            continue;
        }
        let yaml = shipshape_yaml::Yaml::parse(&text);
        let Some(inc) = yaml.docs.first().and_then(|d| d.root()).and_then(|r| r.get("include")) else {
            continue;
        };
        for item in inc.scalar_or_items() {
            let local = if item.is_map() {
                item.get("local").and_then(|l| l.as_str())
            } else {
                item.as_str()
            };
            let Some(local) = local.filter(|l| !l.contains("://") && !l.contains('*') && !l.contains('$')) else {
                continue;
            };
            let path = base.join(local.trim_start_matches('/'));
            let shown = path.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_owned();
            if out.iter().any(|(s, _)| s.path == shown) {
                // Already read under another kind: it is GitLab CI.
                if let Some((_, k)) = out.iter_mut().find(|(s, _)| s.path == shown) {
                    *k = FileKind::GitlabCi;
                }
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            if text.len() > 2 << 20 {
                continue;
            }
            todo.push((text.clone(), depth + 1));
            out.push((
                Source {
                    path: shown,
                    root: ri,
                    text,
                },
                FileKind::GitlabCi,
            ));
        }
    }
}

fn kind_by_name(path: &Path) -> Option<FileKind> {
    match shipshape_core::classify::classify_by_name(path) {
        Some(FileKind::Other) | Some(FileKind::Dockerignore) => None,
        Some(k) => Some(k),
        None => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            (ext.eq_ignore_ascii_case("yml") || ext.eq_ignore_ascii_case("yaml")).then_some(FileKind::Yaml)
        }
    }
}

/// A repository's fingerprints (`--index-out`): every region's hashes, parameters and place,
/// with the text of the files they come from (so that proposals can be written from it). Indexes
/// of several repositories merge (`--index`) into the clusters one run over all of them finds.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Index {
    pub version: u32,
    pub roots: usize,
    pub files: Vec<Source>,
    pub extracted: Extracted,
}

const INDEX_VERSION: u32 = 1;

/// Parse every file once and extract its regions.
pub fn index(files: Vec<(Source, FileKind)>) -> Index {
    let parts: Vec<Extracted> = files
        .par_iter()
        .enumerate()
        .map(|(i, (src, kind))| {
            let mut ex = Extracted::default();
            extract::extract(i, src, *kind, &mut ex);
            ex
        })
        .collect();
    let mut ex = Extracted::default();
    for p in parts {
        append(&mut ex, p, 0);
    }
    let roots = files.iter().map(|(s, _)| s.root + 1).max().unwrap_or(0);
    Index {
        version: INDEX_VERSION,
        roots,
        files: files.into_iter().map(|(s, _)| s).collect(),
        extracted: ex,
    }
}

/// Add `p`'s regions to `ex`, its file numbers shifted by `files`.
fn append(ex: &mut Extracted, p: Extracted, files: usize) {
    let base = ex.sequences.len();
    ex.actions.extend(p.actions.into_iter().map(|(f, s)| (f + files, s + base)));
    ex.sequences.extend(p.sequences.into_iter().map(|mut s| {
        s.file += files;
        s
    }));
    ex.wholes.extend(p.wholes.into_iter().map(|mut w| {
        w.file += files;
        w
    }));
    ex.maps.extend(p.maps.into_iter().map(|mut m| {
        m.file += files;
        m
    }));
}

/// Several indexes as one: files and roots numbered on.
pub fn merge(indexes: Vec<Index>) -> Result<Index, Error> {
    let mut out = Index {
        version: INDEX_VERSION,
        roots: 0,
        files: Vec::new(),
        extracted: Extracted::default(),
    };
    for ix in indexes {
        if ix.version != INDEX_VERSION {
            return Err(Error(format!(
                "an index of version {} (this shipshape reads {INDEX_VERSION}): write it again",
                ix.version
            )));
        }
        let files = out.files.len();
        let roots = out.roots;
        out.files.extend(ix.files.into_iter().map(|mut f| {
            f.root += roots;
            f
        }));
        append(&mut out.extracted, ix.extracted, files);
        out.roots += ix.roots;
    }
    Ok(out)
}

/// Find the duplicates among `files`.
pub fn analyse(files: Vec<(Source, FileKind)>, opts: &Options) -> Report {
    report(index(files), opts)
}

/// The clusters of an index (one run's, or several merged).
pub fn report(ix: Index, opts: &Options) -> Report {
    let (sources, ex) = (ix.files, ix.extracted);
    let mut clusters = Vec::new();
    // The files proposals create, by repository: two clusters never propose one path (hyperdx's
    // two different step runs both named `setup-docker-buildx`).
    let mut claimed: std::collections::HashSet<(usize, String)> = std::collections::HashSet::new();
    for c in cluster::clusters(&sources, &ex, opts) {
        let Some((kind, existing)) = propose::kind_of(&c, &ex) else {
            continue;
        };
        let mut proposal = propose::propose(&c, kind, existing, &sources, &ex);
        if proposal.existing.is_none() && proposal.kind.creates_a_file() {
            let root = sources[c.members[0].file].root;
            let mut n = 1;
            let base = proposal.path.clone();
            while claimed.contains(&(root, proposal.path.clone())) {
                n += 1;
                propose::rename(&mut proposal, &propose::numbered(&base, n));
            }
            claimed.insert((root, proposal.path.clone()));
        }
        let writes = write::plan(&c, &proposal, &sources, &ex);
        clusters.push(Cluster {
            kind: match c.origin {
                cluster::Origin::Run(model::SeqKind::JobSteps | model::SeqKind::ActionSteps) => "steps",
                cluster::Origin::Run(model::SeqKind::Script) => "script",
                cluster::Origin::Run(model::SeqKind::Stage) => "instructions",
                cluster::Origin::Whole(model::WholeKind::Job) => "job",
                cluster::Origin::Whole(model::WholeKind::Service) => "service",
                cluster::Origin::Whole(model::WholeKind::GitlabJob) => "gitlab-job",
                cluster::Origin::Whole(model::WholeKind::Workload) => "workload",
                cluster::Origin::Whole(model::WholeKind::Dockerfile) => "dockerfile",
                cluster::Origin::Entries(model::MapKind::Service) => "service-entries",
                cluster::Origin::Entries(model::MapKind::GitlabJob) => "gitlab-job-entries",
                cluster::Origin::Entries(model::MapKind::Container) => "container-entries",
                cluster::Origin::Services => "services",
            },
            members: c
                .members
                .iter()
                .map(|m| Member {
                    path: sources[m.file].path.clone(),
                    line: m.line,
                    end_line: m.end_line,
                    owner: m.owner.clone(),
                })
                .collect(),
            parameters: c
                .params
                .iter()
                .map(|p| Parameter {
                    name: p.name.clone(),
                    values: p.values.clone(),
                })
                .collect(),
            lines_saved: c.lines_saved,
            proposal,
            writes,
        });
    }
    Report {
        version: 1,
        files_scanned: sources.len(),
        clusters,
    }
}

/// `collect` then `analyse`.
pub fn run(roots: &[PathBuf], opts: &Options) -> Result<Report, Error> {
    Ok(analyse(collect(roots)?, opts))
}

/// The writes of every cluster that can be written, skipping a cluster that touches a file an
/// earlier (larger) one already changes: its edits were planned on the file as it was.
pub fn writes(report: &Report) -> Vec<(usize, Vec<write::FileWrite>)> {
    let mut touched: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (i, c) in report.clusters.iter().enumerate() {
        let Some(w) = &c.writes else { continue };
        if w.iter().any(|f| touched.contains(&f.path)) {
            continue;
        }
        touched.extend(w.iter().map(|f| f.path.clone()));
        out.push((i, w.clone()));
    }
    out
}
