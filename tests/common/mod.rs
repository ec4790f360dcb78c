//! What every CLI test file needs: the binary without colours, and a project in a temporary folder.
#![allow(dead_code, clippy::unwrap_used, clippy::print_stderr)]

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

/// The Python with the real MCP and LSP clients (`SHIPSHAPE_CLIENT_PYTHON`, set by scripts/test.sh);
/// `None` (the test is skipped) outside CI when it is not installed.
pub fn client_python() -> Option<String> {
    match std::env::var("SHIPSHAPE_CLIENT_PYTHON") {
        Ok(p) => Some(p),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must set SHIPSHAPE_CLIENT_PYTHON (scripts/test.sh does)"
            );
            eprintln!("skipped: SHIPSHAPE_CLIENT_PYTHON is not set (bash scripts/install-peers.sh installs the client)");
            None
        }
    }
}
