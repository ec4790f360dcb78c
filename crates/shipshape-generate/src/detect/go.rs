//! Go services: a module whose `main` package is at the root or under `cmd/<name>`; and Hugo sites.

use super::{Service, env_example, env_reads, find_health, find_port, major_minor, regex_lite as re, sources};
use crate::repo::{Repo, join};

const STORES: &[(&str, &str)] = &[
    ("github.com/jackc/pgx", "postgres"),
    ("github.com/lib/pq", "postgres"),
    ("gorm.io/driver/postgres", "postgres"),
    ("github.com/go-sql-driver/mysql", "mysql"),
    ("go.mongodb.org/mongo-driver", "mongodb"),
    ("github.com/redis/go-redis", "redis"),
    ("github.com/go-redis/redis", "redis"),
    ("github.com/nats-io/nats.go", "nats"),
    ("github.com/segmentio/kafka-go", "kafka"),
    ("github.com/IBM/sarama", "kafka"),
    ("github.com/confluentinc/confluent-kafka-go", "kafka"),
];
const FRAMEWORKS: &[(&str, &str)] = &[
    ("github.com/go-chi/chi", "chi"),
    ("github.com/gin-gonic/gin", "gin"),
    ("github.com/labstack/echo", "echo"),
    ("github.com/gofiber/fiber", "fiber"),
];

/// The Hugo release to build sites with when the repository names none (dated with the tables).
pub const DEFAULT_HUGO: &str = "0.152.2";

pub fn detect(repo: &Repo) -> Vec<Service> {
    let mut out: Vec<Service> = super::manifests(repo, "go.mod").filter_map(|(d, f)| service(repo, d, f)).collect();
    out.extend(hugo(repo));
    out
}

fn service(repo: &Repo, dir: &str, gomod_path: &str) -> Option<Service> {
    let gomod = repo.read(gomod_path)?;
    let module = gomod
        .lines()
        .find_map(|l| l.strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"').to_owned())?;
    // The main package: exactly one cmd/<name>/main.go, else a main.go at the module root.
    let cmd_prefix = join(dir, "cmd/");
    let mains: Vec<&str> = repo
        .under(dir)
        .filter(|f| f.starts_with(&cmd_prefix) && f.ends_with("/main.go") && f[cmd_prefix.len()..].matches('/').count() == 1)
        .collect();
    let (name, main_file, main_pkg) = if mains.len() == 1 {
        let f = mains[0];
        let n = f[cmd_prefix.len()..].split('/').next().unwrap_or("app").to_owned();
        (n.clone(), f.to_owned(), format!("./cmd/{n}"))
    } else if repo.has(&join(dir, "main.go")) {
        (
            module.rsplit('/').next().unwrap_or(&module).to_owned(),
            join(dir, "main.go"),
            ".".to_owned(),
        )
    } else {
        return None;
    };
    let main_text = repo.read(&main_file).unwrap_or_default();
    if !main_text.contains("package main") {
        return None;
    }
    let files: Vec<(String, String)> = sources(repo, dir, &[".go"]).map(|(p, t)| (p.to_owned(), t)).collect();
    let serves = files
        .iter()
        .any(|(_, t)| t.contains("\"net/http\"") || t.contains("ListenAndServe"));
    let framework = FRAMEWORKS.iter().find(|(m, _)| gomod.contains(m));
    if framework.is_none() && !serves {
        return None; // a command-line tool, not a service
    }
    let mut svc = Service::new(name, dir, "go");
    svc.cite(format!("main package {main_pkg}"), &main_file, Some((&main_text, "package main")));
    svc.build.main_package = Some(main_pkg);
    svc.build.binary = Some(svc.name.clone());
    svc.package_manager = Some("go");
    svc.cite("package_manager go: Go modules", gomod_path, Some((&gomod, "module ")));
    svc.build.manifests = ["go.mod", "go.sum"]
        .iter()
        .filter(|m| repo.has(&join(dir, m)))
        .map(|m| (*m).to_owned())
        .collect();
    match framework {
        Some((m, f)) => {
            svc.framework = Some(f);
            svc.cite(format!("framework {f}: requires {m}"), gomod_path, Some((&gomod, m)));
        }
        None => svc.framework = Some("nethttp"),
    }
    if let Some(l) = gomod.lines().find(|l| l.starts_with("go "))
        && let Some(v) = major_minor(l)
    {
        svc.cite(format!("runtime_version {v}"), gomod_path, Some((&gomod, l)));
        svc.runtime_version = Some(v);
    }
    let port_res = [
        (re(r#"(?s)Getenv\("PORT"\).{0,160}?"(\d{2,5})""#), "PORT default in the code"),
        (re(r#""(?:0\.0\.0\.0)?:(\d{2,5})""#), "listen address in the code"),
    ];
    if !find_port(&mut svc, &files, &port_res) {
        svc.port = 8080;
        svc.assume("port 8080: no listen address found");
    }
    find_health(
        &mut svc,
        &files,
        &[re(r#"(?:Handle|HandleFunc|Get|GET|Any|Head|HEAD)\(\s*"(?:GET )?(/[^"]*)""#)],
    );
    env_reads(
        &files,
        re(r#"(?:Getenv|LookupEnv)\("([A-Z][A-Z0-9_]*)"\)"#),
        &mut svc.build.env_vars,
    );
    env_example(repo, dir, &mut svc.build.env_vars);
    for (m, kind) in STORES {
        if gomod.contains(m) {
            svc.add_store(kind, true, gomod_path, &gomod, m);
        }
    }
    svc.build.command = vec![format!("/usr/local/bin/{}", svc.name)];
    svc.build.has_tests = repo.under(dir).any(|f| f.ends_with("_test.go"));
    svc.build.scripts = vec!["vet".to_owned(), "test".to_owned()];
    Some(svc)
}

/// Hugo sites: a `hugo.toml`/`hugo.yaml` (or a `config.toml` beside `content/` and `layouts/` or
/// `themes/`).
fn hugo(repo: &Repo) -> Vec<Service> {
    let mut out = Vec::new();
    for (dir, cfg) in ["hugo.toml", "hugo.yaml", "hugo.json", "config.toml"]
        .iter()
        .flat_map(|n| super::manifests(repo, n))
    {
        if out.iter().any(|s: &Service| s.path == dir) {
            continue;
        }
        let has_content = repo.under(dir).any(|f| f.starts_with(&join(dir, "content/")));
        let has_layout = repo
            .under(dir)
            .any(|f| f.starts_with(&join(dir, "layouts/")) || f.starts_with(&join(dir, "themes/")));
        if !cfg.ends_with("config.toml") && !has_content || cfg.ends_with("config.toml") && !(has_content && has_layout) {
            continue;
        }
        let name = if dir == "." {
            repo.root
                .file_name()
                .map_or("site".to_owned(), |n| n.to_string_lossy().into_owned())
        } else {
            dir.rsplit('/').next().unwrap_or(dir).to_owned()
        };
        let mut svc = Service::new(name, dir, "static");
        svc.framework = Some("hugo");
        svc.cite("framework hugo: site configuration", cfg, None);
        svc.port = 8080;
        svc.assume("port 8080: the unprivileged web server's port");
        svc.build.static_out = Some("public".to_owned());
        // A version the repository pins for its builds (Netlify, a `.hugoversion` file), else the default.
        let mut version = None;
        for f in [join(dir, "netlify.toml"), join(dir, ".hugoversion")] {
            if let Some(t) = repo.read(&f)
                && let Some(c) = re(r#"(?:HUGO_VERSION\s*=\s*"|^)v?(\d+\.\d+\.\d+)"#).captures(&t)
            {
                let v = c[1].to_owned();
                svc.cite(format!("hugo {v}"), &f, Some((&t, &v)));
                version = Some(v);
                break;
            }
        }
        if version.is_none() {
            svc.assume(format!("hugo {DEFAULT_HUGO}: no Hugo version pinned"));
        }
        svc.build.hugo_version = Some(version.unwrap_or_else(|| DEFAULT_HUGO.to_owned()));
        svc.build.scripts = vec!["build".to_owned()];
        out.push(svc);
    }
    out
}
