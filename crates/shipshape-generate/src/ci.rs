//! CI for the detected services: one forge-neutral plan per service (its toolchain, the commands
//! that install its dependencies, its jobs, the datastores its tests need), written as GitHub
//! Actions steps or as GitLab CI jobs.

use crate::detect::Service;
use crate::generate::{PIPENV, POETRY, Store, UV_VERSION, app_env, pick_tag, pinned_action};
use crate::repo::{join, normalise};
use minijinja::{Value, context};
use serde::Serialize;

/// The forge whose CI `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Forge {
    GitHub,
    GitLab,
}

impl Forge {
    pub fn parse(s: &str) -> Option<Forge> {
        match s {
            "github" => Some(Forge::GitHub),
            "gitlab" => Some(Forge::GitLab),
            _ => None,
        }
    }

    /// Where its projects push images by default.
    pub fn registry(self) -> &'static str {
        match self {
            Forge::GitHub => "ghcr.io",
            Forge::GitLab => "registry.gitlab.com",
        }
    }
}

/// One service's CI, whatever the forge.
pub(crate) struct Plan<'a> {
    svc: &'a Service,
    /// Where its commands run, relative to the repository.
    pub workdir: String,
    /// The commands that install its dependencies once the toolchain is there.
    install: Vec<String>,
    /// Each job's id (`lint`, `test`) and commands.
    jobs: Vec<(&'static str, Vec<String>)>,
    /// The Python versions the test job runs on (the detected minor and the next); empty for
    /// other languages.
    versions: Vec<String>,
    /// The datastores its tests reach.
    stores: Vec<&'a Store>,
}

impl<'a> Plan<'a> {
    pub fn of(s: &'a Service, stores: &'a [Store]) -> Plan<'a> {
        let workdir = if s.build.member.is_some() {
            s.build.context.clone()
        } else {
            s.path.clone()
        };
        let runtime = s.runtime_version.clone().unwrap_or_default();
        let pm = s.package_manager.unwrap_or("");
        let mut install = Vec::new();
        let mut jobs: Vec<(&'static str, Vec<String>)> = Vec::new();
        let mut versions = Vec::new();
        match s.language {
            "python" => {
                let next = next_minor(&runtime);
                versions.push(runtime.clone());
                if next != runtime {
                    versions.push(next);
                }
                let run = |tool: &str| match pm {
                    "uv" | "poetry" | "pipenv" => format!("{pm} run {tool}"),
                    _ => tool.to_owned(),
                };
                let requirements = s.build.manifests.iter().any(|m| m == "requirements.txt");
                match pm {
                    "uv" => install.push("uv sync --locked".to_owned()),
                    "poetry" => install.push("poetry install --no-interaction".to_owned()),
                    "pipenv" => install.push("pipenv sync --dev".to_owned()),
                    _ if requirements => {
                        let dev = ["requirements-dev.txt", "requirements_dev.txt", "dev-requirements.txt"]
                            .iter()
                            .find(|d| s.build.manifests.iter().any(|m| m == *d));
                        install.push(match dev {
                            Some(d) => format!("pip install -r requirements.txt -r {d}"),
                            None => "pip install -r requirements.txt".to_owned(),
                        });
                    }
                    // No requirements file: the project's own dependencies, if it declares any.
                    _ if s.build.install_project => install.push("pip install .".to_owned()),
                    _ => {}
                }
                let tools: Vec<&str> = s.build.scripts.iter().map(String::as_str).collect();
                if tools.contains(&"ruff") {
                    jobs.push(("lint", vec![format!("{} check .", run("ruff"))]));
                }
                if tools.contains(&"mypy") {
                    jobs.push(("typecheck", vec![format!("{} .", run("mypy"))]));
                }
                jobs.push((
                    "test",
                    vec![if tools.contains(&"pytest") {
                        run("pytest")
                    } else {
                        run("python -m compileall -q .")
                    }],
                ));
            }
            "node" | "static" if s.framework != Some("hugo") => {
                install.push(
                    match pm {
                        "pnpm" => "pnpm install --frozen-lockfile",
                        "yarn" => "yarn install --frozen-lockfile",
                        "bun" => "bun install --frozen-lockfile",
                        _ => "npm ci",
                    }
                    .to_owned(),
                );
                let run = |script: &str| match (pm, &s.build.member) {
                    ("pnpm", Some(_)) => format!("pnpm --filter {} run {script}", s.name),
                    (_, Some(m)) => format!("npm run {script} --workspace {m}"),
                    ("pnpm" | "yarn" | "bun", None) => format!("{pm} run {script}"),
                    _ => format!("npm run {script}"),
                };
                for script in ["lint", "typecheck", "type-check", "test", "build"] {
                    if s.build.scripts.iter().any(|x| x == script) {
                        let id = if script == "type-check" { "typecheck" } else { script };
                        jobs.push((id, vec![run(script)]));
                    }
                }
            }
            "go" => {
                jobs.push(("vet", vec!["go vet ./...".into()]));
                jobs.push(("test", vec!["go test -race ./...".into()]));
            }
            "rust" => {
                jobs.push((
                    "lint",
                    vec![
                        "cargo fmt --all --check".into(),
                        "cargo clippy --all-targets --locked -- -D warnings".into(),
                    ],
                ));
                jobs.push(("test", vec!["cargo test --locked".into()]));
            }
            "java" => {
                let tool = match (pm, s.build.binary.as_deref()) {
                    (_, Some(w)) => format!("./{w}"),
                    ("maven", None) => "mvn".to_owned(),
                    _ => "gradle".to_owned(),
                };
                jobs.push((
                    "test",
                    vec![if pm == "maven" {
                        format!("{tool} --batch-mode verify")
                    } else {
                        format!("{tool} --no-daemon build")
                    }],
                ));
            }
            _ => {
                // Hugo: the build is the test.
                jobs.push(("build", vec!["hugo --minify".into()]));
            }
        }
        let stores = stores
            .iter()
            .filter(|st| s.datastores.iter().any(|d| d.kind == st.key) && !st.options.is_empty())
            .collect();
        Plan {
            svc: s,
            workdir,
            install,
            jobs,
            versions,
            stores,
        }
    }

    /// A repository path of a file in the working directory.
    fn rel(&self, f: &str) -> String {
        normalise(&join(&self.workdir, f)).unwrap_or_default()
    }

    fn runtime(&self) -> String {
        self.svc.runtime_version.clone().unwrap_or_default()
    }

    fn job_id(&self, k: &str, single: bool, id: &str) -> String {
        if single { id.to_owned() } else { format!("{k}-{id}") }
    }

    /// The test datastores' settings: the fixed test password where the store takes one.
    fn store_env(st: &Store) -> Vec<(String, String)> {
        st.environment
            .iter()
            .map(|(k, v)| {
                let test = st.password_var.is_some_and(|pv| v.contains(&format!("${{{pv}:?}}")));
                (k.clone(), if test { "test".to_owned() } else { v.clone() })
            })
            .collect()
    }

    /// The jobs of ci.yml: each with its setup steps, commands, matrix and service containers.
    pub fn github(&self, k: &str, single: bool) -> Vec<Value> {
        let s = self.svc;
        let runtime = self.runtime();
        let pm = s.package_manager.unwrap_or("");
        // The toolchain steps; `@@PYTHON@@` is the job's Python version.
        let mut setup: Vec<String> = Vec::new();
        match s.language {
            "python" => {
                let py = "@@PYTHON@@";
                if pm == "uv" {
                    setup.push(format!(
                        "uses: {}\nwith:\n  enable-cache: true\n  cache-dependency-glob: {}\n  python-version: \"{py}\"",
                        pinned_action("astral-sh/setup-uv", ""),
                        self.rel("uv.lock")
                    ));
                } else {
                    let (cache, dep) = match pm {
                        "poetry" => ("poetry", self.rel("poetry.lock")),
                        "pipenv" => ("pipenv", self.rel("Pipfile.lock")),
                        _ if s.build.manifests.iter().any(|m| m == "requirements.txt") => ("pip", self.rel("requirements*.txt")),
                        _ => ("pip", self.rel("pyproject.toml")),
                    };
                    if pm == "poetry" || pm == "pipenv" {
                        setup.push(format!("run: pipx install {pm}=={}", if pm == "poetry" { POETRY } else { PIPENV }));
                    }
                    setup.push(format!(
                        "uses: {}\nwith:\n  python-version: \"{py}\"\n  cache: {cache}\n  cache-dependency-path: {dep}",
                        pinned_action("actions/setup-python", "")
                    ));
                }
            }
            "node" | "static" if s.framework != Some("hugo") => {
                if pm == "pnpm" {
                    setup.push(format!("uses: {}", pinned_action("pnpm/action-setup", "")));
                }
                if pm == "bun" {
                    setup.push(format!("uses: {}", pinned_action("oven-sh/setup-bun", "")));
                } else {
                    let (cache, lock) = match pm {
                        "pnpm" => ("pnpm", "pnpm-lock.yaml"),
                        "yarn" => ("yarn", "yarn.lock"),
                        _ => ("npm", "package-lock.json"),
                    };
                    setup.push(format!(
                        "uses: {}\nwith:\n  node-version: \"{runtime}\"\n  cache: {cache}\n  cache-dependency-path: {}",
                        pinned_action("actions/setup-node", ""),
                        self.rel(lock)
                    ));
                }
            }
            "go" => setup.push(format!(
                "uses: {}\nwith:\n  go-version-file: {}\n  cache-dependency-path: {}",
                pinned_action("actions/setup-go", ""),
                self.rel("go.mod"),
                self.rel("go.sum")
            )),
            "rust" => {
                setup.push(format!(
                    "uses: {}\nwith:\n  toolchain: stable\n  components: clippy, rustfmt",
                    pinned_action("dtolnay/rust-toolchain", "")
                ));
                setup.push(format!(
                    "uses: {}\nwith:\n  workspaces: {}",
                    pinned_action("swatinem/rust-cache", ""),
                    if self.workdir == "." { "." } else { &self.workdir }
                ));
            }
            "java" => setup.push(format!(
                "uses: {}\nwith:\n  distribution: temurin\n  java-version: \"{runtime}\"\n  cache: {}",
                pinned_action("actions/setup-java", ""),
                if pm == "maven" { "maven" } else { "gradle" }
            )),
            _ => {}
        }
        setup.extend(self.install.iter().map(|c| format!("run: {c}")));
        let services: Vec<Value> = self
            .stores
            .iter()
            .map(|st| {
                context! { key => st.key, image => st.image.clone(), environment => Self::store_env(st), port => st.port, options => st.options }
            })
            .collect();
        let test_env: Vec<(String, String)> = self.stores.iter().flat_map(|st| app_env(s, st, Some("localhost"))).collect();
        self.jobs
            .iter()
            .map(|(id, run)| {
                let is_test = *id == "test";
                let matrix = (is_test && !self.versions.is_empty()).then(|| self.versions.clone());
                let version = if matrix.is_some() {
                    "${{ matrix.python-version }}".to_owned()
                } else {
                    self.versions.first().cloned().unwrap_or_default()
                };
                // Hugo builds in the image's build stage: the runner has no Hugo.
                let run = if s.framework == Some("hugo") {
                    vec!["docker build --target build .".to_owned()]
                } else {
                    run.clone()
                };
                context! {
                    setup => setup.iter().map(|x| x.replace("@@PYTHON@@", &version)).collect::<Vec<_>>(),
                    id => self.job_id(k, single, id),
                    name => if single { (*id).to_owned() } else { format!("{k} · {id}") },
                    run => run,
                    matrix_key => matrix.as_ref().map(|_| "python-version"), matrix => matrix,
                    services => if is_test { services.clone() } else { vec![] },
                    env => if is_test { test_env.clone() } else { vec![] },
                }
            })
            .collect()
    }

    /// The jobs of .gitlab-ci.yml: each with its image, cache, variables, services and scripts.
    /// Python's test job runs once per version, each on its own pinned image.
    pub fn gitlab(&self, k: &str, single: bool) -> Result<Vec<Value>, String> {
        let s = self.svc;
        let runtime = self.runtime();
        let pm = s.package_manager.unwrap_or("");
        let missing = |what: &str, v: &str| format!("no {what} image for version {v} in the tables");
        // Cache folders inside the project (GitLab caches only those), the variables that put the
        // tools' caches there, the lockfile the key follows and the commands that bring the tools.
        let mut variables: Vec<(String, String)> = Vec::new();
        let mut paths: Vec<&str> = Vec::new();
        let mut bootstrap: Vec<String> = Vec::new();
        let mut var = |k: &str, v: &str| variables.push((k.to_owned(), format!("\"$CI_PROJECT_DIR/{v}\"")));
        let key_file = match s.language {
            "python" => {
                let (dir, tool) = match pm {
                    "uv" => ("UV_CACHE_DIR", Some(format!("uv=={UV_VERSION}"))),
                    "poetry" => ("POETRY_CACHE_DIR", Some(format!("poetry=={POETRY}"))),
                    "pipenv" => ("PIPENV_CACHE_DIR", Some(format!("pipenv=={PIPENV}"))),
                    _ => ("PIP_CACHE_DIR", None),
                };
                var(dir, ".cache/python");
                if pm == "pipenv" {
                    variables.push(("PIPENV_VENV_IN_PROJECT".into(), "\"1\"".into()));
                }
                paths.push(".cache/python");
                if let Some(t) = tool {
                    bootstrap.push(format!("pip install --root-user-action=ignore {t}"));
                }
                let lock = match pm {
                    "uv" => "uv.lock",
                    "poetry" => "poetry.lock",
                    "pipenv" => "Pipfile.lock",
                    _ if s.build.manifests.iter().any(|m| m == "requirements.txt") => "requirements.txt",
                    _ => "pyproject.toml",
                };
                self.rel(lock)
            }
            "node" | "static" if s.framework != Some("hugo") => {
                let lock = match pm {
                    "pnpm" => {
                        var("npm_config_store_dir", ".cache/pnpm");
                        bootstrap.push("corepack enable".into());
                        "pnpm-lock.yaml"
                    }
                    "yarn" => {
                        var("YARN_CACHE_FOLDER", ".cache/yarn");
                        bootstrap.push("corepack enable".into());
                        "yarn.lock"
                    }
                    "bun" => {
                        var("BUN_INSTALL_CACHE_DIR", ".cache/bun");
                        bootstrap.push(format!("npm install --global bun@{}", crate::generate::BUN));
                        "bun.lock"
                    }
                    _ => {
                        var("npm_config_cache", ".cache/npm");
                        "package-lock.json"
                    }
                };
                paths.push(".cache");
                self.rel(lock)
            }
            "go" | "static" => {
                var("GOPATH", ".cache/go");
                var("GOCACHE", ".cache/go-build");
                paths.push(".cache");
                match &s.build.hugo_version {
                    Some(h) => {
                        bootstrap.push(format!("go install github.com/gohugoio/hugo@v{h}"));
                        bootstrap.push("export PATH=\"$GOPATH/bin:$PATH\"".into());
                        self.rel(s.build.manifests.first().map_or("hugo.toml", String::as_str))
                    }
                    None => self.rel("go.sum"),
                }
            }
            "rust" => {
                var("CARGO_HOME", ".cache/cargo");
                var("CARGO_TARGET_DIR", ".cache/target");
                paths.push(".cache");
                bootstrap.push("rustup component add clippy rustfmt".into());
                self.rel("Cargo.lock")
            }
            "java" => {
                let maven = pm == "maven";
                if maven {
                    variables.push(("MAVEN_OPTS".into(), "\"-Dmaven.repo.local=$CI_PROJECT_DIR/.cache/m2\"".into()));
                } else {
                    var("GRADLE_USER_HOME", ".cache/gradle");
                }
                paths.push(".cache");
                self.rel(if maven { "pom.xml" } else { "build.gradle.kts" })
            }
            other => return Err(format!("no GitLab CI for {other}")),
        };
        let key_file = if s.language == "java" && pm != "maven" && !s.build.manifests.iter().any(|m| m.ends_with(".kts")) {
            self.rel("build.gradle")
        } else {
            key_file
        };
        let mut before: Vec<String> = Vec::new();
        if self.workdir != "." {
            before.push(format!("cd {}", self.workdir));
        }
        before.extend(bootstrap);
        before.extend(self.install.iter().cloned());
        let services: Vec<Value> = self
            .stores
            .iter()
            .map(|st| context! { key => st.key, image => st.image.clone() })
            .collect();
        // The service containers' settings and the app's, with the store reached by its alias.
        let mut test_vars: Vec<(String, String)> = Vec::new();
        for st in &self.stores {
            // One mapping for both: a setting the app reads by the store's own name
            // (`POSTGRES_USER`) is the store's.
            for (k, v) in Self::store_env(st).into_iter().chain(app_env(s, st, Some(st.key))) {
                if !test_vars.iter().any(|(n, _)| *n == k) {
                    test_vars.push((k, v));
                }
            }
        }
        let mut out = Vec::new();
        for (id, script) in &self.jobs {
            let is_test = *id == "test";
            let versions: Vec<Option<&String>> = if is_test && self.versions.len() > 1 {
                self.versions.iter().map(Some).collect()
            } else {
                vec![None]
            };
            for v in versions {
                let want = v
                    .cloned()
                    .or_else(|| self.versions.first().cloned())
                    .unwrap_or_else(|| runtime.clone());
                let img = self.gitlab_image(&want).ok_or_else(|| missing(s.language, &want))?;
                let base = self.job_id(k, single, id);
                let mut vars = variables.clone();
                if is_test {
                    vars.extend(test_vars.iter().cloned());
                }
                out.push(context! {
                    id => match v { Some(v) => format!("{base}-py{v}"), None => base },
                    image => img,
                    variables => vars,
                    cache_prefix => format!("{k}-{}", s.language),
                    key_file => key_file.clone(),
                    paths => paths.clone(),
                    before => before.clone(),
                    script => script.clone(),
                    services => if is_test { services.clone() } else { vec![] },
                });
            }
        }
        Ok(out)
    }

    /// The image a GitLab job of the service runs in: the toolchain at `version` (Python's), the
    /// same images its Dockerfile builds with.
    fn gitlab_image(&self, version: &str) -> Option<String> {
        let s = self.svc;
        let runtime = self.runtime();
        match s.language {
            "python" => pick_tag("python", version, "slim-trixie"),
            "node" | "static" if s.framework != Some("hugo") => {
                let node = if runtime.is_empty() {
                    crate::detect::DEFAULT_NODE
                } else {
                    &runtime
                };
                pick_tag("node", node, "trixie-slim")
            }
            "go" => pick_tag("golang", &runtime, "trixie"),
            "static" => pick_tag("golang", "1.26", "trixie"),
            "rust" => pick_tag("rust", crate::detect::DEFAULT_RUST, "slim-trixie"),
            "java" => match (s.build.binary.is_some(), s.package_manager == Some("maven")) {
                (true, _) => pick_tag("eclipse-temurin", &runtime, "jdk-noble"),
                (false, true) => pick_tag("maven", "3.9", &format!("eclipse-temurin-{runtime}-noble")),
                (false, false) => pick_tag("gradle", "9", &format!("jdk{runtime}")),
            },
            _ => None,
        }
    }
}

/// The next Python minor after `v` when the tables publish it (`3.12` → `3.13`), else `v`.
fn next_minor(v: &str) -> String {
    let next = v
        .split_once('.')
        .and_then(|(a, b)| Some(format!("{a}.{}", b.parse::<u32>().ok()? + 1)));
    match next {
        Some(n) if pick_tag("python", &n, "slim-trixie").is_some_and(|t| t.starts_with(&format!("python:{n}."))) => n,
        _ => v.to_owned(),
    }
}
