use crate::expr::{Expr, Op};
use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA019", name: "bot-conditions", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:bot-conditions"], options: [],
    summary: "A bot check on `github.actor` can be spoofed",
    what: "In workflows that pull requests or comments trigger, flags conditions comparing `github.actor` or `github.triggering_actor` with a `…[bot]` login.",
    why: "`github.actor` is whoever caused the latest event: an attacker can make Dependabot the actor (by asking it to rebase their PR) and pass the check with their own code.",
    example: "on: pull_request_target\njobs:\n  automerge:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto \"$PR\"",
    instead: "on: pull_request_target\njobs:\n  automerge:\n    if: github.event.pull_request.user.login == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto \"$PR\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#bot-conditions\n- https://www.synacktiv.com/publications/github-actions-exploitation-dependabot",
}

fn is_actor(e: &Expr) -> bool {
    matches!(e, Expr::Path(p) if p.len() == 2 && p[0] == "github" && matches!(p[1].as_str(), "actor" | "triggering_actor"))
}

fn is_bot(e: &Expr) -> bool {
    matches!(e, Expr::String(s) if s.ends_with("[bot]"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let exposed = model::triggers(cx.root).iter().any(|(t, _)| {
        matches!(
            t.as_str(),
            "pull_request"
                | "pull_request_target"
                | "issue_comment"
                | "pull_request_review"
                | "pull_request_review_comment"
                | "workflow_run"
        )
    });
    if !exposed {
        return;
    }
    for node in cx.conditions() {
        let exprs = if node.as_text().is_some_and(|t| t.contains("${{")) {
            cx.exprs_in(node)
        } else {
            cx.bare_condition(node).into_iter().collect()
        };
        for e in exprs {
            e.parsed.visit(&mut |s| {
                if let Expr::Binary { op: Op::Eq, lhs, rhs } = &s.expr
                    && ((is_actor(&lhs.expr) && is_bot(&rhs.expr)) || (is_bot(&lhs.expr) && is_actor(&rhs.expr)))
                {
                    out.push(
                        Diagnostic::new(meta(), e.sub(s), "`github.actor` is whoever acted last, not who wrote the change")
                            .help("check the author instead: `github.event.pull_request.user.login == '…[bot]'`"),
                    );
                }
            });
        }
    }
}
