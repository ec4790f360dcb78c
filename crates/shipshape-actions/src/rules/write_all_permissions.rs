use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA004", name: "write-all-permissions", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:excessive-permissions", "checkov:CKV2_GHA_1"], options: [],
    summary: "`permissions: write-all` gives the token every write scope",
    what: "Flags `permissions: write-all` at the workflow or job level: a warning, since it takes a compromised or injected step to use the token; with high confidence in a workflow that outsiders start in the base repository (`pull_request_target`, `issue_comment`, `issues`, `discussion*`, `workflow_run`), where their input meets a token that can write everything, medium elsewhere.",
    why: "Every step, and every action it runs, can then push code, change releases, packages and settings of the repository.",
    example: "on: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    instead: "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    fix_safety: "No automatic fix: the scopes the jobs need are yours to name.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions",
    spans: ["write-all"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let outsiders = model::started_by_outsiders(cx.root);
    let mut nodes = vec![cx.root.get("permissions")];
    nodes.extend(model::jobs(cx.root).iter().map(|(_, j)| j.get("permissions")));
    for p in nodes.into_iter().flatten() {
        if p.as_str() == Some("write-all") {
            let d = Diagnostic::new(meta(), p.span(), "`write-all` grants every write permission")
                .help("list only the scopes needed, e.g. `permissions: { contents: read }`");
            // Too broad, not exploitable by itself: an outsider needs a way to run code in the job
            // (invidious' duplicate-issue closer, judged wrong as an error, the thirty-first
            // sample). High confidence where outsiders start the workflow, medium elsewhere.
            out.push(if outsiders {
                d
            } else {
                d.confidence(shipshape_core::Confidence::Medium)
            });
        }
    }
}
