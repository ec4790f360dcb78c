use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC001", name: "private-key", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:PrivateKeyDetector", "checkov:CKV_SECRET_13"], options: [],
    summary: "A private key is committed",
    what: "Flags PEM private keys: RSA, EC, DSA, OpenSSH, PKCS#8 (plain and encrypted) and PGP private key blocks, also inside JSON strings (service-account files).",
    why: "Whoever clones the repository, or any fork or backup of it, holds the key: the server, signing identity or account it protects is compromised until the key is revoked and replaced.",
    example: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
    instead: "# deploy key: read from the CI secret store at run time\nDEPLOY_KEY_FILE=/run/secrets/deploy_key",
    fix_safety: "No automatic fix: revoke the key, remove it from history, and load it from a secret store.",
    refs: "- https://docs.github.com/en/code-security/secret-scanning\n- https://git-scm.com/docs/git-filter-branch#_warning",
}

pub static DETECTORS: &[Detector] = &[Detector {
    what: "a private key",
    keywords: &["private key"],
    pattern: r"-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----",
    min_entropy: 0.0,
}];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        // A key whose body is a placeholder (`...`, `<key>`) is documentation.
        let body = shipshape_core::span::slice_floor(cx.src, span.end, span.end + 80);
        // A key has a body: base64 (or PEM headers such as `Proc-Type:`) after the line break,
        // possibly an escaped one. A header alone in a string (`#define PEM_HEADER "-----BEGIN …"`),
        // or followed by `...`, `<key>` or a variable, is code or documentation.
        let rest = body.trim_start_matches(['\\', 'n', '\n', '\r', ' ']);
        if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/') {
            continue;
        }
        let mut f = Diagnostic::new(meta(), span, format!("{} is committed", d.what))
            .help("revoke it, purge it from git history, and load it from a secret store");
        if cx.demo {
            f = f
                .severity(shipshape_core::Severity::Warning)
                .confidence(shipshape_core::Confidence::Medium);
        }
        out.push(f);
    }
}
