use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL009", name: "production-deploy-gate", severity: Warning, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A production deploy runs with no manual gate",
    what: "Flags jobs deploying to a production environment (`environment:` named `production`/`prod`…) that are neither `when: manual` (on the job or in a rule) nor guarded by a protected environment you can see here (`manual_confirmation`).",
    why: "Every merge to the default branch goes to production at once, with nobody deciding; one bad merge is an outage.",
    example: "deploy_prod:\n  stage: deploy\n  environment: production\n  script: ./deploy.sh",
    instead: "deploy_prod:\n  stage: deploy\n  environment: production\n  when: manual\n  script: ./deploy.sh",
    fix_safety: "No automatic fix: if production deploys are meant to be continuous, suppress this with the reason.",
    refs: "- https://docs.gitlab.com/ci/environments/deployment_safety/\n- https://docs.gitlab.com/ci/jobs/job_control/#create-a-job-that-must-be-run-manually",
    spans: ["deploy_prod"],
}

fn manual(job: NodeRef) -> bool {
    job.get("when").and_then(|w| w.as_str()) == Some("manual")
        || job.get("manual_confirmation").is_some()
        || job
            .get("rules")
            .map(|r| r.items())
            .unwrap_or_default()
            .iter()
            .any(|r| r.get("when").and_then(|w| w.as_str()) == Some("manual"))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, key, job) in cx.jobs() {
        if model::is_hidden(name) || job.get("extends").is_some() {
            continue;
        }
        let Some(env) = model::environment_name(job) else { continue };
        if model::is_production(env) && !manual(job) {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("job `{name}` deploys to `{env}` automatically"))
                    .help("add `when: manual` (or a manual rule), or protect the environment with required approvals"),
            );
        }
    }
}
