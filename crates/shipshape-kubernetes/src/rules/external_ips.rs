use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S047", name: "service-external-ips", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A Service sets `externalIPs`",
    what: "Flags Services with `spec.externalIPs`.",
    why: "Anyone who can create a Service with external IPs can intercept traffic to those addresses cluster-wide (CVE-2020-8554); clusters are advised to forbid the field.",
    example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n  externalIPs:\n    - 203.0.113.10",
    instead: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/kubernetes/kubernetes/issues/97076",
    spans: ["externalIPs"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Service"]) {
        if let Some((k, _)) = o.node.get("spec").and_then(|s| s.get_entry("externalIPs")) {
            out.push(
                Diagnostic::new(meta(), k.span(), format!("Service `{}` claims external IPs", o.name()))
                    .help("use a LoadBalancer or Ingress"),
            );
        }
    }
}
