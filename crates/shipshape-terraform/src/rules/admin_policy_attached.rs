use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF038", name: "administrator-access-attached", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_274"], options: [],
    summary: "The AdministratorAccess policy is attached to a user, group or role",
    what: "Flags `aws_iam_user_policy_attachment`, `aws_iam_group_policy_attachment`, `aws_iam_role_policy_attachment` and `aws_iam_policy_attachment` of `arn:aws:iam::aws:policy/AdministratorAccess`, and roles listing it in `managed_policy_arns`.",
    why: "Full administrator rights on a long-lived identity (a CI role, an application) turn any compromise of it into account takeover.",
    example: "resource \"aws_iam_role_policy_attachment\" \"ci\" {\n  role       = aws_iam_role.ci.name\n  policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n}",
    instead: "resource \"aws_iam_role_policy_attachment\" \"ci\" {\n  role       = aws_iam_role.ci.name\n  policy_arn = aws_iam_policy.deploy.arn\n}",
    fix_safety: "No automatic fix: write a policy with the permissions the principal needs.",
    refs: "- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    spans: ["\"arn:aws:iam::aws:policy/AdministratorAccess\""],
}

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let attachments = [
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_iam_role_policy_attachment",
        "aws_iam_policy_attachment",
    ];
    for r in cx.resources(&attachments) {
        if let Some(a) = r.body().get_attribute("policy_arn")
            && cx
                .value(r.body(), "policy_arn")
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref()
                == Some(ADMIN)
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    crate::model::span_of(&a.value),
                    format!("`{}` grants AdministratorAccess", r.address()),
                )
                .help("attach a least-privilege policy instead"),
            );
        }
    }
    for r in cx.resources(&["aws_iam_role"]) {
        if let Some(a) = r.body().get_attribute("managed_policy_arns")
            && cx
                .value(r.body(), "managed_policy_arns")
                .and_then(|v| v.strings().map(|s| s.contains(&ADMIN)))
                == Some(true)
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    crate::model::span_of(&a.value),
                    format!("`{}` grants AdministratorAccess", r.address()),
                )
                .help("attach a least-privilege policy instead"),
            );
        }
    }
}
