use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF017", name: "iam-wildcard-action", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_62", "checkov:CKV_AWS_63"], options: [],
    summary: "An IAM policy allows every action",
    what: "Flags `Allow` statements whose actions include `*` in `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and `aws_iam_group_policy`, `aws_ssoadmin_permission_set_inline_policy` and `aws_iam_role` `inline_policy` blocks (policies written with `jsonencode`, as a JSON string or as a heredoc of JSON), and in `aws_iam_policy_document` data sources.",
    why: "`Action = \"*\"` (with `Resource = \"*\"`, full administrator) hands every permission to whoever holds the role: one leaked key or SSRF becomes account takeover.",
    example: "resource \"aws_iam_policy\" \"deploy\" {\n  name = \"deploy\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = \"*\"\n      Resource = \"*\"\n    }]\n  })\n}",
    instead: "resource \"aws_iam_policy\" \"deploy\" {\n  name = \"deploy\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = [\"ecs:UpdateService\", \"ecs:DescribeServices\"]\n      Resource = \"arn:aws:ecs:eu-west-1:123456789012:service/prod/web\"\n    }]\n  })\n}",
    fix_safety: "No automatic fix: list the actions the principal needs (IAM Access Analyzer can generate them from CloudTrail).",
    refs: "- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    spans: ["policy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut reported: Vec<shipshape_core::Span> = Vec::new();
    for s in super::iam_policy::allow_statements(cx) {
        if !s.actions.iter().any(|a| a == "*") || reported.contains(&s.span) {
            continue;
        }
        reported.push(s.span);
        out.push(
            Diagnostic::new(meta(), s.span, format!("`{}` allows every action", s.owner)).help("list the actions this principal needs"),
        );
    }
}
