use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::{Confidence, Diagnostic, Severity};
use std::sync::OnceLock;

rule! {
    code: "SEC002", name: "cloud-credential", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:AWSKeyDetector", "detect-secrets:AzureStorageKeyDetector", "checkov:CKV_SECRET_2", "checkov:CKV_SECRET_3"], options: [],
    summary: "A cloud provider credential is committed",
    what: "Flags AWS access key IDs and secret access keys, Google API keys and service-account key files, Azure storage account keys, SAS token signatures and Entra ID client secrets. Google API keys (`AIza…`) are a warning with medium confidence: many are public by design (Maps, Firebase and YouTube InnerTube web clients embed them in every page), so whether one is a leak depends on its restrictions; in Firebase's generated client configuration (`GoogleService-Info.plist`, `google-services.json`, `firebase_options.dart`), which ships inside the app, it is not flagged. An AWS key ID as a URL query value (a presigned URL's `AWSAccessKeyId=`, an affiliate link's `SubscriptionId=`) carries no secret key and is not flagged, nor is a SAS signature in an HTML page's URLs, which every visitor is served.",
    why: "Leaked cloud keys are found by scanners within minutes of a push and used for crypto-mining, data theft and lateral movement; the bill and the breach follow.",
    example: "AWS_ACCESS_KEY_ID=AKIA4TQ3NZXLP7BGRM5D\naws_secret_access_key = kT9vXr2Qp7LmZ4sW8nB3yC6hJ1fD5gA0eR7uI2oP",
    instead: "# credentials come from the environment, an SSO profile or the CI's OIDC role\nAWS_PROFILE=deploy",
    fix_safety: "No automatic fix: deactivate the key in the provider's console first, then remove it from history (for a Google API key, first check whether it is restricted or public by design).",
    refs: "- https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#remove-credentials\n- https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments",
    spans: ["AKIA4TQ3NZXLP7BGRM5D", "kT9vXr2Qp7LmZ4sW8nB3yC6hJ1fD5gA0eR7uI2oP"],
}

pub static DETECTORS: &[Detector] = &[
    Detector {
        what: AWS_KEY_ID,
        keywords: &["akia", "asia"],
        pattern: r"\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        min_entropy: 3.0,
    },
    Detector {
        what: "an AWS secret access key",
        keywords: &["aws_secret_access_key", "secret"],
        pattern: r#"(?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})\b"#,
        min_entropy: 4.0,
    },
    Detector {
        what: GOOGLE_API_KEY,
        keywords: &["aiza"],
        pattern: r"\b(AIza[0-9A-Za-z_-]{35})\b",
        min_entropy: 3.5,
    },
    Detector {
        what: "an Azure storage account key",
        keywords: &["accountkey="],
        pattern: r"(?i)AccountKey=([A-Za-z0-9+/]{86}==)",
        min_entropy: 4.0,
    },
    Detector {
        what: AZURE_SAS,
        keywords: &["sig="],
        pattern: r"[?&]sv=\d{4}-\d{2}-\d{2}&[^\s\x22']*?\bsig=([A-Za-z0-9%+/=]{40,})",
        min_entropy: 3.5,
    },
    Detector {
        what: GOOGLE_SA_KEY,
        keywords: &["private_key_id"],
        pattern: r#""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
        min_entropy: 3.0,
    },
    Detector {
        what: "an Entra ID client secret",
        keywords: &["q~"],
        pattern: r"\b([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})\b",
        min_entropy: 3.5,
    },
];
/// Google API keys are often public by design (browser, Maps, Firebase and InnerTube clients ship
/// them, restricted by referrer or API): a committed one is not a certain leak.
const GOOGLE_API_KEY: &str = "a Google API key";
const AWS_KEY_ID: &str = "an AWS access key ID";
const AZURE_SAS: &str = "an Azure SAS token signature";
const GOOGLE_SA_KEY: &str = "a Google service-account key";
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

/// Whether the value at `start` is a URL query parameter's (`?name=` or `&name=`): an AWS key ID there
/// is a presigned URL's or an affiliate link's (`SubscriptionId=`), which carry no secret key.
fn in_url_query(src: &str, start: usize) -> bool {
    let before = &src[..start];
    let Some(eq) = before.strip_suffix('=') else { return false };
    // The parameter's name is ASCII, so cutting it off leaves a character boundary.
    let name_len = eq
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    // `&amp;` in HTML, `%26` when the URL is itself encoded
    let head = &eq[..eq.len() - name_len];
    ["?", "&", "&amp;", "%26", "%3F", "%3f"].iter().any(|s| head.ends_with(s))
}

/// Whether an AWS access key ID spells out that it is made up (`AKIAIOSFODNN7EXAMPLE`, lakeFS'
/// `AKIAIOSFOLQUICKSTART`, "quickstart creds, safe": judged wrong as an error, the sixty-fifth
/// sample): a generated one is random base32, and a word of five letters or more appears in one by
/// chance about once in three million.
fn spelled_out(key_id: &str) -> bool {
    const WORDS: &[&str] = &[
        "EXAMPLE",
        "QUICKSTART",
        "SAMPLE",
        "DUMMY",
        "PLACEHOLDER",
        "TESTKEY",
        "FAKEKEY",
        "NOTREAL",
    ];
    let body = key_id.get(4..).unwrap_or("");
    WORDS.iter().any(|w| body.contains(w))
}

/// Whether the text holds a value shaped like an AWS secret access key (40 characters of base64,
/// mixed case and digits, random-looking), under whatever name: without one an access key ID
/// cannot sign anything. The word `secret` alone (lsst-sqre/phalanx's `vaultSecretsPath`, with the
/// key in Vault: four judged wrong as errors, the forty-first sample) is none.
fn secret_key_shaped(src: &str) -> bool {
    src.split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '+')).any(|t| {
        t.len() == 40
            && t.bytes().any(|b| b.is_ascii_uppercase())
            && t.bytes().any(|b| b.is_ascii_lowercase())
            && t.bytes().any(|b| b.is_ascii_digit())
            && shipshape_core::diagnostic::entropy(t) >= 4.0
    })
}

/// Whether a service-account file's `"private_key": "-----BEGIN …PRIVATE KEY-----` is near its
/// `private_key_id` (the same JSON object: within 4 KiB), not elsewhere in the file.
fn key_beside(src: &str, span: shipshape_core::Span) -> bool {
    let from = src.floor_char_boundary(span.start.saturating_sub(4096));
    let to = src.floor_char_boundary((span.end + 4096).min(src.len()));
    let window = &src[from..to];
    window.contains("\"private_key\"") && window.contains("PRIVATE KEY-----")
}

/// Firebase's generated client configuration files, by name (lowercase path).
fn firebase_client_config(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name == "googleservice-info.plist" || name == "google-services.json" || name == "firebase_options.dart"
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // An HTML page's URLs are served to every visitor: a shared-access signature in a page's
    // `<video src=…>` (a scraped recipe page kept as test data) is public by design.
    let display = cx.file.display.to_ascii_lowercase();
    let html = display.ends_with(".html") || display.ends_with(".htm");
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        if d.what == AWS_KEY_ID && (in_url_query(cx.src, span.start) || spelled_out(span.text(cx.src))) {
            continue;
        }
        if d.what == AZURE_SAS && html {
            continue;
        }
        // A service-account key file's `private_key_id` names the key; without the `private_key`
        // itself in the file nothing can sign (zero-to-jupyterhub's schema documents the format
        // with `...` for the key: judged wrong as an error, the thirty-seventh sample).
        if d.what == GOOGLE_SA_KEY && !key_beside(cx.src, span) {
            continue;
        }
        // Firebase's client configuration (`GoogleService-Info.plist`, `google-services.json`,
        // FlutterFire's `firebase_options.dart`) ships inside every copy of the app: its API key
        // identifies the project and is public by design (ente's iOS app, judged not worth a
        // finding, the fifty-eighth sample).
        if d.what == GOOGLE_API_KEY && firebase_client_config(&display) {
            continue;
        }
        let finding = cx.finding(meta(), span, &format!("{} is committed", d.what));
        if d.what == GOOGLE_API_KEY {
            // One level below the rule's error (and below that in demo files), and not certain.
            let lower = match finding.severity {
                Severity::Error => Severity::Warning,
                _ => Severity::Info,
            };
            out.push(
                finding
                    .severity(lower)
                    .confidence(Confidence::Medium)
                    .help("check whether it is restricted or public by design (Maps, Firebase, web clients); if not, deactivate it and use a secret store"),
            );
        } else if d.what == AWS_KEY_ID && !secret_key_shaped(cx.src) {
            // An access key ID alone cannot sign a request: the secret key is not in the file (the
            // error audit, 2026-12-05). Still worth removing, not a certain leak.
            let lower = match finding.severity {
                Severity::Error => Severity::Warning,
                _ => Severity::Info,
            };
            out.push(
                finding
                    .severity(lower)
                    .help("remove it; if its secret key is committed elsewhere, deactivate the key"),
            );
        } else {
            out.push(finding.help("deactivate it at the provider, then use OIDC or a secret store"));
        }
    }
}
