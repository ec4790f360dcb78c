use crate::expr::Expr;
use crate::{Ctx, ExprAt, rule, sema};
use shipshape_core::{Diagnostic, Span, suggest};
use std::collections::HashSet;

rule! {
    code: "GHA041", name: "context-availability", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "An expression reads a context that does not exist, or is not available there",
    what: "Flags unknown context names (`github`, `env`, `vars`, `job`, `jobs`, `steps`, `runner`, `secrets`, `strategy`, `matrix`, `needs` and `inputs` exist), contexts used at a key where GitHub does not provide them, and `success()`, `failure()`, `always()`, `cancelled()` outside an `if:` and `hashFiles()` outside a step, after the docs' table of context availability: `secrets` or `env` in a job's `if:`, `env` in a job's `env:` or in the workflow's, `runner` in `runs-on:` or a job's `name:`, anything but `github`, `inputs` and `vars` in `run-name:` and workflow-level `concurrency:`, no context in the workflow's `defaults.run` (keys the table does not name, such as a step's `shell:`, are not judged).",
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

fn report(e: &ExprAt, allowed: Option<(&[&str], &[&str], &str)>, out: &mut Vec<Diagnostic>) {
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
        } else if let Some((ok, _, place)) = allowed
            && !ok.contains(&lower.as_str())
        {
            let help = if ok.is_empty() {
                "no context is available there".to_owned()
            } else {
                format!("available there: {}", ok.join(", "))
            };
            out.push(Diagnostic::new(meta(), span, format!("`{lower}` is not available in `{place}`")).help(help));
        }
    }
    let Some((_, functions, place)) = allowed else { return };
    e.parsed.visit(&mut |x| {
        if let Expr::Call { name, .. } = &x.expr {
            let lower = name.to_ascii_lowercase();
            if SPECIAL.contains(&lower.as_str()) && !functions.contains(&lower.as_str()) {
                let at = e.sub(x);
                let span = Span::new(at.start, (at.start + name.len()).min(at.end));
                let only = if lower == "hashfiles" {
                    "a step's keys"
                } else {
                    "`if:` of a job or step"
                };
                out.push(
                    Diagnostic::new(meta(), span, format!("`{name}()` is not available in `{place}`"))
                        .help(format!("`{name}()` works only in {only}")),
                );
            }
        }
    });
}

/// Functions GitHub provides only at some keys.
const SPECIAL: &[&str] = &["always", "cancelled", "failure", "success", "hashfiles"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        // Action metadata: only the unknown-name check.
        for e in cx.exprs_under(cx.root) {
            report(e, None, out);
        }
        return;
    }
    let sites = sema::sites(cx);
    let judged: HashSet<*const ExprAt> = sites.iter().map(|s| std::ptr::from_ref(s.expr)).collect();
    for site in &sites {
        let allowed = sema::availability(site.key).map(|(c, f)| (c, f, site.key));
        report(site.expr, allowed, out);
    }
    // Keys the table does not name (`on:` filters, a step's `uses:` or `shell:`): names only.
    for e in cx.all_exprs() {
        if !judged.contains(&std::ptr::from_ref(e)) {
            report(e, None, out);
        }
    }
}
