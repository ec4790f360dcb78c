//! Rules that look at the build context around the Dockerfile.
#![allow(clippy::unwrap_used)]

mod common;

use shipshape_core::engine::FixMode;

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
