use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S008", name: "dangerous-capabilities", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_39", "checkov:CKV_K8S_25", "polaris:dangerousCapabilities", "kube-linter:drop-net-raw-capability"], options: [],
    summary: "A container adds capabilities that amount to root on the node",
    what: "Flags `capabilities.add` of `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `NET_RAW`, `BPF`, `DAC_READ_SEARCH`. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md). `NET_ADMIN` and `NET_RAW` in a DaemonSet on the host's network (a node's network agent) are its design and not flagged. On a DaemonSet (a node agent), in a CSI driver (a pod running a CSI sidecar) or in a node inspector (`hostPID` with only read-only host mounts: a benchmark such as kube-bench), whose host access is its purpose, the finding is info, shown when the rule is named.",
    why: "These capabilities let a process mount filesystems, load kernel modules, trace other processes or spoof network traffic: container escape and node takeover paths.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            capabilities:\n              add:\n                - SYS_ADMIN",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            capabilities:\n              add:\n                - NET_BIND_SERVICE",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    spans: ["SYS_ADMIN"],
}

pub(crate) const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "NET_RAW",
    "BPF",
    "DAC_READ_SEARCH",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod, c) in cx.containers() {
        // A DaemonSet on the host's network that manages it (routing, ARP, a CNI) needs the network
        // capabilities by design (metallb's speaker and FRR, judged 2026-12-05).
        let network_agent = o.kind == "DaemonSet" && pod.get("hostNetwork").and_then(|h| h.as_bool()) == Some(true);
        let adds = c.capabilities("add");
        for a in adds {
            let Some(v) = a.as_str() else { continue };
            let cap = v.trim_start_matches("CAP_").to_ascii_uppercase();
            if network_agent && matches!(cap.as_str(), "NET_ADMIN" | "NET_RAW") {
                continue;
            }
            if DANGEROUS.contains(&cap.as_str()) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        a.span(),
                        format!("container `{}` of {} `{}` adds {cap}", c.name(), o.kind, o.name()),
                    )
                    .help("add only the narrow capability it needs")
                    .severity(super::node_agent_severity(o.kind, pod, meta().severity)),
                );
            }
        }
    }
}
