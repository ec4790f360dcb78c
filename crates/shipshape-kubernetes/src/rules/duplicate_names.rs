use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S044", name: "duplicate-names", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:duplicate-env-var"], options: [],
    summary: "Two containers, ports or env vars share a name",
    what: "Flags duplicate container names in a pod and duplicate port names in a container (errors: the API server rejects them), and duplicate env var names in a container (a warning: the API server accepts them and the last one wins).",
    why: "The API server rejects duplicate container and port names; for env vars the last one silently wins.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: MODE\n              value: fast\n            - name: MODE\n              value: safe",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          env:\n            - name: MODE\n              value: safe",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container",
    spans: ["MODE"],
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
        let mut env = Vec::new();
        for c in model::containers(pod) {
            dupes(c.node.get("ports").map(|p| p.items()).unwrap_or_default(), &mut found);
            dupes(c.node.get("env").map(|p| p.items()).unwrap_or_default(), &mut env);
        }
        for (name, node) in found {
            out.push(Diagnostic::new(
                meta(),
                node.span(),
                format!("`{name}` is defined twice in {} `{}`", o.kind, o.name()),
            ));
        }
        // The API server accepts a repeated env var (with a warning) and the last one wins: a
        // mistake to fix, not a manifest that fails.
        // One finding per name, at its first repeat, with how many times it is set (knative's
        // `manager.yaml` sets `LOG-LEVEL` seven times: "twice" was wrong).
        let mut reported: Vec<&str> = Vec::new();
        for (name, node) in &env {
            if reported.contains(&name.as_str()) {
                continue;
            }
            reported.push(name);
            let times = env.iter().filter(|(n, _)| n == name).count() + 1;
            let how_often = if times == 2 { "twice".to_owned() } else { format!("{times} times") };
            out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    format!(
                        "env var `{name}` is set {how_often} in {} `{}`: the last one wins",
                        o.kind,
                        o.name()
                    ),
                )
                .severity(shipshape_core::Severity::Warning),
            );
        }
    }
}
