use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S041", name: "no-network-policy", severity: Info, category: Security, default: false, fix: None,
    peers: ["kube-score:pod-networkpolicy"], options: [],
    summary: "No NetworkPolicy applies to a workload",
    what: "Flags workloads whose pods no NetworkPolicy in the same file or directory selects (an empty `podSelector` selects all).",
    why: "Without a policy every pod can reach every other pod in the cluster: one compromised pod can talk to all databases.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: frontend",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/network-policies/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    if !project.complete {
        return;
    }
    let policies = super::labels::Selectors::of(
        project
            .objects
            .iter()
            .filter(|o| o.kind == "NetworkPolicy")
            .filter_map(|o| o.selector.as_ref()),
    );
    for (o, _) in cx.workloads() {
        if !o.is_service_workload() {
            continue;
        }
        let labels = model::Summary::of(&o).pod_labels.unwrap_or_default();
        // An empty `podSelector` selects every pod.
        if !policies.any_selects(&labels, true) {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("no NetworkPolicy selects the pods of {} `{}`", o.kind, o.name()),
                )
                .help("add a NetworkPolicy that allows only the traffic it needs"),
            );
        }
    }
}
