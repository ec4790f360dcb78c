//! Fixture projects copied out of the test tree: the rules treat files under `tests/` as test
//! files (some hygiene rules stay quiet there), so what `init` writes is checked where a real
//! repository would have it.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture, copied into a fresh temporary directory: (the directory, the copies, sorted).
pub fn copied() -> (tempfile::TempDir, Vec<PathBuf>) {
    // Not a hidden directory (`.tmpXXXX`): checkov's Kubernetes scan skips those.
    let tmp = tempfile::Builder::new().prefix("init-fixtures-").tempdir().unwrap();
    let mut out = Vec::new();
    for e in std::fs::read_dir(fixtures_dir()).unwrap().flatten().filter(|e| e.path().is_dir()) {
        let dst = tmp.path().join(e.file_name());
        copy_dir(&e.path(), &dst);
        out.push(dst);
    }
    out.sort();
    assert!(out.len() >= 15, "fixtures missing");
    (tmp, out)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dst = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

/// The CI choices every fixture is generated with: (name, options).
pub fn variants() -> Vec<(&'static str, shipshape_generate::InitOptions)> {
    use shipshape_generate::{Choices, Forge, InitOptions};
    let with = |forge: Forge, deploy: bool| InitOptions {
        choices: Choices {
            registry: forge.registry().to_owned(),
            forge,
            deploy,
            ..Choices::default()
        },
        ..InitOptions::default()
    };
    vec![
        ("github", InitOptions::default()),
        ("github+deploy", with(Forge::GitHub, true)),
        ("gitlab+deploy", with(Forge::GitLab, true)),
    ]
}
