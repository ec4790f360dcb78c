use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S054", name: "apparmor-unconfined", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "AppArmor or SELinux confinement is turned off",
    what: "Flags `appArmorProfile.type: Unconfined` (pod or container), the legacy `container.apparmor.security.beta.kubernetes.io/*: unconfined` annotation, and SELinux `type: spc_t`.",
    why: "These profiles stop a compromised process from touching the node's files and devices; turning them off removes that layer for nothing.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            appArmorProfile:\n              type: Unconfined",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          securityContext:\n            appArmorProfile:\n              type: RuntimeDefault",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/tutorials/security/apparmor/",
    spans: ["Unconfined"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let mut contexts: Vec<_> = pod.get("securityContext").into_iter().collect();
        contexts.extend(
            crate::model::containers(pod)
                .into_iter()
                .filter_map(|c| c.node.get("securityContext")),
        );
        for sc in contexts {
            if let Some(t) = sc.get("appArmorProfile").and_then(|a| a.get("type"))
                && t.as_str() == Some("Unconfined")
            {
                out.push(
                    Diagnostic::new(meta(), t.span(), format!("{} `{}` runs without AppArmor", o.kind, o.name()))
                        .help("use `RuntimeDefault`"),
                );
            }
            if let Some(t) = sc.get("seLinuxOptions").and_then(|s| s.get("type"))
                && t.as_str() == Some("spc_t")
            {
                out.push(Diagnostic::new(
                    meta(),
                    t.span(),
                    format!("{} `{}` runs as the unconfined SELinux type spc_t", o.kind, o.name()),
                ));
            }
        }
        for (k, v) in o
            .pod_metadata()
            .and_then(|m| m.get("annotations"))
            .map(|a| a.entries())
            .unwrap_or_default()
        {
            if k.as_str()
                .is_some_and(|k| k.starts_with("container.apparmor.security.beta.kubernetes.io/"))
                && v.as_str() == Some("unconfined")
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        v.span(),
                        format!("{} `{}` runs a container without AppArmor", o.kind, o.name()),
                    )
                    .help("use `runtime/default`"),
                );
            }
        }
    }
}
