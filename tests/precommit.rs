//! The pre-commit hooks (`.pre-commit-hooks.yaml`) run by the real `pre-commit` (PyPI, in the
//! clients' venv that `scripts/install-peers.sh` makes) from this checkout, as a user's
//! `.pre-commit-config.yaml` would run them: pre-commit builds shipshape with `cargo install` and
//! passes the files by name.
#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::disallowed_methods)]

mod common;

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_hooks_check_and_fix_the_files_pre_commit_passes_and_keep_the_config_exclusions() {
    let Some(python) = common::client_python() else { return };
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = common::project(&[
        ("Dockerfile", "FROM debian:12.8\nRUN apt-get update && apt-get install curl\n"),
        // Excluded by the config: pre-commit names it, `--force-exclude` keeps it out.
        (
            "vendor/Dockerfile",
            "FROM debian:12.8\nRUN apt-get update && apt-get install wget\n",
        ),
        ("shipshape.toml", "exclude = [\"vendor/**\"]\n"),
        ("notes.txt", "nothing to audit here\n"),
    ]);
    let dir = project.path();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "init"]);
    let home = tempfile::tempdir().unwrap();
    // pre-commit builds the hook in a clone of this checkout; sharing the workspace's target
    // directory lets cargo reuse the compiled dependencies.
    let target = hooks.join("target");
    let run = |hook: &str| {
        let out = Command::new(&python)
            .args(["-m", "pre_commit", "try-repo"])
            .arg(hooks)
            .args([hook, "--all-files", "--color", "never"])
            .current_dir(dir)
            .env("PRE_COMMIT_HOME", home.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        eprintln!("{text}");
        (out.status.code(), text)
    };

    let (code, text) = run("shipshape");
    assert_eq!(code, Some(1), "the audit hook fails on a finding:\n{text}");
    assert!(text.contains("Dockerfile:2:") && text.contains("DF014"), "{text}");
    assert!(
        !text.contains("vendor/Dockerfile"),
        "the config's exclusion holds for named files:\n{text}"
    );

    let (code, text) = run("shipshape-fix");
    assert_eq!(code, Some(1), "pre-commit fails a hook that changed files:\n{text}");
    let fixed = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(fixed.contains("apt-get install -y curl"), "{fixed}");
    let vendored = std::fs::read_to_string(dir.join("vendor/Dockerfile")).unwrap();
    assert!(
        vendored.contains("apt-get install wget"),
        "an excluded file is never written: {vendored}"
    );
}
