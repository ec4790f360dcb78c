//! Cross-file rules read the files beside a Compose file through the run's `SourceTree` (issue
//! 14): a Dockerfile, env file or sibling Compose file that exists only in an `Overlay` (an
//! editor's unsaved buffer, a file an agent is about to write) is seen as if it were on disk.
#![allow(clippy::unwrap_used, clippy::panic)]

use shipshape_compose::ComposeChecker;
use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{File, check_tree, spans};
use shipshape_core::tree::{Disk, Overlay, SourceTree};
use std::path::Path;
use std::sync::Arc;

/// The engine run on one Compose file at `path`, reading the files beside it from `tree`: the
/// (code, span text) of its findings, sorted.
fn run_tree(tree: Arc<dyn SourceTree>, path: &Path, src: &str, select: &[&str]) -> Vec<(String, String)> {
    let display = path.display().to_string();
    let file = File {
        kind: FileKind::Compose,
        display: &display,
        path: Some(path.to_path_buf()),
    };
    let r = check_tree(tree, &ComposeChecker::default(), file, src, select, FixMode::Off);
    let mut got = spans(&r, src);
    got.sort();
    got
}

const SRC: &str = "services:\n  api:\n    build:\n      context: ./api\n      target: prod\n    env_file: [app.env]\n    ports: [\"8080:3000\"]\n    depends_on: [db]\n";
const SELECT: &[&str] = &["DC026", "DC036", "DC037", "DC038"];

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn overlay_files_are_seen_by_cross_file_rules() {
    // Nothing is written to disk: the directory is empty.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compose.yaml");

    // On disk alone: the build context and env file are missing, `db` is unknown.
    let disk = run_tree(Arc::new(Disk), &path, SRC, SELECT);
    assert_eq!(disk, pairs(&[("DC026", "db"), ("DC036", "./api"), ("DC036", "app.env")]), "on disk");

    // The overlay holds the Dockerfile (no stage `prod`, EXPOSE 80), the env file, and a sibling
    // Compose file (found by listing the directory) defining `db`.
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&path, SRC);
    overlay.insert(
        &dir.path().join("api/Dockerfile"),
        "FROM alpine:3.22 AS build\nFROM alpine:3.22 AS release\nEXPOSE 80\n",
    );
    overlay.insert(&dir.path().join("app.env"), "KEY=1\n");
    overlay.insert(
        &dir.path().join("compose.override.yaml"),
        "services:\n  db:\n    image: postgres:17\n",
    );
    let seen = run_tree(Arc::new(overlay), &path, SRC, SELECT);
    assert_eq!(seen, pairs(&[("DC037", "prod"), ("DC038", "\"8080:3000\"")]), "through the overlay");
}

#[test]
fn an_overlay_env_file_is_the_projects_env() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compose.yaml");
    // `.env` only in the overlay: its `TAG=latest` is what runs (on disk the tag is unset: unknown).
    let src = "services:\n  api:\n    image: acme/api:${TAG}\n";
    assert!(run_tree(Arc::new(Disk), &path, src, &["DC013"]).is_empty(), "TAG unset on disk");
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&dir.path().join(".env"), "TAG=latest\n");
    assert_eq!(
        run_tree(Arc::new(overlay), &path, src, &["DC013"]),
        pairs(&[("DC013", "acme/api:${TAG}")]),
        "TAG from the overlay's .env"
    );
}
