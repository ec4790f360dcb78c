//! Hostile inputs: no panic, bounded time, and fixes that are idempotent on arbitrary text.
#![allow(clippy::unwrap_used)]

mod common;

use proptest::prelude::*;
use shipshape_core::engine::FixMode;

fn check_all(src: &str) -> usize {
    let s = common::settings(&["ALL"], "");
    common::run_with(src, &s, FixMode::Off, None).findings.len()
}

#[test]
fn hostile_inputs_do_not_panic() {
    let long_line = format!("FROM alpine:3.20\nRUN echo {}\n", "a".repeat(1 << 20));
    let many_continuations = format!("FROM alpine:3.20\nRUN echo \\\n{}done\n", "  x \\\n".repeat(10_000));
    let inputs: Vec<String> = vec![
        String::new(),
        "\u{feff}".into(),
        "FROM alpine\nRUN <<EOF\necho never ends\n".into(),
        "FROM alpine\nRUN <<EOF <<EOF2 <<\n".into(),
        "FROM a\0b\nRUN \0\0\0\n".into(),
        "\\\n\\\n\\".into(),
        "# escape=`\n# escape=x\nFROM a `".into(),
        "ONBUILD ONBUILD ONBUILD RUN x".into(),
        "FROM\nCOPY\nRUN\nHEALTHCHECK\nSHELL sh\nEXPOSE 99999999999999999999\nENV\nARG\n".into(),
        "FROM alpine\nRUN $(((((((((((((((((((((((((((\n".into(),
        "FROM alpine\nCMD [\"unterminated\nCMD [\"\\u12\"]\n".into(),
        "FROM ${A:-${B:-${C:-${D:-${E:-${F:-${G:-${H:-${I:-${J:-x}}}}}}}}}}\n".into(),
        String::from_utf8_lossy(b"FROM alpine\nRUN echo \xff\xfe\n").into_owned(),
        "FROM alpine\r\nRUN apt-get install curl \\\r\n  wget\r\n".into(),
        long_line,
        many_continuations,
    ];
    for input in &inputs {
        let start = std::time::Instant::now();
        check_all(input);
        assert!(start.elapsed().as_secs() < 20, "took too long on input of {} bytes", input.len());
    }
}

#[test]
fn empty_file_is_a_parse_error_not_a_crash() {
    let s = common::settings(&["DF000"], "");
    let r = common::run_with("", &s, FixMode::Off, None);
    assert_eq!(r.findings.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn parser_is_total(src in "(FROM|RUN|COPY|ADD|ENV|ARG|CMD|#|<<EOF|EOF|\\\\|\n| |--from=x|apt-get install|&&|\\||\"|'|\\$\\{A:-b\\}|\\[|\\]|[a-z]{1,4}){0,60}") {
        check_all(&src);
    }

    #[test]
    fn fixing_twice_is_fixing_once(
        pkgs in proptest::collection::vec("[a-z]{2,8}", 1..4),
        add in any::<bool>(),
        pip in any::<bool>(),
        apk in any::<bool>(),
    ) {
        let mut src = String::from("FROM debian:12 as base\nMAINTAINER someone\n");
        src.push_str(&format!("RUN apt update && apt install {}\n", pkgs.join(" ")));
        if add { src.push_str("ADD app.py /app/\n"); }
        if pip { src.push_str(&format!("RUN pip install {}\n", pkgs[0])); }
        if apk { src.push_str("RUN apk add curl\n"); }
        src.push_str("CMD python app.py\n");
        let s = common::settings(&["ALL"], "");
        let once = common::run_with(&src, &s, FixMode::Unsafe, None).fixed.unwrap_or(src.clone());
        let twice = common::run_with(&once, &s, FixMode::Unsafe, None).fixed;
        prop_assert!(twice.is_none(), "second fix changed:\n{}\n---\n{}", once, twice.unwrap_or_default());
    }
}
