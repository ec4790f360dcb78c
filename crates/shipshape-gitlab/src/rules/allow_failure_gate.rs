use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::{HashMap, HashSet};

rule! {
    code: "GL015", name: "allow-failure-gates-deploy", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A job that gates a deploy is allowed to fail",
    what: "Flags `allow_failure: true` on jobs a deploy job `needs:`, or, for deploy jobs without `needs:`, on jobs of earlier stages. A job that stops an environment (`environment: {action: stop}`) is a teardown, not a deploy, a deploy allowed to fail (a review app) is no gate of a later one, and a deploy that runs `when: always` waits for nothing.",
    why: "A failing test or scan marked `allow_failure` does not stop the pipeline: the deploy goes ahead with the failure shown as a warning nobody reads.",
    example: "stages: [test, deploy]\nunit:\n  stage: test\n  allow_failure: true\n  script: make test\nrelease:\n  stage: deploy\n  environment: production\n  when: manual\n  script: ./deploy.sh",
    instead: "stages: [test, deploy]\nunit:\n  stage: test\n  script: make test\nrelease:\n  stage: deploy\n  environment: production\n  when: manual\n  script: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#allow_failure",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = cx.jobs();
    let stages: Vec<String> =
        model::declared_stages(cx.root).unwrap_or_else(|| model::DEFAULT_STAGES.iter().map(|s| s.to_string()).collect());
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (i, s) in stages.iter().enumerate() {
        position.entry(s.as_str()).or_insert(i);
    }
    let stage_of = |job: shipshape_yaml::NodeRef| -> Option<usize> {
        let s = job.get("stage").and_then(|s| s.as_str()).unwrap_or("test");
        position.get(s).copied()
    };
    // Jobs a deploy names in `needs:`, and the latest stage of a deploy without `needs:` (it
    // waits for every job of an earlier stage).
    let mut needed: HashSet<&str> = HashSet::new();
    let mut gate_before: Option<usize> = None;
    for (name, _, job) in &jobs {
        // A job that stops an environment tears down; it should run even after a failed deploy
        // (identity-idp's `stop-review-app` needing `review-app`: judged wrong, precision sample 43).
        let stops = job.get("environment").and_then(|e| e.get("action")).and_then(|a| a.as_str()) == Some("stop");
        if model::is_hidden(name) || !model::is_deploy(name, *job) || stops || runs_always(*job) {
            continue;
        }
        match job.get("needs") {
            Some(n) => needed.extend(n.items().iter().filter_map(|i| i.as_str().or_else(|| i.get("job")?.as_str()))),
            None => {
                if let Some(mine) = stage_of(*job) {
                    gate_before = gate_before.max(Some(mine));
                }
            }
        }
    }
    for (name, _, job) in &jobs {
        // A deploy of its own (a review app allowed to fail) is no gate for a later one: the tests
        // and scans are (identity-idp's `review-app`, judged wrong, precision sample 43).
        if model::is_deploy(name, *job) {
            continue;
        }
        let by_stage = !model::is_hidden(name) && gate_before.is_some_and(|g| stage_of(*job).is_some_and(|s| s < g));
        if !needed.contains(name) && !by_stage {
            continue;
        }
        if let Some(af) = job.get("allow_failure")
            && af.as_bool() == Some(true)
        {
            out.push(
                Diagnostic::new(meta(), af.span(), format!("job `{name}` gates a deploy but may fail"))
                    .help("remove `allow_failure: true`, or use `allow_failure: {exit_codes: […]}` for the one case you mean"),
            );
        }
    }
}

/// Whether a job runs whatever became of the jobs before it: `when: always`, on the job or on every
/// rule that runs it (QubesOS's `builderv2-github` trigger in the deploy stage, judged wrong, the
/// sixty-fourth sample). Nothing before it gates it.
fn runs_always(job: shipshape_yaml::NodeRef) -> bool {
    let when = |n: shipshape_yaml::NodeRef| n.get("when").and_then(|w| w.as_str()).map(str::to_owned);
    if let Some(rules) = job.get("rules").map(|r| r.items()).filter(|r| !r.is_empty()) {
        let running: Vec<Option<String>> = rules.iter().map(|r| when(*r)).filter(|w| w.as_deref() != Some("never")).collect();
        return !running.is_empty() && running.iter().all(|w| w.as_deref() == Some("always"));
    }
    when(job).as_deref() == Some("always")
}
