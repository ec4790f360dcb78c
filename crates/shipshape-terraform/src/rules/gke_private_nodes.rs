use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF045", name: "gke-public-nodes", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_25"], options: [],
    summary: "GKE nodes get external IPs",
    what: "Flags `google_container_cluster` without `private_cluster_config { enable_private_nodes = true }`.",
    why: "Nodes with external addresses expose the kubelet and every NodePort to the internet, guarded by firewall rules alone.",
    example: "resource \"google_container_cluster\" \"main\" {\n  name     = \"main\"\n  location = \"europe-west1\"\n\n  master_authorized_networks_config {}\n}",
    instead: "resource \"google_container_cluster\" \"main\" {\n  name     = \"main\"\n  location = \"europe-west1\"\n\n  master_authorized_networks_config {}\n\n  private_cluster_config {\n    enable_private_nodes    = true\n    enable_private_endpoint = false\n    master_ipv4_cidr_block  = \"172.16.0.0/28\"\n  }\n}",
    fix_safety: "No automatic fix: the change recreates the cluster, and nodes need Cloud NAT for egress.",
    refs: "- https://cloud.google.com/kubernetes-engine/docs/concepts/private-cluster-concept",
    spans: ["\"google_container_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_container_cluster"]) {
        let cfg = crate::model::nested(r.body(), "private_cluster_config");
        let off = match cfg.first() {
            None => Some(r.label_span()),
            Some(b) => cx.bool_not(b, "enable_private_nodes", true, false, r.label_span()),
        };
        if let Some(span) = off {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` gives its nodes external IPs", r.address()))
                    .help("add `private_cluster_config { enable_private_nodes = true … }`"),
            );
        }
    }
}
