//! Docker Compose: `compose*.y*ml` and `docker-compose*.y*ml`, each checked with its project (the
//! other Compose files of its directory, `.env`, `.env.example`) in view.

pub mod model;
pub mod rules;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::{Diagnostic, RuleMeta, Span};
use shipshape_core::{DomainChecker, Language};
use shipshape_yaml::{NodeRef, Yaml};

/// Compose files, as a [`Language`]: what [`ComposeChecker`] checks.
pub struct ComposeLanguage;

/// One rule: metadata and a check over a parsed Compose file.
pub type Rule = shipshape_core::Rule<ComposeLanguage>;

/// The Compose domain.
pub type ComposeChecker = DomainChecker<ComposeLanguage>;

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub root: NodeRef<'a>,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    pub role: model::Role,
    pub project: model::Project,
    /// The Dockerfile facts of each service's build, read and parsed once for all rules.
    dockerfiles: std::sync::Mutex<std::collections::HashMap<String, Option<std::sync::Arc<shipshape_knowledge::dockerfile::Facts>>>>,
}

impl<'a> Ctx<'a> {
    /// What the Dockerfile a service builds from says (stages, exposed ports, healthcheck): read
    /// and parsed once per Compose file however many rules and services ask. `None` when it is not
    /// built here or cannot be read (see [`model::service_dockerfile`]).
    pub fn dockerfile_facts(&self, svc: NodeRef<'a>) -> Option<std::sync::Arc<shipshape_knowledge::dockerfile::Facts>> {
        let dir = model::dir_of(self.file.path.as_deref());
        // Keyed by the build's text: context, dockerfile or inline Dockerfile.
        let key = svc.get("build").map(|b| b.span().text(self.src).to_owned())?;
        let mut memo = self.dockerfiles.lock().ok()?;
        memo.entry(key)
            .or_insert_with(|| {
                model::service_dockerfile(self.core.tree(), svc, &dir)
                    .map(|text| std::sync::Arc::new(shipshape_knowledge::dockerfile::Facts::of(&text)))
            })
            .clone()
    }
    pub fn services(&self) -> Vec<(&'a str, NodeRef<'a>, NodeRef<'a>)> {
        model::services(self.root)
    }

    /// A service's image with `.env` and defaults applied.
    pub fn image(&self, svc: NodeRef<'a>) -> Option<(String, NodeRef<'a>)> {
        model::image(svc, &self.project.env)
    }

    /// The span of `needle` inside a scalar node when written literally, else the node's span.
    pub fn span_in(&self, node: NodeRef, needle: &str, nth: usize) -> Span {
        node.find_in_source(self.src, needle, nth).unwrap_or(node.span())
    }

    pub fn list_option(&self, rule: &RuleMeta, key: &str) -> Vec<String> {
        self.core.list_option(rule, key)
    }
}

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, Compose, "yaml", $($body)*);
    };
}

pub static PARSE_ERROR: RuleMeta = shipshape_core::rule_meta! {
    domain: Compose, lang: "yaml",
    code: "DC000", name: "compose-parse-error", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "The Compose file is not valid YAML",
    what: "Reports YAML syntax errors with the place the parser stopped, and a file whose top level is not a mapping.",
    why: "`docker compose` refuses the whole project.",
    example: "services:\n  web:\n    image: [nginx",
    instead: "services:\n  web:\n    image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/",
};

pub static DUPLICATE_KEY: RuleMeta = shipshape_core::rule_meta! {
    domain: Compose, lang: "yaml",
    code: "DC001", name: "compose-duplicate-key", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A key appears twice in one mapping",
    what: "Flags a mapping key written twice: two services with one name, `environment:` twice in a service.",
    why: "`docker compose` rejects the file (`mapping key already defined`).",
    example: "services:\n  web:\n    image: nginx:1.29\n  web:\n    image: httpd:2.4",
    instead: "services:\n  web:\n    image: nginx:1.29\n  static:\n    image: httpd:2.4",
    fix_safety: "No automatic fix.",
    refs: "- https://yaml.org/spec/1.2.2/#mapping",
};

impl Language for ComposeLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn own_rules() -> &'static [&'static RuleMeta] {
        static OWN: &[&RuleMeta] = &[&PARSE_ERROR, &DUPLICATE_KEY];
        OWN
    }

    fn handles(kind: FileKind) -> bool {
        kind == FileKind::Compose
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        let yaml = Yaml::parse(src);
        let mut diagnostics = shipshape_yaml::syntax_diagnostics(&yaml, &PARSE_ERROR, &DUPLICATE_KEY);
        // A template that a script renders into the Compose file (bigbluebutton's
        // `docker-compose.tmpl.yml`, `{{ if … }}` blocks: judged wrong as an error, the
        // thirty-ninth sample) is not YAML until rendered: said, as info.
        if !yaml.errors.is_empty() && shipshape_core::classify::has_template_blocks(src) {
            for d in &mut diagnostics {
                d.severity = shipshape_core::Severity::Info;
                d.message = shipshape_core::classify::template_parse_message(&d.message);
            }
            return Checked {
                diagnostics,
                suppressions: shipshape_yaml::comments::suppressions(src, &[]),
                parse_errors: yaml.errors.len(),
            };
        }
        match yaml.docs.first().and_then(|d| d.root()) {
            Some(root) if root.is_map() => {
                let name = file.display.rsplit(['/', '\\']).next().unwrap_or_default();
                let cx = Ctx {
                    src,
                    root,
                    file,
                    core,
                    role: model::role(name),
                    project: model::project(core.tree(), root, file.path.as_deref()),
                    dockerfiles: Default::default(),
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
