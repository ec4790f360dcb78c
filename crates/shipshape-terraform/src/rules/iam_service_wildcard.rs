use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF054", name: "iam-service-wildcard-action", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "An IAM policy allows every action of a service (`s3:*`, `iam:*`)",
    what: "Flags `Allow` statements whose actions include a whole service (`s3:*`, `iam:*`, `kms:*`…), in the same policies TF017 reads: `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy`, `aws_ssoadmin_permission_set_inline_policy`, `aws_iam_role` `inline_policy` blocks (`jsonencode`, JSON strings, heredocs of JSON) and `aws_iam_policy_document` data sources. Prefixes such as `s3:Get*` are not flagged; `*` alone is TF017's.",
    why: "A service wildcard grants the actions nobody reviewed, including the ones AWS adds later: `s3:*` deletes buckets and rewrites their policies, `iam:*` lets the principal grant itself anything. AWS Security Hub's control IAM.21 fails customer managed policies for the same reason.",
    example: "resource \"aws_iam_policy\" \"uploads\" {\n  name = \"uploads\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = \"s3:*\"\n      Resource = \"arn:aws:s3:::acme-uploads/*\"\n    }]\n  })\n}",
    instead: "resource \"aws_iam_policy\" \"uploads\" {\n  name = \"uploads\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = [\"s3:GetObject\", \"s3:PutObject\"]\n      Resource = \"arn:aws:s3:::acme-uploads/*\"\n    }]\n  })\n}",
    fix_safety: "No automatic fix: list the actions the principal needs (IAM Access Analyzer can generate them from CloudTrail).",
    refs: "- https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21\n- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    spans: ["policy"],
}

/// `s3:*` → `s3`; `None` for `*`, `s3:Get*` and anything else.
fn whole_service(action: &str) -> Option<&str> {
    let (service, rest) = action.split_once(':')?;
    (rest == "*" && !service.is_empty() && service.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(service)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in super::iam_policy::allow_statements(cx) {
        if s.actions.iter().any(|a| a == "*") {
            continue; // TF017 reports it.
        }
        let services: Vec<&str> = s.actions.iter().filter_map(|a| whole_service(a)).collect();
        // AWS's default key policy statement ("Enable IAM User Permissions": `kms:*` for the
        // account's root) hands the key's access control to IAM policies; without it the key can
        // become unmanageable (terraform-aws-eks, judged wrong, the thirty-third sample).
        if services.is_empty() || (s.account_root && services.iter().all(|sv| sv.eq_ignore_ascii_case("kms"))) {
            continue;
        }
        let list = services.iter().map(|sv| format!("`{sv}:*`")).collect::<Vec<_>>().join(", ");
        let help = if services.iter().any(|sv| sv.eq_ignore_ascii_case("iam")) {
            "list the actions this principal needs: with `iam:*` it can grant itself any permission"
        } else {
            "list the actions this principal needs"
        };
        out.push(Diagnostic::new(meta(), s.span, format!("`{}` allows every action of a service: {list}", s.owner)).help(help));
    }
}
