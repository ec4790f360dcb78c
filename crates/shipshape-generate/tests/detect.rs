//! Detection cases smaller than a fixture project (where a Go service's port comes from, a
//! Python script that serves HTTP itself) and how a module of a multi-module Java build is built.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use shipshape_generate::{InitOptions, Repo, detect, plan};

/// The port detected for a Go module whose `main.go` and other files are `files`.
fn go_port(files: &[(&str, &str)]) -> (u16, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module github.com/acme/ledger\n\ngo 1.25\n").unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let d = detect(&Repo::open(dir.path()));
    let s = &d.services[0];
    let why = s.evidence.iter().find(|e| e.fact.starts_with("port")).unwrap();
    (
        s.port,
        format!("{}:{}", why.path.clone().unwrap_or_default(), why.line.unwrap_or(0)),
    )
}

#[test]
fn go_ports_from_helpers_and_configuration_files() {
    let helper = "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc getenv(k, d string) string {\n\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n\treturn d\n}\n\nfunc main() {\n\tport := getenv(\"PORT\", \"7070\")\n\thttp.ListenAndServe(\":\"+port, nil)\n}\n";
    assert_eq!(go_port(&[("main.go", helper)]), (7070, "main.go:16".to_owned()));
    let from_config = "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(cfg.Addr, nil) }\n";
    let yaml = "database:\n  host: db\n  port: 5432\nserver:\n  # the API\n  port: 6060\n";
    assert_eq!(
        go_port(&[("main.go", from_config), ("config/config.yaml", yaml)]),
        (6060, "config/config.yaml:6".to_owned())
    );
    let toml = "[database]\nport = 5432\n\n[http]\nport = 6061\n";
    assert_eq!(go_port(&[("main.go", from_config), ("config.toml", toml)]).0, 6061);
    // A datastore's port is not the service's.
    let only_db = "database:\n  port: 5432\n";
    assert_eq!(go_port(&[("main.go", from_config), ("config/config.yaml", only_db)]).0, 8080);
}

/// A Python script that starts the standard library's server (no framework) is a service: run as
/// `python server.py`, on the port its code defaults to; a script that serves nothing is not.
#[test]
fn a_python_script_serving_http_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"pinger\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = []\n",
    )
    .unwrap();
    let server = "import os\nfrom http.server import BaseHTTPRequestHandler, HTTPServer\n\n\nclass H(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n        self.end_headers()\n\n\nif __name__ == \"__main__\":\n    port = int(os.environ.get(\"PORT\", \"8000\"))\n    HTTPServer((\"0.0.0.0\", port), H).serve_forever()\n";
    std::fs::write(dir.path().join("server.py"), server).unwrap();
    let d = detect(&Repo::open(dir.path()));
    let s = &d.services[0];
    assert_eq!((s.framework, s.port), (Some("stdlib"), 8000));
    assert_eq!(s.build.command, ["python", "server.py"]);
    assert!(!s.build.install_project, "no dependencies to install");
    std::fs::write(dir.path().join("server.py"), "print('hello')\n").unwrap();
    assert!(detect(&Repo::open(dir.path())).services.is_empty());
}

/// A module of a Maven reactor or a project of a Gradle multi-project build is built from the
/// build's root with its sibling modules' sources, and compose rebuilds when those change.
#[test]
fn modules_of_a_multi_module_build_build_from_its_root() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (fixture, dockerfile, build, sibling) in [
        (
            "java-spring-multimodule",
            "api/Dockerfile",
            "--projects api --also-make package",
            "common",
        ),
        (
            "java-spring-gradle-multiproject",
            "services/billing/Dockerfile",
            "./gradlew --no-daemon :services:billing:bootJar",
            "libs/money",
        ),
    ] {
        let p = plan(&root.join(fixture), &InitOptions::default()).unwrap();
        let text = |path: &str| &p.files.iter().find(|f| f.file.path == path).unwrap().file.text;
        let d = text(dockerfile);
        assert!(d.contains(build), "{fixture}: {d}");
        assert!(d.contains(&format!("COPY {sibling}/src ./{sibling}/src")), "{fixture}: {d}");
        let compose = text("compose.yaml");
        assert!(compose.contains("context: .\n"), "{fixture}: {compose}");
        assert!(compose.contains(&format!("path: ./{sibling}/src\n")), "{fixture}: {compose}");
    }
}

/// A project's `docker-compose.yml` is its Compose file: `init` keeps it rather than writing a
/// `compose.yaml` that `docker compose` would read instead.
#[test]
fn an_existing_docker_compose_yml_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("requirements.txt"), "fastapi\nuvicorn\n").unwrap();
    std::fs::write(d.join("main.py"), "from fastapi import FastAPI\napp = FastAPI()\n").unwrap();
    std::fs::write(d.join("docker-compose.yml"), "services:\n  web:\n    build: .\n").unwrap();
    let p = plan(d, &InitOptions::default()).unwrap();
    let paths: Vec<(&str, shipshape_generate::Action)> = p.files.iter().map(|f| (f.file.path.as_str(), f.action)).collect();
    assert!(!paths.iter().any(|(p, _)| *p == "compose.yaml"), "{paths:?}");
    assert!(
        paths.contains(&("docker-compose.yml", shipshape_generate::Action::Keep)),
        "{paths:?}"
    );
    // Without one, compose.yaml is written.
    std::fs::remove_file(d.join("docker-compose.yml")).unwrap();
    let p = plan(d, &InitOptions::default()).unwrap();
    assert!(
        p.files
            .iter()
            .any(|f| f.file.path == "compose.yaml" && f.action == shipshape_generate::Action::Create)
    );
}

/// A project with CI of its own keeps it: `init` does not add a second CI that runs beside it
/// (mongo-express's `standard-ci.yml`), nor a second image-publishing workflow; workflows of other
/// roles (CodeQL, releases) are not its CI; `--deploy`, which calls the CI it writes, writes it.
#[test]
fn an_existing_ci_workflow_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("requirements.txt"), "fastapi\nuvicorn\n").unwrap();
    std::fs::write(d.join("main.py"), "from fastapi import FastAPI\napp = FastAPI()\n").unwrap();
    let wf = d.join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    std::fs::write(
        wf.join("codeql.yml"),
        "on:\n  push:\njobs:\n  analyze:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo codeql\n",
    )
    .unwrap();
    let action = |p: &shipshape_generate::Plan, path: &str| p.files.iter().find(|f| f.file.path == path).map(|f| f.action);
    let p = plan(d, &InitOptions::default()).unwrap();
    assert_eq!(
        action(&p, ".github/workflows/ci.yml"),
        Some(shipshape_generate::Action::Create),
        "CodeQL is not CI"
    );
    std::fs::write(
        wf.join("tests.yml"),
        "name: tests\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n",
    )
    .unwrap();
    std::fs::write(
        wf.join("image.yml"),
        "on:\n  push:\n    tags: ['v*']\njobs:\n  push:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n",
    )
    .unwrap();
    let p = plan(d, &InitOptions::default()).unwrap();
    assert_eq!(action(&p, ".github/workflows/ci.yml"), None);
    assert_eq!(action(&p, ".github/workflows/tests.yml"), Some(shipshape_generate::Action::Keep));
    assert_eq!(action(&p, ".github/workflows/docker-publish.yml"), None);
    assert_eq!(action(&p, ".github/workflows/image.yml"), Some(shipshape_generate::Action::Keep));
    let mut deploy = InitOptions::default();
    deploy.choices.deploy = true;
    let p = plan(d, &deploy).unwrap();
    assert_eq!(
        action(&p, ".github/workflows/ci.yml"),
        Some(shipshape_generate::Action::Create),
        "deploy.yml calls it"
    );
}
