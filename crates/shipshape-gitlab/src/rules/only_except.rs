use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_yaml::{NodeRef, patch};

rule! {
    code: "GL005", name: "only-except", severity: Warning, category: Maintainability, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "`only`/`except` are superseded by `rules`",
    what: "Flags jobs using `only:` or `except:`. For the simple form (a list of branch names, `/regex/`, `tags`, `branches`, `merge_requests`, with no `except`) the fix writes the equivalent `rules:`.",
    why: "GitLab no longer develops `only`/`except`; they cannot be combined with `rules`, cannot express merge-request pipelines cleanly, and make the duplicate-pipeline problem worse.",
    example: "deploy:\n  script: ./deploy.sh\n  only:\n    - main",
    instead: "deploy:\n  script: ./deploy.sh\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"",
    fix_safety: "Unsafe: `only: [main]` also ran for tags or pipelines named `main` in a few edge cases, and `rules` change how jobs without a match are treated; review the pipeline graph.",
    refs: "- https://docs.gitlab.com/ci/yaml/#only--except\n- https://docs.gitlab.com/ci/jobs/job_rules/",
    spans: ["only"],
}

/// The `rules: - if:` condition for one `only:` entry.
fn condition(entry: &str) -> Option<String> {
    Some(match entry {
        "tags" => "$CI_COMMIT_TAG".to_owned(),
        "branches" => "$CI_COMMIT_BRANCH".to_owned(),
        "merge_requests" => "$CI_PIPELINE_SOURCE == \"merge_request_event\"".to_owned(),
        "schedules" => "$CI_PIPELINE_SOURCE == \"schedule\"".to_owned(),
        "web" => "$CI_PIPELINE_SOURCE == \"web\"".to_owned(),
        "api" => "$CI_PIPELINE_SOURCE == \"api\"".to_owned(),
        "triggers" => "$CI_PIPELINE_SOURCE == \"trigger\"".to_owned(),
        e if e.starts_with('/') && e.len() > 2 && e.ends_with('/') => format!("$CI_COMMIT_REF_NAME =~ {e}"),
        e if !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) => {
            format!("$CI_COMMIT_REF_NAME == \"{e}\"")
        }
        _ => return None,
    })
}

fn rewrite(cx: &Ctx, job: NodeRef, key: NodeRef, only: NodeRef, nl: &str) -> Option<Fix> {
    if job.get("except").is_some() || job.get("rules").is_some() {
        return None;
    }
    let entries = if only.is_map() { only.get("refs")? } else { only };
    if only.is_map() && only.entries().len() != 1 {
        return None;
    }
    let mut conds = Vec::new();
    for e in entries.scalar_or_items() {
        conds.push(condition(e.as_str()?)?);
    }
    // A branch name is most often meant as a branch: say so plainly.
    let conds: Vec<String> = conds
        .into_iter()
        .map(|c| c.replace("$CI_COMMIT_REF_NAME == ", "$CI_COMMIT_BRANCH == "))
        .collect();
    let indent = patch::column(cx.src, key.span().start);
    let pad = " ".repeat(indent + 2);
    let body: String = conds.iter().map(|c| format!("{nl}{pad}- if: {c}")).collect();
    let start = patch::line_start(cx.src, key.span().start);
    let end = patch::line_end(cx.src, only.span().end.saturating_sub(1).max(key.span().end));
    let text = format!("{}rules:{body}{nl}", " ".repeat(indent));
    Some(Fix::unsafe_(
        "rewrite as `rules:`",
        vec![Edit::replace(shipshape_core::Span::new(start, end), text)],
    ))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The file's line break, looked for once (it scans the whole text).
    let nl = patch::newline(cx.src);
    for (name, _, job) in cx.jobs() {
        for key in ["only", "except"] {
            let Some((k, v)) = job.get_entry(key) else { continue };
            let fix = if key == "only" { rewrite(cx, job, k, v, nl) } else { None };
            out.push(
                Diagnostic::new(meta(), k.span(), format!("job `{name}` uses `{key}:`, which `rules:` supersedes"))
                    .help("express the condition with `rules: - if:`")
                    .maybe_fix(fix),
            );
        }
    }
}
