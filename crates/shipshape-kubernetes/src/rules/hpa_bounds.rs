use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S026", name: "hpa-bounds", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["kube-score:horizontalpodautoscaler-has-target"], options: [],
    summary: "An autoscaler can scale to fewer than 3 pods, or scales down with its stabilization turned off",
    what: "Flags HorizontalPodAutoscalers with `minReplicas` under 3 (absent means 1), `maxReplicas` not above `minReplicas`, and a scale-down `stabilizationWindowSeconds: 0` (without `behavior`, Kubernetes already waits 300 s before scaling down).",
    why: "One or two pods cannot survive a node drain and a crash at once; a max equal to the min does not scale; without a scale-down window a short dip removes pods that the next burst needs (flapping).",
    example: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300",
    instead: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 3\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior",
    spans: ["1"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["HorizontalPodAutoscaler"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let min = spec.get("minReplicas");
        let min_n = min.and_then(|m| m.as_f64()).unwrap_or(1.0);
        if min_n < 3.0 {
            out.push(
                Diagnostic::new(
                    meta(),
                    min.map_or(o.kind_span(), |m| m.span()),
                    format!("HPA `{}` may scale down to {min_n} pod(s)", o.name()),
                )
                .help("set `minReplicas: 3` or more"),
            );
        }
        if let Some(max) = spec.get("maxReplicas")
            && max.as_f64().is_some_and(|m| m <= min_n)
        {
            out.push(Diagnostic::new(
                meta(),
                max.span(),
                format!("HPA `{}` cannot scale: maxReplicas is not above minReplicas", o.name()),
            ));
        }
        // Without `behavior`, scale-down already waits 300 s; only an explicit 0 removes the wait.
        if let Some(w) = spec
            .get("behavior")
            .and_then(|b| b.get("scaleDown"))
            .and_then(|s| s.get("stabilizationWindowSeconds"))
            .filter(|w| w.as_text().is_some_and(|t| t.trim() == "0"))
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    w.span(),
                    format!("HPA `{}` scales down with no stabilization window", o.name()),
                )
                .help("set `behavior.scaleDown.stabilizationWindowSeconds` (e.g. 300)"),
            );
        }
    }
}
