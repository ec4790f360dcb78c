use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic, Fix, Severity};
use shipshape_yaml::patch;

rule! {
    code: "K8S019", name: "automount-service-account-token", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: ["checkov:CKV_K8S_38", "polaris:automountServiceAccountToken"], options: [],
    summary: "The pod gets a Kubernetes API token it likely does not need",
    what: "Flags workloads whose pod spec does not set `automountServiceAccountToken: false`, as checkov's CKV_K8S_38 does. The fix adds it. An explicit `automountServiceAccountToken: true` is a deliberate choice: it is reported as info (low confidence), to review rather than to undo.",
    why: "Every pod gets its service account's token by default; an intruder in the pod can then talk to the API server with it. Most applications never call the API.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "Unsafe: a pod that does call the Kubernetes API (operators, controllers, some service meshes) loses its credentials.",
    refs: "- https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
    spans: ["Deployment"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let set = pod.get("automountServiceAccountToken");
        match set.and_then(|v| v.as_bool()) {
            Some(false) => continue,
            // Written down on purpose: what CKV_K8S_38 fails too, but a choice to review, not a slip.
            Some(true) => {
                let value = set.map_or(o.kind_span(), |v| v.span());
                out.push(
                    Diagnostic::new(
                        meta(),
                        value,
                        format!(
                            "{} `{}` sets `automountServiceAccountToken: true` explicitly: its pods get a Kubernetes API token",
                            o.kind,
                            o.name()
                        ),
                    )
                    .severity(Severity::Info)
                    .confidence(Confidence::Low)
                    .help("keep it only if the pods call the Kubernetes API, with a dedicated ServiceAccount granted the least it needs"),
                );
                continue;
            }
            None => {}
        }
        let fix = match set {
            None => patch::insert_entry(cx.src, pod, "automountServiceAccountToken", "false", Some("containers"))
                .map(|e| Fix::unsafe_("add `automountServiceAccountToken: false`", vec![e])),
            Some(_) => None,
        };
        out.push(
            Diagnostic::new(
                meta(),
                o.kind_span(),
                format!("{} `{}` mounts a Kubernetes API token", o.kind, o.name()),
            )
            .help("set `automountServiceAccountToken: false` unless it calls the API")
            .maybe_fix(fix),
        );
    }
}
