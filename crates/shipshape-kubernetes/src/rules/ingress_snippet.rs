use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S067", name: "ingress-nginx-snippet", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_153"], options: [],
    summary: "An Ingress injects raw NGINX configuration",
    what: "Flags the ingress-nginx annotations `configuration-snippet`, `server-snippet`, `auth-snippet` and `stream-snippet`.",
    why: "Snippets are pasted into the controller's `nginx.conf`: whoever can create an Ingress can read the controller's service-account token and every Secret it can see (CVE-2021-25742, CVE-2025-1974). ingress-nginx now disables them by default. A warning: the exposure is the controller allowing snippets to whoever may create an Ingress, not this file alone.",
    example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers \"X-Frame-Options: DENY\";\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80",
    instead: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/custom-headers: apps/web-headers\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80",
    fix_safety: "No automatic fix: move the headers to `custom-headers` or the controller's ConfigMap.",
    refs: "- https://github.com/kubernetes/ingress-nginx/issues/7837\n- https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#custom-headers",
    spans: ["nginx.ingress.kubernetes.io/configuration-snippet"],
}

const SNIPPETS: &[&str] = &["configuration-snippet", "server-snippet", "auth-snippet", "stream-snippet"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Ingress"]) {
        let notes = o.node.get("metadata").and_then(|m| m.get("annotations"));
        for (k, _) in notes.map(|n| n.entries()).unwrap_or_default() {
            let Some(key) = k.as_str() else { continue };
            if key
                .strip_prefix("nginx.ingress.kubernetes.io/")
                .is_some_and(|a| SNIPPETS.contains(&a))
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("Ingress `{}` pastes raw configuration into NGINX", o.name()),
                    )
                    .help("use a dedicated annotation (`custom-headers`, `auth-url` …) instead of a snippet"),
                );
            }
        }
    }
}
