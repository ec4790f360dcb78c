use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use std::collections::HashSet;

rule! {
    code: "K8S071", name: "replicas-with-autoscaler", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured"], options: [],
    summary: "A workload sets `replicas` although an autoscaler scales it",
    what: "Flags `spec.replicas` of a Deployment or StatefulSet that a HorizontalPodAutoscaler of the same directory targets (except `replicas: 0`, which pauses the autoscaler).",
    why: "Every `kubectl apply` resets the replica count to the manifest's number, undoing the autoscaler: a deploy during peak load scales the service down.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 3\n  maxReplicas: 10",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 3\n  maxReplicas: 10",
    fix_safety: "No automatic fix: removing the field from a live object with `kubectl apply` sets it to 1 once; remove it with `kubectl apply --server-side` or after handing the field to the autoscaler.",
    refs: "- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling",
    spans: ["3"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    let scaled: HashSet<(&str, &str)> = project
        .objects
        .iter()
        .filter(|h| h.kind == "HorizontalPodAutoscaler")
        .filter_map(|h| h.target.as_ref().map(|(k, n)| (k.as_str(), n.as_str())))
        .collect();
    for o in cx.of_kind(&["Deployment", "StatefulSet"]) {
        // `replicas: 0` pauses the autoscaler on purpose: applying it again keeps it paused.
        let Some(r) = o
            .node
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .filter(|r| r.as_f64() != Some(0.0))
        else {
            continue;
        };
        if scaled.contains(&(o.kind, o.name())) {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.span(),
                    format!(
                        "{} `{}` sets `replicas`, which every apply resets under its autoscaler",
                        o.kind,
                        o.name()
                    ),
                )
                .help("remove `replicas` and let the HorizontalPodAutoscaler own the count"),
            );
        }
    }
}
