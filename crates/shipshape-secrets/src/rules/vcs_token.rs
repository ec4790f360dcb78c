use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC003", name: "vcs-token", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:GitHubTokenDetector", "detect-secrets:GitLabTokenDetector"], options: [],
    summary: "A GitHub or GitLab token is committed",
    what: "Flags GitHub classic, fine-grained, OAuth, app installation, user-to-server and refresh tokens, and GitLab personal, deploy, pipeline-trigger and runner tokens. A GitHub token of the 40-character form ends in a CRC32 checksum of its random part: a string whose checksum does not match (a made-up token in a test) cannot be a token and is not reported.",
    why: "A source-host token reads (and often writes) private repositories, packages and CI secrets; attackers use it to plant code in the supply chain.",
    example: "GITHUB_TOKEN=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",
    instead: "# in CI, use the workflow's own ${{ secrets.GITHUB_TOKEN }}\nGITHUB_TOKEN=${GITHUB_TOKEN}",
    fix_safety: "No automatic fix: revoke the token in the host's settings first.",
    refs: "- https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats\n- https://docs.gitlab.com/security/tokens/",
    spans: ["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"],
}

pub static DETECTORS: &[Detector] = &[
    Detector {
        what: "a GitHub token",
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        pattern: r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b",
        min_entropy: 3.5,
    },
    Detector {
        what: "a GitHub fine-grained token",
        keywords: &["github_pat_"],
        pattern: r"\b(github_pat_[A-Za-z0-9_]{82})\b",
        min_entropy: 3.5,
    },
    Detector {
        what: "a GitLab personal access token",
        keywords: &["glpat-"],
        pattern: r"\b(glpat-[A-Za-z0-9_-]{20,})",
        min_entropy: 3.2,
    },
    Detector {
        what: "a GitLab runner token",
        keywords: &["glrt-", "gr1348941"],
        pattern: r"\b((?:glrt-|GR1348941)[A-Za-z0-9_-]{20,})",
        min_entropy: 3.2,
    },
    Detector {
        what: "a GitLab deploy token",
        keywords: &["gldt-"],
        pattern: r"\b(gldt-[A-Za-z0-9_-]{20,})",
        min_entropy: 3.2,
    },
    Detector {
        what: "a GitLab pipeline trigger token",
        keywords: &["glptt-"],
        pattern: r"\b(glptt-[A-Za-z0-9_-]{20,})",
        min_entropy: 3.2,
    },
];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        out.push(
            cx.finding(meta(), span, &format!("{} is committed", d.what))
                .help("revoke it, then use the CI's short-lived token"),
        );
    }
}
