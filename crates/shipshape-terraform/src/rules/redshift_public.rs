use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF040", name: "warehouse-publicly-accessible", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_87"], options: [],
    summary: "A Redshift cluster is reachable from the internet",
    what: "Flags `aws_redshift_cluster` with `publicly_accessible = true`.",
    why: "The warehouse holds the organisation's data; a public endpoint leaves its login as the only barrier.",
    example: "resource \"aws_redshift_cluster\" \"dwh\" {\n  cluster_identifier  = \"dwh\"\n  node_type           = \"ra3.xlplus\"\n  publicly_accessible = true\n}",
    instead: "resource \"aws_redshift_cluster\" \"dwh\" {\n  cluster_identifier  = \"dwh\"\n  node_type           = \"ra3.xlplus\"\n  publicly_accessible = false\n}",
    fix_safety: "No automatic fix: clients outside the VPC lose access.",
    refs: "- https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
    spans: ["true"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_redshift_cluster"]) {
        if let Some(span) = cx.bool_not(r.body(), "publicly_accessible", false, false, r.label_span()) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` has a public endpoint", r.address())).help("set `publicly_accessible = false`"),
            );
        }
    }
}
