use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "K8S027", name: "rollout-max-unavailable", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A rolling update may take serving pods away",
    what: "Flags Deployments whose rolling update may take serving pods away: `maxUnavailable` (absent means 25%) resolved against `replicas` as Kubernetes does (a percentage rounds down, `maxSurge` rounds up, and when both come to 0 one pod may go) is at least 1. With an autoscaler the count is unknown and any `maxUnavailable` above 0 is flagged. A Deployment scaled to 0 replicas is left alone.",
    why: "With `maxUnavailable: 0` (and a `maxSurge`), a rollout only removes an old pod once a new one is ready: capacity never drops, and a broken release stalls instead of taking pods down.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable",
    spans: ["Deployment"],
}

/// A `maxUnavailable`/`maxSurge` value scaled to `replicas` as the Deployment controller does
/// (`intstr.GetScaledValueFromIntOrPercent`): a percentage of the replicas rounded down for
/// `maxUnavailable`, up for `maxSurge`; absent is 25%. `None` when it is neither a number nor a
/// percentage.
fn scaled(value: Option<NodeRef>, replicas: i64, round_up: bool) -> Option<i64> {
    let pct = match value {
        None => 25.0,
        Some(v) => match v.as_f64() {
            Some(n) => return Some(n as i64),
            None => v.as_text()?.trim().strip_suffix('%')?.parse::<f64>().ok()?,
        },
    };
    let x = pct * replicas as f64 / 100.0;
    Some(if round_up { x.ceil() } else { x.floor() } as i64)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Deployment"]) {
        let spec = o.node.get("spec");
        let strategy = spec.and_then(|s| s.get("strategy"));
        if strategy.and_then(|s| s.get("type")).and_then(|t| t.as_str()) == Some("Recreate") {
            continue;
        }
        let rolling = strategy.and_then(|s| s.get("rollingUpdate"));
        let mu = rolling.and_then(|r| r.get("maxUnavailable"));
        let surge = rolling.and_then(|r| r.get("maxSurge"));
        // The replica count, when the manifest fixes it: an autoscaler moves it.
        let autoscaled = cx
            .project()
            .objects
            .iter()
            .any(|h| h.kind == "HorizontalPodAutoscaler" && h.target.as_ref().is_some_and(|(k, n)| k == "Deployment" && n == o.name()));
        // `replicas: 0` stays 0 under an autoscaler too (it pauses it).
        let replicas = match spec.and_then(|s| s.get("replicas")).map(|r| r.as_f64()) {
            Some(Some(0.0)) => Some(0),
            _ if autoscaled => None,
            None => Some(1),
            Some(r) => r.map(|r| r as i64),
        };
        let message = match replicas {
            // Scaled down: no pod to lose.
            Some(n) if n <= 0 => continue,
            Some(n) => {
                let (Some(mut down), Some(up)) = (scaled(mu, n, false), scaled(surge, n, true)) else {
                    continue;
                };
                // With neither surge nor unavailability a rollout could not progress: Kubernetes
                // then lets one pod go (`ResolveFenceposts`).
                if down == 0 && up == 0 {
                    down = 1;
                }
                if down <= 0 {
                    continue;
                }
                format!(
                    "Deployment `{}` may take {} of its {n} pod{} down during a rollout",
                    o.name(),
                    down.min(n),
                    if n == 1 { "" } else { "s" }
                )
            }
            // A count unknown here: any allowance above 0 may take pods away at some count.
            None => {
                if mu.and_then(|m| m.as_text()).is_some_and(|t| t == "0" || t == "0%") {
                    continue;
                }
                format!("Deployment `{}` may lose capacity during a rollout", o.name())
            }
        };
        out.push(
            Diagnostic::new(meta(), mu.map_or(o.kind_span(), |m| m.span()), message)
                .help("set `strategy.rollingUpdate.maxUnavailable: 0` and `maxSurge: 1`"),
        );
    }
}
