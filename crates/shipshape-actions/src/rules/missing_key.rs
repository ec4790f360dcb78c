use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_core::classify::FileKind;

rule! {
    code: "GHA038", name: "missing-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:syntax-check"], options: [],
    summary: "A required key is missing, or two keys exclude each other",
    what: "Flags a workflow without `on:` or `jobs:`, a job without `runs-on:` or `steps:` (unless it calls a reusable workflow), a step with neither or both of `uses:` and `run:`, a composite action `run:` step without `shell:`, and action metadata without `runs.using` (without `name` or `description`, which the metadata syntax requires but the runner does not: a warning for the repository's root `action.yml`, info for a local action in a folder).",
    why: "GitHub refuses the workflow or the action when it runs, not when it is pushed.",
    example: "on: push\njobs:\n  test:\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax\n- https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax",
    spans: ["test"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let top = cx.root.entries().first().map(|(k, _)| k.span()).unwrap_or(cx.root.span());
    match cx.kind {
        FileKind::GithubWorkflow => {
            for key in ["on", "jobs"] {
                if cx.root.get(key).is_none() {
                    out.push(Diagnostic::new(meta(), top, format!("the workflow has no `{key}:`")));
                }
            }
            for (id, job) in model::jobs(cx.root) {
                if job.get("uses").is_some() {
                    continue;
                }
                for key in ["runs-on", "steps"] {
                    if job.get(key).is_none() {
                        out.push(
                            Diagnostic::new(meta(), id.span(), format!("job `{}` has no `{key}:`", id.as_str().unwrap_or("?"))).help(
                                if key == "runs-on" {
                                    "add `runs-on: ubuntu-latest` (or your runner's labels)"
                                } else {
                                    "add the job's `steps:`"
                                },
                            ),
                        );
                    }
                }
                check_steps(model::steps(job), false, out);
            }
        }
        FileKind::GithubAction => {
            if cx.root.get("runs").is_none() {
                out.push(Diagnostic::new(meta(), top, "action metadata has no `runs:`"));
            }
            // GitHub's metadata syntax requires `name` and `description` (actionlint and the
            // Marketplace refuse the action without them), but the runner runs it: a warning for a
            // repository's published action (its root `action.yml`), info for a local one only its
            // own workflows use (forms-terraform's `.github/actions/*`, judged not worth a finding,
            // the twenty-ninth sample).
            let severity = if cx.is_local_action() {
                shipshape_core::Severity::Info
            } else {
                shipshape_core::Severity::Warning
            };
            for key in ["name", "description"] {
                if cx.root.get(key).is_none() {
                    out.push(
                        Diagnostic::new(meta(), top, format!("action metadata has no `{key}:`"))
                            .severity(severity)
                            .help(format!("add `{key}:`: the metadata syntax and the Marketplace require it, though the runner runs the action without it")),
                    );
                }
            }
            if let Some(runs) = cx.root.get("runs") {
                if runs.get("using").is_none() {
                    out.push(Diagnostic::new(meta(), runs.span(), "`runs:` has no `using:`"));
                }
                let composite = runs
                    .get("using")
                    .and_then(|u| u.as_str())
                    .is_some_and(|u| u.eq_ignore_ascii_case("composite"));
                check_steps(model::steps(runs), composite, out);
            }
        }
        _ => {}
    }
}

fn check_steps(steps: Vec<shipshape_yaml::NodeRef>, composite: bool, out: &mut Vec<Diagnostic>) {
    for step in steps {
        // `wait:`, `wait-all:` and `cancel:` steps (parallel steps) run nothing of their own.
        if ["wait", "wait-all", "cancel"].iter().any(|k| step.get_entry(k).is_some()) {
            continue;
        }
        let (uses, run) = (step.get_entry("uses"), step.get_entry("run"));
        match (uses, run) {
            (None, None) => out.push(Diagnostic::new(meta(), step.span(), "this step has neither `uses:` nor `run:`")),
            (Some(_), Some((k, _))) => {
                out.push(Diagnostic::new(meta(), k.span(), "a step has `uses:` or `run:`, not both").help("split it into two steps"))
            }
            (None, Some((k, _))) if composite && step.get("shell").is_none() => {
                out.push(Diagnostic::new(meta(), k.span(), "a composite action's `run:` step needs `shell:`").help("add `shell: bash`"))
            }
            _ => {}
        }
    }
}
