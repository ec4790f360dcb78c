//! Peer agreement with dclint: every rule that declares a `dclint:` peer must agree with dclint on
//! the rule's documented example (both fire) and alternative (dclint is silent too), except where
//! shipshape is deliberately different (listed with the reason, and checked both ways).
#![allow(clippy::unwrap_used)]

use shipshape_compose::rules::ALL;
use std::collections::BTreeSet;
use std::process::Command;

/// (rule, peer, reason) where dclint's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str, &str)] = &[(
    "DC009",
    "dclint:require-quotes-in-ports",
    "dclint's default wants single quotes; shipshape accepts either, since any quoting makes YAML read a string",
)];

fn dclint() -> Option<String> {
    let bin = std::env::var("DCLINT").unwrap_or_else(|_| "dclint".into());
    Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| bin)
}

fn block<'a>(docs: &'a str, section: &str) -> &'a str {
    let start = docs.find(&format!("## {section}\n```yaml\n")).unwrap() + section.len() + 12;
    let end = docs[start..].find("\n```").unwrap() + start;
    &docs[start..end]
}

fn dclint_rules(bin: &str, src: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("compose.yaml");
    std::fs::write(&p, format!("{src}\n")).unwrap();
    let out = Command::new(bin).args(["-f", "json", "--color", "false"]).arg(&p).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    v.as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["messages"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m["rule"].as_str().map(String::from))
        .collect()
}

#[test]
fn agrees_with_dclint_on_rule_fixtures() {
    let Some(bin) = dclint() else {
        assert!(std::env::var("CI").is_err(), "CI must install dclint (npm dclint)");
        eprintln!("skipped: dclint not found");
        return;
    };
    let mut found = Vec::new();
    for rule in ALL {
        for peer in rule.meta.peers.iter().filter_map(|p| p.strip_prefix("dclint:")) {
            let (bad, good) = (block(rule.meta.docs, "Example"), block(rule.meta.docs, "Use instead"));
            let (on_bad, on_good) = (dclint_rules(&bin, bad).contains(peer), dclint_rules(&bin, good).contains(peer));
            if !on_bad || on_good {
                let what = if on_bad {
                    "fires on the alternative"
                } else {
                    "is silent on the example"
                };
                found.push((rule.meta.code, format!("dclint:{peer}"), what));
            }
        }
    }
    let mut failures = Vec::new();
    for (code, peer, what) in &found {
        if !DELIBERATE.iter().any(|(c, p, _)| c == code && p == peer) {
            failures.push(format!("{code} vs {peer}: dclint {what}"));
        }
    }
    for (code, peer, _) in DELIBERATE {
        if !found.iter().any(|(c, p, _)| c == code && p == peer) {
            failures.push(format!("{code} vs {peer}: listed as deliberate but now agrees; remove it"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
