use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF032", name: "database-backups-off", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["checkov:CKV_AWS_133"], options: [],
    summary: "Automated database backups are turned off",
    what: "Flags `aws_db_instance` and `aws_rds_cluster` with `backup_retention_period = 0`.",
    why: "With no automated backups there is no point-in-time recovery: a bad migration or a dropped table is permanent.",
    example: "resource \"aws_db_instance\" \"main\" {\n  engine                  = \"postgres\"\n  instance_class          = \"db.t4g.micro\"\n  backup_retention_period = 0\n}",
    instead: "resource \"aws_db_instance\" \"main\" {\n  engine                  = \"postgres\"\n  instance_class          = \"db.t4g.micro\"\n  backup_retention_period = 14\n}",
    fix_safety: "No automatic fix: choose the retention your recovery objectives need.",
    refs: "- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    spans: ["0"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_db_instance", "aws_rds_cluster"]) {
        let Some(a) = r.body().get_attribute("backup_retention_period") else {
            continue;
        };
        if cx.value(r.body(), "backup_retention_period").and_then(|v| v.as_f64()) == Some(0.0) {
            out.push(
                Diagnostic::new(
                    meta(),
                    crate::model::span_of(&a.value),
                    format!("`{}` keeps no automated backups", r.address()),
                )
                .help("set `backup_retention_period` to 7 days or more"),
            );
        }
    }
}
