use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S051", name: "network-policy-allow-all", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A NetworkPolicy allows all traffic",
    what: "Flags NetworkPolicy ingress or egress rules with an empty rule (`- {}`), an empty `from`/`to` peer (`- {}`), or `ipBlock` `0.0.0.0/0` without `except`, unless the rule lists `ports:` (any source on named ports is a public endpoint, not all traffic).",
    why: "An allow-all rule turns the policy into documentation: every pod (or the whole internet) can reach the selected pods.",
    example: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n  ingress:\n    - {}",
    instead: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: frontend",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
    spans: ["{}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["NetworkPolicy"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        for (dir, peer_key) in [("ingress", "from"), ("egress", "to")] {
            for r in spec.get(dir).map(|r| r.items()).unwrap_or_default() {
                let empty_rule = r.is_map() && r.entries().is_empty();
                let peers = r.get(peer_key).map(|p| p.items()).unwrap_or_default();
                let open_peer = peers.iter().any(|p| {
                    (p.is_map() && p.entries().is_empty())
                        || p.get("ipBlock").is_some_and(|b| {
                            b.get("cidr")
                                .and_then(|c| c.as_str())
                                .is_some_and(|c| c == "0.0.0.0/0" || c == "::/0")
                                && b.get("except").is_none()
                        })
                });
                // Any peer on listed ports (`0.0.0.0/0` to 443: a public endpoint, egress to
                // external APIs) is not all traffic (k8s-gitops's openfaas policies, judged wrong,
                // the twenty-fifth sample).
                let ported = r.get("ports").is_some_and(|p| !p.items().is_empty());
                if empty_rule || (open_peer && !ported) {
                    out.push(
                        Diagnostic::new(meta(), r.span(), format!("NetworkPolicy `{}` allows all {dir} traffic", o.name()))
                            .help(format!("list the allowed `{peer_key}` peers")),
                    );
                }
            }
        }
    }
}
