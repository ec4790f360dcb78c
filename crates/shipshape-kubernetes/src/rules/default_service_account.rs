use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S020", name: "default-service-account", severity: Info, category: Security, default: false, fix: None,
    peers: ["kube-linter:default-service-account"], options: [],
    summary: "A workload uses the namespace's default service account",
    what: "Flags workloads with no `serviceAccountName` (or `default`).",
    why: "Permissions granted to `default` (by a careless RoleBinding, or by tools) then apply to every pod of the namespace; a dedicated account keeps grants per workload.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      serviceAccountName: web\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix: create the ServiceAccount first.",
    refs: "- https://kubernetes.io/docs/concepts/security/service-accounts/",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let sa = pod
            .get("serviceAccountName")
            .or_else(|| pod.get("serviceAccount"))
            .and_then(|s| s.as_str());
        if sa.is_none_or(|s| s == "default") {
            out.push(
                Diagnostic::new(
                    meta(),
                    o.kind_span(),
                    format!("{} `{}` runs as the `default` service account", o.kind, o.name()),
                )
                .help("create a ServiceAccount for it and set `serviceAccountName`"),
            );
        }
    }
}
