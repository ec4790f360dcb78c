//! Peer agreement with checkov (`--framework kubernetes`): every rule that declares a
//! `checkov:CKV…` peer must agree with checkov on the rule's documented example (both fire) and
//! alternative (checkov passes it), except where shipshape is deliberately different (listed with
//! the reason, checked both ways). One checkov run covers every fixture.
#![allow(clippy::unwrap_used)]

use shipshape_core::testkit::checkov_failed;
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::unexplained;
use shipshape_kubernetes::rules::ALL;
use std::collections::{BTreeMap, BTreeSet};

/// (rule, peer, reason) where checkov's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "K8S014",
        "checkov:CKV_K8S_11",
        "shipshape requires a memory limit only: CPU limits throttle a pod even on an idle node, and requests already share CPU fairly",
    ),
    (
        "K8S008",
        "checkov:CKV_K8S_25",
        "the alternative adds NET_BIND_SERVICE, the one capability the restricted Pod Security Standard allows; checkov flags any added capability",
    ),
    (
        "K8S018",
        "checkov:CKV_K8S_15",
        "checkov wants `Always` everywhere; shipshape asks for the policy to be written down and accepts `IfNotPresent` for pinned tags",
    ),
];

fn checkov() -> Option<String> {
    shipshape_core::testkit::peer_tool("CHECKOV", "checkov")
}

#[test]
fn agrees_with_checkov_on_rule_fixtures() {
    let Some(bin) = checkov() else {
        assert!(std::env::var("CI").is_err(), "CI must install checkov (PyPI checkov)");
        eprintln!("skipped: checkov not found");
        return;
    };
    // checkov skips hidden directories, and tempdir names start with a dot.
    let dir = tempfile::Builder::new().prefix("shipshape-k8s-").tempdir().unwrap();
    let mut checked = Vec::new();
    for rule in ALL {
        let peers: Vec<&str> = rule.meta.peers.iter().filter_map(|p| p.strip_prefix("checkov:")).collect();
        if peers.is_empty() {
            continue;
        }
        let code = rule.meta.code;
        std::fs::write(
            dir.path().join(format!("{code}-bad.yaml")),
            format!("{}\n", block(rule.meta.docs, "Example")),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(format!("{code}-good.yaml")),
            format!("{}\n", block(rule.meta.docs, "Use instead")),
        )
        .unwrap();
        checked.push((code, peers));
    }
    let mut failed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, check) in checkov_failed(&bin, "kubernetes", dir.path()) {
        let file = path.rsplit('/').next().unwrap_or_default().to_owned();
        failed.entry(file).or_default().insert(check);
    }
    let mut found = Vec::new();
    for (code, peers) in checked {
        for peer in peers {
            let on = |side: &str| failed.get(&format!("{code}-{side}.yaml")).is_some_and(|s| s.contains(peer));
            if !on("bad") || on("good") {
                found.push((
                    code,
                    format!("checkov:{peer}"),
                    if on("bad") { "fails the alternative" } else { "passes the example" },
                ));
            }
        }
    }
    let failures = unexplained(&found, DELIBERATE);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
