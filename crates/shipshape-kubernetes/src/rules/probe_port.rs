use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S036", name: "probe-port-undeclared", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A probe targets a port the container does not declare",
    what: "Flags `httpGet`/`tcpSocket`/`grpc` probes whose named port is not among the container's `ports[].name`, and ports written as a quoted number (`port: \"8080\"`, which the API server reads as a port name and rejects). A number missing from `ports:` is not flagged: the kubelet probes any port of the pod's IP, and `ports:` is informational.",
    why: "A named port that does not exist fails the probe forever (the pod never becomes ready, or is restarted in a loop); a quoted number is rejected at apply time.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - name: http\n              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: web",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - name: http\n              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        // A container without an image is a patch fragment (a kustomize overlay adding a probe):
        // its ports are the base's (the error audit, 2026-12-05).
        if c.node.get("image").is_none() {
            continue;
        }
        let ports = c.node.get("ports").map(|p| p.items()).unwrap_or_default();
        let names: Vec<&str> = ports.iter().filter_map(|p| p.get("name")?.as_str()).collect();
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            let Some(pr) = c.node.get(probe) else { continue };
            let Some(port) = ["httpGet", "tcpSocket", "grpc"].iter().find_map(|k| pr.get(k)?.get("port")) else {
                continue;
            };
            let what = format!("the {probe} of container `{}` ({} `{}`)", c.name(), o.kind, o.name());
            let finding = match (port.as_f64(), port.as_str()) {
                // The kubelet probes any port of the pod's IP: `ports:` is informational, so a number
                // missing from it may well be an admin port the process listens on.
                (Some(_), _) => None,
                // A quoted number is a port name to the API server, and a name needs a letter.
                (None, Some(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => Some(
                    Diagnostic::new(
                        meta(),
                        port.span(),
                        format!("{what} gives port {s} quoted: Kubernetes reads it as a port name, and rejects a name without a letter"),
                    )
                    .help(format!("write the number unquoted: `port: {s}`")),
                ),
                (None, Some(s)) if !names.contains(&s) => Some(
                    Diagnostic::new(
                        meta(),
                        port.span(),
                        format!("{what} targets port `{s}`, which the container does not declare"),
                    )
                    .help("use a port name the container declares in `ports:`"),
                ),
                _ => None,
            };
            out.extend(finding);
        }
    }
}
