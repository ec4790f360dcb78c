use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA007", name: "dangerous-triggers", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:dangerous-triggers"], options: [],
    summary: "`pull_request_target` and `workflow_run` run with secrets on behalf of forks",
    what: "Flags workflows triggered by `pull_request_target` or `workflow_run`; an error when such a workflow checks out the pull request's code (`ref: ${{ github.event.pull_request.head.sha }}`, `head.ref`, `github.head_ref`, or `workflow_run.head_sha`).",
    why: "These triggers run in the base repository with a write token and secrets; running a fork's code there (a \"pwn request\") hands both to anyone who opens a pull request.",
    example: "on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make test",
    instead: "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/\n- https://docs.zizmor.sh/audits/#dangerous-triggers",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    for (name, node) in model::triggers(cx.root) {
        if name != "pull_request_target" && name != "workflow_run" {
            continue;
        }
        let head_checkout = cx.steps().into_iter().find_map(|(_, s)| {
            let r = s.get("with")?.get("ref")?;
            let t = r.as_str()?;
            (model::step_uses(s, "actions/checkout")
                && [
                    "pull_request.head.sha",
                    "pull_request.head.ref",
                    "github.head_ref",
                    "workflow_run.head_sha",
                    "workflow_run.head_branch",
                    "refs/pull/",
                ]
                .iter()
                .any(|p| t.contains(p)))
            .then_some(r)
        });
        let span = if node.is_scalar() && node.as_str() == Some(name.as_str()) {
            node.span()
        } else {
            cx.root.get("on").map_or(node.span(), |o| o.key_span(&name))
        };
        match head_checkout {
            Some(r) => out.push(
                Diagnostic::new(meta(), r.span(), format!("a `{name}` workflow checks out the pull request's code, with the base repository's secrets and token"))
                    .severity(Severity::Error)
                    .label(span, "triggered here")
                    .help("use `pull_request` to test fork code, or split into an unprivileged `pull_request` job and a privileged `workflow_run` job that never runs the fork's code"),
            ),
            None => out.push(
                Diagnostic::new(meta(), span, format!("`{name}` runs with secrets and a write token on events from forks"))
                    .help("prefer `pull_request`; if this trigger is needed, never check out or run the pull request's code here"),
            ),
        }
    }
}
