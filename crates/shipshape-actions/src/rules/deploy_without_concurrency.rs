use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA058", name: "deploy-without-concurrency", severity: Warning, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "Deploys can run at the same time",
    what: "Flags deploying jobs (deploy commands or actions; the job's id or name is not evidence) with no `concurrency:` on the job or the workflow.",
    why: "Two pushes in quick succession start two deploys that race: the older commit can finish last and win, and two `terraform apply`s can corrupt state.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: kubectl apply -f k8s/",
    instead: "on: push\nconcurrency:\n  group: deploy-production\n  cancel-in-progress: false\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: kubectl apply -f k8s/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs",
    spans: ["deploy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.root.get("concurrency").is_some() {
        return;
    }
    for (k, job) in model::jobs(cx.root) {
        let id = k.as_str().unwrap_or_default();
        if job.get("concurrency").is_none() && job.get("uses").is_none() && model::job_deploys(job) {
            out.push(
                Diagnostic::new(meta(), k.span(), format!("job `{id}` deploys with no `concurrency:` group"))
                    .help("add `concurrency: {group: deploy-<environment>, cancel-in-progress: false}`"),
            );
        }
    }
}
