use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL024", name: "deploy-without-resource-group", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "Deploys to one environment can run at the same time",
    what: "Flags jobs with an `environment:` that deploy (not `action: stop`/`prepare`/`verify`/`access`) and have no `resource_group:`.",
    why: "Two pipelines close together deploy at once: the older commit can finish last and win, and two `terraform apply`s can corrupt state. A resource group runs them one at a time.",
    example: "deploy:\n  stage: deploy\n  environment: staging\n  script: ./deploy.sh",
    instead: "deploy:\n  stage: deploy\n  environment: staging\n  resource_group: staging\n  script: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/resource_groups/",
    spans: ["deploy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, key, job) in cx.jobs() {
        if model::is_hidden(name) || job.get("resource_group").is_some() || job.get("extends").is_some() {
            continue;
        }
        let Some(env) = job.get("environment") else { continue };
        let action = env.get("action").and_then(|a| a.as_str()).unwrap_or("start");
        if action != "start" || model::environment_name(job).is_some_and(|n| n.contains("review")) {
            continue;
        }
        out.push(
            Diagnostic::new(meta(), key.span(), format!("deploy job `{name}` has no `resource_group:`"))
                .help("add `resource_group: <environment>` so deploys to it run one at a time"),
        );
    }
}
