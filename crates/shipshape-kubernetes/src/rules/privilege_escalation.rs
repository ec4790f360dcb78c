use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "K8S004", name: "privilege-escalation", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: ["checkov:CKV_K8S_20", "kube-linter:privilege-escalation-container", "polaris:privilegeEscalationAllowed"], options: [],
    summary: "A container may gain more privileges than it started with",
    what: "Flags containers whose `securityContext.allowPrivilegeEscalation` is not `false` (absent counts: the default allows it).",
    why: "setuid binaries and file capabilities let a process become root inside the container; with `allowPrivilegeEscalation: false` the kernel's no_new_privs flag blocks that path.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            allowPrivilegeEscalation: false",
    fix_safety: "Unsafe: sets `allowPrivilegeEscalation: false` where it is absent; a process that relies on setuid binaries (sudo, ping on old images) stops working.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let v = c.node.get("securityContext").and_then(|s| s.get("allowPrivilegeEscalation"));
        if v.and_then(|v| v.as_bool()) != Some(false) {
            let fix = match (c.node.get("securityContext"), v) {
                (_, Some(_)) => None,
                (Some(sc), None) if sc.is_map() => patch::insert_entry(cx.src, sc, "allowPrivilegeEscalation", "false", None),
                (Some(_), None) => None,
                (None, None) => patch::insert_entry(cx.src, c.node, "securityContext", "\nallowPrivilegeEscalation: false", None),
            }
            .map(|e| Fix::unsafe_("set `allowPrivilegeEscalation: false`", vec![e]));
            out.push(
                Diagnostic::new(
                    meta(),
                    v.map_or(c.span(), |v| v.span()),
                    format!("container `{}` of {} `{}` can escalate privileges", c.name(), o.kind, o.name()),
                )
                .help("set `securityContext.allowPrivilegeEscalation: false`")
                .maybe_fix(fix),
            );
        }
    }
}
