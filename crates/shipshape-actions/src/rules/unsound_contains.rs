use crate::expr::Expr;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA021", name: "unsound-contains", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:unsound-contains"], options: [],
    summary: "`contains('a b', x)` checks for a substring, not membership",
    what: "Flags `contains()` whose first argument is a string literal and whose second is a context value (`github.ref`, `github.head_ref`, …).",
    why: "`contains('refs/heads/main refs/heads/release', github.ref)` is also true for a branch named `main` or `ma`, so an attacker-named branch passes a check meant for protected branches.",
    example: "on: push\njobs:\n  deploy:\n    if: contains('refs/heads/main refs/heads/release', github.ref)\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh",
    instead: "on: push\njobs:\n  deploy:\n    if: contains(fromJSON('[\"refs/heads/main\", \"refs/heads/release\"]'), github.ref)\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#unsound-contains",
    spans: ["contains('refs/heads/main refs/heads/release', github.ref)"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for e in cx.all_exprs() {
        e.parsed.visit(&mut |s| {
            if let Expr::Call { name, args } = &s.expr
                && name.eq_ignore_ascii_case("contains")
                && let [hay, needle] = args.as_slice()
                && matches!(&hay.expr, Expr::String(h) if h.contains([' ', ',']))
                && matches!(&needle.expr, Expr::Path(_))
            {
                out.push(
                    Diagnostic::new(meta(), e.sub(s), "this is a substring test: parts of the listed values also match")
                        .help("test membership in a list: `contains(fromJSON('[\"a\", \"b\"]'), x)`"),
                );
            }
        });
    }
}
