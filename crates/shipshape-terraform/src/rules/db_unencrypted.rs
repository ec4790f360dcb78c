use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF012", name: "unencrypted-database", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_16", "checkov:CKV_AWS_96"], options: [],
    summary: "A managed database stores its data unencrypted",
    what: "Flags `aws_db_instance` and `aws_rds_cluster` without `storage_encrypted = true` (Aurora Serverless v1 clusters, always encrypted, pass).",
    why: "Snapshots, backups and the underlying storage of an unencrypted database can be copied and read; encryption cannot be turned on later without a snapshot-and-restore migration.",
    example: "resource \"aws_db_instance\" \"main\" {\n  engine         = \"postgres\"\n  instance_class = \"db.t4g.micro\"\n}\n\nresource \"aws_rds_cluster\" \"main\" {\n  engine = \"aurora-postgresql\"\n}",
    instead: "resource \"aws_db_instance\" \"main\" {\n  engine            = \"postgres\"\n  instance_class    = \"db.t4g.micro\"\n  storage_encrypted = true\n}\n\nresource \"aws_rds_cluster\" \"main\" {\n  engine            = \"aurora-postgresql\"\n  storage_encrypted = true\n}",
    fix_safety: "No automatic fix: the change replaces the database.",
    refs: "- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    spans: ["\"aws_db_instance\"", "\"aws_rds_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_db_instance", "aws_rds_cluster"]) {
        let b = r.body();
        if cx.value(b, "engine_mode").and_then(|v| v.as_str().map(str::to_owned)).as_deref() == Some("serverless") {
            continue;
        }
        // A read replica inherits the source's encryption.
        if b.has_attribute("replicate_source_db") || b.has_attribute("snapshot_identifier") {
            continue;
        }
        let encrypted = cx.value(b, "storage_encrypted");
        if encrypted.as_ref().is_none_or(|v| v.as_bool() == Some(false)) {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` stores its data unencrypted", r.address()))
                    .help("set `storage_encrypted = true` (and a `kms_key_id` for a customer-managed key)"),
            );
        }
    }
}
