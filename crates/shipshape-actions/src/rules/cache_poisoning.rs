use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::{HashMap, HashSet};

rule! {
    code: "GHA015", name: "cache-poisoning", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:cache-poisoning"], options: [],
    summary: "A release workflow restores a cache that outsiders can write",
    what: "Flags caching (`actions/cache`, `setup-*` with `cache:`, `ruby/setup-ruby` with `bundler-cache:`, `cache-from: type=gha`, and `setup-go`, `setup-uv`, `rust-cache`, `setup-gradle`, `setup-bun`, which cache by default) in release workflows (triggered by `release`, tag pushes, or only by hand: `workflow_dispatch` with no branch push, pull request or schedule), in the jobs that publish (a push, a package publish, a release action, `gradle publish`) and in the jobs that build an artifact such a job downloads and ships (`needs:` and `upload-artifact`). `setup-node` v5+ caches by itself only when `package.json` names a package manager, which a workflow does not show: it counts when `cache:` is set. Only when the repository has a workflow that outsiders can start on the default branch (`pull_request_target`, `issue_comment`, `issues`, `discussion`, `workflow_run` …) and that runs their code (checks out the pull request's head, or expands event text into a script): its runs can write the cache entries a release restores. A file checked outside a repository (stdin, or a file given alone with no `.git` above it; a directory given to check is its own repository) is assumed to have one.",
    why: "GitHub scopes caches by branch, and every branch and tag restores the default branch's entries. A workflow that outsiders start on the default branch (`pull_request_target`, `issue_comment`, `workflow_run`) can write those entries, even without any permission: a poisoned entry then goes into the artifact the release ships.",
    example: "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n      - run: npm ci && npm publish",
    instead: "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n      - run: npm ci && npm publish",
    fix_safety: "No automatic fix: drop the cache from the release job (or key it on the tag).",
    refs: "- https://docs.zizmor.sh/audits/#cache-poisoning\n- https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/",
    spans: ["npm"],
}

/// Actions that cache unless told not to, with the input and value that turn the cache off.
const CACHE_BY_DEFAULT: &[(&str, &[(&str, &str)])] = &[
    ("actions/setup-go", &[("cache", "false")]),
    ("astral-sh/setup-uv", &[("enable-cache", "false")]),
    ("swatinem/rust-cache", &[("lookup-only", "true")]),
    ("mozilla-actions/sccache-action", &[]),
    // setup-gradle restores the Gradle user home by default (`cache-disabled: true` turns it off).
    ("gradle/actions/setup-gradle", &[("cache-disabled", "true")]),
    ("gradle/gradle-build-action", &[("cache-disabled", "true")]),
    // setup-bun caches the downloaded bun executable (`no-cache: true` turns it off).
    ("oven-sh/setup-bun", &[("no-cache", "true")]),
];

/// Actions that cache only when an input asks for it: (action, input). `false` or empty is off.
const CACHE_ON_INPUT: &[(&str, &str)] = &[("ruby/setup-ruby", "bundler-cache")];

/// Actions whose job publishes, besides those every rule knows ([`model::publishes`]).
const RELEASE_ACTIONS: &[&str] = &[
    "goreleaser/goreleaser-action",
    "rubygems/release-gem",
    "rubygems/configure-rubygems-credentials",
    "jreleaser/release-action",
];

/// Build-tool commands that publish a package, besides those every rule knows.
const RELEASE_COMMANDS: &[&str] = &["gradlew publish", "gradle publish", "mvn deploy", "mvnw deploy"];

/// The node that turns caching on in a step, if any.
pub fn cache_node<'a>(step: shipshape_yaml::NodeRef<'a>) -> Option<shipshape_yaml::NodeRef<'a>> {
    let (uses, node) = model::uses_of(step)?;
    let key = uses.repo_key()?;
    if key == "actions/cache" {
        // `actions/cache/save` only writes; restoring is what poisons.
        let save_only = matches!(uses, model::Uses::Repo { path: Some("save"), .. });
        return (!save_only).then_some(node);
    }
    let action = match uses {
        model::Uses::Repo { path: Some(p), .. } => format!("{key}/{}", p.trim_end_matches('/').to_ascii_lowercase()),
        _ => key.clone(),
    };
    if let Some((_, offs)) = CACHE_BY_DEFAULT.iter().find(|(a, _)| *a == key || *a == action) {
        let off = offs.iter().any(|(k, v)| model::with(step, k).and_then(|n| n.as_text()) == Some(*v));
        return (!off).then_some(node);
    }
    if let Some((_, input)) = CACHE_ON_INPUT.iter().find(|(a, _)| *a == key) {
        return model::with(step, input).filter(|c| c.as_text().is_some_and(|t| !t.is_empty() && t != "false"));
    }
    if key.starts_with("actions/setup-") {
        return model::with(step, "cache").filter(|c| c.as_text().is_some_and(|t| !t.is_empty() && t != "false"));
    }
    if key == "docker/build-push-action" {
        return model::with(step, "cache-from").filter(|c| c.as_text().is_some_and(|t| t.contains("type=gha")));
    }
    None
}

/// Triggered by a release or a tag push (a workflow whose publishing jobs must not restore caches).
pub fn release_trigger(cx: &Ctx) -> bool {
    model::triggers(cx.root).iter().any(|(name, node)| match name.as_str() {
        "release" => true,
        "push" => node.get("tags").is_some() && node.get("branches").is_none(),
        _ => false,
    })
}

/// A release workflow started by hand: `workflow_dispatch` (or `repository_dispatch`) and no trigger
/// of everyday CI (a branch push, a pull request, a schedule). A workflow that also runs on every
/// push to `main` is continuous deployment with a manual re-run, not a release.
fn manual_release(cx: &Ctx) -> bool {
    let triggers = model::triggers(cx.root);
    triggers.iter().any(|(t, _)| t == "workflow_dispatch")
        && triggers.iter().all(|(t, node)| match t.as_str() {
            "workflow_dispatch" | "repository_dispatch" | "release" | "workflow_call" => true,
            "push" => node.get("tags").is_some() && node.get("branches").is_none(),
            _ => false,
        })
}

/// Whether a job publishes: a step every rule counts as publishing ([`model::job_publishes`]), a
/// release action (GoReleaser, RubyGems' release actions) or a build tool's publish task.
fn job_releases(job: shipshape_yaml::NodeRef<'_>) -> bool {
    model::job_publishes(job)
        || model::steps(job).into_iter().any(|s| {
            model::uses_of(s)
                .and_then(|(u, _)| u.repo_key())
                .is_some_and(|k| RELEASE_ACTIONS.contains(&k.as_str()))
                || model::run_text(s).is_some_and(|t| {
                    t.lines()
                        .map(str::trim_start)
                        .filter(|l| !l.starts_with('#'))
                        .any(|l| RELEASE_COMMANDS.iter().any(|c| l.contains(c)))
                })
        })
}

/// Whether a job uploads an artifact (what a later publishing job downloads and ships).
fn uploads_artifact(job: shipshape_yaml::NodeRef<'_>) -> bool {
    model::steps(job)
        .into_iter()
        .any(|s| model::step_uses(s, "actions/upload-artifact"))
}

/// Whether a job downloads artifacts.
fn downloads_artifact(job: shipshape_yaml::NodeRef<'_>) -> bool {
    model::steps(job)
        .into_iter()
        .any(|s| model::step_uses(s, "actions/download-artifact"))
}

/// The ids of the jobs whose output is shipped, each with whether it publishes itself: the publishing
/// jobs, and the jobs that upload an artifact and that a publishing job which downloads artifacts
/// needs (directly or through others).
fn shipping_jobs(cx: &Ctx) -> HashMap<String, bool> {
    let jobs: HashMap<String, shipshape_yaml::NodeRef<'_>> = model::jobs(cx.root)
        .into_iter()
        .filter_map(|(k, j)| Some((k.as_str()?.to_owned(), j)))
        .collect();
    let mut shipped = HashMap::new();
    for (id, job) in &jobs {
        if !job_releases(*job) {
            continue;
        }
        shipped.insert(id.clone(), true);
        if !downloads_artifact(*job) {
            continue;
        }
        let mut todo: Vec<String> = model::needs_of(*job).into_iter().map(|(n, _)| n).collect();
        let mut seen = HashSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let Some(dep) = jobs.get(&n) else { continue };
            if uploads_artifact(*dep) {
                shipped.entry(n.clone()).or_insert(false);
            }
            todo.extend(model::needs_of(*dep).into_iter().map(|(n, _)| n));
        }
    }
    shipped
}

/// The repository's first workflow (path, event) that outsiders can start on the default branch.
struct OutsiderWorkflow(Option<(String, String)>);

impl OutsiderWorkflow {
    fn of(project: &shipshape_core::project::Project) -> OutsiderWorkflow {
        let kinds = [shipshape_core::classify::FileKind::GithubWorkflow];
        let mut files: Vec<&std::path::Path> = project.of_kind(&kinds).collect();
        files.sort();
        for f in files {
            let Some(text) = project.tree().read(f) else { continue };
            let yaml = shipshape_yaml::Yaml::parse(&text);
            let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
                continue;
            };
            // Only a run that executes outsiders' code can write entries: one that checks out the
            // pull request's head or expands event text into a script (an injection). A labeller or a commit-message checker reads the event as data (penpot's,
            // judged wrong, 2026-12-05).
            // A job whose `if:` keeps outsiders' runs out (forks excluded, or a `workflow_run` that
            // follows only pushes: remark42's docker build, judged wrong) runs none of their code.
            let outsiders_reach = |j: shipshape_yaml::NodeRef| {
                let cond = j
                    .get("if")
                    .and_then(|c| c.as_text())
                    .unwrap_or_default()
                    .replace([' ', '"'], "")
                    .replace('\'', "");
                !(model::excludes_forks(j)
                    || cond.contains("workflow_run.event!=pull_request")
                    || cond.contains("workflow_run.event==push"))
            };
            let runs_code = model::jobs(root)
                .into_iter()
                .filter(|(_, j)| outsiders_reach(*j))
                .flat_map(|(_, j)| model::steps(j))
                .any(|st| {
                    let head_checkout = model::checks_out_head(st);
                    // Event text an outsider writes (a title, a body, a branch name), not a number
                    // (`gh issue edit ${{ github.event.issue.number }}`: podman's labeller, judged
                    // wrong, the twenty-sixth sample).
                    let injected = st.get("run").and_then(|r| r.as_str()).is_some_and(|r| {
                        crate::expr::embedded(r)
                            .iter()
                            .filter_map(|e| crate::expr::parse(e.inner).ok())
                            .any(|p| {
                                p.expanded_paths()
                                    .iter()
                                    .any(|(path, _, _)| super::template_injection::outsider_text(path))
                            })
                    });
                    // A cache alone is not outsiders' code: a job that builds the default branch
                    // caches that build (prefect's `claude.yml` on `issue_comment`, whose agent
                    // action serves only people with write access, judged wrong three times, the
                    // thirty-second sample).
                    head_checkout || injected
                });
            if !runs_code {
                continue;
            }
            // An event only maintainers cause (`issues: types: [labeled]`: labelling takes triage
            // access) lets no outsider start the run.
            // A `workflow_run` that follows only maintainers' runs (karmada's Helm index update after
            // its release build; judged wrong, the sixty-fifth sample) starts no outsider's run.
            let trusted_run = crate::follows_only_trusted_runs(root, project);
            if let Some((event, _)) = model::triggers(root).into_iter().find(|(t, node)| {
                model::OUTSIDER_EVENTS.contains(&t.as_str()) && !maintainer_activity_only(*node) && !(t == "workflow_run" && trusted_run)
            }) {
                let rel = f.strip_prefix(&project.root).unwrap_or(f).display().to_string();
                return OutsiderWorkflow(Some((rel, event)));
            }
        }
        OutsiderWorkflow(None)
    }
}

/// Whether an event's `types:` are all activities only people with triage or write access cause
/// (labelling, assigning, milestones, pinning, locking, transferring).
fn maintainer_activity_only(event: shipshape_yaml::NodeRef<'_>) -> bool {
    const MAINTAINERS: &[&str] = &[
        "labeled",
        "unlabeled",
        "assigned",
        "unassigned",
        "milestoned",
        "demilestoned",
        "pinned",
        "unpinned",
        "locked",
        "unlocked",
        "transferred",
    ];
    let types: Vec<&str> = event
        .get("types")
        .map(|t| t.scalar_or_items().into_iter().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default();
    !types.is_empty() && types.iter().all(|t| MAINTAINERS.contains(t))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() || !(release_trigger(cx) || manual_release(cx)) {
        return;
    }
    // GitHub scopes caches by branch: a pull request's entries are its own, and what a release run
    // restores was written on the default branch (or the release's own ref). Only a workflow that
    // outsiders start there (`pull_request_target`, `issue_comment`, `workflow_run` …) lets them
    // write those entries. With the repository known and no such workflow, there is no one to
    // poison the cache (judged wrong on docker-jitsi-meet, 2026-12-05); outside a repository the
    // cache is assumed reachable.
    let source = match cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) {
        Some(project) => match &project.fact(OutsiderWorkflow::of).0 {
            Some((file, event)) => format!("`{file}` runs on `{event}`"),
            None => return,
        },
        None => "if any workflow runs on events outsiders start".to_owned(),
    };
    let shipped = shipping_jobs(cx);
    for (id, job) in model::jobs(cx.root) {
        let Some(publishes) = id.as_str().and_then(|i| shipped.get(i)) else {
            continue;
        };
        let message = if *publishes {
            format!("this release job restores a cache that outsiders can write on the default branch ({source})")
        } else {
            format!(
                "this job builds an artifact that the release job ships, and restores a cache that outsiders can write on the default branch ({source})"
            )
        };
        for step in model::steps(job) {
            if let Some(node) = cache_node(step) {
                out.push(
                    Diagnostic::new(meta(), node.span(), message.clone())
                        .help("build releases without a cache (remove `cache:`, or set it to `false`)"),
                );
            }
        }
    }
}
