use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S005", name: "run-as-root", severity: Warning, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_K8S_23", "checkov:CKV_K8S_40", "kube-linter:run-as-non-root", "polaris:runAsRootAllowed", "kube-score:container-security-context-user-group-id"], options: [],
    summary: "A container may run as root",
    what: "Flags containers where neither the container nor the pod sets `runAsNonRoot: true` (or a non-zero `runAsUser`), and containers with `runAsUser: 0`.",
    why: "Root in a container is root on the node's kernel: one escape bug or writable host mount away from owning the node.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            runAsNonRoot: true\n            runAsUser: 10001",
    fix_safety: "No automatic fix: the image must work as a non-root user.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod, c) in cx.containers() {
        let user = c.security(pod, "runAsUser").and_then(|u| u.as_f64());
        if user == Some(0.0) {
            let n = c.security(pod, "runAsUser").map_or(c.span(), |u| u.span());
            out.push(
                Diagnostic::new(
                    meta(),
                    n,
                    format!("container `{}` of {} `{}` runs as root (uid 0)", c.name(), o.kind, o.name()),
                )
                .help("run as a non-zero uid"),
            );
            continue;
        }
        let non_root = c.security(pod, "runAsNonRoot").and_then(|v| v.as_bool()) == Some(true) || user.is_some_and(|u| u > 0.0);
        if !non_root {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!("container `{}` of {} `{}` may run as root", c.name(), o.kind, o.name()),
                )
                .help("set `runAsNonRoot: true` (and a `runAsUser`) in the pod or container securityContext"),
            );
        }
    }
}
