use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S038", name: "no-spread", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["kube-linter:no-anti-affinity", "kube-score:deployment-has-poddisruptionbudget"], options: [],
    summary: "Replicas may all land on one node",
    what: "Flags Deployments and StatefulSets with 2 or more replicas and neither `topologySpreadConstraints` nor pod `affinity.podAntiAffinity`.",
    why: "The scheduler may put every replica on the same node or zone: one failure takes them all.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: web\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Deployment", "StatefulSet"]) {
        let replicas = o
            .node
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .and_then(|r| r.as_f64())
            .unwrap_or(1.0);
        let Some(pod) = o.pod_spec() else { continue };
        if replicas < 2.0
            || pod.get("topologySpreadConstraints").is_some()
            || pod.get("affinity").and_then(|a| a.get("podAntiAffinity")).is_some()
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                meta(),
                o.kind_span(),
                format!("{} `{}` does not spread its replicas", o.kind, o.name()),
            )
            .help("add `topologySpreadConstraints` over `kubernetes.io/hostname` (and zones)"),
        );
    }
}
