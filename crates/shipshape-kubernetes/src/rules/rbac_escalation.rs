use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S033", name: "rbac-escalation", severity: Warning, category: Security, default: false, fix: None,
    peers: ["kube-linter:access-to-create-pods", "checkov:CKV_K8S_155", "checkov:CKV_K8S_156", "checkov:CKV_K8S_158", "polaris:clusterrolePodExecAttach", "polaris:rolePodExecAttach"], options: [],
    summary: "A Role can escalate its own privileges",
    what: "Flags rules granting `escalate`, `bind`, `impersonate` or `approve` (certificate signing requests); `create` on `pods`, `pods/exec`, `pods/attach`, `deployments` and other workloads (a wildcard resource counts only in an API group that holds them: `\"\"`, `apps`, `batch`, `extensions` or `*`; `resources: [\"*\"]` in a custom resource's group creates no pod); and write access to admission webhook configurations. A warning, not an error: controllers need some of these by design (Reloader re-creates Jobs, operators create Deployments), and an escalation path is dangerous only when someone other than the controller can act as the role's subjects. Opt-in: controllers and operators hold such grants by design (an admission controller registering its webhook, an operator creating Jobs), and 6 of 6 such findings in the ninth judged sample were not worth acting on; turn it on where humans or CI hold the roles.",
    why: "Creating pods runs any image with any service account of the namespace (and its Secrets); `bind`/`escalate` grant roles beyond one's own; `impersonate` acts as anyone; approving CSRs mints credentials for any identity; whoever controls an admission webhook sees and rewrites every object sent to the API server. Check that the role is bound only to the controller's own service account and that nothing else can use that account or its token.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind, escalate]\n  - apiGroups: [admissionregistration.k8s.io]\n    resources: [mutatingwebhookconfigurations]\n    verbs: [patch]\n  - apiGroups: [certificates.k8s.io]\n    resources: [signers]\n    verbs: [approve]\n  - apiGroups: [certificates.k8s.io]\n    resources: [certificatesigningrequests/approval]\n    verbs: [update]",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, list]",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks",
    spans: ["bind", "escalate", "patch", "approve"],
}

const WORKLOADS: &[&str] = &[
    "pods",
    "pods/exec",
    "pods/attach",
    "deployments",
    "daemonsets",
    "statefulsets",
    "replicasets",
    "jobs",
    "cronjobs",
];

/// The API groups that hold `WORKLOADS`: a wildcard resource grants them only in one of these
/// (`resources: ["*"]` in `apiGroups: [keda.sh]` is every KEDA resource, no pod).
const WORKLOAD_GROUPS: &[&str] = &["", "apps", "batch", "extensions", "*"];

/// Admission webhook configurations: write access intercepts every API request.
const WEBHOOKS: &[&str] = &["validatingwebhookconfigurations", "mutatingwebhookconfigurations"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.rbac(&["Role", "ClusterRole"]) {
        for r in o.node.get("rules").map(|r| r.items()).unwrap_or_default() {
            let verbs = r.get("verbs").map(|v| v.items()).unwrap_or_default();
            let resources: Vec<&str> = r
                .get("resources")
                .map(|v| v.items())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            let groups: Vec<&str> = r
                .get("apiGroups")
                .map(|v| v.items())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            let workloads = resources
                .iter()
                .any(|r| WORKLOADS.contains(r) || (*r == "*" && groups.iter().any(|g| WORKLOAD_GROUPS.contains(g))));
            for v in &verbs {
                let Some(verb) = v.as_str() else { continue };
                let writes = matches!(verb, "create" | "update" | "patch" | "delete" | "*");
                let bad = matches!(verb, "escalate" | "bind" | "impersonate" | "approve")
                    || (verb == "create" && workloads)
                    || (writes && resources.iter().any(|r| WEBHOOKS.contains(r)));
                if bad {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            v.span(),
                            format!("{} `{}` grants `{verb}`, a privilege-escalation path", o.kind, o.name()),
                        )
                        .help("remove it, or confine it to a dedicated, audited account"),
                    );
                }
            }
        }
    }
}
