use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF022", name: "gcs-bucket-access", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_GCP_29", "checkov:CKV_GCP_114"], options: [],
    summary: "A Cloud Storage bucket can be made public by an object ACL",
    what: "Flags `google_storage_bucket` without `uniform_bucket_level_access = true` or without `public_access_prevention = \"enforced\"`.",
    why: "With fine-grained ACLs any object can be shared with `allUsers` on its own, invisibly to a bucket-level review; public access prevention stops every such grant.",
    example: "resource \"google_storage_bucket\" \"assets\" {\n  name     = \"acme-assets\"\n  location = \"EU\"\n}",
    instead: "resource \"google_storage_bucket\" \"assets\" {\n  name                        = \"acme-assets\"\n  location                    = \"EU\"\n  uniform_bucket_level_access = true\n  public_access_prevention    = \"enforced\"\n}",
    fix_safety: "No automatic fix: objects shared through ACLs lose that access.",
    refs: "- https://cloud.google.com/storage/docs/public-access-prevention\n- https://cloud.google.com/storage/docs/uniform-bucket-level-access",
    spans: ["\"google_storage_bucket\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["google_storage_bucket"]) {
        let b = r.body();
        let mut missing = Vec::new();
        if b.get_attribute("uniform_bucket_level_access").is_none()
            || cx.value(b, "uniform_bucket_level_access").and_then(|v| v.as_bool()) == Some(false)
        {
            missing.push("uniform bucket-level access");
        }
        // Set from a module input (`var.public_access_prevention`), it is the caller's choice
        // (terraform-google-cloud-storage, judged wrong): only a missing attribute or a literal other
        // than `enforced` is reported.
        let prevention = crate::model::attr(b, "public_access_prevention");
        let from_input = prevention.is_some_and(|a| a.value.to_string().trim().starts_with("var."));
        match (
            prevention,
            cx.value(b, "public_access_prevention").map(|v| v.as_str().map(str::to_owned)),
        ) {
            (None, _) => missing.push("public access prevention"),
            (Some(_), Some(Some(p))) if p != "enforced" && !from_input => missing.push("public access prevention"),
            _ => {}
        }
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` has no {}", r.address(), missing.join(" and ")),
                )
                .help("set `uniform_bucket_level_access = true` and `public_access_prevention = \"enforced\"`"),
            );
        }
    }
}
