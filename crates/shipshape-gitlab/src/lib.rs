//! GitLab CI: `.gitlab-ci.yml`, the files it includes locally and CI templates kept in the
//! repository, read through the one YAML layer.

pub mod model;
pub mod rules;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::{Diagnostic, RuleMeta, Span};
use shipshape_core::{DomainChecker, Language};
use shipshape_yaml::{NodeRef, Yaml};
use std::collections::HashSet;

/// GitLab CI files, as a [`Language`]: what [`GitlabChecker`] checks.
pub struct GitlabLanguage;

/// A rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<GitlabLanguage>;

/// The checker of the domain.
pub type GitlabChecker = DomainChecker<GitlabLanguage>;

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    /// The pipeline document's root mapping.
    pub root: NodeRef<'a>,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    /// What local includes bring.
    pub included: model::Included,
    /// Every top-level key (merged ones too), looked up once per reference rather than scanned.
    top_level: HashSet<&'a str>,
    /// Below the top of its git repository: a `.gitlab-ci.yml` there is included by another file
    /// or run as a child pipeline, not the project's pipeline.
    nested: bool,
}

impl<'a> Ctx<'a> {
    /// Every job with its name, hidden templates included.
    pub fn jobs(&self) -> Vec<(&'a str, NodeRef<'a>, NodeRef<'a>)> {
        model::jobs(self.root)
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?, k, v)))
            .collect()
    }

    /// Whether `name` is a job or template (any top-level key: `!reference` may point at hidden
    /// lists and scalars) defined here or in a resolved include.
    pub fn defines(&self, name: &str) -> bool {
        self.top_level.contains(name) || self.included.jobs.contains(name)
    }

    /// Whether references to undefined names can be judged: this file is a whole pipeline (not
    /// a fragment meant to be included) and every include was resolved.
    pub fn closed(&self) -> bool {
        !self.included.open && self.is_pipeline_root()
    }

    /// A `.gitlab-ci.yml` (not a fragment under `.gitlab/` or a `*.gitlab-ci.yml` template).
    pub fn is_pipeline_root(&self) -> bool {
        let name = self.file.display.rsplit(['/', '\\']).next().unwrap_or_default();
        (name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml") && !self.nested
    }

    pub fn list_option(&self, rule: &RuleMeta, key: &str) -> Vec<String> {
        self.core.list_option(rule, key)
    }

    /// The span of `needle` inside a scalar node when written literally, else the node's span.
    pub fn span_in(&self, node: NodeRef, needle: &str, nth: usize) -> Span {
        node.find_in_source(self.src, needle, nth).unwrap_or(node.span())
    }
}

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, GitlabCi, "yaml", $($body)*);
    };
}

pub static PARSE_ERROR: RuleMeta = shipshape_core::rule_meta! {
    domain: GitlabCi, lang: "yaml",
    code: "GL000", name: "gitlab-parse-error", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "The pipeline file is not valid YAML",
    what: "Reports YAML syntax errors with the place the parser stopped, and a pipeline whose top level is not a mapping.",
    why: "GitLab refuses the whole pipeline: nothing runs, for any branch.",
    example: "build:\n  script: [make",
    instead: "build:\n  script: [make]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/",
};

pub static DUPLICATE_KEY: RuleMeta = shipshape_core::rule_meta! {
    domain: GitlabCi, lang: "yaml",
    code: "GL001", name: "gitlab-duplicate-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A key appears twice in one mapping",
    what: "Flags a mapping key written twice: two jobs with one name, `script:` twice in a job.",
    why: "YAML forbids it and GitLab silently keeps the last one: a whole job disappears from the pipeline.",
    example: "test:\n  script: make test\ntest:\n  script: make lint",
    instead: "test:\n  script: make test\nlint:\n  script: make lint",
    fix_safety: "No automatic fix.",
    refs: "- https://yaml.org/spec/1.2.2/#mapping",
};

impl Language for GitlabLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR, &DUPLICATE_KEY];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        kind == FileKind::GitlabCi
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        let yaml = Yaml::parse(src);
        let mut diagnostics = shipshape_yaml::syntax_diagnostics(&yaml, &PARSE_ERROR, &DUPLICATE_KEY);
        // A hidden key written again whose first value is anchored (`.vars: &group-one` then
        // `.vars: &group-two`) is a holder for anchors: the aliases still read the first value, so
        // nothing is lost (openmw's split jobs, judged wrong as an error, the twenty-seventh sample).
        let holders: Vec<Span> = yaml
            .duplicates
            .iter()
            .filter(|d| {
                d.key.starts_with('.')
                    && src
                        .get(d.first.end..)
                        .is_some_and(|rest| rest.trim_start_matches([':', ' ']).starts_with('&'))
            })
            .map(|d| d.second)
            .collect();
        diagnostics.retain(|d| !(std::ptr::eq(d.rule, &DUPLICATE_KEY) && holders.contains(&d.span)));
        // The same one-line value written twice (`SOLR_ADMIN_USER: admin` on two lines: hyku's,
        // judged wrong as an error, the seventy-first sample): GitLab keeps the last, which is the
        // first, so nothing is lost. A warning.
        let same: Vec<Span> = yaml
            .duplicates
            .iter()
            .filter(|d| {
                let value = |end: usize| src.get(end..).and_then(|r| r.lines().next()).map(str::trim);
                let (a, b) = (value(d.first.end), value(d.second.end));
                a.is_some_and(|a| a.len() > 1 && a.starts_with(':') && !a.ends_with([':', '|', '>', '&'])) && a == b
            })
            .map(|d| d.second)
            .collect();
        for d in &mut diagnostics {
            if std::ptr::eq(d.rule, &DUPLICATE_KEY) && same.contains(&d.span) {
                d.severity = shipshape_core::Severity::Warning;
                d.message.push_str(" with the same value");
            }
        }
        match model::pipeline_root(&yaml) {
            Some(root) if root.is_map() => {
                let repo = match file.path.as_deref() {
                    Some(p) => Some(model::repo_root(core.tree(), p)),
                    None => Some(std::path::PathBuf::from(".")),
                };
                let included = if model::include_entries(root).is_empty() {
                    model::Included::default()
                } else {
                    model::resolve_includes(core.tree(), root, repo.as_deref())
                };
                // A `.gitlab-ci.yml` below the top of its git repository (database-lab-engine's
                // `ui/packages/ce/.gitlab-ci.yml`, which `ui/.gitlab-ci.yml` includes) is a
                // fragment: its `needs` may name jobs of the files around it (precision sample 42).
                let nested = file.path.as_deref().is_some_and(|p| {
                    let git = shipshape_core::project::repo_root(core.tree(), p);
                    let dir = core
                        .tree()
                        .canonicalize(p)
                        .and_then(|a| a.parent().map(std::path::Path::to_path_buf));
                    matches!((git, dir), (Some(g), Some(d)) if g != d)
                });
                let cx = Ctx {
                    src,
                    root,
                    file,
                    core,
                    included,
                    top_level: root.entries().into_iter().filter_map(|(k, _)| k.as_str()).collect(),
                    nested,
                };
                run_rules::<Self>(&cx, core, &mut diagnostics);
            }
            Some(root) if yaml.errors.is_empty() && !root.is_null() => {
                diagnostics.push(Diagnostic::new(&PARSE_ERROR, root.span(), "the top level must be a mapping"));
            }
            _ => {}
        }
        Checked {
            diagnostics,
            suppressions: shipshape_yaml::comments::suppressions(src, &[]),
            parse_errors: yaml.errors.len(),
        }
    }
}
