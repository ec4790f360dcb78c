//! The library front-ends share: content in memory, several runs in one process.
#![allow(clippy::unwrap_used)]

use shipshape_check::{Input, Options, Workspace};
use shipshape_core::engine::FixMode;

fn content(name: Option<&str>, text: &str) -> Input {
    Input::Content {
        name: name.map(str::to_owned),
        bytes: text.as_bytes().to_vec(),
    }
}

fn codes(run: &shipshape_check::Run) -> Vec<&'static str> {
    run.findings().map(|(_, d)| d.rule.code).collect()
}

#[test]
fn checks_content_in_memory_by_name_or_by_content() {
    let ws = Workspace::open(Options {
        no_config: true,
        ..Options::default()
    })
    .unwrap();
    let run = ws.check(&[content(Some("Dockerfile"), "FROM ubuntu\n")]).unwrap();
    assert!(codes(&run).contains(&"DF006"));
    assert!(run.failing());
    // No name: judged by content.
    let run = ws.check(&[content(None, "services:\n  web:\n    image: nginx\n")]).unwrap();
    assert!(codes(&run).contains(&"DC013"), "{:?}", codes(&run));
    // Nothing infrastructure.
    let run = ws.check(&[content(Some("notes.txt"), "hello\n")]).unwrap();
    assert!(!run.found_infrastructure());
}

#[test]
fn several_workspaces_with_their_own_workers_in_one_process() {
    for jobs in [1, 2, 3] {
        let ws = Workspace::open(Options {
            no_config: true,
            jobs: Some(jobs),
            fix: FixMode::Safe,
            // DF009 (apt lists left in a layer) is opt-in.
            selection: shipshape_core::config::CliSelection {
                extend_select: vec!["DF009".into()],
                ..Default::default()
            },
            ..Options::default()
        })
        .unwrap();
        let run = ws
            .check(&[content(
                Some("Dockerfile"),
                "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
            )])
            .unwrap();
        let fixed = run.reports()[0].fixed.clone().unwrap();
        assert!(fixed.contains("rm -rf /var/lib/apt/lists/*"));
    }
}

#[test]
fn unknown_selectors_and_paths_are_typed_errors() {
    let err = Workspace::open(Options {
        selection: shipshape_core::config::CliSelection {
            select: Some(vec!["NOPE123".into()]),
            ..Default::default()
        },
        ..Options::default()
    })
    .err()
    .unwrap();
    assert_eq!(err, shipshape_check::Error::UnknownSelector("NOPE123".into()));
    let ws = Workspace::open(Options {
        no_config: true,
        ..Options::default()
    })
    .unwrap();
    let err = ws.check(&[Input::Path("/nonexistent/shipshape".into())]).err().unwrap();
    assert!(matches!(err, shipshape_check::Error::Path { .. }), "{err}");
}

/// `shipshape explain NAME`, `--select NAME` and suppressions by name must mean one rule: codes and
/// names are unique across every domain and the engine.
#[test]
fn rule_codes_and_names_are_unique_across_the_registry() {
    let reg = shipshape_check::Domains::default().registry();
    let mut seen = std::collections::HashMap::new();
    for r in reg.rules() {
        for key in [r.code, r.name] {
            if let Some(other) = seen.insert(key, r.code) {
                panic!("`{key}` names both {other} and {}", r.code);
            }
        }
    }
    assert!(seen.len() > 700, "{}", seen.len());
}

/// Every rule option is documented, and its default is a TOML value of its own type.
#[test]
fn rule_options_are_typed_and_documented() {
    let reg = shipshape_check::Domains::default().registry();
    let mut count = 0;
    for r in reg.rules() {
        for o in r.options {
            let v: toml::Table = toml::from_str(&format!("v = {}", o.default)).unwrap_or_else(|e| panic!("{} {}: {e}", r.code, o.key));
            assert!(
                o.kind.accepts(&v["v"]),
                "{} {}: default `{}` is not a {}",
                r.code,
                o.key,
                o.default,
                o.kind.as_str()
            );
            assert!(!o.doc.is_empty() && r.docs.contains(o.key), "{} {}: undocumented", r.code, o.key);
            count += 1;
        }
    }
    assert!(count >= 8, "{count}");
}

/// docs/severity.md: every info rule is hygiene and opt-in; the engine's own `SS*` findings always show.
#[test]
fn no_info_rule_is_on_by_default() {
    let reg = shipshape_check::Domains::default().registry();
    let on: Vec<_> = reg
        .rules()
        .iter()
        .filter(|r| r.default && r.severity == shipshape_core::Severity::Info && !r.code.starts_with("SS"))
        .map(|r| r.code)
        .collect();
    assert!(on.is_empty(), "info rules on by default: {on:?}");
}
