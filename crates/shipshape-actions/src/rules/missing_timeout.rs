use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA057", name: "missing-timeout", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A job has no `timeout-minutes:`",
    what: "Flags jobs (not reusable-workflow calls) without `timeout-minutes:`.",
    why: "The default is 360 minutes: a hung test or a stuck deploy burns six hours of runner time (and blocks its concurrency group) before anyone notices.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix: the right limit depends on the job.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes",
    spans: ["test"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (id, job) in model::jobs(cx.root) {
        if job.get("timeout-minutes").is_none() && job.get("uses").is_none() {
            out.push(
                Diagnostic::new(meta(), id.span(), "no `timeout-minutes:`: a hung job runs for 6 hours")
                    .help("set `timeout-minutes:` to a little over the job's usual time"),
            );
        }
    }
}
