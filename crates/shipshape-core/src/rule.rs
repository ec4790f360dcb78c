//! Rule metadata, the registry of every rule, and selection by code, name, prefix or `ALL`.

use crate::diagnostic::Severity;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    Dockerfile,
    Compose,
    GithubActions,
    GitlabCi,
    Kubernetes,
    Terraform,
    Secrets,
    CrossFile,
    Shipshape,
}

impl Domain {
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Dockerfile => "dockerfile",
            Domain::Compose => "compose",
            Domain::GithubActions => "github-actions",
            Domain::GitlabCi => "gitlab-ci",
            Domain::Kubernetes => "kubernetes",
            Domain::Terraform => "terraform",
            Domain::Secrets => "secrets",
            Domain::CrossFile => "cross-file",
            Domain::Shipshape => "shipshape",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Reliability,
    Performance,
    Maintainability,
    Correctness,
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::Performance => "performance",
            Category::Maintainability => "maintainability",
            Category::Correctness => "correctness",
            Category::Style => "style",
        }
    }
}

/// Which fix a rule can offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
}

/// The type of a rule option's value in `[rules.CODE]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptionKind {
    Bool,
    /// A list of strings.
    StringList,
    /// A table of string values.
    StringTable,
}

impl OptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionKind::Bool => "boolean",
            OptionKind::StringList => "list of strings",
            OptionKind::StringTable => "table of strings",
        }
    }

    /// Whether a configured value has this type.
    pub fn accepts(self, value: &toml::Value) -> bool {
        match self {
            OptionKind::Bool => value.is_bool(),
            OptionKind::StringList => value.as_array().is_some_and(|a| a.iter().all(toml::Value::is_str)),
            OptionKind::StringTable => value.as_table().is_some_and(|t| t.values().all(toml::Value::is_str)),
        }
    }
}

/// A key a rule accepts under `[rules.CODE]`: its type, its default and what it does.
#[derive(Debug, Serialize)]
pub struct RuleOption {
    pub key: &'static str,
    pub kind: OptionKind,
    /// The value when unset, as TOML.
    pub default: &'static str,
    pub doc: &'static str,
}

/// Everything known about a rule before it runs. Docs are Markdown with the sections
/// What it does / Why / Example / Use instead / Fix safety / References.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub domain: Domain,
    pub severity: Severity,
    pub category: Category,
    pub default: bool,
    pub fix: FixKind,
    /// Equivalent checks of other tools, as `tool:CODE`.
    pub peers: &'static [&'static str],
    pub summary: &'static str,
    pub docs: &'static str,
    /// Keys accepted under `[rules.CODE]` in the config, typed.
    pub options: &'static [RuleOption],
    /// The primary span texts the documented example is expected to produce, in order (checked by
    /// each domain's generated test suite, [`crate::testkit::example_failures`]).
    pub example_spans: &'static [&'static str],
}

impl RuleMeta {
    pub fn fixable(&self) -> bool {
        self.fix != FixKind::None
    }

    pub fn docs_url(&self) -> String {
        format!(
            "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules.md#{}",
            self.code.to_ascii_lowercase()
        )
    }

    /// Whether `selector` (a code, code prefix, name or `ALL`) names this rule.
    pub fn matches(&self, selector: &str) -> bool {
        selector == "ALL"
            || selector == self.name
            || (!selector.is_empty() && self.code.starts_with(selector) && selector.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            || self.has_peer_code(selector)
    }

    /// Whether `code` is one of the peer checks this rule declares (`DL3008`, `CKV_K8S_20`, a
    /// zizmor audit name), without the tool's prefix; exact, case-insensitive.
    pub fn has_peer_code(&self, code: &str) -> bool {
        self.peers
            .iter()
            .any(|p| p.split_once(':').is_some_and(|(_, c)| c.eq_ignore_ascii_case(code)))
    }
}

/// Rules of the shipshape engine itself (not of any domain).
pub mod engine_rules {
    use super::*;

    pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta {
        code: "SS001",
        name: "unused-suppression",
        domain: Domain::Shipshape,
        severity: Severity::Info,
        category: Category::Maintainability,
        default: false,
        fix: FixKind::None,
        peers: &[],
        summary: "A suppression comment that suppresses nothing",
        docs: "## What it does\nReports a `# shipshape: ignore[...]` comment (or a hadolint pragma) that suppresses no finding.\n\n## Why\nSuppressions rot: the code they excused changes, and a stale suppression later hides a real finding.\n\n## Example\n```dockerfile\n# shipshape: ignore[DF012]\nRUN echo hello\n```\n\n## Use instead\nRemove the comment.\n\n## Fix safety\nNo automatic fix.\n\n## References\n- ruff's `RUF100`\n",
        options: &[],
        example_spans: &[],
    };

    pub static UNKNOWN_SUPPRESSION: RuleMeta = RuleMeta {
        code: "SS002",
        name: "unknown-suppression-code",
        domain: Domain::Shipshape,
        severity: Severity::Warning,
        category: Category::Correctness,
        default: true,
        fix: FixKind::None,
        peers: &[],
        summary: "A suppression comment names a rule that does not exist",
        docs: "## What it does\nReports a suppression comment whose list names no known rule code, code prefix or rule name.\n\n## Why\nA typo in a suppression silently suppresses nothing.\n\n## Example\n```dockerfile\n# shipshape: ignore[DF9999]\n```\n\n## Use instead\nName the rule by its code (`DF012`) or name (`apt-no-install-recommends`).\n\n## Fix safety\nNo automatic fix.\n\n## References\n- `shipshape rules`\n",
        options: &[],
        example_spans: &[],
    };

    pub static FIX_BROKE_PARSE: RuleMeta = RuleMeta {
        code: "SS003",
        name: "fix-dropped",
        domain: Domain::Shipshape,
        severity: Severity::Warning,
        category: Category::Correctness,
        default: true,
        fix: FixKind::None,
        peers: &[],
        summary: "An automatic fix was dropped because its result failed verification",
        docs: "## What it does\nReports that `--fix` dropped a fix because its result failed verification: the file no longer parsed, the finding it fixes was still reported, it changed nothing, or it introduced a new finding.\n\n## Why\nshipshape writes a fix only when re-checking the result proves it did what it said; anything else is a bug in the fix, please report it.\n\n## Example\nNone.\n\n## Use instead\nApply the fix by hand.\n\n## Fix safety\nNot applicable.\n\n## References\n- `shipshape check --diff`\n",
        options: &[],
        example_spans: &[],
    };

    pub static INTERNAL_ERROR: RuleMeta = RuleMeta {
        code: "SS004",
        name: "internal-error",
        domain: Domain::Shipshape,
        severity: Severity::Error,
        category: Category::Correctness,
        default: true,
        fix: FixKind::None,
        peers: &[],
        summary: "shipshape failed while checking this file; the rest of the run went on",
        docs: "## What it does\nReports that a checker panicked on this file. The file's other findings are lost, every other file is still checked, and the run fails.\n\n## Why\nA file shipshape could not check is not a file that passed. This is a bug in shipshape: please report it with the file.\n\n## Example\nNone.\n\n## Use instead\nNothing to change in the file; report the bug.\n\n## Fix safety\nNot applicable.\n\n## References\n- `shipshape check --format json` shows the panic message\n",
        options: &[],
        example_spans: &[],
    };

    pub static SKIPPED_FILE: RuleMeta = RuleMeta {
        code: "SS005",
        name: "file-not-checked",
        domain: Domain::Shipshape,
        severity: Severity::Error,
        category: Category::Correctness,
        default: true,
        fix: FixKind::None,
        peers: &[],
        summary: "A file named on the command line could not be checked (unreadable, too large, not a regular file)",
        docs: "## What it does\nReports a file named explicitly on the command line that shipshape could not check: it is unreadable, larger than 8 MiB, binary, or not a regular file (a FIFO, a device). Files skipped in a directory walk are counted in the summary instead.\n\n## Why\nA CI gate that names a file must not pass because the file could not be read: padding a Dockerfile past the size limit would otherwise bypass the check.\n\n## Example\nNone.\n\n## Use instead\nName only regular, readable text files, or exclude the file in the configuration.\n\n## Fix safety\nNot applicable.\n\n## References\n- `shipshape check --statistics` counts skipped files\n",
        options: &[],
        example_spans: &[],
    };

    pub static TOO_MANY_FINDINGS: RuleMeta = RuleMeta {
        code: "SS006",
        name: "findings-capped",
        domain: Domain::Shipshape,
        severity: Severity::Info,
        category: Category::Maintainability,
        default: true,
        fix: FixKind::None,
        peers: &[],
        summary: "A rule reported more findings in one file than are shown; the rest are counted",
        docs: "## What it does\nWhen one rule reports more than 100 findings in one file, the first 100 are shown and this finding says how many more there were.\n\n## Why\nA generated or repeated file can hold thousands of copies of the same problem; listing every one costs time and memory and hides everything else.\n\n## Example\nNone.\n\n## Use instead\nFix the shown findings (or the generator that wrote them) and run again.\n\n## Fix safety\nNot applicable.\n\n## References\n- `shipshape check --select CODE` to look at one rule\n",
        options: &[],
        example_spans: &[],
    };

    pub static ALL: &[&RuleMeta] = &[
        &UNUSED_SUPPRESSION,
        &UNKNOWN_SUPPRESSION,
        &FIX_BROKE_PARSE,
        &INTERNAL_ERROR,
        &SKIPPED_FILE,
        &TOO_MANY_FINDINGS,
    ];
}

/// Every rule shipshape knows, in code order.
#[derive(Debug, Default)]
pub struct Registry {
    rules: Vec<&'static RuleMeta>,
}

impl Registry {
    pub fn new(mut rules: Vec<&'static RuleMeta>) -> Self {
        rules.extend(engine_rules::ALL.iter().copied());
        rules.sort_by_key(|r| r.code);
        Self { rules }
    }

    pub fn rules(&self) -> &[&'static RuleMeta] {
        &self.rules
    }

    pub fn get(&self, code_or_name: &str) -> Option<&'static RuleMeta> {
        let upper = code_or_name.to_ascii_uppercase();
        self.rules.iter().copied().find(|r| r.code == upper || r.name == code_or_name)
    }

    /// The rules that declare the peer check `code` (`DL3008`, `CKV_K8S_20`).
    pub fn by_peer_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'static RuleMeta> + 'a {
        self.rules.iter().copied().filter(move |r| r.has_peer_code(code))
    }

    /// Whether a selector names at least one rule.
    pub fn is_known_selector(&self, selector: &str) -> bool {
        self.rules.iter().any(|r| r.matches(selector))
    }

    /// Rules that declare `peer` (e.g. `hadolint:DL3008`) among their peers.
    pub fn by_peer<'a>(&'a self, peer: &'a str) -> impl Iterator<Item = &'static RuleMeta> + 'a {
        self.rules.iter().copied().filter(move |r| r.peers.contains(&peer))
    }
}

/// A [`RuleMeta`] with its docs assembled in the sections of DESIGN.md §8; `lang` is the code-fence
/// language of the examples. Domains wrap this in their own `rule!` macro.
#[macro_export]
macro_rules! rule_meta {
    (
        domain: $domain:ident, lang: $lang:literal,
        code: $code:literal, name: $name:literal, severity: $sev:ident, category: $cat:ident,
        default: $def:literal, fix: $fix:ident, peers: [$($peer:literal),* $(,)?],
        options: [$(($key:literal, $kind:ident, $odefault:literal, $odoc:literal)),* $(,)?],
        summary: $summary:literal,
        what: $what:literal, why: $why:literal, example: $ex:literal, instead: $inst:literal,
        fix_safety: $fs:literal, refs: $refs:literal
        $(, spans: [$($span:literal),* $(,)?])? $(,)?
    ) => {
        $crate::RuleMeta {
            code: $code,
            name: $name,
            domain: $crate::Domain::$domain,
            severity: $crate::Severity::$sev,
            category: $crate::Category::$cat,
            default: $def,
            fix: $crate::FixKind::$fix,
            peers: &[$($peer),*],
            summary: $summary,
            docs: concat!(
                "## What it does\n", $what,
                "\n\n## Why\n", $why,
                "\n\n## Example\n```", $lang, "\n", $ex,
                "\n```\n\n## Use instead\n```", $lang, "\n", $inst,
                "\n```\n\n## Fix safety\n", $fs,
                "\n\n## References\n", $refs, "\n"
            ),
            options: &[$($crate::rule::RuleOption {
                key: $key,
                kind: $crate::rule::OptionKind::$kind,
                default: $odefault,
                doc: $odoc,
            }),*],
            example_spans: &[$($($span),*)?],
        }
    };
}

/// A domain's rule declaration: `pub static RULE` (of the domain's rule type, pairing this metadata
/// with the file's `check` function) and `fn meta()`. Each domain's `rule!` macro forwards here with its
/// type, domain and example language; `cross_file: true` files the rule under `XF` cross-file rules.
#[macro_export]
macro_rules! declare_rule {
    ($rule:ident, $domain:ident, $lang:literal, cross_file: true, $($body:tt)*) => {
        $crate::declare_rule!(@emit $rule, CrossFile, $lang, $($body)*);
    };
    (@emit $rule:ident, $domain:ident, $lang:literal, $($body:tt)*) => {
        pub static RULE: $rule = $rule {
            meta: $crate::rule_meta! { domain: $domain, lang: $lang, $($body)* },
            check,
        };
        #[allow(dead_code)]
        fn meta() -> &'static $crate::RuleMeta {
            &RULE.meta
        }
    };
    ($rule:ident, $domain:ident, $lang:literal, $($body:tt)*) => {
        $crate::declare_rule!(@emit $rule, $domain, $lang, $($body)*);
    };
}
