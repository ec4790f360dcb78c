//! Memory stays linear in the input. Its own test binary (one process, one test) so the peak resident size
//! read from /proc belongs to this check alone.
#![allow(clippy::unwrap_used)]
// Reads /proc/self/status for the peak resident size: the process's own file, not a checked tree.
#![allow(clippy::disallowed_methods)]

mod common;

use shipshape_core::engine::FixMode;

/// Peak resident set size of this process in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Fuzz case memory-dockerfile-copy-workdir-quadratic: every relative WORKDIR nests one level deeper, and
/// DF072 kept a whole path string per COPY destination (1.4 GiB for 10,000 pairs).
#[test]
fn nested_relative_workdirs_with_copies_stay_linear() {
    let Some(before) = peak_rss_kib() else { return };
    let mut src = String::from("FROM alpine:3.20\n");
    for _ in 0..10_000 {
        src.push_str("COPY build.sh $SRC/\nWORKDIR $SRC/python-lz4\n");
    }
    src.push_str("RUN chown -R app .\n");
    let s = common::settings(&["ALL"], "");
    let report = common::run_with(&src, &s, FixMode::Off, None);
    // The last WORKDIR holds no copy; its parent does, but `.` is the last WORKDIR itself.
    assert!(report.findings.iter().all(|f| f.diagnostic.rule.code != "DF072"));
    let grown = peak_rss_kib().unwrap().saturating_sub(before);
    assert!(grown < 200 * 1024, "checking grew the peak resident size by {grown} KiB");
}
