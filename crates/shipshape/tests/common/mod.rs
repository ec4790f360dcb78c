//! What every CLI test file needs: the binary without colours, and a project in a temporary folder.
#![allow(dead_code, clippy::unwrap_used)]

use assert_cmd::Command;

pub fn shipshape() -> Command {
    let mut c = Command::cargo_bin("shipshape").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_STEP_SUMMARY");
    c
}

pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}
