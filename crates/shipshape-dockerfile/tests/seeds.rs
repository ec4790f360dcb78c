//! The seeds' own Dockerfile examples (SEED-REQUIREMENTS.md §6.1), with the findings the requirements
//! list for them. Each fixture's first line names what must fire (`expect:`) or stay silent (`expect-none:`).
#![allow(clippy::unwrap_used)]
// The test itself reads its fixtures from disk (the fixtures are read from the disk, not checked through a tree).
#![allow(clippy::disallowed_methods)]

mod common;

#[test]
fn seed_examples_have_their_expected_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 8);
    let mut failures = Vec::new();
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let header = src.lines().next().unwrap();
        let codes = common::codes(&src, &["ALL"]);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!codes.contains(&"DF000".to_owned()), "{name}: parse error");
        if let Some(list) = header.split("expect-none:").nth(1) {
            for code in list.split_whitespace() {
                if codes.iter().any(|c| c == code) {
                    failures.push(format!("{name}: {code} fired but must not"));
                }
            }
        } else if let Some(list) = header.split("expect:").nth(1) {
            for code in list.split_whitespace() {
                if !codes.iter().any(|c| c == code) {
                    failures.push(format!("{name}: {code} expected, got {codes:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The seeds' reference-quality "after" Dockerfile: at warning level only its one known defect.
#[test]
fn corrected_seed_example_is_quiet() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/F03.Dockerfile");
    let src = std::fs::read_to_string(path).unwrap();
    let s = common::settings(&[], "");
    let r = common::run_with(&src, &s, shipshape_core::engine::FixMode::Off, None);
    let loud: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.diagnostic.severity >= shipshape_core::Severity::Warning)
        .map(|f| f.diagnostic.rule.code)
        .collect();
    assert_eq!(loud, vec!["DF007"]);
}
