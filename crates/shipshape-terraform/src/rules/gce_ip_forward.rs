use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF044", name: "ip-forwarding", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_36"], options: [],
    summary: "A VM may forward packets for other addresses",
    what: "Flags `google_compute_instance` and `google_compute_instance_template` with `can_ip_forward = true`.",
    why: "IP forwarding lets a compromised VM route or spoof traffic for others; only NAT and VPN appliances need it.",
    example: "resource \"google_compute_instance\" \"web\" {\n  name           = \"web\"\n  machine_type   = \"e2-small\"\n  zone           = \"europe-west1-b\"\n  can_ip_forward = true\n}",
    instead: "resource \"google_compute_instance\" \"web\" {\n  name           = \"web\"\n  machine_type   = \"e2-small\"\n  zone           = \"europe-west1-b\"\n  can_ip_forward = false\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://cloud.google.com/vpc/docs/using-routes#canipforward",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_compute_instance", "google_compute_instance_template"]) {
        if let Some(span) = cx.bool_not(r.body(), "can_ip_forward", false, false, r.label_span()) {
            out.push(Diagnostic::new(meta(), span, format!("`{}` forwards packets", r.address())).help("set `can_ip_forward = false`"));
        }
    }
}
