use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic};
use std::collections::HashMap;

rule! {
    code: "K8S065", name: "pdb-blocks-eviction", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["kube-linter:pdb-max-unavailable", "kube-linter:pdb-min-available", "polaris:pdbDisruptionsIsZero", "polaris:pdbMinAvailableGreaterThanHPAMinReplicas"], options: [],
    summary: "A PodDisruptionBudget allows no voluntary disruption",
    what: "Flags a PodDisruptionBudget with `maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or a `minAvailable` at least the `replicas` of the workload it selects or the `minReplicas` of that workload's autoscaler (in the same directory; a workload scaled to 0 is left out).",
    why: "Such a budget can never be satisfied by an eviction: node drains, cluster upgrades and autoscaler scale-downs hang until someone deletes the budget by hand.",
    example: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels:\n      app: web",
    instead: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web",
    fix_safety: "No automatic fix: choose how many pods may go at once.",
    refs: "- https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions",
    spans: ["0"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    let pods = super::labels::Pods::of(&project.objects);
    // The first autoscaler of each (kind, name), with its `minReplicas`.
    let mut autoscaled: HashMap<(&str, &str), Option<i64>> = HashMap::new();
    for h in project.objects.iter().filter(|h| h.kind == "HorizontalPodAutoscaler") {
        if let Some((k, n)) = &h.target {
            autoscaled.entry((k.as_str(), n.as_str())).or_insert(h.replicas);
        }
    }
    for o in cx.of_kind(&["PodDisruptionBudget"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let flag = |node: shipshape_yaml::NodeRef, why: String, confidence: Confidence, out: &mut Vec<Diagnostic>| {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("PodDisruptionBudget `{}` {why}", o.name()))
                    .confidence(confidence)
                    .help("allow at least one pod to be evicted: `maxUnavailable: 1`"),
            );
        };
        if let Some(m) = spec.get("maxUnavailable")
            && (m.as_f64() == Some(0.0) || m.as_str().is_some_and(|s| s.trim() == "0%"))
        {
            flag(m, "allows no pod to be evicted".into(), Confidence::High, out);
            continue;
        }
        let Some(min) = spec.get("minAvailable") else { continue };
        if min.as_str().is_some_and(|s| s.trim() == "100%") {
            flag(min, "requires every pod to stay up".into(), Confidence::High, out);
            continue;
        }
        let Some(n) = min.as_f64().map(|n| n as i64) else { continue };
        let Some(sel) = spec.get("selector") else { continue };
        let selector: Vec<(String, String)> = model::owned_selector(sel);
        if selector.is_empty() {
            continue;
        }
        // A workload scaled to zero has no pod to evict.
        for w in pods.selected(&selector).filter(|w| w.replicas != Some(0)) {
            let hpa_min = autoscaled.get(&(w.kind.as_str(), w.name.as_str())).copied().flatten();
            let (what, floor) = match hpa_min {
                Some(m) => ("its autoscaler's `minReplicas`", m),
                None => ("its `replicas`", w.replicas.unwrap_or(1)),
            };
            if n >= floor {
                flag(
                    min,
                    format!(
                        "requires {n} of {} `{}`'s pods, {what} ({floor}), so none can be evicted",
                        w.kind, w.name
                    ),
                    Confidence::Medium,
                    out,
                );
                break;
            }
        }
    }
}
