use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S036", name: "probe-port-undeclared", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A probe targets a port the container does not declare",
    what: "Flags `httpGet`/`tcpSocket`/`grpc` probes whose named port is not among the container's `ports[].name`, and (as info) numeric ports not among its `containerPort`s when it declares any.",
    why: "A named port that does not exist fails the probe forever (the pod never becomes ready, or is restarted in a loop); a wrong number usually means the probe checks nothing that listens.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - name: http\n              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: web",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - name: http\n              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let ports = c.node.get("ports").map(|p| p.items()).unwrap_or_default();
        let names: Vec<&str> = ports.iter().filter_map(|p| p.get("name")?.as_str()).collect();
        let numbers: Vec<f64> = ports.iter().filter_map(|p| p.get("containerPort")?.as_f64()).collect();
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            let Some(pr) = c.node.get(probe) else { continue };
            let Some(port) = ["httpGet", "tcpSocket", "grpc"].iter().find_map(|k| pr.get(k)?.get("port")) else {
                continue;
            };
            let bad = match port.as_f64() {
                Some(n) => !numbers.is_empty() && !numbers.contains(&n),
                None => port.as_str().is_some_and(|s| !names.contains(&s)),
            };
            if bad {
                out.push(
                    Diagnostic::new(
                        meta(),
                        port.span(),
                        format!(
                            "the {probe} of container `{}` ({} `{}`) targets an undeclared port",
                            c.name(),
                            o.kind,
                            o.name()
                        ),
                    )
                    .help("use a port the container declares in `ports:`"),
                );
            }
        }
    }
}
