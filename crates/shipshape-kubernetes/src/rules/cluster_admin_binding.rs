use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S034", name: "cluster-admin-binding", severity: Warning, category: Security, default: true, fix: None,
    peers: ["kube-linter:cluster-admin-role-binding"], options: [],
    summary: "Someone is bound to `cluster-admin`",
    what: "Flags ClusterRoleBindings whose `roleRef` is `cluster-admin` (the subjects own the cluster) and RoleBindings to it (a RoleBinding grants the role's rules in its own namespace only, which is full control of that namespace), as warnings: it takes a compromised subject first, and GitOps controllers (Flux's reconciler) are bound so by design. Binding it to everyone (`system:anonymous`, `system:unauthenticated`, `system:authenticated`) is an error: anyone who reaches the API server owns the cluster.",
    why: "`cluster-admin` can do anything in the cluster; a compromised subject (a service account in a pod, a CI token) owns every namespace.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles",
    spans: ["cluster-admin"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.rbac(&["RoleBinding", "ClusterRoleBinding"]) {
        if let Some(n) = o.node.get("roleRef").and_then(|r| r.get("name"))
            && n.as_str() == Some("cluster-admin")
        {
            if o.kind == "RoleBinding" {
                // A RoleBinding grants the ClusterRole's rules inside its own namespace only: full
                // control of that namespace (Flux's documented tenant model), not of the cluster.
                let ns = o.node.get("metadata").and_then(|m| m.get("namespace")).and_then(|n| n.as_str());
                let place = ns.map_or_else(|| "its namespace".to_string(), |ns| format!("namespace `{ns}`"));
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!(
                            "RoleBinding `{}` gives its subjects full control of {place} (cluster-admin's rules, in that namespace only)",
                            o.name()
                        ),
                    )
                    .severity(shipshape_core::Severity::Warning)
                    .help("bind `admin` or `edit`, or a role with only the permissions needed"),
                );
                continue;
            }
            let everyone = o
                .node
                .get("subjects")
                .map(|s| s.items())
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.get("name").and_then(|n| n.as_str()))
                .any(|n| matches!(n, "system:anonymous" | "system:unauthenticated" | "system:authenticated"));
            let to = if everyone { " to everyone who reaches the API server" } else { "" };
            let d = Diagnostic::new(meta(), n.span(), format!("{} `{}` grants cluster-admin{to}", o.kind, o.name()))
                .help("bind a role with only the permissions needed");
            out.push(if everyone { d.severity(shipshape_core::Severity::Error) } else { d });
        }
    }
}
