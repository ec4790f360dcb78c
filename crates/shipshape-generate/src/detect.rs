//! Stack detection: what each deployable service of a repository is, with the evidence for each fact.

mod go;
mod java;
mod node;
mod python;
mod rust;

use crate::repo::{Repo, join, line_of, parent};
use serde::Serialize;

/// Everything `init --explain` says about a repository.
#[derive(Debug, Clone, Serialize)]
pub struct Detection {
    pub version: u32,
    pub services: Vec<Service>,
}

/// One deployable service.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub name: String,
    /// The service's root, relative to the repository (`.` for the root).
    pub path: String,
    pub language: &'static str,
    pub framework: Option<&'static str>,
    pub package_manager: Option<&'static str>,
    pub runtime_version: Option<String>,
    pub port: u16,
    pub health_path: Option<String>,
    pub bind_env: Option<String>,
    pub datastores: Vec<Datastore>,
    pub evidence: Vec<Evidence>,
    /// How to build and run it (not part of the JSON contract).
    #[serde(skip)]
    pub build: Build,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Datastore {
    pub kind: &'static str,
    pub required: bool,
}

/// Why shipshape believes a fact: the file and line that say so, or `path: null` for a default.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub fact: String,
    pub path: Option<String>,
    pub line: Option<u32>,
}

/// What the templates need beyond the public facts.
#[derive(Debug, Clone, Default)]
pub struct Build {
    /// The Docker build context, relative to the repository (a workspace root for a member).
    pub context: String,
    /// Lockfiles and manifests to copy before the source, relative to the context.
    pub manifests: Vec<String>,
    /// The command that starts the service, exec form.
    pub command: Vec<String>,
    /// Script names the project defines (lint, typecheck, test, build).
    pub scripts: Vec<String>,
    /// The binary name (Go, Rust) or the Python module/package to run.
    pub binary: Option<String>,
    /// The Go package directory that holds `main` (`./cmd/ledger`).
    pub main_package: Option<String>,
    /// A pip project without a requirements file whose pyproject.toml declares dependencies: the
    /// image installs the project itself (`pip install .`).
    pub install_project: bool,
    /// The Maven reactor's modules whose sources a member's build copies (relative to the context).
    pub modules: Vec<String>,
    /// A workspace member path relative to the context (`apps/api`), when built from a workspace.
    pub member: Option<String>,
    /// Static output directory relative to the service (`dist`, `public`, `out`).
    pub static_out: Option<String>,
    /// A frontend this service builds into itself: its path relative to the context and the
    /// directory (relative to the context) the build writes into.
    pub frontend: Option<Frontend>,
    /// The Hugo version to build with (static Hugo sites).
    pub hugo_version: Option<String>,
    /// Whether the project has tests the CI can run.
    pub has_tests: bool,
    /// Environment the build needs (`SQLX_OFFLINE=true` with a committed query cache,
    /// `NEXT_TELEMETRY_DISABLED=1`).
    pub build_env: Vec<(String, String)>,
    /// Commands the build runs before the project's own build (`prisma generate`).
    pub pre_build: Vec<String>,
    /// The command that applies database migrations (`python manage.py migrate`), exec form.
    pub migrate: Option<Vec<String>>,
    /// Debian packages native extensions need to build, and the libraries they load at run time.
    pub build_packages: Vec<&'static str>,
    pub runtime_packages: Vec<&'static str>,
    /// Paths compiled into the binary (Go's `//go:embed`), relative to the repository.
    pub embeds: Vec<String>,
    /// Variables the app reads from its environment, for `.env.example`.
    pub env_vars: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Frontend {
    pub path: String,
    pub package_manager: &'static str,
    pub node_version: String,
    pub out_dir: String,
}

impl Service {
    pub(crate) fn new(name: String, path: &str, language: &'static str) -> Service {
        Service {
            name,
            path: path.to_owned(),
            language,
            framework: None,
            package_manager: None,
            runtime_version: None,
            port: 8080,
            health_path: None,
            bind_env: None,
            datastores: Vec::new(),
            evidence: Vec::new(),
            build: Build {
                context: path.to_owned(),
                ..Build::default()
            },
        }
    }

    /// Record evidence `fact` found at `path` (line of `needle` in `text`, when given).
    pub(crate) fn cite(&mut self, fact: impl Into<String>, path: &str, text: Option<(&str, &str)>) {
        self.evidence.push(Evidence {
            fact: fact.into(),
            path: Some(path.to_owned()),
            line: text.and_then(|(t, n)| line_of(t, n)),
        });
    }

    pub(crate) fn cite_line(&mut self, fact: impl Into<String>, path: &str, line: u32) {
        self.evidence.push(Evidence {
            fact: fact.into(),
            path: Some(path.to_owned()),
            line: Some(line),
        });
    }

    pub(crate) fn assume(&mut self, fact: impl Into<String>) {
        self.evidence.push(Evidence {
            fact: fact.into(),
            path: None,
            line: None,
        });
    }

    pub(crate) fn add_store(&mut self, kind: &'static str, required: bool, path: &str, text: &str, needle: &str) {
        if let Some(d) = self.datastores.iter_mut().find(|d| d.kind == kind) {
            d.required |= required;
            return;
        }
        let how = if required { "required" } else { "optional" };
        self.cite(format!("datastore {kind} ({how}): depends on {needle}"), path, Some((text, needle)));
        self.datastores.push(Datastore { kind, required });
    }
}

/// The newest maintained runtime lines, from the official-image tables (dated in shipshape-core).
pub const DEFAULT_PYTHON: &str = "3.14";
pub const DEFAULT_NODE: &str = "24";
pub const DEFAULT_RUST: &str = "1.98";
pub const DEFAULT_JAVA: &str = "21";

/// Path segments whose manifests are samples, tests or docs, never services.
const NOT_SERVICE_DIRS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "demo",
    "demos",
    "test",
    "tests",
    "e2e",
    "fixtures",
    "fixture",
    "docs",
    "doc",
    "testdata",
    "benchmarks",
    "bench",
    "scripts",
    "tools",
    "hack",
];

pub(crate) fn is_sample_dir(dir: &str) -> bool {
    dir != "." && dir.split('/').any(|s| NOT_SERVICE_DIRS.contains(&s.to_ascii_lowercase().as_str()))
}

/// Detect every deployable service of `repo`.
pub fn detect(repo: &Repo) -> Detection {
    let mut backends = Vec::new();
    backends.extend(rust::detect(repo));
    backends.extend(go::detect(repo));
    backends.extend(java::detect(repo));
    backends.extend(python::detect(repo));
    let node = node::detect(repo);
    // A static frontend that builds into a backend's directory, or sits in the same directory as a
    // backend (evcc's Vite UI beside the Go server that embeds it), is part of that backend.
    let mut kept_node = Vec::new();
    for svc in node {
        let out = svc.build.static_out.clone().unwrap_or_else(|| "dist".to_owned());
        let target = crate::repo::normalise(&join(&svc.path, &out));
        let into = backends.iter().position(|b| {
            target
                .as_deref()
                .is_some_and(|t| b.path != "." && (t == b.path || t.starts_with(&format!("{}/", b.path))))
        });
        let beside = backends.iter().position(|b| b.path == svc.path);
        let embedded = backends.iter().position(|b| {
            target.as_deref().is_some_and(|t| {
                b.build
                    .embeds
                    .iter()
                    .any(|e| t == e || t.starts_with(&format!("{e}/")) || e.starts_with(&format!("{t}/")))
            })
        });
        let Some(i) = into.or(embedded).or(beside).filter(|_| svc.language == "static") else {
            kept_node.push(svc);
            continue;
        };
        let backend = &mut backends[i];
        // Where the build writes, relative to the repository (`../dist/` from a subfolder root
        // that the config names: the folder beside the manifest).
        let target = target.unwrap_or_else(|| join(&svc.path, out.trim_start_matches("../").trim_end_matches('/')));
        let out_rel = target.strip_prefix(&format!("{}/", backend.path)).unwrap_or(&target).to_owned();
        let cited = svc
            .evidence
            .iter()
            .find(|e| e.fact.starts_with("static output") || e.fact.starts_with("framework"));
        backend.evidence.push(Evidence {
            fact: format!("the frontend in {} builds into {} and is served by this service", svc.path, out_rel),
            path: cited.and_then(|e| e.path.clone()),
            line: cited.and_then(|e| e.line),
        });
        backend.build.frontend = Some(Frontend {
            path: svc.path.clone(),
            package_manager: svc.package_manager.unwrap_or("npm"),
            node_version: svc.runtime_version.clone().unwrap_or_else(|| DEFAULT_NODE.to_owned()),
            out_dir: target,
        });
    }
    let mut services = backends;
    services.extend(kept_node);
    for s in &mut services {
        if s.build.frontend.as_ref().is_some_and(|f| f.path != s.path) {
            // The frontend lies outside the backend's folder: build from the repository root.
            s.build.context = ".".to_owned();
        }
        s.datastores.sort();
    }
    services.sort_by(|a, b| a.path.cmp(&b.path).then(a.name.cmp(&b.name)));
    Detection { version: 1, services }
}

/// Manifests named `name` outside sample, test and docs folders, by directory.
pub(crate) fn manifests<'a>(repo: &'a Repo, name: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    repo.files()
        .filter(move |f| f.rsplit('/').next() == Some(name))
        .map(|f| (parent(f), f))
        .filter(|(d, _)| !is_sample_dir(d))
}

/// The `major.minor` of the first version number in `s` (`>=3.12,<4` → `3.12`, `python-3.11.9` → `3.11`).
pub(crate) fn major_minor(s: &str) -> Option<String> {
    let re = regex_lite(r"(\d+)\.(\d+)");
    let c = re.captures(s)?;
    Some(format!("{}.{}", &c[1], &c[2]))
}

/// The major of the first version number in `s` (`>=20.3` → `20`, `v22.11.0` → `22`).
pub(crate) fn major(s: &str) -> Option<String> {
    let re = regex_lite(r"(\d+)");
    Some(re.captures(s)?[1].to_owned())
}

/// A compiled regex, cached per pattern.
pub(crate) fn regex_lite(pattern: &'static str) -> &'static regex::Regex {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static regex::Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(pattern).or_insert_with(|| {
        #[allow(clippy::unwrap_used)] // the patterns are literals in this crate, tested
        Box::leak(Box::new(regex::Regex::new(pattern).unwrap()))
    })
}

/// Source files of a service to scan for ports, routes and environment reads: at most 400, each
/// at most 1 MiB, outside tests.
pub(crate) fn sources<'a>(repo: &'a Repo, dir: &'a str, exts: &'a [&'a str]) -> impl Iterator<Item = (&'a str, String)> + 'a {
    repo.under(dir)
        .filter(move |f| exts.iter().any(|e| f.ends_with(e)))
        .filter(|f| {
            !f.split('/')
                .any(|s| matches!(s, "test" | "tests" | "__tests__" | "spec" | "e2e" | "migrations"))
        })
        .filter(|f| !f.contains(".test.") && !f.contains(".spec.") && !f.ends_with("_test.go"))
        .take(400)
        .filter_map(|f| Some((f, repo.read(f)?)))
}

/// A health-looking route path (`/health`, `/healthz`, `/api/health`, `/livez`, `/readyz`).
pub(crate) fn is_health_path(p: &str) -> bool {
    let last = p.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    matches!(
        last,
        "health" | "healthz" | "healthcheck" | "health-check" | "livez" | "readyz" | "ping" | "_health"
    ) && p.starts_with('/')
}

/// Find the first health route in `sources` matched by `re` (capture 1 is the path).
pub(crate) fn find_health<'a>(svc: &mut Service, files: impl IntoIterator<Item = &'a (String, String)>, res: &[&regex::Regex]) {
    let mut best: Option<(String, String, u32)> = None;
    for (path, text) in files {
        for re in res {
            for c in re.captures_iter(text) {
                let Some(m) = c.get(1) else { continue };
                let mut p = m.as_str().to_owned();
                if !p.starts_with('/') {
                    p.insert(0, '/');
                }
                if is_health_path(&p) {
                    let better = best.as_ref().is_none_or(|(b, _, _)| rank(&p) < rank(b));
                    if better {
                        best = Some((p, path.clone(), crate::repo::line_at(text, m.start())));
                    }
                }
            }
        }
    }
    if let Some((p, path, line)) = best {
        svc.cite_line(format!("health_path {p}: route declared"), &path, line);
        svc.health_path = Some(p.trim_end_matches('/').to_owned()).filter(|p| !p.is_empty());
    }
}

/// Prefer liveness-style names, then shorter paths.
fn rank(p: &str) -> (u8, usize) {
    let last = p.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let r = match last {
        "health" | "healthz" => 0,
        "livez" | "healthcheck" | "health-check" | "_health" => 1,
        "readyz" => 2,
        _ => 3,
    };
    (r, p.len())
}

/// Record the port `n` found at `m` in `text` of `path`.
pub(crate) fn set_port(svc: &mut Service, n: &str, why: &str, path: &str, text: &str, at: usize) -> bool {
    match n.parse::<u16>() {
        Ok(p) if p >= 80 => {
            svc.port = p;
            svc.cite_line(format!("port {p}: {why}"), path, crate::repo::line_at(text, at));
            true
        }
        _ => false,
    }
}

/// The first port-like match of any of `res` (capture 1) across `files`.
pub(crate) fn find_port<'a>(
    svc: &mut Service,
    files: impl IntoIterator<Item = &'a (String, String)> + Clone,
    res: &[(&regex::Regex, &str)],
) -> bool {
    for (re, why) in res {
        for (path, text) in files.clone() {
            if let Some(c) = re.captures(text)
                && let Some(m) = c.get(1)
                && set_port(svc, m.as_str(), why, path, text, m.start())
            {
                return true;
            }
        }
    }
    false
}

/// The environment variable an app reads for its bind host while defaulting to loopback.
pub(crate) fn find_bind_env<'a>(svc: &mut Service, files: impl IntoIterator<Item = &'a (String, String)>, res: &[&regex::Regex]) {
    for (path, text) in files {
        for re in res {
            for c in re.captures_iter(text) {
                let Some(m) = c.get(1) else { continue };
                let var = m.as_str().to_owned();
                // A bind address, not an allow-list (`ALLOWED_HOSTS`, `CORS_ORIGINS`).
                let up = var.to_ascii_uppercase();
                if !["HOST", "BIND", "ADDR", "LISTEN"].iter().any(|w| up.contains(w))
                    || [
                        "ALLOWED", "CORS", "ORIGIN", "DB", "DATABASE", "REDIS", "POSTGRES", "PG", "MYSQL", "MONGO", "SMTP", "MAIL",
                        "CACHE", "KAFKA", "NATS", "ELASTIC", "PROXY",
                    ]
                    .iter()
                    .any(|w| up.contains(w))
                {
                    continue;
                }
                svc.cite_line(
                    format!("bind_env {var}: the app binds loopback unless {var} says otherwise"),
                    path,
                    crate::repo::line_at(text, m.start()),
                );
                svc.bind_env = Some(var);
                return;
            }
        }
    }
}

/// Environment variables the app reads (`os.getenv("X")`, `process.env.X`, `env::var("X")`):
/// upper-case names only, deduplicated, in first-seen order, at most 40.
pub(crate) fn env_reads<'a>(files: impl IntoIterator<Item = &'a (String, String)>, re: &regex::Regex, out: &mut Vec<String>) {
    for (_, text) in files {
        for c in re.captures_iter(text) {
            let v = c[1].to_owned();
            if v.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_') && !out.contains(&v) && out.len() < 40 {
                out.push(v);
            }
        }
    }
}

/// Variables listed in the service's or repository's `.env.example` (kept in the generated one).
pub(crate) fn env_example(repo: &Repo, dir: &str, out: &mut Vec<String>) {
    for cand in [join(dir, ".env.example"), join(dir, ".env.sample"), ".env.example".to_owned()] {
        if let Some(text) = repo.read(&cand) {
            for line in text.lines() {
                let line = line.trim().trim_start_matches("export ");
                if let Some((k, _)) = line.split_once('=')
                    && !k.starts_with('#')
                    && !k.is_empty()
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !out.iter().any(|v| v == k)
                {
                    out.push(k.to_owned());
                }
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(major_minor(">=3.12,<4").as_deref(), Some("3.12"));
        assert_eq!(major_minor("python-3.11.9").as_deref(), Some("3.11"));
        assert_eq!(major("v22.11.0").as_deref(), Some("22"));
        assert_eq!(major(">=20").as_deref(), Some("20"));
        assert_eq!(major("lts/*"), None);
    }

    #[test]
    fn health_paths() {
        assert!(is_health_path("/healthz"));
        assert!(is_health_path("/api/health"));
        assert!(!is_health_path("/healthy-recipes"));
        assert!(!is_health_path("health"));
        assert!(rank("/health") < rank("/readyz"));
    }

    #[test]
    fn sample_dirs() {
        assert!(is_sample_dir("examples/app"));
        assert!(is_sample_dir("tests/fixtures/x"));
        assert!(!is_sample_dir("."));
        assert!(!is_sample_dir("apps/api"));
    }
}
