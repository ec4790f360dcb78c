use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF016", name: "cloudtrail-coverage", severity: Warning, category: Security, default: true, fix: Safe,
    peers: ["checkov:CKV_AWS_36", "checkov:CKV_AWS_67"], options: [],
    summary: "A CloudTrail trail misses regions or can be tampered with unnoticed",
    what: "Flags `aws_cloudtrail` without `is_multi_region_trail = true` or without `enable_log_file_validation = true`. The fix adds the missing settings.",
    why: "An attacker works in a region you do not log; without digest validation, deleted or edited log files go unnoticed. CIS AWS 3.1 and 3.2.",
    example: "resource \"aws_cloudtrail\" \"main\" {\n  name           = \"main\"\n  s3_bucket_name = aws_s3_bucket.trail.id\n}",
    instead: "resource \"aws_cloudtrail\" \"main\" {\n  name           = \"main\"\n  s3_bucket_name = aws_s3_bucket.trail.id\n  is_multi_region_trail = true\n  enable_log_file_validation = true\n}",
    fix_safety: "Safe: the trail records more and signs its files; nothing that reads it changes.",
    refs: "- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    spans: ["\"aws_cloudtrail\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_cloudtrail"]) {
        let b = r.body();
        let mut missing = Vec::new();
        let mut edits = Vec::new();
        for key in ["is_multi_region_trail", "enable_log_file_validation"] {
            match cx.value(b, key).and_then(|v| v.as_bool()) {
                Some(true) => {}
                Some(false) => missing.push(key),
                None if b.has_attribute(key) => {}
                None => {
                    missing.push(key);
                    edits.extend(crate::model::insert_attr(cx.src, r.block, key, "true"));
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        let fix = (edits.len() == missing.len()).then(|| {
            let text: String = edits.iter().map(|e| e.replacement.as_str()).collect();
            shipshape_core::Fix::safe(
                "log every region and validate log files",
                vec![shipshape_core::Edit::insert(edits[0].span.start, text)],
            )
        });
        out.push(
            Diagnostic::new(meta(), r.label_span(), format!("`{}` lacks {}", r.address(), missing.join(" and ")))
                .help("set `is_multi_region_trail = true` and `enable_log_file_validation = true`")
                .maybe_fix(fix),
        );
    }
}
