//! The ways users adopt shipshape (issue 19): the GitHub Action (`action.yml`), the release
//! workflow, the container image (`Dockerfile`) and the GitLab CI template pass shipshape's own
//! audit and the peers (hadolint, actionlint, `zizmor --offline`, GitLab's schema, shellcheck), and
//! the action's scripts install a release archive (checking its SHA-256) and run the check.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: &[&str] = &[
    "action.yml",
    ".github/workflows/release.yml",
    "Dockerfile",
    ".dockerignore",
    "ci/shipshape.gitlab-ci.yml",
    ".pre-commit-hooks.yaml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_adoption_files_pass_shipshape_s_own_audit() {
    let out = common::shipshape()
        .current_dir(root())
        .args(["check", "--format", "concise"])
        .args(FILES)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.trim().is_empty(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A peer from `scripts/install-peers.sh` (`None`: skipped outside CI when not installed).
fn peer(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(p) => Some(p),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI must set {var} (scripts/test.sh does)");
            eprintln!("skipped: {var} is not set");
            None
        }
    }
}

fn passes(cmd: &mut Command, what: &str) {
    let out = cmd.current_dir(root()).output().unwrap();
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_adoption_files_pass_the_peers() {
    if let Some(hadolint) = peer("HADOLINT") {
        passes(Command::new(hadolint).arg("Dockerfile"), "hadolint");
    }
    if let Some(actionlint) = peer("ACTIONLINT") {
        let mut cmd = Command::new(actionlint);
        if let Some(sc) = peer("SHELLCHECK") {
            cmd.args(["-shellcheck", &sc]);
        }
        passes(cmd.arg(".github/workflows/release.yml"), "actionlint");
    }
    if let Some(zizmor) = peer("ZIZMOR") {
        passes(
            Command::new(zizmor).args(["--offline", "action.yml", ".github/workflows/release.yml"]),
            "zizmor --offline",
        );
    }
    // The template's job against GitLab's schema (check-jsonschema reads one document; the first
    // is the `spec:` header of its inputs).
    if let Some(cj) = peer("CHECK_JSONSCHEMA") {
        let text = std::fs::read_to_string(root().join("ci/shipshape.gitlab-ci.yml")).unwrap();
        let job = text.split("\n---\n").nth(1).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitlab-ci.yml");
        std::fs::write(&path, job).unwrap();
        passes(
            Command::new(cj).args(["--builtin-schema", "vendor.gitlab-ci"]).arg(&path),
            "check-jsonschema (GitLab CI)",
        );
    }
    // The action's scripts (actionlint checks workflows' scripts, not a composite action's).
    if let Some(sc) = peer("SHELLCHECK") {
        let dir = tempfile::tempdir().unwrap();
        for (i, script) in action_scripts().iter().enumerate() {
            let path = dir.path().join(format!("step{i}.sh"));
            std::fs::write(&path, format!("#!/usr/bin/env bash\n{script}")).unwrap();
            passes(
                Command::new(&sc).arg(&path),
                &format!("shellcheck of the action's step {i}:\n{script}"),
            );
        }
    }
}

/// Each `run:` of the action's steps, in order.
fn action_scripts() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let root = yaml.docs[0].root().unwrap();
    root.get("runs")
        .and_then(|r| r.get("steps"))
        .unwrap()
        .items()
        .into_iter()
        .filter_map(|s| s.get("run").and_then(|r| r.as_str()).map(str::to_owned))
        .collect()
}

#[test]
fn the_versions_named_for_users_are_the_crate_s() {
    let version = env!("CARGO_PKG_VERSION");
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains(&format!("default: \"{version}\"")), "action.yml's default version");
    let gitlab = std::fs::read_to_string(root().join("ci/shipshape.gitlab-ci.yml")).unwrap();
    assert!(gitlab.contains(&format!("shipshape:{version}-ci")), "the GitLab template's image");
    assert!(gitlab.contains(&format!("/v{version}/ci/")), "the GitLab template's include");
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains(&format!("rev: v{version}")), "the pre-commit example's rev");
}

/// The action's steps run as the runner runs them (`bash -e`, the inputs in `env`) on a Linux x64
/// runner, with `curl` answered from a local release folder: the archive is installed only when
/// its SHA-256 matches, and the check step fails on a finding and annotates it.
#[test]
fn the_action_installs_a_checked_release_and_runs_the_check() {
    let scripts = action_scripts();
    let (install, sarif, check) = (&scripts[0], &scripts[1], &scripts[2]);
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("shipshape-v{version}-x86_64-unknown-linux-musl");
    // The release folder: the archive as the release workflow packs it, and its sum.
    let release = w.join("release");
    std::fs::create_dir_all(release.join(&name)).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("shipshape"), release.join(&name).join("shipshape")).unwrap();
    let tar = Command::new("tar")
        .current_dir(&release)
        .args(["-czf", &format!("{name}.tar.gz"), &name])
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .current_dir(&release)
        .arg(format!("{name}.tar.gz"))
        .output()
        .unwrap();
    std::fs::write(release.join(format!("{name}.tar.gz.sha256")), &sum.stdout).unwrap();
    // `curl … -o FILE URL`: copy the URL's file name from the release folder.
    let bin = w.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = format!(
        "#!/usr/bin/env bash\nout=''\nwhile [ $# -gt 1 ]; do if [ \"$1\" = -o ]; then out=$2; shift; fi; shift; done\ncp \"{}/${{1##*/}}\" \"$out\"\n",
        release.display()
    );
    std::fs::write(bin.join("curl"), fake).unwrap();
    Command::new("chmod").arg("+x").arg(bin.join("curl")).status().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let project = common::project(&[("Dockerfile", "FROM debian:12.8\nRUN apt-get update && apt-get install curl\n")]);
    let step = |script: &str, env: &[(&str, String)]| {
        let output = w.join("github_output");
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script])
            .current_dir(project.path())
            .env("PATH", &path)
            .env("RUNNER_TEMP", w.join("runner-temp"))
            .env("GITHUB_OUTPUT", &output)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY");
        for (k, v) in env {
            cmd.env(k, v);
        }
        std::fs::create_dir_all(w.join("runner-temp")).unwrap();
        let out = cmd.output().unwrap();
        let outputs = std::fs::read_to_string(&output).unwrap_or_default();
        let _ = std::fs::remove_file(&output);
        (out, outputs)
    };
    let install_env = |version: &str| {
        vec![
            ("SHIPSHAPE_VERSION", version.to_owned()),
            ("OS", "Linux".to_owned()),
            ("ARCH", "X64".to_owned()),
        ]
    };

    // A tampered archive is refused.
    let good = std::fs::read(release.join(format!("{name}.tar.gz.sha256"))).unwrap();
    std::fs::write(
        release.join(format!("{name}.tar.gz.sha256")),
        "0000000000000000000000000000000000000000000000000000000000000000  ".to_owned() + &name + ".tar.gz\n",
    )
    .unwrap();
    let (out, _) = step(install, &install_env(version));
    assert!(!out.status.success(), "a checksum mismatch must fail the install");
    std::fs::write(release.join(format!("{name}.tar.gz.sha256")), good).unwrap();
    std::fs::remove_dir_all(w.join("runner-temp")).unwrap();

    let (out, outputs) = step(install, &install_env(&format!("v{version}")));
    assert!(out.status.success(), "install: {}", String::from_utf8_lossy(&out.stderr));
    let installed = PathBuf::from(outputs.trim().strip_prefix("bin=").unwrap());
    assert!(installed.is_file(), "{}", installed.display());

    let inputs = |format: &str| {
        vec![
            ("SHIPSHAPE", installed.display().to_string()),
            ("PATHS", ".".to_owned()),
            ("SELECT", String::new()),
            ("IGNORE", "DF046".to_owned()),
            ("FAIL_ON", "warning".to_owned()),
            ("FORMAT", format.to_owned()),
        ]
    };
    let (out, outputs) = step(sarif, &inputs(""));
    assert!(out.status.success(), "sarif: {}", String::from_utf8_lossy(&out.stderr));
    let report = outputs.trim().strip_prefix("path=").unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert!(sarif["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()), "{sarif}");

    let (out, _) = step(check, &inputs("github"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "the check fails on a warning: {stdout}");
    assert!(stdout.contains("::warning file=Dockerfile,line=2"), "{stdout}");
}

/// The sharding examples in docs/examples, put where a user puts them (docs paths have hygiene
/// rules off), pass shipshape's own audit, actionlint, `zizmor --offline` and kubernetes-validate.
#[test]
fn the_sharding_examples_pass_the_audit_where_users_put_them() {
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path();
    std::fs::create_dir_all(w.join(".github/workflows")).unwrap();
    std::fs::create_dir_all(w.join("k8s")).unwrap();
    let workflow = w.join(".github/workflows/shipshape.yml");
    std::fs::copy(root().join("docs/examples/sharded-check.yml"), &workflow).unwrap();
    std::fs::copy(
        root().join("docs/examples/sharded-check-job.yaml"),
        w.join("k8s/shipshape-job.yaml"),
    )
    .unwrap();
    let out = common::shipshape()
        .current_dir(w)
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.trim().is_empty(), "{text}");
    if let Some(actionlint) = peer("ACTIONLINT") {
        passes(Command::new(actionlint).arg(&workflow), "actionlint");
    }
    if let Some(zizmor) = peer("ZIZMOR") {
        passes(Command::new(zizmor).arg("--offline").arg(&workflow), "zizmor --offline");
    }
    if let Some(kv) = peer("KUBERNETES_VALIDATE") {
        passes(Command::new(kv).arg(w.join("k8s/shipshape-job.yaml")), "kubernetes-validate");
    }
}
