//! Fixes that must take effect or not be offered: each case once broke a file or looped.
#![allow(clippy::unwrap_used)]

mod common;

use common::{run_with, settings};
use shipshape_core::engine::FixMode;

/// Fix `src` with only `code` selected: the fixed text (if any) and the codes still reported.
fn fix(src: &str, code: &str) -> (Option<String>, usize, Vec<&'static str>) {
    let s = settings(&[code], "");
    let r = run_with(src, &s, FixMode::Unsafe, None);
    let left = r.findings.iter().map(|f| f.diagnostic.rule.code).collect();
    (r.fixed, r.fixes_applied, left)
}

#[test]
fn apt_lists_cleanup_goes_before_a_trailing_comment() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x # comment\n";
    let (fixed, applied, left) = fix(src, "DF009");
    assert_eq!(
        fixed.as_deref(),
        Some(
            "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x \\\n    && rm -rf /var/lib/apt/lists/* # comment\n"
        )
    );
    assert_eq!(applied, 1, "the fix is applied once, not once per pass");
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn apt_lists_cleanup_after_a_continued_line_ending_in_a_comment() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && echo done # trailing note\n";
    let (fixed, applied, left) = fix(src, "DF009");
    assert_eq!(
        fixed.as_deref(),
        Some(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && echo done \\\n    && rm -rf /var/lib/apt/lists/* # trailing note\n"
        )
    );
    assert_eq!(applied, 1);
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn apt_lists_cleanup_before_a_trailing_semicolon() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x;\n";
    let (fixed, _, left) = fix(src, "DF009");
    assert_eq!(
        fixed.as_deref(),
        Some("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x \\\n    && rm -rf /var/lib/apt/lists/*;\n")
    );
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn apt_lists_cleanup_is_not_offered_after_a_background_command() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x & # note\n";
    let (fixed, _, left) = fix(src, "DF009");
    assert_eq!(fixed, None);
    assert_eq!(left, vec!["DF009"], "the finding stays, without a fix");
}

#[test]
fn shell_form_cmd_with_a_comment_is_not_converted() {
    // `["node", "server.js", "#", "start"]` would pass the comment to node as arguments.
    let src = "FROM node:22-slim\nCMD node server.js # start\n";
    let (fixed, _, left) = fix(src, "DF024");
    assert_eq!(fixed, None);
    assert_eq!(left, vec!["DF024"]);
}
