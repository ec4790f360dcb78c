use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S003", name: "privileged-container", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_16", "kube-linter:privileged-container", "polaris:privilegeEscalationAllowed"], options: [],
    summary: "A container runs privileged",
    what: "Flags containers with `securityContext.privileged: true`. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md). On a DaemonSet (a node agent), in a CSI driver (a pod running a CSI sidecar) or in a node inspector (`hostPID` with only read-only host mounts: a benchmark such as kube-bench), whose host access is its purpose, the finding is info, shown when the rule is named.",
    why: "A privileged container has every capability and all host devices: it is root on the node, and from there on every pod of the node.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            privileged: true",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            privileged: false",
    fix_safety: "No automatic fix: grant the specific capabilities the container needs.",
    refs: "- https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod, c) in cx.containers() {
        if let Some(p) = c.node.get("securityContext").and_then(|s| s.get("privileged"))
            && p.as_bool() == Some(true)
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    p.span(),
                    format!("container `{}` of {} `{}` runs privileged", c.name(), o.kind, o.name()),
                )
                .help("remove `privileged: true`; add only the capabilities it needs")
                .severity(super::node_agent_severity(o.kind, pod, meta().severity)),
            );
        }
    }
}
