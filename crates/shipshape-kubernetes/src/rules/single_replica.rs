use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S028", name: "single-replica", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["kube-linter:minimum-three-replicas", "polaris:deploymentMissingReplicas"], options: [],
    summary: "A Deployment or StatefulSet runs one replica",
    what: "Flags Deployments and StatefulSets with `replicas: 1` (or absent, which means 1) and no HorizontalPodAutoscaler targeting them in the same file. `replicas: 0` (scaled down) is left alone.",
    why: "One pod means downtime on every node drain, eviction or crash.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let scaled: Vec<&str> = cx
        .of_kind(&["HorizontalPodAutoscaler"])
        .iter()
        .filter_map(|h| h.node.get("spec")?.get("scaleTargetRef")?.get("name")?.as_str())
        .collect();
    for o in cx.of_kind(&["Deployment", "StatefulSet"]) {
        if scaled.contains(&o.name()) {
            continue;
        }
        let r = o.node.get("spec").and_then(|s| s.get("replicas"));
        let n = r.and_then(|r| r.as_f64()).unwrap_or(1.0);
        // Zero is a workload scaled down on purpose, not one short of replicas.
        if n < 2.0 && n != 0.0 {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.map_or(o.kind_span(), |r| r.span()),
                    format!("{} `{}` runs a single replica", o.kind, o.name()),
                )
                .help("run at least 2 (3 across zones), or add an HPA"),
            );
        }
    }
}
