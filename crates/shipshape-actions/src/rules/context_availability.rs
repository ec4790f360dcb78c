use crate::{Ctx, ExprAt, model, rule};
use shipshape_core::{Diagnostic, Span, suggest};

rule! {
    code: "GHA041", name: "context-availability", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "An expression reads a context that does not exist, or is not available there",
    what: "Flags unknown context names (`github`, `env`, `vars`, `job`, `jobs`, `steps`, `runner`, `secrets`, `strategy`, `matrix`, `needs` and `inputs` exist) and contexts used where GitHub does not provide them: `secrets` or `env` in a job's `if:`, `secrets` in a step's `if:`, `steps` or `runner` in `runs-on:`, anything but `github`, `inputs` and `vars` in `run-name:` and workflow-level `concurrency:`.",
    why: "GitHub fails the run when it evaluates the expression, often only on the branch or event that reaches it.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: secrets.DEPLOY_TOKEN != ''\n        run: ./deploy.sh",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      HAS_TOKEN: ${{ secrets.DEPLOY_TOKEN != '' }}\n    steps:\n      - if: env.HAS_TOKEN == 'true'\n        run: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability",
    spans: ["secrets"],
}

pub const CONTEXTS: &[&str] = &[
    "github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs",
];

const WORKFLOW_LEVEL: &[&str] = &["github", "inputs", "vars"];
const JOB_IF: &[&str] = &["github", "needs", "vars", "inputs"];
const RUNS_ON: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];
const STEP_IF: &[&str] = &[
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs",
];
const JOB_LEVEL: &[&str] = &["github", "needs", "strategy", "matrix", "vars", "inputs"];

fn report(e: &ExprAt, allowed: Option<(&[&str], &str)>, out: &mut Vec<Diagnostic>) {
    for (path, start, end) in e.parsed.paths() {
        let Some(head) = path.first() else { continue };
        let lower = head.to_ascii_lowercase();
        // `${{ insert }}: <mapping>` merges a mapping into the one it stands in: undocumented,
        // but the runner's template engine has it (hackclub/hcb's `env:`, judged wrong as an
        // error, the fifty-ninth sample; actionlint#349).
        if lower == "insert" && path.len() == 1 && matches!(e.parsed.expr, crate::expr::Expr::Path(_)) {
            continue;
        }
        let span = e
            .base
            .map_or(e.span, |b| Span::new(b + start, b + start + head.len().min(end - start)));
        if !CONTEXTS.contains(&lower.as_str()) {
            let mut d = Diagnostic::new(meta(), span, format!("`{head}` is not a context"));
            if let Some(s) = suggest::closest(&lower, CONTEXTS.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            out.push(d);
        } else if let Some((ok, place)) = allowed
            && !ok.contains(&lower.as_str())
        {
            out.push(
                Diagnostic::new(meta(), span, format!("`{lower}` is not available in {place}"))
                    .help(format!("available there: {}", ok.join(", "))),
            );
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        // Action metadata: only the unknown-name check.
        for e in cx.exprs_under(cx.root) {
            report(e, None, out);
        }
        return;
    }
    for (k, v) in cx.root.entries() {
        let key = k.as_str().unwrap_or_default();
        if key == "jobs" {
            continue;
        }
        let allowed = matches!(key, "run-name" | "concurrency").then_some((WORKFLOW_LEVEL, "the workflow's `run-name`/`concurrency`"));
        for e in cx.exprs_under(v) {
            report(e, allowed, out);
        }
    }
    for (_, job) in model::jobs(cx.root) {
        // `environment.url` is evaluated after the steps ran; it may read them.
        let env_url = job.get("environment").and_then(|e| e.get("url")).map(|u| u.span());
        for (key, e) in cx.exprs_of(job) {
            let in_url = env_url.is_some_and(|u| u.start <= e.node.span().start && e.node.span().end <= u.end);
            let allowed: Option<(&[&str], &str)> = match key.as_str() {
                "environment" if in_url => Some((STEP_IF, "`environment.url`")),
                "if" => Some((JOB_IF, "a job's `if:`")),
                "runs-on" => Some((RUNS_ON, "`runs-on:`")),
                "strategy" => Some((JOB_IF, "`strategy:`")),
                "environment" | "timeout-minutes" | "concurrency" | "continue-on-error" => Some((JOB_LEVEL, "this job-level key")),
                _ => None,
            };
            report(e, allowed, out);
        }
        for step in model::steps(job) {
            for (key, e) in cx.exprs_of(step) {
                let allowed = (key == "if").then_some((STEP_IF, "a step's `if:`"));
                report(e, allowed.map(|(a, p)| (a as &[&str], p)), out);
            }
        }
    }
}
