use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF049", name: "cloudtrail-kms", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_35"], options: [],
    summary: "CloudTrail logs are not encrypted with a customer-managed key",
    what: "Flags `aws_cloudtrail` without `kms_key_id`.",
    why: "With your own KMS key, reading the audit trail needs a separately granted and logged permission; S3-managed keys let anyone who can read the bucket read the trail. CIS AWS 3.5.",
    example: "resource \"aws_cloudtrail\" \"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = aws_s3_bucket.trail.id\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n}",
    instead: "resource \"aws_cloudtrail\" \"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = aws_s3_bucket.trail.id\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n  kms_key_id                 = aws_kms_key.trail.arn\n}",
    fix_safety: "No automatic fix: it needs a KMS key whose policy admits CloudTrail.",
    refs: "- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    spans: ["\"aws_cloudtrail\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_cloudtrail"]) {
        if !r.body().has_attribute("kms_key_id") {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` is not encrypted with your KMS key", r.address()),
                )
                .help("set `kms_key_id`"),
            );
        }
    }
}
