use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S059", name: "priority-class", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["polaris:priorityClassNotSet"], options: [],
    summary: "A workload sets no `priorityClassName`",
    what: "Flags workloads without `priorityClassName` (off by default).",
    why: "Under resource pressure the scheduler evicts and preempts by priority: without classes, a batch job can push out the checkout service.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      priorityClassName: business-critical\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        if pod.get("priorityClassName").is_none() {
            out.push(
                Diagnostic::new(meta(), o.kind_span(), format!("{} `{}` has no priority class", o.kind, o.name()))
                    .help("set `priorityClassName`"),
            );
        }
    }
}
