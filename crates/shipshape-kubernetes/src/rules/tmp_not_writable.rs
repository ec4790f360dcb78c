use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S037", name: "read-only-root-without-tmp", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A read-only root filesystem with nowhere to write temporary files",
    what: "Flags containers with `readOnlyRootFilesystem: true` that mount no volume on `/tmp`.",
    why: "Most runtimes and libraries write to `/tmp` (uploads, caches, JVM and Python temp files): the container fails at the first write, usually in production traffic rather than at start.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            readOnlyRootFilesystem: true",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            readOnlyRootFilesystem: true\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: tmp\n          emptyDir: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/storage/volumes/#emptydir",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let ro = c
            .node
            .get("securityContext")
            .and_then(|s| s.get("readOnlyRootFilesystem"))
            .and_then(|v| v.as_bool())
            == Some(true);
        if !ro {
            continue;
        }
        let tmp = c.node.get("volumeMounts").map(|v| v.items()).unwrap_or_default().iter().any(|m| {
            m.get("mountPath")
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.trim_end_matches('/') == "/tmp")
        });
        if !tmp {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!("container `{}` of {} `{}` cannot write to /tmp", c.name(), o.kind, o.name()),
                )
                .help("mount an `emptyDir` volume on `/tmp`"),
            );
        }
    }
}
