//! `shipshape.toml` / `.shipshape.toml` / `[tool.shipshape]` in `pyproject.toml`, and rule selection.

use crate::diagnostic::{Confidence, Severity};
use crate::rule::{OptionKind, Registry, RuleMeta};
use crate::tree::SourceTree;
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The options a config file may set. Unknown keys are errors. The doc comments are the
/// descriptions of the published JSON Schema ([`json_schema`], `docs/shipshape.schema.json`).
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "shipshape.toml",
    description = "shipshape's configuration: `shipshape.toml`, `.shipshape.toml` or `[tool.shipshape]` in `pyproject.toml`."
)]
pub struct ConfigFile {
    /// A config file this one inherits from (a path relative to this file): its settings apply
    /// first, this file's on top (lists are added to, single values and rule options replaced).
    #[serde(default)]
    pub extend: Option<String>,
    /// Apply `exclude` to files named on the command line too (as pre-commit passes them).
    #[serde(default)]
    pub force_exclude: Option<bool>,
    /// The rules to run, replacing the default selection: codes (`DF015`), prefixes (`DF`, `DF0`,
    /// which pick a domain's default rules), names, peers' codes (`DL3008`) or `ALL`.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules to skip (codes, prefixes, names or peers' codes).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Rules to add to the selection: opt-in rules by code, name or peer code, or `ALL`.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Report only findings at or above this severity.
    #[serde(default)]
    #[schemars(extend("enum" = ["info", "warning", "error"]))]
    pub min_severity: Option<String>,
    /// Report only findings at or above this confidence.
    #[serde(default)]
    #[schemars(extend("enum" = ["low", "medium", "high"]))]
    pub min_confidence: Option<String>,
    /// Exit 1 only for findings at or above this severity (default: warning).
    #[serde(default)]
    #[schemars(extend("enum" = ["info", "warning", "error"]))]
    pub fail_on: Option<String>,
    /// The Kubernetes release the manifests are applied to (`1.30`): objects are checked against
    /// its API, and an API version it still serves is not reported as removed (default: the newest
    /// release shipshape knows).
    #[serde(default)]
    #[schemars(regex(pattern = r"^v?1\.[0-9]+(\.[0-9]+)?$"))]
    pub kubernetes_version: Option<String>,
    /// Globs (relative to this file's folder) of files and folders not to check.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rules to skip under a glob (relative to this file's folder).
    #[serde(default)]
    pub per_path: Vec<PerPath>,
    /// Per-rule options: `[rules.DF025] trusted-registries = [...]`, by rule code.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, serde_json::Value>>")]
    pub rules: BTreeMap<String, toml::Table>,
}

/// Rules to skip for the files under one glob.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PerPath {
    /// A glob, relative to the config file's folder (`legacy/**`).
    pub path: String,
    /// Rules to skip there (codes, prefixes, names or peers' codes).
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// The JSON Schema of a config file, from [`ConfigFile`]'s types, with `[rules.CODE]` spelled out
/// for every rule that takes options (each option typed, with its default and doc), so editors
/// complete and check `shipshape.toml` (`docs/shipshape.schema.json`; `shipshape config-schema`).
pub fn json_schema(registry: &Registry) -> serde_json::Value {
    use serde_json::{Value, json};
    let mut schema = serde_json::to_value(schemars::schema_for!(ConfigFile)).unwrap_or(Value::Null);
    let mut rules = serde_json::Map::new();
    for rule in registry.rules().iter().filter(|r| !r.options.is_empty()) {
        let mut props = serde_json::Map::new();
        for o in rule.options {
            let ty = match o.kind {
                OptionKind::Bool => json!({"type": "boolean"}),
                OptionKind::StringList => json!({"type": "array", "items": {"type": "string"}}),
                OptionKind::StringTable => json!({"type": "object", "additionalProperties": {"type": "string"}}),
            };
            let mut prop = ty;
            prop["description"] = Value::String(format!("{} (default: `{}`)", o.doc, o.default));
            // The default is TOML value text (`false`, `[]`): read as a one-key table.
            let default = toml::from_str::<toml::Table>(&format!("v = {}", o.default))
                .ok()
                .and_then(|mut t| t.remove("v"));
            if let Some(d) = default.and_then(|d| serde_json::to_value(d).ok()) {
                prop["default"] = d;
            }
            props.insert(o.key.to_owned(), prop);
        }
        let options = json!({
                "description": format!("{} ({}): {}", rule.code, rule.name, rule.summary),
                "type": "object",
                "properties": props,
                "additionalProperties": false,
        });
        // `[rules.trusted-registry]` names the same rule.
        rules.insert(rule.name.to_owned(), options.clone());
        rules.insert(rule.code.to_owned(), options);
    }
    schema["properties"]["rules"] = json!({
        "description": "Per-rule options, by rule code: `[rules.DF025] trusted-registries = [...]`.",
        "type": "object",
        "properties": rules,
        "additionalProperties": false,
    });
    schema
}

#[derive(Debug, Default, Deserialize)]
struct PyProject {
    #[serde(default)]
    tool: Option<PyProjectTool>,
}

#[derive(Debug, Default, Deserialize)]
struct PyProjectTool {
    #[serde(default)]
    shipshape: Option<toml::Value>,
}

/// A config error with the place it points at.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
    }
}

fn toml_error(path: &Path, text: &str, err: &toml::de::Error) -> ConfigError {
    let (line, column) = err.span().map_or((1, 1), |s| {
        let idx = crate::span::LineIndex::new(text);
        let lc = idx.line_col(text, s.start);
        (lc.line, lc.column)
    });
    ConfigError {
        path: path.to_owned(),
        line,
        column,
        message: err.message().trim().to_owned(),
    }
}

/// Where `needle` first stands in `text`, as a 1-based line and column (for errors on values).
fn locate(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle).map_or((1, 1), |off| {
        let idx = crate::span::LineIndex::new(text);
        let lc = idx.line_col(text, off);
        (lc.line, lc.column)
    })
}

impl ConfigFile {
    /// Parse a config file's text. `pyproject.toml` is read from its `[tool.shipshape]` table.
    pub fn parse(path: &Path, text: &str) -> Result<Option<Self>, ConfigError> {
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        if is_pyproject {
            let py: PyProject = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
            let Some(value) = py.tool.and_then(|t| t.shipshape) else {
                return Ok(None);
            };
            // Re-parse the sub-table from the original text so errors keep their location.
            return value.try_into::<ConfigFile>().map(Some).map_err(|e| {
                let (line, column) = locate(text, "[tool.shipshape");
                ConfigError {
                    path: path.to_owned(),
                    line,
                    column,
                    message: format!("in [tool.shipshape]: {}", e.message().trim()),
                }
            });
        }
        toml::from_str(text).map(Some).map_err(|e| toml_error(path, text, &e))
    }

    /// Check rule selectors and per-rule option tables against the registry.
    pub fn validate(&self, path: &Path, text: &str, registry: &Registry) -> Result<(), ConfigError> {
        let err = |needle: &str, message: String| {
            let (line, column) = locate(text, needle);
            ConfigError {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };
        let lists = self
            .select
            .iter()
            .flatten()
            .chain(&self.ignore)
            .chain(&self.extend_select)
            .chain(self.per_path.iter().flat_map(|p| &p.ignore));
        for sel in lists {
            if !registry.is_known_selector(sel) {
                return Err(err(&format!("\"{sel}\""), format!("unknown rule selector `{sel}`")));
            }
        }
        for key in [&self.min_severity, &self.fail_on].into_iter().flatten() {
            if Severity::parse(key).is_none() {
                return Err(err(
                    &format!("\"{key}\""),
                    format!("unknown severity `{key}` (expected info, warning or error)"),
                ));
            }
        }
        if let Some(c) = &self.min_confidence
            && Confidence::parse(c).is_none()
        {
            return Err(err(
                &format!("\"{c}\""),
                format!("unknown confidence `{c}` (expected low, medium or high)"),
            ));
        }
        if let Some(v) = &self.kubernetes_version {
            parse_kubernetes_version(v).map_err(|m| err(&format!("\"{v}\""), m))?;
        }
        for pp in &self.per_path {
            Glob::new(&pp.path).map_err(|e| err(&pp.path, format!("invalid glob: {e}")))?;
        }
        for (code, table) in &self.rules {
            let Some(rule) = registry.get(code) else {
                return Err(err(code, format!("unknown rule `{code}` in [rules]")));
            };
            for (key, value) in table {
                let Some(option) = rule.options.iter().find(|o| o.key == key) else {
                    let expected = if rule.options.is_empty() {
                        "this rule takes no options".to_owned()
                    } else {
                        let keys: Vec<&str> = rule.options.iter().map(|o| o.key).collect();
                        format!("expected one of: {}", keys.join(", "))
                    };
                    return Err(err(key, format!("unknown option `{key}` for rule {} ({expected})", rule.code)));
                };
                if !option.kind.accepts(value) {
                    return Err(err(
                        key,
                        format!(
                            "option `{key}` of rule {} takes a {}, not {}",
                            rule.code,
                            option.kind.as_str(),
                            value.type_str()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

pub const CONFIG_NAMES: &[&str] = &["shipshape.toml", ".shipshape.toml", "pyproject.toml"];

/// Find the nearest config walking up from `start` in `tree` (the disk, or a revision's files). A
/// `pyproject.toml` counts only with a `[tool.shipshape]` table.
pub fn find_config(tree: &dyn SourceTree, start: &Path) -> Option<PathBuf> {
    let start = tree
        .canonicalize(start)
        .or_else(|| std::path::absolute(start).ok())
        .unwrap_or_else(|| start.to_owned());
    let dir = if tree.is_dir(&start) { start.as_path() } else { start.parent()? };
    dir.ancestors().find_map(|d| config_in(tree, d))
}

/// `find_config` for a directory, remembering the answer for it and every ancestor looked at, so
/// a walk over many directories stats each ancestor once.
fn find_config_cached(
    tree: &dyn SourceTree,
    dir: &Path,
    cache: &mut std::collections::HashMap<PathBuf, Option<PathBuf>>,
) -> Option<PathBuf> {
    let dir = tree
        .canonicalize(dir)
        .or_else(|| std::path::absolute(dir).ok())
        .unwrap_or_else(|| dir.to_owned());
    let mut looked = Vec::new();
    let mut found = None;
    for ancestor in dir.ancestors() {
        if let Some(hit) = cache.get(ancestor) {
            found = hit.clone();
            break;
        }
        looked.push(ancestor.to_owned());
        if let Some(config) = config_in(tree, ancestor) {
            found = Some(config);
            break;
        }
    }
    for dir in looked {
        cache.insert(dir, found.clone());
    }
    found
}

/// The config file directly in `dir`, if any.
fn config_in(tree: &dyn SourceTree, dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES.iter().find_map(|name| {
        let candidate = dir.join(name);
        if !tree.is_file(&candidate) {
            return None;
        }
        if *name == "pyproject.toml" && !tree.read(&candidate).is_some_and(|t| t.contains("[tool.shipshape")) {
            return None;
        }
        Some(candidate)
    })
}

/// Selection given on the command line, layered over the config file.
#[derive(Debug, Default, Clone)]
pub struct CliSelection {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub extend_select: Vec<String>,
    pub min_severity: Option<Severity>,
    pub min_confidence: Option<Confidence>,
    pub fail_on: Option<Severity>,
    /// `--kubernetes-version`, as a minor release of Kubernetes 1 (checked by
    /// [`parse_kubernetes_version`]).
    pub kubernetes_minor: Option<u16>,
}

/// The minor releases of Kubernetes 1 whose API definitions shipshape ships (`shipshape-schema`
/// tests that its data holds exactly these).
pub const KUBERNETES_MINORS: std::ops::RangeInclusive<u16> = 25..=37;

/// A Kubernetes release as users write it (`1.30`, `v1.30`, `1.30.4`), as its minor number; an
/// error naming the releases shipshape knows when it is not one of them.
pub fn parse_kubernetes_version(text: &str) -> Result<u16, String> {
    let known = || {
        format!(
            "shipshape knows the API of Kubernetes 1.{} to 1.{}",
            KUBERNETES_MINORS.start(),
            KUBERNETES_MINORS.end()
        )
    };
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let minor = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("1"), Some(minor), patch, None) if patch.is_none_or(|p| p.parse::<u32>().is_ok()) => minor.parse::<u16>().ok(),
        _ => None,
    };
    match minor {
        Some(m) if KUBERNETES_MINORS.contains(&m) => Ok(m),
        Some(m) => Err(format!("no Kubernetes 1.{m} in shipshape: {}", known())),
        None => Err(format!(
            "`{text}` is not a Kubernetes release such as `1.{}` ({})",
            KUBERNETES_MINORS.end(),
            known()
        )),
    }
}

/// The resolved settings of a directory tree (one config file, or defaults).
#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<&'static RuleMeta>,
    /// Codes of `enabled`, for the per-file, per-rule lookups.
    enabled_codes: std::collections::HashSet<&'static str>,
    per_path: Vec<(GlobMatcher, Vec<String>)>,
    pub min_severity: Severity,
    pub min_confidence: Confidence,
    pub fail_on: Severity,
    /// The Kubernetes minor release (1.x) `kubernetes-version` names; `None` for the newest shipped
    /// ([`Settings::kubernetes_minor`]).
    pub kubernetes_version: Option<u16>,
    /// Rules named exactly (by code, name or peer code) in `select`/`extend-select`, or every rule
    /// with `ALL`: they report in test, example and docs paths too, where hygiene (info) findings of
    /// the default selection are off.
    pub explicit: std::collections::HashSet<&'static str>,
    pub exclude: Vec<String>,
    /// `exclude` applies to files named on the command line too.
    pub force_exclude: bool,
    pub rule_options: BTreeMap<&'static str, toml::Table>,
    /// The directory the config lives in (per-path globs are relative to it).
    pub root: PathBuf,
    /// `exclude` compiled (relative to `root`).
    pub exclude_set: globset::GlobSet,
}

impl Settings {
    pub fn resolve(registry: &Registry, file: &ConfigFile, cli: &CliSelection, root: PathBuf) -> Self {
        let select: Vec<String> = cli.select.clone().or_else(|| file.select.clone()).unwrap_or_default();
        let use_defaults = cli.select.is_none() && file.select.is_none();
        let extend: Vec<&String> = file.extend_select.iter().chain(&cli.extend_select).collect();
        let ignore: Vec<&String> = file.ignore.iter().chain(&cli.ignore).collect();
        let enabled: Vec<&'static RuleMeta> = registry
            .rules()
            .iter()
            .copied()
            .filter(|r| {
                // A prefix (`DF`, `DF0`) picks a domain's default rules; opt-in rules need their
                // code, name or `ALL` (as ruff's preview rules need `--preview`).
                let picks = |s: &String| r.matches(s) && (r.default || s == "ALL" || s == r.code || s == r.name || r.has_peer_code(s));
                let picked = if use_defaults { r.default } else { select.iter().any(picks) };
                let extended = extend.iter().copied().any(picks);
                // An exact code or name in `select` beats a broader ignore (ruff's specificity rule, simplified).
                let exact_select = select.iter().chain(extend.iter().copied()).any(|s| s == r.code || s == r.name);
                let ignored = ignore
                    .iter()
                    .any(|s| r.matches(s) && (s.as_str() == r.code || s.as_str() == r.name || !exact_select));
                (picked || extended) && !ignored
            })
            .collect();
        let per_path = file
            .per_path
            .iter()
            .filter_map(|p| Some((Glob::new(&p.path).ok()?.compile_matcher(), p.ignore.clone())))
            .collect();
        let rule_options = file
            .rules
            .iter()
            .filter_map(|(code, table)| Some((registry.get(code)?.code, table.clone())))
            .collect();
        let sev = |s: &Option<String>| s.as_deref().and_then(Severity::parse);
        let explicit = enabled
            .iter()
            .filter(|r| {
                select
                    .iter()
                    .chain(extend.iter().copied())
                    .any(|s| s == "ALL" || s == r.code || s == r.name || r.has_peer_code(s))
            })
            .map(|r| r.code)
            .collect();
        Self {
            enabled_codes: enabled.iter().map(|r| r.code).collect(),
            enabled,
            per_path,
            min_severity: cli.min_severity.or(sev(&file.min_severity)).unwrap_or(Severity::Info),
            min_confidence: cli
                .min_confidence
                .or(file.min_confidence.as_deref().and_then(Confidence::parse))
                .unwrap_or(Confidence::Low),
            explicit,
            fail_on: cli.fail_on.or(sev(&file.fail_on)).unwrap_or(Severity::Warning),
            kubernetes_version: cli
                .kubernetes_minor
                .or_else(|| file.kubernetes_version.as_deref().and_then(|v| parse_kubernetes_version(v).ok())),
            exclude: file.exclude.clone(),
            force_exclude: file.force_exclude.unwrap_or(false),
            rule_options,
            root,
            exclude_set: globset::GlobSet::empty(),
        }
    }

    /// The Kubernetes minor release (1.x) manifests are checked against: `kubernetes-version`, else
    /// the newest shipped.
    pub fn kubernetes_minor(&self) -> u16 {
        self.kubernetes_version.unwrap_or(*KUBERNETES_MINORS.end())
    }

    pub fn enabled_rules(&self) -> &[&'static RuleMeta] {
        &self.enabled
    }

    /// Whether any of `rules` is enabled anywhere under these settings.
    pub fn any_enabled(&self, rules: &[&'static RuleMeta]) -> bool {
        rules.iter().any(|r| self.enabled_codes.contains(r.code))
    }

    /// Whether `rule` runs on the file at `rel_path` (relative to the config root).
    pub fn is_enabled_for(&self, rule: &RuleMeta, rel_path: &Path) -> bool {
        self.enabled_codes.contains(rule.code)
            && !self
                .per_path
                .iter()
                .any(|(glob, ignore)| glob.is_match(rel_path) && ignore.iter().any(|s| rule.matches(s)))
    }

    pub fn options(&self, code: &str) -> Option<&toml::Table> {
        self.rule_options.get(code)
    }
}

impl ConfigFile {
    /// `self` on top of `base` (what `extend` inherits): lists are added to, single values and each
    /// rule's options replaced.
    fn over(self, mut base: ConfigFile) -> ConfigFile {
        base.ignore.extend(self.ignore);
        base.extend_select.extend(self.extend_select);
        base.exclude.extend(self.exclude);
        base.per_path.extend(self.per_path);
        for (code, table) in self.rules {
            base.rules.insert(code, table);
        }
        ConfigFile {
            extend: None,
            force_exclude: self.force_exclude.or(base.force_exclude),
            select: self.select.or(base.select),
            min_severity: self.min_severity.or(base.min_severity),
            min_confidence: self.min_confidence.or(base.min_confidence),
            fail_on: self.fail_on.or(base.fail_on),
            kubernetes_version: self.kubernetes_version.or(base.kubernetes_version),
            ..base
        }
    }
}

/// How many `extend` links a config may follow (a cycle stops here with an error).
const MAX_EXTEND_DEPTH: usize = 16;

/// Read, parse and validate one config file of `tree` and what it extends; returns it with the
/// directory it governs.
pub fn load_file(tree: &dyn SourceTree, path: &Path, registry: &Registry) -> Result<(ConfigFile, PathBuf), String> {
    let canonical_of = |p: &Path| tree.canonicalize(p).or_else(|| std::path::absolute(p).ok());
    let mut file = read_one(tree, path, registry)?;
    let mut seen = vec![canonical_of(path).unwrap_or_else(|| path.to_owned())];
    while let Some(parent) = file.extend.take() {
        let base_dir = seen.last().and_then(|p| p.parent()).unwrap_or(Path::new("."));
        let parent_path = base_dir.join(&parent);
        let canonical = tree
            .canonicalize(&parent_path)
            .ok_or_else(|| format!("invalid config: {}: `extend = \"{parent}\"`: no such file", path.display()))?;
        if seen.contains(&canonical) || seen.len() > MAX_EXTEND_DEPTH {
            return Err(format!(
                "invalid config: {}: `extend` goes round in a circle through {}",
                path.display(),
                canonical.display()
            ));
        }
        let base = read_one(tree, &canonical, registry)?;
        seen.push(canonical);
        // The base's own `extend` is followed next, from the base's folder.
        let next = base.extend.clone();
        file = file.over(base);
        file.extend = next;
    }
    let root = canonical_of(path).and_then(|p| p.parent().map(Path::to_owned)).unwrap_or_default();
    Ok((file, root))
}

fn read_one(tree: &dyn SourceTree, path: &Path, registry: &Registry) -> Result<ConfigFile, String> {
    let text = tree.read(path).ok_or_else(|| {
        let why = std::fs::read_to_string(path)
            .err()
            .map_or("not a readable text file".to_owned(), |e| e.to_string());
        format!("cannot read config {}: {why}", path.display())
    })?;
    let file = ConfigFile::parse(path, &text)
        .map_err(|e| format!("invalid config: {e}"))?
        .unwrap_or_default();
    file.validate(path, &text, registry).map_err(|e| format!("invalid config: {e}"))?;
    Ok(file)
}

/// [`Settings::resolve`] with the `exclude` globs compiled (a bad glob fails the run).
fn resolve_checked(registry: &Registry, file: &ConfigFile, cli: &CliSelection, root: PathBuf) -> Result<Settings, String> {
    let mut s = Settings::resolve(registry, file, cli, root);
    s.exclude_set = crate::discover::build_excludes(&s.exclude)?;
    Ok(s)
}

/// Where the settings come from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// `--no-config`: defaults and the command line only.
    None,
    /// `--config FILE`: one file for every path.
    Explicit(PathBuf),
    /// The nearest config above each file (DESIGN §5).
    Discover,
}

/// The resolved settings of a run: one per config file in play, and which one governs each directory.
#[derive(Debug)]
pub struct Configs {
    /// Each config file in play (`None`: defaults only) with its settings; the first governs the
    /// run's first path, stdin and the walk's excludes.
    sets: Vec<(Option<PathBuf>, Settings)>,
    /// A file's directory, as discovered → index into `sets`.
    by_dir: std::collections::HashMap<PathBuf, usize>,
    discover: bool,
}

impl Configs {
    /// One set of settings for every file.
    pub fn single(settings: Settings) -> Self {
        Self {
            sets: vec![(None, settings)],
            by_dir: Default::default(),
            discover: false,
        }
    }

    /// Resolve the settings that govern `start` (the first path of the run). Configs are found and
    /// read in `tree` (a revision's files for `check --rev`); a config named explicitly is read
    /// from the disk.
    pub fn load(
        registry: &Registry,
        cli: &CliSelection,
        source: &ConfigSource,
        start: &Path,
        tree: &dyn SourceTree,
    ) -> Result<Self, String> {
        let (path, settings) = match source {
            ConfigSource::None => (None, Self::settings_of(&crate::tree::Disk, registry, cli, None)?),
            ConfigSource::Explicit(path) => (
                Some(path.clone()),
                Self::settings_of(&crate::tree::Disk, registry, cli, Some(path))?,
            ),
            ConfigSource::Discover => {
                let path = find_config(tree, start);
                let settings = Self::settings_of(tree, registry, cli, path.as_deref())?;
                (path, settings)
            }
        };
        Ok(Self {
            sets: vec![(path, settings)],
            by_dir: Default::default(),
            discover: matches!(source, ConfigSource::Discover),
        })
    }

    fn settings_of(tree: &dyn SourceTree, registry: &Registry, cli: &CliSelection, config: Option<&Path>) -> Result<Settings, String> {
        let (file, root) = match config {
            Some(path) => load_file(tree, path, registry)?,
            None => (ConfigFile::default(), std::env::current_dir().map_err(|e| e.to_string())?),
        };
        resolve_checked(registry, &file, cli, root)
    }

    /// Find and load the configs that govern `files` (a no-op unless discovering). A broken config
    /// anywhere fails the run, as ruff does: silently ignoring it would audit with the wrong rules.
    pub fn discover_for<'p>(
        &mut self,
        tree: &dyn SourceTree,
        registry: &Registry,
        cli: &CliSelection,
        files: impl Iterator<Item = &'p Path>,
    ) -> Result<(), String> {
        if !self.discover {
            return Ok(());
        }
        let mut cache = std::collections::HashMap::new();
        for file in files {
            let Some(dir) = file.parent() else { continue };
            if self.by_dir.contains_key(dir) {
                continue;
            }
            let config = find_config_cached(tree, dir, &mut cache);
            let idx = match self.sets.iter().position(|(p, _)| *p == config) {
                Some(i) => i,
                None => {
                    let settings = Self::settings_of(tree, registry, cli, config.as_deref())?;
                    self.sets.push((config, settings));
                    self.sets.len() - 1
                }
            };
            self.by_dir.insert(dir.to_owned(), idx);
        }
        Ok(())
    }

    /// Forget which config governs the folders a run in path order has passed (`last`: the last
    /// file checked; see [`crate::project::passed`]). The configs themselves are kept.
    pub fn forget_passed(&mut self, last: &Path) {
        self.by_dir.retain(|dir, _| !crate::project::passed(dir, last));
    }

    /// The settings of the run's first path (stdin, walk excludes, exit status).
    pub fn primary(&self) -> &Settings {
        &self.sets[0].1
    }

    /// The settings that govern `path` (or the primary ones when it is unknown).
    pub fn for_path(&self, path: Option<&Path>) -> &Settings {
        path.and_then(Path::parent)
            .and_then(|dir| self.by_dir.get(dir))
            .map_or(self.primary(), |&i| &self.sets[i].1)
    }

    /// Whether a discovered (not explicitly named) file is excluded by the config that governs it.
    pub fn excludes(&self, path: &Path) -> bool {
        let s = self.for_path(Some(path));
        if s.exclude.is_empty() {
            return false;
        }
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let rel = abs.strip_prefix(&s.root).unwrap_or(&abs);
        s.exclude_set.is_match(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_point_at_the_key() {
        let text = "select = [\"DF\"]\nbogus = 1\n";
        let err = ConfigFile::parse(Path::new("shipshape.toml"), text).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("bogus"), "{}", err.message);
    }

    #[test]
    fn pyproject_table() {
        let text = "[project]\nname='x'\n[tool.shipshape]\nignore = [\"DF001\"]\n";
        let cfg = ConfigFile::parse(Path::new("pyproject.toml"), text).unwrap().unwrap();
        assert_eq!(cfg.ignore, vec!["DF001".to_owned()]);
        assert!(ConfigFile::parse(Path::new("pyproject.toml"), "[project]\n").unwrap().is_none());
    }
}
