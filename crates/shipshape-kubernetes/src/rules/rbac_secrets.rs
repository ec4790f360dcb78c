use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S032", name: "rbac-secret-access", severity: Warning, category: Security, default: false, fix: None,
    peers: ["kube-linter:access-to-secrets"], options: [],
    summary: "A Role can read Secrets",
    what: "Flags Role and ClusterRole rules that allow `get`, `list` or `watch` on `secrets` (or `*`).",
    why: "Reading Secrets is reading every password and token of the namespace (cluster, for a ClusterRole); `list` and `watch` return them all at once.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get, list]",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [secrets]\n    resourceNames: [app-tls]\n    verbs: [get]",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets",
    spans: ["[secrets]"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.rbac(&["Role", "ClusterRole"]) {
        for r in o.node.get("rules").map(|r| r.items()).unwrap_or_default() {
            let has = |key: &str, names: &[&str]| {
                r.get(key)
                    .map(|v| v.items())
                    .unwrap_or_default()
                    .iter()
                    .any(|v| v.as_str().is_some_and(|s| names.contains(&s)))
            };
            let named = r.get("resourceNames").is_some_and(|n| !n.items().is_empty());
            let listing = has("verbs", &["list", "watch", "*"]);
            if has("resources", &["secrets", "*"]) && (listing || (has("verbs", &["get"]) && !named)) {
                let span = r.get("resources").map_or(r.span(), |n| n.span());
                out.push(
                    Diagnostic::new(meta(), span, format!("{} `{}` can read Secrets", o.kind, o.name()))
                        .help("limit it to named Secrets (`resourceNames`) with `get` only"),
                );
            }
        }
    }
}
