//! GitHub Actions: workflows (`.github/workflows/*.yml`), action metadata (`action.yml`, audited on
//! its own) and `.github/dependabot.yml`, read through the one YAML layer.

pub mod declared;
pub mod expr;
pub mod model;
pub mod payload;
pub mod rules;
pub mod runner;
pub mod script;
pub mod sema;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::suppress::Suppression;
use shipshape_core::{Diagnostic, Fix, RuleMeta, Span};
use shipshape_core::{DomainChecker, Language};
use shipshape_yaml::{NodeRef, Yaml};
use std::collections::HashMap;

/// GitHub Actions workflows, actions and Dependabot files, as a [`Language`]: what [`ActionsChecker`] checks.
pub struct ActionsLanguage;

/// A rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<ActionsLanguage>;

/// The checker of the domain.
pub type ActionsChecker = DomainChecker<ActionsLanguage>;

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub kind: FileKind,
    /// The root mapping of the (first) document.
    pub root: NodeRef<'a>,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    /// Parsed expressions, built on first use.
    pub exprs: std::cell::OnceCell<ExprIndex<'a>>,
    /// What every expression type environment of the file shares, built on first use.
    pub types: std::cell::OnceCell<sema::Shared>,
    /// What each `uses:` of the file declares ([`declared::of`]), read once per file: GHA074,
    /// GHA079 and GHA081 ask for the same steps.
    pub declared: std::cell::RefCell<std::collections::HashMap<String, Option<std::rc::Rc<declared::Declared>>>>,
    /// Each `run:` script read by the shell model once per file ([`Ctx::run_script`]), by the
    /// node's start: six rules read them, and each parse was a tree-sitter run.
    pub scripts: std::cell::RefCell<std::collections::HashMap<usize, Option<std::rc::Rc<shipshape_knowledge::shell::Script>>>>,
}

impl<'a> Ctx<'a> {
    pub fn is_workflow(&self) -> bool {
        self.kind == FileKind::GithubWorkflow
    }

    pub fn list_option(&self, rule: &RuleMeta, key: &str) -> Vec<String> {
        self.core.list_option(rule, key)
    }

    /// Whether `owner` owns this repository (its `origin` remote on a GitHub host): its actions
    /// and workflows are the same people's code, not a third party's.
    /// The project's organisation for its shared actions counts too: `<owner>-actions` (Zowe's
    /// `zowe-actions/shared-actions@main` in `zowe/…`, thirteen GHA005 judged not worth it, the
    /// seventy-fourth sample).
    pub fn is_own_owner(&self, owner: &str) -> bool {
        self.core.projects.origin_of(self.file.path.as_deref()).is_some_and(|o| {
            let owner = owner.to_ascii_lowercase();
            let own = o.owner.to_ascii_lowercase();
            o.host.contains("github")
                && (owner == own
                    || owner
                        .strip_prefix(own.as_str())
                        .and_then(|rest| rest.strip_prefix('-'))
                        .is_some_and(|rest| matches!(rest, "actions" | "github-actions" | "ci" | "workflows")))
        })
    }

    /// Every step of the file (workflow jobs, or a composite action's `runs.steps`) with its job.
    pub fn steps(&self) -> Vec<(Option<NodeRef<'a>>, NodeRef<'a>)> {
        model::all_steps(self.root)
    }

    /// Every step and job that may carry `uses:` (actions and reusable-workflow calls).
    pub fn uses_holders(&self) -> Vec<NodeRef<'a>> {
        let mut nodes: Vec<_> = self.steps().into_iter().map(|(_, s)| s).collect();
        nodes.extend(model::jobs(self.root).into_iter().map(|(_, j)| j));
        nodes
    }

    /// Every `${{ }}` expression in a scalar node that parses, with where it is written.
    pub fn exprs_in(&self, node: NodeRef<'a>) -> Vec<&ExprAt<'a>> {
        self.index()
            .embedded
            .get(&node.span().start)
            .map(|v| v.iter().collect())
            .unwrap_or_default()
    }

    /// Every parsed expression in the file: `${{ }}` in any scalar, and bare `if:` conditions.
    pub fn all_exprs(&self) -> Vec<&ExprAt<'a>> {
        let index = self.index();
        let mut out: Vec<&ExprAt<'a>> = index.order.iter().flat_map(|s| index.embedded[s].iter()).collect();
        out.extend(index.bare.values());
        out
    }

    /// Every `${{ }}` expression in the scalars under `node` (bare `if:`s not included).
    pub fn exprs_under(&self, node: NodeRef<'a>) -> Vec<&ExprAt<'a>> {
        let index = self.index();
        let mut starts = Vec::new();
        node.walk(&mut |n| {
            if n.is_scalar() && index.embedded.contains_key(&n.span().start) {
                starts.push(n.span().start);
            }
        });
        starts.sort_unstable();
        starts.dedup();
        starts.iter().flat_map(|s| index.embedded[s].iter()).collect()
    }

    /// The expressions of a job or step: `${{ }}` under it and its own bare `if:`, with the key each
    /// sits under (`if`, `run`, `with`…).
    pub fn exprs_of(&self, node: NodeRef<'a>) -> Vec<(String, &ExprAt<'a>)> {
        let mut out = Vec::new();
        for (k, v) in node.entries() {
            let key = k.as_str().unwrap_or_default().to_owned();
            if key == "if"
                && let Some(e) = self.bare_condition(v)
            {
                out.push((key.clone(), e));
            }
            if key == "steps" {
                continue;
            }
            out.extend(self.exprs_under(v).into_iter().map(|e| (key.clone(), e)));
        }
        out
    }

    /// Parse every expression of the file once; rules share the result.
    /// The expression types every site of the file shares ([`sema::Shared`]).
    pub fn shared(&self) -> &sema::Shared {
        self.types.get_or_init(|| sema::Shared::of(self))
    }

    fn index(&self) -> &ExprIndex<'a> {
        self.exprs.get_or_init(|| {
            let mut index = ExprIndex::default();
            let mut nodes = Vec::new();
            self.root.walk(&mut |n| {
                if n.is_scalar() && n.as_str().is_some_and(|t| t.contains("${{")) {
                    nodes.push(n);
                }
            });
            nodes.sort_by_key(|n| n.span().start);
            nodes.dedup_by_key(|n| n.span().start);
            for n in nodes {
                let found = parse_embedded(self.src, n);
                if !found.is_empty() {
                    index.order.push(n.span().start);
                    index.embedded.insert(n.span().start, found);
                }
            }
            for n in self.conditions() {
                if let Some(e) = parse_bare(n) {
                    index.bare.insert(n.span().start, e);
                }
            }
            index
        })
    }

    /// Every `shell:`: steps, and `defaults.run.shell` of the workflow and of each job.
    pub fn shells(&self) -> Vec<NodeRef<'a>> {
        fn default_shell(n: NodeRef<'_>) -> Option<NodeRef<'_>> {
            n.get("defaults")?.get("run")?.get("shell")
        }
        let mut shells: Vec<_> = self.steps().into_iter().filter_map(|(_, s)| s.get("shell")).collect();
        shells.extend(default_shell(self.root));
        shells.extend(model::jobs(self.root).into_iter().filter_map(|(_, j)| default_shell(j)));
        shells
    }

    /// Every `if:` of a job or step.
    pub fn conditions(&self) -> Vec<NodeRef<'a>> {
        let mut ifs: Vec<_> = model::jobs(self.root).into_iter().filter_map(|(_, j)| j.get("if")).collect();
        ifs.extend(self.steps().into_iter().filter_map(|(_, s)| s.get("if")));
        ifs
    }

    /// A bare (`${{`-less) `if:` condition, parsed.
    pub fn bare_condition(&self, node: NodeRef<'a>) -> Option<&ExprAt<'a>> {
        self.index().bare.get(&node.span().start)
    }

    /// Every `${{ … }}` of a scalar that is written literally, by its text, with each place it is
    /// written (in order): what [`Ctx::env_fix`] replaces.
    pub fn literal_exprs(&self, node: NodeRef<'a>) -> HashMap<&'a str, Vec<Span>> {
        let mut places: HashMap<&'a str, Vec<Span>> = HashMap::new();
        for e in self.exprs_in(node).into_iter().filter(|e| e.base.is_some()) {
            places.entry(e.span.text(self.src)).or_default().push(e.span);
        }
        places
    }

    /// Move `written` (a `${{ … }}` written at `places` in a `run` script) into the step's `env:` as
    /// `name`, and read the variable where the expression was, written for the place so the script
    /// gets the same text: `"${name}"` outside quotes (no word splitting), `${name}` in double
    /// quotes and unquoted here-documents, `'"${name}"'` inside single quotes, `${env:name}` in
    /// PowerShell. `None` when a place expands nothing (a quoted here-document `<<'EOF'`, a
    /// PowerShell single-quoted string), the shell is neither, bash cannot parse the script, the
    /// name is already bound to something else, or the YAML is not block style.
    pub fn env_fix(&self, job: Option<NodeRef<'a>>, step: NodeRef<'a>, places: &[Span], written: &str, name: &str) -> Option<Fix> {
        use shipshape_knowledge::shell::Quote;
        let value = format!("${{{{ {} }}}}", written.trim_start_matches("${{").trim_end_matches("}}").trim());
        let posix = match runner::dialect(self.root, job, step)? {
            script::Dialect::Posix if runner::posix_script(self.root, job, step) => Some(self.run_script(step.get("run")?, true)?),
            script::Dialect::Posix => return None,
            script::Dialect::PowerShell => None,
        };
        let mut edits = Vec::new();
        for span in places {
            let text = match &posix {
                Some(script) => match script.quote_at(span.start) {
                    Quote::Unquoted => format!("\"${{{name}}}\""),
                    Quote::Single => format!("'\"${{{name}}}\"'"),
                    Quote::Heredoc { literal: true } => return None,
                    Quote::Double | Quote::Arithmetic | Quote::Heredoc { literal: false } => format!("${{{name}}}"),
                },
                None => {
                    let line = &self.src[self.src[..span.start].rfind('\n').map_or(0, |i| i + 1)..span.start];
                    if line.matches('\'').count() % 2 == 1 {
                        return None;
                    }
                    format!("${{env:{name}}}")
                }
            };
            edits.push(shipshape_core::Edit::replace(*span, text));
        }
        let used = edits.first()?.replacement.clone();
        match step.get("env") {
            Some(env) => match env.get(name) {
                Some(v) if v.as_str().is_some_and(|t| t.replace(' ', "") == value.replace(' ', "")) => {}
                Some(_) => return None,
                None => edits.push(shipshape_yaml::patch::insert_entry(self.src, env, name, &value, None)?),
            },
            None => edits.push(shipshape_yaml::patch::insert_entry(
                self.src,
                step,
                "env",
                &format!("\n{name}: {value}"),
                None,
            )?),
        }
        Some(Fix::unsafe_(format!("pass it through `env: {name}` and use `{used}`"), edits))
    }

    /// Every step of a workflow's jobs that runs a script: (job, step, its `run:` node). Empty
    /// for an action's metadata (a composite action's steps name their shell).
    pub fn workflow_runs(&self) -> Vec<(NodeRef<'a>, NodeRef<'a>, NodeRef<'a>)> {
        if !self.is_workflow() {
            return Vec::new();
        }
        self.steps()
            .into_iter()
            .filter_map(|(job, step)| Some((job?, step, step.get("run").filter(|r| r.as_str().is_some())?)))
            .collect()
    }

    /// A step's `run:` script read by the shell model (`shipshape_knowledge::shell`), each offset
    /// mapped to the file and every `${{ }}` read as a word; `None` when it is too large, or when
    /// `parsed_only` and bash cannot parse it (rules that judge syntax stay silent there).
    pub fn run_script(&self, run: NodeRef<'a>, parsed_only: bool) -> Option<std::rc::Rc<shipshape_knowledge::shell::Script>> {
        let key = run.span().start;
        let cached = self.scripts.borrow().get(&key).cloned();
        let script = match cached {
            Some(s) => s,
            None => {
                let read = run.as_str().and_then(|script| {
                    let mut text = shipshape_knowledge::shell::map_scalar(self.src, run.span(), script);
                    text.value = shipshape_knowledge::shell::blank_expressions(&text.value);
                    shipshape_knowledge::shell::analyse(&text).map(std::rc::Rc::new)
                });
                self.scripts.borrow_mut().insert(key, read.clone());
                read
            }
        };
        script.filter(|s| !(parsed_only && s.has_error))
    }

    /// The metadata (`action.yml`) of the action of this repository a step runs (`uses:
    /// ./.github/actions/x`), read through the run's tree; `None` for any other step.
    pub fn local_action(&self, step: NodeRef<'_>) -> Option<String> {
        let uses = step.get("uses").and_then(|u| u.as_str())?;
        let (project, rel) = self.own_path(uses)?;
        let dir = project.root.join(rel.trim_end_matches('/'));
        let tree = self.core.tree();
        tree.read(&dir.join("action.yml")).or_else(|| tree.read(&dir.join("action.yaml")))
    }

    /// The repository and the path inside it that a `uses:` of this repository names: `./path`, or
    /// `owner/repo/path@ref` naming this repository by its `origin` (Altinn's workflows run
    /// `Altinn/altinn-platform/actions/terraform/plan@…`: judged wrong as "every job gets
    /// `id-token: write` without using it", the seventy-third sample).
    pub fn own_path<'u>(&self, uses: &'u str) -> Option<(std::sync::Arc<shipshape_core::project::Project>, &'u str)> {
        let project = self.file.path.as_deref().and_then(|f| self.core.projects.of(f))?;
        let rel = match model::local_path(uses) {
            Some(local) => local,
            None => {
                let origin = project.origin()?;
                let mut parts = uses.split('@').next()?.splitn(3, '/');
                let (owner, name, rest) = (parts.next()?, parts.next()?, parts.next()?);
                if !(owner.eq_ignore_ascii_case(&origin.owner) && name.eq_ignore_ascii_case(&origin.name)) {
                    return None;
                }
                rest
            }
        };
        Some((project, rel))
    }

    /// Whether this action metadata is a local action in a folder of its repository (only its own
    /// workflows use it), not the repository's root `action.yml` (a published action).
    pub fn is_local_action(&self) -> bool {
        match self.file.path.as_deref().and_then(|p| Some((p, self.core.projects.of(p)?))) {
            Some((path, project)) => path.parent().is_some_and(|d| d != project.root),
            None => self.file.display.replace('\\', "/").contains('/'),
        }
    }

    /// The span of `needle` inside a scalar node when written literally, else the node's span.
    pub fn span_in(&self, node: NodeRef, needle: &str, nth: usize) -> Span {
        node.find_in_source(self.src, needle, nth).unwrap_or(node.span())
    }
}

/// The file's expressions, parsed once: `${{ }}` by the start of their scalar, bare `if:`s likewise.
#[derive(Default)]
pub struct ExprIndex<'a> {
    embedded: std::collections::HashMap<usize, Vec<ExprAt<'a>>>,
    /// Scalar starts in source order.
    order: Vec<usize>,
    bare: std::collections::BTreeMap<usize, ExprAt<'a>>,
}

fn parse_embedded<'a>(src: &str, node: NodeRef<'a>) -> Vec<ExprAt<'a>> {
    let Some(text) = node.as_str() else { return Vec::new() };
    let mut out = Vec::new();
    // The n-th `${{ x }}` of the value is the n-th `${{ x }}` written in the source: find every
    // one written in one pass (a search per expression was quadratic in a long script); an
    // expression not found that way is searched for as before.
    let span = node.span();
    let source = src.get(span.start..span.end).unwrap_or_default();
    let mut in_source: HashMap<&str, Vec<Span>> = HashMap::new();
    for e in expr::embedded(source) {
        in_source
            .entry(&source[e.start..e.end])
            .or_default()
            .push(Span::new(span.start + e.start, span.start + e.end));
    }
    let mut seen = HashMap::<&str, usize>::new();
    for e in expr::embedded(text) {
        let written = &text[e.start..e.end];
        let nth = seen.entry(written).or_default();
        let found = match in_source.get(written).and_then(|v| v.get(*nth)) {
            Some(s) => Some(*s),
            None => node.find_in_source(src, written, *nth),
        };
        *nth += 1;
        let Ok(parsed) = expr::parse(e.inner) else { continue };
        out.push(ExprAt {
            node,
            span: found.unwrap_or(node.span()),
            base: found.map(|s| s.start + 3),
            parsed,
        });
    }
    out
}

fn parse_bare(node: NodeRef<'_>) -> Option<ExprAt<'_>> {
    let text = node.as_text()?;
    if text.contains("${{") || node.as_bool().is_some() {
        return None;
    }
    let parsed = expr::parse(text).ok()?;
    let plain = node.style() == shipshape_yaml::Style::Plain;
    Some(ExprAt {
        node,
        span: node.span(),
        base: plain.then(|| node.span().start),
        parsed,
    })
}

/// A parsed expression and where it is written.
pub struct ExprAt<'a> {
    /// The scalar holding it.
    pub node: NodeRef<'a>,
    /// `${{ … }}` in the source (the whole scalar when it cannot be found literally).
    pub span: Span,
    /// Source offset of the expression's text, when written literally.
    pub base: Option<usize>,
    pub parsed: expr::Spanned,
}

impl ExprAt<'_> {
    /// The source span of a sub-expression, or the whole expression's span.
    pub fn sub(&self, e: &expr::Spanned) -> Span {
        self.base.map_or(self.span, |b| Span::new(b + e.start, b + e.end))
    }
}

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, GithubActions, "yaml", $($body)*);
    };
}

pub static PARSE_ERROR: RuleMeta = shipshape_core::rule_meta! {
    domain: GithubActions, lang: "yaml",
    code: "GHA000", name: "actions-parse-error", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:syntax-check"], options: [],
    summary: "The workflow, action or dependabot file is not valid YAML",
    what: "Reports YAML syntax errors (with the place the parser stopped), and a file whose top level is not a mapping.",
    why: "GitHub refuses to run a workflow it cannot parse, often silently: the workflow just never starts.",
    example: "on: push\njobs:\n  build:\n    steps: [",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax",
};

pub static DUPLICATE_KEY: RuleMeta = shipshape_core::rule_meta! {
    domain: GithubActions, lang: "yaml",
    code: "GHA001", name: "duplicate-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:syntax-check"], options: [],
    summary: "A key appears twice in one mapping",
    what: "Flags a mapping key written twice (two jobs with the same id, `env` twice in a step…).",
    why: "YAML forbids duplicate keys and GitHub rejects the file; other tools silently keep one of the values.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint",
    fix_safety: "No automatic fix: which one is meant is your call.",
    refs: "- https://yaml.org/spec/1.2.2/#mapping",
};

/// What GitHub's YAML reader refuses in a workflow or action that YAML allows: merge keys (`<<`;
/// anchors and aliases are supported, merging is not), and keys written twice in another case in
/// the sections GitHub reads case-insensitively (`env`, `with`, `secrets`, `inputs`, `outputs`,
/// `services`).
fn github_yaml<'a>(root: NodeRef<'a>, out: &mut Vec<Diagnostic>) {
    for k in root.merge_keys() {
        out.push(
            Diagnostic::new(
                &PARSE_ERROR,
                k.span(),
                "GitHub does not support YAML merge keys (`<<`): the file is refused",
            )
            .help("repeat the keys, or use an alias (`*name`) for the whole value"),
        );
    }
    let mut maps: Vec<(&str, NodeRef<'a>)> = Vec::new();
    let mut take = |name: &'static str, holder: Option<NodeRef<'a>>| {
        if let Some(v) = holder.and_then(|h| h.get(name)).filter(|v| v.is_map()) {
            maps.push((name, v));
        }
    };
    take("env", Some(root));
    take("inputs", Some(root));
    take("outputs", Some(root));
    take("env", root.get("runs"));
    for (_, event) in model::triggers(root) {
        for name in ["inputs", "outputs", "secrets"] {
            take(name, Some(event));
        }
    }
    for (_, job) in model::jobs(root) {
        for name in ["env", "with", "secrets", "outputs", "services"] {
            take(name, Some(job));
        }
        take("env", job.get("container"));
        for (_, service) in job.get("services").map(|s| s.entries()).unwrap_or_default() {
            take("env", Some(service));
        }
    }
    for (_, step) in model::all_steps(root) {
        take("env", Some(step));
        take("with", Some(step));
    }
    for (section, map) in maps {
        let mut seen: HashMap<String, NodeRef<'a>> = HashMap::new();
        for (k, _) in map.entries() {
            let Some(name) = k.as_str() else { continue };
            // Exact duplicates are the YAML parser's (GHA001 already); keys of merged mappings are not written here.
            if !(map.span().start <= k.span().start && k.span().end <= map.span().end) {
                continue;
            }
            match seen.get(&name.to_ascii_lowercase()) {
                Some(first) if first.as_str() != Some(name) => out.push(
                    Diagnostic::new(
                        &DUPLICATE_KEY,
                        k.span(),
                        format!(
                            "`{name}` repeats `{}` in `{}`: GitHub reads these keys without case",
                            first.as_str().unwrap_or_default(),
                            section
                        ),
                    )
                    .help("keep one of them"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(name.to_ascii_lowercase(), k);
                }
            }
        }
    }
}

/// Whether a workflow or Dependabot file sits in a `.github/` below its repository's root (kong's
/// vendored `kong-build-tools/.github/workflows/`): GitHub never reads it. Outside a git repository, or
/// for actions (`action.yml`, used from any path), never.
fn below_the_root(file: &SourceFile, core: &CheckContext) -> bool {
    if !matches!(file.kind, FileKind::GithubWorkflow | FileKind::Dependabot) {
        return false;
    }
    let Some(path) = file.path.as_deref() else { return false };
    let tree = core.tree();
    let Some(root) = shipshape_core::project::repo_root(tree, path) else {
        return false;
    };
    model::checkout_root(path)
        .and_then(|p| tree.canonicalize(&p))
        .is_some_and(|p| p != root)
}

impl Language for ActionsLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR, &DUPLICATE_KEY];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        matches!(kind, FileKind::GithubWorkflow | FileKind::GithubAction | FileKind::Dependabot)
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        if below_the_root(file, core) {
            // GitHub runs workflows, and Dependabot reads its configuration, only from the
            // repository's root `.github/`: a copy further down (a vendored tool's) never runs.
            return Checked {
                diagnostics: Vec::new(),
                suppressions: suppressions(src),
                parse_errors: 0,
            };
        }
        let yaml = Yaml::parse(src);
        // A file with `{{ … }}` outside `${{ … }}` that does not parse is a template (cookiecutter,
        // handlebars): say so quietly rather than call it broken.
        let template = !yaml.errors.is_empty() && src.match_indices("{{").any(|(i, _)| i == 0 || src.as_bytes()[i - 1] != b'$');
        let mut diagnostics = shipshape_yaml::syntax_diagnostics(&yaml, &PARSE_ERROR, &DUPLICATE_KEY);
        if template {
            for d in diagnostics.iter_mut().filter(|d| d.rule.code == PARSE_ERROR.code) {
                *d = Diagnostic::new(
                    &PARSE_ERROR,
                    d.span,
                    "not valid YAML; it looks like a template (`{{ }}`), so it is not audited",
                )
                .severity(shipshape_core::Severity::Info);
            }
        }
        let root = yaml.docs.first().and_then(|d| d.root());
        match root {
            Some(root) if root.is_map() => {
                let cx = Ctx {
                    src,
                    kind: file.kind,
                    root,
                    file,
                    core,
                    exprs: std::cell::OnceCell::new(),
                    types: std::cell::OnceCell::new(),
                    declared: Default::default(),
                    scripts: Default::default(),
                };
                run_rules::<Self>(&cx, core, &mut diagnostics);
                if file.kind != FileKind::Dependabot {
                    github_yaml(root, &mut diagnostics);
                }
                // A job switched off with `if: false` never runs: only what makes GitHub reject the
                // file (correctness) is worth saying there (mediacms' disabled jobs, judged so).
                let disabled: Vec<shipshape_core::Span> = model::jobs(root)
                    .into_iter()
                    .filter(|(_, j)| model::switched_off(*j))
                    .map(|(_, j)| j.span())
                    .collect();
                if !disabled.is_empty() {
                    diagnostics.retain(|d| {
                        d.rule.category == shipshape_core::rule::Category::Correctness
                            || !disabled.iter().any(|j| j.start <= d.span.start && d.span.end <= j.end)
                    });
                }
            }
            Some(root) if yaml.errors.is_empty() && !root.is_null() => {
                diagnostics.push(Diagnostic::new(&PARSE_ERROR, root.span(), "the top level must be a mapping"));
            }
            _ => {}
        }
        let parse_errors = yaml.errors.len();
        Checked {
            diagnostics,
            suppressions: suppressions(src),
            parse_errors,
        }
    }
}

/// `# shipshape: ignore[…]` comments, and `# zizmor: ignore[audit]` for the rules that declare that zizmor peer.
pub fn suppressions(src: &str) -> Vec<Suppression> {
    shipshape_yaml::comments::suppressions(
        src,
        &[shipshape_yaml::comments::PeerIgnore {
            prefix: "zizmor: ignore[",
            tool: "zizmor",
        }],
    )
}

/// The triggers of the repository's workflows, by their `name:`.
struct WorkflowTriggers(std::collections::HashMap<String, Vec<String>>);

impl WorkflowTriggers {
    fn of(project: &shipshape_core::project::Project) -> WorkflowTriggers {
        let kinds = [shipshape_core::classify::FileKind::GithubWorkflow];
        let mut by_name = std::collections::HashMap::new();
        for f in project.of_kind(&kinds) {
            let Some(text) = project.tree().read(f) else { continue };
            let yaml = shipshape_yaml::Yaml::parse(&text);
            let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
                continue;
            };
            if let Some(name) = root.get("name").and_then(|n| n.as_str()) {
                by_name.insert(name.to_owned(), model::triggers(root).into_iter().map(|(t, _)| t).collect());
            }
        }
        WorkflowTriggers(by_name)
    }
}

/// [`Ctx::follows_only_trusted_runs`] for any workflow of `project` (a project fact reads others).
pub(crate) fn follows_only_trusted_runs(root: shipshape_yaml::NodeRef<'_>, project: &shipshape_core::project::Project) -> bool {
    let Some(names) = root.get("on").and_then(|o| o.get("workflow_run")).and_then(|w| w.get("workflows")) else {
        return false;
    };
    let names: Vec<&str> = names.scalar_or_items().iter().filter_map(|n| n.as_str()).collect();
    let known = project.fact(WorkflowTriggers::of);
    !names.is_empty()
        && names.iter().all(|n| {
            known.0.get(*n).is_some_and(|triggers| {
                triggers.iter().all(|t| {
                    matches!(
                        t.as_str(),
                        "schedule" | "workflow_dispatch" | "push" | "release" | "create" | "delete"
                    )
                })
            })
        })
}

impl Ctx<'_> {
    /// Whether a `workflow_run` workflow only follows workflows of this repository that no outsider can
    /// start (schedules, manual runs, pushes): their artifacts and outputs are the repository's own
    /// (calcom/docker's image builds follow its scheduled "Update Calendso").
    pub fn follows_only_trusted_runs(&self) -> bool {
        let Some(project) = self.file.path.as_deref().and_then(|p| self.core.projects.of(p)) else {
            return false;
        };
        follows_only_trusted_runs(self.root, &project)
    }
}
