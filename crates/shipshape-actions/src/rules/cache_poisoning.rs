use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA015", name: "cache-poisoning", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:cache-poisoning"], options: [],
    summary: "A release workflow restores a cache that pull requests can write",
    what: "Flags caching (`actions/cache`, `setup-*` with `cache:`, `cache-from: type=gha`, `setup-go`/`setup-uv`, which cache by default) in workflows that publish: triggered by `release`, tag pushes or `workflow_dispatch` and containing a publishing step.",
    why: "GitHub's cache is shared across the repository's branches: a pull request can poison an entry that the release build then restores into the artifact it ships.",
    example: "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n      - run: npm ci && npm publish",
    instead: "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n      - run: npm ci && npm publish",
    fix_safety: "No automatic fix: drop the cache from the release job (or key it on the tag).",
    refs: "- https://docs.zizmor.sh/audits/#cache-poisoning\n- https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/",
}

/// Actions that cache unless told not to.
const CACHE_BY_DEFAULT: &[&str] = &[
    "actions/setup-go",
    "astral-sh/setup-uv",
    "swatinem/rust-cache",
    "mozilla-actions/sccache-action",
];

/// The node that turns caching on in a step, if any.
pub fn cache_node<'a>(step: shipshape_yaml::NodeRef<'a>) -> Option<shipshape_yaml::NodeRef<'a>> {
    let (uses, node) = model::uses_of(step)?;
    let key = uses.repo_key()?;
    if key == "actions/cache" {
        // `actions/cache/save` only writes; restoring is what poisons.
        let save_only = matches!(uses, model::Uses::Repo { path: Some("save"), .. });
        return (!save_only).then_some(node);
    }
    if CACHE_BY_DEFAULT.contains(&key.as_str()) {
        let off = ["cache", "enable-cache"]
            .iter()
            .filter_map(|k| model::with(step, k))
            .any(|v| v.as_text() == Some("false"));
        return (!off).then_some(node);
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

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() || !release_trigger(cx) {
        return;
    }
    for (_, job) in model::jobs(cx.root) {
        if !model::job_publishes(job) {
            continue;
        }
        for step in model::steps(job) {
            if let Some(node) = cache_node(step) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        node.span(),
                        "this release job restores a cache that other branches can write",
                    )
                    .help("build releases without a cache (remove `cache:`, or set it to `false`)"),
                );
            }
        }
    }
}
