//! A view of Terraform over `hcl-edit`'s tree: top-level blocks, nested blocks (including `dynamic`
//! blocks' `content`), byte spans, and literal values with `var.` and `local.` resolved where they are
//! literals in the same module. Anything not literal is `Value::Unknown`, and rules stay silent on it.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, Body};
use shipshape_core::Span;
use std::collections::HashMap;

/// The byte span of a parsed node (`hcl-edit` keeps one for every node it parsed).
pub fn span_of(node: &impl hcl_edit::Span) -> Span {
    node.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end))
}

/// A top-level block: `resource "aws_s3_bucket" "logs" { … }` has ident `resource`, type
/// `aws_s3_bucket` and name `logs`.
#[derive(Clone, Copy)]
pub struct Top<'a> {
    pub block: &'a Block,
    pub ident: &'a str,
    pub labels: [&'a str; 2],
}

impl<'a> Top<'a> {
    pub fn body(&self) -> &'a Body {
        &self.block.body
    }

    /// `aws_s3_bucket.logs`, as Terraform addresses it.
    pub fn address(&self) -> String {
        match self.ident {
            "resource" => format!("{}.{}", self.labels[0], self.labels[1]),
            _ => format!(
                "{}.{}",
                self.ident,
                self.labels.iter().filter(|l| !l.is_empty()).copied().collect::<Vec<_>>().join(".")
            ),
        }
    }

    /// The span of the block's first label, with its quotes (for findings about the whole block).
    pub fn label_span(&self) -> Span {
        self.block.labels.first().map_or_else(|| span_of(&self.block.ident), span_of)
    }
}

/// The top-level blocks of a file.
pub fn tops(body: &Body) -> Vec<Top<'_>> {
    body.blocks()
        .map(|b| {
            let l = |i: usize| b.labels.get(i).map_or("", |l| l.as_str());
            Top {
                block: b,
                ident: b.ident.as_str(),
                labels: [l(0), l(1)],
            }
        })
        .collect()
}

/// An attribute of a body.
pub fn attr<'a>(body: &'a Body, key: &str) -> Option<&'a Attribute> {
    body.get_attribute(key)
}

/// The nested blocks named `ident`, and the `content` of `dynamic "<ident>"` blocks.
pub fn nested<'a>(body: &'a Body, ident: &'a str) -> Vec<&'a Body> {
    let mut out: Vec<&Body> = body.get_blocks(ident).map(|b| &b.body).collect();
    for d in body.get_blocks("dynamic") {
        if d.labels.first().is_some_and(|l| l.as_str() == ident) {
            out.extend(d.body.get_blocks("content").map(|c| &c.body));
        }
    }
    out
}

/// A literal value, as far as it can be known without running Terraform.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Num(f64),
    List(Vec<Value>),
    /// An object (`{ a = 1 }`, `jsonencode({ … })`), keys in written order.
    Map(Vec<(String, Value)>),
    Null,
    Unknown,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s == "true" => Some(true),
            Value::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            Value::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// A key of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The items of a list, or the value itself.
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::List(items) => items.iter().collect(),
            v => vec![v],
        }
    }

    /// The strings of a list (or of a single string); `None` if any element is unknown.
    pub fn strings(&self) -> Option<Vec<&str>> {
        match self {
            Value::Str(s) => Some(vec![s]),
            Value::List(items) => items.iter().map(Value::as_str).collect(),
            _ => None,
        }
    }
}

/// Variable defaults and locals of a module, for resolving `var.x` and `local.y`.
#[derive(Default, Debug, Clone)]
pub struct Scope {
    pub vars: HashMap<String, Value>,
    pub locals: HashMap<String, Value>,
    /// `(companion resource type, resource it configures)`, e.g. (`aws_s3_bucket_versioning`,
    /// `aws_s3_bucket.logs`), from companions whose `bucket` refers to another resource.
    pub companions: std::collections::HashSet<(String, String)>,
    /// Values that replace variable defaults: from `terraform.tfvars` and `*.auto.tfvars` (which
    /// Terraform loads by itself), and `Unknown` for what other `.tfvars` files set (they are passed
    /// with `-var-file`, so which one applies is not known).
    pub overrides: HashMap<String, Value>,
    /// How many `.tf` files the module's declarations were read from.
    pub tf_files: usize,
    /// Some declarations could not be read (a `.tf.json` or unparsable file, too many files).
    pub open: bool,
    /// A `terraform` block of the module sets `required_version` (often in a `versions.tf` of its
    /// own, beside the block listing the providers).
    pub required_version: bool,
    /// The resource and data source types the module declares, and whether it calls modules
    /// (which use the providers it declares without naming them).
    pub resource_types: std::collections::HashSet<String>,
    pub calls_modules: bool,
}

impl Scope {
    /// Add the `variable` defaults and `locals` of one file.
    pub fn add(&mut self, body: &Body) {
        for t in tops(body) {
            match t.ident {
                "variable" => {
                    let v = attr(t.body(), "default").map_or(Value::Unknown, |a| literal(&a.value, &Scope::default()));
                    self.vars.insert(t.labels[0].to_owned(), v);
                }
                "resource" if t.labels[0].starts_with("aws_s3_bucket_") => {
                    if let Some(target) = attr(t.body(), "bucket").and_then(|a| reference(&a.value)) {
                        self.companions.insert((t.labels[0].to_owned(), target));
                    }
                }
                "locals" => {
                    for a in t.body().attributes() {
                        let v = literal(&a.value, self);
                        self.locals.insert(a.key.as_str().to_owned(), v);
                    }
                }
                "terraform" => self.required_version |= t.body().has_attribute("required_version"),
                "module" => self.calls_modules = true,
                _ => {}
            }
            if matches!(t.ident, "resource" | "data" | "ephemeral")
                && let Some(kind) = t.labels.first()
            {
                self.resource_types.insert((*kind).to_owned());
            }
        }
    }
}

/// The literal value of an expression, resolving `var.x` and `local.y` through `scope`.
pub fn literal(expr: &Expression, scope: &Scope) -> Value {
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n.value().as_f64().map_or(Value::Unknown, Value::Num),
        Expression::String(s) => Value::Str(s.value().clone()),
        Expression::Array(a) => Value::List(a.iter().map(|e| literal(e, scope)).collect()),
        Expression::Parenthesis(p) => literal(p.inner(), scope),
        Expression::Object(o) => Value::Map(
            o.iter()
                .map(|(k, v)| {
                    let key = match k {
                        hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_owned(),
                        hcl_edit::expr::ObjectKey::Expression(e) => literal(e, scope).as_str().unwrap_or("?").to_owned(),
                    };
                    (key, literal(v.expr(), scope))
                })
                .collect(),
        ),
        Expression::FuncCall(f) if f.name.name.as_str() == "jsonencode" && f.args.len() == 1 => {
            f.args.iter().next().map_or(Value::Unknown, |a| literal(a, scope))
        }
        Expression::Traversal(t) => {
            let (Expression::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) else {
                return Value::Unknown;
            };
            let TraversalOperator::GetAttr(name) = op.value() else {
                return Value::Unknown;
            };
            let found = match root.value().as_str() {
                "var" => scope.overrides.get(name.as_str()).or_else(|| scope.vars.get(name.as_str())),
                "local" => scope.locals.get(name.as_str()),
                _ => return Value::Unknown,
            };
            found.cloned().unwrap_or(Value::Unknown)
        }
        _ => Value::Unknown,
    }
}

/// The resource an expression refers to: `aws_s3_bucket.logs.id` → `aws_s3_bucket.logs`.
pub fn reference(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else { return None };
    let Expression::Variable(root) = &t.expr else { return None };
    let TraversalOperator::GetAttr(name) = t.operators.first()?.value() else {
        return None;
    };
    Some(format!("{}.{}", root.value().as_str(), name.as_str()))
}

/// A string that looks like a literal written in the file (not `Unknown`, not interpolated).
pub fn is_literal_string(expr: &Expression) -> bool {
    matches!(expr, Expression::String(_))
}

/// An edit inserting `key = value` as the last attribute of `block`.
pub fn insert_attr(src: &str, block: &hcl_edit::structure::Block, key: &str, value: &str) -> Option<shipshape_core::Edit> {
    insert_text(src, block, &format!("{key} = {value}"))
}

/// An edit inserting `text` (one or more lines) at the end of `block`'s body, indented one level
/// deeper than its closing brace; `None` when the block is on one line.
pub fn insert_text(src: &str, block: &hcl_edit::structure::Block, text: &str) -> Option<shipshape_core::Edit> {
    let end = block.span()?.end;
    let close = end.checked_sub(1).filter(|&c| src.as_bytes().get(c) == Some(&b'}'))?;
    let line_start = src[..close].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..close];
    if line_start == 0 || !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let body: String = text.lines().map(|l| format!("{indent}  {l}\n")).collect();
    Some(shipshape_core::Edit::insert(line_start, body))
}

use hcl_edit::Span as _;
