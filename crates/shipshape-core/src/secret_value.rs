//! What a value under a secret-looking name holds, shared by every domain's literal-secret rule
//! (DF065, DC018, K8S021, GL003, GHA066): a path or a URL names where a secret is, and a trivial
//! sequence (`123456`) is a stand-in; neither is a committed credential.

/// Whether `value` cannot be a committed secret: a file path (`/run/jigasi/key.json`,
/// `./certs/tls.key`), a URL without credentials (`http://authelia:9091/api/oidc/token`), or a
/// trivial sequence of digits or one repeated character (`123456`, `000000`, `xxxxxx`).
pub fn not_a_secret(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    is_path(v)
        || is_plain_url(v)
        || trivial(v)
        || names_a_source(v)
        || documented_example(v)
        || asks_to_be_replaced(v)
        || names_itself(v)
        || is_quantity(v)
        || encodes_a_default(v)
        || spells_a_stand_in(v)
}

/// Whether the value spells out, as a word of its own, that it stands in for a secret
/// (`CKoB---DEFAULT-DUMMY-SECRET---0exKVH0QDLy1B=`: tsm-orchestration's integration tests, judged
/// wrong as an error, the sixty-sixth sample). A generated secret holds no word set off so.
fn spells_a_stand_in(v: &str) -> bool {
    v.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        ["dummy", "placeholder", "fake", "example", "notreal"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    })
}

/// Whether a variable under a secret-like name is a setting about the secret, not the secret: a
/// number or a switch under a name that says so (`TOKEN_EXPIRY_SECONDS: "3600"`,
/// `PASSWORD_MIN_LENGTH: 12`, `SECRET_ROTATION_ENABLED: true`; bank-of-anthos's token lifetime,
/// judged wrong as an error, the forty-sixth sample).
pub fn names_a_setting(name: &str, value: &str) -> bool {
    const WORDS: &[&str] = &[
        "EXPIR", "TTL", "TIMEOUT", "LIFETIME", "SECONDS", "MINUTES", "HOURS", "DAYS", "LENGTH", "SIZE", "COUNT", "LIMIT", "MAX", "MIN",
        "INTERVAL", "ENABLE", "DISABLE", "PORT", "RETRIES", "AGE", "ROUNDS", "COST", "VERSION",
    ];
    let upper = name.to_ascii_uppercase();
    let v = value.trim().trim_matches(['"', '\'']);
    let number_or_switch = (!v.is_empty() && v.len() <= 12 && v.parse::<f64>().is_ok())
        || matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off");
    number_or_switch && WORDS.iter().any(|w| upper.contains(w))
}

/// A base64 value that decodes to text naming itself a default, example or dummy credential: the
/// local QStash server's printed token, `{"UserID":"defaultUser","Password":"defaultPassword"}`
/// (dub's Playwright job, judged wrong as an error, the thirty-sixth sample).
pub fn encodes_a_default(v: &str) -> bool {
    if v.len() < 16 || v.len() > 4096 {
        return false;
    }
    let Some(bytes) = base64_decode(v) else { return false };
    let Ok(text) = std::str::from_utf8(&bytes) else { return false };
    let lower = text.to_ascii_lowercase();
    text.chars().all(|c| !c.is_control() || c.is_whitespace())
        && ["default", "example", "changeme", "dummy", "placeholder"]
            .iter()
            .any(|w| lower.contains(w))
}

/// Standard or URL-safe base64, padded or not; `None` for anything else. The one decoder of the
/// secret rules (a JWT's header, base64 of prose or of a default credential).
pub fn base64_decode(v: &str) -> Option<Vec<u8>> {
    let v = v.trim_end_matches('=');
    let mut out = Vec::with_capacity(v.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in v.bytes() {
        let d = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(d);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A duration or a size (`3960h`, `1h30m`, `15m`, `512Mi`, `10MB`): a token's lifetime or a
/// limit, not a credential (kubeshark's `AUTH_OIDC_REFRESH_TOKEN_LIFETIME: '3960h'`, judged wrong,
/// the thirty-fourth sample).
pub fn is_quantity(v: &str) -> bool {
    const UNITS: &[&str] = &[
        "ns", "us", "ms", "ki", "mi", "gi", "ti", "kb", "mb", "gb", "tb", "s", "m", "h", "d", "w", "y", "k", "g", "b",
    ];
    let lower = v.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) else {
            return false;
        };
        rest = &rest[unit.len()..];
        parts += 1;
    }
    parts > 0 && v.len() <= 16
}

/// A lower-case word and a short number (`owner456`, `pass567`, `saleor`): chosen for an example,
/// not generated.
pub fn word_and_number(v: &str) -> bool {
    let letters = v.bytes().take_while(u8::is_ascii_lowercase).count();
    letters >= 3 && v.len() - letters <= 4 && v.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

/// Whether a value is filler typed to fill a field: a run of one or consecutive characters, or a
/// short pattern repeated (`abcdefghijklmnopqrstuvwx`, `1234567890abcdef1234567890abcdef12345678`).
pub fn is_filler(v: &str) -> bool {
    trivial(v)
}

/// A slug of four or more parts, three of them lower-case words, one a secret's key word
/// (`super-secret-jwt-token-with-at-least-32-characters-long`: Supabase's documented default;
/// `pm-27086-update-authentication-apis-for-input-password`, a feature flag's name): a value that
/// says what it is, not a generated secret.
pub fn names_itself(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['-', '_']).collect();
    let words = parts
        .iter()
        .filter(|p| p.len() >= 3 && p.bytes().all(|b| b.is_ascii_lowercase()))
        .count();
    parts.len() >= 4
        && words >= 3
        && parts.iter().any(|p| {
            matches!(
                *p,
                "password" | "passwd" | "secret" | "token" | "key" | "credential" | "credentials" | "jwt"
            )
        })
}

/// Words that say a value is a stand-in to fill in or a demo value (`changeme`, `your-api-key`,
/// `<token>`-like `placeholder`, `fake_password`, `redacted`): the one vocabulary of the rules that
/// judge a literal under a secret-like name (Compose, Dockerfile `ARG`/`ENV`, Kubernetes env,
/// ConfigMaps and Secrets).
pub const STAND_IN_WORDS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "replace",
    "your_",
    "your-",
    "example",
    "placeholder",
    "xxx",
    "****",
    "dummy",
    "fake",
    "sample",
    "notreal",
    "not-a-real",
    "not_a_real",
    "redacted",
    "todo",
    "fixme",
    "insert",
];

/// Whether the value holds one of [`STAND_IN_WORDS`], in any case.
pub fn has_stand_in_word(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    STAND_IN_WORDS.iter().any(|w| l.contains(w))
}

/// A value that asks to be replaced (`PLEASE_CHANGE_ME`, `replace-me`, `your-api-key`): a
/// placeholder (kitchenowl's `JWT_SECRET_KEY='PLEASE_CHANGE_ME'`, judged wrong as a secret).
fn asks_to_be_replaced(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    // An instruction in words (`UPDATE_AWS_ACCESS_KEY_ID`, `set-your-token`: the gitops-catalog's
    // ACK Secrets, judged wrong, the thirty-ninth sample): letters and separators only.
    let instruction = ["update", "set", "fill", "enter", "insert", "put", "add"].iter().any(|verb| {
        l.strip_prefix(verb)
            .and_then(|rest| rest.strip_prefix(['_', '-']))
            .is_some_and(|rest| rest.len() >= 3 && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-'))
    });
    // A label of what goes there (`SECRET_KEY_HERE`, `your-token-here`: a course's first lesson,
    // judged wrong as a committed credential, the forty-eighth sample).
    let here = ["_here", "-here", " here"].iter().any(|e| l.ends_with(e))
        && l.bytes().all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'-' | b' '));
    instruction
        || here
        || [
            "changeme",
            "change_me",
            "change-me",
            "changethis",
            "change_this",
            "replace_me",
            "replaceme",
            "replace-me",
            "your_",
            "your-",
        ]
        .iter()
        .any(|w| l.contains(w))
}

/// `env:REGISTRY_SECRET`, `ext:/scripts/auth.sh`, `pullsecret:ns/name`, `file:/run/secrets/x`: a
/// reference to where a tool reads the credential (argocd-image-updater's `credentials:`), not the
/// credential.
fn names_a_source(v: &str) -> bool {
    const SOURCES: &[&str] = &[
        "env",
        "ext",
        "file",
        "pullsecret",
        "secret",
        "secretref",
        "vault",
        "exec",
        "cmd",
        "keyring",
    ];
    v.split_once(':').is_some_and(|(scheme, rest)| {
        SOURCES.contains(&scheme.to_ascii_lowercase().as_str())
            && !rest.is_empty()
            && !rest.starts_with("//")
            && !rest.contains(char::is_whitespace)
    })
}

/// Whether a value looks generated (a real key or password) rather than chosen (a word, a demo
/// default): 16 characters or more, letters and digits, and at least 3.5 bits of entropy each.
pub fn looks_generated(v: &str) -> bool {
    // A run of eight typed characters (`sk-lf-1234567890`: langfuse's CI seed key, judged the
    // thirty-first sample) is a stand-in, whatever the rest.
    let folded: Vec<u8> = v
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    v.chars().count() >= 16
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().any(|c| c.is_ascii_alphabetic())
        && crate::diagnostic::entropy(v) >= 3.5
        && runs(&folded).into_iter().max().unwrap_or(0) < 8
}

/// The severity of a literal found only by its name (`POSTGRES_PASSWORD: …`): an error when the
/// value looks generated (a real key or password is then certainly committed), a warning for a
/// chosen one (`pgpass2024`, a CI database's throwaway password), which may be a stand-in.
///
/// A Google API key (`AIza…`) is a warning too: Google issues them to be shipped in browsers and
/// apps, restricted to an API or a referrer (kubecost's GCP pricing key, committed on purpose:
/// judged wrong as an error, the sixty-third sample).
pub fn severity_by_value(v: &str) -> crate::Severity {
    let v = v.trim().trim_matches(['"', '\'']);
    if looks_generated(v) && !is_google_api_key(v) {
        crate::Severity::Error
    } else {
        crate::Severity::Warning
    }
}

/// `AIza` and 35 characters of `[0-9A-Za-z_-]`: the form of a Google API key.
fn is_google_api_key(v: &str) -> bool {
    v.len() == 39 && v.starts_with("AIza") && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Names of an application's own signing and encryption keys (`SECRET_KEY_BASE`,
/// `RAILS_MASTER_KEY`, `APP_KEY`, `JWT_SECRET`): a value set for a CI job's or a quick-start
/// stack's instance signs only what that instance makes. Such a literal is a warning, however
/// random (lago-api's CI and sequin's Compose files, judged not worth an error, the twenty-fourth
/// and twenty-sixth samples).
pub fn is_app_own_key(name: &str) -> bool {
    const APP_KEYS: &[&str] = &[
        "secret_key_base",
        "master_key",
        "app_key",
        "django_secret_key",
        "jwt_secret",
        "session_secret",
        "cookie_secret",
        "encryption_key",
        "signing_key",
        "vault_key",
        // A key-encryption key of the application's own vault (logto's `SECRET_VAULT_KEK`).
        "_kek",
    ];
    // Whole names only: `FACEBOOK_APP_SECRET` is an OAuth client's secret, not the application's
    // own key (Symfony's `APP_SECRET` and Auth.js' `NEXTAUTH_SECRET` in shopware's and
    // CityCatalyst's test jobs, judged not worth an error, the seventieth sample).
    // So is a bare `SECRET_KEY` (Django's, Flask's, Outline's: its CI's test key, judged wrong as
    // an error, the seventy-fifth sample).
    const APP_KEY_NAMES: &[&str] = &["app_secret", "nextauth_secret", "auth_secret", "better_auth_secret", "secret_key"];
    let lower = name.to_ascii_lowercase().replace('-', "_");
    APP_KEYS.iter().any(|k| lower.contains(k)) || APP_KEY_NAMES.contains(&lower.as_str())
}

fn is_path(v: &str) -> bool {
    (v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/")) && !v.contains(char::is_whitespace)
}

fn is_plain_url(v: &str) -> bool {
    v.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+')
            && !rest.split('/').next().unwrap_or("").contains('@')
    })
}

/// `123456`, `987654`, `000000`, `aaaaaa`: a run of consecutive or equal characters; or two such
/// runs of three or more (`54321abcde`, `abc123`), a keyboard stand-in.
fn trivial(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 2 {
        return !b.is_empty();
    }
    // Made of runs of one character or of consecutive ones (`abc123`,
    // `0123456789abcdef0123456789abcdef`: rallly's CI stand-in, judged wrong): typed, not generated.
    let runs = runs(b);
    runs.len() == 1 || runs.iter().all(|&n| n >= 3) || periodic(b) || mostly_a_run(v)
}

/// Whether, ignoring case and separators, one run of consecutive characters makes up three
/// quarters of the value (`AbC-dEf5`: i18n-tasks' template key, judged wrong as a secret).
fn mostly_a_run(v: &str) -> bool {
    let folded: Vec<u8> = v
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    folded.len() >= 6 && runs(&folded).into_iter().max().is_some_and(|n| n * 4 >= folded.len() * 3)
}

/// Whether `b` repeats a pattern at most half its length that is itself typed filler, holding a run
/// of four consecutive characters (`1234567890abcdef1234567890abcdef12345678`; not `hunter2hunter2`).
fn periodic(b: &[u8]) -> bool {
    b.len() >= 8 && (2..=b.len() / 2).any(|p| b[p..].iter().zip(b).all(|(x, y)| x == y) && runs(&b[..p]).iter().any(|&n| n >= 4))
}

/// Values published as examples in upstream documentation and default configurations, shipped
/// verbatim in many repositories: Apache's stock `default-ssl.conf` gives `xxj31ZMTZzkVA` (the
/// crypt of "password") for `FakeBasicAuth`; the Azurite storage emulator's documented
/// `devstoreaccount1` key (bitwarden's tests, judged not worth a finding); AWS's documentation
/// example access key; the bot token of Slack's OAuth v2 documentation (Grafana OnCall's test
/// constants, "got it from slack docs", judged wrong as an error, the forty-ninth sample).
pub fn documented_example(v: &str) -> bool {
    const EXAMPLES: &[&str] = &[
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "xxj31ZMTZzkVA",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ];
    let v = v.trim_matches(['`', '"', '\'', '.']);
    EXAMPLES.contains(&v)
}

/// The lengths of the maximal runs of a constant step of -1, 0 or 1 that make up `b`.
fn runs(b: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let mut j = i + 1;
        if j < b.len() {
            let step = i16::from(b[j]) - i16::from(b[i]);
            if (-1..=1).contains(&step) {
                while j < b.len() && i16::from(b[j]) - i16::from(b[j - 1]) == step {
                    j += 1;
                }
            }
        }
        out.push(j - i);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_about_secrets() {
        assert!(names_a_setting("TOKEN_EXPIRY_SECONDS", "3600"));
        assert!(names_a_setting("PASSWORD_MIN_LENGTH", "12"));
        assert!(names_a_setting("SECRET_ROTATION_ENABLED", "true"));
        assert!(!names_a_setting("DB_PASSWORD", "3600"));
        assert!(!names_a_setting("TOKEN_EXPIRY_SECONDS", "s3cr3t-v4lu3"));
    }

    #[test]
    fn values_that_spell_out_a_stand_in() {
        assert!(not_a_secret("CKoB---DEFAULT-DUMMY-SECRET---0exKVH0QDLy1B="));
        assert!(not_a_secret("\"sk_live_EXAMPLE_0000\""));
        assert!(!not_a_secret("Xk9vQ2mL7pR4tW8zB3nF6hJ1cY5dG0aS"));
        // A word inside a longer token is no stand-in (`fakeroot`, `dummyText42x`).
        assert!(!spells_a_stand_in("q8Rz-fakeroot-T4kX9wL2"));
    }

    #[test]
    fn google_api_keys_are_warnings() {
        // kubecost's public GCP pricing key (the sixty-third sample), split so no scanner reads it.
        let key = ["AIza", "SyDXQPG_MHUEy9neR7stolq6l0ujXmjJlvk"].concat();
        assert_eq!(severity_by_value(&format!("\"{key}\"")), crate::Severity::Warning);
        assert_eq!(severity_by_value("Xk9vQ2mL7pR4tW8zB3nF6hJ1cY5dG0aS"), crate::Severity::Error);
    }

    #[test]
    fn base64_defaults() {
        // {"UserID":"defaultUser","Password":"defaultPassword"}
        assert!(encodes_a_default(
            "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0="
        ));
        assert!(!encodes_a_default(
            "RQTKawYQv4w6KkuphcLzLu7r5ap7xE5DSDu5SkKXjMnWBQ93mcMKjdZfeZkY2Y7C"
        ));
        assert_eq!(base64_decode("aGVsbG8").as_deref(), Some(&b"hello"[..]));
    }

    #[test]
    fn quantities() {
        for q in ["3960h", "1h30m", "15m", "512Mi", "10MB", "2.5s"] {
            assert!(is_quantity(q), "{q}");
        }
        for v in ["h3960", "3960", "ab12cd34ef56", "s3cr3t", ""] {
            assert!(!is_quantity(v), "{v}");
        }
    }

    #[test]
    fn a_typed_run_is_no_generated_value() {
        assert!(!looks_generated("sk-lf-1234567890"));
        assert!(looks_generated("kT9vXr2Qp7LmZ4sW8nB3"));
    }

    #[test]
    fn names_and_stand_ins_are_not_secrets() {
        for v in [
            "/run/jigasi/config/key.json",
            "./certs/tls.key",
            "http://authelia:9091/api/oidc/token",
            "123456",
            "000000",
            "'654321'",
            "xxxxxxxx",
            "ext:/scripts/auth1.sh",
            "env:REGISTRY_SECRET",
            "pullsecret:argocd/ghcr",
            "54321abcde",
            "abc123",
            "0123456789abcdef0123456789abcdef",
            "PLEASE_CHANGE_ME",
            "AbC-dEf5",
            "1234567890abcdef1234567890abcdef12345678",
            "super-secret-jwt-token-with-at-least-32-characters-long",
            "your-api-key-here",
            "`xxj31ZMTZzkVA",
            "UPDATE_AWS_SECRET_ACCESS_KEY",
            "set-your-token",
        ] {
            assert!(not_a_secret(v), "{v}");
        }
        for v in [
            "kT9vXr2Qp7LmZ4sW8nB3",
            "postgres://app:pw@db/app",
            "s3cr3tPassw0rd",
            "135790",
            "/ with space",
            "ext:",
            "token:kT9vXr2Qp7LmZ4sW8nB3",
            "update_kT9vXr2Qp7LmZ4sW8nB3",
        ] {
            assert!(!not_a_secret(v), "{v}");
        }
    }
}
