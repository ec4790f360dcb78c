use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "K8S013", name: "missing-resource-requests", severity: Warning, category: Reliability, default: false, fix: Unsafe,
    peers: ["checkov:CKV_K8S_10", "checkov:CKV_K8S_12", "kube-linter:unset-cpu-requirements", "kube-linter:unset-memory-requirements", "polaris:cpuRequestsMissing", "polaris:memoryRequestsMissing", "kube-score:container-resources"], options: [],
    summary: "A container sets no CPU or memory requests",
    what: "Flags containers without `resources.requests.cpu` or `resources.requests.memory`. A limit without a request counts as the request: Kubernetes copies it (`limits.memory: 1Gi` alone requests 1Gi). The fix adds modest requests and a memory limit (`cpu: 100m`, `memory: 128Mi`, limit `memory: 256Mi`) to a container with no `resources:`.",
    why: "The scheduler places pods by their requests: without them a node is overcommitted, pods are evicted first under pressure (BestEffort), and autoscalers have nothing to scale on.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi",
    fix_safety: "Unsafe: the numbers are a starting point, not a measurement; a container that needs more is throttled or OOM-killed.",
    refs: "- https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    spans: ["web"],
}

const DEFAULTS: &str = "\nrequests:\n  cpu: 100m\n  memory: 128Mi\nlimits:\n  memory: 256Mi";

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let res = c.node.get("resources");
        // A limit without a request is the request too: the API server copies it when the pod is
        // created (kubernetes.io/docs/concepts/configuration/manage-resources-containers/).
        let set = |key: &str, k: &str| res.and_then(|r| r.get(key)).and_then(|r| r.get(k)).is_some();
        let missing: Vec<&str> = ["cpu", "memory"]
            .into_iter()
            .filter(|k| !set("requests", k) && !set("limits", k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let fix = c
            .node
            .get("resources")
            .is_none()
            .then(|| patch::insert_entry(cx.src, c.node, "resources", DEFAULTS, None))
            .flatten()
            .map(|e| Fix::unsafe_("add requests (100m CPU, 128Mi) and a 256Mi memory limit", vec![e]));
        out.push(
            Diagnostic::new(
                meta(),
                c.span(),
                format!(
                    "container `{}` of {} `{}` requests no {}",
                    c.name(),
                    o.kind,
                    o.name(),
                    missing.join(" or ")
                ),
            )
            .help("set `resources.requests` for cpu and memory")
            .maybe_fix(fix),
        );
    }
}
