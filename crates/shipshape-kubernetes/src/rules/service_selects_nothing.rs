use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "K8S039", name: "service-selects-nothing", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:dangling-service"], options: [],
    summary: "A Service selects no pod of its directory",
    what: "Flags Services whose `selector` matches the pod labels of no workload in the same file or directory (skipped for kustomize overlays and directories with templates, and for Services without a selector).",
    why: "The Service has no endpoints: every request to it fails, usually after a label was renamed on one side only.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: webb\n  ports:\n    - port: 80\n      targetPort: 8080",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors",
    spans: ["app: webb"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    if !project.complete || !project.objects.iter().any(|o| o.pod_labels.is_some()) {
        return;
    }
    let pods = super::labels::Pods::of(&project.objects);
    for o in cx.of_kind(&["Service"]) {
        let Some(sel) = o.node.get("spec").and_then(|s| s.get("selector")) else {
            continue;
        };
        let selector: Vec<(String, String)> = model::owned_selector(sel);
        if selector.is_empty() {
            continue;
        }
        if pods.selected(&selector).next().is_none() {
            out.push(
                Diagnostic::new(meta(), sel.span(), format!("Service `{}` selects no pod defined here", o.name()))
                    .confidence(Confidence::Medium)
                    .help("match the labels of the workload's pod template"),
            );
        }
    }
}
