use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA026", name: "concurrency-limits", severity: Info, category: Performance, default: false, fix: None,
    peers: ["zizmor:concurrency-limits"], options: [],
    summary: "A workflow sets no `concurrency:`",
    what: "Flags workflows with no workflow-level `concurrency:` where some job that runs steps has none either (a job calling a reusable workflow runs under that workflow's own `concurrency:`; off by default; GHA058 covers deploy workflows and is on). Reusable workflows (`on: workflow_call`) are skipped: a called workflow sees the caller's `github.workflow`, so the usual group deadlocks with the caller's; concurrency belongs to the caller.",
    why: "Without a concurrency group, every push starts another full run while the previous ones for the same branch keep burning minutes.",
    example: "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    instead: "on: pull_request\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: true\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#concurrency-limits\n- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs",
    spans: ["on"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() || cx.root.get("concurrency").is_some() || model::is_reusable(cx.root) {
        return;
    }
    // A job that calls a reusable workflow runs under the called workflow's `concurrency:`.
    let jobs: Vec<_> = model::jobs(cx.root).into_iter().filter(|(_, j)| j.get("uses").is_none()).collect();
    if jobs.is_empty() || jobs.iter().all(|(_, j)| j.get("concurrency").is_some()) {
        return;
    }
    let Some((on, _)) = cx.root.get_entry("on") else { return };
    out.push(
        Diagnostic::new(meta(), on.span(), "no `concurrency:` group: superseded runs keep running")
            .help("add `concurrency: {group: ${{ github.workflow }}-${{ github.ref }}, cancel-in-progress: true}`"),
    );
}
