use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S012", name: "host-path-volume", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_27", "kube-linter:docker-sock", "kube-linter:sensitive-host-mounts", "polaris:hostPathSet"], options: [],
    summary: "A pod mounts a path of the node",
    what: "Flags `hostPath` volumes that a container mounts (a volume nothing mounts gives nobody the node's files), as a warning: it takes a compromised container to use them, and node agents need them by design (CSI node plugins, which register under `/var/lib/kubelet/plugins` or run the node-driver-registrar, are not flagged). High confidence for the container runtime's socket (`/var/run/docker.sock`, containerd, CRI-O) and for `/`, `/etc`, `/proc`, `/sys`, `/var/lib/kubelet`, `/root`; medium for other paths. On a DaemonSet (a node agent), in a CSI driver (a pod running a CSI sidecar) or in a node inspector (`hostPID` with only read-only host mounts: a benchmark such as kube-bench), whose host access is its purpose, the finding is info, shown when the rule is named.",
    why: "A host path gives the pod the node's files: the runtime socket is root on the node, and the others expose credentials and kernel interfaces.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          volumeMounts:\n            - name: sock\n              mountPath: /var/run/docker.sock\n      volumes:\n        - name: sock\n          hostPath:\n            path: /var/run/docker.sock",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          volumeMounts:\n            - name: cache\n              mountPath: /cache\n      volumes:\n        - name: cache\n          emptyDir: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
    spans: ["/var/run/docker.sock"],
}

const SENSITIVE: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/var/lib/kubelet",
    "/root",
    "/var/run",
    "/run",
];

/// The volume names some container of the pod mounts (`volumeMounts`, `volumeDevices`), in its
/// containers, init containers and ephemeral containers.
fn mounted(pod: shipshape_yaml::NodeRef) -> Vec<String> {
    let mut names = Vec::new();
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        for c in pod.get(list).map(|c| c.items()).unwrap_or_default() {
            for key in ["volumeMounts", "volumeDevices"] {
                for m in c.get(key).map(|m| m.items()).unwrap_or_default() {
                    if let Some(n) = m.get("name").and_then(|n| n.as_str()) {
                        names.push(n.to_owned());
                    }
                }
            }
        }
    }
    names
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        if super::csi_driver(pod) {
            continue;
        }
        let mounted = mounted(pod);
        for v in pod.get("volumes").map(|v| v.items()).unwrap_or_default() {
            let Some(path) = v.get("hostPath").and_then(|h| h.get("path")) else {
                continue;
            };
            // A volume no container mounts gives nobody the node's files (Kyverno's test pods).
            if v.get("name")
                .and_then(|n| n.as_str())
                .is_some_and(|n| !mounted.iter().any(|m| m == n))
            {
                continue;
            }
            let p = path.as_str().unwrap_or_default().trim_end_matches('/');
            let p = if p.is_empty() { "/" } else { p };
            // A device (`/dev/kvm` with `type: CharDevice` for dockur's QEMU) exposes no files and
            // has no volume to stand in for it: its risk is the device access privileged mode
            // grants (K8S001), and "use a PersistentVolumeClaim" was judged wrong, the
            // thirty-fourth sample.
            let kind = v.get("hostPath").and_then(|h| h.get("type")).and_then(|t| t.as_str()).unwrap_or("");
            if matches!(kind, "CharDevice" | "BlockDevice") || (p.starts_with("/dev/") && kind.is_empty()) {
                continue;
            }
            let mut d = Diagnostic::new(meta(), path.span(), format!("{} `{}` mounts `{p}` from the node", o.kind, o.name()))
                .help("use a PersistentVolumeClaim, ConfigMap or emptyDir");
            if !SENSITIVE.contains(&p) {
                d = d.confidence(shipshape_core::Confidence::Medium);
            }
            let severity = super::node_agent_severity(o.kind, pod, d.severity);
            out.push(d.severity(severity));
        }
    }
}
