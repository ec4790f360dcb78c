use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S014", name: "missing-memory-limit", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["checkov:CKV_K8S_13", "checkov:CKV_K8S_11", "polaris:memoryLimitsMissing", "polaris:cpuLimitsMissing", "kube-score:container-resources"], options: [],
    summary: "A container has no memory limit",
    what: "Flags containers without `resources.limits.memory`. CPU limits are not required (they throttle more than they protect).",
    why: "A leaking container takes the node's memory until the kernel kills something, often a neighbour; with a limit only the leaking container is restarted.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi",
    fix_safety: "No automatic fix (K8S013's fix adds one with the requests).",
    refs: "- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        if c.node
            .get("resources")
            .and_then(|r| r.get("limits"))
            .and_then(|l| l.get("memory"))
            .is_none()
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span(),
                    format!("container `{}` of {} `{}` has no memory limit", c.name(), o.kind, o.name()),
                )
                .help("set `resources.limits.memory`"),
            );
        }
    }
}
