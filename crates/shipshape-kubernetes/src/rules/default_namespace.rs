use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S024", name: "default-namespace", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["checkov:CKV_K8S_21"], options: [],
    summary: "An object is put in the `default` namespace",
    what: "Flags `metadata.namespace: default`.",
    why: "The default namespace is where everything without a home lands: no quotas, policies or RBAC scoped to the application.",
    example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default",
    instead: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
    spans: ["default"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in &cx.objects {
        if let Some(ns) = o.node.get("metadata").and_then(|m| m.get("namespace"))
            && ns.as_str() == Some("default")
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    ns.span(),
                    format!("{} `{}` is in the `default` namespace", o.kind, o.name()),
                )
                .help("give the application its own namespace"),
            );
        }
    }
}
