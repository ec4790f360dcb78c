use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC029", name: "watch-missing", severity: Info, category: Performance, default: false, fix: None,
    peers: [], options: [],
    summary: "A service built for development has no `develop.watch`",
    what: "In development files (`*dev*`, `*override*`, `*local*`), flags services with `build:` and no `develop.watch`.",
    why: "`docker compose watch` syncs source changes into the container and rebuilds on dependency changes: a fast inner loop without bind mounts and their permission and performance problems.",
    example: "services:\n  web:\n    build: .",
    instead: "services:\n  web:\n    build: .\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app/src\n        - action: rebuild\n          path: package.json",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/compose/how-tos/file-watch/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Development {
        return;
    }
    for (name, key, svc) in cx.services() {
        if svc.get("build").is_some() && svc.get("develop").and_then(|d| d.get("watch")).is_none() {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` is built but not watched"))
                    .help("add `develop.watch` (sync for source, rebuild for dependency manifests)"),
            );
        }
    }
}
