//! Smoke test over ../shared/corpus: every file is read and classified, nothing panics, and no file
//! Docker accepts gets a parse error (DF000), and no workflow, action or dependabot file that is
//! valid YAML gets one (GHA000 at error level; templates are reported at info), nor any GitLab pipeline (GL000), Compose file (DC000), manifest (K8S000) or Terraform file (TF000).
// Tests set up and read real directories; only the crates under test go through the SourceTree.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use std::path::Path;

/// Corpus files that are deliberately malformed (test fixtures of other projects).
const KNOWN_MALFORMED: &[&str] = &["dockerfile/docker__compose/pkg/e2e/fixtures/wrong-composefile/service1/Dockerfile"];

/// Corpus directories whose YAML is invalid as committed (PyYAML rejects it too).
const KNOWN_MALFORMED_YAML: &[&str] = &["kubernetes/GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/"];

/// Terraform fixtures that are deliberately unparseable (`terraform init` rejects them too).
const KNOWN_MALFORMED_HCL: &[&str] = &[
    "terraform/dependabot__dependabot-core/opentofu/spec/fixtures/projects/unparseable/main.tf",
    "terraform/dependabot__dependabot-core/terraform/spec/fixtures/projects/unparseable/main.tf",
];

#[test]
fn corpus_runs_clean() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(std::env::var("CI").is_err(), "CI must have ../shared/corpus");
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let out = Command::cargo_bin("shipshape")
        .unwrap()
        .current_dir(&corpus)
        .args(["check", "--select", "ALL", "--format", "json", "--exit-zero", "--statistics", "."])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let parse_errors: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "DF000")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for p in &parse_errors {
        assert!(KNOWN_MALFORMED.contains(p), "DF000 on a valid Dockerfile: {p}");
    }
    let yaml_errors: Vec<&str> = findings
        .iter()
        .filter(|f| ["GHA000", "GL000", "DC000", "K8S000"].iter().any(|c| f["code"] == *c) && f["severity"] == "error")
        .map(|f| f["path"].as_str().unwrap())
        .filter(|p| !KNOWN_MALFORMED_YAML.iter().any(|m| p.starts_with(m)))
        .collect();
    assert!(yaml_errors.is_empty(), "parse errors on valid YAML: {yaml_errors:?}");
    let hcl_errors: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "TF000")
        .map(|f| f["path"].as_str().unwrap())
        .filter(|p| !KNOWN_MALFORMED_HCL.contains(p))
        .collect();
    assert!(hcl_errors.is_empty(), "parse errors on valid Terraform: {hcl_errors:?}");
    let stats = &v["statistics"];
    let audited = stats["audited"].as_u64().unwrap();
    assert!(
        audited >= 4100,
        "only {audited} files audited (1,100 Dockerfiles, ~400 workflows, ~300 GitLab pipelines, ~335 Compose files, ~1,200 manifests, ~850 Terraform files expected):\n{stats}"
    );
    assert!(stats["skipped"].get("unreadable").is_none(), "{stats}");
    // No checker fails on a real file.
    let internal: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "SS004")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(internal.is_empty(), "internal errors: {internal:?}");
}
