//! The labelled fixture set (tests/fixtures/README.md): every case's repositories go through
//! `dupes`, and the clusters found are matched against the expected ones. Precision and recall
//! over the whole set must reach 95 % and 90 %.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

use shipshape_dupes::{Options, Report, run};
use std::path::{Path, PathBuf};

/// (path, line, end line).
type Span = (String, u32, u32);
/// (proposal kind, members).
type Found = (String, Vec<Span>);

#[derive(Debug)]
struct Expected {
    proposal: String,
    members: Vec<Span>,
    parameters: Option<Vec<Vec<String>>>,
    existing: Option<String>,
}

fn load(case: &Path) -> Vec<Expected> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
    v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Expected {
            proposal: c["proposal"].as_str().unwrap().to_owned(),
            members: c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["path"].as_str().unwrap().to_owned(),
                        m["line"].as_u64().unwrap() as u32,
                        m["end_line"].as_u64().unwrap() as u32,
                    )
                })
                .collect(),
            parameters: c["parameters"].as_array().map(|ps| {
                ps.iter()
                    .map(|p| p.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("").to_owned()).collect())
                    .collect()
            }),
            existing: c["existing"].as_str().map(str::to_owned),
        })
        .collect()
}

/// A member matches when the path is the same and the ranges overlap by half the expected one.
fn member_matches(e: &Span, got: &Span) -> bool {
    let lo = e.1.max(got.1);
    let hi = e.2.min(got.2);
    e.0 == got.0 && hi >= lo && (hi + 1 - lo) * 2 >= e.2 + 1 - e.1
}

fn cluster_matches(e: &Expected, got: &Found) -> bool {
    e.proposal == got.0 && e.members.len() == got.1.len() && e.members.iter().all(|m| got.1.iter().any(|g| member_matches(m, g)))
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn dupes(case: &Path) -> Report {
    let mut roots: Vec<PathBuf> = std::fs::read_dir(case)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    roots.sort();
    run(&roots, &Options::default()).unwrap()
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    let (mut tp_found, mut found, mut tp_expected, mut expected) = (0, 0, 0, 0);
    let mut params_ok = 0;
    let mut params_checked = 0;
    let mut report = String::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let want = load(&case);
        let r = dupes(&case);
        let prefix = format!("{}/", case.display());
        let got: Vec<Found> = r
            .clusters
            .iter()
            .map(|c| {
                (
                    c.proposal.kind.as_str().to_owned(),
                    c.members
                        .iter()
                        .map(|m| (m.path.strip_prefix(&prefix).unwrap_or(&m.path).to_owned(), m.line, m.end_line))
                        .collect(),
                )
            })
            .collect();
        found += got.len();
        expected += want.len();
        for (gi, g) in got.iter().enumerate() {
            if want.iter().any(|e| cluster_matches(e, g)) {
                tp_found += 1;
            } else {
                report.push_str(&format!("{name}: unexpected {} {:?}\n", g.0, g.1));
            }
            if let Some(e) = want.iter().find(|e| cluster_matches(e, g)) {
                if let Some(ps) = &e.parameters {
                    params_checked += 1;
                    // Values per parameter as sets of value lists, in the expected member order.
                    let c = &r.clusters[gi];
                    let order: Vec<usize> = e
                        .members
                        .iter()
                        .map(|m| g.1.iter().position(|x| member_matches(m, x)).unwrap_or(0))
                        .collect();
                    let mut have: Vec<Vec<String>> = c
                        .parameters
                        .iter()
                        .map(|p| order.iter().map(|&i| p.values[i].clone()).collect())
                        .collect();
                    let mut want_ps = ps.clone();
                    have.sort();
                    want_ps.sort();
                    if have == want_ps {
                        params_ok += 1;
                    } else {
                        report.push_str(&format!("{name}: parameters {have:?}, expected {want_ps:?}\n"));
                    }
                }
                if let Some(x) = &e.existing
                    && r.clusters[gi]
                        .proposal
                        .existing
                        .as_deref()
                        .map(|p| p.strip_prefix(&prefix).unwrap_or(p))
                        != Some(x.as_str())
                {
                    report.push_str(&format!("{name}: existing {:?}, expected {x}\n", r.clusters[gi].proposal.existing));
                }
            }
        }
        for e in &want {
            if got.iter().any(|g| cluster_matches(e, g)) {
                tp_expected += 1;
            } else {
                report.push_str(&format!("{name}: missed {} {:?}\n", e.proposal, e.members));
            }
        }
    }
    let precision = if found == 0 { 1.0 } else { tp_found as f64 / found as f64 };
    let recall = if expected == 0 { 1.0 } else { tp_expected as f64 / expected as f64 };
    eprintln!(
        "dupes fixtures: precision {:.1} % ({tp_found}/{found}), recall {:.1} % ({tp_expected}/{expected}), parameters right {params_ok}/{params_checked}\n{report}",
        precision * 100.0,
        recall * 100.0
    );
    assert!(expected >= 20, "the labelled set is missing");
    assert!(
        precision >= 0.95 && recall >= 0.90,
        "precision {precision:.3}, recall {recall:.3}\n{report}"
    );
}

/// An abstraction that saves fewer than three lines costs more than it removes (a new file, and a
/// call naming it in each copy): three one-line steps in two workflows save one line and are not
/// reported; six save four and are.
#[test]
fn a_cluster_saving_fewer_than_three_lines_is_not_reported() {
    let clusters = |steps: usize| {
        let dir = tempfile::tempdir().unwrap();
        let wf = dir.path().join("repo/.github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        let run: String = (0..steps).map(|i| format!("      - run: make target-{i}\n")).collect();
        // Each job does more of its own: the steps, not the jobs, are the copies.
        for (name, job, own) in [("a.yml", "build", "./build.sh --all"), ("b.yml", "release", "gh release create v1")] {
            let text = format!("on: push\njobs:\n  {job}:\n    runs-on: ubuntu-latest\n    steps:\n{run}      - run: {own}\n");
            std::fs::write(wf.join(name), text).unwrap();
        }
        run_dupes(&[dir.path().join("repo")]).clusters.len()
    };
    assert_eq!(clusters(3), 0);
    assert_eq!(clusters(6), 1);
}

fn run_dupes(roots: &[PathBuf]) -> Report {
    run(roots, &Options::default()).unwrap()
}
