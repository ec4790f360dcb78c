use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA025", name: "anonymous-definition", severity: Info, category: Style, default: false, fix: None,
    peers: ["zizmor:anonymous-definition"], options: [],
    summary: "A workflow or job has no `name:`",
    what: "Flags workflows without a top-level `name:` and jobs without `name:` (off by default).",
    why: "The Actions UI, branch protection and notifications show the name; without one they show a path or an id that says little.",
    example: "on: push\njobs:\n  test:\n    name: Test\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    instead: "name: CI\non: push\njobs:\n  test:\n    name: Test\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#anonymous-definition",
    spans: ["on"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    if cx.root.get("name").is_none()
        && let Some((k, _)) = cx.root.entries().first()
    {
        out.push(Diagnostic::new(meta(), k.span(), "this workflow has no `name:`").help("add `name:` at the top"));
    }
    for (id, job) in model::jobs(cx.root) {
        if job.get("name").is_none() && job.get("uses").is_none() {
            out.push(Diagnostic::new(meta(), id.span(), "this job has no `name:`").help("add `name:` to the job"));
        }
    }
}
