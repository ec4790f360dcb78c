use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S043", name: "selector-mismatch", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:mismatching-selector"], options: [],
    summary: "A workload's selector does not match its own pod template",
    what: "Flags Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs whose `spec.selector.matchLabels` are not all among the pod template's labels. A kustomize patch, and a file a kustomization above it adds labels to (`commonLabels`, `labels`), are left alone: the built object's labels are not the file's.",
    why: "The API server rejects the object (`selector does not match template labels`).",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: website\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector",
    spans: ["app: website"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A kustomize patch's labels merge with its base's (hmcts' Flux image-automation patch,
    // judged wrong as an error, the fortieth sample).
    if cx.is_patch_file() {
        return;
    }
    let mut kustomized = None;
    for o in cx.of_kind(&["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]) {
        let Some(sel) = o
            .node
            .get("spec")
            .and_then(|s| s.get("selector"))
            .and_then(|s| s.get("matchLabels"))
        else {
            continue;
        };
        let labels: Vec<(String, String)> = o
            .pod_metadata()
            .and_then(|m| m.get("labels"))
            .map(model::owned_selector)
            .unwrap_or_default();
        let selector: Vec<(String, String)> = model::owned_selector(sel);
        if !model::selects(&selector, &labels) && !*kustomized.get_or_insert_with(|| cx.kustomize_adds_labels()) {
            out.push(
                Diagnostic::new(
                    meta(),
                    sel.span(),
                    format!("{} `{}`'s selector does not match its pod template labels", o.kind, o.name()),
                )
                .help("make `spec.selector.matchLabels` a subset of `spec.template.metadata.labels`"),
            );
        }
    }
}
