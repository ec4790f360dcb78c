//! Every saved regression input passes every oracle: each crash the fuzzer ever found stays fixed.

use shipshape_fuzz::mutate::Input;
use shipshape_fuzz::oracle::{Harness, Setup};
use shipshape_fuzz::seeds::{cases, regressions_dir};
use std::time::{Duration, Instant};

/// Generous: the test build is unoptimised; the fuzzer's own limit (release) is 10 s.
const TIME_LIMIT: Duration = Duration::from_secs(120);

#[test]
fn every_regression_passes_every_oracle() {
    let setup = Setup::new().expect("setup");
    let mut harness = Harness::new(&setup);
    let all = cases(&regressions_dir()).expect("regressions/ is readable");
    assert!(!all.is_empty(), "no regression cases found");
    let mut broken = Vec::new();
    for case in all {
        let origin = case.origin.clone();
        let mut input = Input::plain(case.name, case.bytes, case.origin, case.planted);
        input.before = case.before;
        let started = Instant::now();
        let verdict = harness.check(&input);
        let took = started.elapsed();
        for f in verdict.failures {
            broken.push(format!("{origin}: {}\n    {}", f.signature, f.detail.replace('\n', "\n    ")));
        }
        if took > TIME_LIMIT {
            broken.push(format!("{origin}: took {took:?}"));
        }
    }
    assert!(broken.is_empty(), "{} regression(s) fail:\n{}", broken.len(), broken.join("\n"));
}
