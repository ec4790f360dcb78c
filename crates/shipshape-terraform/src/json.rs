//! Terraform's JSON syntax (`.tf.json`, `.tfvars.json`), translated to native syntax so the same
//! rules run on it, with a map from every translated node back to the JSON it came from.
//!
//! JSON does not say whether an object is a nested block or a map-valued argument; Terraform asks
//! the provider's schema. Without schemas, objects are blocks except under the argument names that
//! hold maps (`tags`, `labels`, `metadata` …), which is what the rules look at.
//!
//! A file must be strict JSON (checked by `serde_json`) before the YAML parser the other domains
//! use reads it for its spans (JSON is YAML 1.2): YAML's anchors, aliases, merge keys and tags are
//! not JSON, and an alias expanded into native text is an exponential bomb. The translation also
//! has a size budget, so no input can make it grow much beyond the input.

use shipshape_core::Span;
use shipshape_yaml::{NodeRef, Style, Yaml};
use std::fmt::Write as _;

/// Native syntax for a JSON file, and where each piece came from.
pub struct Translated {
    pub hcl: String,
    /// `(native span, JSON span)`, for every label, argument, value and block written.
    map: Vec<(Span, Span)>,
}

impl Translated {
    /// The JSON span a span of the translation came from: that of the smallest translated node
    /// containing it (the whole file if none does).
    pub fn to_json(&self, span: Span, json: &str) -> Span {
        let j = self
            .map
            .iter()
            .filter(|(h, _)| h.start <= span.start && span.end <= h.end)
            .min_by_key(|(h, _)| h.end - h.start)
            .map_or(Span::new(0, json.len().min(1)), |(_, j)| *j);
        // The parser's spans of flow collections can take in the whitespace after them.
        let text = json.get(j.start..j.end).unwrap_or_default();
        Span::new(j.start, j.start + text.trim_end().len())
    }
}

/// Arguments whose object values are maps, not nested blocks.
const MAP_ARGUMENTS: &[&str] = &[
    "tags",
    "tags_all",
    "labels",
    "metadata",
    "default",
    "value",
    "variables",
    "parameters",
    "triggers",
    "annotations",
    "data",
    "resource_labels",
    "user_labels",
    "environment_variables",
    "container_definitions",
    "policy",
    "assume_role_policy",
    "required_providers",
];

/// Blocks with a label: `{"backend": {"s3": {…}}}` is `backend "s3" { … }`.
const LABELLED_BLOCKS: &[&str] = &["backend", "dynamic", "provisioner"];

/// Top-level blocks and how many labels they have.
const TOP_BLOCKS: &[(&str, usize)] = &[
    ("resource", 2),
    ("data", 2),
    ("module", 1),
    ("variable", 1),
    ("output", 1),
    ("provider", 1),
    ("locals", 0),
    ("terraform", 0),
];

/// The translation may grow to this many times the JSON's size (plus [`GROWTH_FLOOR`]); real files
/// stay well under twice.
pub const MAX_GROWTH: usize = 8;
/// Bytes of translation every file may use whatever its size.
pub const GROWTH_FLOOR: usize = 64 * 1024;
/// Nesting levels indented in the translation.
const MAX_INDENT: usize = 4;

/// Translate a `.tf.json` file; `Err((span, message))` when it is not JSON or not an object, or its
/// translation outgrows the budget.
pub fn translate(src: &str) -> Result<Translated, (Span, String)> {
    let yaml = parse(src)?;
    let mut t = Writer::new(src);
    if let Some(root) = root_of(&yaml)? {
        for (k, v) in root.entries() {
            let Some(ident) = k.as_str() else { continue };
            let Some(&(_, labels)) = TOP_BLOCKS.iter().find(|(n, _)| *n == ident) else {
                continue;
            };
            t.top(ident, labels, v, &mut Vec::new());
        }
    }
    t.finish()
}

/// The values a `.tfvars.json` file assigns, as native `name = value` lines.
pub fn translate_vars(src: &str) -> Result<Translated, (Span, String)> {
    let yaml = parse(src)?;
    let mut t = Writer::new(src);
    if let Some(root) = root_of(&yaml)? {
        t.body(root, true, 0);
    }
    t.finish()
}

/// The spanned tree of a strict JSON text (a leading byte order mark skipped).
fn parse(src: &str) -> Result<Yaml, (Span, String)> {
    let bom = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&src[bom..]) {
        let at = bom + byte_offset(&src[bom..], e.line(), e.column());
        let end = src[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
            .unwrap_or(&message);
        return Err((Span::new(at, end), format!("invalid JSON: {message}")));
    }
    let yaml = Yaml::parse(src);
    if let Some(e) = yaml.errors.first() {
        return Err((e.span, format!("invalid JSON: {}", e.message)));
    }
    Ok(yaml)
}

/// The byte offset of `serde_json`'s 1-based line and column (in bytes; 0 before the first byte of
/// the line), clamped to the text and moved back to a character boundary.
fn byte_offset(src: &str, line: usize, column: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    src.floor_char_boundary((start + column.saturating_sub(1)).min(src.len()))
}

/// The file's object (`None` for an empty file).
fn root_of(yaml: &Yaml) -> Result<Option<NodeRef<'_>>, (Span, String)> {
    match yaml.docs.first().and_then(|d| d.root()) {
        Some(root) if root.is_map() => Ok(Some(root)),
        Some(root) => Err((root.span(), "a Terraform JSON file holds one object".to_owned())),
        None => Ok(None),
    }
}

struct Writer<'s> {
    /// The JSON text.
    src: &'s str,
    out: String,
    map: Vec<(Span, Span)>,
    /// Bytes the translation may take.
    budget: usize,
    /// Where the budget ran out: writing stops there.
    over: Option<Span>,
}

impl<'s> Writer<'s> {
    fn new(src: &'s str) -> Self {
        Writer {
            src,
            out: String::new(),
            map: Vec::new(),
            budget: src.len().saturating_mul(MAX_GROWTH).saturating_add(GROWTH_FLOOR),
            over: None,
        }
    }

    /// Whether writing must stop: the budget ran out, here (`at`) or before.
    fn spent(&mut self, at: Span) -> bool {
        if self.over.is_none() && self.out.len() > self.budget {
            self.over = Some(at);
        }
        self.over.is_some()
    }

    fn finish(self) -> Result<Translated, (Span, String)> {
        match self.over {
            Some(at) => Err((
                at,
                format!("not audited: its translation to native syntax grows beyond {MAX_GROWTH} times the file's size here"),
            )),
            None => Ok(Translated {
                hcl: self.out,
                map: self.map,
            }),
        }
    }

    fn mark(&mut self, start: usize, json: Span) {
        self.map.push((Span::new(start, self.out.len()), json));
    }

    /// `ident "l1" "l2" { … }` for each block under `v`, descending `labels` levels of keys.
    fn top<'a>(&mut self, ident: &str, labels: usize, v: NodeRef<'a>, path: &mut Vec<NodeRef<'a>>) {
        if path.len() == labels {
            for body in blocks_of(v) {
                if self.spent(body.span()) {
                    return;
                }
                let start = self.out.len();
                self.out.push_str(ident);
                for l in path.iter() {
                    let at = self.out.len() + 1;
                    let _ = write!(self.out, " {}", quote(l.as_str().unwrap_or_default()));
                    self.mark(at, l.span());
                }
                self.out.push_str(" {\n");
                self.body(body, ident == "locals", 1);
                self.out.push_str("}\n");
                self.mark(start, body.span());
            }
            return;
        }
        for (k, inner) in v.entries() {
            if k.as_str() == Some("//") {
                continue;
            }
            path.push(k);
            self.top(ident, labels, inner, path);
            path.pop();
        }
    }

    /// The arguments and nested blocks of an object; `flat`: every key is an argument (`locals`,
    /// `.tfvars.json`).
    fn body(&mut self, obj: NodeRef, flat: bool, depth: usize) {
        for (k, v) in obj.entries() {
            if self.spent(k.span()) {
                return;
            }
            let Some(key) = k.as_str() else { continue };
            if key == "//" || !is_identifier(key) || depth > 32 {
                continue;
            }
            // Indentation is for reading the translation only: capped, so deep nesting stays linear.
            let indent = "  ".repeat(depth.min(MAX_INDENT));
            let blocky = !flat
                && !MAP_ARGUMENTS.contains(&key)
                && (v.is_map() || (v.is_seq() && !v.items().is_empty() && v.items().iter().all(|i| i.is_map())));
            if blocky && LABELLED_BLOCKS.contains(&key) {
                for (label, inner) in v.entries() {
                    for b in blocks_of(inner) {
                        if self.spent(b.span()) {
                            return;
                        }
                        let start = self.out.len();
                        let _ = write!(self.out, "{indent}{key} ");
                        let at = self.out.len();
                        self.out.push_str(&quote(label.as_str().unwrap_or_default()));
                        self.mark(at, label.span());
                        self.out.push_str(" {\n");
                        self.body(b, false, depth + 1);
                        let _ = writeln!(self.out, "{indent}}}");
                        self.mark(start, b.span());
                    }
                }
            } else if blocky {
                for b in blocks_of(v) {
                    if self.spent(b.span()) {
                        return;
                    }
                    let start = self.out.len();
                    let _ = write!(self.out, "{indent}{key}");
                    self.mark(start + indent.len(), k.span());
                    self.out.push_str(" {\n");
                    self.body(b, false, depth + 1);
                    let _ = writeln!(self.out, "{indent}}}");
                    self.mark(start, b.span());
                }
            } else {
                let start = self.out.len() + indent.len();
                let _ = write!(self.out, "{indent}{key}");
                self.mark(start, k.span());
                self.out.push_str(" = ");
                self.expr(v);
                self.mark(start, Span::new(k.span().start, v.span().end));
                self.out.push('\n');
            }
        }
    }

    fn expr(&mut self, v: NodeRef) {
        if self.spent(v.span()) {
            return;
        }
        let start = self.out.len();
        if v.is_map() {
            self.out.push('{');
            for (i, (k, inner)) in v.entries().into_iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                let at = self.out.len();
                self.out.push_str(&quote(k.as_str().unwrap_or_default()));
                self.mark(at, k.span());
                self.out.push_str(" = ");
                self.expr(inner);
            }
            self.out.push('}');
        } else if v.is_seq() {
            self.out.push('[');
            for (i, item) in v.items().into_iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.expr(item);
            }
            self.out.push(']');
        } else if v.style() == Style::DoubleQuoted {
            let s = v.as_str().unwrap_or_default();
            // `"${var.x}"` alone is the expression itself.
            match s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
                Some(inner) if !inner.contains("${") && !inner.contains('}') && !inner.trim().is_empty() => self.out.push_str(inner.trim()),
                _ => self.out.push_str(&quote(s)),
            }
        } else if v.is_null() {
            self.out.push_str("null");
        } else if let Some(b) = v.as_bool() {
            self.out.push_str(if b { "true" } else { "false" });
        } else if v.as_f64().is_some() {
            // As written: a JSON number is a native one, and `1e300` stays five bytes.
            self.out.push_str(v.span().text(self.src));
        } else {
            self.out.push_str("null");
        }
        self.mark(start, v.span());
    }
}

/// The bodies of a block value: an object, or an array of objects (repeated blocks).
fn blocks_of(v: NodeRef) -> Vec<NodeRef> {
    if v.is_seq() {
        v.items().into_iter().filter(|i| i.is_map()).collect()
    } else if v.is_map() {
        vec![v]
    } else {
        Vec::new()
    }
}

fn is_identifier(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A native string literal (template sequences kept: they mean the same in both syntaxes). The
/// literal parts are escaped; an interpolation or directive is copied as written, since it is an
/// expression in both syntaxes, where a line break is blank space and a `"` opens a string
/// (`"${setunion(\n var.a,\n lookup(var.m, \"k\", {}).b,\n)}"` in JSON).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            out.push_str(&rest[..3]);
            i += 3;
            continue;
        }
        if (rest.starts_with("${") || rest.starts_with("%{"))
            && let Some(end) = template_end(s, i + 2)
        {
            out.push_str(&s[i..end]);
            i = end;
            continue;
        }
        i += c.len_utf8();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// From just inside a `${` or `%{`: the offset just past its closing brace, past the braces of
/// object constructors and the strings (with their own templates) inside it. `None` when it is not
/// closed.
fn template_end(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let (mut depth, mut in_string, mut i) = (1usize, false, from);
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => in_string = false,
            (true, b'$' | b'%') if b.get(i + 1) == Some(&b'{') => {
                i = template_end(s, i + 2)?;
                continue;
            }
            (false, b'"') => in_string = true,
            (false, b'{') => depth += 1,
            (false, b'}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
