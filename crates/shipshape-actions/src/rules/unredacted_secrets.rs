use crate::expr::Expr;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA018", name: "unredacted-secrets", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:unredacted-secrets"], options: [],
    summary: "A field of a JSON secret is not masked in logs",
    what: "Flags `fromJSON(secrets.X).field`: a value taken out of a structured secret.",
    why: "GitHub masks a secret's exact text in logs, not the pieces of it: a field pulled out of a JSON secret prints in clear.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ fromJSON(secrets.CONFIG).token }}",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
    fix_safety: "No automatic fix: store each value as its own secret (or `::add-mask::` it first).",
    refs: "- https://docs.zizmor.sh/audits/#unredacted-secrets",
    spans: ["fromJSON(secrets.CONFIG).token"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for e in cx.all_exprs() {
        e.parsed.visit(&mut |s| {
            let Expr::Access { base, .. } = &s.expr else { return };
            let Expr::Call { name, args } = &base.expr else { return };
            let from_secret = name.eq_ignore_ascii_case("fromjson")
                && args
                    .first()
                    .is_some_and(|a| matches!(&a.expr, Expr::Path(p) if p.first().is_some_and(|c| c.eq_ignore_ascii_case("secrets"))));
            if from_secret {
                out.push(
                    Diagnostic::new(meta(), e.sub(s), "a field of a JSON secret is not masked in logs")
                        .help("store the value as a secret of its own, or mask it with `::add-mask::` before use"),
                );
            }
        });
    }
}
