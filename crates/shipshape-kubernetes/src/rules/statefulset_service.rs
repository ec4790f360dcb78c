use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "K8S070", name: "statefulset-service", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["kube-score:statefulset-has-servicename"], options: [],
    summary: "A StatefulSet's governing Service is not headless",
    what: "Flags a StatefulSet whose `serviceName` is a Service of the same directory that is not headless (`clusterIP: None`). A StatefulSet without `serviceName` is left alone: not every one needs per-pod DNS names.",
    why: "The governing Service gives each replica its stable DNS name (`db-0.db`); without a headless one, peers cannot address each other and clustered databases fail to form.",
    example: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:17\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector:\n    app: db\n  ports:\n    - port: 5432",
    instead: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:17\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - port: 5432",
    fix_safety: "No automatic fix: `clusterIP` cannot be changed on an existing Service.",
    refs: "- https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id",
    spans: ["db"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let project = cx.project();
    // The first Service of each name.
    let mut services = std::collections::HashMap::new();
    for s in project.objects.iter().filter(|s| s.kind == "Service") {
        services.entry(s.name.as_str()).or_insert(s);
    }
    for o in cx.of_kind(&["StatefulSet"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let Some(sn) = spec.get("serviceName") else { continue };
        let Some(name) = sn.as_str() else { continue };
        if let Some(svc) = services.get(name)
            && !svc.headless
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    sn.span(),
                    format!("StatefulSet `{}` is governed by Service `{name}`, which is not headless", o.name()),
                )
                .confidence(Confidence::Medium)
                .help("set `clusterIP: None` on the governing Service (a second Service can serve clients)"),
            );
        }
    }
}
