use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S049", name: "limit-below-request", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A resource limit is lower than its request",
    what: "Flags containers whose `limits.cpu` or `limits.memory` is below the matching request (units understood: `m`, `Ki`/`Mi`/`Gi`, `k`/`M`/`G`).",
    why: "The API server rejects the pod (`must be less than or equal to limit`).",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          resources:\n            requests:\n              memory: 512Mi\n            limits:\n              memory: 256Mi",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          resources:\n            requests:\n              memory: 256Mi\n            limits:\n              memory: 512Mi",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    spans: ["256Mi"],
}

/// A quantity in base units (cores or bytes).
pub fn quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let units: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1048576.0),
        ("Gi", 1073741824.0),
        ("Ti", 1099511627776.0),
        ("m", 0.001),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
    ];
    for (u, f) in units {
        if let Some(n) = s.strip_suffix(u) {
            return n.parse::<f64>().ok().map(|v| v * f);
        }
    }
    s.parse().ok()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let Some(res) = c.node.get("resources") else { continue };
        for k in ["cpu", "memory"] {
            let (Some(req), Some(lim)) = (res.get("requests").and_then(|r| r.get(k)), res.get("limits").and_then(|l| l.get(k))) else {
                continue;
            };
            if let (Some(r), Some(l)) = (req.as_text().and_then(quantity), lim.as_text().and_then(quantity))
                && l < r
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        lim.span(),
                        format!(
                            "the {k} limit of container `{}` ({} `{}`) is below its request",
                            c.name(),
                            o.kind,
                            o.name()
                        ),
                    )
                    .help("raise the limit to at least the request"),
                );
            }
        }
    }
}
