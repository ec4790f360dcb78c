//! `shipshape mcp`: the checks as tools for AI agents, over the Model Context Protocol on stdio.
//!
//! Every tool is a call into `shipshape_check::Workspace`; results are typed structs whose JSON
//! Schema is the tool's `outputSchema`. Only protocol messages go to stdout.

use rmcp::handler::server::{router::tool::ToolRouter, wrapper::Parameters};
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{Json, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use shipshape_check::{Input, Options, Run, Workspace};
use shipshape_core::config::CliSelection;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_core::rule::Registry;
use shipshape_core::{FixKind, Severity};
use std::path::PathBuf;

/// Largest inline content a tool takes (the engine reads files up to the same size).
const MAX_CONTENT: usize = 8 << 20;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Selection {
    /// Rules to run instead of the defaults: codes (`DF012`), prefixes (`DF`), names, peer codes
    /// (`DL3008`) or `ALL`.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Report only findings of at least this severity: `info`, `warning` or `error`.
    #[serde(default)]
    pub min_severity: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckPaths {
    /// Files or directories to check (directories are walked, honouring .gitignore); relative
    /// paths are taken from the server's working directory. Empty: the working directory.
    #[serde(default)]
    pub paths: Vec<String>,
    /// A git revision (`HEAD~1`, a branch, a tag, a commit) of the repository that holds the paths,
    /// to check as it was committed, read from the repository without a checkout. Absent: the files
    /// on disk.
    #[serde(default)]
    pub revision: Option<String>,
    #[serde(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckContent {
    /// The file's text, as it would be written.
    pub content: String,
    /// The name the file would have (`Dockerfile`, `.github/workflows/ci.yml`, `compose.yaml`,
    /// `main.tf`): it decides which rules apply. Without it the kind is judged from the content.
    #[serde(default)]
    pub filename: Option<String>,
    #[serde(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct FixPaths {
    /// Files or directories whose findings to fix.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Also apply fixes that may change behaviour (review them).
    #[serde(default)]
    pub unsafe_fixes: bool,
    #[serde(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExplainRule {
    /// A rule code (`GHA005`), name (`unpinned-uses`) or a peer's code (`DL3008`, `CKV_K8S_20`).
    pub rule: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PlanInit {
    /// The repository to plan for (default: the server's working directory).
    #[serde(default)]
    pub path: Option<String>,
    /// Only these families: dockerfile, compose, ci, k8s, monitoring, deploy (default: all).
    #[serde(default)]
    pub only: Vec<String>,
    /// The forge whose CI to write: `github` (default) or `gitlab`.
    #[serde(default)]
    pub ci: Option<String>,
    /// Also plan a deploy pipeline (staging from main, production from version tags).
    #[serde(default)]
    pub deploy: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct FindDuplicates {
    /// Repositories, folders or files to compare (default: the server's working directory).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Smallest region worth abstracting in non-boilerplate lines (default 8)...
    #[serde(default)]
    pub min_lines: Option<u32>,
    /// ...or in steps, script lines or instructions (default 3).
    #[serde(default)]
    pub min_steps: Option<u32>,
    /// Copies needed for a cluster (default 2, at least 2).
    #[serde(default)]
    pub min_occurrences: Option<u32>,
    /// Share of a region's text its copies have in common, 0–1 (default 0.8).
    #[serde(default)]
    pub min_similarity: Option<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReviewChange {
    /// The git repository (any folder of it; default: the server's working directory).
    #[serde(default)]
    pub repository: Option<String>,
    /// The revision to compare with (default: where HEAD left the default branch).
    #[serde(default)]
    pub base: Option<String>,
    /// The revision under review (default: the working tree, untracked files included).
    #[serde(default)]
    pub head: Option<String>,
    /// Only changes under these paths, relative to the repository folder.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Terraform plans (`terraform show -json`) to classify.
    #[serde(default)]
    pub plans: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReviewResult {
    /// `shipshape review --format json`: the TaskOutputSchema fields (taskId, status, riskLevel,
    /// approvalNeeded, approvalReason, rollbackRequired, rollbackSteps, notes…), the changes
    /// with their risk, and the findings new, fixed, escalated and unchanged
    /// (docs/review.schema.json).
    pub review: serde_json::Value,
    /// The same as a Markdown pull-request comment.
    pub markdown: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReportProject {
    /// Files or directories of the project (default: the server's working directory).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Only these rules or prefixes (default: the default selection).
    #[serde(default)]
    pub select: Vec<String>,
    /// Leave these rules or prefixes out.
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ProjectReport {
    /// `shipshape report --format json`: the areas with their marks (pass, warn, fail, absent),
    /// the problems ranked, the safe fixes with their diffs and the findings left after them,
    /// what `init` would add, duplication, the phases of the plan and the measured metrics.
    pub report: serde_json::Value,
    /// The same as the Markdown "DevOps Setup Report".
    pub markdown: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicatesFound {
    pub files_scanned: usize,
    /// Lines the proposals would save, all clusters together.
    pub lines_saved: u32,
    /// Ranked by lines saved: `{kind, members: [{path, line, end_line, owner}], parameters: [{name,
    /// values}], lines_saved, proposal: {kind, path, content, usage, existing?, note}}`.
    pub clusters: Vec<serde_json::Value>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct InitPlan {
    /// What was detected, per service, with the evidence (file and line) for each fact.
    pub detection: serde_json::Value,
    /// The files `shipshape init` would write, with their text; nothing is written.
    pub files: Vec<PlannedFile>,
    /// What shipshape's own rules (`ALL`) say about those files.
    pub findings: Vec<InitFinding>,
    /// What the default rules say about the files that exist and are left alone.
    pub existing_findings: Vec<InitFinding>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PlannedFile {
    pub path: String,
    /// `create`, `overwrite`, `keep` (exists: init leaves it alone) or `unchanged`.
    pub action: String,
    pub text: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct InitFinding {
    pub path: String,
    pub line: usize,
    pub code: String,
    pub severity: String,
    pub message: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListRules {
    /// Only rules of this domain: dockerfile, github-actions, gitlab-ci, compose, kubernetes,
    /// terraform, secrets.
    #[serde(default)]
    pub domain: Option<String>,
    /// Only rules that declare this peer check (`DL3008`, `hadolint:DL3008`, `CKV_K8S_20`).
    #[serde(default)]
    pub peer: Option<String>,
    /// Only rules with an automatic fix.
    #[serde(default)]
    pub fixable: Option<bool>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    pub path: String,
    pub code: String,
    pub name: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    pub message: String,
    pub help: Option<String>,
    /// 1-based line and column (in characters) of the start and end.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The automatic fix, if any: `safe` or `unsafe`, and what it does.
    pub fix: Option<FixInfo>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FixInfo {
    pub applicability: String,
    pub message: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckResult {
    pub findings: Vec<Finding>,
    /// Files audited.
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FilePatch {
    pub path: String,
    /// A unified diff that `git apply` accepts; empty when the patch is withheld.
    pub diff: String,
    /// Why no diff is shown (it would print a secret), when so.
    pub withheld: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FixPreview {
    pub patches: Vec<FilePatch>,
    pub fixes: usize,
    /// The findings left after the fixes.
    pub remaining: CheckResult,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FixApplied {
    /// Files written (atomically).
    pub files_written: Vec<String>,
    pub fixes: usize,
    /// Files that could not be written, with the reason.
    pub failures: Vec<String>,
    pub remaining: CheckResult,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub domain: String,
    pub severity: String,
    /// In the default selection.
    pub default: bool,
    /// `safe`, `unsafe` or `none`.
    pub fix: String,
    pub peers: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleList {
    pub rules: Vec<RuleInfo>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Explanation {
    pub rules: Vec<RuleInfo>,
    /// The documentation: what the rule flags, why, an example and what to write instead.
    pub text: String,
}

#[derive(Clone)]
pub struct Server {
    tool_router: ToolRouter<Self>,
    /// The workspace of the default selection without fixes, opened once: most calls use it.
    default: Option<std::sync::Arc<Workspace>>,
}

fn selection(s: &Selection) -> Result<CliSelection, String> {
    let min_severity = match s.min_severity.as_deref() {
        None => None,
        Some(v) => Some(Severity::parse(v).ok_or_else(|| format!("unknown severity `{v}`: use info, warning or error"))?),
    };
    Ok(CliSelection {
        select: s.select.clone(),
        ignore: s.ignore.clone(),
        min_severity,
        ..CliSelection::default()
    })
}

fn is_default(sel: &Selection) -> bool {
    sel.select.is_none() && sel.ignore.is_empty() && sel.min_severity.is_none()
}

fn run(sel: &Selection, fix: FixMode, inputs: &[Input]) -> Result<Run, String> {
    run_at(sel, fix, inputs, None)
}

fn run_at(sel: &Selection, fix: FixMode, inputs: &[Input], revision: Option<String>) -> Result<Run, String> {
    let options = Options {
        selection: selection(sel)?,
        fix,
        jobs: Some(2),
        revision,
        ..Options::default()
    };
    let workspace = Workspace::open(options).map_err(|e| e.to_string())?;
    workspace.check(inputs).map_err(|e| e.to_string())
}

fn paths(p: &[String]) -> Vec<Input> {
    p.iter().map(|p| Input::Path(PathBuf::from(p))).collect()
}

fn findings(run: &Run) -> CheckResult {
    let reports = run.reports();
    let mut out = CheckResult {
        findings: Vec::new(),
        files_checked: reports.len(),
        errors: 0,
        warnings: 0,
        infos: 0,
    };
    for r in reports {
        out.findings.extend(report_findings(r));
    }
    for f in &out.findings {
        match f.severity.as_str() {
            "error" => out.errors += 1,
            "warning" => out.warnings += 1,
            _ => out.infos += 1,
        }
    }
    out
}

fn report_findings(r: &FileReport) -> impl Iterator<Item = Finding> + '_ {
    r.findings.iter().map(move |f| {
        let d = &f.diagnostic;
        let (start, end) = shipshape_render::positions(r, d.span);
        Finding {
            path: r.display.clone(),
            code: d.rule.code.to_owned(),
            name: d.rule.name.to_owned(),
            severity: d.severity.as_str().to_owned(),
            confidence: d.confidence.as_str().to_owned(),
            message: d.message.clone(),
            help: d.help.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            fix: d.fix.as_ref().map(|fix| FixInfo {
                applicability: match fix.applicability {
                    shipshape_core::Applicability::Safe => "safe",
                    shipshape_core::Applicability::Unsafe => "unsafe",
                }
                .to_owned(),
                message: fix.message.clone(),
            }),
        }
    })
}

fn rule_info(r: &shipshape_core::RuleMeta) -> RuleInfo {
    RuleInfo {
        code: r.code.to_owned(),
        name: r.name.to_owned(),
        domain: r.domain.as_str().to_owned(),
        severity: r.severity.as_str().to_owned(),
        default: r.default,
        fix: match r.fix {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
        }
        .to_owned(),
        peers: r.peers.iter().map(|p| (*p).to_owned()).collect(),
        summary: r.summary.to_owned(),
    }
}

fn registry() -> Registry {
    shipshape_check::Domains::default().registry()
}

#[tool_router(router = tool_router)]
impl Server {
    pub fn new() -> Self {
        let options = Options {
            jobs: Some(2),
            ..Options::default()
        };
        Self {
            tool_router: Self::tool_router(),
            default: Workspace::open(options).ok().map(std::sync::Arc::new),
        }
    }

    /// Check without fixes, through the workspace opened at start when the selection is the default.
    fn check(&self, sel: &Selection, inputs: &[Input]) -> Result<Run, String> {
        match &self.default {
            Some(ws) if is_default(sel) => ws.check(inputs).map_err(|e| e.to_string()),
            _ => run(sel, FixMode::Off, inputs),
        }
    }

    /// Audit files or directories on disk (Dockerfiles, Compose, GitHub Actions, GitLab CI,
    /// Kubernetes, Terraform, committed secrets), or as a git revision holds them, and return the
    /// findings.
    #[tool(
        name = "check_paths",
        annotations(title = "Check files", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn check_paths(&self, Parameters(p): Parameters<CheckPaths>) -> Result<Json<CheckResult>, String> {
        let run = match p.revision {
            Some(rev) => run_at(&p.selection, FixMode::Off, &paths(&p.paths), Some(rev))?,
            None => self.check(&p.selection, &paths(&p.paths))?,
        };
        Ok(Json(findings(&run)))
    }

    /// Audit the content of a file before it is written (a Dockerfile, workflow, Compose file,
    /// manifest or Terraform an agent is about to write), without touching the disk.
    #[tool(
        name = "check_content",
        annotations(title = "Check content", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn check_content(&self, Parameters(p): Parameters<CheckContent>) -> Result<Json<CheckResult>, String> {
        if p.content.len() > MAX_CONTENT {
            return Err(format!("content of {} bytes is over the 8 MiB limit", p.content.len()));
        }
        let input = Input::Content {
            name: p.filename.clone(),
            bytes: p.content.into_bytes(),
        };
        let run = self.check(&p.selection, &[input])?;
        Ok(Json(findings(&run)))
    }

    /// Show what the automatic fixes would change, as unified diffs, without writing anything.
    #[tool(
        name = "preview_fixes",
        annotations(title = "Preview fixes", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn preview_fixes(&self, Parameters(p): Parameters<FixPaths>) -> Result<Json<FixPreview>, String> {
        let mode = if p.unsafe_fixes { FixMode::Unsafe } else { FixMode::Safe };
        let run = run(&p.selection, mode, &paths(&p.paths))?;
        let mut patches = Vec::new();
        let mut fixes = 0;
        for r in run.reports() {
            fixes += r.fixes_applied;
        }
        fixes += run.planned_changes().iter().map(|c| c.fixes).sum::<usize>();
        for (path, diff) in run.diffs() {
            patches.push(match diff {
                Ok(diff) => FilePatch {
                    path,
                    diff,
                    withheld: None,
                },
                Err(w) => FilePatch {
                    path,
                    diff: String::new(),
                    withheld: Some(format!("the patch would show a secret (line {})", w.line)),
                },
            });
        }
        Ok(Json(FixPreview {
            patches,
            fixes,
            remaining: findings(&run),
        }))
    }

    /// Apply the automatic fixes to the files on disk (each file written atomically; comments and
    /// formatting kept) and return what is left.
    #[tool(
        name = "apply_fixes",
        annotations(
            title = "Apply fixes",
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    pub async fn apply_fixes(&self, Parameters(p): Parameters<FixPaths>) -> Result<Json<FixApplied>, String> {
        let mode = if p.unsafe_fixes { FixMode::Unsafe } else { FixMode::Safe };
        let run = run(&p.selection, mode, &paths(&p.paths))?;
        let files_written = run
            .reports()
            .iter()
            .filter(|r| r.fixed.is_some() && r.path.is_some())
            .map(|r| r.display.clone())
            .chain(run.planned_changes().into_iter().map(|c| c.display))
            .collect();
        let (fixes, failures) = run.write_fixes();
        Ok(Json(FixApplied {
            files_written,
            fixes,
            failures: failures.iter().map(|f| format!("{}: {}", f.path.display(), f.error)).collect(),
            remaining: findings(&run),
        }))
    }

    /// Explain a rule: what it flags, why, an example and the fix.
    #[tool(
        name = "explain_rule",
        annotations(title = "Explain a rule", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn explain_rule(&self, Parameters(p): Parameters<ExplainRule>) -> Result<Json<Explanation>, String> {
        let reg = registry();
        let metas: Vec<_> = match reg.get(&p.rule) {
            Some(meta) => vec![meta],
            None => reg.by_peer_code(&p.rule).collect(),
        };
        if metas.is_empty() {
            return Err(format!("unknown rule `{}`; list_rules lists them", p.rule));
        }
        let text = metas.iter().map(|m| crate::docs::explain(m)).collect::<Vec<_>>().join("\n");
        Ok(Json(Explanation {
            rules: metas.into_iter().map(rule_info).collect(),
            text,
        }))
    }

    /// Plan `shipshape init`: detect the stack (language, framework, package manager, runtime,
    /// port, health route, datastores, with evidence) and return the Dockerfile, Compose, CI and
    /// Kubernetes files it would write, checked by every rule. Writes nothing.
    #[tool(
        name = "plan_init",
        annotations(title = "Plan infrastructure for a repository", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn plan_init(&self, Parameters(p): Parameters<PlanInit>) -> Result<Json<InitPlan>, String> {
        let root = std::path::PathBuf::from(p.path.as_deref().unwrap_or("."));
        if !root.is_dir() {
            return Err(format!("{}: not a directory", root.display()));
        }
        let mut families = Vec::new();
        for f in &p.only {
            families.push(
                shipshape_generate::Family::parse(f)
                    .ok_or_else(|| format!("`{f}` is not a family (dockerfile, compose, ci, k8s, monitoring, deploy)"))?,
            );
        }
        let forge = match p.ci.as_deref() {
            None => shipshape_generate::Forge::GitHub,
            Some(c) => shipshape_generate::Forge::parse(c).ok_or_else(|| format!("`{c}` is not a forge (github, gitlab)"))?,
        };
        let options = shipshape_generate::InitOptions {
            choices: shipshape_generate::Choices {
                families: if families.is_empty() {
                    shipshape_generate::Family::ALL.to_vec()
                } else {
                    families
                },
                registry: forge.registry().to_owned(),
                forge,
                deploy: p.deploy,
                ..shipshape_generate::Choices::default()
            },
            ..shipshape_generate::InitOptions::default()
        };
        let plan = shipshape_generate::plan(&root, &options).map_err(|e| e.to_string())?;
        let files = plan
            .files
            .iter()
            .map(|f| PlannedFile {
                path: f.file.path.clone(),
                action: serde_json::to_value(f.action)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                text: f.file.text.clone(),
            })
            .collect();
        let convert = |list: &[shipshape_generate::Finding]| -> Vec<InitFinding> {
            list.iter()
                .map(|f| InitFinding {
                    path: f.path.clone(),
                    line: f.line,
                    code: f.code.to_owned(),
                    severity: f.severity.as_str().to_owned(),
                    message: f.message.clone(),
                })
                .collect()
        };
        let findings = convert(&plan.findings);
        let existing_findings = convert(&plan.existing_findings);
        Ok(Json(InitPlan {
            detection: serde_json::to_value(&plan.detection).map_err(|e| e.to_string())?,
            files,
            findings,
            existing_findings,
        }))
    }

    /// Find duplicated CI and container configuration (workflow steps and jobs, GitLab jobs and
    /// scripts, Dockerfile instructions, Compose services, Kubernetes workloads) across the files
    /// of one repository or several, each cluster with its copies, parameters and the abstraction
    /// that removes it (composite action, reusable workflow, anchor, base image…). Writes nothing.
    #[tool(
        name = "find_duplicates",
        annotations(title = "Find duplicated configuration", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn find_duplicates(&self, Parameters(p): Parameters<FindDuplicates>) -> Result<Json<DuplicatesFound>, String> {
        let paths: Vec<std::path::PathBuf> = if p.paths.is_empty() {
            vec![".".into()]
        } else {
            p.paths.iter().map(std::path::PathBuf::from).collect()
        };
        for path in &paths {
            if !path.exists() {
                return Err(format!("{}: no such file or directory", path.display()));
            }
        }
        let d = shipshape_dupes::Options::default();
        let opts = shipshape_dupes::Options {
            min_lines: p.min_lines.unwrap_or(d.min_lines),
            min_steps: p.min_steps.unwrap_or(d.min_steps),
            min_occurrences: p.min_occurrences.map_or(d.min_occurrences, |n| n.max(2) as usize),
            min_similarity: p.min_similarity.unwrap_or(d.min_similarity),
        };
        if !(0.0..=1.0).contains(&opts.min_similarity) {
            return Err(format!("min_similarity must be between 0 and 1, not {}", opts.min_similarity));
        }
        let report = shipshape_dupes::run(&paths, &opts).map_err(|e| e.to_string())?;
        Ok(Json(DuplicatesFound {
            files_scanned: report.files_scanned,
            lines_saved: report.clusters.iter().map(|c| c.lines_saved).sum(),
            clusters: report
                .clusters
                .iter()
                .map(|c| serde_json::to_value(c).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?,
        }))
    }

    /// Review a change between two git revisions (default: the working tree against where HEAD
    /// left the default branch): what it changes per file kind, the findings it introduces and
    /// fixes, a deterministic risk level, whether it needs approval and why, rollback steps and
    /// what to watch. Reads git's objects; writes nothing.
    #[tool(
        name = "review_change",
        annotations(title = "Review a change", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn review_change(&self, Parameters(p): Parameters<ReviewChange>) -> Result<Json<ReviewResult>, String> {
        let dir = p.repository.map(std::path::PathBuf::from);
        let base_dir = dir.clone().unwrap_or_else(|| ".".into());
        let opts = shipshape_review::Options {
            base: p.base,
            head: p.head,
            paths: p.paths.iter().map(std::path::PathBuf::from).collect(),
            plans: p.plans.iter().map(|x| base_dir.join(x)).collect(),
            check: shipshape_check::Options::default(),
            dir,
        };
        let review = shipshape_review::review(&opts)?;
        let json = serde_json::from_str(&shipshape_review::render::json(&review)).map_err(|e| e.to_string())?;
        Ok(Json(ReviewResult {
            review: json,
            markdown: shipshape_review::render::markdown(&review),
        }))
    }

    /// Report on the state of a project (the "DevOps Setup Report"): per area (containers, CI/CD,
    /// deployment, secrets, Kubernetes, Terraform, monitoring, duplication) what is there and how
    /// sound it is, the problems ranked, what the safe fixes would change (diffs) and what would
    /// be left, what `init` would add, and a plan in phases. Writes nothing.
    #[tool(
        name = "report_project",
        annotations(title = "Report on a project", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn report_project(&self, Parameters(p): Parameters<ReportProject>) -> Result<Json<ProjectReport>, String> {
        let mut check = shipshape_check::Options::default();
        check.selection.select = (!p.select.is_empty()).then_some(p.select);
        check.selection.ignore = p.ignore;
        let opts = shipshape_report::Options {
            paths: p.paths.iter().map(std::path::PathBuf::from).collect(),
            check,
        };
        let report = shipshape_report::report(&opts)?;
        let json = serde_json::from_str(&shipshape_report::render::json(&report)).map_err(|e| e.to_string())?;
        Ok(Json(ProjectReport {
            report: json,
            markdown: shipshape_report::render::markdown(&report),
        }))
    }

    /// List the rules, optionally by domain, by a peer tool's check code, or only those with a fix.
    #[tool(
        name = "list_rules",
        annotations(title = "List rules", read_only_hint = true, open_world_hint = false)
    )]
    pub async fn list_rules(&self, Parameters(p): Parameters<ListRules>) -> Result<Json<RuleList>, String> {
        let reg = registry();
        let rules = reg
            .rules()
            .iter()
            .filter(|r| p.domain.as_deref().is_none_or(|d| r.domain.as_str() == d))
            .filter(|r| {
                p.peer
                    .as_deref()
                    .is_none_or(|c| r.has_peer_code(c) || r.peers.iter().any(|x| x.eq_ignore_ascii_case(c)))
            })
            .filter(|r| p.fixable.is_none_or(|f| r.fixable() == f))
            .map(|r| rule_info(r))
            .collect();
        Ok(Json(RuleList { rules }))
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("shipshape", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "shipshape audits infrastructure files (Dockerfile, Compose, GitHub Actions, GitLab CI, Kubernetes, \
                 Terraform, secrets). Call check_content on a file before writing it, check_paths on a repository, \
                 preview_fixes/apply_fixes for automatic fixes, explain_rule for a finding's reasoning.",
            )
    }
}

/// Serve on stdin/stdout until the client closes the connection.
pub fn serve() -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the MCP server: {e}"))?;
    rt.block_on(async {
        let service = Server::new()
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("MCP session failed to start: {e}"))?;
        service.waiting().await.map_err(|e| format!("MCP session ended abnormally: {e}"))?;
        Ok(())
    })
}
