use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF034", name: "dynamodb-point-in-time-recovery", severity: Warning, category: Reliability, default: false, fix: None,
    peers: ["checkov:CKV_AWS_28"], options: [],
    summary: "A DynamoDB table cannot be restored to a point in time",
    what: "Flags `aws_dynamodb_table` without `point_in_time_recovery { enabled = true }`.",
    why: "Without continuous backups an accidental overwrite or delete of items cannot be undone.",
    example: "resource \"aws_dynamodb_table\" \"orders\" {\n  name         = \"orders\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n}",
    instead: "resource \"aws_dynamodb_table\" \"orders\" {\n  name         = \"orders\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  hash_key     = \"id\"\n\n  attribute {\n    name = \"id\"\n    type = \"S\"\n  }\n\n  point_in_time_recovery {\n    enabled = true\n  }\n}",
    fix_safety: "No automatic fix: continuous backups are billed.",
    refs: "- https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
    spans: ["\"aws_dynamodb_table\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_dynamodb_table"]) {
        let pitr = crate::model::nested(r.body(), "point_in_time_recovery");
        let off = match pitr.first() {
            None => Some(r.label_span()),
            Some(b) => cx.bool_not(b, "enabled", true, false, r.label_span()),
        };
        if let Some(span) = off {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` has no point-in-time recovery", r.address()))
                    .help("add `point_in_time_recovery { enabled = true }`"),
            );
        }
    }
}
