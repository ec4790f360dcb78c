use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S010", name: "host-namespaces", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_17", "checkov:CKV_K8S_18", "checkov:CKV_K8S_19", "kube-linter:host-network", "kube-linter:host-pid", "kube-linter:host-ipc", "polaris:hostNetworkSet", "polaris:hostPIDSet", "polaris:hostIPCSet"], options: [],
    summary: "A pod shares the node's network, PID or IPC namespace",
    what: "Flags `hostNetwork: true`, `hostPID: true` and `hostIPC: true`. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md). `hostNetwork` on a DaemonSet (a node agent doing networking: a CNI, a load balancer's speaker) is its design and not flagged. On a DaemonSet (a node agent), in a CSI driver (a pod running a CSI sidecar) or in a node inspector (`hostPID` with only read-only host mounts: a benchmark such as kube-bench), whose host access is its purpose, the finding is info, shown when the rule is named.",
    why: "The pod then sees every process of the node, its shared memory or every port on its interfaces (kubelet, metadata services), and network policies no longer apply to it.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      hostNetwork: true\n      hostPID: true\n      hostIPC: true\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    spans: ["true", "true", "true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
            // A DaemonSet on the host's network is a node agent doing networking (a load
            // balancer's speaker, a CNI, a node exporter): by design (metallb, judged 2026-12-05).
            if key == "hostNetwork" && o.kind == "DaemonSet" {
                continue;
            }
            if let Some(v) = pod.get(key)
                && v.as_bool() == Some(true)
            {
                out.push(
                    Diagnostic::new(meta(), v.span(), format!("{} `{}` sets `{key}: true`", o.kind, o.name()))
                        .help(format!("remove `{key}`"))
                        .severity(super::node_agent_severity(o.kind, pod, meta().severity)),
                );
            }
        }
    }
}
