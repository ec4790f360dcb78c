use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S029", name: "nodeport-service", severity: Info, category: Security, default: false, fix: None,
    peers: ["kube-score:service-type"], options: [],
    summary: "A Service is exposed on every node's port",
    what: "Flags Services of `type: NodePort`.",
    why: "A NodePort opens the same port on every node's address, outside Ingress and load-balancer controls; it is rarely what production traffic should use.",
    example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80",
    instead: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
    spans: ["NodePort"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Service"]) {
        if let Some(t) = o.node.get("spec").and_then(|s| s.get("type"))
            && t.as_str() == Some("NodePort")
        {
            out.push(
                Diagnostic::new(meta(), t.span(), format!("Service `{}` opens a port on every node", o.name()))
                    .help("use ClusterIP behind an Ingress or a LoadBalancer"),
            );
        }
    }
}
