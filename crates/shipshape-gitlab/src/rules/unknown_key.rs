use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};

rule! {
    code: "GL016", name: "unknown-job-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job has a key GitLab does not know",
    what: "Checks every job's keys against GitLab's job keywords and suggests the one probably meant. Hidden templates (`.name`) are skipped: they may hold anchors' data. An error when the key is a near-miss of a job keyword, else a warning (GitLab adds keywords).",
    why: "GitLab rejects the pipeline (`jobs:x config contains unknown keys`).",
    example: "test:\n  script: make test\n  artefacts:\n    paths: [report.xml]",
    instead: "test:\n  script: make test\n  artifacts:\n    paths: [report.xml]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#job-keywords",
    spans: ["artefacts"],
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
            // A near-miss is a typo GitLab refuses; another key may be one GitLab added after
            // shipshape's list: a warning (the error audit, 2026-12-05).
            d = match suggest::closest(key, model::JOB_KEYWORDS.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d
                    .severity(shipshape_core::Severity::Warning)
                    .confidence(shipshape_core::Confidence::Medium)
                    .help("not a job keyword shipshape knows"),
            };
            out.push(d);
        }
    }
}
