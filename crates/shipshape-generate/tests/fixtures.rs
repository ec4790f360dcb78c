//! Every fixture project: detection finds the facts its `expected.json` names, and everything
//! `init` generates for it passes every shipshape rule.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use shipshape_generate::{InitOptions, Repo, detect, plan};
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(common::fixtures_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    assert!(out.len() >= 15, "fixtures missing");
    out
}

#[test]
fn detection_matches_expected_facts() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let expected: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f.join("expected.json")).unwrap()).unwrap();
        let got = serde_json::to_value(detect(&Repo::open(&f))).unwrap();
        let mut got_services = got["services"].as_array().cloned().unwrap_or_default();
        for s in &mut got_services {
            s.as_object_mut().unwrap().remove("evidence");
        }
        let got = serde_json::json!({"version": got["version"], "services": got_services});
        if got != expected {
            failures.push(format!("{}:\n  expected {expected}\n  got      {got}", f.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fact_has_evidence() {
    for f in fixtures() {
        for s in detect(&Repo::open(&f)).services {
            for fact in ["framework", "package_manager", "runtime_version", "port"] {
                let has = s.evidence.iter().any(|e| e.fact.starts_with(fact));
                let none = match fact {
                    "framework" => s.framework.is_none(),
                    "package_manager" => s.package_manager.is_none(),
                    "runtime_version" => s.runtime_version.is_none(),
                    _ => false,
                };
                assert!(has || none, "{}: {} has no evidence for {fact}", f.display(), s.name);
            }
        }
    }
}

/// Opt-in info rules the generated files are allowed to meet, and why (README "init").
const ACCEPTED: &[(&str, &str)] = &[
    (
        "K8S055",
        "the manifests name the image by the tag the publish workflow pushes; a digest is known only after a build",
    ),
    (
        "K8S057",
        "the apps read their settings from the environment (twelve-factor); the service's Secret gives them (`envFrom`)",
    ),
    ("K8S059", "a PriorityClass is cluster-wide: the cluster's operators choose one"),
    (
        "DF085",
        "base images are pinned to a release tag: the offline tables hold no digests",
    ),
    ("DF081", "the `development` stage is the target compose.yaml builds"),
    (
        "DF045",
        "distroless images have no shell or HTTP client to run a HEALTHCHECK; orchestrators probe instead",
    ),
    ("DC023", "the same: a distroless service has no healthcheck command"),
    (
        "DC020",
        "the development target runs as root so that watch can sync into it; the runtime target sets USER",
    ),
    ("DC011", "the app services come first, then their datastores"),
    (
        "DF056",
        "`# hadolint ignore=DL3008` beside apt installs: Debian package versions are not in the offline tables, the base image's release fixes them",
    ),
];

#[test]
fn accepted_findings_are_info() {
    let reg = shipshape_check::Domains::default().registry();
    for (code, _) in ACCEPTED {
        let meta = reg.get(code).unwrap();
        assert_eq!(meta.severity, shipshape_core::Severity::Info, "{code}");
        assert!(!meta.default, "{code} is on by default");
    }
}

/// Every fixture, with GitHub Actions (the default), GitHub Actions with the deploy workflow, and
/// GitLab CI with its deploy jobs.
#[test]
fn generated_files_pass_every_rule() {
    let mut failures = Vec::new();
    let (_tmp, copies) = common::copied();
    for (name, options) in common::variants() {
        for f in &copies {
            let plan = plan(f, &options).unwrap();
            assert!(!plan.files.is_empty());
            for finding in plan.findings.iter().filter(|f| !ACCEPTED.iter().any(|(c, _)| *c == f.code)) {
                failures.push(format!(
                    "{name} {}: {}:{} [{}] {}",
                    f.file_name().unwrap().to_string_lossy(),
                    finding.path,
                    finding.line,
                    finding.code,
                    finding.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} findings:\n{}", failures.len(), failures.join("\n"));
}

/// Every alerting rule's PromQL parses (promql-parser, the Prometheus grammar), and the rule files
/// hold the crash-loop, error-rate and latency alerts of every service.
#[test]
fn alert_expressions_parse() {
    let (_tmp, copies) = common::copied();
    let mut parsed = 0;
    for f in copies {
        let plan = plan(&f, &InitOptions::default()).unwrap();
        for file in plan
            .files
            .iter()
            .filter(|p| p.file.path.ends_with("alerts.yml") || p.file.path.ends_with("prometheusrule.yaml"))
        {
            let lines: Vec<&str> = file.file.text.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                if l.trim() == "expr: >-" {
                    // The folded scalar: the more-indented lines after the key, joined by spaces.
                    let indent = l.len() - l.trim_start().len();
                    let expr = lines[i + 1..]
                        .iter()
                        .take_while(|x| x.len() - x.trim_start().len() > indent)
                        .map(|x| x.trim())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let expr = expr.as_str();
                    promql_parser::parser::parse(expr).unwrap_or_else(|e| panic!("{}: {}: `{expr}`: {e}", f.display(), file.file.path));
                    parsed += 1;
                }
            }
            for alert in ["CrashLooping", "HighErrorRate", "HighLatencyP95"] {
                assert!(file.file.text.contains(alert), "{}: {} lacks {alert}", f.display(), file.file.path);
            }
        }
    }
    assert!(parsed >= 100, "{parsed} expressions");
}
