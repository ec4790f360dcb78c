use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S040", name: "missing-pdb", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["kube-score:deployment-has-poddisruptionbudget", "polaris:missingPodDisruptionBudget"], options: [],
    summary: "A replicated workload has no PodDisruptionBudget",
    what: "Flags Deployments and StatefulSets with 2 or more replicas (or an HPA, unless scaled to 0) that no PodDisruptionBudget in the same file or directory selects.",
    why: "Without a PDB a node drain (cluster upgrade, autoscaler scale-down) may evict every replica at once.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    if !project.complete {
        return;
    }
    let pdbs = super::labels::Selectors::of(
        project
            .objects
            .iter()
            .filter(|o| o.kind == "PodDisruptionBudget")
            .filter_map(|o| o.selector.as_ref()),
    );
    let scaled: std::collections::HashSet<&str> = project
        .objects
        .iter()
        .filter_map(|o| o.target.as_ref().map(|(_, n)| n.as_str()))
        .collect();
    for o in cx.of_kind(&["Deployment", "StatefulSet"]) {
        let replicas = o
            .node
            .get("spec")
            .and_then(|s| s.get("replicas"))
            .and_then(|r| r.as_f64())
            .unwrap_or(1.0);
        // Scaled to zero (which also pauses an autoscaler): nothing to disrupt.
        if replicas == 0.0 || (replicas < 2.0 && !scaled.contains(o.name())) {
            continue;
        }
        let labels = model::Summary::of(&o).pod_labels.unwrap_or_default();
        // An empty selector is not taken to cover the workload.
        if !pdbs.any_selects(&labels, false) {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("{} `{}` has no PodDisruptionBudget", o.kind, o.name()),
                )
                .help("add a PodDisruptionBudget (`minAvailable` or `maxUnavailable: 1`) selecting its pods"),
            );
        }
    }
}
