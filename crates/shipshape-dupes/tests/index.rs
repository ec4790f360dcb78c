//! Indexes: each repository indexed on its own (`--index-out`), the indexes merged (`--index`),
//! give the clusters one run over all the repositories gives, on the labelled set's
//! cross-repository cases and on every repository of ../shared/corpus.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

use shipshape_dupes::{Index, Options, collect, index, merge, render, report};
use std::path::{Path, PathBuf};

fn dirs(root: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    if depth > 1 {
        out = out.iter().flat_map(|d| dirs(d, depth - 1)).collect();
    }
    out
}

/// One run over `roots`, and the merge of one index per root (each through its JSON form, as a
/// CI job would write it), render the same report.
fn same_clusters(roots: &[PathBuf]) -> usize {
    let opts = Options::default();
    let one = render::json(&report(index(collect(roots).unwrap()), &opts));
    let parts: Vec<Index> = roots
        .iter()
        .map(|r| {
            let json = serde_json::to_string(&index(collect(std::slice::from_ref(r)).unwrap())).unwrap();
            serde_json::from_str(&json).unwrap()
        })
        .collect();
    let merged = render::json(&report(merge(parts).unwrap(), &opts));
    assert_eq!(one, merged, "{roots:?}");
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    v["clusters"].as_array().unwrap().len()
}

#[test]
fn merged_indexes_give_the_clusters_of_one_run() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for case in dirs(&fixtures, 1) {
        let repos = dirs(&case, 1);
        if repos.len() >= 2 {
            assert!(same_clusters(&repos) >= 1, "{}", case.display());
            checked += 1;
        }
    }
    assert!(checked >= 3, "cross-repository cases missing");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.is_dir() {
        assert!(std::env::var("CI").is_err(), "CI must have ../shared/corpus");
        eprintln!("skipped the corpus: none at {}", corpus.display());
        return;
    }
    let clusters = same_clusters(&dirs(&corpus, 2));
    assert!(clusters > 100, "{clusters}");
}

#[test]
fn an_index_of_another_version_is_refused() {
    let mut ix = index(Vec::new());
    ix.version = 99;
    assert!(merge(vec![ix]).unwrap_err().to_string().contains("version 99"));
}
