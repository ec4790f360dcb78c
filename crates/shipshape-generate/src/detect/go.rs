//! Go services: a module whose `main` package is at the root or under `cmd/<name>`; and Hugo sites.

use super::{Service, env_example, env_reads, find_health, find_port, major_minor, regex_lite as re, set_port};
use crate::repo::{Repo, join, normalise};

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
    // The module's own Go files: not those of a nested module (`demo_api/go.mod` in unkey), tests,
    // vendored code or generated mocks; at most 5,000.
    let nested: Vec<String> = repo
        .under(dir)
        .filter(|f| f.ends_with("/go.mod") && crate::repo::parent(f) != dir)
        .map(|f| format!("{}/", crate::repo::parent(f)))
        .collect();
    let files: Vec<(String, String)> = repo
        .under(dir)
        .filter(|f| f.ends_with(".go") && !f.ends_with("_test.go"))
        .filter(|f| !nested.iter().any(|n| f.starts_with(n.as_str())))
        .filter(|f| {
            !f.split('/')
                .any(|s| matches!(s, "test" | "tests" | "testdata" | "mocks" | "examples" | "example"))
        })
        .take(5000)
        .filter_map(|f| Some((f.to_owned(), repo.read(f)?)))
        .collect();
    // A service serves: an HTTP server or a listener somewhere in the module. An HTTP client
    // (`"net/http"` alone: dive, golang-migrate) is a command-line tool.
    const SERVES: &[&str] = &[
        "ListenAndServe",
        "http.Server{",
        "net.Listen(\"tcp\"",
        ".Serve(",
        "e.Start(",
        "app.Listen(",
    ];
    let framework = FRAMEWORKS.iter().find(|(m, _)| gomod.contains(m));
    let serves = files.iter().any(|(_, t)| SERVES.iter().any(|m| t.contains(m)));
    if !serves {
        return None;
    }
    // The main packages: `main.go` files of `package main`, outside tools, scripts and examples.
    let mains: Vec<(String, String)> = files
        .iter()
        .filter(|(p, t)| {
            p.ends_with("main.go") && (p.as_str() == join(dir, "main.go") || p.ends_with("/main.go")) && t.contains("package main")
        })
        .filter(|(p, _)| {
            !p.split('/').any(|s| {
                matches!(
                    s,
                    "tools" | "tool" | "scripts" | "script" | "hack" | "example" | "examples" | "internal"
                )
            })
        })
        .cloned()
        .collect();
    let module_name = module.rsplit('/').next().unwrap_or(&module).to_owned();
    let pkg_dir = |p: &str| crate::repo::parent(p).to_owned();
    let last = |d: &str| d.rsplit('/').next().unwrap_or(d).to_owned();
    let chosen = if mains.len() == 1 {
        mains.first()
    } else {
        // The module root's own, then the one named like the module (`cmd/stash` in stash), then
        // a server-like name, then the one whose own files start a server.
        let root_main = join(dir, "main.go");
        mains
            .iter()
            .find(|(p, _)| *p == root_main)
            .or_else(|| mains.iter().find(|(p, _)| last(&pkg_dir(p)) == module_name))
            .or_else(|| {
                mains
                    .iter()
                    .find(|(p, _)| matches!(last(&pkg_dir(p)).as_str(), "server" | "api" | "web" | "app"))
            })
            .or_else(|| {
                mains.iter().find(|(p, _)| {
                    let d = pkg_dir(p);
                    files
                        .iter()
                        .any(|(f, t)| crate::repo::parent(f) == d && SERVES.iter().any(|m| t.contains(m)))
                })
            })
    };
    let (main_file, main_text) = chosen?.clone();
    let main_dir = pkg_dir(&main_file);
    let rel = if dir == "." {
        main_dir.clone()
    } else {
        main_dir
            .strip_prefix(&format!("{dir}/"))
            .map_or_else(|| ".".to_owned(), str::to_owned)
    };
    let main_pkg = if rel == "." || main_dir == dir {
        ".".to_owned()
    } else {
        format!("./{rel}")
    };
    let name = if main_pkg == "." || matches!(last(&main_dir).as_str(), "api" | "server" | "app" | "web") {
        module_name.clone()
    } else {
        last(&main_dir)
    };
    let mut svc = Service::new(name, dir, "go");
    // Folders compiled into the binary (`//go:embed v2.5/build` in stash's `ui/ui.go`): a
    // frontend that builds into one is part of this service.
    for (f, t) in &files {
        for line in t.lines().filter(|l| l.trim_start().starts_with("//go:embed ")) {
            for pat in line.trim_start().trim_start_matches("//go:embed ").split_whitespace() {
                let pat = pat.trim_matches('"').trim_start_matches("all:");
                if let Some(p) = crate::repo::normalise(&join(crate::repo::parent(f), pat)) {
                    svc.build.embeds.push(p);
                }
            }
        }
    }
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
        // A helper that reads the variable with a default (`getenv("PORT", "7070")`,
        // `envInt("HTTP_PORT", 8081)`).
        (
            re(r#"\w+\(\s*"[A-Z0-9_]*PORT"\s*,\s*"?:?(\d{2,5})"?\s*\)"#),
            "PORT default in the code",
        ),
        (re(r#""(?:0\.0\.0\.0)?:(\d{2,5})""#), "listen address in the code"),
    ];
    // Only where the server starts (a file that listens, or the main package): a port literal in
    // any file (a device client's `":8899"` in evcc's meters) says nothing of this service's.
    let listening: Vec<(String, String)> = files
        .iter()
        .filter(|(f, t)| SERVES.iter().any(|m| t.contains(m)) || crate::repo::parent(f) == main_dir)
        .cloned()
        .collect();
    if !find_port(&mut svc, &listening, &port_res) && !config_port(repo, dir, &mut svc) {
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
        svc.build.manifests = vec![cfg.rsplit('/').next().unwrap_or(cfg).to_owned()];
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

/// The port a Go service's own configuration file sets for its server (a viper or koanf
/// `config.yaml` with `server: {port: 6060}`, a TOML `[http]` table with `port = 6060`), where the
/// code reads it from there: a `port` key under a server-like section, or `http_port`,
/// `listen_port`, `server_port` at any level. Datastore sections (`database: {port: 5432}`) do not
/// count.
fn config_port(repo: &Repo, dir: &str, svc: &mut Service) -> bool {
    const SECTIONS: &[&str] = &["server", "http", "web", "api", "app", "listen", "rest"];
    let key = re(r#"^(\s*)(?:(http|listen|server|app)_)?port\s*[:=]\s*"?(\d{2,5})"?\s*(?:#.*)?$"#);
    let section = re(r#"^(\s*)\[?([A-Za-z_.]+)\]?\s*:?\s*$"#);
    for folder in [".", "config", "configs", "conf"] {
        for name in ["config", "app", "settings", "server"] {
            for ext in ["yaml", "yml", "toml"] {
                let path = normalise(&join(&join(dir, folder), &format!("{name}.{ext}"))).unwrap_or_default();
                let Some(text) = repo.read(&path) else { continue };
                // The innermost section each line is in: (indent, name).
                let mut open: Vec<(usize, String)> = Vec::new();
                let mut at = 0;
                for line in text.split_inclusive('\n') {
                    let start = at;
                    at += line.len();
                    let line = line.trim_end_matches(['\n', '\r']);
                    if line.trim().is_empty() || line.trim_start().starts_with('#') {
                        continue;
                    }
                    let indent = line.len() - line.trim_start().len();
                    // A TOML table lasts until the next; a YAML mapping, while lines are indented more.
                    if ext == "toml" {
                        if line.trim_start().starts_with('[') {
                            open.clear();
                        }
                    } else {
                        open.retain(|(i, _)| *i < indent);
                    }
                    if let Some(c) = key.captures(line) {
                        let under = open
                            .last()
                            .is_some_and(|(_, s)| SECTIONS.iter().any(|k| s.rsplit('.').next() == Some(k)));
                        if (c.get(2).is_some() || under)
                            && let Some(m) = c.get(3)
                            && set_port(
                                svc,
                                m.as_str(),
                                "port in the service's configuration file",
                                &path,
                                &text,
                                start + m.start(),
                            )
                        {
                            return true;
                        }
                    } else if let Some(c) = section.captures(line) {
                        open.push((indent, c[2].to_ascii_lowercase()));
                    }
                }
            }
        }
    }
    false
}
