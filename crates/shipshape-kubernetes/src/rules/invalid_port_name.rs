use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "K8S066", name: "invalid-port-name", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["kube-linter:invalid-target-ports"], options: [],
    summary: "A port name Kubernetes rejects, or a Service `targetPort` no pod declares",
    what: "Flags container port names and Service `targetPort` names that are not valid port names (at most 15 lowercase letters, digits and single hyphens, with a letter, not starting or ending with a hyphen), and named `targetPort`s that no container of the pods the Service selects (in the same directory) declares.",
    why: "The API server rejects an invalid port name; a `targetPort` that names no container port leaves the Service without endpoints, and traffic fails with no error anywhere.",
    example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      ports:\n        - name: http-metrics-endpoint\n          containerPort: 9090",
    instead: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n      ports:\n        - name: metrics\n          containerPort: 9090",
    fix_safety: "No automatic fix: Services may refer to the name.",
    refs: "- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
    spans: ["http-metrics-endpoint"],
}

/// Whether `s` is an IANA service name, as Kubernetes validates port names.
pub fn valid_port_name(s: &str) -> bool {
    (1..=15).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_lowercase())
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        for n in c
            .node
            .get("ports")
            .map(|p| p.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.get("name"))
        {
            if let Some(s) = n.as_str()
                && !s.contains('$')
                && !valid_port_name(s)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        n.span(),
                        format!("port name `{s}` of container `{}` ({} `{}`) is invalid", c.name(), o.kind, o.name()),
                    )
                    .help("use at most 15 lowercase letters, digits and single hyphens, with at least one letter"),
                );
            }
        }
    }
    let project = cx.project();
    let index = super::labels::Pods::of(&project.objects);
    for o in cx.of_kind(&["Service"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let selector: Vec<(String, String)> = spec.get("selector").map(model::owned_selector).unwrap_or_default();
        // The pods this Service selects, found once for all its ports.
        let pods: Vec<&model::Summary> = index.selected(&selector).collect();
        for tp in spec
            .get("ports")
            .map(|p| p.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.get("targetPort"))
        {
            let Some(s) = tp.as_str().filter(|s| s.parse::<u32>().is_err() && !s.contains('$')) else {
                continue;
            };
            if !valid_port_name(s) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        tp.span(),
                        format!("Service `{}` targets the invalid port name `{s}`", o.name()),
                    )
                    .help("use at most 15 lowercase letters, digits and single hyphens, with at least one letter"),
                );
                continue;
            }
            if selector.is_empty() {
                continue;
            }
            if project.complete && !pods.is_empty() && !pods.iter().any(|w| w.port_names.iter().any(|n| n == s)) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        tp.span(),
                        format!("Service `{}` targets port `{s}`, which no pod it selects declares", o.name()),
                    )
                    .confidence(Confidence::Medium)
                    .severity(shipshape_core::Severity::Warning)
                    .help("name the container port, or target it by number"),
                );
            }
        }
    }
}
