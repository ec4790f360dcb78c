use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA059", name: "deploy-without-environment", severity: Warning, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A deploy job has no `environment:`",
    what: "Flags deploying jobs (deploy commands or actions such as `kubectl apply`, `helm upgrade`, `terraform apply`, cloud deploy actions; the job's id or name is not evidence) without `environment:`.",
    why: "Environments are where GitHub enforces required reviewers, wait timers and branch rules, scopes deploy secrets, and records what was deployed where; without one, any push can deploy to production.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    concurrency: production\n    steps:\n      - run: terraform apply -auto-approve",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    concurrency: production\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve",
    fix_safety: "No automatic fix: the environment must exist in the repository settings.",
    refs: "- https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment",
    spans: ["deploy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (k, job) in model::jobs(cx.root) {
        let id = k.as_str().unwrap_or_default();
        if job.get("environment").is_none() && job.get("uses").is_none() && model::job_deploys(job) {
            out.push(
                Diagnostic::new(meta(), k.span(), format!("job `{id}` deploys without an `environment:`"))
                    .help("add `environment: production` (with protection rules in the repository settings)"),
            );
        }
    }
}
