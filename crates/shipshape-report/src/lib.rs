//! `shipshape report`: the state of a project's infrastructure, in the layout of the seeds'
//! "DevOps Setup Report" (SEED-REQUIREMENTS §2.3): the current state per area (✅ ⚠️ ❌), the
//! problems ranked, the proposed solution (what `check --fix` changes, with its diffs, and what
//! `init` would add), an implementation plan in phases ordered by risk and effort, success metrics
//! (only what was measured here: findings now and after the fixes, lines duplication costs) and
//! next steps. Rendered as Markdown, one self-contained HTML file, or JSON ([`render`]).
// The report reads the tree it describes, as the check library does.
#![allow(clippy::disallowed_methods)]

pub mod docker;
pub mod render;

use serde::Serialize;
use shipshape_check::{Input, Workspace};
use shipshape_core::Severity;
use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to report on.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The project (default: the current directory).
    pub paths: Vec<PathBuf>,
    pub check: shipshape_check::Options,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Present and clean.
    Pass,
    /// Warnings, or missing where it is expected.
    Warn,
    /// Errors.
    Fail,
    /// Not used by this project.
    Absent,
}

impl Mark {
    pub fn emoji(self) -> &'static str {
        match self {
            Mark::Pass => "✅",
            Mark::Warn => "⚠️",
            Mark::Fail => "❌",
            Mark::Absent => "➖",
        }
    }
}

/// One area of the current state.
#[derive(Clone, Debug, Serialize)]
pub struct Area {
    pub name: &'static str,
    pub mark: Mark,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub note: String,
}

/// One finding, as the report lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub path: String,
    pub line: usize,
    pub code: &'static str,
    pub name: &'static str,
    pub domain: &'static str,
    pub severity: Severity,
    pub message: String,
    /// A safe fix exists (`check --fix` applies it).
    pub fixable: bool,
    /// A fix exists that needs review (`check --fix --unsafe-fixes` applies it).
    pub unsafe_fix: bool,
}

/// A rule's findings, for the ranking.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub count: usize,
    pub files: usize,
    pub fixable: usize,
    pub example: String,
    pub docs: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Phase {
    pub title: String,
    pub risk: &'static str,
    pub effort: &'static str,
    pub items: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Metric {
    pub name: String,
    pub now: String,
    pub after: String,
    pub how: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub files_checked: usize,
    pub files_by_kind: BTreeMap<&'static str, usize>,
    pub areas: Vec<Area>,
    pub totals: Totals,
    pub by_domain: BTreeMap<&'static str, [usize; 3]>,
    pub problems: Vec<Problem>,
    pub top_files: Vec<(String, usize)>,
    pub findings: Vec<Item>,
    /// Files `check --fix` changes, with their unified diffs (`None`: withheld, it would show a secret).
    pub fix_diffs: Vec<(String, Option<String>)>,
    /// Findings left after the safe fixes (measured: the fixed texts checked again).
    pub after_fixes: usize,
    /// What `init` would create (path), or why it would not.
    pub init: Result<Vec<String>, String>,
    pub duplication: Duplication,
    /// The Docker Optimization Summary, when the project has Dockerfiles.
    pub docker: Option<docker::DockerSummary>,
    pub phases: Vec<Phase>,
    pub metrics: Vec<Metric>,
    pub next_steps: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Findings whose fix needs review (`--unsafe-fixes`).
    pub unsafe_fixable: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Duplication {
    pub clusters: usize,
    pub lines_saved: u32,
    /// (proposal kind, lines saved) of the largest clusters.
    pub top: Vec<(String, u32)>,
}

/// Every file of the project (for the areas that are told by files alone), bounded.
fn walk(roots: &[PathBuf]) -> Vec<PathBuf> {
    let empty = globset::GlobSet::empty();
    shipshape_core::discover::discover(roots, &empty)
        .map(|d| d.into_iter().map(|f| f.path).take(200_000).collect())
        .unwrap_or_default()
}

fn is_monitoring(path: &Path) -> bool {
    let p = path.to_string_lossy().to_ascii_lowercase();
    let name = p.rsplit('/').next().unwrap_or(&p);
    name.starts_with("prometheus")
        || name.starts_with("alertmanager")
        || name.contains("alert") && (name.ends_with(".yml") || name.ends_with(".yaml"))
        || p.contains("grafana/")
        || name.contains("servicemonitor")
        || name.contains("prometheusrule")
}

fn is_deploy_script(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    (name.starts_with("deploy") || name.starts_with("rollback"))
        && (name.ends_with(".sh") || name.ends_with(".yml") || name.ends_with(".yaml"))
        || name == "chart.yaml"
        || name == "kustomization.yaml"
}

/// `1 cluster`, `3 clusters`.
pub fn clusters(n: usize) -> String {
    if n == 1 { "1 cluster".to_owned() } else { format!("{n} clusters") }
}

fn weight(s: Severity) -> usize {
    match s {
        Severity::Error => 100,
        Severity::Warning => 10,
        Severity::Info => 1,
    }
}

/// The Docker Optimization Summary: the Dockerfiles' findings before and after the safe fixes, the
/// fixed ones by rule, and each Dockerfile directory's build context measured.
fn docker_summary(run: &shipshape_check::Run, fixed: &shipshape_check::Run, findings: &[Item]) -> Option<docker::DockerSummary> {
    let reports: Vec<_> = run.reports().into_iter().filter(|r| r.kind == FileKind::Dockerfile).collect();
    if reports.is_empty() {
        return None;
    }
    let dockerfiles: Vec<String> = reports.iter().map(|r| r.display.clone()).collect();
    let before: Vec<&Item> = findings.iter().filter(|f| dockerfiles.contains(&f.path)).collect();
    let mut after: BTreeMap<&str, usize> = BTreeMap::new();
    let mut findings_after = 0;
    for r in fixed.reports().into_iter().filter(|r| r.kind == FileKind::Dockerfile) {
        for f in &r.findings {
            *after.entry(f.diagnostic.rule.code).or_default() += 1;
            findings_after += 1;
        }
    }
    let mut changes: Vec<docker::DockerChange> = Vec::new();
    for f in &before {
        match changes.iter_mut().find(|c| c.code == f.code) {
            Some(c) => c.count += 1,
            None => changes.push(docker::DockerChange {
                code: f.code,
                name: f.name,
                count: 1,
                example: format!("`{}:{}`: {}", f.path, f.line, f.message),
            }),
        }
    }
    for c in &mut changes {
        c.count = c.count.saturating_sub(after.get(c.code).copied().unwrap_or(0));
    }
    changes.retain(|c| c.count > 0);
    changes.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    let mut contexts: Vec<docker::BuildContext> = Vec::new();
    for r in &reports {
        let Some(dir) = r.path.as_deref().and_then(Path::parent) else {
            continue;
        };
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        let shown = dir.to_string_lossy().into_owned();
        if contexts.iter().all(|c| c.dir != shown) {
            // DF075 fired for a Dockerfile of this directory: the whole context reaches the image.
            let propose = reports
                .iter()
                .filter(|o| o.path.as_deref().and_then(Path::parent) == r.path.as_deref().and_then(Path::parent))
                .any(|o| o.findings.iter().any(|f| f.diagnostic.rule.code == "DF075"));
            contexts.push(docker::context(dir, &shown, propose));
        }
    }
    Some(docker::DockerSummary {
        dockerfiles,
        findings_before: before.len(),
        findings_after,
        changes,
        contexts,
    })
}

pub fn report(opts: &Options) -> Result<Report, String> {
    let roots: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    for r in &roots {
        if !r.exists() {
            return Err(format!("{}: no such file or directory", r.display()));
        }
    }
    let inputs: Vec<Input> = roots.iter().cloned().map(Input::Path).collect();
    let mut o = opts.check.clone();
    o.fix = FixMode::Off;
    let workspace = Workspace::open(o.clone()).map_err(|e| e.to_string())?;
    let run = workspace.check(&inputs).map_err(|e| e.to_string())?;
    // The same check with the safe fixes applied in memory: what is left, and the diffs.
    o.fix = FixMode::Safe;
    let fixed_run = Workspace::open(o).and_then(|w| w.check(&inputs)).map_err(|e| e.to_string())?;
    let after_fixes = fixed_run.findings().count();
    let fix_diffs: Vec<(String, Option<String>)> = fixed_run.diffs().into_iter().map(|(p, d)| (p, d.ok())).collect();

    let mut files_by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut files_checked = 0;
    for o in &run.outcomes {
        let kind = match o {
            shipshape_core::engine::Outcome::Checked(r) => Some(r.kind),
            shipshape_core::engine::Outcome::Counted(k) => Some(*k),
            shipshape_core::engine::Outcome::Skipped { .. } => None,
        };
        if let Some(k) = kind.filter(|k| k.is_infrastructure()) {
            *files_by_kind.entry(k.as_str()).or_default() += 1;
            files_checked += 1;
        }
    }
    let mut findings: Vec<Item> = run
        .reports()
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                let d = &f.diagnostic;
                let line = r.line_index.line_of(d.span.start.min(r.located().len())) + 1;
                Item {
                    path: r.display.clone(),
                    line,
                    code: d.rule.code,
                    name: d.rule.name,
                    domain: d.rule.domain.as_str(),
                    severity: d.severity,
                    message: d.message.clone(),
                    fixable: d
                        .fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == shipshape_core::diagnostic::Applicability::Safe),
                    unsafe_fix: d
                        .fix
                        .as_ref()
                        .is_some_and(|f| f.applicability != shipshape_core::diagnostic::Applicability::Safe),
                }
            })
        })
        .collect();
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.path.cmp(&b.path)).then(a.line.cmp(&b.line)));
    let mut totals = Totals {
        findings: findings.len(),
        ..Totals::default()
    };
    let mut by_domain: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
    for f in &findings {
        let i = match f.severity {
            Severity::Error => {
                totals.errors += 1;
                0
            }
            Severity::Warning => {
                totals.warnings += 1;
                1
            }
            Severity::Info => {
                totals.infos += 1;
                2
            }
        };
        by_domain.entry(f.domain).or_default()[i] += 1;
        totals.fixable += usize::from(f.fixable);
        totals.unsafe_fixable += usize::from(f.unsafe_fix);
    }
    // Problems: rules ranked by severity and count.
    let mut rules: BTreeMap<&'static str, Problem> = BTreeMap::new();
    let mut rule_files: BTreeMap<&'static str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for f in &findings {
        let p = rules.entry(f.code).or_insert_with(|| Problem {
            code: f.code,
            name: f.name,
            severity: f.severity,
            count: 0,
            files: 0,
            fixable: 0,
            example: format!("`{}:{}`: {}", f.path, f.line, f.message),
            docs: String::new(),
        });
        p.count += 1;
        p.severity = p.severity.max(f.severity);
        p.fixable += usize::from(f.fixable);
        rule_files.entry(f.code).or_default().insert(&f.path);
    }
    let registry = workspace.registry();
    let mut problems: Vec<Problem> = rules
        .into_values()
        .map(|mut p| {
            p.files = rule_files.get(p.code).map_or(0, |s| s.len());
            p.docs = registry
                .rules()
                .iter()
                .find(|r| r.code == p.code)
                .map(|r| r.docs_url())
                .unwrap_or_default();
            p
        })
        .collect();
    problems.sort_by(|a, b| {
        (weight(b.severity) * b.count)
            .cmp(&(weight(a.severity) * a.count))
            .then(a.code.cmp(b.code))
    });
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &findings {
        *per_file.entry(&f.path).or_default() += 1;
    }
    let mut top_files: Vec<(String, usize)> = per_file.into_iter().map(|(p, n)| (p.to_owned(), n)).collect();
    top_files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_files.truncate(10);

    let docker = docker_summary(&run, &fixed_run, &findings);
    // Areas.
    let all_files = walk(&roots);
    let count_kind = |kinds: &[FileKind]| {
        kinds
            .iter()
            .map(|k| files_by_kind.get(k.as_str()).copied().unwrap_or(0))
            .sum::<usize>()
    };
    let domain_counts = |domains: &[&str]| {
        let mut c = [0usize; 3];
        for d in domains {
            if let Some(x) = by_domain.get(d) {
                for i in 0..3 {
                    c[i] += x[i];
                }
            }
        }
        c
    };
    let area = |name: &'static str, files: usize, c: [usize; 3], expected: bool, absent_note: &str| {
        let mark = if c[0] > 0 {
            Mark::Fail
        } else if c[1] > 0 {
            Mark::Warn
        } else if files > 0 {
            Mark::Pass
        } else if expected {
            Mark::Warn
        } else {
            Mark::Absent
        };
        let note = if files == 0 {
            absent_note.to_owned()
        } else if c[0] + c[1] + c[2] == 0 {
            format!("{files} file{}, no finding", if files == 1 { "" } else { "s" })
        } else {
            let n = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
            format!("{}: {}, {}, {} info", n(files, "file"), n(c[0], "error"), n(c[1], "warning"), c[2])
        };
        Area {
            name,
            mark,
            files,
            errors: c[0],
            warnings: c[1],
            infos: c[2],
            note,
        }
    };
    let deploy_files =
        count_kind(&[FileKind::Kubernetes, FileKind::HelmTemplate]) + all_files.iter().filter(|p| is_deploy_script(p)).count();
    let monitoring_files = all_files.iter().filter(|p| is_monitoring(p)).count();
    let secrets_scanned = all_files.len();
    // Duplication.
    let dupes = shipshape_dupes::run(&roots, &shipshape_dupes::Options::default()).ok();
    let duplication = dupes.map_or_else(Duplication::default, |d| Duplication {
        clusters: d.clusters.len(),
        lines_saved: d.clusters.iter().map(|c| c.lines_saved).sum(),
        top: d
            .clusters
            .iter()
            .take(5)
            .map(|c| (c.proposal.kind.as_str().to_owned(), c.lines_saved))
            .collect(),
    });
    let areas = vec![
        area(
            "Containers",
            count_kind(&[FileKind::Dockerfile, FileKind::Compose]),
            domain_counts(&["dockerfile", "compose"]),
            true,
            "no Dockerfile or Compose file",
        ),
        area(
            "CI/CD",
            count_kind(&[
                FileKind::GithubWorkflow,
                FileKind::GithubAction,
                FileKind::GitlabCi,
                FileKind::Dependabot,
            ]),
            domain_counts(&["github-actions", "gitlab-ci"]),
            true,
            "no CI pipeline",
        ),
        area(
            "Deployment",
            deploy_files,
            [0, 0, 0],
            true,
            "no deployment manifests, chart or deploy and rollback scripts",
        ),
        area("Secrets", secrets_scanned, domain_counts(&["secrets"]), false, "nothing to scan"),
        area(
            "Kubernetes",
            count_kind(&[FileKind::Kubernetes]),
            domain_counts(&["kubernetes"]),
            false,
            "not used",
        ),
        area(
            "Terraform",
            count_kind(&[FileKind::Terraform, FileKind::TerraformVars]),
            domain_counts(&["terraform"]),
            false,
            "not used",
        ),
        area(
            "Monitoring",
            monitoring_files,
            [0, 0, 0],
            true,
            "no Prometheus, alert rules or Grafana configuration",
        ),
        Area {
            name: "Duplication",
            mark: if duplication.clusters == 0 { Mark::Pass } else { Mark::Warn },
            files: files_checked,
            errors: 0,
            warnings: duplication.clusters,
            infos: 0,
            note: if duplication.clusters == 0 {
                "no duplicated configuration".to_owned()
            } else {
                format!(
                    "{} of copies; abstracting {} saves {} lines",
                    clusters(duplication.clusters),
                    if duplication.clusters == 1 { "it" } else { "them" },
                    duplication.lines_saved
                )
            },
        },
    ];
    // What init would add.
    let root = roots.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let init = if root.is_dir() {
        let options = shipshape_generate::InitOptions {
            choices: shipshape_generate::Choices {
                families: shipshape_generate::Family::ALL.to_vec(),
                registry: shipshape_generate::Forge::GitHub.registry().to_owned(),
                ..shipshape_generate::Choices::default()
            },
            ..shipshape_generate::InitOptions::default()
        };
        // Only the families the project lacks: a project with workflows of its own is not missing
        // `ci.yml`, one with `docker-compose.yml` is not missing `compose.yaml`.
        use shipshape_generate::Family;
        let has = |f: Family| match f {
            Family::Dockerfile => count_kind(&[FileKind::Dockerfile]) > 0,
            Family::Compose => count_kind(&[FileKind::Compose]) > 0,
            Family::Ci => count_kind(&[FileKind::GithubWorkflow, FileKind::GitlabCi]) > 0,
            Family::K8s => count_kind(&[FileKind::Kubernetes, FileKind::HelmTemplate]) > 0,
            Family::Monitoring => monitoring_files > 0,
            Family::Deploy => all_files.iter().any(|p| is_deploy_script(p)),
        };
        shipshape_generate::plan(&root, &options)
            .map(|p| {
                p.files
                    .iter()
                    .filter(|f| f.action == shipshape_generate::Action::Create && !has(f.file.family))
                    .map(|f| f.file.path.clone())
                    .collect()
            })
            .map_err(|e| e.to_string())
    } else {
        Err("a single file: nothing to generate".to_owned())
    };

    let title = std::fs::canonicalize(&root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string());
    let (phases, next_steps) = plan(&problems, &totals, after_fixes, &init, &duplication);
    let mut metrics = vec![
        Metric {
            name: "findings".into(),
            now: format!("{} ({} errors)", totals.findings, totals.errors),
            after: format!("{after_fixes} after `shipshape check --fix`"),
            how: "the fixed files checked again in memory".into(),
        },
        Metric {
            name: "files with findings".into(),
            now: rule_files
                .values()
                .flatten()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                .to_string(),
            after: String::new(),
            how: "this run".into(),
        },
    ];
    if duplication.clusters > 0 {
        metrics.push(Metric {
            name: "duplicated configuration".into(),
            now: clusters(duplication.clusters),
            after: format!("{} lines fewer with the proposed abstractions", duplication.lines_saved),
            how: "`shipshape dupes`".into(),
        });
    }
    Ok(Report {
        title,
        files_checked,
        files_by_kind,
        areas,
        totals,
        by_domain,
        problems,
        top_files,
        findings,
        fix_diffs,
        after_fixes,
        init,
        duplication,
        docker,
        phases,
        metrics,
        next_steps,
    })
}

/// The phases, ordered by risk then effort, and the weeks they fill.
fn plan(
    problems: &[Problem],
    totals: &Totals,
    after_fixes: usize,
    init: &Result<Vec<String>, String>,
    dup: &Duplication,
) -> (Vec<Phase>, Vec<String>) {
    let mut phases = Vec::new();
    if totals.findings > after_fixes {
        phases.push(Phase {
            title: "Apply the safe fixes".into(),
            risk: "low",
            effort: "minutes",
            items: vec![format!(
                "`shipshape check --fix` ({} findings fixed, {} left; review the diff before committing)",
                totals.findings - after_fixes,
                after_fixes
            )],
        });
    }
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error && p.fixable < p.count)
        .map(|p| {
            format!(
                "{} `{}` ({}): {} finding{} in {} file{}",
                p.code,
                p.name,
                p.docs,
                p.count,
                if p.count == 1 { "" } else { "s" },
                p.files,
                if p.files == 1 { "" } else { "s" }
            )
        })
        .collect();
    if !errors.is_empty() {
        phases.push(Phase {
            title: "Fix the errors by hand".into(),
            risk: "high while open",
            effort: "hours",
            items: errors,
        });
    }
    if let Ok(files) = init
        && !files.is_empty()
    {
        phases.push(Phase {
            title: "Add the missing infrastructure".into(),
            risk: "low (new files)",
            effort: "an hour",
            items: vec![format!(
                "`shipshape init` writes {}",
                files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            )],
        });
    }
    let warnings: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == Severity::Warning && p.fixable < p.count)
        .take(10)
        .map(|p| {
            format!(
                "{} `{}`: {} finding{}",
                p.code,
                p.name,
                p.count,
                if p.count == 1 { "" } else { "s" }
            )
        })
        .collect();
    if !warnings.is_empty() {
        phases.push(Phase {
            title: "Work through the warnings".into(),
            risk: "medium",
            effort: "days",
            items: warnings,
        });
    }
    if dup.clusters > 0 {
        phases.push(Phase {
            title: "Remove duplicated configuration".into(),
            risk: "medium (every copy changes)",
            effort: "hours",
            items: vec![format!(
                "`shipshape dupes --write` applies the proposals that keep behaviour ({}, {} lines)",
                clusters(dup.clusters),
                dup.lines_saved
            )],
        });
    }
    let next = phases
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, p)| format!("Week {}: {}", i + 1, p.title.to_lowercase()))
        .collect();
    (phases, next)
}
