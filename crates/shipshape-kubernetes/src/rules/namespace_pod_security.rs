use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S048", name: "namespace-pod-security", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A Namespace does not enforce a Pod Security level",
    what: "Flags Namespace objects without the `pod-security.kubernetes.io/enforce` label.",
    why: "Pod Security Admission is the built-in guard against privileged pods; without an enforce label the namespace accepts anything.",
    example: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop",
    instead: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-admission/",
    spans: ["Namespace"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Namespace"]) {
        let has = o
            .node
            .get("metadata")
            .and_then(|m| m.get("labels"))
            .and_then(|l| l.get("pod-security.kubernetes.io/enforce"))
            .is_some();
        if !has {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("Namespace `{}` enforces no Pod Security level", o.name()),
                )
                .help("label it `pod-security.kubernetes.io/enforce: restricted` (or baseline)"),
            );
        }
    }
}
