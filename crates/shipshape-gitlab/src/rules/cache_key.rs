use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL012", name: "job-cache-key", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "A dependency cache key is not tied to the lock file",
    what: "Flags `cache:` entries caching installed dependencies (`node_modules`, `vendor`, `.venv`, `.bundle`) whose `key:` is a fixed string or absent, instead of `key: files: [<lock file>]`.",
    why: "A fixed key never changes when dependencies do: jobs restore stale installed packages, and branches overwrite each other's cache.",
    example: "test:\n  script: npm install && npm test\n  cache:\n    key: npm\n    paths:\n      - node_modules/",
    instead: "test:\n  script: npm install && npm test\n  cache:\n    key:\n      files:\n        - package-lock.json\n    paths:\n      - node_modules/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/caching/#cache-nodejs-dependencies\n- https://docs.gitlab.com/ci/yaml/#cachekeyfiles",
    spans: ["npm"],
}

/// Directories of installed dependencies: restored under a key that never changes, they are stale
/// once the lock file moves. A package manager's download cache (`.npm`, `.cache/pip`, `.m2`,
/// `.pnpm-store`) is looked up by content and version: a fixed key costs space, never correctness
/// (GitLab's own Python template caches `.cache/pip` so; judged wrong on cloudflared).
const DEP_DIRS: &[&str] = &["node_modules", "vendor", ".venv", "venv", ".bundle"];

fn caches<'a>(node: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    match node.get("cache") {
        Some(c) if c.is_seq() => c.items(),
        Some(c) => vec![c],
        None => Vec::new(),
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut all = caches(cx.root);
    if let Some(d) = cx.root.get("default") {
        all.extend(caches(d));
    }
    for (_, _, job) in cx.jobs() {
        all.extend(caches(job));
    }
    for c in all {
        if !c.is_map() {
            continue;
        }
        let paths: Vec<&str> = c
            .get("paths")
            .map(|p| p.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        if !paths.iter().any(|p| {
            DEP_DIRS
                .iter()
                .any(|d| p.trim_start_matches("./").trim_end_matches('/').ends_with(d))
        }) {
            continue;
        }
        let (span, why) = match c.get("key") {
            None => (c.span(), "this dependency cache has no key: every job and branch shares one entry"),
            Some(k) if k.as_text().is_some_and(|t| !t.contains('$')) => (k.span(), "this dependency cache key never changes"),
            _ => continue,
        };
        out.push(Diagnostic::new(meta(), span, why).help("key it on the lock file: `key: {files: [package-lock.json]}`"));
    }
}
