//! `dupes` over the fuzzer's hostile inputs (crates/shipshape-fuzz/regressions: alias bombs, deep
//! nesting, 10,000 continuation lines, odd encodings) and over each of them twice (so that every
//! region has a copy to compare with): no panic, no stack overflow, a report.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use shipshape_dupes::{Options, run};
use std::path::Path;

#[test]
fn hostile_inputs_give_a_report() {
    let regressions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shipshape-fuzz/regressions");
    let report = run(std::slice::from_ref(&regressions), &Options::default()).unwrap();
    assert!(report.files_scanned >= 20, "{}", report.files_scanned);
    // Twice over: every region meets its copy.
    let twice = run(&[regressions.clone(), regressions], &Options::default()).unwrap();
    assert!(twice.clusters.len() >= report.clusters.len());
}
