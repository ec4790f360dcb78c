use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF055", name: "iam-pass-role-any", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "`iam:PassRole` or `sts:AssumeRole` allowed on every role (`Resource: \"*\"`)",
    what: "Flags `Allow` statements granting `iam:PassRole` or `sts:AssumeRole` with `Resource = \"*\"` (or `resources = [\"*\"]`) and no condition, in the same policies TF017 reads (`jsonencode`, JSON strings, heredocs of JSON, `aws_iam_policy_document`). Trust policies (`assume_role_policy`, statements with principals and no resources) are not affected.",
    why: "`iam:PassRole` on `*` lets the principal hand any role of the account, an administrator's included, to a Lambda function, an EC2 instance or an ECS task it creates: a privilege escalation. `sts:AssumeRole` on `*` lets it become any role whose trust policy trusts the account.",
    example: "data \"aws_iam_policy_document\" \"deployer\" {\n  statement {\n    actions   = [\"iam:PassRole\"]\n    resources = [\"*\"]\n  }\n}",
    instead: "data \"aws_iam_policy_document\" \"deployer\" {\n  statement {\n    actions   = [\"iam:PassRole\"]\n    resources = [aws_iam_role.app_task.arn]\n  }\n}",
    fix_safety: "No automatic fix: name the roles (ARNs) it may pass or assume.",
    refs: "- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html\n- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-policy-examples.html",
    spans: ["[\"iam:PassRole\"]"],
}

const ROLE_ACTIONS: &[&str] = &["iam:passrole", "sts:assumerole"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in super::iam_policy::allow_statements(cx) {
        if s.has_condition || !s.resources.as_ref().is_some_and(|r| r.iter().any(|r| r == "*")) {
            continue;
        }
        let Some(action) = s.actions.iter().find(|a| ROLE_ACTIONS.contains(&a.to_ascii_lowercase().as_str())) else {
            continue;
        };
        out.push(
            Diagnostic::new(meta(), s.span, format!("`{}` allows `{action}` on every role", s.owner))
                .help("list the role ARNs it needs instead of `*`"),
        );
    }
}
