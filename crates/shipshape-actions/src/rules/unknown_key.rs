use crate::{Ctx, model, rule};
use shipshape_core::classify::FileKind;
use shipshape_core::{Diagnostic, suggest};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA037", name: "unknown-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:syntax-check"], options: [],
    summary: "A key GitHub does not know in a workflow, job, step or action",
    what: "Checks the keys of the workflow, each job (normal or reusable-workflow call), each step, and an action's metadata and composite steps, and suggests the key that was probably meant. An error when the key is a near-miss of a known one (a typo GitHub refuses); any other unknown key is a warning, since GitHub adds keys after shipshape's list was made.",
    why: "GitHub rejects the workflow, or (in action metadata) ignores the key, so `runs_on:` or `timeout_minutes:` silently does nothing.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout_minutes: 10\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax\n- https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax",
    spans: ["timeout_minutes"],
}

pub const WORKFLOW: &[&str] = &[
    "name",
    "run-name",
    "description",
    "on",
    "permissions",
    "env",
    "defaults",
    "concurrency",
    "jobs",
];
pub const JOB: &[&str] = &[
    "name",
    "cancel-timeout-minutes",
    "permissions",
    "needs",
    "if",
    "runs-on",
    "environment",
    "concurrency",
    "outputs",
    "env",
    "defaults",
    "steps",
    "timeout-minutes",
    "strategy",
    "continue-on-error",
    "container",
    "services",
    "snapshot",
];
pub const CALL_JOB: &[&str] = &[
    "name",
    "uses",
    "with",
    "secrets",
    "needs",
    "if",
    "permissions",
    "strategy",
    "concurrency",
];
pub const STEP: &[&str] = &[
    "id",
    "if",
    "name",
    "uses",
    "run",
    "working-directory",
    "shell",
    "with",
    "env",
    "continue-on-error",
    "timeout-minutes",
    // Parallel steps (2026-06-25): `parallel:` groups are read as their steps.
    "background",
    "wait",
    "wait-all",
    "cancel",
];
pub const ACTION: &[&str] = &["name", "author", "description", "inputs", "outputs", "runs", "branding"];

fn check_keys(node: NodeRef, known: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    for (k, _) in node.entries() {
        let Some(key) = k.as_str() else { continue };
        if known.contains(&key) {
            continue;
        }
        let mut d = Diagnostic::new(meta(), k.span(), format!("`{key}` is not a {what} key"));
        // A near-miss of a known key is a typo GitHub refuses; any other key may be one GitHub added
        // after shipshape's list (workflow `description` was): a warning (the error audit, 2026-12-05).
        d = match suggest::closest(key, known.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d
                .severity(shipshape_core::Severity::Warning)
                .confidence(shipshape_core::Confidence::Medium)
                .help(format!("{what} keys shipshape knows: {}", known.join(", "))),
        };
        out.push(d);
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    match cx.kind {
        FileKind::GithubWorkflow => {
            check_keys(cx.root, WORKFLOW, "workflow", out);
            for (_, job) in model::jobs(cx.root) {
                if job.get("uses").is_some() {
                    check_keys(job, CALL_JOB, "reusable-workflow call job", out);
                } else {
                    check_keys(job, JOB, "job", out);
                }
                for step in model::steps(job) {
                    check_keys(step, STEP, "step", out);
                }
            }
        }
        FileKind::GithubAction => {
            // GitHub ignores unknown top-level keys of action metadata (vault-helm's `permissions:`
            // there since 2023): a leftover, not a broken action.
            let from = out.len();
            check_keys(cx.root, ACTION, "action metadata", out);
            for d in &mut out[from..] {
                d.severity = shipshape_core::Severity::Warning;
            }
            if let Some(runs) = cx.root.get("runs") {
                for step in model::steps(runs) {
                    check_keys(step, STEP, "step", out);
                }
            }
        }
        _ => {}
    }
}
