use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S009", name: "seccomp-profile", severity: Info, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_31", "kube-score:pod-seccomp"], options: [],
    summary: "No seccomp profile",
    what: "Flags workloads where neither the pod nor each container sets `securityContext.seccompProfile.type` (`RuntimeDefault` or `Localhost`), and any `Unconfined` profile.",
    why: "Without a profile the container may call every syscall, including the ones kernel exploits use; RuntimeDefault blocks them at no cost.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix (K8S007's fix adds one).",
    refs: "- https://kubernetes.io/docs/tutorials/security/seccomp/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod, c) in cx.containers() {
        let t = c.security(pod, "seccompProfile").and_then(|p| p.get("type"));
        match t.and_then(|t| t.as_str()) {
            Some("RuntimeDefault" | "Localhost") => {}
            Some(other) => out.push(
                Diagnostic::new(
                    meta(),
                    t.map_or(c.span(), |t| t.span()),
                    format!("container `{}` of {} `{}` runs with seccomp `{other}`", c.name(), o.kind, o.name()),
                )
                .help("use `RuntimeDefault`"),
            ),
            None => out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!("container `{}` of {} `{}` has no seccomp profile", c.name(), o.kind, o.name()),
                )
                .help("set `seccompProfile: {type: RuntimeDefault}` in the pod securityContext"),
            ),
        }
    }
}
