use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S030", name: "ingress-without-tls", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "An Ingress serves plain HTTP",
    what: "Flags Ingresses (networking.k8s.io/v1) with rules but no `tls:` section.",
    why: "Traffic, cookies and credentials cross the network in clear text.",
    example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80",
    instead: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
    spans: ["Ingress"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Ingress"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        if spec.get("rules").is_some() && spec.get("tls").is_none() {
            out.push(
                Diagnostic::new(meta(), o.kind_span(), format!("Ingress `{}` has no `tls:`", o.name()))
                    .help("add `tls:` with a certificate Secret (cert-manager can issue it)"),
            );
        }
    }
}
