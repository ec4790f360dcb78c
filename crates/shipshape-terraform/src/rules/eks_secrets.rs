use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF037", name: "cluster-secrets-encryption", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_AWS_58"], options: [],
    summary: "Kubernetes Secrets are not envelope-encrypted with a KMS key",
    what: "Flags `aws_eks_cluster` without an `encryption_config` for `secrets`.",
    why: "Envelope encryption with your own KMS key lets you audit and revoke access to Secrets independently of the control plane's storage.",
    example: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = aws_iam_role.eks.arn\n\n  vpc_config {\n    subnet_ids              = var.private_subnets\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}",
    instead: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = aws_iam_role.eks.arn\n\n  encryption_config {\n    resources = [\"secrets\"]\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n\n  vpc_config {\n    subnet_ids              = var.private_subnets\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}",
    fix_safety: "No automatic fix: it needs a KMS key.",
    refs: "- https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
    spans: ["\"aws_eks_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_eks_cluster"]) {
        let configs = crate::model::nested(r.body(), "encryption_config");
        let covered = configs.iter().any(|c| match cx.value(c, "resources") {
            Some(v) => v.strings().is_none_or(|s| s.contains(&"secrets")),
            None => false,
        });
        if !covered {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` does not encrypt Secrets with a KMS key", r.address()),
                )
                .help("add `encryption_config { resources = [\"secrets\"] … }`"),
            );
        }
    }
}
