use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S015", name: "missing-probes", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["checkov:CKV_K8S_8", "checkov:CKV_K8S_9", "kube-linter:no-liveness-probe", "kube-linter:no-readiness-probe", "polaris:livenessProbeMissing", "polaris:readinessProbeMissing", "kube-score:container-probes"], options: [],
    summary: "A long-running container has no liveness or readiness probe",
    what: "Flags containers (not init containers) of Deployments, StatefulSets, DaemonSets and ReplicaSets without `readinessProbe` or `livenessProbe`.",
    why: "Without readiness the Service sends traffic to pods still starting (errors on every rollout); without liveness a deadlocked process is never restarted.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080",
    fix_safety: "No automatic fix: the probe must match the application.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        if c.init || !o.is_service_workload() {
            continue;
        }
        let missing: Vec<&str> = ["readinessProbe", "livenessProbe"]
            .into_iter()
            .filter(|k| c.node.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!(
                        "container `{}` of {} `{}` has no {}",
                        c.name(),
                        o.kind,
                        o.name(),
                        missing.join(" or ")
                    ),
                )
                .help("add probes that check the application really serves"),
            );
        }
    }
}
