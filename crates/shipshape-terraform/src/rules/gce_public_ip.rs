use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF043", name: "gce-public-ip", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_40"], options: [],
    summary: "A Compute Engine VM gets an external IP",
    what: "Flags `google_compute_instance` and `google_compute_instance_template` whose `network_interface` has an `access_config` block (which assigns an external address).",
    why: "Every open port is then on the internet, and firewall rules become the only barrier; use Cloud NAT for egress and IAP or a load balancer for ingress.",
    example: "resource \"google_compute_instance\" \"web\" {\n  name         = \"web\"\n  machine_type = \"e2-small\"\n  zone         = \"europe-west1-b\"\n\n  network_interface {\n    network = \"default\"\n    access_config {}\n  }\n}",
    instead: "resource \"google_compute_instance\" \"web\" {\n  name         = \"web\"\n  machine_type = \"e2-small\"\n  zone         = \"europe-west1-b\"\n\n  network_interface {\n    network = \"default\"\n  }\n}",
    fix_safety: "No automatic fix: the VM becomes unreachable from the internet.",
    refs: "- https://cloud.google.com/compute/docs/ip-addresses#externaladdresses",
    spans: ["\"google_compute_instance\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_compute_instance", "google_compute_instance_template"]) {
        if crate::model::nested(r.body(), "network_interface")
            .iter()
            .any(|n| !crate::model::nested(n, "access_config").is_empty())
        {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` gets an external IP", r.address()))
                    .help("remove `access_config`; use Cloud NAT and IAP"),
            );
        }
    }
}
