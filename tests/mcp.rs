//! `shipshape mcp` driven by the real MCP client (Python `mcp` from PyPI, installed by
//! `scripts/install-peers.sh`; `SHIPSHAPE_CLIENT_PYTHON` names its interpreter).
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

#[test]
fn the_python_mcp_client_drives_every_tool() {
    let Some(python) = common::client_python() else { return };
    let binary = assert_cmd::cargo::cargo_bin("shipshape");
    let work = tempfile::tempdir().unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(binary)
        .arg(work.path())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the MCP client failed:\n{stdout}\n{stderr}");
    eprintln!("{stdout}");
}
