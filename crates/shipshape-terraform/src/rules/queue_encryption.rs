use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF021", name: "unencrypted-messaging", severity: Warning, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_26", "checkov:CKV_AWS_27"], options: [],
    summary: "An SNS topic or SQS queue is not encrypted",
    what: "Flags `aws_sns_topic` without `kms_master_key_id`, and `aws_sqs_queue` with neither `kms_master_key_id` nor `sqs_managed_sse_enabled = true`.",
    why: "Messages often carry personal data and tokens; unencrypted topics and queues fail most compliance frameworks and expose messages to anyone with storage-level access.",
    example: "resource \"aws_sns_topic\" \"events\" {\n  name = \"events\"\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = false\n}",
    instead: "resource \"aws_sns_topic\" \"events\" {\n  name              = \"events\"\n  kms_master_key_id = \"alias/aws/sns\"\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = true\n}",
    fix_safety: "No automatic fix: publishers need `kms:GenerateDataKey` on a customer-managed key.",
    refs: "- https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html\n- https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    spans: ["\"aws_sns_topic\"", "\"aws_sqs_queue\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_sns_topic"]) {
        if !r.body().has_attribute("kms_master_key_id") {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` is not encrypted", r.address())).help("set `kms_master_key_id`"),
            );
        }
    }
    for r in cx.resources(&["aws_sqs_queue"]) {
        let b = r.body();
        // SQS-managed encryption is the default for new queues since 2022; only an explicit `false` turns it off.
        if !b.has_attribute("kms_master_key_id") && cx.value(b, "sqs_managed_sse_enabled").and_then(|v| v.as_bool()) == Some(false) {
            out.push(
                Diagnostic::new(meta(), r.label_span(), format!("`{}` is not encrypted", r.address()))
                    .help("set `sqs_managed_sse_enabled = true` or a `kms_master_key_id`"),
            );
        }
    }
}
