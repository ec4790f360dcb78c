use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S016", name: "identical-probes", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["kube-score:container-probes"], options: [],
    summary: "Liveness and readiness probes are the same check",
    what: "Flags containers whose `livenessProbe` and `readinessProbe` have the same handler (same path, port or command).",
    why: "When a dependency is slow, readiness should take the pod out of the Service for a while; an identical liveness probe restarts it instead, and all pods restart together: a cascading outage.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/zegl/kube-score/blob/master/README_PROBES.md",
    spans: ["livenessProbe"],
}

/// The handler of a probe as comparable text.
fn handler(p: shipshape_yaml::NodeRef, src: &str) -> Option<String> {
    ["httpGet", "tcpSocket", "exec", "grpc"].iter().find_map(|k| {
        p.get(k)
            .map(|h| format!("{k}:{}", h.span().text(src).split_whitespace().collect::<Vec<_>>().join(" ")))
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let (Some(l), Some(r)) = (c.node.get("livenessProbe"), c.node.get("readinessProbe")) else {
            continue;
        };
        if handler(l, cx.src).is_some() && handler(l, cx.src) == handler(r, cx.src) {
            let key = c.node.get_entry("livenessProbe").map_or(l.span(), |(k, _)| k.span());
            out.push(
                Diagnostic::new(
                    meta(),
                    key,
                    format!(
                        "container `{}` of {} `{}` uses one check for liveness and readiness",
                        c.name(),
                        o.kind,
                        o.name()
                    ),
                )
                .help("make liveness a cheap is-the-process-alive check, readiness the can-it-serve check"),
            );
        }
    }
}
