use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF025", name: "gcp-kms-rotation", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_43"], options: [],
    summary: "A Cloud KMS key is rotated rarely or never",
    what: "Flags `google_kms_crypto_key` without a `rotation_period`, or with one longer than 90 days.",
    why: "Rotation limits how much data one key version protects; CIS GCP 1.10 asks for at most 90 days.",
    example: "resource \"google_kms_crypto_key\" \"data\" {\n  name     = \"data\"\n  key_ring = google_kms_key_ring.main.id\n}",
    instead: "resource \"google_kms_crypto_key\" \"data\" {\n  name            = \"data\"\n  key_ring        = google_kms_key_ring.main.id\n  rotation_period = \"7776000s\"\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://cloud.google.com/kms/docs/key-rotation",
    spans: ["\"google_kms_crypto_key\""],
}

const NINETY_DAYS: f64 = 90.0 * 86400.0;

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_kms_crypto_key"]) {
        let b = r.body();
        let purpose = cx.value(b, "purpose").and_then(|v| v.as_str().map(str::to_owned));
        if purpose.is_some_and(|p| p != "ENCRYPT_DECRYPT") {
            continue; // only symmetric keys rotate automatically
        }
        let why = match cx.value(b, "rotation_period") {
            None => "is never rotated".to_owned(),
            Some(v) => match v.as_str().and_then(|s| s.strip_suffix('s')).and_then(|s| s.parse::<f64>().ok()) {
                Some(secs) if secs > NINETY_DAYS => format!("is rotated every {:.0} days", secs / 86400.0),
                _ => continue,
            },
        };
        out.push(
            Diagnostic::new(meta(), r.label_span(), format!("`{}` {why}", r.address()))
                .help("set `rotation_period = \"7776000s\"` (90 days) or less"),
        );
    }
}
