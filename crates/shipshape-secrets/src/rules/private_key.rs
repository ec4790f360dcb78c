use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC001", name: "private-key", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:PrivateKeyDetector", "checkov:CKV_SECRET_13"], options: [],
    summary: "A private key is committed",
    what: "Flags PEM private keys: RSA, EC, DSA, OpenSSH, PKCS#8 (plain and encrypted) and PGP private key blocks, also inside JSON strings (service-account files), when key material follows the header: a line of base64 or an encrypted key's PEM headers. A header followed by `...`, `<key>`, a variable, words (an editor placeholder's `Your private key here`) or an elided line (`MIIEpAIBAAKCAQEA...`), or one line shorter than the smallest key (64 base64 characters) right before the END line, is not flagged; a key cut off without its END line still is. In test, example and documentation paths a key is reported as info (a test fixture), which shows only when `SEC001` is selected.",
    why: "Whoever clones the repository, or any fork or backup of it, holds the key: the server, signing identity or account it protects is compromised until the key is revoked and replaced.",
    example: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
    instead: "# deploy key: read from the CI secret store at run time\nDEPLOY_KEY_FILE=/run/secrets/deploy_key",
    fix_safety: "No automatic fix: revoke the key, remove it from history, and load it from a secret store.",
    refs: "- https://docs.github.com/en/code-security/secret-scanning\n- https://git-scm.com/docs/git-filter-branch#_warning",
    spans: ["-----BEGIN OPENSSH PRIVATE KEY-----"],
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
        // A key has a body: a line of base64, or an encrypted key's PEM headers (`Proc-Type:`),
        // after the line break (possibly an escaped one, inside a JSON string). A header alone in a
        // string (`#define PEM_HEADER "-----BEGIN …"`), or followed by `...`, `<key>`, a variable or
        // words (an editor placeholder's `Your private key here`), is code or documentation.
        let body = shipshape_core::span::slice_floor(cx.src, span.end, span.end + 200);
        if !has_key_material(body) {
            continue;
        }
        // A body cut short with an ellipsis (`MIIFRDCC…`, a form field's placeholder text) is an
        // illustration of the format, not a key (dokploy, judged wrong 2026-12-05).
        let shown = shipshape_core::span::slice_floor(cx.src, span.end, span.end + 120);
        if shown.contains('…') || shown.contains("...") {
            continue;
        }
        // A certificate's DER (`MIIFRDCCAyyg…`: a SEQUENCE whose first element is a SEQUENCE, the
        // to-be-signed certificate) under a key header is a form's illustration (dokploy's
        // `privateKeyDataHolder`); a key's DER starts with its version number instead.
        // The body starts after a line break, or an escaped one inside a string (`\\n`).
        let blank = ['\n', '\r', ' ', '\t'];
        let der = shown.trim_start_matches(blank).trim_start_matches("\\n").trim_start_matches(blank);
        if der.starts_with("MII") && der.get(6..9) == Some("CCA") {
            continue;
        }
        let mut f = Diagnostic::new(meta(), span, format!("{} is committed", d.what))
            .help("revoke it, purge it from git history, and load it from a secret store");
        // Test suites of anything that speaks TLS or SSH commit keys as fixtures: in test,
        // example and docs paths a key is info (shown when SEC001 is selected), as judged on
        // real repositories (docs/precision.md: every such key was not worth a finding).
        // A key file named as a test's (`testkey.pem`, `test-cert-no-token.pem`, cloudflared's
        // fixtures beside their `_test.go`) is one too.
        // So is a `localhost` key (mediacms' reverse-proxy example: a self-signed `CN=localhost`),
        // one in a directory named so (caprover's `template/fake-certs-src/nginx.key`, the
        // self-signed catch-all certificate it ships on purpose), and a development or CI key by
        // its file or folder name (`etc/dev-fider-io.key`, `config/dev/cert/tls.key`,
        // `…-for-tests-only-….yaml`) or by the constant that holds
        // it (`TEST_FAKE_RSA_KEY_1`): each judged not worth a finding (docs/precision.md).
        let fixture_name = cx.fixture_context(span, true);
        if cx.demo || fixture_name {
            f = f
                .severity(shipshape_core::Severity::Info)
                .confidence(shipshape_core::Confidence::Medium);
        } else if span.text(cx.src).contains("ENCRYPTED") || body.contains("ENCRYPTED") {
            // A passphrase-protected key is useless without its passphrase: a warning (the error
            // audit, 2026-12-05).
            f = f.severity(shipshape_core::Severity::Warning);
        }
        out.push(f);
    }
}

/// PEM header names that open an encrypted (or PGP) key's header block.
const PEM_HEADERS: &[&str] = &["Proc-Type:", "DEK-Info:", "Version:", "Comment:", "Hash:", "Charset:"];

/// Whether the text after a `BEGIN … PRIVATE KEY` line starts with key material: its first line is
/// a PEM header, or a run of at least 16 base64 characters that only punctuation (a closing quote)
/// follows on that line.
fn has_key_material(body: &str) -> bool {
    let mut rest = body;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        match trimmed.strip_prefix("\\n").or_else(|| trimmed.strip_prefix("\\r")) {
            Some(after) => rest = after,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    if PEM_HEADERS.iter().any(|h| rest.starts_with(h)) {
        return true;
    }
    let line_end = [rest.find(['\n', '\r']), rest.find("\\n"), rest.find("\\r")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    let line = &rest[..line_end];
    let run = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
        .unwrap_or(line.len());
    // Less than a line of base64 and an ellipsis (`MIIEpAIBAAKCAQEA...`) is an elided example: the
    // opening bytes of every key of its type, no secret.
    let tail = line[run..].trim_start();
    let elided = run < 64 && (tail.starts_with("...") || tail.starts_with('…'));
    // A body of one short line before the END line is a stub: the smallest real key (Ed25519,
    // PKCS#8) is 64 base64 characters; `MIIEpAIBAAKCAQEA` alone is the opening every RSA-2048 key
    // shares, `MIIDemoTransferKeyPlaceholder` a word.
    let stub = run < 60 && skip_breaks(&rest[line_end..]).starts_with("-----END");
    run >= 16 && !elided && !stub && !tail.chars().any(|c| c.is_alphanumeric())
}

/// `text` after any line breaks, real or escaped in a string (`\n`, `\r`), and blanks.
fn skip_breaks(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r', '"', '\'']);
        match trimmed.strip_prefix("\\n").or_else(|| trimmed.strip_prefix("\\r")) {
            Some(after) => text = after,
            None => return trimmed,
        }
    }
}
