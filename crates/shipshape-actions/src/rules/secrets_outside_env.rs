use crate::expr::Expr;
use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA034", name: "secrets-outside-env", severity: Info, category: Security, default: false, fix: None,
    peers: ["zizmor:secrets-outside-env"], options: [],
    summary: "A job reads secrets without a deployment environment",
    what: "Flags `secrets.X` (other than `GITHUB_TOKEN`) in jobs with no `environment:` (off by default). Reusable workflows (`on: workflow_call`) are skipped: their secrets are whatever the caller passes, and an environment there cannot be given secrets by the caller.",
    why: "Environment secrets are only released to jobs that pass the environment's protection rules (reviewers, branch filters); repository secrets go to any job on any branch.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#secrets-outside-env\n- https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#environment-secrets",
    spans: ["secrets.DEPLOY_TOKEN"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() || model::is_reusable(cx.root) {
        return;
    }
    let outside: Vec<_> = model::jobs(cx.root)
        .into_iter()
        .filter(|(_, j)| j.get("environment").is_none() && j.get("uses").is_none())
        .map(|(_, j)| j)
        .collect();
    // `secrets` is not available in a job's or a step's `if:` (GHA041 reports that): nothing is read.
    let conditions: Vec<_> = outside
        .iter()
        .flat_map(|j| std::iter::once(*j).chain(model::steps(*j)))
        .filter_map(|n| n.get("if"))
        .map(|c| c.span())
        .collect();
    for e in cx.all_exprs() {
        let at = e.node.span().start;
        if !outside.iter().any(|j| j.span().start <= at && at < j.span().end) || conditions.iter().any(|c| c.start <= at && at < c.end) {
            continue;
        }
        for (path, start, end) in e.parsed.paths() {
            if !path.first().is_some_and(|p| p.eq_ignore_ascii_case("secrets"))
                || path.get(1).is_some_and(|p| p.eq_ignore_ascii_case("GITHUB_TOKEN"))
            {
                continue;
            }
            // `toJSON(secrets)` (or `secrets[format(...)]`) hands over every secret.
            let what = match path.get(1) {
                Some(name) => format!("`secrets.{name}` is"),
                None => "the whole `secrets` context is".to_owned(),
            };
            {
                let span = e.sub(&crate::expr::Spanned {
                    expr: Expr::Null,
                    start,
                    end,
                });
                out.push(
                    Diagnostic::new(meta(), span, format!("{what} used by a job with no `environment:`"))
                        .help("move the secret to an environment with protection rules and set `environment:` on the job"),
                );
            }
        }
    }
}
