//! Hostile and careless use of the command line (issue 12): files that cannot be checked, secrets in
//! every output, diffs and fixed output as bytes, fixes through links.
// Tests set up and read real directories; only the crates under test go through the SourceTree.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::unwrap_used)]

mod common;
use common::shipshape;

fn codes(stdout: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// `git apply --check` of `patch` in a repository holding `files`: `Err` with git's complaint.
fn git_applies(files: &[(&str, &[u8])], patch: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    std::fs::write(dir.path().join("fix.patch"), patch).unwrap();
    let out = git(&["apply", "--check", "fix.patch"]);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

const SECRET: &str = "Zq8wYt3Rn6KpX2vM9cB4dF7hJ0gS5aE1uI3oL8eQ";

#[cfg(unix)]
#[test]
fn a_named_file_that_cannot_be_checked_is_a_finding_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("Dockerfile");
    let mut text = String::from("FROM alpine:3.20\n");
    while text.len() <= 8 * 1024 * 1024 {
        text.push_str("# padding past the size limit\n");
    }
    std::fs::write(&big, &text).unwrap();
    let fifo = dir.path().join("compose.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let device = dir.path().join("deploy.yaml");
    std::os::unix::fs::symlink("/dev/null", &device).unwrap();
    for name in ["Dockerfile", "compose.yaml", "deploy.yaml"] {
        let out = shipshape()
            .current_dir(dir.path())
            .args(["check", "--format", "json", name])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(codes(&out.stdout), ["SS005"], "{name}");
    }
    // In a directory walk the oversized file is counted, not a finding.
    std::fs::remove_file(&fifo).unwrap();
    let out = shipshape().current_dir(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Not checked: 1 file (1 too large)"));
}

#[test]
fn no_snippet_shows_a_secret_whichever_rule_it_belongs_to() {
    let dir = tempfile::tempdir().unwrap();
    let compose = format!("services:\n  web:\n    image: nginx:1.27\n    environment:\n      AWS_SECRET_ACCESS_KEY: {SECRET}\n");
    std::fs::write(dir.path().join("compose.yaml"), &compose).unwrap();
    // By default the secrets rule reports it (DC018 is opt-in); with DC018 selected, the Compose
    // rule does. Neither shows it.
    for (rule, extra) in [("SEC002", None), ("DC018", Some("DC018"))] {
        for format in ["human", "concise", "json", "sarif", "github"] {
            let mut args = vec!["check", "--format", format, "compose.yaml"];
            if let Some(e) = extra {
                args.extend(["--extend-select", e]);
            }
            let out = shipshape().current_dir(dir.path()).args(&args).output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.contains(rule), "{format}: {rule} must fire: {stdout}");
            assert!(!stdout.contains(&SECRET[4..]), "{format} shows the secret:\n{stdout}");
        }
    }
    // One value, one finding: the Compose rule (which names the service) and not also SEC002.
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--extend-select", "DC018", "compose.yaml"])
        .output()
        .unwrap();
    let concise = String::from_utf8_lossy(&out.stdout);
    assert!(concise.contains("DC018") && !concise.contains("SEC002"), "{concise}");
    // Ignoring the secret rules does not make their values printable.
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--format", "human", "--ignore", "SEC", "compose.yaml"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&SECRET[4..]));
}

#[test]
fn a_diff_shows_no_secret_and_still_applies() {
    let dir = tempfile::tempdir().unwrap();
    let compose =
        format!("version: \"3.8\"\nservices:\n  web:\n    environment:\n      AWS_SECRET_ACCESS_KEY: {SECRET}\n    image: nginx:1.27\n");
    std::fs::write(dir.path().join("compose.yaml"), &compose).unwrap();
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--diff", "compose.yaml"])
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("-version"), "{diff}");
    assert!(!diff.contains(&SECRET[4..]), "{diff}");
    git_applies(&[("compose.yaml", compose.as_bytes())], &out.stdout).unwrap();
    // A secret right below the change leaves no trailing context: the diff is withheld, and says so.
    let dockerfile = format!(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nENV AWS_SECRET_ACCESS_KEY={SECRET}\n"
    );
    std::fs::write(dir.path().join("Dockerfile"), &dockerfile).unwrap();
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--diff", "--select", "DF009,SEC", "Dockerfile"])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Dockerfile: diff withheld: the patch would show the secret on line 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diffs_and_fixed_standard_input_are_bytes() {
    // ESC, BEL and DEL on the changed line, a lone CR on a context line.
    let dockerfile = "FROM debian:12\nLABEL note=\"a\rb\"\nRUN echo \"\x1b[1m\x07\x7f\" && apt-get update && apt-get install -y --no-install-recommends curl\nUSER nobody\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), dockerfile).unwrap();
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--diff", "--select", "DF009", "Dockerfile"])
        .output()
        .unwrap();
    assert!(
        out.stdout.windows(4).any(|w| w == b"\x1b[1m"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    git_applies(&[("Dockerfile", dockerfile.as_bytes())], &out.stdout).unwrap();
    let out = shipshape()
        .args(["check", "--fix", "--select", "DF009", "-", "--stdin-filename", "Dockerfile"])
        .write_stdin(dockerfile)
        .output()
        .unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    assert!(fixed.contains("\x1b[1m\x07\x7f") && fixed.contains("a\rb"), "{fixed:?}");
    assert!(fixed.contains("rm -rf /var/lib/apt/lists/*"), "{fixed:?}");
}

#[cfg(unix)]
#[test]
fn fixing_through_a_link_fixes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.Dockerfile");
    std::fs::write(
        &real,
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("real.Dockerfile", dir.path().join("Dockerfile")).unwrap();
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--fix", "--select", "DF009", "Dockerfile"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(dir.path().join("Dockerfile"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().contains("rm -rf /var/lib/apt/lists/*"));
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary file is left");
}

/// Each domain's literal-secret rule marks the value it reports, so no snippet shows it even when
/// the secret detectors are off.
#[test]
fn domain_literal_secret_rules_mask_their_values() {
    let cases = [
        (
            "main.tf",
            format!("provider \"aws\" {{\n  region     = \"eu-west-1\"\n  secret_key = \"{SECRET}\"\n}}\n"),
        ),
        ("Dockerfile", format!("FROM alpine:3.20\nENV API_TOKEN={SECRET}\nUSER nobody\n")),
        (
            ".gitlab-ci.yml",
            format!("variables:\n  DEPLOY_TOKEN: {SECRET}\njob:\n  script: [echo]\n"),
        ),
        (
            "k8s.yaml",
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      env:\n        - name: DB_PASSWORD\n          value: {SECRET}\n"
            ),
        ),
    ];
    for (name, text) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &text).unwrap();
        let out = shipshape()
            .current_dir(dir.path())
            .args(["check", "--format", "human", "--select", "ALL", "--ignore", "SEC", name])
            .output()
            .unwrap();
        let human = String::from_utf8_lossy(&out.stdout);
        assert!(human.contains("error[") || human.contains("warning["), "{name}: {human}");
        assert!(!human.contains(&SECRET[4..]), "{name} shows the secret:\n{human}");
    }
}
