use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF041", name: "unencrypted-search-domain", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_5"], options: [],
    summary: "An OpenSearch domain is not encrypted at rest",
    what: "Flags `aws_opensearch_domain` and `aws_elasticsearch_domain` without `encrypt_at_rest { enabled = true }`.",
    why: "Search indexes copy the application's data, often including personal data; encryption at rest can only be chosen at creation.",
    example: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.17\"\n}",
    instead: "resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name    = \"logs\"\n  engine_version = \"OpenSearch_2.17\"\n\n  encrypt_at_rest {\n    enabled = true\n  }\n}",
    fix_safety: "No automatic fix: the change replaces the domain.",
    refs: "- https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
    spans: ["\"aws_opensearch_domain\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_opensearch_domain", "aws_elasticsearch_domain"]) {
        let cfg = crate::model::nested(r.body(), "encrypt_at_rest");
        let off = match cfg.first() {
            None => Some(r.label_span()),
            Some(b) => cx.bool_not(b, "enabled", true, false, r.label_span()),
        };
        if let Some(span) = off {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` is not encrypted at rest", r.address()))
                    .help("add `encrypt_at_rest { enabled = true }`"),
            );
        }
    }
}
