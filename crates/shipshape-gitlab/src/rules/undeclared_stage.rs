use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};
use std::collections::{HashMap, HashSet};

rule! {
    code: "GL007", name: "undeclared-stage", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job's `stage:` is not declared in `stages:`",
    what: "Flags `stage:` values not in `stages:` (or GitLab's defaults `build`, `test`, `deploy` when `stages:` is absent), counting stages declared in locally included files.",
    why: "GitLab rejects the whole pipeline: `chosen stage does not exist`.",
    example: "stages: [build, test]\nunit:\n  stage: tests\n  script: make test",
    instead: "stages: [build, test]\nunit:\n  stage: test\n  script: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#stages",
    spans: ["tests"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut stages: Vec<String> = match model::declared_stages(cx.root) {
        Some(s) => s,
        None if cx.included.stages.is_empty() && cx.included.open => return,
        None if !cx.included.stages.is_empty() => Vec::new(),
        None => model::DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
    };
    stages.extend(cx.included.stages.iter().cloned());
    stages.extend([".pre".to_owned(), ".post".to_owned()]);
    if !cx.is_pipeline_root() && model::declared_stages(cx.root).is_none() {
        return;
    }
    let declared: HashSet<&str> = stages.iter().map(String::as_str).collect();
    let mut suggestions: HashMap<&str, Option<&str>> = HashMap::new();
    for (name, _, job) in cx.jobs() {
        if model::is_hidden(name) {
            continue;
        }
        let Some(stage) = job.get("stage") else { continue };
        let Some(s) = stage.as_str() else { continue };
        if s.contains('$') || declared.contains(s) {
            continue;
        }
        let mut d = Diagnostic::new(meta(), stage.span(), format!("stage `{s}` is not declared"));
        let suggestion = *suggestions
            .entry(s)
            .or_insert_with(|| suggest::closest(s, stages.iter().map(String::as_str)));
        d = match suggestion {
            Some(c) => d.help(format!("did you mean `{c}`?")),
            None => d.help("add it to `stages:`"),
        };
        out.push(d);
    }
}
