use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S064", name: "unmasked-proc-mount", severity: Warning, category: Security, default: true, fix: None,
    peers: ["polaris:procMount"], options: [],
    summary: "A container sees the node's unmasked `/proc`",
    what: "Flags `securityContext.procMount` set to anything but `Default`. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md).",
    why: "The default mount masks and makes read-only parts of `/proc` that leak host information or allow kernel tampering; `Unmasked` removes that protection, which only nested container runtimes need.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: build\nspec:\n  containers:\n    - name: build\n      image: moby/buildkit:v0.18.0\n      securityContext:\n        procMount: Unmasked",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: build\nspec:\n  containers:\n    - name: build\n      image: moby/buildkit:v0.18.0-rootless",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    spans: ["Unmasked"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let Some(pm) = c.node.get("securityContext").and_then(|s| s.get("procMount")) else {
            continue;
        };
        if pm.as_str().is_some_and(|v| v != "Default") {
            out.push(
                Diagnostic::new(
                    meta(),
                    pm.span(),
                    format!("container `{}` of {} `{}` unmasks `/proc`", c.name(), o.kind, o.name()),
                )
                .help("remove `procMount` (the default masks `/proc`)"),
            );
        }
    }
}
