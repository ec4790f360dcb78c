//! Terraform: `.tf` files parsed with `hcl-edit` (exact byte spans), variables and locals of the
//! module resolved where they are literals, and rules over resources, providers, modules and the
//! `terraform` block.

pub mod json;
pub mod model;
pub mod native;
pub mod rules;

use hcl_edit::structure::Body;
use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules_where;
use shipshape_core::tree::SourceTree;
use shipshape_core::{Diagnostic, RuleMeta, Span};
use shipshape_core::{DomainChecker, Language};
use std::cell::OnceCell;

/// Terraform files, as a [`Language`]: what [`TerraformChecker`] checks.
pub struct TerraformLanguage;

/// A rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<TerraformLanguage>;

/// The checker of the domain.
pub type TerraformChecker = DomainChecker<TerraformLanguage>;

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, Terraform, "hcl", $($body)*);
    };
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub body: &'a Body,
    pub tops: Vec<model::Top<'a>>,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    /// Keys written twice in one object, whose earlier items the rules do not see (the last wins).
    pub repeated: &'a [native::RepeatedKey],
    /// Variable defaults and locals of this file and the other `.tf` files of its directory.
    scope: OnceCell<model::Scope>,
}

/// The scope of the module in `dir` of `tree`: every `.tf` file's declarations (bounded), then the
/// values of the `.tfvars` files beside them.
fn dir_scope(tree: &dyn SourceTree, dir: &std::path::Path) -> model::Scope {
    let mut scope = model::Scope::default();
    let files = tree.list(dir);
    let name = |p: &std::path::Path| p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    let tf: Vec<&std::path::PathBuf> = files
        .iter()
        .filter(|p| name(p).ends_with(".tf") || name(p).ends_with(".tf.json"))
        .collect();
    scope.open = tf.len() > MAX_SIBLINGS;
    for p in tf.into_iter().take(MAX_SIBLINGS) {
        match read_other(tree, p).and_then(|text| parse_other(p, &text, false)) {
            Some(body) => {
                scope.add(&body);
                scope.tf_files += 1;
            }
            None => scope.open = true,
        }
    }
    // Terraform loads `terraform.tfvars` and then `*.auto.tfvars` in name order by itself; any other
    // `.tfvars` file is one of several `-var-file` choices.
    let vars: Vec<&std::path::PathBuf> = files
        .iter()
        .filter(|p| name(p).ends_with(".tfvars") || name(p).ends_with(".tfvars.json"))
        .collect();
    let base = |p: &std::path::Path| name(p).trim_end_matches(".json").to_owned();
    let first = |p: &std::path::Path| base(p) == "terraform.tfvars";
    let auto = |p: &std::path::Path| first(p) || base(p).ends_with(".auto.tfvars");
    let ordered = vars
        .iter()
        .filter(|p| first(p))
        .chain(vars.iter().filter(|p| !first(p) && auto(p)))
        .chain(vars.iter().filter(|p| !auto(p)));
    for p in ordered.take(MAX_SIBLINGS) {
        let Some(body) = read_other(tree, p).and_then(|text| parse_other(p, &text, true)) else {
            continue;
        };
        for a in body.attributes() {
            let v = if auto(p) {
                model::literal(&a.value, &model::Scope::default())
            } else {
                model::Value::Unknown
            };
            scope.overrides.insert(a.key.as_str().to_owned(), v);
        }
    }
    scope
}

/// The inputs each call of a local module passes, by the module's (canonical) directory.
struct ModuleCalls(std::collections::HashMap<std::path::PathBuf, Vec<std::collections::HashMap<String, model::Value>>>);

/// Arguments of a `module` block that are not inputs.
const MODULE_META: &[&str] = &["source", "version", "count", "for_each", "providers", "depends_on"];

/// Every `module` block of the repository with a local `source`, its inputs resolved in the
/// calling module's scope. Only files that can hold one are parsed; a file that cannot be read
/// within bounds or parsed gives nothing.
fn module_calls(project: &shipshape_core::project::Project) -> ModuleCalls {
    let mut calls: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
    let mut scopes: std::collections::HashMap<std::path::PathBuf, model::Scope> = std::collections::HashMap::new();
    let tree = project.tree();
    for path in project.of_kind(&[FileKind::Terraform]) {
        let Some(dir) = path.parent() else { continue };
        let Some(text) = read_other(tree, path).filter(|t| t.contains("module")) else {
            continue;
        };
        let Some(body) = parse_other(path, &text, false) else { continue };
        for t in model::tops(&body).into_iter().filter(|t| t.ident == "module") {
            let source = model::attr(t.body(), "source").map(|a| model::literal(&a.value, &model::Scope::default()));
            let Some(source) = source.as_ref().and_then(model::Value::as_str) else {
                continue;
            };
            if !(source.starts_with("./") || source.starts_with("../")) {
                continue;
            }
            let Some(target) = tree.canonicalize(&dir.join(source)) else {
                continue;
            };
            let scope = scopes.entry(dir.to_path_buf()).or_insert_with(|| dir_scope(tree, dir));
            let inputs = t
                .body()
                .attributes()
                .filter(|a| !MODULE_META.contains(&a.key.as_str()))
                .map(|a| (a.key.as_str().to_owned(), model::literal(&a.value, scope)))
                .collect();
            calls.entry(target).or_default().push(inputs);
        }
    }
    ModuleCalls(calls)
}

/// A module's variables as its callers set them: the one value every call gives (a call that omits
/// it gives the default), else unknown.
fn apply_calls(scope: &mut model::Scope, calls: &[std::collections::HashMap<String, model::Value>]) {
    let names: Vec<String> = scope.vars.keys().cloned().collect();
    for name in names {
        let default = scope.vars.get(&name).cloned().unwrap_or(model::Value::Unknown);
        let mut values = calls.iter().map(|c| c.get(&name).cloned().unwrap_or_else(|| default.clone()));
        let first = values.next().unwrap_or(model::Value::Unknown);
        let agreed = if first != model::Value::Unknown && values.all(|v| v == first) {
            first
        } else {
            model::Value::Unknown
        };
        scope.overrides.insert(name, agreed);
    }
}

/// Sibling files read for the module scope, at most.
const MAX_SIBLINGS: usize = 100;

impl<'a> Ctx<'a> {
    /// Resources of the given types, except those `count = 0` (or an empty literal `for_each`)
    /// switches off.
    pub fn resources(&self, types: &[&str]) -> Vec<model::Top<'a>> {
        self.tops
            .iter()
            .filter(|t| t.ident == "resource" && types.contains(&t.labels[0]))
            .filter(|t| {
                let none = self.value(t.body(), "count").and_then(|c| c.as_f64()) == Some(0.0)
                    || matches!(self.value(t.body(), "for_each"), Some(model::Value::List(l)) if l.is_empty())
                    || matches!(self.value(t.body(), "for_each"), Some(model::Value::Map(m)) if m.is_empty());
                !none
            })
            .copied()
            .collect()
    }

    /// The condition a resource's `count` or `for_each` is chosen by (`var.public_read` of `count =
    /// var.public_read ? 1 : 0`): the resource exists only when the caller says so.
    pub fn switched_by(&self, r: &model::Top<'_>) -> Option<String> {
        ["count", "for_each"].iter().find_map(|k| {
            let a = r.body().get_attribute(k)?;
            match &a.value {
                hcl_edit::expr::Expression::Conditional(c) => Some(model::span_of(&c.cond_expr).text(self.src).trim().to_owned()),
                _ => None,
            }
        })
    }

    /// Whether another module of the repository calls this file's module by a local `source`
    /// (`./modules/x`, `../x`): it is part of that caller's configuration.
    pub fn called_locally(&self) -> bool {
        let Some(path) = self.file.path.as_deref() else { return false };
        let Some(project) = self.core.projects.of(path) else { return false };
        let tree = self.core.tree();
        path.parent()
            .and_then(|d| tree.canonicalize(d))
            .is_some_and(|d| project.fact(module_calls).0.contains_key(&d))
    }

    /// The lowest major version of provider `name` the nearest constraint allows: `required_providers`
    /// or a legacy `provider` block's `version`, in this module's folder or the nearest folder above
    /// it that has one (a root module pins its child modules' providers). `None` when unpinned.
    pub fn provider_major(&self, name: &str) -> Option<u32> {
        let tree = self.core.tree();
        let abs = self.file.path.as_deref().and_then(|p| tree.canonicalize(p))?;
        abs.ancestors().skip(1).take(8).find_map(|dir| {
            tree.list(dir)
                .into_iter()
                .filter(|f| f.extension().is_some_and(|e| e == "tf"))
                .take(200)
                .find_map(|f| tree.read(&f).and_then(|t| provider_constraint_major(&t, name)))
        })
    }

    /// Top-level blocks named `ident` (`provider`, `module`, `terraform`, `variable` …).
    pub fn blocks(&self, ident: &str) -> Vec<model::Top<'a>> {
        self.tops.iter().filter(|t| t.ident == ident).copied().collect()
    }

    /// The module's variable defaults and locals, read on first use.
    pub fn scope(&self) -> &model::Scope {
        self.scope.get_or_init(|| {
            let path = self.file.path.as_deref();
            let tree = self.core.tree();
            // Shared through the project of the run; outside a repository the file reads its own.
            let project = path.and_then(|p| self.core.projects.of(p));
            let dir = path.and_then(std::path::Path::parent).map(|d| {
                let cell = match &project {
                    Some(project) => project.dir_cell::<model::Scope>(d),
                    None => std::sync::Arc::default(),
                };
                cell.get_or_init(|| {
                    let mut scope = dir_scope(tree, d);
                    if let Some(project) = &project {
                        let calls = project.fact(module_calls);
                        if let Some(calls) = tree.canonicalize(d).and_then(|d| calls.0.get(&d)) {
                            apply_calls(&mut scope, calls);
                        }
                    }
                    scope
                });
                cell
            });
            // This file as checked (possibly fixed in memory) overrides what the directory read from disk.
            let mut scope = dir.as_deref().and_then(std::sync::OnceLock::get).cloned().unwrap_or_default();
            scope.add(self.body);
            scope
        })
    }

    /// Where a boolean setting of `body` is known to differ from `want` (a missing key counts as
    /// `default`): the value, or `missing_at` when the key is absent. `None` when it is as wanted or
    /// written through something that cannot be resolved.
    pub fn bool_not(&self, body: &Body, key: &str, want: bool, default: bool, missing_at: Span) -> Option<Span> {
        match body.get_attribute(key) {
            None => (default != want).then_some(missing_at),
            Some(a) => match model::literal(&a.value, self.scope()).as_bool() {
                Some(v) if v != want => Some(model::span_of(&a.value)),
                _ => None,
            },
        }
    }

    /// The literal value of an attribute of `body`.
    pub fn value(&self, body: &Body, key: &str) -> Option<model::Value> {
        model::attr(body, key).map(|a| model::literal(&a.value, self.scope()))
    }
}

pub static PARSE_ERROR: RuleMeta = shipshape_core::rule_meta! {
    domain: Terraform, lang: "hcl",
    code: "TF000", name: "terraform-parse-error", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "The file is not valid HCL",
    what: "Reports HCL syntax errors at the place the parser stopped. The other rules do not run on the file.",
    why: "`terraform init` and `plan` reject the whole module.",
    example: "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"",
    instead: "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}",
    fix_safety: "No automatic fix.",
    refs: "- https://developer.hashicorp.com/terraform/language/syntax/configuration",
};

/// The rules that check `.tfvars` files (and only those).
const VARS_RULES: &[&str] = &["TF052"];
/// The rules about the syntax itself, which check every file.
const SYNTAX_RULES: &[&str] = &["TF053"];

impl Language for TerraformLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        matches!(kind, FileKind::Terraform | FileKind::TerraformVars)
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        let suppressions = shipshape_core::comments::suppressions(src, &[]);
        // A Jinja or cookiecutter template of a Terraform file (2i2c's `template.tfvars`, the
        // forty-first sample's set-up) is not HCL until rendered: its parse error is info.
        // So is one with `<placeholder>` values a setup script fills in (`bucket =
        // <terraform_state_bucket_name>`: DIGIT-DevOps' `init.go`; judged the sixty-sixth sample).
        let blocks = shipshape_core::classify::has_template_blocks(src);
        let template = blocks || angle_placeholders(src);
        // A configuration for Terraform 0.11 or older is HCL1, which allows what HCL2 does not
        // (`dimensions { "InstanceId" = … }`): its parse error says so, as info (ONS' eq-terraform
        // pins 0.11.15: three errors judged wrong, precision sample 44).
        let hcl1 = || hcl1_config(core.tree(), file.path.as_deref(), src);
        let parse_error = |span: Span, message: String| Checked {
            diagnostics: vec![if template {
                let message = if blocks {
                    shipshape_core::classify::template_parse_message(&message)
                } else {
                    format!("a template (`<placeholder>` values), not checked until filled in: {message}")
                };
                Diagnostic::new(&PARSE_ERROR, span, message).severity(shipshape_core::Severity::Info)
            } else if hcl1() {
                Diagnostic::new(
                    &PARSE_ERROR,
                    span,
                    format!("{message} (this configuration targets Terraform 0.11 or older, whose HCL1 syntax shipshape does not read)"),
                )
                .severity(shipshape_core::Severity::Info)
            } else {
                Diagnostic::new(&PARSE_ERROR, span, message).help("fix the syntax; `terraform validate` shows the same error")
            }],
            suppressions: suppressions.clone(),
            parse_errors: 1,
        };
        // JSON syntax: the rules run on its native translation, and findings point back into the JSON
        // (without fixes: their edits are for the translation).
        if is_json(&file.display) {
            let translated = if file.kind == FileKind::TerraformVars {
                json::translate_vars(src)
            } else {
                json::translate(src)
            };
            let t = match translated {
                Ok(t) => t,
                Err((span, message)) => return parse_error(span, message),
            };
            let body = match hcl_edit::parser::parse_body(&t.hcl) {
                Ok(body) => body,
                // The translation is valid HCL but for what the strings hold: the error is in the
                // JSON string that the translated offset falls in.
                Err(e) => {
                    let at = e.location().offset().min(t.hcl.len());
                    let span = t.to_json(Span::new(at, at), src);
                    return parse_error(span, format!("an expression in a string is not valid: {}", e.message()));
                }
            };
            let mut diagnostics = check_body(&t.hcl, &body, &[], file, core);
            for d in &mut diagnostics {
                d.span = t.to_json(d.span, src);
                d.fix = None;
                for l in &mut d.labels {
                    l.span = t.to_json(l.span, src);
                }
            }
            return Checked {
                diagnostics,
                suppressions,
                parse_errors: 0,
            };
        }
        let parsed = match native::parse(src) {
            Ok(p) => p,
            Err(e) => {
                let native = native::without_bom(src);
                let at = line_offset(&native, e.location().line(), e.location().column());
                let end = native[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                return parse_error(Span::new(at, end), format!("invalid HCL: {}", e.message()));
            }
        };
        let mut suppressions = suppressions;
        suppressions.extend(checkov_skips(&parsed.text, &parsed.body));
        let mut diagnostics = check_body(&parsed.text, &parsed.body, &parsed.repeated, file, core);
        explained_exposures(&parsed.text, &mut diagnostics);
        if !parsed.repeated.is_empty() {
            // The rules saw the file without the items a repeated key replaces: their edits are not
            // for the file as written.
            for d in &mut diagnostics {
                d.fix = None;
            }
        }
        Checked {
            diagnostics,
            suppressions,
            parse_errors: 0,
        }
    }
}

/// Exposure the author explains beside it is a decision, not an oversight: a comment on the line or
/// right above it ("cheaper than NAT gateways", "needed because the bastion is in the legacy
/// account"), or a `description` in its block that says so ("SSH access from the world"). The
/// twenty-sixth sample judged every such finding (bastions, dev desktops, egress-only runners,
/// commented grants) not worth a default finding: its security warnings there are info, shown
/// when the rule is named. A comment that calls it temporary or a to-do does not count.
fn explained_exposures(src: &str, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.severity != shipshape_core::Severity::Warning || d.rule.category != shipshape_core::rule::Category::Security {
            continue;
        }
        if explained_at(src, d.span.start) {
            d.severity = shipshape_core::Severity::Info;
        }
    }
}

fn explained_at(src: &str, at: usize) -> bool {
    let at = src.floor_char_boundary(at.min(src.len()));
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    let is_comment = |l: &str| {
        let t = l.trim_start();
        t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
    };
    let excuses = |c: &str| {
        let lower = c.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|w| w.len() > 2)
            .collect();
        words.len() >= 3
            && !["todo", "fixme", "xxx", "hack", "temporary", "temporarily", "insecure"]
                .iter()
                .any(|w| words.contains(w))
    };
    // A finding on a block's header (an argument that is missing) has only the block's own
    // documentation above it ("# Create GCS buckets for backup storage"), no explanation.
    let line = &src[line_start..line_end];
    if ["resource ", "data ", "module "].iter().any(|k| line.trim_start().starts_with(k)) {
        return false;
    }
    // A comment after the value on the same line.
    if let Some(i) = line.find(" #").or_else(|| line.find(" //"))
        && !line[..i].contains('"')
        && excuses(&line[i..])
    {
        return true;
    }
    // The comment lines right above.
    let mut above = String::new();
    let mut end = line_start;
    while end > 0 {
        let start = src[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let l = &src[start..end - 1];
        if !is_comment(l) {
            break;
        }
        above.push_str(l);
        above.push(' ');
        end = start;
    }
    if excuses(&above) {
        return true;
    }
    // A `description` of the block that says the exposure is meant.
    let block_start = src[..line_start].rfind('{').map_or(0, |i| i + 1);
    let block_end = src[line_end..].find('}').map_or(src.len(), |i| line_end + i);
    src[block_start..block_end].lines().any(|l| {
        let t = l.trim_start();
        let lower = t.to_ascii_lowercase();
        t.starts_with("description")
            && ["world", "anywhere", "internet", "everyone", "public"]
                .iter()
                .any(|w| lower.contains(w))
    })
}

/// Every enabled rule that applies to the file's kind, over `body` (parsed from `src`).
fn check_body(src: &str, body: &Body, repeated: &[native::RepeatedKey], file: &SourceFile, core: &CheckContext) -> Vec<Diagnostic> {
    let cx = Ctx {
        src,
        body,
        tops: model::tops(body),
        file,
        core,
        repeated,
        scope: OnceCell::new(),
    };
    let mut diagnostics = Vec::new();
    let vars_file = file.kind == FileKind::TerraformVars;
    // A `.tfvars` file holds values only: its own rules run on it, the others on `.tf` files.
    run_rules_where::<TerraformLanguage>(&cx, core, &mut diagnostics, |meta| {
        VARS_RULES.contains(&meta.code) == vars_file || SYNTAX_RULES.contains(&meta.code)
    });
    diagnostics
}

/// checkov's `#checkov:skip=CKV_AWS_20:reason` comments: inside a block, they suppress the rules
/// that declare that checkov check, for the whole block (as checkov does).
fn checkov_skips(src: &str, body: &Body) -> Vec<shipshape_core::suppress::Suppression> {
    use shipshape_core::suppress::{Origin, Scope, Suppression};
    const PRAGMA: &str = "checkov:skip=";
    let mut out = Vec::new();
    for block in body.blocks() {
        let Some(range) = hcl_edit::Span::span(block) else { continue };
        let text = &src[range.start.min(src.len())..range.end.min(src.len())];
        let mut from = 0;
        while let Some(at) = text[from..].find(PRAGMA) {
            let start = range.start + from + at;
            let id_start = start + PRAGMA.len();
            let id: String = src[id_start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
            from += at + PRAGMA.len();
            // Only in a comment: `#` or `//` earlier on the line.
            let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
            let before = &src[line_start..start];
            if id.is_empty() || !(before.contains('#') || before.contains("//")) {
                continue;
            }
            out.push(Suppression {
                comment: Span::new(start, line_end),
                scope: Scope::Range(Span::new(range.start, range.end)),
                selectors: vec![(id.clone(), Span::new(id_start, id_start + id.len()))],
                origin: Origin::Peer("checkov"),
            });
        }
    }
    out
}

fn is_json(name: &str) -> bool {
    name.len() > 5 && name[name.len() - 5..].eq_ignore_ascii_case(".json")
}

/// The text of a file read for facts about the file checked (the module's other files, the calls
/// of the repository), through the run's tree: a regular file (a FIFO would block) of at most
/// `tree::MAX_BYTES`, UTF-8 and not binary (a NUL byte in its first 8 KiB), or nothing.
fn read_other(tree: &dyn SourceTree, path: &std::path::Path) -> Option<String> {
    tree.read(path)
}

/// Another Terraform file parsed: native syntax as is, JSON syntax through its translation (whose
/// size has a budget). A file that does not parse, or makes the parser panic, gives no facts and
/// never fails the check of the file that asked.
fn parse_other(path: &std::path::Path, text: &str, vars: bool) -> Option<Body> {
    let json = is_json(path.to_str().unwrap_or_default());
    std::panic::catch_unwind(|| {
        if !json {
            return native::parse(text).ok().map(|p| p.body);
        }
        let t = if vars { json::translate_vars(text) } else { json::translate(text) }.ok()?;
        hcl_edit::parser::parse_body(&t.hcl).ok()
    })
    .ok()
    .flatten()
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
fn line_offset(src: &str, line: usize, column: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &src[start.min(src.len())..];
    let col = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    (start + col).min(src.len())
}

/// The major of the first version in the constraint `text` gives provider `name`: `version =
/// "~> 2.31.0"` in `provider "azurerm" {…}` or in `azurerm = {…}` of `required_providers`, or the
/// shorthand `azurerm = "~> 3.0"`.
fn provider_constraint_major(text: &str, name: &str) -> Option<u32> {
    for (at, _) in text.match_indices(name) {
        let before = text[..at].trim_end();
        let quoted = before.ends_with('"') && text[at + name.len()..].starts_with('"');
        let key = text[..at].chars().next_back().is_none_or(|c| c.is_whitespace()) && !quoted;
        let block = quoted && before[..before.len() - 1].trim_end().ends_with("provider");
        let rest = &text[at + name.len()..];
        let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
        let window: &str = if block || (key && rest.starts_with('=')) {
            let end = rest.find('}').unwrap_or(rest.len()).min(400);
            &rest[..end]
        } else {
            continue;
        };
        // `azurerm = "~> 3.0"` (shorthand) or `version = "…"` inside the block or object.
        let constraint = if let Some(v) = window.strip_prefix('=').map(str::trim_start).filter(|v| v.starts_with('"')) {
            v[1..].split('"').next()
        } else {
            window.find("version").and_then(|i| {
                let v = window[i + 7..].trim_start().strip_prefix('=')?.trim_start().strip_prefix('"')?;
                v.split('"').next()
            })
        };
        if let Some(major) = constraint.and_then(|c| {
            c.trim_start_matches(['~', '>', '=', '<', '^', ' ', 'v'])
                .split('.')
                .next()?
                .parse()
                .ok()
        }) {
            return Some(major);
        }
    }
    None
}

/// Whether an attribute's value is a bare `<placeholder>` (`bucket = <state_bucket_name>`), which
/// no Terraform reads: a template a setup script fills in.
fn angle_placeholders(src: &str) -> bool {
    src.lines().any(|l| {
        let Some((key, value)) = l.split_once('=') else { return false };
        // A comment after the value (`controller_count = <number>  # defaults to 1`: Sovereign
        // Cloud Stack's environment template, judged not worth an error, the seventy-third sample).
        let value = value
            .split(['#'])
            .next()
            .unwrap_or(value)
            .split("//")
            .next()
            .unwrap_or(value)
            .trim();
        let key = key.trim();
        !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && value.len() > 2
            && value.starts_with('<')
            && value.ends_with('>')
            && value[1..value.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '))
    })
}

/// Whether a Terraform file targets 0.11 or older: it or a `.tf` file of its folder reads as 0.11
/// code ([`hcl1_text`]: OpenLMIS' `terraform.tfvars` beside a 0.11 `main.tf`, judged wrong as an
/// error, the seventy-third sample), or a folder above pins it (`.terraform-version` of `0.11.15`).
fn hcl1_config(tree: &dyn shipshape_core::tree::SourceTree, path: Option<&std::path::Path>, src: &str) -> bool {
    if hcl1_text(src) {
        return true;
    }
    let Some(abs) = path.and_then(|p| tree.canonicalize(p)) else {
        return false;
    };
    let old = |v: &str| {
        let v = v.trim().trim_start_matches(['~', '>', '=', '<', '!', ' ', 'v']);
        let mut parts = v.split('.');
        parts.next() == Some("0") && parts.next().and_then(|m| m.trim().parse::<u32>().ok()).is_some_and(|m| m <= 11)
    };
    let siblings = abs.parent().map(|d| tree.list(d)).unwrap_or_default();
    siblings
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "tf") && **f != abs)
        .take(32)
        .any(|f| tree.read(f).is_some_and(|t| hcl1_text(&t)))
        || abs
            .ancestors()
            .skip(1)
            .take(8)
            .any(|dir| tree.read(&dir.join(".terraform-version")).is_some_and(|v| old(&v)))
}

/// Whether a Terraform text reads as 0.11 code: `required_version = "< 0.12"` or `"~> 0.11.0"`,
/// values written as interpolation-only strings, or variable types in quotes (`type = "string"`).
fn hcl1_text(src: &str) -> bool {
    let old = |v: &str| {
        let v = v.trim().trim_start_matches(['~', '>', '=', '<', '!', ' ', 'v']);
        let mut parts = v.split('.');
        parts.next() == Some("0") && parts.next().and_then(|m| m.trim().parse::<u32>().ok()).is_some_and(|m| m <= 11)
    };
    let pinned = |text: &str| {
        text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("required_version")
                && l.split('"').nth(1).is_some_and(|c| {
                    c.split(',').any(|part| {
                        let p = part.trim();
                        (p.starts_with('<') && p.trim_start_matches(['<', '=', ' ']).starts_with("0.12")) || (!p.starts_with('>') && old(p))
                    })
                })
        })
    };
    // Values written as interpolation-only strings (`ami = "${var.ami}"`), which Terraform 0.12
    // made unnecessary, in a file HCL2 does not read: 0.11-era code (Gen3's cloud-automation
    // modules, eight parse errors judged wrong, the fifty-fifth sample).
    let interpolation_only = src
        .lines()
        .filter(|l| {
            l.split_once('=')
                .is_some_and(|(_, v)| v.trim().starts_with("\"${") && v.trim().ends_with("}\""))
        })
        .count();
    // `required_providers` with a `source` needs 0.13 or later, whatever the strings look like
    // (DIGIT-DevOps' `main.tf`, called HCL1: judged wrong, the sixty-sixth sample).
    let modern = src.contains("required_providers") && src.lines().any(|l| l.trim_start().starts_with("source") && l.contains('='));
    // `type = "string"`, the 0.11 way of writing a variable's type (0.12 read it with a warning,
    // OpenLMIS' `reference-instance` module, whose trailing commas only HCL1 allows).
    let quoted_type = src.lines().any(|l| {
        l.trim()
            .strip_prefix("type")
            .and_then(|r| r.trim_start().strip_prefix('='))
            .is_some_and(|v| matches!(v.trim(), "\"string\"" | "\"list\"" | "\"map\""))
    });
    pinned(src) || (!modern && (interpolation_only >= 3 || quoted_type))
}

#[cfg(test)]
mod provider_tests {
    use super::provider_constraint_major as major;

    #[test]
    fn provider_constraints() {
        assert_eq!(
            major("provider \"azurerm\" {\n  version = \"~>2.31.0\"\n  features {}\n}\n", "azurerm"),
            Some(2)
        );
        let req = "terraform {\n  required_providers {\n    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = \">= 3.75, < 5.0\"\n    }\n  }\n}\n";
        assert_eq!(major(req, "azurerm"), Some(3));
        assert_eq!(
            major(
                "terraform {\n  required_providers {\n    azurerm = \"~> 1.44\"\n  }\n}\n",
                "azurerm"
            ),
            Some(1)
        );
        assert_eq!(major("provider \"azurerm\" {\n  features {}\n}\n", "azurerm"), None);
        assert_eq!(major("resource \"azurerm_storage_account\" \"x\" {}\n", "azurerm"), None);
    }
}
