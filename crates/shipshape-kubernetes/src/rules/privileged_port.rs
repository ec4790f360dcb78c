use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S035", name: "privileged-port", severity: Info, category: Security, default: false, fix: None,
    peers: ["kube-linter:privileged-ports"], options: [],
    summary: "A container listens on a port below 1024",
    what: "Flags `containerPort` values below 1024.",
    why: "Binding them needs root or NET_BIND_SERVICE; serve on a high port and let the Service map 80/443 to it.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - containerPort: 80",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - containerPort: 8080",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
    spans: ["80"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        for p in c.node.get("ports").map(|p| p.items()).unwrap_or_default() {
            if let Some(n) = p.get("containerPort")
                && n.as_f64().is_some_and(|v| v > 0.0 && v < 1024.0)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!("container `{}` of {} `{}` listens on a privileged port", c.name(), o.kind, o.name()),
                    )
                    .help("listen on a port above 1024 and map it in the Service"),
                );
            }
        }
    }
}
