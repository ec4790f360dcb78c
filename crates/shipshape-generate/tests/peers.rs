//! What `init` writes for every fixture passes the real peer tools: hadolint, actionlint (without
//! shellcheck), zizmor (offline, default persona), yamllint (relaxed), kubernetes-validate (strict),
//! shellcheck (every level, and `bash -n`) and checkov (dockerfile, github_actions, kubernetes),
//! except the exceptions below, each with its reason; with `--deploy` and with `--ci gitlab`, the
//! workflows and the GitLab pipeline pass them too, and the pipeline GitLab's own schema
//! (check-jsonschema's vendored copy).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use shipshape_core::testkit::peer_tool;
use shipshape_generate::{InitOptions, plan, write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// checkov checks the generated files may fail, and why.
const CHECKOV_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "CKV_DOCKER_2",
        "distroless runtime images (Go, Rust) have no shell or HTTP client to run a HEALTHCHECK",
    ),
    (
        "CKV_K8S_43",
        "the manifests name the image by the tag the publish workflow pushes; a digest is known only after a build",
    ),
    (
        "CKV_K8S_40",
        "the pods run as the image's own user, UID 1000 by default (SEED-REQUIREMENTS DF-03), not a UID over 10000",
    ),
    (
        "CKV_K8S_35",
        "the apps read their settings from the environment (twelve-factor); each value comes from the Secret by key",
    ),
];
/// yamllint rules off for workflows: a `uses:` pinned to a 40-hex commit with its version comment
/// is longer than 80 columns, and pinning matters more than the column.
const YAMLLINT_WORKFLOWS: &str = "{extends: relaxed, rules: {line-length: disable}}";

fn generated() -> (tempfile::TempDir, Vec<PathBuf>) {
    let (tmp, dirs) = common::copied();
    for d in &dirs {
        let p = plan(d, &InitOptions::default()).unwrap();
        write(d, &p).unwrap();
    }
    (tmp, dirs)
}

fn files(dir: &Path, pred: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, pred, out);
        } else if pred(&p.to_string_lossy()) {
            out.push(p);
        }
    }
}

fn tool(var: &str, name: &str) -> Option<String> {
    let t = peer_tool(var, name);
    assert!(
        t.is_some() || std::env::var("CI").is_err(),
        "CI must have {name} (scripts/install-peers.sh)"
    );
    t
}

fn output(cmd: &mut Command) -> (bool, String) {
    let o = cmd.output().unwrap();
    (
        o.status.success(),
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
    )
}

/// actionlint (without shellcheck) and `zizmor --offline` over the workflows: what each reports.
fn workflow_peers(workflows: &[PathBuf], failures: &mut Vec<String>) {
    if let Some(a) = tool("ACTIONLINT", "actionlint") {
        let (ok, out) = output(Command::new(&a).args(["-shellcheck=", "-pyflakes="]).args(workflows));
        if !ok {
            failures.push(format!("actionlint: {out}"));
        }
    }
    if let Some(z) = tool("ZIZMOR", "zizmor") {
        let (ok, out) = output(
            Command::new(&z)
                .args(["--offline", "--no-progress", "--format", "plain"])
                .args(workflows),
        );
        if !ok || !out.contains("No findings") {
            failures.push(format!("zizmor: {out}"));
        }
    }
}

/// `(file, check)` of every failed checkov check; panics unless checkov passed some checks (so a
/// run that read nothing cannot pass).
fn checkov(bin: &str, framework: &str, dir: &Path) -> Vec<(String, String)> {
    let (passed, failed, stderr) = shipshape_core::testkit::checkov_run(bin, framework, dir);
    assert!(passed > 0, "checkov {framework} checked nothing: {stderr}");
    failed
}

#[test]
fn peers_accept_what_init_writes() {
    let (tmp, dirs) = generated();
    let mut failures = Vec::new();
    let mut dockerfiles = Vec::new();
    let mut workflows = Vec::new();
    let mut composes = Vec::new();
    for d in &dirs {
        files(d, &|p| p.ends_with("/Dockerfile"), &mut dockerfiles);
        files(d, &|p| p.contains("/.github/workflows/"), &mut workflows);
        files(
            d,
            &|p| p.rsplit('/').next().is_some_and(|n| n.starts_with("compose")),
            &mut composes,
        );
    }
    assert!(dockerfiles.len() >= 15 && workflows.len() >= 30 && composes.len() >= 30);
    if let Some(h) = tool("HADOLINT", "hadolint") {
        for f in &dockerfiles {
            let (ok, out) = output(Command::new(&h).args(["--no-color", "--failure-threshold", "warning"]).arg(f));
            if !ok || out.contains("warning") || out.contains("error") {
                failures.push(format!("hadolint {}: {out}", f.display()));
            }
        }
    }
    workflow_peers(&workflows, &mut failures);
    let mut manifests = Vec::new();
    for d in &dirs {
        files(
            d,
            // The Prometheus Operator's resources have no schema in kubernetes-validate.
            &|p| {
                p.contains("/k8s/") && p.ends_with(".yaml") && !p.ends_with("kustomization.yaml") && !p.contains("/components/monitoring/")
            },
            &mut manifests,
        );
    }
    assert!(manifests.len() >= 50, "{} manifests", manifests.len());
    if let Some(y) = tool("YAMLLINT", "yamllint") {
        // Every kustomization and the monitoring files too (their folders).
        let kustomizations: Vec<PathBuf> = dirs.iter().flat_map(|d| [d.join("k8s"), d.join("monitoring")]).collect();
        let (ok, out) = output(
            Command::new(&y)
                .args(["-f", "parsable", "-d", "relaxed"])
                .args(&composes)
                .args(&manifests)
                .args(&kustomizations),
        );
        if !ok || !out.trim().is_empty() {
            failures.push(format!("yamllint (compose, Kubernetes): {out}"));
        }
        let (ok, out) = output(Command::new(&y).args(["-f", "parsable", "-d", YAMLLINT_WORKFLOWS]).args(&workflows));
        if !ok || !out.trim().is_empty() {
            failures.push(format!("yamllint (workflows): {out}"));
        }
    }
    if let Some(k) = tool("KUBERNETES_VALIDATE", "kubernetes-validate") {
        let (ok, out) = output(Command::new(&k).args(["--strict", "--quiet"]).args(&manifests));
        if !ok || !out.trim().is_empty() {
            failures.push(format!("kubernetes-validate: {out}"));
        }
    }
    let mut scripts = Vec::new();
    for d in &dirs {
        files(d, &|p| p.ends_with(".sh"), &mut scripts);
    }
    assert!(scripts.len() >= 15, "{} scripts", scripts.len());
    if let Some(sc) = tool("SHELLCHECK", "shellcheck") {
        let (ok, out) = output(Command::new(&sc).args(["--severity=style", "--shell=bash"]).args(&scripts));
        if !ok {
            failures.push(format!("shellcheck: {out}"));
        }
    }
    for s in &scripts {
        let (ok, out) = output(Command::new("bash").arg("-n").arg(s));
        if !ok {
            failures.push(format!("bash -n {}: {out}", s.display()));
        }
    }
    if let Some(c) = tool("CHECKOV", "checkov") {
        for fw in ["dockerfile", "github_actions", "kubernetes"] {
            let failed = checkov(&c, fw, tmp.path());
            for (file, check) in failed {
                if !CHECKOV_EXCEPTIONS.iter().any(|(c, _)| *c == check) {
                    failures.push(format!("checkov {fw}: {file} {check}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--deploy` (GitHub Actions) and `--ci gitlab --deploy`: the workflows pass actionlint, zizmor,
/// yamllint and checkov; the pipeline passes GitLab's schema and yamllint.
#[test]
fn peers_accept_the_ci_variants() {
    let mut failures = Vec::new();
    let mut workflows = Vec::new();
    let mut pipelines = Vec::new();
    let mut tmps = Vec::new();
    for (name, options) in common::variants().into_iter().skip(1) {
        let (tmp, dirs) = common::copied();
        for d in &dirs {
            let p = plan(d, &options).unwrap();
            write(d, &p).unwrap();
            if name.starts_with("github") {
                files(d, &|p| p.contains("/.github/workflows/"), &mut workflows);
            } else {
                pipelines.push(d.join(".gitlab-ci.yml"));
            }
        }
        tmps.push((name, tmp));
    }
    assert!(workflows.iter().filter(|w| w.ends_with("deploy.yml")).count() >= 15 && pipelines.len() >= 15);
    workflow_peers(&workflows, &mut failures);
    if let Some(y) = tool("YAMLLINT", "yamllint") {
        // The pipeline's commands, like the workflows' pinned actions, run past 80 columns.
        let (ok, out) = output(
            Command::new(&y)
                .args(["-f", "parsable", "-d", YAMLLINT_WORKFLOWS])
                .args(&workflows)
                .args(&pipelines),
        );
        if !ok || !out.trim().is_empty() {
            failures.push(format!("yamllint: {out}"));
        }
    }
    if let Some(c) = tool("CHECK_JSONSCHEMA", "check-jsonschema") {
        let (ok, out) = output(Command::new(&c).args(["--builtin-schema", "vendor.gitlab-ci"]).args(&pipelines));
        if !ok {
            failures.push(format!("check-jsonschema (GitLab CI): {out}"));
        }
    }
    if let Some(c) = tool("CHECKOV", "checkov") {
        for (name, tmp) in &tmps {
            if name.starts_with("github") {
                for (file, check) in checkov(&c, "github_actions", tmp.path()) {
                    if !CHECKOV_EXCEPTIONS.iter().any(|(c, _)| *c == check) {
                        failures.push(format!("checkov github_actions: {file} {check}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
