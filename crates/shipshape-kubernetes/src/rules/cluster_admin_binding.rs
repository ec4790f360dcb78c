use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S034", name: "cluster-admin-binding", severity: Error, category: Security, default: true, fix: None,
    peers: ["kube-linter:cluster-admin-role-binding"], options: [],
    summary: "Someone is bound to `cluster-admin`",
    what: "Flags RoleBindings and ClusterRoleBindings whose `roleRef` is `cluster-admin`.",
    why: "`cluster-admin` can do anything in the cluster; a compromised subject (a service account in a pod, a CI token) owns every namespace.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["RoleBinding", "ClusterRoleBinding"]) {
        if let Some(n) = o.node.get("roleRef").and_then(|r| r.get("name"))
            && n.as_str() == Some("cluster-admin")
        {
            out.push(
                Diagnostic::new(meta(), n.span(), format!("{} `{}` grants cluster-admin", o.kind, o.name()))
                    .help("bind a role with only the permissions needed"),
            );
        }
    }
}
