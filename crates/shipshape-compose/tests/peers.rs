//! Peer agreement with dclint: every rule that declares a `dclint:` peer must agree with dclint on
//! the rule's documented example (both fire) and alternative (dclint is silent too), except where
//! shipshape is deliberately different (listed with the reason, and checked both ways). One dclint
//! run covers every fixture.
#![allow(clippy::unwrap_used)]

use shipshape_compose::rules::ALL;
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::unexplained;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// (rule, peer, reason) where dclint's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str, &str)] = &[(
    "DC009",
    "dclint:require-quotes-in-ports",
    "dclint's default wants single quotes; shipshape accepts either, since any quoting makes YAML read a string",
)];

fn dclint() -> Option<String> {
    shipshape_core::testkit::peer_tool("DCLINT", "dclint")
}

#[test]
fn agrees_with_dclint_on_rule_fixtures() {
    let Some(bin) = dclint() else {
        assert!(std::env::var("CI").is_err(), "CI must install dclint (npm dclint)");
        eprintln!("skipped: dclint not found");
        return;
    };
    // One dclint run over every fixture: a directory per fixture, each with its `compose.yaml`.
    let dir = tempfile::Builder::new().prefix("shipshape-compose-").tempdir().unwrap();
    let mut files = Vec::new();
    let mut checked = Vec::new();
    for rule in ALL {
        let peers: Vec<&str> = rule.meta.peers.iter().filter_map(|p| p.strip_prefix("dclint:")).collect();
        if peers.is_empty() {
            continue;
        }
        for (side, section) in [("bad", "Example"), ("good", "Use instead")] {
            let d = dir.path().join(format!("{}-{side}", rule.meta.code));
            std::fs::create_dir_all(&d).unwrap();
            let f = d.join("compose.yaml");
            std::fs::write(&f, format!("{}\n", block(rule.meta.docs, section))).unwrap();
            files.push(f);
        }
        checked.push((rule.meta.code, peers));
    }
    let out = Command::new(&bin)
        .args(["-f", "json", "--color", "false"])
        .args(&files)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut by_dir: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in v.as_array().into_iter().flatten() {
        let path = f["filePath"].as_str().unwrap_or_default();
        let key = path.rsplit('/').nth(1).unwrap_or_default().to_owned();
        let rules = f["messages"].as_array().cloned().unwrap_or_default();
        by_dir
            .entry(key)
            .or_default()
            .extend(rules.iter().filter_map(|m| m["rule"].as_str().map(String::from)));
    }
    assert!(
        !by_dir.is_empty(),
        "dclint reported nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = Vec::new();
    for (code, peers) in checked {
        for peer in peers {
            let on = |side: &str| by_dir.get(&format!("{code}-{side}")).is_some_and(|s| s.contains(peer));
            if !on("bad") || on("good") {
                let what = if on("bad") {
                    "fires on the alternative"
                } else {
                    "is silent on the example"
                };
                found.push((code, format!("dclint:{peer}"), what));
            }
        }
    }
    let failures = unexplained(&found, DELIBERATE);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
