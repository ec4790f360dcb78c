use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S056", name: "open-load-balancer", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A LoadBalancer Service accepts traffic from anywhere",
    what: "Flags `type: LoadBalancer` Services without `loadBalancerSourceRanges` (or with `0.0.0.0/0`).",
    why: "The cloud load balancer is public by default: admin panels, databases and internal APIs put behind one are on the internet.",
    example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: admin\nspec:\n  type: LoadBalancer\n  selector:\n    app: admin\n  ports:\n    - port: 443",
    instead: "apiVersion: v1\nkind: Service\nmetadata:\n  name: admin\nspec:\n  type: LoadBalancer\n  selector:\n    app: admin\n  ports:\n    - port: 443\n  loadBalancerSourceRanges:\n    - 10.0.0.0/8",
    fix_safety: "No automatic fix: only you know who should reach it.",
    refs: "- https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restrict-access-for-loadbalancer-service",
    spans: ["LoadBalancer"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Service"]) {
        let Some(spec) = o.node.get("spec") else { continue };
        let Some(t) = spec.get("type").filter(|t| t.as_str() == Some("LoadBalancer")) else {
            continue;
        };
        let ranges: Vec<&str> = spec
            .get("loadBalancerSourceRanges")
            .map(|r| r.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        if ranges.is_empty() || ranges.iter().any(|r| *r == "0.0.0.0/0" || *r == "::/0") {
            out.push(
                Diagnostic::new(meta(), t.span(), format!("Service `{}` is reachable from any address", o.name()))
                    .help("set `loadBalancerSourceRanges`, or use an internal load balancer"),
            );
        }
    }
}
