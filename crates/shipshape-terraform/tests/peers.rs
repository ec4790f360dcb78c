//! Peer agreement with checkov (`--framework terraform`): every rule that declares a
//! `checkov:CKV…` peer must agree with checkov on the rule's documented example (both fire) and
//! alternative (checkov passes it), except where shipshape is deliberately different (listed with
//! the reason, checked both ways). One checkov run covers every fixture.
#![allow(clippy::unwrap_used)]

use shipshape_core::testkit::checkov_failed;
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::unexplained;
use shipshape_terraform::rules::ALL;
use std::collections::{BTreeMap, BTreeSet};

/// (rule, peer, reason) where checkov's verdict on our fixture differs on purpose.
const DELIBERATE: &[(&str, &str, &str)] = &[(
    "TF014",
    "checkov:CKV_GCP_20",
    "the documented blocks are an EKS cluster; CKV_GCP_20 is the same finding for `google_container_cluster` (no `master_authorized_networks_config`), which checkov checks only on that resource type",
)];

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
    let dir = tempfile::Builder::new().prefix("shipshape-tf-").tempdir().unwrap();
    let mut checked = Vec::new();
    for rule in ALL {
        // `CKV_SECRET_*` belong to checkov's secrets framework (TF006 declares CKV_SECRET_2 for the
        // AWS key it reports in place of SEC002), not to this terraform-framework run.
        let peers: Vec<&str> = rule
            .meta
            .peers
            .iter()
            .filter_map(|p| p.strip_prefix("checkov:"))
            .filter(|p| !p.starts_with("CKV_SECRET_"))
            .collect();
        if peers.is_empty() {
            continue;
        }
        let code = rule.meta.code;
        for side in ["bad", "good"] {
            std::fs::create_dir_all(dir.path().join(format!("{code}-{side}"))).unwrap();
        }
        std::fs::write(
            dir.path().join(format!("{code}-bad/main.tf")),
            format!("{}\n", block(rule.meta.docs, "Example")),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(format!("{code}-good/main.tf")),
            format!("{}\n", block(rule.meta.docs, "Use instead")),
        )
        .unwrap();
        checked.push((code, peers));
    }
    let mut failed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, check) in checkov_failed(&bin, "terraform", dir.path()) {
        // Each fixture is its own module directory: `{code}-{side}/main.tf`.
        let module = path.rsplit('/').nth(1).unwrap_or_default().to_owned();
        failed.entry(module).or_default().insert(check);
    }
    let mut found = Vec::new();
    for (code, peers) in checked {
        for peer in peers {
            let on = |side: &str| failed.get(&format!("{code}-{side}")).is_some_and(|s| s.contains(peer));
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
