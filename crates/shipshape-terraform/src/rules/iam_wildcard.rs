use crate::model::Value;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF017", name: "iam-wildcard-action", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_AWS_62", "checkov:CKV_AWS_63"], options: [],
    summary: "An IAM policy allows every action",
    what: "Flags `Allow` statements whose actions include `*` in `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and `aws_iam_group_policy` (policies written with `jsonencode`), and in `aws_iam_policy_document` data sources.",
    why: "`Action = \"*\"` (with `Resource = \"*\"`, full administrator) hands every permission to whoever holds the role: one leaked key or SSRF becomes account takeover.",
    example: "resource \"aws_iam_policy\" \"deploy\" {\n  name = \"deploy\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = \"*\"\n      Resource = \"*\"\n    }]\n  })\n}",
    instead: "resource \"aws_iam_policy\" \"deploy\" {\n  name = \"deploy\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = [\"ecs:UpdateService\", \"ecs:DescribeServices\"]\n      Resource = \"arn:aws:ecs:eu-west-1:123456789012:service/prod/web\"\n    }]\n  })\n}",
    fix_safety: "No automatic fix: list the actions the principal needs (IAM Access Analyzer can generate them from CloudTrail).",
    refs: "- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
}

fn allows_all(actions: Option<&Value>) -> bool {
    actions.is_some_and(|a| a.items().iter().any(|v| v.as_str() == Some("*")))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for r in cx.resources(&[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
    ]) {
        let Some(policy) = cx.value(r.body(), "policy") else { continue };
        let statements = policy.get("Statement").map(Value::items).unwrap_or_default();
        let bad = statements
            .iter()
            .any(|s| s.get("Effect").and_then(Value::as_str) != Some("Deny") && allows_all(s.get("Action")));
        if bad {
            let span = r
                .body()
                .get_attribute("policy")
                .map_or_else(|| r.label_span(), |a| crate::model::span_of(&a.key));
            out.push(
                Diagnostic::new(meta(), span, format!("`{}` allows every action", r.address()))
                    .help("list the actions this principal needs"),
            );
        }
    }
    for d in cx
        .tops
        .iter()
        .filter(|t| t.ident == "data" && t.labels[0] == "aws_iam_policy_document")
    {
        for s in crate::model::nested(d.body(), "statement") {
            let deny = cx.value(s, "effect").and_then(|e| e.as_str().map(str::to_owned)).as_deref() == Some("Deny");
            if !deny && allows_all(cx.value(s, "actions").as_ref()) {
                let span = s
                    .get_attribute("actions")
                    .map_or_else(|| d.label_span(), |a| crate::model::span_of(&a.value));
                out.push(
                    Diagnostic::new(
                        meta(),
                        span,
                        format!("`data.aws_iam_policy_document.{}` allows every action", d.labels[1]),
                    )
                    .help("list the actions this principal needs"),
                );
            }
        }
    }
}
