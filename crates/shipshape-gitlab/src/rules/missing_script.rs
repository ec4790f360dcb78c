use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL017", name: "missing-script", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job has no `script:`, `run:` or `trigger:`",
    what: "Flags visible jobs with none of `script`, `run` and `trigger`, that do not `extends:` a template (which may provide it) or merge one in with `<<:`.",
    why: "GitLab rejects the pipeline: `jobs:x config should implement the script:, run:, or trigger: keyword`.",
    example: "lint:\n  stage: test\n  image: node:22",
    instead: "lint:\n  stage: test\n  image: node:22\n  script: npm run lint",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#script",
    spans: ["lint"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A job may complete (override) one from an include that cannot be read here.
    if cx.included.open {
        return;
    }
    for (name, key, job) in cx.jobs() {
        if model::is_hidden(name) || job.get("extends").is_some() || cx.included.jobs.contains(name) {
            continue;
        }
        if ["script", "run", "trigger"].iter().any(|k| job.get(k).is_some()) {
            continue;
        }
        // A mapping with no job keyword at all is data the file also holds, not a job (identity-
        // idp's `.gitlab-ci-deploy.yml`, branches → environments read by a script: judged wrong
        // as an error, precision sample 43).
        if !job
            .entries()
            .iter()
            .any(|(k, _)| k.as_str().is_some_and(|k| model::JOB_KEYWORDS.contains(&k)))
        {
            continue;
        }
        out.push(
            Diagnostic::new(meta(), key.span(), format!("job `{name}` has no `script:`, `run:` or `trigger:`"))
                .help("add the commands it runs under `script:`"),
        );
    }
}
