use crate::expr::Expr;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA017", name: "overprovisioned-secrets", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:overprovisioned-secrets"], options: [],
    summary: "The whole `secrets` context is exposed",
    what: "Flags `toJSON(secrets)`, a bare `secrets`, and `secrets[…]` indexed by a computed key. Not in the `secrets:` mapping of a job that calls a reusable workflow: that job has no runner, and GitHub passes the called workflow only the secrets the mapping names.",
    why: "Every secret of the repository and organisation is loaded into the runner, where one compromised step can read them all; name the secrets a step needs.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./build.sh\n        env:\n          SECRETS: ${{ toJSON(secrets) }}",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./build.sh\n        env:\n          API_KEY: ${{ secrets.API_KEY }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#overprovisioned-secrets",
    spans: ["secrets"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A job that calls a reusable workflow has no runner: GitHub evaluates its `secrets:` mapping
    // on its side and passes only the secrets it names (the National Archives' `secrets[needs.setup.
    // outputs.x]` for each of four secrets, judged wrong four times, the fifty-first sample).
    let mappings: Vec<shipshape_core::Span> = crate::model::jobs(cx.root)
        .into_iter()
        .filter(|(_, j)| j.get("uses").is_some())
        .filter_map(|(_, j)| j.get("secrets").map(|s| s.span()))
        .collect();
    for e in cx.all_exprs() {
        let at = e.span.start;
        if mappings.iter().any(|m| m.start <= at && at < m.end) {
            continue;
        }
        e.parsed.visit(&mut |s| {
            if let Expr::Path(p) = &s.expr
                && p.first().is_some_and(|c| c.eq_ignore_ascii_case("secrets"))
                && (p.len() == 1 || p[1] == "[]" || p[1] == "*")
            {
                out.push(
                    Diagnostic::new(meta(), e.sub(s), "this exposes every secret, not just the ones needed")
                        .help("reference each secret by name: `secrets.NAME`"),
                );
            }
        });
    }
}
