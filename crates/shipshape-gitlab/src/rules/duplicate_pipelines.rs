use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL006", name: "duplicate-pipelines", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "Jobs run twice: once in the branch pipeline, once in the merge-request pipeline",
    what: "Flags jobs whose `rules:` match merge-request pipelines and also have a rule that matches any push (a rule with no `if:`, `changes:` or `exists:`, or one testing only `$CI_COMMIT_BRANCH`), when `workflow: rules:` does not choose one pipeline per push.",
    why: "Every push to a branch with an open merge request starts two pipelines running the same jobs: double the minutes, and two statuses that can disagree.",
    example: "test:\n  script: make test\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - when: always",
    instead: "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS\n      when: never\n    - if: $CI_COMMIT_BRANCH\ntest:\n  script: make test\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - when: always",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/jobs/job_rules/#avoid-duplicate-pipelines\n- https://docs.gitlab.com/ci/yaml/workflow/#switch-between-branch-pipelines-and-merge-request-pipelines",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let workflow_dedupes = cx
        .root
        .get("workflow")
        .and_then(|w| w.get("rules"))
        .map(|r| r.items())
        .unwrap_or_default()
        .iter()
        .any(|r| {
            r.get("if")
                .and_then(|i| i.as_str())
                .is_some_and(|t| t.contains("merge_request_event") || t.contains("CI_OPEN_MERGE_REQUESTS"))
        });
    if workflow_dedupes {
        return;
    }
    for (name, _, job) in cx.jobs() {
        let Some(rules) = job.get("rules") else { continue };
        let items = rules.items();
        let mr = items.iter().any(|r| {
            r.get("if")
                .and_then(|i| i.as_str())
                .is_some_and(|t| t.contains("merge_request_event"))
        });
        let catch_all = items.iter().find(|r| {
            let when_never = r.get("when").and_then(|w| w.as_str()) == Some("never");
            let cond = r.get("if").and_then(|i| i.as_str());
            !when_never
                && r.get("changes").is_none()
                && r.get("exists").is_none()
                && (cond.is_none() || cond.is_some_and(|t| t.trim() == "$CI_COMMIT_BRANCH"))
        });
        if mr && let Some(c) = catch_all {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!("job `{name}` runs in both branch and merge-request pipelines"),
                )
                .help("add `workflow: rules:` that skip branch pipelines when a merge request is open"),
            );
        }
    }
}
