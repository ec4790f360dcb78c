use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S033", name: "rbac-escalation", severity: Error, category: Security, default: true, fix: None,
    peers: ["kube-linter:access-to-create-pods", "checkov:CKV_K8S_158"], options: [],
    summary: "A Role can escalate its own privileges",
    what: "Flags rules granting `escalate`, `bind` or `impersonate`, and `create` on `pods`, `pods/exec`, `deployments` and other workloads.",
    why: "Creating pods runs any image with any service account of the namespace (and its Secrets); `bind`/`escalate` grant roles beyond one's own; `impersonate` acts as anyone.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind, escalate]",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, list]",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks",
}

const WORKLOADS: &[&str] = &[
    "pods",
    "pods/exec",
    "pods/attach",
    "deployments",
    "daemonsets",
    "statefulsets",
    "replicasets",
    "jobs",
    "cronjobs",
    "*",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Role", "ClusterRole"]) {
        for r in o.node.get("rules").map(|r| r.items()).unwrap_or_default() {
            let verbs = r.get("verbs").map(|v| v.items()).unwrap_or_default();
            let resources: Vec<&str> = r
                .get("resources")
                .map(|v| v.items())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            for v in &verbs {
                let Some(verb) = v.as_str() else { continue };
                let bad = matches!(verb, "escalate" | "bind" | "impersonate")
                    || (verb == "create" && resources.iter().any(|r| WORKLOADS.contains(r)));
                if bad {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            v.span(),
                            format!("{} `{}` grants `{verb}`, a privilege-escalation path", o.kind, o.name()),
                        )
                        .help("remove it, or confine it to a dedicated, audited account"),
                    );
                }
            }
        }
    }
}
