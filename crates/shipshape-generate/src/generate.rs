//! From detected services to files: the templates (built in, or overridden from a folder) and the
//! facts they are filled with (pinned base images, pinned actions, datastore defaults).

use crate::ci::Forge;
use crate::detect::{Detection, Service};
use crate::repo::{join, normalise};
use minijinja::{Environment, Value, context};
use serde::Serialize;
use shipshape_core::data;
use std::collections::BTreeMap;
use std::path::Path;

/// The families of files `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Dockerfile,
    Compose,
    Ci,
    K8s,
    Monitoring,
    Deploy,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Dockerfile,
        Family::Compose,
        Family::Ci,
        Family::K8s,
        Family::Monitoring,
        Family::Deploy,
    ];

    pub fn parse(s: &str) -> Option<Family> {
        match s {
            "dockerfile" => Some(Family::Dockerfile),
            "compose" => Some(Family::Compose),
            "ci" => Some(Family::Ci),
            "k8s" | "kubernetes" => Some(Family::K8s),
            "monitoring" => Some(Family::Monitoring),
            "deploy" => Some(Family::Deploy),
            _ => None,
        }
    }
}

/// One file to write.
#[derive(Debug, Clone, Serialize)]
pub struct File {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub family: Family,
    pub text: String,
}

/// Choices the user can make on the command line.
#[derive(Debug, Clone)]
pub struct Choices {
    pub families: Vec<Family>,
    /// The image registry (`ghcr.io`).
    pub registry: String,
    /// The repository's `owner/name` on its forge (from `.git/config`'s `origin`), which names the
    /// images the publish workflow pushes.
    pub repository: Option<String>,
    /// The forge whose CI to write.
    pub forge: Forge,
    /// Also write a deploy pipeline (staging from main, production from version tags, each an
    /// environment behind the tests and the image scan).
    pub deploy: bool,
}

impl Default for Choices {
    fn default() -> Self {
        Choices {
            families: Family::ALL.to_vec(),
            registry: Forge::GitHub.registry().to_owned(),
            repository: None,
            forge: Forge::GitHub,
            deploy: false,
        }
    }
}

/// Tool versions pinned in the generated files (dated with the tables: 2026-08-21).
pub(crate) const UV_VERSION: &str = "0.9.5";
pub(crate) const POETRY: &str = "2.2.1";
pub(crate) const PIPENV: &str = "2025.0.4";
pub(crate) const BUN: &str = "1.3.0";

/// `(name, text)` of each built-in template under `templates/`.
macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "dockerfile/python.j2",
    "dockerfile/node.j2",
    "dockerfile/static.j2",
    "dockerfile/go.j2",
    "dockerfile/rust.j2",
    "dockerfile/java.j2",
    "nginx.conf.j2",
    "dockerignore.j2",
    "compose.yaml.j2",
    "compose.prod.yaml.j2",
    "env.example.j2",
    "ci/ci.yml.j2",
    "ci/docker-publish.yml.j2",
    "ci/deploy.yml.j2",
    "ci/gitlab-ci.yml.j2",
    "k8s/app.yaml.j2",
    "k8s/base-kustomization.yaml.j2",
    "k8s/overlay-kustomization.yaml.j2",
    "k8s/namespace.yaml.j2",
    "monitoring/alerts.yml.j2",
    "deploy/proxy-nginx.conf.j2",
    "deploy/upstream.conf.j2",
    "deploy/blue-green.sh.j2",
    "deploy/ROLLBACK.md.j2",
    "deploy/justfile.j2",
    "monitoring/prometheusrule.yaml.j2",
    "monitoring/servicemonitor.yaml.j2",
];

/// The template names, for `--templates` users.
pub fn template_names() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(n, _)| *n)
}

/// The templates, each read from `dir` when it holds a file of that name.
pub fn environment(dir: Option<&Path>) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_trim_blocks(false);
    env.set_keep_trailing_newline(true);
    for (name, text) in TEMPLATES {
        let own = dir.map(|d| d.join(name)).filter(|p| p.is_file());
        let source = match own {
            Some(p) => std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?,
            None => (*text).to_owned(),
        };
        env.add_template_owned(*name, source).map_err(|e| format!("template {name}: {e}"))?;
    }
    Ok(env)
}

/// The newest tag of `image` of the form `<line>.<patch…>-<suffix>` (`3.12.14-slim-trixie`;
/// `<line>.<patch…>` for an empty suffix), for
/// the requested `line` or the nearest newer one the tables hold; `None` when the tables have none.
pub fn pick_tag(image: &str, line: &str, suffix: &str) -> Option<String> {
    let tags = data::image_tags(image);
    let shape = |t: &&str| {
        let (ver, rest) = t.split_once('-').unwrap_or((t, ""));
        (rest == suffix
            && ver
                .split(['.', '_'])
                .all(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty()))
        .then(|| ver.split(['.', '_']).filter_map(|p| p.parse::<u32>().ok()).collect::<Vec<u32>>())
    };
    let want: Vec<u32> = line.split('.').filter_map(|p| p.parse().ok()).collect();
    let mut best: Option<(Vec<u32>, &str)> = None;
    for t in tags {
        let Some(v) = shape(t) else { continue };
        if v.len() <= want.len() {
            continue; // a floating line tag (`3.12-…`), not a release
        }
        let prefix = &v[..want.len()];
        let exact = prefix == want.as_slice();
        let newer = prefix > want.as_slice();
        if !(exact || newer) {
            continue;
        }
        // Prefer the exact line; among candidates of the same kind, the lowest line and newest patch.
        let better = match &best {
            None => true,
            Some((b, _)) => {
                let b_exact = &b[..want.len()] == want.as_slice();
                match (exact, b_exact) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => (v[..want.len()] < b[..want.len()]) || (v[..want.len()] == b[..want.len()] && v > *b),
                }
            }
        };
        if better {
            best = Some((v, t));
        }
    }
    best.map(|(_, t)| format!("{image}:{t}"))
}

/// `owner/repo@<sha> # <tag>` for the newest release in the tables.
pub fn pinned_action(repo: &str, path: &str) -> String {
    let full = if path.is_empty() {
        repo.to_owned()
    } else {
        format!("{repo}/{path}")
    };
    let info = data::action_info(repo);
    let tags = data::action_tags(repo);
    let pick = info
        .as_ref()
        .and_then(|i| tags.iter().find(|(t, _)| *t == i.latest_tag))
        .or_else(|| tags.first());
    match pick {
        Some((tag, sha)) => format!("{full}@{sha} # {tag}"),
        None => format!("{full}@{}", info.map_or("v1", |i| i.latest_major)),
    }
}

/// A datastore's container: image, environment, data directory, healthcheck, connection URL.
pub(crate) struct Store {
    pub(crate) key: &'static str,
    pub(crate) image: String,
    pub(crate) environment: Vec<(String, String)>,
    pub(crate) volume: Option<&'static str>,
    pub(crate) healthcheck: &'static str,
    pub(crate) port: u16,
    pub(crate) options: &'static str,
    /// The variable the app reads and its value inside the compose network (host `key`).
    pub(crate) url_var: &'static str,
    pub(crate) url: String,
    /// The `.env` variable holding the password (`POSTGRES_PASSWORD`), when the store has one.
    pub(crate) password_var: Option<&'static str>,
    /// Connection settings an app may read one by one (`MYSQL_HOST`), with their values.
    parts: &'static [(&'static str, Part)],
}

/// One connection setting of a store.
#[derive(Clone, Copy)]
enum Part {
    Host,
    Port,
    User,
    Password,
    Database,
}

fn store(kind: &str) -> Option<Store> {
    let pw = "${POSTGRES_PASSWORD:?}";
    Some(match kind {
        "postgres" => Store {
            key: "postgres",
            image: pick_tag("postgres", "18", "alpine")?,
            environment: vec![
                ("POSTGRES_USER".into(), "app".into()),
                ("POSTGRES_PASSWORD".into(), pw.into()),
                ("POSTGRES_DB".into(), "app".into()),
            ],
            volume: Some("/var/lib/postgresql"),
            healthcheck: r#"["CMD-SHELL", "pg_isready -U app -d app"]"#,
            port: 5432,
            options: "--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5",
            url_var: "DATABASE_URL",
            url: format!("postgresql://app:{pw}@postgres:5432/app"),
            password_var: Some("POSTGRES_PASSWORD"),
            parts: &[
                ("POSTGRES_HOST", Part::Host),
                ("PGHOST", Part::Host),
                ("DB_HOST", Part::Host),
                ("POSTGRES_PORT", Part::Port),
                ("PGPORT", Part::Port),
                ("DB_PORT", Part::Port),
                ("POSTGRES_USER", Part::User),
                ("PGUSER", Part::User),
                ("DB_USER", Part::User),
                ("POSTGRES_PASSWORD", Part::Password),
                ("PGPASSWORD", Part::Password),
                ("DB_PASSWORD", Part::Password),
                ("POSTGRES_DB", Part::Database),
                ("PGDATABASE", Part::Database),
                ("DB_NAME", Part::Database),
            ],
        },
        "mysql" => {
            let pw = "${MYSQL_PASSWORD:?}";
            Store {
                key: "mysql",
                image: pick_tag("mariadb", "11.8", "noble")?,
                environment: vec![
                    ("MARIADB_USER".into(), "app".into()),
                    ("MARIADB_PASSWORD".into(), pw.into()),
                    ("MARIADB_DATABASE".into(), "app".into()),
                    ("MARIADB_RANDOM_ROOT_PASSWORD".into(), "\"1\"".into()),
                ],
                volume: Some("/var/lib/mysql"),
                healthcheck: r#"["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]"#,
                port: 3306,
                options: "--health-cmd \"healthcheck.sh --connect --innodb_initialized\" --health-interval 10s --health-timeout 5s --health-retries 5",
                url_var: "DATABASE_URL",
                url: format!("mysql://app:{pw}@mysql:3306/app"),
                password_var: Some("MYSQL_PASSWORD"),
                parts: &[
                    ("MYSQL_HOST", Part::Host),
                    ("DB_HOST", Part::Host),
                    ("MYSQL_PORT", Part::Port),
                    ("DB_PORT", Part::Port),
                    ("MYSQL_USER", Part::User),
                    ("DB_USER", Part::User),
                    ("MYSQL_PASSWORD", Part::Password),
                    ("DB_PASSWORD", Part::Password),
                    ("MYSQL_DATABASE", Part::Database),
                    ("DB_NAME", Part::Database),
                ],
            }
        }
        "redis" => Store {
            key: "redis",
            image: pick_tag("redis", "8", "alpine")?,
            environment: vec![],
            volume: Some("/data"),
            healthcheck: r#"["CMD", "redis-cli", "ping"]"#,
            port: 6379,
            options: "--health-cmd \"redis-cli ping\" --health-interval 10s --health-timeout 5s --health-retries 5",
            url_var: "REDIS_URL",
            url: "redis://redis:6379/0".into(),
            password_var: None,
            parts: &[],
        },
        "mongodb" => Store {
            key: "mongodb",
            image: pick_tag("mongo", "8", "noble")?,
            environment: vec![],
            volume: Some("/data/db"),
            healthcheck: r#"["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]"#,
            port: 27017,
            options: "--health-cmd \"mongosh --quiet --eval 'db.adminCommand(1)'\" --health-interval 10s --health-timeout 5s --health-retries 5",
            url_var: "MONGODB_URI",
            url: "mongodb://mongodb:27017/app".into(),
            password_var: None,
            parts: &[],
        },
        "nats" => Store {
            key: "nats",
            image: pick_tag("nats", "2", "alpine")?,
            environment: vec![],
            volume: None,
            healthcheck: r#"["CMD", "wget", "--quiet", "--spider", "http://127.0.0.1:8222/healthz"]"#,
            port: 4222,
            options: "",
            url_var: "NATS_URL",
            url: "nats://nats:4222".into(),
            password_var: None,
            parts: &[],
        },
        _ => return None,
    })
}

/// The variable the app reads for a store's URL: its own name when the code reads one that looks
/// like it (`MONGO_URL`), else the usual one.
fn url_var(svc: &Service, st: &Store) -> String {
    let hints: &[&str] = match st.key {
        "postgres" => &["DATABASE_URL", "POSTGRES_URL", "PG_URL", "DB_URL"],
        "redis" => &["REDIS_URL", "REDIS_URI", "CACHE_URL"],
        "mongodb" => &["MONGODB_URI", "MONGODB_URL", "MONGO_URL", "MONGO_URI", "DATABASE_URL"],
        "nats" => &["NATS_URL"],
        _ => &[],
    };
    hints
        .iter()
        .find(|h| svc.build.env_vars.iter().any(|v| v == *h))
        .map_or(st.url_var, |h| *h)
        .to_owned()
}

/// The environment an app gets to reach a store: the settings it reads one by one (`MYSQL_HOST`)
/// when it reads the host that way, else the URL variable. `ci`: as seen from a CI job's steps,
/// with the store at that host and a fixed test password.
pub(crate) fn app_env(svc: &Service, st: &Store, ci: Option<&str>) -> Vec<(String, String)> {
    let password = if ci.is_some() {
        "test".to_owned()
    } else {
        format!("${{{}:?}}", st.password_var.unwrap_or("PASSWORD"))
    };
    let host = ci.unwrap_or(st.key);
    let reads = |v: &str| svc.build.env_vars.iter().any(|x| x == v);
    let by_parts = st.parts.iter().any(|(v, p)| matches!(p, Part::Host) && reads(v));
    if by_parts {
        return st
            .parts
            .iter()
            .filter(|(v, _)| reads(v))
            .map(|(v, p)| {
                let value = match p {
                    Part::Host => host.to_owned(),
                    Part::Port => format!("\"{}\"", st.port),
                    Part::User | Part::Database => "app".to_owned(),
                    Part::Password => password.clone(),
                };
                ((*v).to_owned(), value)
            })
            .collect();
    }
    let mut url = st
        .url
        .replace(&format!("@{}:", st.key), &format!("@{host}:"))
        .replace(&format!("//{}:", st.key), &format!("//{host}:"));
    if let Some(pv) = st.password_var {
        url = url.replace(&format!("${{{pv}:?}}"), &password);
    }
    vec![(url_var(svc, st), url)]
}

/// A compose service key from a service name (`@acme/api` → `api`).
fn key(name: &str) -> String {
    let k: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let k = k.trim_matches('-').to_owned();
    if k.is_empty() { "app".to_owned() } else { k }
}

/// JSON-array text of an exec-form command.
fn exec(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| serde_json::to_string(w).unwrap_or_default()).collect();
    format!("[{}]", quoted.join(", "))
}

/// The healthcheck command for a service, run inside its runtime image; `None` where the image has
/// no tool to run one (distroless).
fn healthcheck(svc: &Service) -> Option<Vec<String>> {
    let url = format!("http://127.0.0.1:{}{}", svc.port, svc.health_path.as_deref().unwrap_or("/"));
    match svc.language {
        "python" => Some(vec![
            "python".into(),
            "-c".into(),
            match &svc.health_path {
                Some(_) => format!("import urllib.request; urllib.request.urlopen('{url}', timeout=2)"),
                None => format!("import socket; socket.create_connection(('127.0.0.1', {}), 2)", svc.port),
            },
        ]),
        "node" => Some(vec![
            "node".into(),
            "-e".into(),
            match &svc.health_path {
                Some(_) => format!("fetch('{url}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"),
                None => format!(
                    "require('net').connect({}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))",
                    svc.port
                ),
            },
        ]),
        "java" => Some(vec![
            "curl".into(),
            "--fail".into(),
            "--silent".into(),
            "--max-time".into(),
            "2".into(),
            url,
        ]),
        "static" => Some(vec![
            "wget".into(),
            "--quiet".into(),
            "--spider".into(),
            format!("http://127.0.0.1:{}/", svc.port),
        ]),
        _ => None,
    }
}

/// Render every file of the chosen families for `detection`.
pub fn render(detection: &Detection, project: &str, choices: &Choices, env: &Environment<'_>) -> Result<Vec<File>, String> {
    let mut files = Vec::new();
    let want = |f: Family| choices.families.contains(&f);
    let services = &detection.services;
    let header = |what: &str, from: &str, only: &str| {
        format!("# Generated by `shipshape init` ({what}) from {from}.\n# Regenerate: shipshape init --force --only {only}")
    };
    let render = |name: &str, ctx: Value| -> Result<String, String> {
        let t = env.get_template(name).map_err(|e| e.to_string())?;
        let mut s = t.render(ctx).map_err(|e| format!("template {name}: {e:#}"))?;
        if !s.ends_with('\n') {
            s.push('\n');
        }
        Ok(s)
    };
    // Keys unique across services.
    let mut keys: Vec<String> = Vec::new();
    for s in services {
        let mut k = key(&s.name);
        if keys.contains(&k) {
            k = key(&format!("{}-{}", s.path.replace('/', "-"), s.name));
        }
        keys.push(k);
    }
    let single = services.len() == 1;

    if want(Family::Dockerfile) {
        let mut ignores: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
        for s in services {
            let (path, text) = dockerfile(s, &header, &render)?;
            files.push(File {
                path,
                family: Family::Dockerfile,
                text,
            });
            let lines = ignores.entry(s.build.context.clone()).or_default();
            for l in ignore_lines(s) {
                if !lines.contains(l) {
                    lines.push(l);
                }
            }
            if s.language == "static" {
                files.push(File {
                    path: join(&s.path, "nginx.conf"),
                    family: Family::Dockerfile,
                    text: render(
                        "nginx.conf.j2",
                        context! { header => header("Dockerfile", "the detected static site", "dockerfile"), port => s.port, framework => s.framework },
                    )?,
                });
            }
        }
        for (ctx, lines) in ignores {
            files.push(File {
                path: join(&ctx, ".dockerignore"),
                family: Family::Dockerfile,
                text: render(
                    "dockerignore.j2",
                    context! { header => header("Dockerfile", "the detected stacks", "dockerfile"), lines },
                )?,
            });
        }
    }

    // Datastores, shared by every service that needs them.
    let mut stores: Vec<Store> = Vec::new();
    for s in services {
        for d in &s.datastores {
            if !stores.iter().any(|st| st.key == d.kind)
                && let Some(st) = store(d.kind)
            {
                stores.push(st);
            }
        }
    }
    let store_ctx = |st: &Store| {
        let tmpfs: &[&str] = if st.key == "postgres" {
            &["/tmp", "/var/run/postgresql"]
        } else {
            &["/tmp"]
        };
        context! {
            key => st.key, image => st.image.clone(), environment => st.environment.clone(), volume => st.volume,
            healthcheck => st.healthcheck, port => st.port, options => st.options, tmpfs => tmpfs,
        }
    };

    if want(Family::Compose) {
        let mut host_ports: Vec<u16> = Vec::new();
        let mut svc_ctx = Vec::new();
        let mut prod_ctx = Vec::new();
        let mut vars: Vec<(String, String)> = Vec::new();
        for (s, k) in services.iter().zip(&keys) {
            let mut hp = s.port;
            while host_ports.contains(&hp) {
                hp += 1;
            }
            host_ports.push(hp);
            let mut environment: Vec<(String, String)> = Vec::new();
            let mut needs = Vec::new();
            for d in &s.datastores {
                if let Some(st) = stores.iter().find(|st| st.key == d.kind) {
                    environment.extend(app_env(s, st, None));
                    if d.required {
                        needs.push(context! { key => st.key });
                    }
                }
            }
            if let Some(b) = &s.bind_env {
                environment.push((b.clone(), "0.0.0.0".to_owned()));
            }
            let dockerfile = dockerfile_path(s);
            let rel_dockerfile = rel_from(&s.build.context, &dockerfile);
            let watch = watch(s);
            svc_ctx.push(context! {
                key => k, language => s.language, context => dot(&s.build.context),
                dockerfile => (rel_dockerfile != "Dockerfile").then_some(rel_dockerfile),
                port => s.port, host_port => hp, environment => environment.clone(), stores => needs.clone(),
                watch => watch, migrate => s.build.migrate.as_deref().map(exec),
            });
            let environment_vars: Vec<String> = environment.iter().map(|(k, _)| k.clone()).collect();
            let image = format!("{}/${{IMAGE_OWNER:?}}/{}", choices.registry, k);
            prod_ctx.push(context! {
                migrate => s.build.migrate.as_deref().map(exec),
                key => k, image => image, port => s.port, environment => environment, stores => needs,
                tmpfs => if s.framework == Some("nextjs") {
                    vec!["/tmp".to_owned(), format!("/app/{}.next/cache", s.build.member.as_deref().map_or(String::new(), |m| format!("{m}/")))]
                } else {
                    vec!["/tmp".to_owned()]
                },
            });
            for v in &s.build.env_vars {
                let set_here = environment_vars.iter().any(|n| n == v);
                if !vars.iter().any(|(n, _)| n == v) && !set_here {
                    vars.push((v.clone(), String::new()));
                }
            }
        }
        for pv in stores.iter().filter_map(|st| st.password_var).rev() {
            vars.retain(|(n, _)| n != pv);
            vars.insert(0, (pv.into(), "change-me".into()));
        }
        vars.push(("IMAGE_OWNER".into(), "your-github-user-or-org".into()));
        vars.push(("TAG".into(), "main".into()));
        let volumes: Vec<String> = stores
            .iter()
            .filter(|s| s.volume.is_some())
            .map(|s| format!("{}_data", s.key))
            .collect();
        let stores_ctx: Vec<Value> = stores.iter().map(store_ctx).collect();
        let from = "the detected services";
        files.push(File {
            path: "compose.yaml".into(),
            family: Family::Compose,
            text: render(
                "compose.yaml.j2",
                context! { header => header("Compose", from, "compose"), project => key(project), services => svc_ctx, stores => stores_ctx.clone(), volumes => volumes.clone() },
            )?,
        });
        let proxy_image = pick_tag("nginx", "1.30", "alpine").ok_or("no nginx image in the tables")?;
        files.push(File {
            path: "compose.prod.yaml".into(),
            family: Family::Compose,
            text: render(
                "compose.prod.yaml.j2",
                context! {
                    header => header("Compose", from, "compose"), project => key(project), services => prod_ctx.clone(), stores => stores_ctx,
                    volumes => volumes, proxy_image => proxy_image,
                },
            )?,
        });
        // The proxy compose.prod.yaml runs, and each app's upstream (deploy/blue-green.sh switches it).
        files.push(File {
            path: "deploy/nginx/nginx.conf".into(),
            family: Family::Compose,
            text: render(
                "deploy/proxy-nginx.conf.j2",
                context! { header => header("Compose", from, "compose"), services => prod_ctx.clone() },
            )?,
        });
        for (s, k) in services.iter().zip(&keys) {
            files.push(File {
                path: format!("deploy/nginx/upstreams/{k}.conf"),
                family: Family::Compose,
                text: render(
                    "deploy/upstream.conf.j2",
                    context! { header => header("Compose", from, "compose"), key => k, port => s.port },
                )?,
            });
        }
        if want(Family::Deploy) {
            let hdr = header("deploy", from, "deploy");
            let mut infra: Vec<String> = vec!["proxy".to_owned()];
            infra.extend(stores.iter().map(|st| st.key.to_owned()));
            let deploy_services: Vec<Value> = services
                .iter()
                .zip(&keys)
                .map(|(s, k)| context! { key => k, port => s.port, health => s.health_path.clone(), migrate => s.build.migrate.is_some() })
                .collect();
            files.push(File {
                path: "deploy/blue-green.sh".into(),
                family: Family::Deploy,
                text: render(
                    "deploy/blue-green.sh.j2",
                    context! { header => hdr.clone(), project => key(project), services => deploy_services.clone(), infra => infra },
                )?,
            });
            files.push(File {
                path: "deploy/ROLLBACK.md".into(),
                family: Family::Deploy,
                text: render(
                    "deploy/ROLLBACK.md.j2",
                    context! {
                        header_text => "Generated by `shipshape init` (deploy) from the detected services. Regenerate: shipshape init --force --only deploy",
                        project => key(project), services => deploy_services.clone(),
                    },
                )?,
            });
            files.push(File {
                path: "justfile".into(),
                family: Family::Deploy,
                text: render(
                    "deploy/justfile.j2",
                    context! { header => hdr, project => key(project), services => deploy_services },
                )?,
            });
        }
        files.push(File {
            path: ".env.example".into(),
            family: Family::Compose,
            text: render(
                "env.example.j2",
                context! { header => header("Compose", from, "compose"), vars => vars },
            )?,
        });
    }

    // The image each service is published as, by the name the Kubernetes manifests use.
    let repository = choices
        .repository
        .clone()
        .unwrap_or_else(|| format!("OWNER/{}", key(project)))
        .to_ascii_lowercase();
    let suffix = |k: &str| if single { String::new() } else { format!("/{k}") };
    let image_of = |k: &str| format!("{}/{repository}{}", choices.registry, suffix(k));
    // What a deploy job needs of each service: its image, where the push puts it, its namespace.
    let deploy_ctx: Vec<Value> = keys
        .iter()
        .map(|k| context! { key => k, image => image_of(k), suffix => suffix(k), output => k.replace('-', "_") })
        .collect();
    let environments = [
        ("staging", format!("{}-staging", key(project))),
        ("production", format!("{}-production", key(project))),
    ];
    let environments: Vec<Value> = environments.iter().map(|(e, ns)| context! { name => e, namespace => ns }).collect();

    if want(Family::Ci) {
        let plans: Vec<crate::ci::Plan> = services.iter().map(|s| crate::ci::Plan::of(s, &stores)).collect();
        let from = "the detected services";
        let hdr = header("CI", from, "ci");
        let mut pub_services = Vec::new();
        for (s, k) in services.iter().zip(&keys) {
            pub_services.push(context! {
                key => k, name => s.name.clone(), context => dot(&s.build.context), dockerfile_path => dockerfile_path(s),
                image_suffix => suffix(k), output => k.replace('-', "_"),
            });
        }
        match choices.forge {
            Forge::GitHub => {
                let actions = context! {
                    checkout => pinned_action("actions/checkout", ""),
                    setup_buildx => pinned_action("docker/setup-buildx-action", ""),
                    login => pinned_action("docker/login-action", ""),
                    metadata => pinned_action("docker/metadata-action", ""),
                    build_push => pinned_action("docker/build-push-action", ""),
                    trivy => pinned_action("aquasecurity/trivy-action", ""),
                };
                let ci_services: Vec<Value> = plans
                    .iter()
                    .zip(&keys)
                    .map(|(p, k)| context! { jobs => p.github(k, single), workdir => p.workdir.clone() })
                    .collect();
                files.push(File {
                    path: ".github/workflows/ci.yml".into(),
                    family: Family::Ci,
                    text: render(
                        "ci/ci.yml.j2",
                        context! { header => hdr.clone(), services => ci_services, actions => actions.clone(), deploy => choices.deploy },
                    )?,
                });
                files.push(File {
                    path: ".github/workflows/docker-publish.yml".into(),
                    family: Family::Ci,
                    text: render(
                        "ci/docker-publish.yml.j2",
                        context! {
                            header => hdr.clone(), services => pub_services, actions => actions.clone(), registry => choices.registry.clone(),
                            deploy => choices.deploy,
                        },
                    )?,
                });
                if choices.deploy {
                    files.push(File {
                        path: ".github/workflows/deploy.yml".into(),
                        family: Family::Ci,
                        text: render(
                            "ci/deploy.yml.j2",
                            context! {
                                header => hdr.clone(), services => deploy_ctx.clone(), actions => actions, registry => choices.registry.clone(),
                                environments => environments.clone(),
                            },
                        )?,
                    });
                }
            }
            Forge::GitLab => {
                let mut jobs = Vec::new();
                for (p, k) in plans.iter().zip(&keys) {
                    jobs.extend(p.gitlab(k, single)?);
                }
                let docker = pick_tag("docker", "29", "cli").ok_or("no docker image in the tables")?;
                let dind = pick_tag("docker", "29", "dind").ok_or("no docker image in the tables")?;
                let alpine = pick_tag("alpine", "3", "").ok_or("no alpine image in the tables")?;
                files.push(File {
                    path: ".gitlab-ci.yml".into(),
                    family: Family::Ci,
                    text: trim_end(render(
                        "ci/gitlab-ci.yml.j2",
                        context! {
                            header => hdr.clone(), jobs => jobs, services => pub_services, docker => docker, dind => dind,
                            alpine => alpine, deploy => choices.deploy, deploys => deploy_ctx.clone(), environments => environments.clone(),
                        },
                    )?),
                });
            }
        }
    }
    if want(Family::K8s) {
        let stores_all = &stores;
        let from = "the detected services";
        let hdr = header("Kubernetes", from, "k8s");
        let mut k8s_services = Vec::new();
        for (s, k) in services.iter().zip(&keys) {
            let image = image_of(k);
            let uid = match s.language {
                "go" | "rust" => 65532,
                "static" => 101,
                _ => 1000,
            };
            let env: Vec<(String, String)> = s.bind_env.iter().map(|b| (b.clone(), "\"0.0.0.0\"".to_owned())).collect();
            // What the app reads from its environment comes from the service's Secret; the listen
            // address and port are the container's own.
            let mut secret_env: Vec<String> = s
                .datastores
                .iter()
                .filter_map(|d| stores_all.iter().find(|st| st.key == d.kind))
                .flat_map(|st| app_env(s, st, None).into_iter().map(|(k, _)| k))
                .collect();
            for v in &s.build.env_vars {
                if !secret_env.contains(v) && Some(v) != s.bind_env.as_ref() && !matches!(v.as_str(), "PORT" | "HOST" | "NODE_ENV") {
                    secret_env.push(v.clone());
                }
            }
            // The Secret's keys become variables (`envFrom`); the comment names the ones the app
            // reads, a line of at most 80 columns each.
            let mut reads: Vec<String> = Vec::new();
            for v in &secret_env {
                match reads.last_mut() {
                    Some(line) if line.len() + v.len() + 2 <= 66 => {
                        line.push_str(", ");
                        line.push_str(v);
                    }
                    _ => reads.push(v.clone()),
                }
            }
            files.push(File {
                path: format!("k8s/base/{k}.yaml"),
                family: Family::K8s,
                text: render(
                    "k8s/app.yaml.j2",
                    context! {
                        header => hdr.clone(), key => k, image => image.clone(), port => s.port, uid => uid,
                        namespace => key(project), tag => "main",
                        health_path => s.health_path.clone(), env => env, secret_env => secret_env, reads => reads,
                    },
                )?,
            });
            k8s_services.push(context! { key => k, image => image });
        }
        files.push(File {
            path: "k8s/base/kustomization.yaml".into(),
            family: Family::K8s,
            text: render(
                "k8s/base-kustomization.yaml.j2",
                context! { header => hdr.clone(), project => key(project), services => k8s_services.clone() },
            )?,
        });
        for (env, tag) in [("staging", "main"), ("production", "latest-release")] {
            let namespace = format!("{}-{env}", key(project));
            files.push(File {
                path: format!("k8s/overlays/{env}/kustomization.yaml"),
                family: Family::K8s,
                text: render(
                    "k8s/overlay-kustomization.yaml.j2",
                    context! {
                        header => hdr.clone(), env => env, namespace => namespace.clone(), services => k8s_services.clone(), tag => tag,
                        monitoring => want(Family::Monitoring),
                    },
                )?,
            });
            files.push(File {
                path: format!("k8s/overlays/{env}/namespace.yaml"),
                family: Family::K8s,
                text: render("k8s/namespace.yaml.j2", context! { header => hdr.clone(), namespace => namespace })?,
            });
        }
    }
    if want(Family::Monitoring) {
        let hdr = header("monitoring", "the detected services", "monitoring");
        let camel = |k: &str| -> String {
            k.split(['-', '_'])
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
                })
                .collect()
        };
        let mut groups = Vec::new();
        for k in &keys {
            let n = camel(k);
            groups.push(context! {
                key => k,
                rules => vec![
                    alert_rule(
                        &format!("{n}CrashLooping"),
                        &["increase(kube_pod_container_status_restarts_total{", &format!("container=\"{k}\"}}[15m]) > 0")],
                        "5m", "critical", &format!("{k} restarts repeatedly"),
                    ),
                    alert_rule(
                        &format!("{n}HighErrorRate"),
                        &[
                            "sum(rate(http_requests_total{",
                            &format!("job=\"{k}\", code=~\"5..\"}}[5m]))"),
                            "/ sum(rate(http_requests_total{",
                            &format!("job=\"{k}\"}}[5m]))"),
                            "> 0.05",
                        ],
                        "5m", "critical", &format!("over 5% of {k}'s requests fail"),
                    ),
                    alert_rule(
                        &format!("{n}HighLatencyP95"),
                        &[
                            "histogram_quantile(0.95, sum by (le) (",
                            "rate(http_request_duration_seconds_bucket{",
                            &format!("job=\"{k}\"}}[5m])"),
                            ")) > 0.5",
                        ],
                        "5m", "warning", &format!("{k}'s p95 latency is over 500 ms"),
                    ),
                ],
            });
        }
        let mut store_rules = Vec::new();
        for st in &stores {
            let metric = match st.key {
                "postgres" => "pg_up",
                "mysql" => "mysql_up",
                "redis" => "redis_up",
                "mongodb" => "mongodb_up",
                _ => continue,
            };
            store_rules.push(alert_rule(
                &format!("{}Down", camel(st.key)),
                &[&format!("{metric} == 0")],
                "1m",
                "critical",
                &format!("{} is down ({metric} is 0)", st.key),
            ));
        }
        if !store_rules.is_empty() {
            groups.push(context! { key => "datastores", rules => store_rules });
        }
        files.push(File {
            path: "monitoring/alerts.yml".into(),
            family: Family::Monitoring,
            text: render(
                "monitoring/alerts.yml.j2",
                context! { header => hdr.clone(), services => groups.clone() },
            )?,
        });
        if want(Family::K8s) {
            let svc: Vec<Value> = keys.iter().map(|k| context! { key => k }).collect();
            files.push(File {
                path: "k8s/components/monitoring/prometheusrule.yaml".into(),
                family: Family::Monitoring,
                text: render(
                    "monitoring/prometheusrule.yaml.j2",
                    context! { header => hdr.clone(), project => key(project), services => groups },
                )?,
            });
            files.push(File {
                path: "k8s/components/monitoring/servicemonitor.yaml".into(),
                family: Family::Monitoring,
                text: render(
                    "monitoring/servicemonitor.yaml.j2",
                    context! { header => hdr.clone(), project => key(project), services => svc },
                )?,
            });
            files.push(File {
                path: "k8s/components/monitoring/kustomization.yaml".into(),
                family: Family::Monitoring,
                text: format!(
                    "{hdr}\n# Needs the Prometheus Operator's CRDs in the cluster; the overlays include it.\napiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - servicemonitor.yaml\n  - prometheusrule.yaml\n"
                ),
            });
        }
    }
    Ok(files)
}

/// One alerting rule's template context; the expression's parts go on lines of their own (a folded
/// scalar joins them with spaces).
fn alert_rule(alert: &str, expr: &[&str], r#for: &str, severity: &str, summary: &str) -> Value {
    context! { alert => alert, expr => expr, for => r#for, severity => severity, summary => summary }
}

/// `text` ending in exactly one newline (a template's last loop leaves blank lines).
fn trim_end(text: String) -> String {
    text.trim_end().to_owned() + "\n"
}

fn dot(p: &str) -> String {
    if p == "." { ".".to_owned() } else { format!("./{p}") }
}

/// `path` relative to directory `from` (both relative to the repository root).
fn rel_from(from: &str, path: &str) -> String {
    if from == "." {
        return path.to_owned();
    }
    path.strip_prefix(&format!("{from}/"))
        .map_or_else(|| path.to_owned(), str::to_owned)
}

/// Where a service's Dockerfile goes: beside its manifests.
fn dockerfile_path(s: &Service) -> String {
    join(&s.path, "Dockerfile")
}

fn ignore_lines(s: &Service) -> &'static [&'static str] {
    match s.language {
        "python" => &[
            "**/__pycache__",
            "**/*.py[cod]",
            "**/.venv",
            "**/.pytest_cache",
            "**/.mypy_cache",
            "**/.ruff_cache",
            "**/node_modules",
        ],
        "node" | "static" => &[
            "**/node_modules",
            "**/.next",
            "**/dist",
            "**/coverage",
            "**/.turbo",
            "**/public/build",
        ],
        "go" => &["**/bin", "**/*.test", "**/coverage.out"],
        "rust" => &["**/target"],
        "java" => &["**/target", "**/build", "**/.gradle"],
        _ => &[],
    }
}

/// `develop.watch` rules: source synced, dependency manifests rebuild.
fn watch(s: &Service) -> Vec<Value> {
    if s.language == "static" {
        return vec![context! { action => "rebuild", path => "./".to_owned() + &rel_or_dot(&s.path) }];
    }
    let root = rel_or_dot(&s.path);
    let mut out = Vec::new();
    let (target, ignore): (&str, &[&str]) = match s.language {
        "python" => ("/app", &["__pycache__/", ".venv/"]),
        "node" => ("/app", &["node_modules/"]),
        _ => ("", &[]),
    };
    if !target.is_empty() {
        let t = match &s.build.member {
            Some(m) => format!("{target}/{m}"),
            None if s.build.context != s.path => format!("{target}/{}", rel_from(&s.build.context, &s.path)),
            None => target.to_owned(),
        };
        out.push(context! { action => "sync", path => format!("./{root}"), target => t, ignore => ignore });
    }
    for m in &s.build.manifests {
        let p = normalise(&join(&s.build.context, m)).unwrap_or_default();
        if !m.ends_with("package.json") || s.build.member.is_none() {
            out.push(context! { action => "rebuild", path => format!("./{p}") });
        }
    }
    if matches!(s.language, "go" | "rust" | "java") {
        out.push(context! { action => "rebuild", path => format!("./{root}") });
    }
    // The sibling modules of a Maven reactor or Gradle build are compiled into the image too.
    for m in &s.build.modules {
        let p = normalise(&join(&s.build.context, m)).unwrap_or_default();
        if p != s.path {
            out.push(context! { action => "rebuild", path => format!("./{p}/src") });
        }
    }
    out
}

fn rel_or_dot(p: &str) -> String {
    if p == "." { String::new() } else { p.to_owned() }
}

type Header<'a> = dyn Fn(&str, &str, &str) -> String + 'a;
type Render<'a> = dyn Fn(&str, Value) -> Result<String, String> + 'a;

/// The Dockerfile of one service.
fn dockerfile(s: &Service, header: &Header<'_>, render: &Render<'_>) -> Result<(String, String), String> {
    let path = dockerfile_path(s);
    let runtime = s.runtime_version.clone().unwrap_or_default();
    let missing = |what: &str| format!("no {what} image for version {runtime} in the tables");
    let from = if s.build.manifests.is_empty() {
        "the detected stack".to_owned()
    } else {
        s.build.manifests.join(", ")
    };
    let hdr = header("Dockerfile", &from, "dockerfile");
    let health = healthcheck(s).map(|h| exec(&h));
    let command = exec(&s.build.command);
    let pm = s.package_manager.unwrap_or("");
    // The service's folder inside the build context (`backend/` when built from the root).
    let src = match rel_from(&s.build.context, &s.path) {
        p if p == "." || s.build.context == s.path => String::new(),
        p => format!("{p}/"),
    };
    let node_pm = |pm: &str| -> (&'static str, &'static str, String, Option<&'static str>) {
        match pm {
            "pnpm" => (
                "/root/.local/share/pnpm/store",
                "pnpm install --frozen-lockfile",
                "pnpm run build".into(),
                Some("pnpm prune --prod"),
            ),
            "yarn" => (
                "/usr/local/share/.cache/yarn",
                "yarn install --frozen-lockfile",
                "yarn run build".into(),
                None,
            ),
            "bun" => (
                "/root/.bun/install/cache",
                "bun install --frozen-lockfile",
                "bun run build".into(),
                None,
            ),
            _ => ("/root/.npm", "npm ci", "npm run build".into(), Some("npm prune --omit=dev")),
        }
    };
    let frontend = s.build.frontend.as_ref().map(|f| {
        context! { out_dir => rel_from(&f.path, &f.out_dir), out_in_service => rel_from(&s.path, &f.out_dir) }
    });
    let text = match s.language {
        "python" => {
            let mut dev = s.build.command.clone();
            if dev.first().is_some_and(|c| c == "uvicorn") {
                dev.push("--reload".into());
            }
            let mut t = render(
                "dockerfile/python.j2",
                context! {
                    header => hdr, pm => pm, manifests => s.build.manifests.clone(), src => src, install_project => s.build.install_project,
                    images => context! { python => pick_tag("python", &runtime, "slim-trixie").ok_or_else(|| missing("python"))?, uv => format!("ghcr.io/astral-sh/uv:{UV_VERSION}") },
                    versions => context! { poetry => POETRY, pipenv => PIPENV },
                    port => s.port, healthcheck => health, command => command, dev_command => exec(&dev),
                    bind_env => s.bind_env.clone(), frontend => frontend,
                    build_packages => s.build.build_packages.clone(), runtime_packages => s.build.runtime_packages.clone(),
                },
            )?;
            if let Some(f) = &s.build.frontend {
                t = frontend_stage(f, &t)?;
            }
            t
        }
        "node" => {
            let (cache_dir, install, run_build, prune) = node_pm(pm);
            let has_build = s.build.scripts.iter().any(|x| x == "build");
            let run_build = match &s.build.member {
                Some(_) if pm == "pnpm" => format!("pnpm --filter {} run build", s.name),
                Some(m) => format!("{run_build} --workspace {m}"),
                None => run_build,
            };
            let dev = match s.framework {
                Some("nextjs") => vec!["node_modules/.bin/next".into(), "dev".into(), "-p".into(), s.port.to_string()],
                _ => vec![pm_or_npm(pm).into(), "run".into(), "dev".into()],
            };
            let dev = if s.build.scripts.iter().any(|x| x == "dev") || s.framework == Some("nextjs") {
                dev
            } else {
                s.build.command.clone()
            };
            render(
                "dockerfile/node.j2",
                context! {
                    header => hdr, pm => pm, bun => BUN, manifests => s.build.manifests.clone(), cache_dir => cache_dir, install => install,
                    has_build => has_build, run_build => run_build, prune => if s.build.member.is_some() { None } else { prune },
                    images => context! { node => pick_tag("node", &runtime, "trixie-slim").ok_or_else(|| missing("node"))? },
                    port => s.port, healthcheck => health, command => command, dev_command => exec(&dev),
                    bind_env => s.bind_env.clone(), member => s.build.member.clone(),
                    build_env => s.build.build_env.clone(), pre_build => s.build.pre_build.clone(),
                },
            )?
        }
        "static" => {
            let (cache_dir, install, run_build, _) = node_pm(pm);
            render(
                "dockerfile/static.j2",
                context! {
                    header => hdr, pm => pm, framework => s.framework, manifests => s.build.manifests.clone(), cache_dir => cache_dir,
                    install => install, run_build => run_build, static_out => s.build.static_out.clone(), src => src,
                    hugo_version => s.build.hugo_version.clone(), port => s.port,
                    images => context! {
                        node => pick_tag("node", if runtime.is_empty() { crate::detect::DEFAULT_NODE } else { &runtime }, "trixie-slim"),
                        golang => pick_tag("golang", "1.26", "trixie"),
                        nginx => pick_tag("nginx", "1.30", "alpine").ok_or_else(|| missing("nginx"))?,
                    },
                },
            )?
        }
        "go" => render(
            "dockerfile/go.j2",
            context! {
                header => hdr, manifests => s.build.manifests.clone(), binary => s.build.binary.clone(),
                main_package => s.build.main_package.clone(), port => s.port, health_path => s.health_path.clone(), command => command,
                frontend => frontend.clone(),
                images => context! {
                    golang => pick_tag("golang", &runtime, "trixie").ok_or_else(|| missing("golang"))?,
                    distroless_static => "gcr.io/distroless/static-debian13:nonroot",
                },
            },
        )?,
        "rust" => render(
            "dockerfile/rust.j2",
            context! {
                header => hdr, binary => s.build.binary.clone(), port => s.port, health_path => s.health_path.clone(), command => command,
                frontend => frontend.clone(),
                build_env => s.build.build_env.clone(),
                images => context! {
                    rust => pick_tag("rust", crate::detect::DEFAULT_RUST, "slim-trixie").ok_or_else(|| missing("rust"))?,
                    distroless_cc => "gcr.io/distroless/cc-debian13:nonroot",
                },
            },
        )?,
        "java" => {
            let tool = match (pm, s.build.binary.as_deref()) {
                (_, Some(w)) => format!("./{w}"),
                ("maven", None) => "mvn".to_owned(),
                _ => "gradle".to_owned(),
            };
            render(
                "dockerfile/java.j2",
                context! {
                    header => hdr, pm => pm, tool => tool, manifests => s.build.manifests.clone(), port => s.port,
                    member => s.build.member.clone(), modules => s.build.modules.clone(),
                    healthcheck => health, command => command,
                    images => context! {
                        // Without a wrapper script the build image brings the build tool.
                        jdk => match (s.build.binary.is_some(), pm) {
                            (true, _) => pick_tag("eclipse-temurin", &runtime, "jdk-noble"),
                            (false, "maven") => pick_tag("maven", "3.9", &format!("eclipse-temurin-{runtime}-noble")),
                            (false, _) => pick_tag("gradle", "9", &format!("jdk{runtime}")),
                        }
                        .ok_or_else(|| missing("the build tool's"))?,
                        jre => pick_tag("eclipse-temurin", &runtime, "jre-noble").ok_or_else(|| missing("eclipse-temurin"))?,
                    },
                },
            )?
        }
        other => return Err(format!("no Dockerfile template for {other}")),
    };
    let text = match (&s.build.frontend, s.language) {
        (Some(f), "go" | "rust") => frontend_stage(f, &text)?,
        _ => text,
    };
    Ok((path, text))
}

fn pm_or_npm(pm: &str) -> &str {
    if pm.is_empty() { "npm" } else { pm }
}

/// Insert a Node stage that builds the frontend a Python service serves.
fn frontend_stage(f: &crate::detect::Frontend, dockerfile: &str) -> Result<String, String> {
    let image = pick_tag("node", &f.node_version, "trixie-slim").ok_or("no node image in the tables")?;
    let (lock, install) = match f.package_manager {
        "pnpm" => ("pnpm-lock.yaml", "corepack enable && pnpm install --frozen-lockfile"),
        "yarn" => ("yarn.lock", "corepack enable && yarn install --frozen-lockfile"),
        _ => ("package-lock.json", "npm ci"),
    };
    let build = match f.package_manager {
        "pnpm" => "pnpm run build",
        "yarn" => "yarn run build",
        _ => "npm run build",
    };
    let stage = format!(
        "# The frontend, built into the directory the backend serves.\nFROM {image} AS frontend\nWORKDIR /frontend\nCOPY {p}/package.json {p}/{lock} ./\nRUN --mount=type=cache,target=/root/.npm \\\n    {install}\nCOPY {p}/ ./\nRUN {build} -- --outDir /frontend/{out}\n\n",
        p = f.path,
        out = rel_from(&f.path, &f.out_dir),
    );
    let at = dockerfile.find("FROM ").ok_or("template has no FROM")?;
    Ok(format!("{}{}{}", &dockerfile[..at], stage, &dockerfile[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_from_the_tables() {
        assert!(pick_tag("python", "3.12", "slim-trixie").is_some_and(|t| t.starts_with("python:3.12.")));
        // Node 20 is past its end of life: the next maintained line.
        assert!(pick_tag("node", "20", "trixie-slim").is_some_and(|t| t.starts_with("node:22.")));
        assert!(pick_tag("eclipse-temurin", "21", "jre-noble").is_some_and(|t| t.contains(":21.")));
        assert_eq!(pick_tag("python", "2.7", "no-such-variant"), None);
    }

    #[test]
    fn actions_are_pinned() {
        let a = pinned_action("actions/checkout", "");
        assert!(a.starts_with("actions/checkout@") && a.contains(" # v"), "{a}");
        assert_eq!(a.split('@').nth(1).map(|s| s.split(' ').next().unwrap_or("").len()), Some(40));
    }
}
