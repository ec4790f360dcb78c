use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};

rule! {
    code: "GL016", name: "unknown-job-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job has a key GitLab does not know",
    what: "Checks every job's keys against GitLab's job keywords and suggests the one probably meant. Hidden templates (`.name`) are skipped: they may hold anchors' data.",
    why: "GitLab rejects the pipeline (`jobs:x config contains unknown keys`).",
    example: "test:\n  script: make test\n  artefacts:\n    paths: [report.xml]",
    instead: "test:\n  script: make test\n  artifacts:\n    paths: [report.xml]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#job-keywords",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, job) in cx.jobs() {
        if model::is_hidden(name) {
            continue;
        }
        for (k, _) in job.entries() {
            let Some(key) = k.as_str() else { continue };
            if model::JOB_KEYWORDS.contains(&key) {
                continue;
            }
            let mut d = Diagnostic::new(meta(), k.span(), format!("`{key}` is not a job keyword"));
            if let Some(s) = suggest::closest(key, model::JOB_KEYWORDS.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            out.push(d);
        }
    }
}
