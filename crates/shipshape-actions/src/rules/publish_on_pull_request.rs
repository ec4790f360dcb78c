use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA055", name: "publish-on-pull-request", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "Images are pushed or deploys run for pull requests",
    what: "In workflows triggered by `pull_request` or `pull_request_target`, flags publishing steps (image pushes, deploys, releases, package publishes) whose job and step carry no `if:`. In a job that starts a throwaway cluster (on the runner: kind, minikube, k3d, k3s, in a step, a local action or a repository script it runs; or a test cluster with a TTL from Replicated's compatibility matrix), `kubectl` and `helm` install into that cluster and are not a deploy.",
    why: "Every pull request then ships its unreviewed code to your registry or environment, and on `pull_request_target` with your credentials.",
    example: "on: [push, pull_request]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/app . && docker push ghcr.io/acme/app",
    instead: "on: [push, pull_request]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/app .\n      - if: github.event_name == 'push'\n        run: docker push ghcr.io/acme/app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
    spans: ["docker build -t ghcr.io/acme/app . && docker push ghcr.io/acme/app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let on_pr = model::triggers(cx.root)
        .iter()
        .any(|(t, _)| matches!(t.as_str(), "pull_request" | "pull_request_target"));
    if !on_pr {
        return;
    }
    let jobs = model::jobs(cx.root);
    for (_, job) in &jobs {
        let job = *job;
        // A job that needs one with an `if:` (directly or through others) is skipped with it: with
        // no `if:` of its own it runs only when every job it needs succeeded (commafeed's
        // `deploy-pages` after a tag-only `release`, judged wrong, the twenty-eighth sample).
        if job.get("if").is_some() || needs_a_guarded_job(&jobs, job) {
            continue;
        }
        let local = model::runs_local_cluster(job) || model::steps(job).into_iter().any(|s| local_action_starts_cluster(cx, s));
        for step in model::steps(job) {
            if step.get("if").is_some() || !model::publishes_in_job(step, local) || push_decided_by_event(cx, job, step) {
                continue;
            }
            let span = step.get("uses").or_else(|| step.get("run")).map_or(step.span(), |n| n.span());
            out.push(
                Diagnostic::new(meta(), span, "this publishes on every pull request")
                    .help("guard it: `if: github.event_name == 'push'` (or a branch/tag condition)"),
            );
        }
    }
}

/// Whether a job needs, directly or through the jobs it needs, a job with an `if:`.
fn needs_a_guarded_job(jobs: &[(shipshape_yaml::NodeRef, shipshape_yaml::NodeRef)], job: shipshape_yaml::NodeRef) -> bool {
    let needs = |j: shipshape_yaml::NodeRef| -> Vec<String> {
        j.get("needs")
            .map(|n| {
                n.scalar_or_items()
                    .into_iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut seen: Vec<String> = Vec::new();
    let mut todo = needs(job);
    while let Some(name) = todo.pop() {
        if seen.contains(&name) || seen.len() > jobs.len() {
            continue;
        }
        let Some((_, needed)) = jobs.iter().find(|(k, _)| k.as_str() == Some(name.as_str())) else {
            continue;
        };
        if needed.get("if").is_some() {
            return true;
        }
        todo.extend(needs(*needed));
        seen.push(name);
    }
    false
}

/// Whether a build-push step's `push:` is an expression of the event or ref, directly or through an
/// `env` variable (photoview: `push: ${{ env.IS_PUSHING_IMAGES }}` with `IS_PUSHING_IMAGES:
/// ${{ github.event_name != 'pull_request' && … }}`, judged wrong 2026-12-05): it decides per event.
fn push_decided_by_event(cx: &Ctx, job: shipshape_yaml::NodeRef, step: shipshape_yaml::NodeRef) -> bool {
    const EVENT: &[&str] = &["github.event_name", "github.ref", "github.head_ref", "github.event.pull_request"];
    let Some(push) = model::with(step, "push").and_then(|p| p.as_text()) else {
        return false;
    };
    if !push.contains("${{") {
        return false;
    }
    let decides = |text: &str| EVENT.iter().any(|e| text.contains(e));
    if decides(push) {
        return true;
    }
    // `env.NAME` read from the step's, the job's or the workflow's `env:`.
    let mut rest = push;
    while let Some(at) = rest.find("env.") {
        let name: String = rest[at + 4..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let value = [step, job, cx.root]
            .into_iter()
            .find_map(|n| n.get("env").and_then(|e| e.get(&name)).and_then(|v| v.as_text()));
        if value.is_some_and(decides) {
            return true;
        }
        rest = &rest[at + 4 + name.len()..];
    }
    false
}

/// Whether a step runs a local composite action (`uses: ./.github/actions/setup`: opentelemetry-
/// helm-charts' runs `helm/kind-action`) or a repository script (`run: ./tests/install_KinD….sh`:
/// kubeflow's manifests, judged wrong, the twenty-fourth sample) that starts a throwaway cluster.
fn local_action_starts_cluster(cx: &Ctx, step: shipshape_yaml::NodeRef) -> bool {
    let Some(root) = cx.file.path.as_deref().and_then(model::checkout_root) else {
        return false;
    };
    let tree = cx.core.tree();
    let read = |rel: &str| tree.read(&root.join(rel.trim_start_matches("./")));
    if let Some(path) = step.get("uses").and_then(|u| u.as_str()).and_then(crate::model::local_path) {
        return ["action.yml", "action.yaml"]
            .iter()
            .filter_map(|n| read(&format!("{path}/{n}")))
            .any(|text| model::starts_local_cluster(&text));
    }
    let Some(run) = step.get("run").and_then(|r| r.as_text()) else {
        return false;
    };
    run.split_whitespace()
        .filter(|w| w.ends_with(".sh") && !w.contains(['$', '{', '`']))
        .take(4)
        .filter_map(read)
        .any(|text| model::starts_local_cluster(&text))
}
