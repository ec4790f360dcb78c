use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic};
use std::collections::HashSet;

rule! {
    code: "K8S042", name: "dangling-reference", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:dangling-hpa", "kube-linter:dangling-ingress", "kube-linter:dangling-networkpolicy", "kube-score:ingress-targets-service"], options: [],
    summary: "An HPA, Ingress, PDB or ServiceAccount reference points at nothing",
    what: "In a directory that defines workloads, flags HPAs whose `scaleTargetRef` names no object, Ingress backends naming no Service, PodDisruptionBudgets selecting no pods, and `serviceAccountName`s no ServiceAccount defines (kustomize overlays and templated directories are skipped).",
    why: "The reference silently does nothing: the HPA never scales, the Ingress returns 503, the PDB protects nothing, the pod fails to start for want of its service account.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: webapp\n  minReplicas: 3\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 3\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
    spans: ["webapp"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    if !project.complete || !project.objects.iter().any(|o| o.pod_labels.is_some()) {
        return;
    }
    let defined: HashSet<(&str, &str)> = project.objects.iter().map(|o| (o.kind.as_str(), o.name.as_str())).collect();
    let exists = |kind: &str, name: &str| defined.contains(&(kind, name));
    let pods = super::labels::Pods::of(&project.objects);
    for o in cx.of_kind(&["HorizontalPodAutoscaler"]) {
        let Some(t) = o.node.get("spec").and_then(|s| s.get("scaleTargetRef")) else {
            continue;
        };
        if let (Some(k), Some(n)) = (t.get("kind").and_then(|k| k.as_str()), t.get("name")) {
            let name = n.as_str().unwrap_or_default();
            if !exists(k, name) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!("HPA `{}` targets {k} `{name}`, which is not defined here", o.name()),
                    )
                    .confidence(Confidence::Medium),
                );
            }
        }
    }
    for o in cx.of_kind(&["Ingress"]) {
        let mut services = Vec::new();
        o.node.walk(&mut |n| {
            if let Some(s) = n.get("service").and_then(|s| s.get("name")) {
                services.push(s);
            }
        });
        for s in services {
            let name = s.as_str().unwrap_or_default();
            if !name.is_empty() && !exists("Service", name) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        s.span(),
                        format!("Ingress `{}` routes to Service `{name}`, which is not defined here", o.name()),
                    )
                    .confidence(Confidence::Medium),
                );
            }
        }
    }
    for o in cx.of_kind(&["PodDisruptionBudget"]) {
        let Some(sel) = model::Summary::of(&o).selector.filter(|s| !s.is_empty()) else {
            continue;
        };
        if pods.selected(&sel).next().is_none() {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("PodDisruptionBudget `{}` selects no pod defined here", o.name()),
                )
                .confidence(Confidence::Medium),
            );
        }
    }
    let accounts: HashSet<&str> = project
        .objects
        .iter()
        .filter(|o| o.kind == "ServiceAccount")
        .map(|o| o.name.as_str())
        .collect();
    if accounts.is_empty() {
        return;
    }
    for (o, pod) in cx.workloads() {
        if let Some(sa) = pod.get("serviceAccountName")
            && let Some(name) = sa.as_str()
            && name != "default"
            && !accounts.contains(name)
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    sa.span(),
                    format!("{} `{}` uses ServiceAccount `{name}`, which is not defined here", o.kind, o.name()),
                )
                .confidence(Confidence::Medium),
            );
        }
    }
}
