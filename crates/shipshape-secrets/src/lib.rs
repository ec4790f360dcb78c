//! Secret detection over every text file: detectors are regular expressions run only when one of
//! their keywords occurs (one Aho-Corasick pass per file finds which), with entropy gates where a
//! pattern alone is weak and placeholders excluded. Findings never carry the value: messages name the
//! kind of secret and its length, and renderers mask the span (`Diagnostic::secret`).

pub mod detect;
pub mod rules;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{CheckContext, Checked, SourceFile};
use shipshape_core::language::run_rules;
use shipshape_core::{Diagnostic, RuleMeta, Severity};
use shipshape_core::{DomainChecker, Language};

/// Every text file, read for committed secrets, as a [`Language`]: what [`SecretsChecker`] checks.
pub struct SecretsLanguage;

/// A rule: its metadata and its check.
pub type Rule = shipshape_core::Rule<SecretsLanguage>;

/// The checker of the domain.
pub type SecretsChecker = DomainChecker<SecretsLanguage>;

/// Declare a rule: metadata, docs (DESIGN.md §8) and its check function `check`.
#[macro_export]
macro_rules! rule {
    ($($body:tt)*) => {
        use $crate::Rule as DomainRule;
        shipshape_core::declare_rule!(DomainRule, Secrets, "text", $($body)*);
    };
}

/// Whether the words of `text` (split at separators and case changes: `dev-fider-io.key`,
/// `TEST_FAKE_RSA_KEY`, `testKey`) name a test, fake or development key.
fn fixture_words(text: &str) -> bool {
    // A word that starts so (`testkey`, `fakecerts`, `examples`), or is one of `DEV`.
    const STEMS: &[&str] = &["test", "fake", "dummy", "example", "sample", "snakeoil", "insecure", "localhost"];
    const DEV: &[&str] = &["dev", "development"];
    words(text)
        .iter()
        .any(|w| DEV.contains(&w.as_str()) || STEMS.iter().any(|s| w.starts_with(s)))
}

/// Whether the text before a value says in words that it is no live credential (Wikimedia's chart:
/// "This might look like a proper private key, but it isn't used anywhere … no security leak
/// here"; Grafana OnCall's "It contains NO actual tokens": judged not worth an error, the
/// forty-ninth and fiftieth samples).
fn disclaims(text: &str) -> bool {
    const SAID: &[&str] = &[
        "isn't used anywhere",
        "is not used anywhere",
        "not used anywhere",
        "no security leak",
        "not a real key",
        "not a real secret",
        "not a real token",
        "no actual token",
        "no actual secret",
        "no actual key",
        "not a secret",
    ];
    let lower = text.to_ascii_lowercase();
    SAID.iter().any(|s| lower.contains(s))
}

/// Whether a word of `text` starts as a test's does (`testCases`, `FAKE_KEY`, `mockToken`).
fn test_words(text: &str) -> bool {
    const STEMS: &[&str] = &["test", "fake", "dummy", "example", "sample", "mock"];
    words(text).iter().any(|w| STEMS.iter().any(|s| w.starts_with(s)))
}

/// The words of `text` in lower case, split at separators and where a lower-case letter meets an
/// upper-case one (`dev-fider-io.key`, `TEST_FAKE_RSA_KEY`, `testCases` → `test`, `cases`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        let boundary = !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && prev_lower);
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
        prev_lower = c.is_ascii_lowercase();
    }
    out
}

/// Every rule's detectors, for tests and statistics.
pub static DETECTOR_SETS: &[&[detect::Detector]] = &[
    rules::private_key::DETECTORS,
    rules::cloud_credential::DETECTORS,
    rules::vcs_token::DETECTORS,
    rules::service_token::DETECTORS,
    rules::jwt::DETECTORS,
    rules::url_credentials::DETECTORS,
    rules::generic_assignment::DETECTORS,
];

/// What a rule sees.
pub struct Ctx<'a> {
    pub src: &'a str,
    pub file: &'a SourceFile,
    pub core: &'a CheckContext<'a>,
    /// Which keywords occur in the file (indexes into `detect::KEYWORDS`).
    pub present: Vec<bool>,
    /// The file looks like a development, test, example or documentation file.
    pub demo: bool,
}

impl Ctx<'_> {
    /// Whether any of `keywords` occurs in the file.
    pub fn any(&self, keywords: &[&str]) -> bool {
        keywords.iter().any(|k| detect::keyword_index(k).is_some_and(|i| self.present[i]))
    }

    /// A finding for a secret at `span`: the value is never in the message. In development, test and
    /// example files it is info (shown when its rule is named): of the secrets the judged samples
    /// found there, none was worth acting on (a test key, a parser's test vector, a documented
    /// example; docs/precision.md).
    pub fn finding(&self, meta: &'static RuleMeta, span: shipshape_core::Span, what: &str) -> Diagnostic {
        let value = span.text(self.src);
        let d = Diagnostic::new(meta, span, format!("{what} ({})", shipshape_core::diagnostic::redact(value))).secret();
        if self.demo || self.beside_its_pattern(span) || self.fixture_context(span, false) {
            d.severity(Severity::Info).confidence(shipshape_core::Confidence::Medium)
        } else {
            d
        }
    }

    /// Whether the file's path or the code just before the value (its line and the three before:
    /// the constant or list holding it) names a test, fake or development value (`dev-server.key`,
    /// `TEST_FAKE_RSA_KEY`, supavisor's `testCases = [` and `jit_dev_setup.sh`, judged not worth a
    /// finding, the thirty-first sample).
    /// In the code, `all_words` takes every word of [`fixture_words`] (a key's holder: `localhost`,
    /// `dev`); otherwise only a test's (`test…`, `fake…`, `dummy…`, `example…`, `sample…`,
    /// `mock…`), since a `localhost` URL on the line above says nothing of a token.
    pub fn fixture_context(&self, span: shipshape_core::Span, all_words: bool) -> bool {
        let start = self.src.floor_char_boundary(span.start.min(self.src.len()));
        let mut from = start;
        for _ in 0..4 {
            let upto = self.src.floor_char_boundary(from.saturating_sub(1));
            from = self.src[..upto].rfind('\n').map_or(0, |i| i + 1);
        }
        let from = self.src.ceil_char_boundary(from.max(start.saturating_sub(CONTEXT_BYTES)));
        let code = &self.src[from..start];
        fixture_words(&self.file.display)
            || if all_words { fixture_words(code) } else { test_words(code) }
            || disclaims(code)
            || self.in_an_example(span)
            || self.in_rust_tests(span)
    }

    /// Whether the value is in a Rust file after its `#[cfg(test)]` (the tests module the
    /// convention puts at the end: mise's age keys for its sops tests, judged not worth errors,
    /// the fifty-second sample).
    fn in_rust_tests(&self, span: shipshape_core::Span) -> bool {
        self.file.display.ends_with(".rs") && {
            let start = self.src.floor_char_boundary(span.start.min(self.src.len()));
            self.src[..start].contains("#[cfg(test)]")
        }
    }

    /// Whether the value sits under an `example`/`examples` key of an API description (an OpenAPI
    /// response's example body: Nginx Proxy Manager's certificate upload schema, judged not worth
    /// an error, the fifty-first sample). Only the keys that open the six lines above count, so a
    /// long line (a whole certificate on one line) does not hide them.
    fn in_an_example(&self, span: shipshape_core::Span) -> bool {
        let start = self.src.floor_char_boundary(span.start.min(self.src.len()));
        let before = &self.src[..start];
        before
            .rsplit('\n')
            .take(7)
            .map(|l| {
                let l = l.trim_start();
                &l[..l.floor_char_boundary(l.len().min(40))]
            })
            .any(|l| {
                let key = l.trim_start_matches(['"', '\'']);
                ["examples\"", "example\"", "examples:", "example:", "x-example"]
                    .iter()
                    .any(|k| key.starts_with(k))
            })
    }

    /// Whether a regular expression for the value's own format (`"ghp_[a-zA-Z0-9]{36}"`,
    /// `"nf[pcoub]_…"`) is written on its line or the three before: a secret scanner's table of
    /// patterns and the samples it tests them on (atuin's `secrets.rs`, eleven errors judged wrong
    /// or not worth it, the twenty-fourth sample).
    fn beside_its_pattern(&self, span: shipshape_core::Span) -> bool {
        let value = span.text(self.src);
        let start = self.src.floor_char_boundary(span.start.min(self.src.len()));
        let mut from = start;
        for _ in 0..4 {
            let upto = self.src.floor_char_boundary(from.saturating_sub(1));
            from = self.src[..upto].rfind('\n').map_or(0, |i| i + 1);
        }
        let from = self.src.ceil_char_boundary(from.max(start.saturating_sub(CONTEXT_BYTES)));
        let window = &self.src[from..start];
        window.match_indices('[').any(|(i, _)| {
            let before = &window[..i];
            let prefix_start = before
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
                .map_or(0, |(j, c)| j + c.len_utf8());
            let prefix = &before[prefix_start..];
            prefix.len() >= 2 && value.starts_with(prefix) && window[i..].contains(']')
        })
    }
}

/// At most this much text before a value is read for its context (its line and the three above):
/// a minified or generated file's one long line with thousands of values costs no more per value
/// (the fuzzer's 262 KB line of 3,500 tokens took 4 s before).
const CONTEXT_BYTES: usize = 2048;

/// The path patterns the repository keeps from its secret scanners: each `exclude` of the
/// `detect-private-key`, `detect-aws-credentials`, `detect-secrets`, `gitleaks` and `trufflehog`
/// hooks of its pre-commit configuration, each `--exclude-files` argument of `detect-secrets`,
/// and the `paths` of gitleaks' allowlists in `.gitleaks.toml`.
struct ScanExclusions(Vec<regex::Regex>);

/// The `paths` of `.gitleaks.toml`'s allowlists: `[allowlist]` and, since gitleaks 8.25,
/// `[[allowlists]]` (pulp-operator's test-only keys under `.ci/assets/`: judged not worth errors,
/// the sixty-ninth sample). Gitleaks reads them as Go regular expressions over the path.
fn gitleaks_paths(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml::Table>() else { return Vec::new() };
    let mut lists: Vec<&toml::Table> = doc.get("allowlist").and_then(|a| a.as_table()).into_iter().collect();
    lists.extend(
        doc.get("allowlists")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_table()),
    );
    lists
        .into_iter()
        // An allowlist that also names rules or commits applies only to those.
        .filter(|l| !["targetRules", "commits"].iter().any(|k| l.contains_key(*k)))
        .flat_map(|l| l.get("paths").and_then(|p| p.as_array()).into_iter().flatten())
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect()
}

impl ScanExclusions {
    fn of(project: &shipshape_core::project::Project) -> Self {
        const SCANNERS: &[&str] = &[
            "detect-private-key",
            "detect-aws-credentials",
            "detect-secrets",
            "gitleaks",
            "trufflehog",
        ];
        let mut out: Vec<regex::Regex> = project
            .tree()
            .read(&project.root.join(".gitleaks.toml"))
            .map(|t| gitleaks_paths(&t))
            .unwrap_or_default()
            .iter()
            .filter_map(|p| regex::Regex::new(p).ok())
            .collect();
        let Some(text) = project.tree().read(&project.root.join(".pre-commit-config.yaml")) else {
            return Self(out);
        };
        let yaml = shipshape_yaml::Yaml::parse(&text);
        let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
            return Self(out);
        };
        for repo in root.get("repos").map(|r| r.items()).unwrap_or_default() {
            for hook in repo.get("hooks").map(|h| h.items()).unwrap_or_default() {
                if !hook.get("id").and_then(|i| i.as_str()).is_some_and(|i| SCANNERS.contains(&i)) {
                    continue;
                }
                let mut patterns: Vec<String> = hook
                    .get("exclude")
                    .and_then(|e| e.as_text())
                    .map(str::to_owned)
                    .into_iter()
                    .collect();
                let args: Vec<String> = hook
                    .get("args")
                    .map(|a| a.items())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|a| a.as_text().map(str::to_owned))
                    .collect();
                for (i, a) in args.iter().enumerate() {
                    if let Some(v) = a.strip_prefix("--exclude-files=") {
                        patterns.push(v.to_owned());
                    } else if a == "--exclude-files"
                        && let Some(v) = args.get(i + 1)
                    {
                        patterns.push(v.clone());
                    }
                }
                out.extend(patterns.iter().filter_map(|p| regex::Regex::new(p).ok()));
            }
        }
        Self(out)
    }
}

/// Whether the repository's own secret scan leaves this file out (see [`ScanExclusions`]).
fn excluded_by_own_scan(file: &SourceFile, core: &CheckContext) -> bool {
    let Some(path) = file.path.as_deref() else { return false };
    let Some(project) = core.projects.of(path) else { return false };
    let exclusions = project.fact(ScanExclusions::of);
    if exclusions.0.is_empty() {
        return false;
    }
    let abs = core.tree().canonicalize(path).unwrap_or_else(|| path.to_path_buf());
    let root = core.tree().canonicalize(&project.root).unwrap_or_else(|| project.root.clone());
    let Ok(rel) = abs.strip_prefix(&root) else { return false };
    let rel = rel.to_string_lossy().replace('\\', "/");
    exclusions.0.iter().any(|r| r.is_match(&rel))
}

/// Whether the file lists values a secret scanner is told are not secrets: git-secrets'
/// `.gitallowed`, `.gitleaksignore`, detect-secrets' `.secrets.baseline`, Talisman's `.talismanrc`.
fn scanner_allowlist(display: &str) -> bool {
    let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
    matches!(name, ".gitallowed" | ".gitleaksignore" | ".secrets.baseline" | ".talismanrc")
}

/// Whether the file is a secret scanner's own rules: patterns, their allowlists, and the sample
/// secrets they are tested on (gitleaks' `cmd/generate/config/rules/*.go` with `tps :=` lists and
/// `gitleaks:allow` pragmas, its `gitleaks.toml`; 31 findings judged wrong or not worth acting on,
/// the thirty-third sample). Two different markers are needed.
pub fn detector_table(src: &str) -> bool {
    const MARKERS: &[&str] = &[
        "gitleaks:allow",
        "pragma: allowlist secret",
        "tps :=",
        "fps :=",
        "truePositives",
        "falsePositives",
        "true_positives",
        "false_positives",
        "[[rules]]",
        "[rules.allowlist]",
        "[[rules.allowlists]]",
        "regexp.MustCompile(",
        "GenerateSemiGenericRegex(",
        "GenerateUniqueTokenRegex(",
        "GenerateSampleSecret",
    ];
    MARKERS.iter().filter(|m| src.contains(*m)).take(2).count() == 2
}

impl Language for SecretsLanguage {
    type Ctx<'a> = Ctx<'a>;

    fn rules() -> &'static [&'static Rule] {
        rules::ALL
    }

    fn handles(_: FileKind) -> bool {
        false
    }

    fn scans_all_text() -> bool {
        true
    }

    fn check(file: &SourceFile, core: &CheckContext) -> Checked {
        let src = file.text.as_str();
        let cx = Ctx {
            src,
            file,
            core,
            present: detect::keywords_present(src),
            demo: shipshape_core::paths::is_demo_path(&file.display)
                || shipshape_core::paths::is_dev_only(&file.text)
                || detector_table(src),
        };
        let mut diagnostics = Vec::new();
        run_rules::<Self>(&cx, core, &mut diagnostics);
        // In an example file (`.env.example`, `config.sample.yml`), a commented-out line shows what
        // to set, not a live key.
        if is_example_file(&file.display) {
            diagnostics.retain(|d| !commented_line(src, d.span.start));
        }
        // A file the repository's own secret scan leaves out on purpose (the `exclude` of
        // pre-commit's `detect-private-key`, `detect-secrets --exclude-files`, gitleaks): a known
        // value the maintainers decided about (opg-modernising-lpa's local HTTPS proxy key,
        // mitxonline's Keycloak development certificate: judged not worth errors, the fifty-second
        // sample). Info, shown when the rule is named.
        // So is a secret scanner's allowlist (git-secrets' `.gitallowed`: lakeFS lists its
        // quickstart key there; judged wrong as errors, the sixty-fifth sample).
        if diagnostics.iter().any(|d| d.severity > Severity::Info) && (scanner_allowlist(&file.display) || excluded_by_own_scan(file, core))
        {
            for d in &mut diagnostics {
                d.severity = Severity::Info;
                d.confidence = shipshape_core::Confidence::Medium;
            }
        }
        // A file is reported once: a committed key or `.env` file whose contents are reported
        // already needs no second finding for being committed.
        if diagnostics.iter().any(|d| d.rule.code != "SEC008") {
            diagnostics.retain(|d| d.rule.code != "SEC008");
        }
        // A value a specific detector recognised is reported once, by that detector.
        let mut specific: Vec<shipshape_core::Span> = diagnostics.iter().filter(|d| d.rule.code != "SEC007").map(|d| d.span).collect();
        specific.sort_by_key(|s| s.start);
        // The spans of one detector family never overlap, so the candidates are the spans that
        // start before this one ends, nearest first (a short backwards walk).
        let overlaps = |span: shipshape_core::Span| {
            let upto = specific.partition_point(|s| s.start < span.end.max(span.start + 1));
            specific[..upto].iter().rev().take(8).any(|s| s.end > span.start)
        };
        diagnostics.retain(|d| d.rule.code != "SEC007" || !overlaps(d.span));
        // Files a domain audits get their comment suppressions from it; in the others, `#` and (in
        // files of no known kind) `//` comments suppress.
        let mut suppressions = Vec::new();
        if !core.domain_runs {
            suppressions = shipshape_core::comments::suppressions(src, &[]);
            if matches!(file.kind, FileKind::Other | FileKind::Terraform | FileKind::TerraformVars) {
                suppressions.extend(slash_suppressions(src));
            }
        }
        Checked {
            diagnostics,
            suppressions,
            parse_errors: 0,
        }
    }
}

/// `.env.example`, `settings.sample.yml`, `config.template.json`, `app.dist.ini`…
fn is_example_file(display: &str) -> bool {
    let name = display.rsplit(['/', '\\']).next().unwrap_or(display).to_ascii_lowercase();
    [".example", ".sample", ".template", ".dist", "example.", "sample."]
        .iter()
        .any(|m| name.contains(m))
}

/// Whether the line holding `offset` is a `#` or `//` comment.
fn commented_line(src: &str, offset: usize) -> bool {
    let at = src.floor_char_boundary(offset.min(src.len()));
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = src[start..].trim_start();
    line.starts_with('#') || line.starts_with("//")
}

/// `// shipshape: ignore[…]` comments (for JavaScript, Go, Java, HCL … files).
fn slash_suppressions(src: &str) -> Vec<shipshape_core::suppress::Suppression> {
    let mut out = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(at) = line.find("// shipshape:") {
            let body = &line[at + 2..];
            if let Some(d) = shipshape_core::suppress::parse_directive(body) {
                let alone = line[..at].trim().is_empty();
                let (target_start, target) = if alone {
                    (offset + line.len(), lines.get(i + 1).copied().unwrap_or(""))
                } else {
                    (offset, *line)
                };
                let covers = shipshape_core::Span::new(target_start, target_start + target.trim_end_matches(['\n', '\r']).len());
                let comment = shipshape_core::Span::new(offset + at, offset + line.trim_end_matches(['\n', '\r']).len());
                out.push(d.into_suppression(comment, offset + at + 2, covers));
            }
        }
        offset += line.len();
    }
    out
}
