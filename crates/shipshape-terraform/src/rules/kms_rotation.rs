use crate::model::{Value, insert_attr, span_of};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "TF002", name: "kms-key-rotation", severity: Warning, category: Security, default: true, fix: Safe,
    peers: ["checkov:CKV_AWS_7"], options: [],
    summary: "A KMS key is never rotated",
    what: "Flags `aws_kms_key` resources for symmetric encryption keys without `enable_key_rotation = true`. The fix sets it.",
    why: "Yearly rotation limits how much data one key version protects and is required by CIS, PCI DSS and most audits; AWS keeps old versions, so decryption keeps working.",
    example: "resource \"aws_kms_key\" \"data\" {\n  description = \"application data\"\n}",
    instead: "resource \"aws_kms_key\" \"data\" {\n  description = \"application data\"\n  enable_key_rotation = true\n}",
    fix_safety: "Safe: rotation keeps every earlier key version for decryption; nothing that uses the key changes.",
    refs: "- https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    spans: ["\"aws_kms_key\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_kms_key"]) {
        let b = r.body();
        let spec = cx.value(b, "customer_master_key_spec").or_else(|| cx.value(b, "key_spec"));
        if spec.is_some_and(|s| s.as_str() != Some("SYMMETRIC_DEFAULT")) {
            continue; // asymmetric and HMAC keys cannot be rotated automatically
        }
        let (span, fix) = match b.get_attribute("enable_key_rotation") {
            Some(a) => match crate::model::literal(&a.value, cx.scope()) {
                Value::Bool(true) => continue,
                Value::Bool(false) => (span_of(&a.value), Some(Edit::replace(span_of(&a.value), "true"))),
                _ => continue,
            },
            None => (r.label_span(), insert_attr(cx.src, r.block, "enable_key_rotation", "true")),
        };
        out.push(
            Diagnostic::new(meta(), span, format!("`{}` is never rotated", r.address()))
                .help("set `enable_key_rotation = true`")
                .maybe_fix(fix.map(|e| Fix::safe("enable yearly key rotation", vec![e]))),
        );
    }
}
