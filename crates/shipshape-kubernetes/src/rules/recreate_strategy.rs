use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S053", name: "recreate-strategy", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A replicated Deployment is updated by taking every pod down",
    what: "Flags Deployments with 2 or more replicas and `strategy.type: Recreate`.",
    why: "Recreate stops all old pods before starting new ones: every rollout is an outage. It is only needed when two versions cannot run side by side.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    type: Recreate\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    type: RollingUpdate\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy",
    spans: ["Recreate"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Deployment"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let replicas = spec.get("replicas").and_then(|r| r.as_f64()).unwrap_or(1.0);
        if let Some(t) = spec.get("strategy").and_then(|s| s.get("type"))
            && t.as_str() == Some("Recreate")
            && replicas >= 2.0
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    t.span(),
                    format!("Deployment `{}` goes fully down on every rollout", o.name()),
                )
                .help("use RollingUpdate unless two versions cannot coexist"),
            );
        }
    }
}
