//! Fixes that must take effect or not be offered: each case once broke a file or looped.
#![allow(clippy::unwrap_used)]
// The test itself reads its fixtures from disk (the seed fixtures are read from the disk, not checked through a tree).
#![allow(clippy::disallowed_methods)]

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
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x # comment\n";
    let (fixed, applied, left) = fix(src, "DF009");
    assert_eq!(
        fixed.as_deref(),
        Some(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x \\\n    && rm -rf /var/lib/apt/lists/* # comment\n"
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
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x;\n";
    let (fixed, _, left) = fix(src, "DF009");
    assert_eq!(
        fixed.as_deref(),
        Some(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x \\\n    && rm -rf /var/lib/apt/lists/*;\n"
        )
    );
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn apt_lists_cleanup_is_not_offered_after_a_background_command() {
    let src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends x & # note\n";
    let (fixed, _, left) = fix(src, "DF009");
    assert_eq!(fixed, None);
    assert_eq!(left, vec!["DF009"], "the finding stays, without a fix");
}

#[test]
fn apt_lists_cleanup_is_not_offered_for_an_update_alone() {
    // `RUN apt-get update && rm -rf /var/lib/apt/lists/*` would do nothing: the finding stays, without a fix.
    let src = "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends x\n";
    let (fixed, _, left) = fix(src, "DF009");
    assert_eq!(fixed, None);
    assert_eq!(left, vec!["DF009"]);
}

#[test]
fn no_fix_edits_the_json_string_of_an_exec_form_script() {
    // An inserted quote, backslash or newline would break the JSON: the findings stay, unfixed.
    let src =
        "FROM debian:bookworm-slim\nRUN [\"/bin/sh\", \"-c\", \"apt-get update && apt-get install curl && pip install flask==3.1.0\"]\n";
    for code in ["DF009", "DF014", "DF015", "DF038"] {
        let (fixed, _, left) = fix(src, code);
        assert_eq!(fixed, None, "{code}");
        assert_eq!(left, vec![code]);
    }
}

#[test]
fn shell_form_cmd_with_a_comment_is_not_converted() {
    // `["node", "server.js", "#", "start"]` would pass the comment to node as arguments.
    let src = "FROM node:22-slim\nCMD node server.js # start\n";
    let (fixed, _, left) = fix(src, "DF024");
    assert_eq!(fixed, None);
    assert_eq!(left, vec!["DF024"]);
}

/// Every edit of every fix offered on the documented examples and alternatives and on the seed
/// fixtures (all rules on) must change the text: a fix that rewrites something into itself is
/// never offered.
#[test]
fn no_fix_is_a_no_op() {
    use shipshape_core::testkit::doc_block;
    use shipshape_dockerfile::rules::ALL;
    let with_from = |s: &str| {
        if s.lines().any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM ")) {
            format!("{s}\n")
        } else {
            format!("FROM debian:bookworm-slim\n{s}\n")
        }
    };
    let mut inputs: Vec<(String, String)> = ALL
        .iter()
        .flat_map(|r| {
            ["Example", "Use instead"].map(|section| (format!("{} {section}", r.meta.code), with_from(doc_block(r.meta.docs, section))))
        })
        .collect();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let path = entry.unwrap().path();
        inputs.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
    }
    let s = settings(&["ALL"], "");
    let (mut failures, mut fixes) = (Vec::new(), 0);
    for (name, src) in &inputs {
        for f in run_with(src, &s, FixMode::Off, None).findings {
            for fix in f.diagnostic.fix.iter() {
                fixes += 1;
                for e in fix.edits.iter().filter(|e| e.span.text(src) == e.replacement) {
                    failures.push(format!(
                        "{}: `{}` rewrites `{}` into itself ({name})",
                        f.diagnostic.rule.code, fix.message, e.replacement
                    ));
                }
            }
        }
    }
    assert!(fixes > 20, "only {fixes} fixes seen: the test checks too little");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pipefail_shell_goes_above_the_runs_it_follows_so_it_splits_none() {
    let src = "FROM debian:bookworm-slim\nENV A=1\nRUN echo a\nRUN curl -fsSL https://example.com/x.tgz | tar -xz\n";
    let s = settings(&["DF054", "DF046"], "");
    let r = run_with(src, &s, FixMode::Unsafe, None);
    assert_eq!(
        r.fixed.as_deref(),
        Some(
            "FROM debian:bookworm-slim\nENV A=1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo a\nRUN curl -fsSL https://example.com/x.tgz | tar -xz\n"
        )
    );
    let left: Vec<_> = r.findings.iter().map(|f| f.diagnostic.rule.code).collect();
    assert_eq!(left, ["DF046"], "only the consecutive RUNs are left");
}
