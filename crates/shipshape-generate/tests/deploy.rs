//! The blue-green script `init` writes, run against a stand-in `docker` that records what it is
//! asked and answers health as told: it switches the proxy only to a healthy colour, rolls back
//! otherwise, and alternates colours.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use shipshape_generate::{InitOptions, plan, write};
use std::path::Path;
use std::process::Command;

const FAKE_DOCKER: &str = r#"#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
case "$1" in
  inspect) echo "$FAKE_HEALTH" ;;
esac
exit 0
"#;

fn run(app: &Path, bin: &Path, health: &str, tag: &str) -> (bool, String) {
    let log = app.join("docker.log");
    let _ = std::fs::remove_file(&log);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg("deploy/blue-green.sh")
        .current_dir(app)
        .env("PATH", path)
        .env("TAG", tag)
        .env("FAKE_LOG", &log)
        .env("FAKE_HEALTH", health)
        // No real waiting in the test: `sleep` is a no-op.
        .env("BASH_ENV", bin.join("nosleep.sh"))
        .output()
        .unwrap();
    (out.status.success(), std::fs::read_to_string(&log).unwrap_or_default())
}

#[test]
fn blue_green_switches_only_to_a_healthy_colour() {
    let (tmp, dirs) = common::copied();
    let app = dirs.iter().find(|d| d.ends_with("py-django-mysql-pip")).unwrap();
    let p = plan(app, &InitOptions::default()).unwrap();
    write(app, &p).unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("docker"), FAKE_DOCKER).unwrap();
    std::fs::write(bin.join("nosleep.sh"), "sleep() { :; }\nexport -f sleep\n").unwrap();
    Command::new("chmod").arg("+x").arg(bin.join("docker")).status().unwrap();
    let upstream = app.join("deploy/nginx/upstreams/py-django-mysql-pip.conf");
    let before = std::fs::read_to_string(&upstream).unwrap();

    // The new colour never becomes healthy: it is removed, the proxy is untouched, nothing is live.
    let (ok, log) = run(app, &bin, "unhealthy", "v1");
    assert!(!ok, "{log}");
    assert!(
        log.contains("-p py-django-mysql-pip-blue rm --stop --force py-django-mysql-pip"),
        "{log}"
    );
    assert!(!log.contains("nginx -s reload"), "{log}");
    assert_eq!(std::fs::read_to_string(&upstream).unwrap(), before);
    assert!(!app.join("deploy/.live-py-django-mysql-pip").exists());

    // Healthy: migrations, then the switch, then the old one stops; blue is live.
    let (ok, log) = run(app, &bin, "healthy", "v1");
    assert!(ok, "{log}");
    let order: Vec<usize> = [
        "run --rm --no-deps py-django-mysql-pip-migrate",
        "up -d --no-deps py-django-mysql-pip",
        "nginx -s reload",
    ]
    .iter()
    .map(|s| log.find(s).unwrap_or_else(|| panic!("{s} not in {log}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{log}");
    assert!(
        std::fs::read_to_string(&upstream)
            .unwrap()
            .contains("py-django-mysql-pip-blue-py-django-mysql-pip-1:8000")
    );
    assert_eq!(
        std::fs::read_to_string(app.join("deploy/.live-py-django-mysql-pip"))
            .unwrap()
            .trim(),
        "blue"
    );

    // The next deploy goes to green and stops blue.
    let (ok, log) = run(app, &bin, "healthy", "v2");
    assert!(ok, "{log}");
    assert!(
        log.contains("-p py-django-mysql-pip-green up -d --no-deps py-django-mysql-pip"),
        "{log}"
    );
    assert!(log.contains("-p py-django-mysql-pip-blue stop py-django-mysql-pip"), "{log}");
    assert_eq!(
        std::fs::read_to_string(app.join("deploy/.live-py-django-mysql-pip"))
            .unwrap()
            .trim(),
        "green"
    );
}
