use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S006", name: "writable-root-filesystem", severity: Warning, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_K8S_22", "kube-linter:no-read-only-root-fs", "polaris:notReadOnlyRootFilesystem", "kube-score:container-security-context-readonlyrootfilesystem"], options: [],
    summary: "A container's root filesystem is writable",
    what: "Flags containers without `securityContext.readOnlyRootFilesystem: true`.",
    why: "An intruder who can write to the filesystem can drop tools and change the application; mount an `emptyDir` where writes are really needed (`/tmp`).",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            readOnlyRootFilesystem: true\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: tmp\n          emptyDir: {}",
    fix_safety: "No automatic fix: the application may need writable paths.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let v = c.node.get("securityContext").and_then(|s| s.get("readOnlyRootFilesystem"));
        if v.and_then(|v| v.as_bool()) != Some(true) {
            out.push(
                Diagnostic::new(
                    meta(),
                    v.map_or(c.span(), |v| v.span()),
                    format!(
                        "container `{}` of {} `{}` has a writable root filesystem",
                        c.name(),
                        o.kind,
                        o.name()
                    ),
                )
                .help("set `readOnlyRootFilesystem: true` and mount an `emptyDir` on `/tmp`"),
            );
        }
    }
}
