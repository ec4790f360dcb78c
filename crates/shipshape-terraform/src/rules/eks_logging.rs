use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF015", name: "cluster-audit-logging", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_37"], options: [],
    summary: "A Kubernetes control plane does not log its audit trail",
    what: "Flags `aws_eks_cluster` whose `enabled_cluster_log_types` does not include `audit` and `authenticator`.",
    why: "Without the audit log nobody can tell who read a Secret or created a privileged pod; incident response starts blind.",
    example: "resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = aws_iam_role.eks.arn\n\n  vpc_config {\n    subnet_ids = var.private_subnets\n  }\n}",
    instead: "resource \"aws_eks_cluster\" \"main\" {\n  name                      = \"main\"\n  role_arn                  = aws_iam_role.eks.arn\n  enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"]\n\n  vpc_config {\n    subnet_ids = var.private_subnets\n  }\n}",
    fix_safety: "No automatic fix: logs are billed by CloudWatch.",
    refs: "- https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
    spans: ["\"aws_eks_cluster\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&["aws_eks_cluster"]) {
        let missing: Vec<&str> = match cx.value(r.body(), "enabled_cluster_log_types") {
            None => vec!["audit", "authenticator"],
            Some(v) => match v.strings() {
                Some(types) => ["audit", "authenticator"].into_iter().filter(|t| !types.contains(t)).collect(),
                None => continue,
            },
        };
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    meta(),
                    r.label_span(),
                    format!("`{}` does not log {}", r.address(), missing.join(" or ")),
                )
                .help("add them to `enabled_cluster_log_types`"),
            );
        }
    }
}
