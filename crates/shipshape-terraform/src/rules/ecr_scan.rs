use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF039", name: "registry-scan-on-push", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_163"], options: [],
    summary: "Images pushed to the registry are not scanned",
    what: "Flags `aws_ecr_repository` without `image_scanning_configuration { scan_on_push = true }`.",
    why: "Scanning on push reports known vulnerabilities in an image before it is deployed, at no cost for basic scanning.",
    example: "resource \"aws_ecr_repository\" \"app\" {\n  name                 = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n}",
    instead: "resource \"aws_ecr_repository\" \"app\" {\n  name                 = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n}",
    fix_safety: "No automatic fix (an account-level enhanced scanning configuration also covers it).",
    refs: "- https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
    spans: ["\"aws_ecr_repository\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_ecr_repository"]) {
        let cfg = crate::model::nested(r.body(), "image_scanning_configuration");
        let off = match cfg.first() {
            None => Some(r.label_span()),
            Some(b) => cx.bool_not(b, "scan_on_push", true, false, r.label_span()),
        };
        if let Some(span) = off {
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` does not scan images on push", r.address()))
                    .help("add `image_scanning_configuration { scan_on_push = true }`"),
            );
        }
    }
}
