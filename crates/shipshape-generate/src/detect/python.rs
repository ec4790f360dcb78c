//! Python services: uv, poetry, pipenv and pip projects running FastAPI, Django, Flask or plain
//! ASGI/WSGI apps.

use super::{
    DEFAULT_PYTHON, Service, env_example, env_reads, find_bind_env, find_health, find_port, is_sample_dir, major_minor, regex_lite as re,
    sources,
};
use crate::repo::{Repo, join, normalise, parent};
use std::collections::BTreeSet;

/// A dependency: its normalised name, whether the app needs it at run time, where it is declared.
struct Dep {
    name: String,
    runtime: bool,
    optional: bool,
    file: String,
    spec: String,
}

const STORES: &[(&str, &str)] = &[
    ("psycopg", "postgres"),
    ("psycopg2", "postgres"),
    ("psycopg2-binary", "postgres"),
    ("psycopg-binary", "postgres"),
    ("asyncpg", "postgres"),
    ("pg8000", "postgres"),
    ("mysqlclient", "mysql"),
    ("pymysql", "mysql"),
    ("aiomysql", "mysql"),
    ("mysql-connector-python", "mysql"),
    ("pymongo", "mongodb"),
    ("motor", "mongodb"),
    ("beanie", "mongodb"),
    ("mongoengine", "mongodb"),
    ("redis", "redis"),
    ("aioredis", "redis"),
    ("nats-py", "nats"),
    ("kafka-python", "kafka"),
    ("aiokafka", "kafka"),
    ("confluent-kafka", "kafka"),
    ("elasticsearch", "elasticsearch"),
    ("opensearch-py", "opensearch"),
    ("clickhouse-connect", "clickhouse"),
    ("clickhouse-driver", "clickhouse"),
];

pub fn detect(repo: &Repo) -> Vec<Service> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for f in repo.files() {
        let name = f.rsplit('/').next().unwrap_or(f);
        if matches!(name, "pyproject.toml" | "requirements.txt" | "Pipfile" | "manage.py") && !is_sample_dir(parent(f)) {
            dirs.insert(parent(f));
        }
    }
    dirs.into_iter().filter_map(|d| service(repo, d)).collect()
}

fn dep_name(spec: &str) -> Option<String> {
    let c = re(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)").captures(spec)?;
    Some(c[1].to_ascii_lowercase().replace('_', "-"))
}

fn service(repo: &Repo, dir: &str) -> Option<Service> {
    let pyproject_path = join(dir, "pyproject.toml");
    let pyproject = repo
        .read(&pyproject_path)
        .and_then(|t| t.parse::<toml::Table>().ok().map(|v| (t, v)));
    let pipfile_path = join(dir, "Pipfile");
    let pipfile = repo.read(&pipfile_path).and_then(|t| t.parse::<toml::Table>().ok().map(|v| (t, v)));
    let mut deps: Vec<Dep> = Vec::new();
    let mut name = None;
    if let Some((_, doc)) = &pyproject {
        let project = doc.get("project").and_then(|p| p.as_table());
        name = project.and_then(|p| p.get("name")).and_then(|n| n.as_str()).map(str::to_owned);
        for s in project
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.as_array())
            .into_iter()
            .flatten()
        {
            push_spec(&mut deps, s.as_str(), true, false, &pyproject_path);
        }
        if let Some(extras) = project.and_then(|p| p.get("optional-dependencies")).and_then(|d| d.as_table()) {
            for s in extras.values().filter_map(|v| v.as_array()).flatten() {
                push_spec(&mut deps, s.as_str(), true, true, &pyproject_path);
            }
        }
        if let Some(groups) = doc.get("dependency-groups").and_then(|d| d.as_table()) {
            for s in groups.values().filter_map(|v| v.as_array()).flatten() {
                push_spec(&mut deps, s.as_str(), false, false, &pyproject_path);
            }
        }
        let poetry = doc.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.as_table());
        if let Some(poetry) = poetry {
            name = name.or_else(|| poetry.get("name").and_then(|n| n.as_str()).map(str::to_owned));
            for (k, v) in poetry.get("dependencies").and_then(|d| d.as_table()).into_iter().flatten() {
                let optional = v.get("optional").and_then(|o| o.as_bool()).unwrap_or(false);
                push_named(&mut deps, k, true, optional, &pyproject_path);
            }
            for group in poetry.get("group").and_then(|g| g.as_table()).into_iter().flat_map(|g| g.values()) {
                for (k, _) in group.get("dependencies").and_then(|d| d.as_table()).into_iter().flatten() {
                    push_named(&mut deps, k, false, false, &pyproject_path);
                }
            }
            for (k, _) in poetry.get("dev-dependencies").and_then(|d| d.as_table()).into_iter().flatten() {
                push_named(&mut deps, k, false, false, &pyproject_path);
            }
        }
    }
    if let Some((_, doc)) = &pipfile {
        for (k, _) in doc.get("packages").and_then(|d| d.as_table()).into_iter().flatten() {
            push_named(&mut deps, k, true, false, &pipfile_path);
        }
        for (k, _) in doc.get("dev-packages").and_then(|d| d.as_table()).into_iter().flatten() {
            push_named(&mut deps, k, false, false, &pipfile_path);
        }
    }
    let mut req_files = Vec::new();
    read_requirements(repo, &join(dir, "requirements.txt"), true, &mut deps, &mut req_files, 0);
    for dev in [
        "requirements-dev.txt",
        "requirements_dev.txt",
        "dev-requirements.txt",
        "requirements-test.txt",
    ] {
        read_requirements(repo, &join(dir, dev), false, &mut deps, &mut Vec::new(), 0);
    }

    let has = |n: &str| deps.iter().any(|d| d.name == n && d.runtime);
    let has_any = |n: &str| deps.iter().any(|d| d.name == n);
    let py_files: Vec<(String, String)> = sources(repo, dir, &[".py"]).map(|(p, t)| (p.to_owned(), t)).collect();
    let procfile_path = join(dir, "Procfile");
    let procfile = repo.read(&procfile_path);
    let web = procfile
        .as_deref()
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("web:")).map(|l| l.trim().to_owned()));

    let framework = if has("fastapi") {
        Some("fastapi")
    } else if has("django") {
        Some("django")
    } else if has("flask") {
        Some("flask")
    } else if has("starlette") || has("uvicorn") || has("hypercorn") || has("quart") {
        Some("asgi")
    } else if has("gunicorn") || has("waitress") || py_files.iter().any(|(_, t)| t.contains("def application(environ")) {
        Some("wsgi")
    } else {
        self_serving(&py_files, &has).map(|(fw, _, _)| fw)
    };
    // A module that starts its own server when run (`python server.py`).
    let script = framework
        .and_then(|_| self_serving(&py_files, &has))
        .filter(|(fw, _, _)| Some(*fw) == framework);
    // A folder of requirements without code of its own (netalertx's `install/proxmox`) installs
    // an app that lives elsewhere.
    let is_app = (framework.is_some() || repo.has(&join(dir, "manage.py")) || web.is_some()) && !py_files.is_empty();
    if !is_app {
        return None;
    }
    let dir_name = if dir == "." {
        repo.root.file_name().map_or("app".to_owned(), |n| n.to_string_lossy().into_owned())
    } else {
        dir.rsplit('/').next().unwrap_or(dir).to_owned()
    };
    let mut svc = Service::new(name.unwrap_or(dir_name), dir, "python");
    svc.framework = framework;
    let servers: &[&str] = match framework {
        Some("asgi") => &["starlette", "uvicorn", "hypercorn", "quart"],
        Some("wsgi") => &["gunicorn", "waitress"],
        Some(fw) => std::slice::from_ref(match fw {
            "fastapi" => &"fastapi",
            "django" => &"django",
            _ => &"flask",
        }),
        None => &[],
    };
    if let Some((fw, p, call)) = script {
        let t = py_files.iter().find(|(f, _)| f == p).map(|(_, t)| t.as_str()).unwrap_or("");
        svc.cite(format!("framework {fw}: {p} starts its own server"), p, Some((t, call)));
    } else if let Some(fw) = framework
        && let Some((p, t)) = py_files.iter().find(|(_, t)| fw == "wsgi" && t.contains("def application(environ"))
    {
        svc.cite(
            format!("framework {fw}: a WSGI application callable"),
            p,
            Some((t, "def application(environ")),
        );
    } else if let Some(fw) = framework
        && let Some(d) = deps.iter().find(|d| d.runtime && servers.contains(&d.name.as_str()))
    {
        let (file, spec) = (d.file.clone(), d.spec.clone());
        let text = repo.read(&file).unwrap_or_default();
        svc.cite(format!("framework {fw}: depends on {spec}"), &file, Some((&text, &spec)));
    }

    // The package manager and what the image copies before the source.
    let (pm, manifests): (&'static str, Vec<String>) = if repo.has(&join(dir, "uv.lock")) {
        ("uv", vec!["pyproject.toml".into(), "uv.lock".into()])
    } else if repo.has(&join(dir, "poetry.lock"))
        || pyproject
            .as_ref()
            .is_some_and(|(_, d)| d.get("tool").and_then(|t| t.get("poetry")).is_some())
    {
        ("poetry", vec!["pyproject.toml".into(), "poetry.lock".into()])
    } else if pipfile.is_some() {
        ("pipenv", vec!["Pipfile".into(), "Pipfile.lock".into()])
    } else {
        let base = if dir == "." { String::new() } else { format!("{dir}/") };
        (
            "pip",
            req_files
                .iter()
                .map(|f: &String| f.strip_prefix(&base).unwrap_or(f).to_owned())
                .collect(),
        )
    };
    svc.package_manager = Some(pm);
    let lock = match pm {
        "uv" => "uv.lock",
        "poetry" if repo.has(&join(dir, "poetry.lock")) => "poetry.lock",
        "poetry" => "pyproject.toml",
        "pipenv" => "Pipfile",
        _ if req_files.is_empty() && pyproject.is_some() => "pyproject.toml",
        _ => "requirements.txt",
    };
    svc.cite(format!("package_manager {pm}"), &join(dir, lock), None);
    svc.build.manifests = manifests.into_iter().filter(|m| repo.has(&join(dir, m))).collect();
    // pip with no requirements file: the project's own pyproject.toml dependencies, installed with
    // the project (nothing to install when it declares none).
    svc.build.install_project = pm == "pip" && req_files.is_empty() && deps.iter().any(|d| d.runtime);

    // Runtime version.
    python_version(
        repo,
        dir,
        &mut svc,
        pyproject.as_ref().map(|(t, d)| (t.as_str(), d)),
        pipfile.as_ref(),
    );

    // Port, bind address, health route, environment.
    let port_res = [
        (
            re(r#"(?:getenv|environ\.get)\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})"#),
            "PORT default in the code",
        ),
        (re(r#"\.run\([^)]*\bport\s*=\s*(\d{2,5})"#), "port passed to run()"),
        // A script's own server: CherryPy's `server.socket_port`, aiohttp's `run_app(port=)`,
        // Tornado's `listen(8888)`, an address tuple `("0.0.0.0", 8000)`.
        (re(r#"socket_port["']?\s*[:=,]\s*(\d{2,5})"#), "port in the code"),
        (re(r#"run_app\([^)]*\bport\s*=\s*(\d{2,5})"#), "port passed to run_app()"),
        (re(r#"\.listen\(\s*(\d{2,5})"#), "port passed to listen()"),
        (re(r#"\(\s*["'][\d.]*["']\s*,\s*(\d{2,5})\s*\)"#), "listen address in the code"),
    ];
    let mut port_found = false;
    if let Some(w) = &web
        && let Some(c) = re(r"(?:--port[= ]|--bind[= ]\S*:|-b \S*:|-p )(\d{2,5})").captures(w)
        && let Some(m) = c.get(1)
    {
        let text = procfile.clone().unwrap_or_default();
        let at = text.find(m.as_str()).unwrap_or(0);
        port_found = super::set_port(&mut svc, m.as_str(), "the Procfile's web command", &procfile_path, &text, at);
    }
    if !port_found && !find_port(&mut svc, &py_files, &port_res) {
        let p = if framework == Some("flask") { 5000 } else { 8000 };
        svc.port = p;
        svc.assume(format!("port {p}: the {} default", framework.unwrap_or("server")));
    }
    find_bind_env(
        &mut svc,
        &py_files,
        &[re(
            r#"(?:getenv|environ\.get)\(\s*["'](\w+)["']\s*,\s*["'](?:127\.0\.0\.1|localhost)["']"#,
        )],
    );
    find_health(
        &mut svc,
        &py_files,
        &[
            re(r#"@\w+\.(?:get|route|api_route|head)\(\s*["']([^"']+)["']"#),
            re(r#"\bpath\(\s*["']([^"']*)["']"#),
            re(r#"PATH_INFO[^\n]*["'](/[\w/-]+)["']"#),
            re(r#"==\s*["'](/[\w/-]+)["']"#),
            // CherryPy serves an exposed method at its name.
            re(r#"@cherrypy\.expose\s*\n\s*def (health\w*|ping|status|ready\w*|live\w*)\("#),
        ],
    );
    if let Some(h) = svc.health_path.clone().filter(|h| !h.starts_with('/')) {
        svc.health_path = Some(format!("/{h}"));
    }
    env_reads(
        &py_files,
        re(r#"(?:getenv|environ\.get|environ\[)\(?\s*["']([A-Z][A-Z0-9_]*)["']"#),
        &mut svc.build.env_vars,
    );
    env_example(repo, dir, &mut svc.build.env_vars);

    for d in &deps {
        if let Some((_, kind)) = STORES.iter().find(|(n, _)| *n == d.name)
            && d.runtime
        {
            let text = repo.read(&d.file).unwrap_or_default();
            let spec = d.spec.clone();
            svc.add_store(kind, !d.optional, &d.file.clone(), &text, &spec);
        }
    }

    // Native extensions built from source need a compiler and headers, and their library at run time
    // (the `-binary` wheels need neither).
    for (dep, build, runtime) in [
        (
            "mysqlclient",
            &["gcc", "pkg-config", "default-libmysqlclient-dev"][..],
            &["libmariadb3"][..],
        ),
        ("psycopg2", &["gcc", "libpq-dev"][..], &["libpq5"][..]),
    ] {
        if let Some(d) = deps.iter().find(|d| d.runtime && d.name == dep) {
            let text = repo.read(&d.file).unwrap_or_default();
            let (file, spec) = (d.file.clone(), d.spec.clone());
            svc.cite(
                format!("system packages {}: {dep} builds from source", build.join(", ")),
                &file,
                Some((&text, &spec)),
            );
            svc.build.build_packages.extend_from_slice(build);
            svc.build.runtime_packages.extend_from_slice(runtime);
        }
    }
    // Migrations: Django's, or Alembic's.
    if framework == Some("django") && repo.has(&join(dir, "manage.py")) {
        svc.build.migrate = Some(vec!["python".into(), "manage.py".into(), "migrate".into(), "--noinput".into()]);
        svc.cite("migrations: manage.py migrate", &join(dir, "manage.py"), None);
    } else if repo.has(&join(dir, "alembic.ini")) && has_any("alembic") {
        svc.build.migrate = Some(vec!["alembic".into(), "upgrade".into(), "head".into()]);
        svc.cite("migrations: alembic upgrade head", &join(dir, "alembic.ini"), None);
    }
    // The command that runs it.
    svc.build.command = command(repo, dir, &mut svc, &py_files, web.as_deref(), &deps);
    svc.build.has_tests = has_any("pytest")
        && (repo
            .under(dir)
            .any(|f| f.rsplit('/').next().is_some_and(|n| n.starts_with("test_") && n.ends_with(".py"))));
    for tool in ["ruff", "mypy", "pytest"] {
        if has_any(tool) {
            svc.build.scripts.push(tool.to_owned());
        }
    }
    Some(svc)
}

fn push_spec(deps: &mut Vec<Dep>, spec: Option<&str>, runtime: bool, optional: bool, file: &str) {
    if let Some(spec) = spec
        && let Some(name) = dep_name(spec)
    {
        deps.push(Dep {
            name,
            runtime,
            optional,
            file: file.to_owned(),
            spec: spec
                .split([';', ' ', '>', '<', '=', '~', '!', '['])
                .next()
                .unwrap_or(spec)
                .to_owned(),
        });
    }
}

fn push_named(deps: &mut Vec<Dep>, name: &str, runtime: bool, optional: bool, file: &str) {
    if name.eq_ignore_ascii_case("python") {
        return;
    }
    deps.push(Dep {
        name: name.to_ascii_lowercase().replace('_', "-"),
        runtime,
        optional,
        file: file.to_owned(),
        spec: name.to_owned(),
    });
}

/// Read a requirements file and the files it includes with `-r` (at most five levels deep).
fn read_requirements(repo: &Repo, path: &str, runtime: bool, deps: &mut Vec<Dep>, files: &mut Vec<String>, depth: u8) {
    if depth > 5 || files.iter().any(|f| f == path) {
        return;
    }
    let Some(text) = repo.read(path) else { return };
    files.push(path.to_owned());
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if let Some(inc) = line.strip_prefix("-r ").or_else(|| line.strip_prefix("--requirement ")) {
            if let Some(p) = normalise(&join(parent(path), inc.trim())) {
                read_requirements(repo, &p, runtime, deps, files, depth + 1);
            }
        } else if !line.starts_with('-') && !line.starts_with('#') && !line.is_empty() {
            push_spec(deps, Some(line), runtime, false, path);
        }
    }
}

fn python_version(
    repo: &Repo,
    dir: &str,
    svc: &mut Service,
    pyproject: Option<(&str, &toml::Table)>,
    pipfile: Option<&(String, toml::Table)>,
) {
    for f in [join(dir, ".python-version"), ".python-version".to_owned()] {
        if let Some(t) = repo.read(&f)
            && let Some(v) = t.lines().next().and_then(major_minor)
        {
            svc.cite(format!("runtime_version {v}"), &f, Some((&t, t.lines().next().unwrap_or(""))));
            svc.runtime_version = Some(v);
            return;
        }
    }
    let rt = join(dir, "runtime.txt");
    if let Some(t) = repo.read(&rt)
        && let Some(v) = major_minor(&t)
    {
        svc.cite(format!("runtime_version {v}"), &rt, Some((&t, t.trim())));
        svc.runtime_version = Some(v);
        return;
    }
    if let Some((text, doc)) = pipfile
        && let Some(v) = doc.get("requires").and_then(|r| r.get("python_version")).and_then(|v| v.as_str())
        && let Some(mm) = major_minor(v).or_else(|| v.parse::<u8>().ok().map(|_| format!("{v}.0")))
    {
        let text = text.clone();
        svc.cite(
            format!("runtime_version {mm}"),
            &join(dir, "Pipfile"),
            Some((&text, "python_version")),
        );
        svc.runtime_version = Some(mm);
        return;
    }
    if let Some((text, doc)) = pyproject {
        let spec = doc
            .get("project")
            .and_then(|p| p.get("requires-python"))
            .and_then(|v| v.as_str())
            .or_else(|| {
                doc.get("tool")
                    .and_then(|t| t.get("poetry"))
                    .and_then(|p| p.get("dependencies"))
                    .and_then(|d| d.get("python"))
                    .and_then(|v| v.as_str())
            });
        if let Some(spec) = spec
            && let Some(v) = lower_bound(spec)
        {
            svc.cite(
                format!("runtime_version {v}: the lowest version `{spec}` allows"),
                &join(dir, "pyproject.toml"),
                Some((text, spec)),
            );
            svc.runtime_version = Some(v);
            return;
        }
    }
    svc.assume(format!(
        "runtime_version {DEFAULT_PYTHON}: no version declared; the newest maintained Python"
    ));
    svc.runtime_version = Some(DEFAULT_PYTHON.to_owned());
}

/// The lower bound of a version specifier (`>=3.12`, `^3.11`, `~=3.10`, `==3.12.*`), if it has one.
fn lower_bound(spec: &str) -> Option<String> {
    spec.split(',').find_map(|part| {
        let part = part.trim();
        let v = part
            .strip_prefix(">=")
            .or_else(|| part.strip_prefix("~="))
            .or_else(|| part.strip_prefix("=="))
            .or_else(|| part.strip_prefix('^'))
            .or_else(|| part.strip_prefix('~'))?;
        major_minor(v)
    })
}

/// The exec-form command that serves the app, with evidence.
/// A module that starts its own HTTP server when run as a script: `(framework, file, the call that
/// starts it)`. CherryPy, aiohttp, Tornado and Bottle need their dependency; the standard
/// library's `http.server` its import.
fn self_serving<'a>(files: &'a [(String, String)], has: &dyn Fn(&str) -> bool) -> Option<(&'static str, &'a str, &'static str)> {
    const SERVERS: &[(&str, &str, &str)] = &[
        ("cherrypy", "cherrypy", "cherrypy.quickstart("),
        ("cherrypy", "cherrypy", "cherrypy.engine.start("),
        ("aiohttp", "aiohttp", "web.run_app("),
        ("tornado", "tornado", ".listen("),
        ("bottle", "bottle", "run("),
        ("stdlib", "http.server", ".serve_forever("),
    ];
    for (fw, dep, call) in SERVERS {
        let stdlib = dep.contains('.');
        if !stdlib && !has(dep) {
            continue;
        }
        let imports = |t: &str| t.contains(&format!("import {dep}")) || t.contains(&format!("from {dep} import"));
        if let Some((p, _)) = files.iter().find(|(_, t)| t.contains("__main__") && t.contains(call) && imports(t)) {
            return Some((fw, p.as_str(), call));
        }
    }
    None
}

fn command(repo: &Repo, dir: &str, svc: &mut Service, files: &[(String, String)], web: Option<&str>, deps: &[Dep]) -> Vec<String> {
    let port = svc.port.to_string();
    let has = |n: &str| deps.iter().any(|d| d.name == n && d.runtime);
    if let Some(w) = web
        && !w.replace("$PORT", "").replace("${PORT}", "").contains('$')
        && !w.contains("&&")
    {
        let procfile = join(dir, "Procfile");
        let text = repo.read(&procfile).unwrap_or_default();
        svc.cite("command: the Procfile's web process", &procfile, Some((&text, "web:")));
        return w
            .replace("${PORT}", &port)
            .replace("$PORT", &port)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
    }
    let module_of = |path: &str| -> String {
        let rel = if dir == "." {
            path
        } else {
            path.strip_prefix(&format!("{dir}/")).unwrap_or(path)
        };
        rel.trim_end_matches(".py").trim_end_matches("/__init__").replace('/', ".")
    };
    let find_app = |pattern: &'static str| -> Option<(String, String, u32)> {
        files.iter().find_map(|(p, t)| {
            let c = re(pattern).captures(t)?;
            let m = c.get(1)?;
            Some((
                format!("{}:{}", module_of(p), m.as_str()),
                p.clone(),
                crate::repo::line_at(t, m.start()),
            ))
        })
    };
    if let Some((_, file, _)) = self_serving(files, &has).filter(|(fw, _, _)| svc.framework == Some(*fw)) {
        let rel = if dir == "." {
            file
        } else {
            file.strip_prefix(&format!("{dir}/")).unwrap_or(file)
        };
        return vec!["python".into(), rel.to_owned()];
    }
    match svc.framework {
        Some("fastapi" | "asgi") => {
            let app = find_app(r"(?m)^(\w+)\s*(?::\s*\w+\s*)?=\s*(?:FastAPI|Starlette|Quart)\(");
            let target = match app {
                Some((target, path, line)) => {
                    svc.cite_line(format!("entry point {target}"), &path, line);
                    target
                }
                None => {
                    svc.assume("entry point main:app (no app object found)");
                    "main:app".to_owned()
                }
            };
            if has("gunicorn") && !has("uvicorn") {
                vec![
                    "gunicorn".into(),
                    "-k".into(),
                    "uvicorn.workers.UvicornWorker".into(),
                    "--bind".into(),
                    format!("0.0.0.0:{port}"),
                    target,
                ]
            } else {
                vec!["uvicorn".into(), target, "--host".into(), "0.0.0.0".into(), "--port".into(), port]
            }
        }
        Some("django") => {
            let wsgi = files
                .iter()
                .find(|(p, t)| p.ends_with("/wsgi.py") && t.contains("get_wsgi_application"));
            let target = match wsgi {
                Some((p, t)) => {
                    let target = format!("{}:application", module_of(p));
                    svc.cite(format!("entry point {target}"), p, Some((t, "get_wsgi_application")));
                    target
                }
                None => "wsgi:application".to_owned(),
            };
            if has("gunicorn") {
                vec!["gunicorn".into(), "--bind".into(), format!("0.0.0.0:{port}"), target]
            } else if has("uvicorn") {
                vec![
                    "uvicorn".into(),
                    target.replace("wsgi:application", "asgi:application"),
                    "--host".into(),
                    "0.0.0.0".into(),
                    "--port".into(),
                    port,
                ]
            } else {
                vec!["python".into(), "manage.py".into(), "runserver".into(), format!("0.0.0.0:{port}")]
            }
        }
        Some("flask") => {
            let app = find_app(r"(?m)^(\w+)\s*=\s*Flask\(");
            let target = app.map(|(t, p, l)| {
                svc.cite_line(format!("entry point {t}"), &p, l);
                t
            });
            let target = target.unwrap_or_else(|| "app:app".to_owned());
            if has("gunicorn") {
                vec!["gunicorn".into(), "--bind".into(), format!("0.0.0.0:{port}"), target]
            } else {
                vec![
                    "flask".into(),
                    "--app".into(),
                    target,
                    "run".into(),
                    "--host".into(),
                    "0.0.0.0".into(),
                    "--port".into(),
                    port,
                ]
            }
        }
        _ => {
            let app = find_app(r"(?m)^def (application)\(environ");
            let target = app.map(|(t, _, _)| t).unwrap_or_else(|| "wsgi:application".to_owned());
            vec!["gunicorn".into(), "--bind".into(), format!("0.0.0.0:{port}"), target]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(lower_bound(">=3.12,<4").as_deref(), Some("3.12"));
        assert_eq!(lower_bound("^3.11").as_deref(), Some("3.11"));
        assert_eq!(lower_bound("<3.13"), None);
        assert_eq!(dep_name("psycopg[binary]>=3.2").as_deref(), Some("psycopg"));
        assert_eq!(dep_name("Flask_SQLAlchemy==3").as_deref(), Some("flask-sqlalchemy"));
    }
}
