use crate::expr::{Expr, Op};
use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA019", name: "bot-conditions", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:bot-conditions"], options: [],
    summary: "A bot check on `github.actor` can be spoofed",
    what: "In workflows that pull requests or comments trigger, flags conditions comparing `github.actor` or `github.triggering_actor` with a `…[bot]` login. In a job that runs `dependabot/fetch-metadata` (which fails unless the pull request is Dependabot's, without `skip-verification: true`) it is info: the actor check is not what guards the job. Silent when the same condition also checks the pull request's author; info when the workflow's only exposed trigger is `pull_request` (a fork's run has no secrets to gain).",
    why: "`github.actor` is whoever caused the latest event: an attacker can make Dependabot the actor (by asking it to rebase their PR) and pass the check with their own code.",
    example: "on: pull_request_target\njobs:\n  automerge:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto \"$PR\"",
    instead: "on: pull_request_target\njobs:\n  automerge:\n    if: github.event.pull_request.user.login == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto \"$PR\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#bot-conditions\n- https://www.synacktiv.com/publications/github-actions-exploitation-dependabot",
    spans: ["github.actor == 'dependabot[bot]'"],
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
    // `dependabot/fetch-metadata` verifies that the pull request is Dependabot's (its author and a
    // verified Dependabot commit) and fails the job otherwise, unless told `skip-verification`: in a job
    // that runs it, the actor check is not the guard, and a spoofed actor stops at that step.
    let verified_jobs: Vec<_> = model::jobs(cx.root)
        .into_iter()
        .filter(|(_, j)| {
            j.get("steps").map(|s| s.items()).unwrap_or_default().iter().any(|st| {
                st.get("uses")
                    .and_then(|u| u.as_str())
                    .is_some_and(|u| u.starts_with("dependabot/fetch-metadata@"))
                    && st.get("with").and_then(|w| w.get("skip-verification")).and_then(|v| v.as_text()) != Some("true")
            })
        })
        .map(|(_, j)| j.span())
        .collect();
    let in_verified_job = |n: NodeRef| verified_jobs.iter().any(|j| j.start <= n.span().start && n.span().end <= j.end);
    // Under plain `pull_request` alone a fork's run gets a read-only token and no secrets, whoever
    // the actor is: passing the check gains nothing certain (the error audit, 2026-12-05).
    let only_pull_request = model::triggers(cx.root).iter().all(|(t, _)| {
        !matches!(
            t.as_str(),
            "pull_request_target" | "issue_comment" | "pull_request_review" | "pull_request_review_comment" | "workflow_run"
        )
    });
    for node in cx.conditions() {
        // The same condition also checks the author (`pull_request.user.login == '…[bot]'`): that
        // is the guard, and `&&` makes the actor check add nothing.
        if node.as_text().is_some_and(|t| t.contains("pull_request.user.login")) {
            continue;
        }
        let fetch_verified = in_verified_job(node);
        let verified = fetch_verified || only_pull_request;
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
                    let message = if fetch_verified {
                        "`github.actor` is whoever acted last; `dependabot/fetch-metadata` verifies the pull request in this job, so the check is not the guard"
                    } else if only_pull_request {
                        "`github.actor` is whoever acted last, not who wrote the change (under `pull_request` a fork's run has no secrets to gain)"
                    } else {
                        "`github.actor` is whoever acted last, not who wrote the change"
                    };
                    let d = Diagnostic::new(meta(), e.sub(s), message)
                        .help("check the author instead: `github.event.pull_request.user.login == '…[bot]'`");
                    // Under `pull_request` alone the spoofed check gains nothing (yopass's
                    // auto-merge, judged not worth a finding, the twenty-eighth sample), nor where
                    // `dependabot/fetch-metadata` stops a spoofed run (dhis2-core's, the
                    // fifty-eighth sample; 6 of 9 judged not worth a finding over the samples): info.
                    out.push(if verified {
                        d.severity(shipshape_core::Severity::Info).confidence(shipshape_core::Confidence::Medium)
                    } else {
                        d
                    });
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use shipshape_core::Severity;
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check};

    /// wallabag's Dependabot auto-merge (judged wrong as an error, 2026-12-05) and dhis2-core's (not
    /// worth a finding, the fifty-eighth sample): fetch-metadata fails the job unless the pull
    /// request is Dependabot's, so the actor check is not the guard.
    #[test]
    fn a_job_verified_by_fetch_metadata_is_info() {
        let src = "on: pull_request_target\npermissions: {contents: write, pull-requests: write}\njobs:\n  dependabot:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - id: metadata\n        uses: dependabot/fetch-metadata@25dd0e34f4fe68f24cc83900b1fe3fe149efef98 # v3.1.0\n      - run: gh pr merge --auto --merge \"$PR_URL\"\n";
        let sev = |src: &str| {
            let file = File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml");
            let r = check(&crate::ActionsChecker::default(), file, src, &["GHA019"], FixMode::Off);
            r.findings.iter().map(|f| f.diagnostic.severity).collect::<Vec<_>>()
        };
        assert_eq!(sev(src), [Severity::Info]);
        let skipped = src.replace("# v3.1.0\n", "# v3.1.0\n        with:\n          skip-verification: true\n");
        assert_eq!(sev(&skipped), [Severity::Error]);
        let without = src.replace(
            "      - id: metadata\n        uses: dependabot/fetch-metadata@25dd0e34f4fe68f24cc83900b1fe3fe149efef98 # v3.1.0\n",
            "",
        );
        assert_eq!(sev(&without), [Severity::Error]);
    }
}
