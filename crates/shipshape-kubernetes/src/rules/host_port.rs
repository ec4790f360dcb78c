use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S011", name: "host-port", severity: Warning, category: Security, default: false, fix: None,
    peers: ["kube-linter:host-port", "polaris:hostPortSet"], options: [],
    summary: "A container binds a port on the node",
    what: "Flags `ports[].hostPort`. Off by default: a port on the node is nearly always chosen on purpose (passive FTP, rsync's 873, a tracker's port outside the NodePort range), and 13 of 15 findings judged on real repositories were not worth acting on (docs/precision.md).",
    why: "A host port ties the pod to nodes where the port is free (scheduling failures), bypasses Services and NetworkPolicies, and exposes the container on the node's address.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - containerPort: 8080\n              hostPort: 8080",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - containerPort: 8080",
    fix_safety: "No automatic fix: expose it through a Service.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/overview/#services",
    spans: ["8080"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod, c) in cx.containers() {
        for p in c.node.get("ports").map(|p| p.items()).unwrap_or_default() {
            if let Some(h) = p.get("hostPort")
                && h.as_f64().is_some_and(|n| n > 0.0)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        h.span(),
                        format!("container `{}` of {} `{}` binds a node port", c.name(), o.kind, o.name()),
                    )
                    .help("use a Service instead of `hostPort`")
                    // A DaemonSet's node port is how a node agent or an ingress controller takes
                    // traffic (bunkerweb's ingress, judged not worth it, the twenty-seventh sample).
                    .severity(super::node_agent_severity(o.kind, pod, meta().severity)),
                );
            }
        }
    }
}
