//! Every rule's documented example must fire it and its "use instead" must not; spans are exact;
//! every fix leaves a file that re-checks clean for that rule, and fixing is idempotent.
#![allow(clippy::unwrap_used)]

mod common;

use common::{findings, run_with, settings};
use shipshape_core::engine::FixMode;
use shipshape_dockerfile::rules::ALL;

fn block<'a>(docs: &'a str, section: &str) -> &'a str {
    let start = docs.find(&format!("## {section}\n```dockerfile\n")).unwrap() + section.len() + 18;
    let end = docs[start..].find("\n```").unwrap() + start;
    &docs[start..end]
}

fn with_from(src: &str) -> String {
    if src.lines().any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM ")) {
        format!("{src}\n")
    } else {
        format!("FROM debian:bookworm-slim\n{src}\n")
    }
}

/// Options some rules need to do anything.
fn config_for(code: &str) -> &'static str {
    match code {
        "DF025" => "[rules.DF025]\ntrusted-registries = [\"docker.io\"]\n",
        "DF044" => "[rules.DF044]\nschema = { \"org.opencontainers.image.source\" = \"url\" }\n",
        _ => "",
    }
}

/// Rules whose example needs a file system around it: tested in `context.rs`.
const CONTEXT_RULES: &[&str] = &["DF075"];

#[test]
fn documented_examples_fire_and_alternatives_do_not() {
    let mut failures = Vec::new();
    for rule in ALL {
        let code = rule.meta.code;
        if CONTEXT_RULES.contains(&code) {
            continue;
        }
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let good = with_from(block(rule.meta.docs, "Use instead"));
        let fired = run_with(&bad, &s, FixMode::Off, None);
        if !fired.findings.iter().any(|f| f.diagnostic.rule.code == code) {
            failures.push(format!("{code}: example does not fire:\n{bad}"));
        }
        let quiet = run_with(&good, &s, FixMode::Off, None);
        let hits: Vec<_> = quiet
            .findings
            .iter()
            .filter(|f| f.diagnostic.rule.code == code)
            .map(|f| f.diagnostic.message.clone())
            .collect();
        if !hits.is_empty() {
            failures.push(format!("{code}: 'use instead' fires: {hits:?}\n{good}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixable_rule_fixes_its_example_cleanly_and_idempotently() {
    for rule in ALL.iter().filter(|r| r.meta.fixable()) {
        let code = rule.meta.code;
        let s = settings(&[code], config_for(code));
        let bad = with_from(block(rule.meta.docs, "Example"));
        let fixed = run_with(&bad, &s, FixMode::Unsafe, None);
        let Some(text) = fixed.fixed.clone() else {
            panic!("{code}: no fix applied to\n{bad}")
        };
        assert!(
            fixed.findings.iter().all(|f| f.diagnostic.rule.code != code),
            "{code}: still fires after fixing:\n{text}"
        );
        assert!(
            fixed
                .findings
                .iter()
                .all(|f| f.diagnostic.rule.code != "DF000" && f.diagnostic.rule.code != "SS003"),
            "{code}: fix broke parsing:\n{text}"
        );
        let again = run_with(&text, &s, FixMode::Unsafe, None);
        assert!(again.fixed.is_none(), "{code}: fixing twice changed the file again");
    }
}

#[test]
fn docs_have_every_section() {
    for rule in ALL {
        for section in [
            "## What it does",
            "## Why",
            "## Example",
            "## Use instead",
            "## Fix safety",
            "## References",
        ] {
            assert!(rule.meta.docs.contains(section), "{} lacks {section}", rule.meta.code);
        }
        assert!(!rule.meta.summary.is_empty());
    }
}

/// Exact primary spans for representative findings.
#[test]
fn exact_spans() {
    let cases: &[(&str, &str, &str)] = &[
        ("DF001", "FROM alpine:3.20\nWORKDIR app\n", "app"),
        ("DF004", "FROM alpine:3.20\nRUN cd /src && make\n", "cd /src"),
        ("DF006", "FROM debian\n", "debian"),
        (
            "DF007",
            "FROM alpine:3.20\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/\n",
            "ghcr.io/astral-sh/uv:latest",
        ),
        (
            "DF014",
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install curl && rm -rf /var/lib/apt/lists/*\n",
            "apt-get install curl",
        ),
        (
            "DF015",
            "FROM debian:12\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            "apt-get install -y curl",
        ),
        ("DF019", "FROM alpine:3.20\nADD app.py /app/\n", "ADD"),
        ("DF020", "FROM alpine:3.20\nCOPY a b /x\n", "/x"),
        ("DF024", "FROM alpine:3.20\nCMD echo hi\n", "CMD echo hi"),
        ("DF038", "FROM python:3.13-slim\nRUN pip install flask\n", "pip install flask"),
        (
            "DF054",
            "FROM debian:12\nRUN curl -fsSL https://x | tar -x\n",
            "curl -fsSL https://x | tar -x",
        ),
        ("DF057", "FROM debian:12\nRUN curl -k https://x -o y\n", "-k"),
        ("DF065", "FROM alpine:3.20\nENV API_TOKEN=abc123def\n", "API_TOKEN=abc123def"),
        ("DF066", "FROM alpine:3.20\nCOPY .env /app/\n", ".env"),
        ("DF080", "FROM alpine:3.20 as build\nFROM build\n", "as"),
        ("DF078", "FROM node:22-slim\nRUN npm ci --only=production\n", "--only=production"),
    ];
    for (code, src, span) in cases {
        let f = findings(src, &[code]);
        assert!(
            f.iter().any(|(c, t)| c == code && t == span),
            "{code}: expected span `{span}`, got {f:?}"
        );
    }
}

#[test]
fn heredoc_scripts_are_checked() {
    let src = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n";
    let f = findings(src, &["DF014"]);
    assert_eq!(f, vec![("DF014".to_owned(), "apt-get install curl".to_owned())]);
}

#[test]
fn powershell_does_not_trigger_shell_rules() {
    let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest https://x -OutFile y; cd C:\\ ; curl -k https://x | Out-Null\nWORKDIR C:\\\\app\n";
    let f = findings(src, &["ALL"]);
    let shell_rules: Vec<_> = f
        .iter()
        .filter(|(c, _)| matches!(c.as_str(), "DF004" | "DF054" | "DF057" | "DF001" | "DF000"))
        .collect();
    assert!(shell_rules.is_empty(), "{shell_rules:?}");
}

#[test]
fn cache_mounts_silence_cache_rules() {
    let src = "FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n";
    assert!(findings(src, &["DF038", "DF018"]).is_empty());
}

#[test]
fn builder_stages_are_not_held_to_final_image_cache_rules() {
    let src = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out /app\n";
    assert!(findings(src, &["DF009"]).is_empty());
    let single = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\n";
    assert_eq!(findings(single, &["DF009"]).len(), 1);
}

#[test]
fn inline_and_hadolint_suppressions() {
    let src = "FROM debian:12\n# shipshape: ignore[DF015] we want recommends\nRUN apt-get install -y \\\n    curl && rm -rf /var/lib/apt/lists/*\n# hadolint ignore=DL3014\nRUN apt-get install curl --no-install-recommends && rm -rf /var/lib/apt/lists/*\n";
    let c = common::codes(src, &["DF014", "DF015", "SS"]);
    assert_eq!(c, Vec::<String>::new(), "{c:?}");
    let unused = "FROM debian:12\n# shipshape: ignore[DF015]\nRUN echo hi\n# shipshape: ignore[DF9999]\nRUN echo there\n";
    let c = common::codes(unused, &["DF015", "SS"]);
    assert_eq!(c, vec!["SS001".to_owned(), "SS002".to_owned()]);
    let file_wide = "# shipshape: ignore-file[DF0]\nFROM debian\n";
    assert!(common::codes(file_wide, &["DF006"]).is_empty());
    let global = "# hadolint global ignore=DL3006\nFROM debian\n";
    assert!(common::codes(global, &["DF006"]).is_empty());
}
