use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic, Severity};

rule! {
    code: "K8S069", name: "default-account-privileges", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_41", "checkov:CKV_K8S_42"], options: [],
    summary: "The `default` service account is granted a role or mounts its token",
    what: "Flags RoleBindings and ClusterRoleBindings whose subject is a namespace's `default` ServiceAccount, and a `default` ServiceAccount manifest without `automountServiceAccountToken: false` (as checkov's CKV_K8S_41 does; an explicit `true` is reported as info, a deliberate choice to review).",
    why: "Every pod that names no account runs as `default`: a role bound to it is granted to every such pod in the namespace, including ones added later for other purposes.",
    example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: apps\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n  namespace: apps\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: apps",
    instead: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: apps\nautomountServiceAccountToken: false\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n  namespace: apps\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: reader\n    namespace: apps",
    fix_safety: "No automatic fix: pods that rely on the `default` account's token would stop getting it; give them their own account first.",
    refs: "- https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
    spans: ["ServiceAccount", "default"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["ServiceAccount"]) {
        let set = o.node.get("automountServiceAccountToken");
        if o.name() != "default" || set.and_then(|v| v.as_bool()) == Some(false) {
            continue;
        }
        // Written down on purpose: what CKV_K8S_41 fails too, but a choice to review, not a slip.
        let d = match set.filter(|v| v.as_bool() == Some(true)) {
            Some(v) => Diagnostic::new(
                meta(),
                v.span(),
                "the `default` ServiceAccount sets `automountServiceAccountToken: true` explicitly: every pod that names no account gets its token",
            )
            .severity(Severity::Info)
            .confidence(Confidence::Low)
            .help("keep it only if those pods call the Kubernetes API; a dedicated account for them is narrower"),
            None => Diagnostic::new(
                meta(),
                o.kind_span(),
                "the `default` ServiceAccount mounts its token into every pod that names no account",
            )
            .help("set `automountServiceAccountToken: false` on it"),
        };
        out.push(d);
    }
    for o in cx.rbac(&["RoleBinding", "ClusterRoleBinding"]) {
        for s in o.node.get("subjects").map(|s| s.items()).unwrap_or_default() {
            if s.get("kind").and_then(|k| k.as_str()) != Some("ServiceAccount") {
                continue;
            }
            let Some(name) = s.get("name").filter(|n| n.as_str() == Some("default")) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    meta(),
                    name.span(),
                    format!("{} `{}` grants its role to the `default` ServiceAccount", o.kind, o.name()),
                )
                .help("bind a dedicated ServiceAccount and set it as the pods' `serviceAccountName`"),
            );
        }
    }
}
