//! Terraform plans as `terraform show -json` writes them (format version 1.x):
//! `resource_changes[]` with `address`, `type`, `change.actions` (`create`, `update`, `delete`,
//! both for a replacement, `no-op`, `read`), `change.before`/`after` and `change.replace_paths`.
//! Each is classified with the same checks as a configuration change, from the values Terraform
//! computed.

use crate::changes::{Category, Change, Object, Risk};
use crate::terraform::{network, resource, stateful};
use crate::value::{N, V};
use serde_json::Value;

fn to_n(v: &Value, depth: usize) -> N {
    let v = match v {
        _ if depth > 64 => V::Null,
        Value::Null => V::Null,
        Value::Bool(b) => V::Str(b.to_string()),
        Value::Number(n) => V::Str(n.to_string()),
        Value::String(s) => V::Str(s.clone()),
        Value::Array(a) => V::Seq(a.iter().map(|x| to_n(x, depth + 1)).collect()),
        Value::Object(o) => V::Map(o.iter().map(|(k, x)| (k.clone(), to_n(x, depth + 1))).collect()),
    };
    N { v, line: 0 }
}

/// What a plan does, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub replace: usize,
    pub delete: usize,
}

/// The changes a plan makes, and its counts. `Err` when the text is not a plan.
pub fn plan(path: &str, text: &str, production: bool) -> Result<(Vec<Change>, Counts), String> {
    let json: Value = serde_json::from_str(text).map_err(|e| format!("{path}: not JSON ({e})"))?;
    let Some(changes) = json.get("resource_changes").and_then(Value::as_array) else {
        if json.get("format_version").is_some() {
            return Ok((Vec::new(), Counts::default())); // a plan with no changes
        }
        return Err(format!(
            "{path}: not a plan of `terraform show -json` (no `format_version` or `resource_changes`)"
        ));
    };
    let mut out = Vec::new();
    let mut counts = Counts::default();
    for rc in changes {
        if rc.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let address = rc.get("address").and_then(Value::as_str).unwrap_or("?");
        let rtype = rc.get("type").and_then(Value::as_str).unwrap_or("");
        let change = rc.get("change").unwrap_or(&Value::Null);
        let actions: Vec<&str> = change
            .get("actions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let before = change.get("before").filter(|v| !v.is_null()).map(|v| to_n(v, 0));
        let after = change.get("after").filter(|v| !v.is_null()).map(|v| to_n(v, 0));
        // The resource type is the address's last-but-one part; `resource` reads it from there.
        let addr = if address.ends_with(']') {
            address.rsplit_once('[').map_or(address, |(a, _)| a)
        } else {
            address
        };
        let object = Object {
            kind: rtype.to_owned(),
            name: address.to_owned(),
            namespace: None,
        };
        match actions.as_slice() {
            ["create"] => {
                counts.create += 1;
                resource(path, 0, addr, None, after.as_ref(), production, &mut out);
            }
            ["update"] => {
                counts.update += 1;
                let start = out.len();
                resource(path, 0, addr, before.as_ref(), after.as_ref(), production, &mut out);
                if out.len() == start {
                    out.push(
                        Change::new(
                            path,
                            0,
                            "terraform.changed",
                            if network(rtype) { Category::Network } else { Category::Other },
                            Risk::Medium,
                            format!("updates `{address}` in place"),
                        )
                        .object(object),
                    );
                }
            }
            ["delete"] => {
                counts.delete += 1;
                resource(path, 0, addr, before.as_ref(), None, production, &mut out);
            }
            ["delete", "create"] | ["create", "delete"] => {
                counts.replace += 1;
                let forced: Vec<String> = change
                    .get("replace_paths")
                    .and_then(Value::as_array)
                    .map(|paths| {
                        paths
                            .iter()
                            .filter_map(Value::as_array)
                            .map(|p| {
                                p.iter()
                                    .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned))
                                    .collect::<Vec<_>>()
                                    .join(".")
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let data = stateful(rtype);
                let order = if actions[0] == "create" {
                    "created before the old one is destroyed"
                } else {
                    "destroyed, then created again"
                };
                out.push(
                    Change::new(
                        path,
                        0,
                        "terraform.replaced",
                        Category::Data,
                        if data { Risk::Critical } else { Risk::High },
                        format!(
                            "replaces `{address}`: {order}{}{}",
                            if forced.is_empty() {
                                String::new()
                            } else {
                                format!(" (forced by {})", forced.join(", "))
                            },
                            if data {
                                "; the data it holds is lost unless restored from a backup"
                            } else {
                                ""
                            }
                        ),
                    )
                    .object(object),
                );
            }
            _ => {} // no-op, read
        }
    }
    Ok((out, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "resource_changes": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
     "change": {"actions": ["update"],
       "before": {"ingress": [{"cidr_blocks": ["10.0.0.0/8"], "from_port": 443, "to_port": 443}]},
       "after": {"ingress": [{"cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "to_port": 443}]}}},
    {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
     "change": {"actions": ["delete", "create"], "before": {"engine": "postgres"}, "after": {"engine": "postgres"},
       "replace_paths": [["identifier"]]}},
    {"address": "aws_instance.app[0]", "mode": "managed", "type": "aws_instance", "name": "app", "index": 0,
     "change": {"actions": ["update"], "before": {"instance_type": "t3.small", "tags": {}}, "after": {"instance_type": "t3.small", "tags": {"a": "b"}}}},
    {"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket", "name": "old",
     "change": {"actions": ["delete"], "before": {"bucket": "old"}, "after": null}},
    {"address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
     "change": {"actions": ["create"], "before": null, "after": {"name": "jobs"}}},
    {"address": "data.aws_ami.ubuntu", "mode": "data", "type": "aws_ami", "name": "ubuntu", "change": {"actions": ["read"]}},
    {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "change": {"actions": ["no-op"]}}
  ]
}"#;

    #[test]
    fn classified() {
        let (c, counts) = plan("plan.json", PLAN, true).unwrap();
        assert_eq!(
            counts,
            Counts {
                create: 1,
                update: 2,
                replace: 1,
                delete: 1
            }
        );
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(
            kinds,
            [
                ("terraform.open-to-internet", Risk::High),
                ("terraform.replaced", Risk::Critical),
                ("terraform.changed", Risk::Low),
                ("terraform.destroyed", Risk::Critical),
                ("terraform.added", Risk::Low),
            ]
        );
        assert!(c[1].message.contains("forced by identifier"), "{}", c[1].message);
        assert!(plan("p.json", "{}", false).is_err());
        assert!(plan("p.json", "not json", false).is_err());
        assert_eq!(plan("p.json", r#"{"format_version": "1.2"}"#, false).unwrap().0.len(), 0);
    }
}
