use crate::model::{Value, nested, span_of};
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF023", name: "cloudsql-open-to-world", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_11"], options: [],
    summary: "A Cloud SQL instance accepts connections from anywhere",
    what: "Flags `google_sql_database_instance` whose `settings.ip_configuration` has an `authorized_networks` entry of `0.0.0.0/0`.",
    why: "The database's public address accepts every source: its password is then the only defence against the internet's scanners.",
    example: "resource \"google_sql_database_instance\" \"main\" {\n  database_version = \"POSTGRES_17\"\n  region           = \"europe-west1\"\n\n  settings {\n    tier = \"db-custom-2-7680\"\n\n    ip_configuration {\n      ipv4_enabled = true\n\n      authorized_networks {\n        name  = \"anywhere\"\n        value = \"0.0.0.0/0\"\n      }\n    }\n  }\n}",
    instead: "resource \"google_sql_database_instance\" \"main\" {\n  database_version = \"POSTGRES_17\"\n  region           = \"europe-west1\"\n\n  settings {\n    tier = \"db-custom-2-7680\"\n\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.main.id\n    }\n  }\n}",
    fix_safety: "No automatic fix: clients outside the VPC lose access; use the Cloud SQL Auth Proxy.",
    refs: "- https://cloud.google.com/sql/docs/postgres/configure-ip",
    spans: ["\"0.0.0.0/0\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_sql_database_instance"]) {
        for s in nested(r.body(), "settings") {
            for ip in nested(s, "ip_configuration") {
                for net in nested(ip, "authorized_networks") {
                    if let Some(a) = net.get_attribute("value")
                        && cx.value(net, "value") == Some(Value::Str("0.0.0.0/0".into()))
                    {
                        out.push(
                            Diagnostic::new(
                                meta(),
                                span_of(&a.value),
                                format!("`{}` accepts connections from anywhere", r.address()),
                            )
                            .help("use private IP and the Cloud SQL Auth Proxy, or list known networks"),
                        );
                    }
                }
            }
        }
    }
}
