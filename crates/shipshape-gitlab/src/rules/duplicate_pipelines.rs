use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL006", name: "duplicate-pipelines", severity: Warning, category: Performance, default: true, fix: None,
    peers: ["checkov:CKV_GITLABCI_2"], options: [],
    summary: "Jobs run twice: once in the branch pipeline, once in the merge-request pipeline",
    what: "Flags jobs whose `rules:` match merge-request pipelines and also have a rule that matches any push (a rule with no `if:`, `changes:` or `exists:`, or one testing only `$CI_COMMIT_BRANCH` or `$CI_PIPELINE_SOURCE == \"push\"`), when `workflow: rules:` do not choose one pipeline per push (they skip branch pipelines while a merge request is open, or admit merge-request pipelines and no branch push).",
    why: "Every push to a branch with an open merge request starts two pipelines running the same jobs: double the minutes, and two statuses that can disagree.",
    example: "test:\n  script: make test\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - when: always",
    instead: "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS\n      when: never\n    - if: $CI_COMMIT_BRANCH\ntest:\n  script: make test\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - when: always",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/jobs/job_rules/#avoid-duplicate-pipelines\n- https://docs.gitlab.com/ci/yaml/workflow/#switch-between-branch-pipelines-and-merge-request-pipelines",
    spans: ["when: always"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // An included fragment runs under the `workflow:` of the pipeline that includes it, which is
    // not here (CERN CTA's `.gitlab/ci/build.gitlab-ci.yml`, whose root stops branch pipelines:
    // judged wrong, precision sample 43).
    if !cx.is_pipeline_root() && cx.root.get("workflow").is_none() {
        return;
    }
    // `workflow: rules:` choose one pipeline per push when they skip branch pipelines while a merge
    // request is open (`$CI_OPEN_MERGE_REQUESTS`), or admit merge-request pipelines and no branch
    // push at all. `[merge_request_event, $CI_COMMIT_BRANCH]` still starts both.
    let workflow_rules = cx
        .root
        .get("workflow")
        .and_then(|w| w.get("rules"))
        .map(|r| r.items())
        .unwrap_or_default();
    let workflow_dedupes = workflow_rules
        .iter()
        .any(|r| condition(*r).is_some_and(|t| t.contains("CI_OPEN_MERGE_REQUESTS")))
        || (workflow_rules.iter().any(|r| matches_merge_requests(*r)) && !workflow_rules.iter().any(|r| admits_branch_pushes(*r)));
    if workflow_dedupes {
        return;
    }
    for (name, _, job) in cx.jobs() {
        let Some(rules) = job.get("rules") else { continue };
        let items = rules.items();
        let mr = items.iter().any(|r| matches_merge_requests(*r));
        let catch_all = items.iter().find(|r| admits_branch_pushes(**r));
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

fn condition<'a>(rule: NodeRef<'a>) -> Option<&'a str> {
    rule.get("if").and_then(|i| i.as_str())
}

/// A rule (not `when: never`) that matches merge-request pipelines.
fn matches_merge_requests(rule: NodeRef) -> bool {
    rule.get("when").and_then(|w| w.as_str()) != Some("never") && condition(rule).is_some_and(|t| t.contains("merge_request_event"))
}

/// A rule (not `when: never`) that matches any branch push: no condition, `changes:` or `exists:`,
/// or a condition that is only `$CI_COMMIT_BRANCH` or `$CI_PIPELINE_SOURCE == "push"`.
fn admits_branch_pushes(rule: NodeRef) -> bool {
    if rule.get("when").and_then(|w| w.as_str()) == Some("never") || rule.get("changes").is_some() || rule.get("exists").is_some() {
        return false;
    }
    match condition(rule) {
        None => true,
        Some(t) => {
            let t: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\'' && *c != '"').collect();
            matches!(t.as_str(), "$CI_COMMIT_BRANCH" | "$CI_PIPELINE_SOURCE==push")
        }
    }
}
