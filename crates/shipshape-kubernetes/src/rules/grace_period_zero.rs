use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S052", name: "termination-grace-zero", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "Pods are killed without a chance to shut down",
    what: "Flags `terminationGracePeriodSeconds: 0`: a warning for a StatefulSet (two pods can hold one identity), info for other workloads, where an explicit zero is a deliberate choice for a stateless controller (shown when the rule is selected by name).",
    why: "The process gets SIGKILL at once: in-flight requests fail, transactions are cut and files are left half-written on every rollout and drain; for StatefulSets it can even run two pods with one identity.",
    example: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination",
    spans: ["0"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        if let Some(g) = pod.get("terminationGracePeriodSeconds")
            && g.as_f64() == Some(0.0)
        {
            let d = Diagnostic::new(
                meta(),
                g.span(),
                format!("{} `{}` is killed without a grace period", o.kind, o.name()),
            )
            .help("leave the default (30s) or set what shutdown needs");
            // An explicit zero on a stateless workload is a deliberate choice (MetalLB's controller,
            // judged not worth a finding): hygiene. A StatefulSet's pod can be force-deleted while
            // its replacement with the same identity starts.
            out.push(if o.kind == "StatefulSet" {
                d
            } else {
                d.severity(shipshape_core::Severity::Info)
            });
        }
    }
}
