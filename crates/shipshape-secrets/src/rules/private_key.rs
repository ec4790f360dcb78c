use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC001", name: "private-key", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:PrivateKeyDetector", "checkov:CKV_SECRET_13"], options: [],
    summary: "A private key is committed",
    what: "Flags PEM private keys: RSA, EC, DSA, OpenSSH, PKCS#8 (plain and encrypted) and PGP private key blocks, also inside JSON strings (service-account files), when key material follows the header: a line of base64 or an encrypted key's PEM headers. A header followed by `...`, `<key>`, a variable, words (an editor placeholder's `Your private key here`) or an elided line (`MIIEpAIBAAKCAQEA...`), or one line shorter than the smallest key (64 base64 characters) right before the END line, is not flagged; a key cut off without its END line still is. In test, example and documentation paths, and beside certificates that are all for tests or development (a `Test CA`, `localhost`, `local.dev`, `*.test`), a key is reported as info (a test fixture), which shows only when `SEC001` is selected.",
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
        if cx.demo || fixture_name || beside_test_certificates(cx) {
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

/// Whether the key's file holds or sits beside certificates (`*.crt`, `*.pem`, `*.cer`) and every
/// one of them is a test or development certificate: issued by or to a name with a test word
/// (`Test CA`, `Open Zaak Tests`), or for local names only (`localhost`, `local.dev`, `*.test`).
/// Logflare's telegraf fixtures, Open Zaak's `docker/certs` and OpenCRVS's Tilt key (judged not
/// worth errors, the seventy-second sample).
fn beside_test_certificates(cx: &Ctx) -> bool {
    let mut texts = vec![cx.src.to_owned()];
    if let Some(dir) = cx.file.path.as_deref().and_then(std::path::Path::parent) {
        let tree = cx.core.tree();
        for f in tree.list(dir).into_iter().take(64) {
            let cert = f
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "crt" | "pem" | "cer" | "cert"));
            if cert && Some(f.as_path()) != cx.file.path.as_deref() {
                texts.extend(tree.read(&f));
            }
        }
    }
    let mut any = false;
    for text in &texts {
        for der in pem_certificates(text) {
            any = true;
            if !test_certificate(&certificate_names(&der)) {
                return false;
            }
        }
    }
    any
}

/// The DER of every `CERTIFICATE` block of a PEM text.
fn pem_certificates(text: &str) -> Vec<Vec<u8>> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    let mut out = Vec::new();
    for (i, _) in text.match_indices(BEGIN) {
        let body = &text[i + BEGIN.len()..];
        let Some(end) = body.find("-----END CERTIFICATE-----") else { break };
        let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
        out.extend(shipshape_core::secret_value::base64_decode(&b64));
    }
    out
}

/// The common names (issuer's and subject's) and DNS names of the subject alternative names of a
/// certificate's DER, read by their object identifiers.
fn certificate_names(der: &[u8]) -> Vec<String> {
    const CN: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];
    const SAN: &[u8] = &[0x06, 0x03, 0x55, 0x1d, 0x11];
    let mut names = Vec::new();
    let mut i = 0;
    while i + CN.len() < der.len() {
        if der[i..].starts_with(CN) {
            let at = i + CN.len();
            // A string type (UTF8, Printable, IA5, Teletex, BMP is rare) and a short length.
            if let (Some(&tag), Some(&len)) = (der.get(at), der.get(at + 1))
                && matches!(tag, 0x0c | 0x13 | 0x16 | 0x14)
                && len < 0x80
                && let Some(v) = der.get(at + 2..at + 2 + usize::from(len))
            {
                names.push(String::from_utf8_lossy(v).into_owned());
            }
        } else if der[i..].starts_with(SAN) {
            // [critical BOOLEAN] OCTET STRING { SEQUENCE { GeneralName… } }
            let mut at = i + SAN.len();
            if der.get(at) == Some(&0x01) {
                at += 3;
            }
            let mut j = at;
            // Skip the OCTET STRING's and the SEQUENCE's headers (short or one-byte long form).
            for _ in 0..2 {
                j += match der.get(j + 1) {
                    Some(&l) if l < 0x80 => 2,
                    Some(&0x81) => 3,
                    Some(&0x82) => 4,
                    _ => break,
                };
            }
            while let (Some(&tag), Some(&len)) = (der.get(j), der.get(j + 1)) {
                if len >= 0x80 || !matches!(tag, 0x81..=0x88 | 0xa0..=0xa8) {
                    break;
                }
                let Some(v) = der.get(j + 2..j + 2 + usize::from(len)) else { break };
                match tag {
                    0x82 => names.push(String::from_utf8_lossy(v).into_owned()),
                    0x87 if v.len() == 4 => names.push(format!("{}.{}.{}.{}", v[0], v[1], v[2], v[3])),
                    _ => {}
                }
                j += 2 + usize::from(len);
            }
        }
        i += 1;
    }
    names
}

/// Whether a certificate's names make it a test or development one.
fn test_certificate(names: &[String]) -> bool {
    const WORDS: &[&str] = &["test", "fake", "dummy", "snakeoil", "insecure"];
    let local = |n: &str| {
        n == "localhost"
            || n.starts_with("127.")
            || n.starts_with("local.")
            || [".local", ".localhost", ".test", ".example", ".invalid", ".internal"]
                .iter()
                .any(|s| n.ends_with(s))
            || ["example.com", "example.org", "example.net"]
                .iter()
                .any(|d| n == *d || n.ends_with(&format!(".{d}")))
    };
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    // A word of a name that starts with a test word (`Tests`, not `latest.example.io`).
    let worded = |n: &str| {
        n.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| WORDS.iter().any(|w| t.starts_with(w)))
    };
    !lower.is_empty() && (lower.iter().any(|n| worded(n)) || lower.iter().all(|n| local(n)))
}
