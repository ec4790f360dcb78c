use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF035", name: "cache-without-tls", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_30"], options: [],
    summary: "An ElastiCache replication group talks plain text",
    what: "Flags `aws_elasticache_replication_group` without `transit_encryption_enabled = true`.",
    why: "Cached sessions and tokens cross the VPC unencrypted, and Redis AUTH needs TLS to be meaningful.",
    example: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id = \"sessions\"\n  description          = \"session store\"\n  engine               = \"redis\"\n  node_type            = \"cache.t4g.micro\"\n}",
    instead: "resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id       = \"sessions\"\n  description                = \"session store\"\n  engine                     = \"redis\"\n  node_type                  = \"cache.t4g.micro\"\n  transit_encryption_enabled = true\n}",
    fix_safety: "No automatic fix: clients must connect with TLS.",
    refs: "- https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    spans: ["\"aws_elasticache_replication_group\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_elasticache_replication_group"]) {
        if let Some(span) = cx.bool_not(r.body(), "transit_encryption_enabled", true, false, r.label_span()) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` does not encrypt traffic", r.address()))
                    .help("set `transit_encryption_enabled = true`"),
            );
        }
    }
}
