use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF005", name: "database-publicly-accessible", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_17"], options: [],
    summary: "A managed database is reachable from the internet",
    what: "Flags `publicly_accessible = true` on `aws_db_instance` and `aws_rds_cluster_instance`.",
    why: "The database gets a public address: its login is then the only thing between the internet and the data, and database ports are scanned and brute-forced constantly.",
    example: "resource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  instance_class      = \"db.t4g.micro\"\n  publicly_accessible = true\n}",
    instead: "resource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  instance_class      = \"db.t4g.micro\"\n  publicly_accessible = false\n}",
    fix_safety: "No automatic fix: clients outside the VPC lose access.",
    refs: "- https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_db_instance", "aws_rds_cluster_instance"]) {
        let Some(a) = r.body().get_attribute("publicly_accessible") else {
            continue;
        };
        if cx.value(r.body(), "publicly_accessible").and_then(|v| v.as_bool()) == Some(true) {
            out.push(
                Diagnostic::new(meta(), span_of(&a.value), format!("`{}` has a public address", r.address()))
                    .help("keep databases in private subnets; reach them through the VPC"),
            );
        }
    }
}
