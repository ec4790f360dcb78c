//! One small tree for every structured file kind, so that two revisions of a file can be compared
//! by meaning (keys, not lines): YAML (aliases and merge keys resolved) and Terraform's native
//! syntax (blocks and attributes) both become [`N`]. Each node keeps the 1-based line it starts
//! on, which the change it is part of reports. Building is bounded: a document of more than
//! [`MAX_NODES`] nodes (an alias bomb) or deeper than [`MAX_DEPTH`] is cut there.

use shipshape_core::span::LineIndex;
use shipshape_yaml::{NodeRef, Yaml};

const MAX_NODES: usize = 200_000;
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Map(Vec<(String, N)>),
    Seq(Vec<N>),
    Str(String),
    Null,
}

/// A value and the line it starts on. Equality is the value's alone.
#[derive(Clone, Debug)]
pub struct N {
    pub v: V,
    pub line: usize,
}

impl PartialEq for N {
    fn eq(&self, other: &Self) -> bool {
        self.v == other.v
    }
}

static NULL: N = N { v: V::Null, line: 0 };

impl N {
    pub fn get(&self, key: &str) -> Option<&N> {
        match &self.v {
            V::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a path of keys.
    pub fn at(&self, path: &[&str]) -> Option<&N> {
        path.iter().try_fold(self, |n, k| n.get(k))
    }

    /// The node at a path, or a null one.
    pub fn or_null(&self, path: &[&str]) -> &N {
        self.at(path).unwrap_or(&NULL)
    }

    pub fn str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.v, V::Null)
    }

    pub fn entries(&self) -> &[(String, N)] {
        match &self.v {
            V::Map(e) => e,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[N] {
        match &self.v {
            V::Seq(i) => i,
            _ => &[],
        }
    }

    /// The items of a sequence, or the value itself when it is one scalar (`runs-on: x`).
    pub fn scalar_or_items(&self) -> Vec<&N> {
        match &self.v {
            V::Seq(i) => i.iter().collect(),
            V::Null => Vec::new(),
            _ => vec![self],
        }
    }

    /// A scalar as a number (`"3"`, `3`, `2.5`).
    pub fn num(&self) -> Option<f64> {
        self.str().and_then(|s| s.trim().trim_matches('"').parse().ok())
    }

    /// A one-line rendering for messages (scalars as they are, collections in flow style), at
    /// most 80 characters.
    pub fn show(&self) -> String {
        let mut s = String::new();
        self.render(&mut s);
        if s.chars().count() > 80 {
            let cut: String = s.chars().take(77).collect();
            return format!("{cut}…");
        }
        s
    }

    fn render(&self, out: &mut String) {
        if out.len() > 200 {
            return;
        }
        match &self.v {
            V::Str(s) => out.push_str(s),
            V::Null => out.push_str("null"),
            V::Seq(items) => {
                out.push('[');
                for (i, n) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    n.render(out);
                }
                out.push(']');
            }
            V::Map(entries) => {
                out.push('{');
                for (i, (k, n)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    n.render(out);
                }
                out.push('}');
            }
        }
    }

    /// Every scalar under this node.
    pub fn scalars(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            match &n.v {
                V::Str(s) => out.push(s.as_str()),
                V::Null => {}
                V::Seq(items) => stack.extend(items.iter().rev()),
                V::Map(entries) => stack.extend(entries.iter().rev().map(|(_, v)| v)),
            }
        }
        out
    }
}

struct Builder<'a> {
    lines: &'a LineIndex,
    budget: usize,
}

impl Builder<'_> {
    fn yaml(&mut self, node: NodeRef<'_>, depth: usize) -> N {
        let line = self.lines.line_of(node.span().start) + 1;
        if self.budget == 0 || depth > MAX_DEPTH {
            return N { v: V::Null, line };
        }
        self.budget -= 1;
        let node = node.resolve();
        let v = if node.is_map() {
            let mut entries = Vec::new();
            for (k, v) in node.entries() {
                let key = k.as_str().map_or_else(|| self.yaml(k, depth + 1).show(), str::to_owned);
                entries.push((key, self.yaml(v, depth + 1)));
            }
            V::Map(entries)
        } else if node.is_seq() {
            V::Seq(node.items().into_iter().map(|i| self.yaml(i, depth + 1)).collect())
        } else if node.is_null() {
            V::Null
        } else {
            V::Str(node.as_str().unwrap_or_default().to_owned())
        };
        N { v, line }
    }
}

/// The documents of a YAML stream (those that parse; the rest of a stream after a syntax error
/// is not read, as every YAML parser stops there).
pub fn yaml_docs(text: &str) -> Vec<N> {
    let yaml = Yaml::parse(text);
    let lines = LineIndex::new(text);
    let mut b = Builder {
        lines: &lines,
        budget: MAX_NODES,
    };
    yaml.docs
        .iter()
        .filter_map(|d| d.root())
        .map(|root| b.yaml(root, 0))
        .filter(|n| !n.is_null())
        .collect()
}

/// A Terraform file (native syntax) as a map of its top-level blocks by address
/// (`resource.aws_s3_bucket.logs` is keyed `aws_s3_bucket.logs`, the others `module.x`,
/// `variable.x`, `terraform`, `provider.aws`…), each block's body a map of its attributes
/// (expressions as written, whitespace normalised; string literals as their value) and its nested
/// blocks (a block written several times becomes a sequence). `None` when the file does not parse.
pub fn terraform(text: &str) -> Option<N> {
    use hcl_edit::structure::{Body, Structure};
    let parsed = shipshape_terraform::native::parse(text).ok()?;
    let lines = LineIndex::new(&parsed.text);
    let line = |span: Option<std::ops::Range<usize>>| span.map_or(0, |r| lines.line_of(r.start) + 1);
    fn body_to_n(body: &Body, line: &dyn Fn(Option<std::ops::Range<usize>>) -> usize, depth: usize) -> Vec<(String, N)> {
        let mut entries: Vec<(String, N)> = Vec::new();
        if depth > MAX_DEPTH {
            return entries;
        }
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    entries.push((a.key.as_str().to_owned(), expr_to_n(&a.value, line, depth + 1)));
                }
                Structure::Block(b) => {
                    let mut key = b.ident.as_str().to_owned();
                    for l in &b.labels {
                        key.push('.');
                        key.push_str(l.as_str());
                    }
                    let n = N {
                        v: V::Map(body_to_n(&b.body, line, depth + 1)),
                        line: line(hcl_edit::Span::span(b)),
                    };
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, existing)) => match &mut existing.v {
                            V::Seq(items) => items.push(n),
                            _ => {
                                let first = std::mem::replace(existing, N { v: V::Null, line: n.line });
                                *existing = N {
                                    line: first.line,
                                    v: V::Seq(vec![first, n]),
                                };
                            }
                        },
                        None => entries.push((key, n)),
                    }
                }
            }
        }
        entries
    }
    fn expr_to_n(e: &hcl_edit::expr::Expression, line: &dyn Fn(Option<std::ops::Range<usize>>) -> usize, depth: usize) -> N {
        use hcl_edit::expr::{Expression, ObjectKey};
        let at = line(hcl_edit::Span::span(e));
        if depth > MAX_DEPTH {
            return N { v: V::Null, line: at };
        }
        let v = match e {
            Expression::String(s) => V::Str(s.value().to_string()),
            Expression::Null(_) => V::Null,
            Expression::Array(a) => V::Seq(a.iter().map(|i| expr_to_n(i, line, depth + 1)).collect()),
            Expression::Object(o) => V::Map(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str().to_owned(),
                            ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                            ObjectKey::Expression(x) => normalise(&x.to_string()),
                        };
                        (key, expr_to_n(v.expr(), line, depth + 1))
                    })
                    .collect(),
            ),
            other => V::Str(normalise(&other.to_string())),
        };
        N { v, line: at }
    }
    let mut out: Vec<(String, N)> = Vec::new();
    for s in parsed.body.iter() {
        let Structure::Block(b) = s else { continue };
        let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
        let key = match (b.ident.as_str(), labels.as_slice()) {
            ("resource", [t, n]) => format!("{t}.{n}"),
            (ident, []) => ident.to_owned(),
            (ident, ls) => format!("{ident}.{}", ls.join(".")),
        };
        let n = N {
            v: V::Map(body_to_n(&b.body, &line, 1)),
            line: line(hcl_edit::Span::span(b)),
        };
        out.push((key, n));
    }
    Some(N { v: V::Map(out), line: 1 })
}

/// Whitespace runs (line breaks included) as one space; comments dropped from the ends.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_with_merge_keys_and_lines() {
        let docs = yaml_docs("x: &d\n  a: 1\ny:\n  <<: *d\n  b: [2, 3]\n---\nkind: Service\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].at(&["y", "a"]).and_then(N::str), Some("1"));
        assert_eq!(docs[0].at(&["y", "b"]).map(N::show).as_deref(), Some("[2, 3]"));
        assert_eq!(docs[0].get("y").map(|n| n.line), Some(4));
        assert_eq!(docs[1].get("kind").and_then(N::str), Some("Service"));
    }

    #[test]
    fn alias_bombs_are_cut() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_owned() } else { format!("b{}", i - 1) };
            y.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        // 9^13 nodes expanded: the YAML layer refuses the stream or the budget cuts it; it ends.
        let docs = yaml_docs(&y);
        assert!(docs.len() <= 1);
        assert!(docs.iter().all(|d| d.scalars().len() <= MAX_NODES));
    }

    #[test]
    fn terraform_blocks() {
        let tf = "resource \"aws_security_group\" \"web\" {\n  ingress {\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n  ingress {\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  tags = { Name = \"web\" }\n  count = var.n\n}\nterraform {\n  backend \"s3\" {\n    bucket = \"b\"\n  }\n}\n";
        let n = terraform(tf).unwrap();
        let sg = n.get("aws_security_group.web").unwrap();
        assert_eq!(sg.line, 1);
        assert_eq!(sg.get("ingress").unwrap().items().len(), 2);
        assert_eq!(sg.at(&["tags", "Name"]).and_then(N::str), Some("web"));
        assert_eq!(sg.get("count").and_then(N::str), Some("var.n"));
        assert!(n.at(&["terraform", "backend.s3"]).is_some());
        assert!(terraform("resource \"x\" {").is_none());
    }
}
