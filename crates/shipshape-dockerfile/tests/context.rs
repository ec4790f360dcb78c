//! Rules that look at the build context around the Dockerfile.
#![allow(clippy::unwrap_used)]

mod common;

use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{File, check_tree};
use shipshape_core::tree::{Disk, Overlay};
use shipshape_dockerfile::DockerfileChecker;
use std::sync::Arc;

fn run(dir: &std::path::Path, src: &str) -> Vec<String> {
    let path = dir.join("Dockerfile");
    std::fs::write(&path, src).unwrap();
    let s = common::settings(&["DF075"], "");
    let r = common::run_with(src, &s, FixMode::Off, Some(path));
    r.findings.iter().map(|f| f.diagnostic.message.clone()).collect()
}

#[test]
fn dockerignore_missing_and_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n";
    // Nothing a checkout or a local build adds (no `.git`, no dependency manifest, no `.env`):
    // neko's Go `server/`, judged not worth acting on, the sixty-ninth sample.
    assert!(run(dir.path(), src).is_empty());
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    let m = run(dir.path(), src);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("no .dockerignore"));
    let s = common::settings(&["DF075"], "");
    let r = common::run_with(src, &s, FixMode::Off, Some(dir.path().join("Dockerfile")));
    let span = r.findings[0].diagnostic.span;
    assert_eq!((&src[span.start..span.end], span.start), (".", src.find(". .").unwrap()));
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".dockerignore"), "dist\n").unwrap();
    let m = run(dir.path(), src);
    assert_eq!(m.len(), 1);
    assert!(m[0].contains(".git") && m[0].contains("node_modules"), "{m:?}");
    std::fs::write(dir.path().join(".dockerignore"), ".git\n**/node_modules\n").unwrap();
    assert!(run(dir.path(), src).is_empty());
    // No whole-context copy: nothing to say.
    std::fs::remove_file(dir.path().join(".dockerignore")).unwrap();
    assert!(run(dir.path(), "FROM node:22-slim\nCOPY server.js /app/\n").is_empty());
}

#[test]
fn healthcheck_module_missing_from_the_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = "FROM python:3.13-slim AS b\nRUN uv sync --frozen --no-dev\nFROM python:3.13-slim\nCOPY --from=b /app/.venv /app/.venv\nHEALTHCHECK CMD python -c \"import requests\"\n";
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, src).unwrap();
    let s = common::settings(&["DF079"], "");
    let run = || common::run_with(src, &s, FixMode::Off, Some(path.clone())).findings.len();
    assert_eq!(run(), 0, "no manifests: the copied venv may hold it");
    std::fs::write(dir.path().join("uv.lock"), "[[package]]\nname = \"fastapi\"\n").unwrap();
    assert_eq!(run(), 1);
    std::fs::write(dir.path().join("uv.lock"), "[[package]]\nname = \"requests\"\n").unwrap();
    assert_eq!(run(), 0);
}

/// hoppscotch builds `packages/*/Dockerfile` with the repository root as context, whose
/// .dockerignore applies: a missing one beside the Dockerfile is not a finding then.
#[test]
fn a_dockerignore_at_the_repository_root_covers_a_sub_directory() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join(".git")).unwrap();
    let app = root.path().join("packages/web");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("package.json"), "{}").unwrap();
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n";
    assert_eq!(run(&app, src).len(), 1, "no .dockerignore anywhere");
    std::fs::write(root.path().join(".dockerignore"), ".git\nnode_modules\n").unwrap();
    assert!(run(&app, src).is_empty());
    // Nothing above the repository root counts.
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join(".dockerignore"), ".git\n").unwrap();
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("svc")).unwrap();
    std::fs::write(repo.join("svc/package.json"), "{}").unwrap();
    assert_eq!(run(&repo.join("svc"), src).len(), 1);
}

/// Cross-file reads go through the run's tree (issue 14): a `.dockerignore` (and lock file) that
/// exists only in an editor's or agent's overlay is seen; nothing here is on disk.
#[test]
fn the_build_context_is_read_through_an_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let path = repo.join("Dockerfile");
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n";
    let run = |overlay: &Overlay, src: &str, select: &[&str]| -> Vec<String> {
        let file = File::at(FileKind::Dockerfile, &path);
        let r = check_tree(
            Arc::new(overlay.clone()),
            &DockerfileChecker::default(),
            file,
            src,
            select,
            FixMode::Off,
        );
        r.findings.iter().map(|f| f.diagnostic.message.clone()).collect()
    };
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&path, src);
    overlay.insert(&repo.join(".git/HEAD"), "ref: refs/heads/main\n");
    let m = run(&overlay, src, &["DF075"]);
    assert!(m.len() == 1 && m[0].contains("no .dockerignore"), "{m:?}");
    overlay.insert(&repo.join(".dockerignore"), ".git\nnode_modules\n");
    assert!(run(&overlay, src, &["DF075"]).is_empty());
    // An overlay file hides the one beneath: an incomplete .dockerignore is judged by its new text.
    overlay.insert(&repo.join("package.json"), "{}");
    overlay.insert(&repo.join(".dockerignore"), "dist\n");
    let m = run(&overlay, src, &["DF075"]);
    assert!(m.len() == 1 && m[0].contains("node_modules"), "{m:?}");
    // A lock file read only from the overlay (context_file).
    let hc = "FROM python:3.13-slim AS b\nRUN uv sync --frozen --no-dev\nFROM python:3.13-slim\nCOPY --from=b /app/.venv /app/.venv\nHEALTHCHECK CMD python -c \"import requests\"\n";
    overlay.insert(&repo.join("uv.lock"), "[[package]]\nname = \"fastapi\"\n");
    assert_eq!(run(&overlay, hc, &["DF079"]).len(), 1);
    overlay.insert(&repo.join("uv.lock"), "[[package]]\nname = \"requests\"\n");
    assert!(run(&overlay, hc, &["DF079"]).is_empty());
}

/// cloudflared, kube-state-metrics (judged wrong, 2026-12-05): the builder copies the context and
/// needs `.git`; only the binary reaches the final image.
#[test]
fn a_context_copied_only_into_build_stages_ships_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    let builder = "FROM golang:1.26 AS builder\nCOPY . .\nRUN make app\nFROM gcr.io/distroless/base\nCOPY --from=builder /go/app /app\n";
    assert!(run(dir.path(), builder).is_empty());
    let shipped = "FROM golang:1.26 AS builder\nRUN echo\nFROM node:22-slim\nCOPY . .\n";
    assert_eq!(run(dir.path(), shipped).len(), 1);
}
