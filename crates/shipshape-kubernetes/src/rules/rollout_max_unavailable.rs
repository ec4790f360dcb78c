use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S027", name: "rollout-max-unavailable", severity: Info, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A rolling update may take serving pods away",
    what: "Flags Deployments whose rolling update allows unavailable pods (`maxUnavailable` absent, meaning 25%, or above 0).",
    why: "With `maxUnavailable: 0` (and a `maxSurge`), a rollout only removes an old pod once a new one is ready: capacity never drops, and a broken release stalls instead of taking pods down.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Deployment"]) {
        let strategy = o.node.get("spec").and_then(|s| s.get("strategy"));
        if strategy.and_then(|s| s.get("type")).and_then(|t| t.as_str()) == Some("Recreate") {
            continue;
        }
        let mu = strategy.and_then(|s| s.get("rollingUpdate")).and_then(|r| r.get("maxUnavailable"));
        let zero = mu.and_then(|m| m.as_text()).is_some_and(|t| t == "0" || t == "0%");
        if !zero {
            out.push(
                Diagnostic::new(
                    meta(),
                    mu.map_or(o.kind_span(), |m| m.span()),
                    format!("Deployment `{}` may lose capacity during a rollout", o.name()),
                )
                .help("set `strategy.rollingUpdate.maxUnavailable: 0` and `maxSurge: 1`"),
            );
        }
    }
}
