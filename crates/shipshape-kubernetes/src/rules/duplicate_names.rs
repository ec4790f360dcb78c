use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S044", name: "duplicate-names", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:duplicate-env-var"], options: [],
    summary: "Two containers, ports or env vars share a name",
    what: "Flags duplicate container names in a pod, duplicate port names in a container, and duplicate env var names in a container.",
    why: "The API server rejects duplicate container and port names; for env vars the last one silently wins.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: MODE\n              value: fast\n            - name: MODE\n              value: safe",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: MODE\n              value: safe",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container",
}

fn dupes<'a>(items: Vec<shipshape_yaml::NodeRef<'a>>, out: &mut Vec<(String, shipshape_yaml::NodeRef<'a>)>) {
    let mut seen = Vec::new();
    for i in items {
        let Some(n) = i.get("name") else { continue };
        let Some(name) = n.as_str() else { continue };
        if seen.contains(&name) {
            out.push((name.to_owned(), n));
        } else {
            seen.push(name);
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, pod) in cx.workloads() {
        let mut found = Vec::new();
        let mut all = pod.get("containers").map(|c| c.items()).unwrap_or_default();
        all.extend(pod.get("initContainers").map(|c| c.items()).unwrap_or_default());
        dupes(all, &mut found);
        for c in model::containers(pod) {
            dupes(c.node.get("ports").map(|p| p.items()).unwrap_or_default(), &mut found);
            dupes(c.node.get("env").map(|p| p.items()).unwrap_or_default(), &mut found);
        }
        for (name, node) in found {
            out.push(Diagnostic::new(
                meta(),
                node.span(),
                format!("`{name}` is defined twice in {} `{}`", o.kind, o.name()),
            ));
        }
    }
}
