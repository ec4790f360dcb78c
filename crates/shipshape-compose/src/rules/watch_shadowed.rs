use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC031", name: "watch-shadowed-by-mount", severity: Warning, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A bind mount hides the directory `develop.watch` syncs into",
    what: "Flags bind mounts whose container path contains (or equals) a `develop.watch` sync target of the same service.",
    why: "The bind mount already shows the host's files there, so the synced copies are invisible: either the watch rule is dead weight, or the mount brings in host files (a host `node_modules`) that break the container.",
    example: "services:\n  web:\n    build: .\n    volumes:\n      - ./:/app\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app/src",
    instead: "services:\n  web:\n    build: .\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app/src",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/compose/how-tos/file-watch/",
    spans: ["./:/app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let targets: Vec<String> = svc
            .get("develop")
            .and_then(|d| d.get("watch"))
            .map(|w| w.items())
            .unwrap_or_default()
            .iter()
            .filter(|w| w.get("action").and_then(|a| a.as_str()).is_some_and(|a| a.starts_with("sync")))
            .filter_map(|w| w.get("target")?.as_str().map(|t| t.trim_end_matches('/').to_owned()))
            .collect();
        if targets.is_empty() {
            continue;
        }
        for v in svc.get("volumes").map(|v| v.items()).unwrap_or_default() {
            let (source, target) = if v.is_map() {
                (
                    v.get("source").and_then(|s| s.as_str()).unwrap_or_default(),
                    v.get("target").and_then(|s| s.as_str()).unwrap_or_default(),
                )
            } else {
                let t = v.as_str().unwrap_or_default();
                let mut parts = t.splitn(3, ':');
                (parts.next().unwrap_or_default(), parts.next().unwrap_or_default())
            };
            let bind = source.starts_with(['.', '/', '~', '$']);
            let mount = target.trim_end_matches('/');
            if bind && !mount.is_empty() && targets.iter().any(|t| t == mount || t.starts_with(&format!("{mount}/"))) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        v.span(),
                        format!("service `{name}` mounts over `{mount}`, hiding what watch syncs there"),
                    )
                    .help("drop the bind mount and let `develop.watch` sync the sources"),
                );
            }
        }
    }
}
