//! What is each file? By name first, then by content for generic YAML (DESIGN.md §1).

use serde::Serialize;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    /// A Dockerfile template (`Dockerfile.template`, `.erb`, `.j2`…): counted, not audited.
    DockerfileTemplate,
    Dockerignore,
    Compose,
    GithubWorkflow,
    GithubAction,
    Dependabot,
    GitlabCi,
    Kubernetes,
    /// A Helm template (YAML with `{{`): counted, not audited.
    HelmTemplate,
    Terraform,
    TerraformVars,
    /// YAML that is none of the above.
    Yaml,
    /// Any other text file (secret scanning only).
    Other,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::DockerfileTemplate => "dockerfile-template",
            FileKind::Dockerignore => "dockerignore",
            FileKind::Compose => "compose",
            FileKind::GithubWorkflow => "github-workflow",
            FileKind::GithubAction => "github-action",
            FileKind::Dependabot => "dependabot",
            FileKind::GitlabCi => "gitlab-ci",
            FileKind::Kubernetes => "kubernetes",
            FileKind::HelmTemplate => "helm-template",
            FileKind::Terraform => "terraform",
            FileKind::TerraformVars => "terraform-vars",
            FileKind::Yaml => "yaml",
            FileKind::Other => "other",
        }
    }

    /// Whether the kind is an infrastructure file shipshape knows (not `Yaml`/`Other`).
    pub fn is_infrastructure(self) -> bool {
        !matches!(self, FileKind::Yaml | FileKind::Other)
    }
}

const TEMPLATE_EXTS: &[&str] = &["template", "templ", "tmpl", "tpl", "erb", "j2", "jinja", "jinja2", "mustache", "in"];
const NOT_DOCKERFILE_EXTS: &[&str] = &[
    "md",
    "rst",
    "txt",
    "sh",
    "py",
    "json",
    "yml",
    "yaml",
    "toml",
    "orig",
    "rej",
    "swp",
    "bak",
    "stderr",
    "stdout",
    "golden",
    "lock",
    "dockerignore",
    // A REUSE licence sidecar (`Dockerfile.j2.license`: matrix-docker-ansible-deploy's, read as a
    // Dockerfile of SPDX lines, the twenty-fifth sample), signatures and checksums.
    "license",
    "asc",
    "sig",
    "sha256",
    // Source code named after Dockerfiles (editors' syntax modes such as monaco's `dockerfile.js`, parsers'
    // tests): a build file of the name is never written in these languages.
    "js",
    "mjs",
    "cjs",
    "jsx",
    "ts",
    "mts",
    "cts",
    "tsx",
    "map",
    "go",
    "rs",
    "rb",
    "java",
    "kt",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cs",
    "php",
    "pl",
    "pm",
    "lua",
    "el",
    "vim",
    "html",
    "htm",
    "css",
    "scss",
    "xml",
    "svg",
    "png",
    "jpg",
    "gif",
    "ico",
    "pdf",
    "gz",
    "zip",
    "tgz",
    "xz",
    "diff",
    "patch",
    "log",
    "out",
    "snap",
    "ps1",
    "bat",
    "csv",
    "sql",
    "proto",
    "vue",
    "svelte",
    "dart",
    "swift",
    "scala",
    "ex",
    "exs",
    "hs",
    "nix",
    "bzl",
    "pyc",
    "pyi",
    "ipynb",
    "wasm",
    "ini",
];

/// Classify by path alone. `None` means "look at the content" (YAML that may be Compose or Kubernetes,
/// JSON that may be a Kubernetes manifest).
pub fn classify_by_name(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
        return Some(FileKind::Dockerignore);
    }
    if let Some(kind) = classify_dockerfile_name(&lower) {
        return Some(kind);
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    let is_yaml = matches!(ext, Some("yml" | "yaml"));
    let parent = |n: usize| -> Option<String> {
        let mut p = path.parent();
        for _ in 1..n {
            p = p?.parent();
        }
        Some(p?.file_name()?.to_str()?.to_ascii_lowercase())
    };
    if is_yaml {
        if parent(1).as_deref() == Some("workflows") && parent(2).as_deref() == Some(".github") {
            return Some(FileKind::GithubWorkflow);
        }
        if lower == "action.yml" || lower == "action.yaml" {
            return Some(FileKind::GithubAction);
        }
        // Dependabot reads exactly `.github/dependabot.yml` (or `.yaml`): postiz-app turned it off by
        // renaming the file `Dependabot.yml`.
        if matches!(name, "dependabot.yml" | "dependabot.yaml") && parent(1).as_deref() == Some(".github") {
            return Some(FileKind::Dependabot);
        }
        // Pipelines split into `.gitlab/ci/*.yml` (GitLab's own convention) are included fragments.
        let in_gitlab_ci = path
            .ancestors()
            .any(|a| a.file_name().is_some_and(|n| n == "ci") && a.parent().and_then(|p| p.file_name()).is_some_and(|n| n == ".gitlab"));
        if lower.starts_with(".gitlab-ci") || lower.ends_with(".gitlab-ci.yml") || lower.ends_with(".gitlab-ci.yaml") || in_gitlab_ci {
            return Some(FileKind::GitlabCi);
        }
        if lower.starts_with("compose") || lower.starts_with("docker-compose") {
            return Some(FileKind::Compose);
        }
        // Rancher 1.x's `rancher-compose.yml` has `services:` but is not a Compose file: its
        // `version:` still selects the format (zammad-docker-compose, judged wrong 2026-12-05).
        if lower.starts_with("rancher-compose") {
            return Some(FileKind::Yaml);
        }
        // Helm renders everything under a chart's `templates/`: the directory beside its Chart.yaml. A
        // `templates/` directory anywhere else (below a chart or not) is an ordinary directory.
        let in_chart_templates = path.ancestors().skip(1).any(|a| {
            a.file_name().is_some_and(|n| n.eq_ignore_ascii_case("templates"))
                && a.parent().is_some_and(|chart| chart.join("Chart.yaml").is_file())
        });
        if in_chart_templates {
            return Some(FileKind::HelmTemplate);
        }
        return None;
    }
    match ext {
        Some("tf") => Some(FileKind::Terraform),
        Some("tfvars") => Some(FileKind::TerraformVars),
        _ if lower.ends_with(".tf.json") => Some(FileKind::Terraform),
        _ if lower.ends_with(".tfvars.json") => Some(FileKind::TerraformVars),
        // A JSON file may be a Kubernetes manifest (`kubectl get -o json`, generated manifests).
        Some("json") => None,
        _ => Some(FileKind::Other),
    }
}

fn classify_dockerfile_name(lower: &str) -> Option<FileKind> {
    let stem_match = |base: &str| {
        lower == base
            || lower.ends_with(&format!(".{base}"))
            || lower.starts_with(&format!("{base}."))
            || lower.starts_with(&format!("{base}-"))
    };
    if !(stem_match("dockerfile") || stem_match("containerfile")) {
        return None;
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if lower.ends_with("dockerfile") || lower.ends_with("containerfile") {
        return Some(FileKind::Dockerfile);
    }
    if TEMPLATE_EXTS.contains(&ext) {
        return Some(FileKind::DockerfileTemplate);
    }
    if NOT_DOCKERFILE_EXTS.contains(&ext) {
        return None;
    }
    Some(FileKind::Dockerfile)
}

/// The lines of a text as YAML and editors see them: a leading byte order mark skipped, and a line
/// ending in `\n`, `\r\n` or a lone `\r` (old Mac files). Empty lines are left out.
/// Whether the text holds template blocks (`{{ … }}` of Go or Jinja, `{% … %}`): a file that a
/// tool renders before it is the YAML or HCL its name says, so its parse error is not the file's.
pub fn has_template_blocks(src: &str) -> bool {
    src.find("{{").is_some_and(|i| src[i..].contains("}}")) || src.find("{%").is_some_and(|i| src[i..].contains("%}"))
}

/// The message of a parse error in a file with template blocks (info: see [`has_template_blocks`]).
pub fn template_parse_message(message: &str) -> String {
    format!("a template (`{{{{ … }}}}`), not checked until rendered: {message}")
}

pub fn content_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split(['\n', '\r']).filter(|l| !l.is_empty())
}

/// Classify generic YAML by content: `apiVersion` + `kind` is Kubernetes, top-level `services:` is Compose.
/// A text that is a JSON object (YAML's flow form) is judged as [`classify_json_content`] does.
/// The top-level keys of a Compose file (besides `x-` extensions).
const COMPOSE_KEYS: [&str; 8] = [
    "services", "networks", "volumes", "configs", "secrets", "version", "name", "include",
];

pub fn classify_yaml_content(text: &str) -> FileKind {
    if text.strip_prefix('\u{feff}').unwrap_or(text).trim_start().starts_with('{') {
        return match classify_json_content(text) {
            FileKind::Other => FileKind::Yaml,
            kind => kind,
        };
    }
    let mut api_version = false;
    let mut kind = false;
    let mut services = false;
    // Top-level keys Compose has, and others: a config with a `services:` section among many
    // others (Temporal's server config: `log:`, `persistence:`, `global:`…) is not a Compose file.
    let (mut compose_keys, mut other_keys) = (0usize, 0usize);
    let mut template = false;
    // Argo CD and Argo Workflows objects use `{{…}}` as their own parameter syntax, not Helm's.
    let mut argo = false;
    // Compose's `services:` is a mapping; Render's `render.yaml` blueprint lists its services.
    let mut services_listed = false;
    let mut after_services = false;
    // Symfony's service container (`services:` of `class:`, `arguments:`, `calls:`, `tags:`) is
    // no Compose file (Orchesty's bundles: 37 schema errors judged wrong, the sixty-sixth sample).
    let (mut symfony, mut compose_service) = (false, false);
    for line in content_lines(text).take(5_000) {
        if line.starts_with([' ', '\t'])
            && let Some((key, _)) = line.trim_start().trim_start_matches("- ").split_once(':')
        {
            symfony |= matches!(
                key,
                "class" | "arguments" | "calls" | "factory" | "autowire" | "autoconfigure" | "_defaults" | "_instanceof" | "decorates"
            );
            compose_service |= matches!(
                key,
                "image" | "build" | "ports" | "container_name" | "depends_on" | "healthcheck" | "restart"
            );
        }
        if after_services {
            services_listed |= line.trim_start().starts_with("- ");
            after_services = false;
        }
        if line.starts_with("apiVersion:") {
            api_version = true;
            argo |= line.contains("argoproj.io");
        } else if line.starts_with("kind:") {
            kind = true;
        } else if let Some(rest) = line.strip_prefix("services:") {
            services = true;
            let rest = rest.trim_start();
            services_listed |= rest.starts_with('[');
            after_services = rest.is_empty() || rest.starts_with('#');
        }
        if let Some((key, _)) = line.split_once(':')
            && !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            if COMPOSE_KEYS.contains(&key) || key.starts_with("x-") {
                compose_keys += 1;
            } else {
                other_keys += 1;
            }
        }
        template |= helm_line(line);
    }
    match () {
        _ if api_version && kind && template && !argo => FileKind::HelmTemplate,
        _ if api_version && kind => FileKind::Kubernetes,
        _ if symfony && !compose_service => FileKind::Yaml,
        _ if services && !services_listed && (other_keys < 2 || other_keys <= compose_keys) => FileKind::Compose,
        _ => FileKind::Yaml,
    }
}

/// Whether a line holds Helm templating: Helm's own syntax (`.Values`, `.Release`, `include`) quoted
/// or not, or `{{` outside a quoted string.
pub fn helm_line(line: &str) -> bool {
    let helm_words = [".Values", ".Release", ".Chart", "include \"", "template \"", "toYaml"]
        .iter()
        .any(|w| line.contains(w));
    line.contains("{{") && !line.trim_start().starts_with('#') && (helm_words || unquoted_braces(line))
}

/// Classify a JSON text: a Kubernetes manifest when it is an object whose top level has a string
/// `apiVersion` of the form `[group/]vN…`, a string `kind` in CamelCase, and a `metadata` object (or,
/// for a `…List`, an `items` array). Everything else (package.json, tsconfig, JSON schemas, whose
/// `apiVersion`/`kind` sit deeper if anywhere) is `Other`.
pub fn classify_json_content(text: &str) -> FileKind {
    let Some(top) = json_top_level(text) else { return FileKind::Other };
    let get = |key: &str| top.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let (Some(JsonTop::Str(api)), Some(JsonTop::Str(kind))) = (get("apiVersion"), get("kind")) else {
        return FileKind::Other;
    };
    let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
    let api_ok = version
        .strip_prefix('v')
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        && version.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && group
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    let kind_ok = kind.starts_with(|c: char| c.is_ascii_uppercase()) && kind.bytes().all(|b| b.is_ascii_alphanumeric());
    let body = matches!(get("metadata"), Some(JsonTop::Object)) || (kind.ends_with("List") && matches!(get("items"), Some(JsonTop::Array)));
    match () {
        _ if !(api_ok && kind_ok && body) => FileKind::Other,
        _ if content_lines(text).any(helm_line) => FileKind::HelmTemplate,
        _ => FileKind::Kubernetes,
    }
}

/// What a top-level value of a JSON object is (strings keep their raw text).
#[derive(Clone, Copy, Debug, PartialEq)]
enum JsonTop<'a> {
    Str(&'a str),
    Object,
    Array,
    Scalar,
}

/// The keys of a JSON object text's top level with what their values are, or `None` when the text
/// is not one well-nested object. Deeper levels are only counted through.
fn json_top_level(text: &str) -> Option<Vec<(&str, JsonTop<'_>)>> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let b = t.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    let mut depth = 0usize;
    // A top-level key whose value comes next.
    let mut key: Option<&str> = None;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let s = t.get(start..j)?;
                if depth == 1 {
                    match key.take() {
                        Some(k) => out.push((k, JsonTop::Str(s))),
                        None if t.get(j + 1..)?.trim_start().starts_with(':') => key = Some(s),
                        None => return None,
                    }
                }
                i = j + 1;
                continue;
            }
            c @ (b'{' | b'[') => {
                if let Some(k) = key.take().filter(|_| depth == 1) {
                    out.push((k, if c == b'{' { JsonTop::Object } else { JsonTop::Array }));
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return key.is_none().then_some(out);
                }
            }
            b':' | b',' | b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                if let Some(k) = key.take().filter(|_| depth == 1) {
                    out.push((k, JsonTop::Scalar));
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether a `{{` on the line stands outside a quoted string: Helm writes `{{ .Values.x }}` and
/// `{{- if … }}` bare; a quoted `'{{ param }}'` is a value some controller fills in.
fn unquoted_braces(line: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && (prev == ' ' || prev == ':' || prev == '[' || prev == ',' || prev == '-' || i == 0) => {
                quote = Some(c)
            }
            None if line[i..].starts_with("{{") => return true,
            None => {}
        }
        prev = c;
    }
    false
}

/// Whether a Dockerfile is a template a tool renders before it is built: a line that starts with
/// `{%`, `{#` or `{{` (Jinja, Go), or is a `%%NAME%%` placeholder (no instruction does; a
/// continuation line aside).
/// mongodb-kubernetes-operator's `Dockerfile.e2e` (`{% extends "Dockerfile.template" %}`) was nine
/// wrong parse errors in the forty-sixth precision sample.
pub fn jinja_template(text: &str) -> bool {
    let mut continued = false;
    for line in text.lines().take(2000) {
        let t = line.trim();
        // `%%NONROOT_ADD%%` alone on a line: a placeholder a script replaces with instructions
        // (roundcube's `Dockerfile-debian.templ`, the forty-seventh sample).
        let placeholder = t.len() > 4 && t.starts_with("%%") && t.ends_with("%%") && !t.contains(' ');
        if !continued && (t.starts_with("{%") || t.starts_with("{#") || t.starts_with("{{") || placeholder) {
            return true;
        }
        continued = t.ends_with('\\');
    }
    false
}

/// Whether a text named as a Dockerfile holds lines but not one Dockerfile instruction: something
/// else under that name (companieshouse's `.dockerfile`, a `.dockerignore`'s patterns: six parse
/// errors, the sixty-sixth sample).
fn no_instruction(text: &str) -> bool {
    const INSTRUCTIONS: &[&str] = &[
        "FROM",
        "RUN",
        "CMD",
        "LABEL",
        "MAINTAINER",
        "EXPOSE",
        "ENV",
        "ADD",
        "COPY",
        "ENTRYPOINT",
        "VOLUME",
        "USER",
        "WORKDIR",
        "ARG",
        "ONBUILD",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
    ];
    let mut lines = content_lines(text)
        .map(str::trim_start)
        .filter(|t| !t.is_empty() && !t.starts_with('#'))
        .take(200)
        .peekable();
    lines.peek().is_some()
        && lines.all(|t| {
            let word = t.split(|c: char| c.is_whitespace()).next().unwrap_or("");
            !INSTRUCTIONS.iter().any(|i| i.eq_ignore_ascii_case(word))
        })
}

/// Whether an arbitrary text looks like a Dockerfile (for files named explicitly or read from stdin).
pub fn looks_like_dockerfile(text: &str) -> bool {
    for line in content_lines(text).take(200) {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let word = t.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        return word == "FROM" || word == "ARG";
    }
    false
}

/// The full classification: name first, then content for YAML; `explicit` files of unknown
/// names are sniffed for Dockerfile content.
/// Whether a file named like a Compose file has top-level keys and none of them is Compose's: a
/// config a Compose file mounts (kroxylicious's `compose-proxy-config.yaml`, judged wrong twice,
/// the sixty-seventh sample).
fn no_compose_key(text: &str) -> bool {
    no_key_of(text, |k| {
        COMPOSE_KEYS.contains(&k) || matches!(k, "models" | "<<") || k.starts_with("x-") || k.contains("{{")
    })
}

/// Whether a file named `action.yml` has top-level keys and none of them is an action's: a Rails
/// locale file (ekylibre's `config/locales/*/action.yml`, eighteen errors judged wrong, the
/// seventy-first sample).
fn no_action_key(text: &str) -> bool {
    no_key_of(text, |k| {
        matches!(
            k,
            "name" | "description" | "author" | "inputs" | "outputs" | "runs" | "branding" | "<<"
        ) || k.contains("{{")
    })
}

/// Whether the text has top-level mapping keys (lowercased, at most 5,000 lines read) and `known`
/// accepts none of them.
fn no_key_of(text: &str, known: impl Fn(&str) -> bool) -> bool {
    let mut keys = text.lines().take(5_000).filter_map(|l| {
        if l.starts_with([' ', '\t', '#', '-', '.', '{', '[']) || l.trim().is_empty() {
            return None;
        }
        let (key, _) = l.split_once(':')?;
        Some(key.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
    });
    let mut any = false;
    let none = keys.all(|k| {
        any = true;
        !known(&k)
    });
    any && none
}

pub fn classify(path: &Path, text: &str, explicit: bool) -> FileKind {
    match classify_by_name(path) {
        Some(FileKind::Other) if explicit && looks_like_dockerfile(text) => FileKind::Dockerfile,
        Some(FileKind::Dockerfile) if jinja_template(text) => FileKind::DockerfileTemplate,
        Some(FileKind::Dockerfile) if no_instruction(text) => FileKind::Other,
        Some(FileKind::Compose) if no_compose_key(text) => FileKind::Yaml,
        Some(FileKind::GithubAction) if no_action_key(text) => FileKind::Yaml,
        Some(kind) => kind,
        None => {
            let is_yaml = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
            let is_json = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            match () {
                _ if is_yaml => classify_yaml_content(text),
                _ if is_json => classify_json_content(text),
                _ => FileKind::Other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(p: &str) -> Option<FileKind> {
        classify_by_name(Path::new(p))
    }

    #[test]
    fn a_locale_file_named_action_yml_is_no_action() {
        let p = Path::new("config/locales/arb/action.yml");
        assert_eq!(classify(p, "arb:\n  actions:\n    edit: x\n", false), FileKind::Yaml);
        for action in [
            "name: a\nruns:\n  using: composite\n  steps: []\n",
            "runs:\n  using: node24\n  main: index.js\n",
            "",
        ] {
            assert_eq!(classify(p, action, false), FileKind::GithubAction, "{action}");
        }
    }

    #[test]
    fn a_config_named_like_compose_is_no_compose_file() {
        let p = Path::new("compose/compose-proxy-config.yaml");
        let proxy = "management:\n  endpoints:\n    prometheus: {}\nvirtualClusters:\n  - name: demo\n";
        assert_eq!(classify(p, proxy, false), FileKind::Yaml);
        for compose in [
            "services:\n  web:\n    image: nginx:1.29\n",
            "x-common: &c\n  restart: always\n",
            "",
            "# only a comment\n",
        ] {
            assert_eq!(classify(p, compose, false), FileKind::Compose, "{compose}");
        }
    }

    #[test]
    fn symfony_services_are_no_compose_file() {
        let symfony = "services:\n  _defaults:\n    public: true\n  hbpf.connector.batch:\n    class: App\\Connector\\Batch\n    arguments:\n      - '@hbpf.loader'\n    tags:\n      - { name: hbpf.connector }\n";
        assert_eq!(classify_yaml_content(symfony), FileKind::Yaml);
        let compose = "services:\n  web:\n    image: nginx:1.29\n    command: [\"nginx\"]\n  app:\n    build: .\n";
        assert_eq!(classify_yaml_content(compose), FileKind::Compose);
        // A Compose service may set a build `class`-like key only alongside image or build.
        assert_eq!(
            classify_yaml_content(&format!("{compose}    labels:\n      class: x\n")),
            FileKind::Compose
        );
    }

    #[test]
    fn a_dockerfile_name_without_instructions_is_something_else() {
        let at = |text: &str| classify(Path::new(".dockerfile"), text, false);
        assert_eq!(at("*\n!src\n!package.json\n"), FileKind::Other);
        assert_eq!(at("# syntax=docker/dockerfile:1\nFROM alpine:3.22\n"), FileKind::Dockerfile);
        assert_eq!(at("from alpine:3.22\n"), FileKind::Dockerfile);
        assert_eq!(at(""), FileKind::Dockerfile);
        assert_eq!(at("# only a comment\n"), FileKind::Dockerfile);
    }

    #[test]
    fn jinja_dockerfiles_are_templates() {
        let p = Path::new("scripts/templates/Dockerfile.e2e");
        let t = "{% extends \"Dockerfile.template\" %}\n\n{% block build -%}\nCOPY a b\n{% endblock -%}\n";
        assert_eq!(classify(p, t, false), FileKind::DockerfileTemplate);
        assert_eq!(classify(Path::new("Dockerfile"), "FROM {{ base }}\n", false), FileKind::Dockerfile);
        assert_eq!(
            classify(Path::new("Dockerfile"), "{{ header }}\nFROM x\n", false),
            FileKind::DockerfileTemplate
        );
        assert_eq!(
            classify(Path::new("Dockerfile"), "FROM debian\n%%NONROOT_ADD%%\nCMD x\n", false),
            FileKind::DockerfileTemplate
        );
        assert_eq!(k("templates/Dockerfile-debian.templ"), Some(FileKind::DockerfileTemplate));
        // A continuation line of a RUN may start with anything.
        let run = "FROM alpine\nRUN echo \\\n  {% raw %}\n";
        assert_eq!(classify(Path::new("Dockerfile"), run, false), FileKind::Dockerfile);
    }

    #[test]
    fn dependabot_reads_only_its_exact_name() {
        assert_eq!(k(".github/dependabot.yml"), Some(FileKind::Dependabot));
        assert_eq!(k(".github/dependabot.yaml"), Some(FileKind::Dependabot));
        // postiz-app switched Dependabot off by renaming the file.
        assert_ne!(k(".github/Dependabot.yml"), Some(FileKind::Dependabot));
    }

    #[test]
    fn helm_templates_are_told_from_controllers_parameters() {
        let helm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n";
        assert_eq!(classify_yaml_content(helm), FileKind::HelmTemplate);
        let helm_quoted_and_bare = "apiVersion: v1\nkind: ConfigMap\n{{- if .Values.x }}\ndata:\n  a: \"{{ .Values.a }}\"\n{{- end }}\n";
        assert_eq!(classify_yaml_content(helm_quoted_and_bare), FileKind::HelmTemplate);
        let appset = "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nspec:\n  template:\n    spec:\n      source:\n        repoURL: {{url}}\n";
        assert_eq!(classify_yaml_content(appset), FileKind::Kubernetes);
        let quoted = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    x: '{{ param }}'\n";
        assert_eq!(classify_yaml_content(quoted), FileKind::Kubernetes);
        let helm_quoted = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: \"{{ .Values.image }}\"\n";
        assert_eq!(classify_yaml_content(helm_quoted), FileKind::HelmTemplate);
    }

    #[test]
    fn dockerfile_names() {
        for p in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "Dockerfile.dev",
            "base.dockerfile",
            "x.containerfile",
            "Dockerfile-alpine",
            "dockerfile",
        ] {
            assert_eq!(k(p), Some(FileKind::Dockerfile), "{p}");
        }
        assert_eq!(k("Dockerfile.template"), Some(FileKind::DockerfileTemplate));
        assert_eq!(k("Dockerfile.dockerignore"), Some(FileKind::Dockerignore));
        assert_eq!(k("Dockerfile.md"), Some(FileKind::Other));
        assert_eq!(k("Dockerfile.j2.license"), Some(FileKind::Other));
        // monaco-editor ships its Dockerfile syntax mode as `basic-languages/dockerfile/dockerfile.js`
        for p in [
            "dockerfile.js",
            "dockerfile.ts",
            "Dockerfile.test.ts",
            "dockerfile.min.js",
            "dockerfile.go",
            "Dockerfile.rs",
        ] {
            assert_eq!(k(p), Some(FileKind::Other), "{p}");
        }
        assert_eq!(k("Dockerfile.dev"), Some(FileKind::Dockerfile));
        assert_eq!(k("Dockerfile.alpine"), Some(FileKind::Dockerfile));
        assert_eq!(k("README.md"), Some(FileKind::Other));
    }

    #[test]
    fn yaml_names_and_content() {
        assert_eq!(k("repo/.github/workflows/ci.yml"), Some(FileKind::GithubWorkflow));
        assert_eq!(k("a/action.yaml"), Some(FileKind::GithubAction));
        assert_eq!(k(".gitlab-ci.yml"), Some(FileKind::GitlabCi));
        assert_eq!(k(".gitlab/ci/build.yml"), Some(FileKind::GitlabCi));
        assert_eq!(k(".gitlab/agents/a/config.yaml"), None);
        assert_eq!(k("docker-compose.prod.yml"), Some(FileKind::Compose));
        assert_eq!(k("rancher-compose.yml"), Some(FileKind::Yaml));
        assert_eq!(k("main.tf"), Some(FileKind::Terraform));
        assert_eq!(k("k8s/deploy.yaml"), None);
        assert_eq!(classify_yaml_content("apiVersion: v1\nkind: Pod\n"), FileKind::Kubernetes);
        assert_eq!(classify_yaml_content("services:\n  a: {}\n"), FileKind::Compose);
        // Render's blueprint (polar's infra/tailscale/render.yaml) lists its services.
        assert_eq!(
            classify_yaml_content("services:\n  - type: worker\n    name: router\n"),
            FileKind::Yaml
        );
        assert_eq!(classify_yaml_content("services: []\n"), FileKind::Yaml);
        // Temporal's server config has a `services:` section among its own (the fifty-sixth sample);
        // one stray key does not unmake a Compose file.
        let temporal = "log:\n  stdout: true\npersistence:\n  defaultStore: default\nglobal:\n  membership: {}\nservices:\n  frontend:\n    rpc:\n      grpcPort: 7233\nclusterMetadata:\n  enableGlobalNamespace: false\n";
        assert_eq!(classify_yaml_content(temporal), FileKind::Yaml);
        let stray = "version: '3'\nservices:\n  web:\n    image: nginx:1.27\nvolume:\n  data: {}\n";
        assert_eq!(classify_yaml_content(stray), FileKind::Compose);
        assert_eq!(classify_yaml_content("foo: 1\n"), FileKind::Yaml);
    }

    #[test]
    fn content_with_a_byte_order_mark_or_any_line_ending() {
        for pod in [
            "\u{feff}apiVersion: v1\nkind: Pod\n",
            "apiVersion: v1\rkind: Pod\r",
            "\u{feff}apiVersion: v1\r\nkind: Pod\r\n",
        ] {
            assert_eq!(classify_yaml_content(pod), FileKind::Kubernetes, "{pod:?}");
            assert_eq!(classify(Path::new("k8s/pod.yaml"), pod, false), FileKind::Kubernetes, "{pod:?}");
        }
        assert_eq!(classify_yaml_content("\u{feff}services:\n  a: {}\n"), FileKind::Compose);
        assert_eq!(classify_yaml_content("x: 1\rservices:\r  a: {}\r"), FileKind::Compose);
        assert_eq!(
            classify_yaml_content("apiVersion: v1\rkind: Pod\rmetadata:\r  name: {{ .Release.Name }}\r"),
            FileKind::HelmTemplate
        );
        assert!(looks_like_dockerfile("\u{feff}FROM alpine\n"));
        assert!(looks_like_dockerfile("# c\rFROM alpine\r"));
        let lines: Vec<_> = content_lines("\u{feff}a\r\nb\rc\n\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
    }

    #[test]
    fn json_manifests_are_kubernetes_and_other_json_is_not() {
        let deploy = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "web", "labels": {"a": "b\\\"}"}},
  "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.29"}]}}}
}
"#;
        let list = r#"{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}], "kind": "List", "metadata": {"resourceVersion": ""}}"#;
        let bare_list = r#"{"kind": "List", "apiVersion": "v1", "items": []}"#;
        for (name, text) in [
            ("deploy.json", deploy),
            ("k8s/list.JSON", list),
            ("list.json", bare_list),
            ("bom.json", &format!("\u{feff}{deploy}")),
        ] {
            assert_eq!(k(name), None, "{name}");
            assert_eq!(classify(Path::new(name), text, false), FileKind::Kubernetes, "{name}");
        }
        // JSON is YAML: a `.yaml` file or stdin holding a JSON manifest is one too.
        assert_eq!(classify(Path::new("deploy.yaml"), deploy, false), FileKind::Kubernetes);
        assert_eq!(classify_yaml_content(list), FileKind::Kubernetes);
        assert_eq!(classify_yaml_content("{\"a\": 1}"), FileKind::Yaml);
        let helm = r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "{{ .Release.Name }}"}}"#;
        assert_eq!(classify(Path::new("cm.json"), helm, false), FileKind::HelmTemplate);

        let not = [
            (
                "package.json",
                r#"{"name": "web", "version": "1.0.0", "scripts": {"kind": "x", "apiVersion": "v1"}}"#,
            ),
            ("tsconfig.json", "{\n  // comments\n  \"compilerOptions\": {\"strict\": true}\n}\n"),
            (
                "deployment-schema.json",
                r#"{"$schema": "http://json-schema.org/schema#", "type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string", "enum": ["Deployment"]}, "metadata": {}}}"#,
            ),
            // apiVersion and kind only inside: an array of manifests is not one object.
            (
                "many.json",
                r#"[{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}]"#,
            ),
            // kubeconfig: apiVersion and kind, but no object metadata.
            (
                "kubeconfig.json",
                r#"{"apiVersion": "v1", "kind": "Config", "clusters": [], "users": []}"#,
            ),
            ("odd.json", r#"{"apiVersion": "2019-04-01", "kind": "StorageV2", "metadata": {}}"#),
            ("num.json", r#"{"apiVersion": 1, "kind": "Pod", "metadata": {}}"#),
            ("broken.json", r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"#),
            ("unterminated.json", r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {}, "x"#),
            ("escape-at-end.json", "{\"apiVersion\": \"v1\\"),
            ("empty.json", ""),
        ];
        for (name, text) in not {
            assert_eq!(classify(Path::new(name), text, false), FileKind::Other, "{name}");
        }
        assert_eq!(k("main.tf.json"), Some(FileKind::Terraform));
        assert_eq!(
            classify(
                Path::new("main.tf.json"),
                r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {}}"#,
                false
            ),
            FileKind::Terraform
        );
    }

    #[test]
    fn templates_directories_are_helm_only_under_a_chart() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap_or(root)).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
            p
        };
        let plain = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n";
        let helm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n";
        let kind = |p: &Path| classify(p, &std::fs::read_to_string(p).unwrap_or_default(), false);
        // No chart: a `templates/` directory is just a directory.
        let p = write("k8s/templates/config.yaml", plain);
        assert_eq!(kind(&p), FileKind::Kubernetes);
        // A chart's templates are templates, also in subdirectories.
        write("chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
        let p = write("chart/templates/config.yaml", helm);
        assert_eq!(kind(&p), FileKind::HelmTemplate);
        let p = write("chart/templates/sub/config.yaml", helm);
        assert_eq!(kind(&p), FileKind::HelmTemplate);
        // A Chart.yaml higher up makes only its own `templates/` a chart's: a `templates/`
        // directory elsewhere below it holds plain manifests.
        write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 0.1.0\n");
        let p = write("deploy/templates/config.yaml", plain);
        assert_eq!(kind(&p), FileKind::Kubernetes);
    }

    #[test]
    fn explicit_files_are_sniffed() {
        assert_eq!(classify(Path::new("build.txt"), "# c\nFROM alpine\n", true), FileKind::Dockerfile);
        assert_eq!(classify(Path::new("build.txt"), "FROM alpine\n", false), FileKind::Other);
    }
}
