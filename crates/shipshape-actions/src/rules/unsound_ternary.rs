use crate::expr::{Expr, Op};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA022", name: "unsound-ternary", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`cond && X || Y` with a falsy X always gives Y",
    what: "Flags the `a && b || c` ternary idiom where `b` is falsy (`''`, `0`, `false`, `null`).",
    why: "`&&` yields `b` only when it is truthy; with a falsy `b` the expression falls through to `c` whatever the condition, so the 'then' branch can never be chosen.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n        env:\n          EXTRA: ${{ github.event_name == 'push' && '' || '--slow' }}",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n        env:\n          EXTRA: ${{ github.event_name != 'push' && '--slow' || '' }}",
    fix_safety: "No automatic fix: invert the condition so the truthy value comes first, or use `case()`.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#operators",
    spans: ["''"],
}

fn falsy(e: &Expr) -> bool {
    match e {
        Expr::String(s) => s.is_empty(),
        Expr::Number(n) => *n == 0.0,
        Expr::Bool(b) => !b,
        Expr::Null => true,
        _ => false,
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for e in cx.all_exprs() {
        e.parsed.visit(&mut |s| {
            if let Expr::Binary { op: Op::Or, lhs, .. } = &s.expr
                && let Expr::Binary {
                    op: Op::And, rhs: then, ..
                } = &lhs.expr
                && falsy(&then.expr)
            {
                out.push(
                    Diagnostic::new(meta(), e.sub(then), "this falsy value can never be the result")
                        .help("invert the condition so the truthy value comes first, or use `case(cond, a, b)`"),
                );
            }
        });
    }
}
