//! The progress bar (issue 19): drawn on a terminal's stderr when a run takes more than a moment,
//! never on a pipe, never with `--no-progress`. The terminal is `script`'s pseudo-terminal.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

/// What a check of `dir` shows on a terminal (stdout to /dev/null), through `script`.
fn on_a_terminal(dir: &Path, extra: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI has util-linux's `script`");
        eprintln!("skipped: no `script`");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("shipshape");
    let log = tempfile::NamedTempFile::new().unwrap();
    let cmd = format!(
        "'{}' check --exit-zero --format concise {extra} '{}' > /dev/null",
        bin.display(),
        dir.display()
    );
    let status = Command::new("script").args(["-qec", &cmd]).arg(log.path()).output().unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    Some(String::from_utf8_lossy(&std::fs::read(log.path()).unwrap()).into_owned())
}

#[test]
fn a_long_run_on_a_terminal_shows_its_progress() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI has ../shared/corpus");
        return;
    }
    // Three copies of the corpus (hard links): long enough to pass the moment the bar waits.
    let tree = tempfile::tempdir().unwrap();
    for i in 0..3 {
        let ok = Command::new("cp")
            .arg("-al")
            .arg(&corpus)
            .arg(tree.path().join(format!("c{i}")))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let Some(shown) = on_a_terminal(tree.path(), "") else { return };
    assert!(shown.contains("checking") && shown.contains("files"), "{shown}");
    let quiet = on_a_terminal(tree.path(), "--no-progress").unwrap();
    assert!(!quiet.contains("checking"), "{quiet}");
    // On a pipe, never.
    let out = Command::new(assert_cmd::cargo::cargo_bin("shipshape"))
        .args(["check", "--exit-zero", "--format", "concise"])
        .arg(tree.path())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("checking"));
}
