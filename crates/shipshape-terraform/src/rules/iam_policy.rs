//! IAM policy statements, wherever a module writes them: `jsonencode({…})`, a JSON string, a heredoc of
//! JSON (interpolations become opaque strings), an `aws_iam_role` `inline_policy` block, and the
//! `statement` blocks of `aws_iam_policy_document` data sources.

use crate::Ctx;
use crate::model::{self, Value};
use hcl_edit::structure::Body;
use shipshape_core::Span;

/// Resources whose `policy` (or `inline_policy`) attribute is an identity policy.
const POLICY_RESOURCES: &[(&str, &str)] = &[
    ("aws_iam_policy", "policy"),
    ("aws_iam_role_policy", "policy"),
    ("aws_iam_user_policy", "policy"),
    ("aws_iam_group_policy", "policy"),
    ("aws_ssoadmin_permission_set_inline_policy", "inline_policy"),
];

/// One `Allow` statement whose actions are known.
pub struct Statement {
    /// `aws_iam_policy.deploy` or `data.aws_iam_policy_document.ci`.
    pub owner: String,
    /// Where to report: the policy attribute's key, or the statement's `actions` value.
    pub span: Span,
    pub actions: Vec<String>,
    /// The resources, when known (`None` for `NotResource`, a missing key or an unknown value).
    pub resources: Option<Vec<String>>,
    pub has_condition: bool,
    /// The principal is an AWS account's root (`arn:aws:iam::<account>:root`): in a key policy,
    /// the statement that hands the key's access control to IAM.
    pub account_root: bool,
}

/// Every `Allow` statement of the file with literal actions.
pub fn allow_statements(cx: &Ctx) -> Vec<Statement> {
    let mut out = Vec::new();
    let types: Vec<&str> = POLICY_RESOURCES.iter().map(|(t, _)| *t).collect();
    for r in cx.resources(&types) {
        let key = POLICY_RESOURCES
            .iter()
            .find(|(t, _)| *t == r.labels[0])
            .map_or("policy", |(_, k)| *k);
        from_policy_attr(cx, r.body(), key, &r.address(), &mut out);
    }
    for r in cx.resources(&["aws_iam_role"]) {
        for inline in model::nested(r.body(), "inline_policy") {
            from_policy_attr(cx, inline, "policy", &r.address(), &mut out);
        }
    }
    for d in cx
        .tops
        .iter()
        .filter(|t| t.ident == "data" && t.labels[0] == "aws_iam_policy_document")
    {
        for s in model::nested(d.body(), "statement") {
            let effect = cx.value(s, "effect");
            if effect.as_ref().and_then(Value::as_str) == Some("Deny") || matches!(effect, Some(Value::Unknown)) {
                continue;
            }
            let Some(actions) = cx.value(s, "actions").and_then(|a| strings(&a)) else {
                continue;
            };
            let span = s
                .get_attribute("actions")
                .map_or_else(|| d.label_span(), |a| model::span_of(&a.value));
            out.push(Statement {
                owner: format!("data.aws_iam_policy_document.{}", d.labels[1]),
                span,
                actions,
                resources: cx.value(s, "resources").and_then(|v| strings(&v)),
                has_condition: !model::nested(s, "condition").is_empty(),
                // The account itself: `arn:aws:iam::…:root`, or the bare account ID AWS reads as
                // it (`data.aws_caller_identity.current.account_id`, a 12-digit literal: the
                // modernisation platform's KMS key policies, the forty-first sample).
                account_root: model::nested(s, "principals").iter().any(|p| {
                    p.get_attribute("identifiers").is_some_and(|i| {
                        let text = model::span_of(&i.value).text(cx.src);
                        let items: Vec<&str> = text
                            .trim_matches(['[', ']'])
                            .split(',')
                            .map(|x| x.trim().trim_matches('"'))
                            .filter(|x| !x.is_empty())
                            .collect();
                        text.contains(":root")
                            || (!items.is_empty()
                                && items
                                    .iter()
                                    .all(|x| x.ends_with("account_id") || (x.len() == 12 && x.bytes().all(|b| b.is_ascii_digit()))))
                    })
                }),
            });
        }
    }
    out
}

fn from_policy_attr(cx: &Ctx, body: &Body, key: &str, owner: &str, out: &mut Vec<Statement>) {
    let Some(attr) = body.get_attribute(key) else { return };
    let Some(doc) = document(cx, body, key) else { return };
    let span = model::span_of(&attr.key);
    let statements = doc.get("Statement").map(Value::items).unwrap_or_default();
    for s in statements {
        // A missing Effect is read as Allow, as before; a computed one is unknown.
        if !matches!(s.get("Effect"), None | Some(Value::Str(_))) || s.get("Effect").and_then(Value::as_str).is_some_and(|e| e != "Allow") {
            continue;
        }
        let Some(actions) = s.get("Action").and_then(strings) else {
            continue;
        };
        out.push(Statement {
            owner: owner.to_owned(),
            span,
            actions,
            resources: s.get("Resource").and_then(strings),
            has_condition: s.get("Condition").is_some_and(|c| !matches!(c, Value::Null)),
            account_root: s
                .get("Principal")
                .and_then(|p| p.get("AWS"))
                .and_then(strings)
                .is_some_and(|ids| ids.iter().any(|i| i.ends_with(":root"))),
        });
    }
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.strings().map(|s| s.into_iter().map(str::to_owned).collect())
}

/// The policy document of an attribute: `jsonencode({…})`, a JSON string, or a heredoc of JSON.
fn document(cx: &Ctx, body: &Body, key: &str) -> Option<Value> {
    match cx.value(body, key)? {
        v @ Value::Map(_) => Some(v),
        Value::Str(s) => parse_json(&s),
        Value::Unknown => {
            let attr = body.get_attribute(key)?;
            let text = model::span_of(&attr.value).text(cx.src);
            let rest = text.strip_prefix("<<")?;
            let (first, body) = rest.split_once('\n')?;
            let delim = first.trim().trim_start_matches('-');
            let body = body.trim_end();
            let body = body.strip_suffix(delim).unwrap_or(body);
            parse_json(&opaque_interpolations(body)?)
        }
        _ => None,
    }
}

/// `${…}` interpolations replaced by an opaque marker (so that `"arn:${var.x}"` stays a string that is
/// never `*`); `None` for template directives (`%{ for … }`), which make the JSON unknowable.
fn opaque_interpolations(s: &str) -> Option<String> {
    if s.contains("%{") {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let mut depth = 0usize;
        let mut end = None;
        for (j, c) in rest[i + 1..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1 + j);
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push_str("(interpolated)");
        rest = &rest[end? + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn parse_json(s: &str) -> Option<Value> {
    fn convert(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Num),
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(a) => Value::List(a.into_iter().map(convert).collect()),
            serde_json::Value::Object(o) => Value::Map(o.into_iter().map(|(k, v)| (k, convert(v))).collect()),
        }
    }
    serde_json::from_str::<serde_json::Value>(s.trim()).ok().map(convert)
}
