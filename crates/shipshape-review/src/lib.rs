//! `shipshape review`: the risk of an infrastructure change, offline and deterministic.
//!
//! Two revisions of a git repository (a commit, or the working tree) are read from git's objects
//! (no checkout). Every changed file shipshape understands is checked at both revisions through
//! the library ([`shipshape_check::Workspace`]), and its findings are compared by fingerprint
//! (new, fixed, unchanged, escalated); both texts are read as structure and compared by meaning
//! ([`changes`]); Terraform plans are classified ([`plan`]). From those: a risk level (the table
//! in `docs/review.md`), whether approval is needed and why, rollback steps per change and
//! platform, and what to watch afterwards ([`Review`]), rendered for people, pull requests and
//! machines ([`render`]).
// This crate reads the working tree's files as the head revision, as the check library does.
#![allow(clippy::disallowed_methods)]

pub mod actions;
pub mod changes;
pub mod compose;
pub mod docker;
pub mod git;
pub mod gitlab;
pub mod kube;
pub mod monitoring;
pub mod plan;
pub mod render;
pub mod rollback;
pub mod terraform;
pub mod value;

use changes::{Category, Change, Environment, Pair, Risk, environment};
use shipshape_check::{Input, Workspace};
use shipshape_core::Severity;
use shipshape_core::classify::{FileKind, classify};
use shipshape_core::engine::{FileReport, Outcome};
use shipshape_core::tree::git::GitTree;
use shipshape_core::tree::{Disk, SourceTree};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to review.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The base revision (default: where `HEAD` left the default branch).
    pub base: Option<String>,
    /// The head revision (default: the working tree).
    pub head: Option<String>,
    /// Only changes under these paths (default: the whole repository).
    pub paths: Vec<PathBuf>,
    /// Terraform plans (`terraform show -json`) to classify.
    pub plans: Vec<PathBuf>,
    /// How each revision is checked (rule selection, config).
    pub check: shipshape_check::Options,
    /// The repository (any folder of it; default: the working directory). Paths are relative to it.
    pub dir: Option<PathBuf>,
}

/// A finding of one revision.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub fingerprint: String,
    /// For an escalated finding, its severity at the base.
    #[serde(rename = "previousSeverity", skip_serializing_if = "Option::is_none")]
    pub previous_severity: Option<Severity>,
}

/// Findings compared across the two revisions.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Findings {
    pub new: Vec<Finding>,
    pub fixed: Vec<Finding>,
    pub escalated: Vec<Finding>,
    pub unchanged: Vec<Finding>,
}

/// A changed file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct File {
    pub path: String,
    #[serde(rename = "oldPath", skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    pub status: git::Status,
    pub kind: &'static str,
    pub environment: Environment,
    pub production: bool,
}

/// A reason for the risk level.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Reason {
    pub path: String,
    pub line: usize,
    pub risk: Risk,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Complete,
    Blocked,
    Failed,
    NeedsApproval,
}

/// One revision as named and as resolved.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Revision {
    pub rev: String,
    /// The commit (`None` for the working tree).
    pub commit: Option<String>,
}

/// A review: what changed, its risk, what to do.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Review {
    pub base: Revision,
    pub head: Revision,
    /// Every changed file shipshape understands (infrastructure, migrations, monitoring).
    pub files: Vec<File>,
    /// Changed files of other kinds, counted.
    pub other_files: usize,
    pub changes: Vec<Change>,
    pub findings: Findings,
    pub risk: Risk,
    /// The changes that set the level, highest first.
    pub reasons: Vec<Reason>,
    pub approval_needed: bool,
    pub approval_reason: Option<String>,
    pub rollback_required: bool,
    pub rollback_steps: Vec<String>,
    pub notes: Vec<String>,
    pub status: Status,
    pub summary: String,
    pub task_id: String,
    /// Terraform plans classified: (path, counts).
    pub plans: Vec<(String, plan::Counts)>,
}

/// Whether a changed file is one the review reads.
fn understood(kind: FileKind, path: &str) -> bool {
    kind.is_infrastructure() && !matches!(kind, FileKind::DockerfileTemplate | FileKind::HelmTemplate)
        || changes::migration(path).is_some()
        || monitoring::is_monitoring_config(path)
        || kind == FileKind::Yaml && (path.contains("alert") || path.contains("rules") || path.contains("prometheus"))
}

/// Review the change.
pub fn review(opts: &Options) -> Result<Review, String> {
    let process_cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    let cwd = opts.dir.as_ref().map_or_else(|| process_cwd.clone(), |d| process_cwd.join(d));
    let top = git::top_level(&cwd).map_err(|e| {
        format!(
            "review compares two revisions of a git repository, and {} is not in one ({e})",
            cwd.display()
        )
    })?;
    let base_rev = match &opts.base {
        Some(b) => b.clone(),
        None => git::default_base(&cwd)?,
    };
    let base_commit = git::commit(&cwd, &base_rev)?;
    let head_commit = opts.head.as_deref().map(|h| git::commit(&cwd, h)).transpose()?;
    let mut changed = git::changed(&top, &base_commit, head_commit.as_deref())?;
    // Only under the paths named.
    if !opts.paths.is_empty() {
        let canon_top = std::fs::canonicalize(&top).unwrap_or_else(|_| top.clone());
        let prefixes: Vec<String> = opts
            .paths
            .iter()
            .map(|p| {
                let abs = cwd.join(p);
                let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
                abs.strip_prefix(&canon_top)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default()
            })
            .collect();
        changed.retain(|c| {
            prefixes.iter().any(|p| {
                p.is_empty()
                    || c.path == *p
                    || c.path.starts_with(&format!("{p}/"))
                    || c.old_path.as_ref().is_some_and(|o| o == p || o.starts_with(&format!("{p}/")))
            })
        });
    }
    // Both sides are read through the library's source trees (the check reads the same trees):
    // a revision from the repository's objects, the working tree from the disk.
    let base_tree = Arc::new(GitTree::open(&top, &base_commit)?);
    let head_tree = head_commit.as_deref().map(|h| GitTree::open(&top, h)).transpose()?.map(Arc::new);
    let read = |tree: &dyn SourceTree, root: &Path, p: &str| tree.read(&root.join(p));
    let base_texts: Vec<Option<String>> = changed
        .iter()
        .filter_map(|c| c.base_path())
        .map(|p| read(base_tree.as_ref(), base_tree.root(), p))
        .collect();
    let head_texts: Vec<Option<String>> = changed
        .iter()
        .filter_map(|c| c.head_path())
        .map(|p| match &head_tree {
            Some(t) => read(t.as_ref(), t.root(), p),
            None => read(&Disk, &top, p),
        })
        .collect();
    // The repository's owner, from its `origin` remote: its own actions are not a third party's.
    let owner = std::fs::read_to_string(top.join(".git/config"))
        .ok()
        .and_then(|c| shipshape_core::project::origin_of_config(&c))
        .map(|o| o.owner);
    let (mut bi, mut hi) = (0, 0);
    let mut files = Vec::new();
    let mut all_changes = Vec::new();
    let mut other_files = 0;
    let mut check_base: Vec<PathBuf> = Vec::new();
    let mut check_head: Vec<PathBuf> = Vec::new();
    // As the check library is given them: relative to the process's working directory when under it.
    let shown = |p: &str| -> PathBuf {
        let abs = top.join(p);
        abs.strip_prefix(&process_cwd).map(Path::to_path_buf).unwrap_or(abs)
    };
    for c in &changed {
        let base = c.base_path().map(|_| {
            bi += 1;
            base_texts[bi - 1].as_deref()
        });
        let head = c.head_path().map(|_| {
            hi += 1;
            head_texts[hi - 1].as_deref()
        });
        let (base, head) = (base.flatten(), head.flatten());
        let text = head.or(base).unwrap_or("");
        let kind = classify(Path::new(&c.path), text, false);
        if !understood(kind, &c.path) {
            other_files += 1;
            continue;
        }
        let env = environment(&c.path);
        // A Skaffold config is classified with the manifests it deploys, but deploys nothing itself.
        let tool_config = kind == FileKind::Kubernetes && text.contains("apiVersion: skaffold/");
        let production = !tool_config && env == Environment::Production
            || !tool_config && env == Environment::Unnamed && changes::deployable(kind)
            || kind == FileKind::GithubWorkflow && head.or(base).is_some_and(actions::deploys_to_production)
            || kind == FileKind::GitlabCi && head.or(base).is_some_and(gitlab::deploys_to_production);
        let pair = Pair {
            path: &c.path,
            kind,
            base,
            head,
            production,
            owner: owner.as_deref(),
        };
        let mut found = changes::changes(&pair);
        // A production change with no trigger of its own still needs approval (OUT-04): its
        // weightiest change carries it, or, when nothing in it was singled out, the file does.
        if production
            && !found.iter().any(|x| x.approval.is_some())
            && let Some(top) = found.iter_mut().filter(|x| x.risk >= Risk::Medium).max_by_key(|x| x.risk)
        {
            top.approval = Some("a production change (OUT-04)".to_owned());
        }
        if production && !found.iter().any(|x| x.approval.is_some()) {
            let verb = match c.status {
                git::Status::Added => "adds",
                git::Status::Deleted => "removes",
                git::Status::Renamed => "moves",
                git::Status::Modified => "changes",
            };
            found.push(
                Change::new(
                    &c.path,
                    0,
                    "production.changed",
                    Category::Deployment,
                    Risk::Medium,
                    format!("{verb} a production {}", kind_name(kind)),
                )
                .approval("a production change (OUT-04)"),
            );
        }
        all_changes.extend(found);
        if kind.is_infrastructure() {
            if base.is_some() {
                check_base.push(shown(c.base_path().unwrap_or(&c.path)));
            }
            if head.is_some() {
                check_head.push(shown(&c.path));
            }
        }
        files.push(File {
            path: c.path.clone(),
            old_path: c.old_path.clone(),
            status: c.status,
            kind: match kind {
                _ if changes::migration(&c.path).is_some() => "migration",
                FileKind::Yaml | FileKind::Other => "monitoring",
                k => k.as_str(),
            },
            environment: env,
            production,
        });
    }
    // Plans.
    let mut plans = Vec::new();
    for p in &opts.plans {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let shown = p.to_string_lossy().into_owned();
        let production = environment(&shown) != Environment::NonProduction;
        let (found, counts) = plan::plan(&shown, &text, production)?;
        all_changes.extend(found);
        plans.push((shown, counts));
    }
    // Findings at each side.
    let mut notes = Vec::new();
    let base_findings = findings_at(&opts.check, Some(&base_tree), &check_base, &mut notes, "base");
    let head_findings = findings_at(&opts.check, head_tree.as_ref(), &check_head, &mut notes, "head");
    let renamed: Vec<(String, String)> = changed
        .iter()
        .filter_map(|c| {
            Some((
                shown(c.old_path.as_ref()?).to_string_lossy().into_owned(),
                shown(&c.path).to_string_lossy().into_owned(),
            ))
        })
        .collect();
    let findings = compare(base_findings, head_findings, &renamed);
    // What each changed path holds at the head, for the task id of a working-tree review.
    let mut texts = Vec::with_capacity(changed.len());
    let mut hi = 0;
    for c in &changed {
        texts.push(match c.head_path() {
            Some(_) => {
                hi += 1;
                head_texts[hi - 1].clone().unwrap_or_default()
            }
            None => String::new(),
        });
    }
    build(
        opts,
        base_rev,
        base_commit,
        head_commit,
        files,
        other_files,
        all_changes,
        findings,
        plans,
        notes,
        &changed,
        &texts,
    )
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Kubernetes => "Kubernetes manifest",
        FileKind::Compose => "Compose file",
        FileKind::Terraform | FileKind::TerraformVars => "Terraform file",
        FileKind::GithubWorkflow => "deployment workflow",
        FileKind::GitlabCi => "deployment pipeline",
        FileKind::Dockerfile => "Dockerfile",
        _ => "file",
    }
}

/// Check `paths` in a revision's tree (`None`: the working tree) and list their findings.
fn findings_at(
    options: &shipshape_check::Options,
    rev: Option<&Arc<GitTree>>,
    paths: &[PathBuf],
    notes: &mut Vec<String>,
    side: &str,
) -> Vec<Finding> {
    if paths.is_empty() {
        return Vec::new();
    }
    let mut o = options.clone();
    o.revision = None;
    o.revision_tree = rev.cloned();
    o.fix = Default::default();
    o.baseline = None;
    let run = Workspace::open(o).and_then(|w| w.check(&paths.iter().cloned().map(Input::Path).collect::<Vec<_>>()));
    let run = match run {
        Ok(r) => r,
        Err(e) => {
            notes.push(format!("the {side} could not be checked: {e}"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for o in run.outcomes {
        let report: Option<FileReport> = match o {
            Outcome::Checked(r) => Some(r),
            Outcome::Skipped { report, .. } => report,
            Outcome::Counted(_) => None,
        };
        let Some(r) = report else { continue };
        for f in &r.findings {
            let (start, _) = shipshape_render::positions(&r, f.diagnostic.span);
            out.push(Finding {
                path: r.display.clone(),
                line: start.line,
                column: start.column,
                code: f.diagnostic.rule.code.to_owned(),
                severity: f.diagnostic.severity,
                message: f.diagnostic.message.clone(),
                fingerprint: f.fingerprint.clone(),
                previous_severity: None,
            });
        }
    }
    out
}

/// New, fixed, escalated and unchanged findings, by fingerprint; a renamed file's findings are
/// matched by rule and message (its path is part of the fingerprint).
fn compare(base: Vec<Finding>, head: Vec<Finding>, renamed: &[(String, String)]) -> Findings {
    let mut base: Vec<Option<Finding>> = base.into_iter().map(Some).collect();
    let mut out = Findings::default();
    for h in head {
        let same = base
            .iter()
            .position(|b| b.as_ref().is_some_and(|b| b.fingerprint == h.fingerprint))
            .or_else(|| {
                let old = renamed.iter().find(|(_, new)| *new == h.path).map(|(old, _)| old)?;
                base.iter().position(|b| {
                    b.as_ref()
                        .is_some_and(|b| b.path == *old && b.code == h.code && b.message == h.message)
                })
            });
        match same.and_then(|i| base[i].take()) {
            None => out.new.push(h),
            Some(b) if h.severity > b.severity => out.escalated.push(Finding {
                previous_severity: Some(b.severity),
                ..h
            }),
            Some(_) => out.unchanged.push(h),
        }
    }
    out.fixed = base.into_iter().flatten().collect();
    out
}

#[allow(clippy::too_many_arguments)]
fn build(
    opts: &Options,
    base_rev: String,
    base_commit: String,
    head_commit: Option<String>,
    files: Vec<File>,
    other_files: usize,
    mut changes: Vec<Change>,
    findings: Findings,
    plans: Vec<(String, plan::Counts)>,
    mut notes: Vec<String>,
    changed: &[git::Changed],
    head_texts: &[String],
) -> Result<Review, String> {
    // New errors raise the level to at least medium.
    let new_errors = findings
        .new
        .iter()
        .chain(&findings.escalated)
        .filter(|f| f.severity == Severity::Error)
        .count();
    if new_errors > 0 {
        changes.push(Change::new(
            &findings
                .new
                .iter()
                .chain(&findings.escalated)
                .find(|f| f.severity == Severity::Error)
                .map_or(String::new(), |f| f.path.clone()),
            0,
            "findings.new-errors",
            Category::Other,
            Risk::Medium,
            format!(
                "introduces {new_errors} error-level finding{}",
                if new_errors == 1 { "" } else { "s" }
            ),
        ));
    }
    let risk = changes.iter().map(|c| c.risk).max().unwrap_or(Risk::Low);
    let mut reasons: Vec<Reason> = changes
        .iter()
        .filter(|c| c.risk >= Risk::Medium)
        .map(|c| Reason {
            path: c.path.clone(),
            line: c.line,
            risk: c.risk,
            message: c.message.clone(),
        })
        .collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.risk));
    let mut approvals: Vec<String> = Vec::new();
    for c in &changes {
        if let Some(a) = &c.approval
            && !approvals.contains(a)
        {
            approvals.push(a.clone());
        }
    }
    let approval_needed = !approvals.is_empty();
    let rollback_required = files.iter().any(|f| f.production) || plans.iter().any(|(_, c)| *c != plan::Counts::default());
    let base_short = base_commit[..base_commit.len().min(12)].to_owned();
    let rollback_steps = rollback::steps(&files, &changes, &base_short, head_commit.as_deref());
    notes.extend(rollback::verification(&files, &changes));
    let blocked = findings.new.iter().any(|f| f.code.ends_with("000"));
    let fail_on = Severity::Error;
    let failed = findings.new.iter().chain(&findings.escalated).any(|f| f.severity >= fail_on);
    let status = if blocked {
        notes.push("a changed file no longer parses: the review of it is incomplete".to_owned());
        Status::Blocked
    } else if failed {
        Status::Failed
    } else if approval_needed {
        Status::NeedsApproval
    } else {
        Status::Complete
    };
    let mut kinds: Vec<&str> = files.iter().map(|f| f.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let summary = format!(
        "{} infrastructure file{} changed{}{}; risk {}{}; {} new finding{}, {} fixed",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        if other_files > 0 {
            format!(" and {other_files} other")
        } else {
            String::new()
        },
        risk.as_str(),
        reasons.first().map_or(String::new(), |r| format!(": {}", r.message)),
        findings.new.len(),
        if findings.new.len() == 1 { "" } else { "s" },
        findings.fixed.len(),
    );
    // A deterministic id: the two revisions, and for the working tree what it holds.
    let mut name = format!("{base_commit}..");
    match &head_commit {
        Some(h) => name.push_str(h),
        None => {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for (c, text) in changed.iter().zip(head_texts) {
                for b in c.path.bytes().chain(text.bytes()) {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
            }
            name.push_str(&format!("worktree:{h:016x}"));
        }
    }
    for p in &opts.plans {
        name.push_str(&format!(":{}", p.display()));
    }
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://github.com/shipshape-dev/shipshape#review");
    let task_id = uuid::Uuid::new_v5(&namespace, name.as_bytes()).to_string();
    Ok(Review {
        base: Revision {
            rev: base_rev,
            commit: Some(base_commit),
        },
        head: Revision {
            rev: opts.head.clone().unwrap_or_else(|| "working tree".to_owned()),
            commit: head_commit,
        },
        files,
        other_files,
        changes,
        findings,
        risk,
        reasons,
        approval_needed,
        approval_reason: approval_needed.then(|| approvals.join("; ")),
        rollback_required,
        rollback_steps,
        notes,
        status,
        summary,
        task_id,
        plans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, code: &str, fp: &str, sev: Severity) -> Finding {
        Finding {
            path: path.into(),
            line: 1,
            column: 1,
            code: code.into(),
            severity: sev,
            message: "m".into(),
            fingerprint: fp.into(),
            previous_severity: None,
        }
    }

    #[test]
    fn findings_compared_by_fingerprint() {
        let base = vec![
            f("a", "X1", "1", Severity::Warning),
            f("a", "X2", "2", Severity::Warning),
            f("old", "X3", "3", Severity::Info),
        ];
        let head = vec![
            f("a", "X1", "1", Severity::Error),
            f("a", "X4", "4", Severity::Warning),
            f("new", "X3", "9", Severity::Info),
        ];
        let c = compare(base, head, &[("old".into(), "new".into())]);
        assert_eq!(c.new.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["X4"]);
        assert_eq!(c.fixed.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["X2"]);
        assert_eq!(c.escalated[0].previous_severity, Some(Severity::Warning));
        assert_eq!(c.unchanged.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["X3"]);
    }
}
