use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC030", name: "watch-action", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A `develop.watch` rule syncs a file that needs a rebuild",
    what: "Flags `action: sync` (or `sync+restart`) on dependency manifests and lock files (`package.json`, `package-lock.json`, `requirements.txt`, `pyproject.toml`, `go.mod`, `Cargo.toml`, `Gemfile`, `pom.xml`, `composer.json`…) and on Dockerfiles, and a `sync` entry without a `target`.",
    why: "Syncing a manifest copies the file but installs nothing: the container keeps the old dependencies until someone rebuilds by hand. Dependencies and the Dockerfile need `action: rebuild`.",
    example: "services:\n  web:\n    build: .\n    develop:\n      watch:\n        - action: sync\n          path: ./package.json\n          target: /app/package.json",
    instead: "services:\n  web:\n    build: .\n    develop:\n      watch:\n        - action: rebuild\n          path: ./package.json",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/compose/how-tos/file-watch/#action",
    spans: ["sync"],
}

const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements.txt",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "Pipfile",
    "Pipfile.lock",
    "go.mod",
    "go.sum",
    "Cargo.toml",
    "Cargo.lock",
    "Gemfile",
    "Gemfile.lock",
    "pom.xml",
    "build.gradle",
    "composer.json",
    "composer.lock",
    "mix.exs",
    "Dockerfile",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        for w in svc
            .get("develop")
            .and_then(|d| d.get("watch"))
            .map(|w| w.items())
            .unwrap_or_default()
        {
            let Some(action) = w.get("action") else { continue };
            let act = action.as_str().unwrap_or_default();
            if !act.starts_with("sync") {
                continue;
            }
            let path = w.get("path").and_then(|p| p.as_str()).unwrap_or_default();
            let file = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
            if MANIFESTS.contains(&file) || file.ends_with(".Dockerfile") {
                out.push(
                    Diagnostic::new(
                        meta(),
                        action.span(),
                        format!("service `{name}` syncs `{file}`, which needs a rebuild to take effect"),
                    )
                    .help("use `action: rebuild` for dependency manifests, lock files and Dockerfiles"),
                );
            } else if w.get("target").is_none() {
                out.push(Diagnostic::new(
                    meta(),
                    action.span(),
                    "a `sync` rule needs a `target:` in the container",
                ));
            }
        }
    }
}
