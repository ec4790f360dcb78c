use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF036", name: "unencrypted-file-system", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_42"], options: [],
    summary: "An EFS file system is not encrypted",
    what: "Flags `aws_efs_file_system` without `encrypted = true`.",
    why: "Encryption at rest can only be chosen when the file system is created; required by every compliance framework.",
    example: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n}",
    instead: "resource \"aws_efs_file_system\" \"shared\" {\n  creation_token = \"shared\"\n  encrypted      = true\n}",
    fix_safety: "No automatic fix: the change replaces the file system.",
    refs: "- https://docs.aws.amazon.com/efs/latest/ug/encryption.html",
    spans: ["\"aws_efs_file_system\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_efs_file_system"]) {
        if let Some(span) = cx.bool_not(r.body(), "encrypted", true, false, r.label_span()) {
            out.push(Diagnostic::new(meta(), span, format!("`{}` is not encrypted", r.address())).help("set `encrypted = true`"));
        }
    }
}
