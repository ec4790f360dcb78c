use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA035", name: "self-hosted-runner", severity: Info, category: Security, default: false, fix: None,
    peers: ["zizmor:self-hosted-runner"], options: [],
    summary: "A job runs on a self-hosted runner",
    what: "Flags `runs-on:` that names `self-hosted` (off by default: turn it on for public repositories).",
    why: "On a public repository a pull request can run code on a self-hosted runner, which is not wiped between jobs: it can persist, read other jobs' secrets and reach your network.",
    example: "on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make test",
    instead: "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#self-hosted-runner\n- https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security",
    spans: ["self-hosted"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let Some(runs_on) = job.get("runs-on") else { continue };
        let labels = if runs_on.is_map() { runs_on.get("labels") } else { Some(runs_on) };
        for l in labels.map(|l| l.scalar_or_items()).unwrap_or_default() {
            if l.as_str().is_some_and(|s| s.eq_ignore_ascii_case("self-hosted")) {
                out.push(
                    Diagnostic::new(meta(), l.span(), "this job runs on a self-hosted runner")
                        .help("use GitHub-hosted or ephemeral runners for untrusted code"),
                );
            }
        }
    }
}
