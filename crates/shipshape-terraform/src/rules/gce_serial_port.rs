use crate::model::Value;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF024", name: "serial-port-access", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_35"], options: [],
    summary: "A VM's interactive serial console is enabled",
    what: "Flags `google_compute_instance` and `google_compute_instance_template` whose `metadata` sets `serial-port-enable` to true.",
    why: "The serial console accepts logins from any address that has the project's SSH keys, bypassing firewall rules and network-level controls.",
    example: "resource \"google_compute_instance\" \"web\" {\n  name         = \"web\"\n  machine_type = \"e2-small\"\n  zone         = \"europe-west1-b\"\n\n  metadata = {\n    serial-port-enable = true\n  }\n}",
    instead: "resource \"google_compute_instance\" \"web\" {\n  name         = \"web\"\n  machine_type = \"e2-small\"\n  zone         = \"europe-west1-b\"\n\n  metadata = {\n    serial-port-enable = false\n  }\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console",
    spans: ["metadata"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_compute_instance", "google_compute_instance_template"]) {
        let Some(md) = cx.value(r.body(), "metadata") else { continue };
        let on = md
            .get("serial-port-enable")
            .is_some_and(|v| matches!(v, Value::Bool(true)) || v.as_str().is_some_and(|s| s == "true" || s == "TRUE" || s == "1"));
        if on {
            let span = r
                .body()
                .get_attribute("metadata")
                .map_or_else(|| r.label_span(), |a| crate::model::span_of(&a.key));
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` enables the interactive serial console", r.address()))
                    .help("remove `serial-port-enable`, or set it to false"),
            );
        }
    }
}
