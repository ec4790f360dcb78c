use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL010", name: "job-deploy-without-environment", severity: Warning, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A deploy job has no `environment:`",
    what: "Flags jobs in a `deploy` stage, or named `deploy…`, with no `environment:` (hidden templates and jobs that `extends:` are skipped: the environment may come from the template).",
    why: "Without an environment GitLab records no deployment: no history of what runs where, no rollback button, no protected-environment approvals, no environment-scoped variables.",
    example: "deploy:\n  stage: deploy\n  script: ./deploy.sh",
    instead: "deploy:\n  stage: deploy\n  environment: staging\n  script: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/environments/",
    spans: ["deploy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, key, job) in cx.jobs() {
        if model::is_hidden(name) || job.get("extends").is_some() || job.get("trigger").is_some() || job.get("environment").is_some() {
            continue;
        }
        if model::is_deploy(name, job) {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("deploy job `{name}` has no `environment:`"))
                    .help("add `environment: <name>` (with `url:`), so GitLab tracks and can roll back deployments"),
            );
        }
    }
}
