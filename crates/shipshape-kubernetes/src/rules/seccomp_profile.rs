use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "K8S009", name: "seccomp-profile", severity: Info, category: Security, default: false, fix: Unsafe,
    peers: ["checkov:CKV_K8S_31", "kube-score:pod-seccomp"], options: [],
    summary: "No seccomp profile",
    what: "Flags workloads where neither the pod nor each container sets `securityContext.seccompProfile.type` (`RuntimeDefault` or `Localhost`), and any `Unconfined` profile.",
    why: "Without a profile the container may call every syscall, including the ones kernel exploits use; RuntimeDefault blocks them at no cost.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "Unsafe: adds `seccompProfile: RuntimeDefault` to the pod securityContext; a workload making unusual syscalls (some debuggers, old JVM agents) can be refused them.",
    refs: "- https://kubernetes.io/docs/tutorials/security/seccomp/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut fixed_pods = std::collections::HashSet::new();
    for (o, pod, c) in cx.containers() {
        let t = c.security(pod, "seccompProfile").and_then(|p| p.get("type"));
        // One fix per pod, on its first container without a profile.
        let fix = if t.is_none() && fixed_pods.insert(pod.span().start) {
            match pod.get("securityContext") {
                None => patch::insert_entry(
                    cx.src,
                    pod,
                    "securityContext",
                    "\nseccompProfile:\n  type: RuntimeDefault",
                    Some("containers"),
                ),
                Some(sc) if sc.is_map() && sc.get("seccompProfile").is_none() => {
                    patch::insert_entry(cx.src, sc, "seccompProfile", "\ntype: RuntimeDefault", None)
                }
                Some(_) => None,
            }
        } else {
            None
        }
        .map(|e| Fix::unsafe_("add `seccompProfile: RuntimeDefault` to the pod", vec![e]));
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
                .help("set `seccompProfile: {type: RuntimeDefault}` in the pod securityContext")
                .maybe_fix(fix),
            ),
        }
    }
}
