//! `shipshape server` driven by a real LSP client (pytest-lsp from PyPI, installed by
//! `scripts/install-peers.sh`; `SHIPSHAPE_CLIENT_PYTHON` names its interpreter).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

#[test]
fn pytest_lsp_drives_diagnostics_code_actions_and_hover() {
    let Some(python) = common::client_python() else { return };
    let root = tempfile::tempdir().unwrap();
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp");
    let out = std::process::Command::new(python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
        ])
        .arg(tests.join("test_server.py"))
        .env("SHIPSHAPE_BIN", assert_cmd::cargo::cargo_bin("shipshape"))
        .env("SHIPSHAPE_ROOT", root.path())
        .current_dir(&tests)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the LSP client tests failed:\n{stdout}\n{stderr}");
}
