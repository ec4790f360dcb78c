use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC006", name: "credentials-in-url", severity: Error, category: Security, default: false, fix: None,
    peers: ["detect-secrets:BasicAuthDetector", "checkov:CKV_SECRET_4"], options: [],
    summary: "A URL carries a password",
    what: "Flags `scheme://user:password@host` URLs (database connection strings, registry and proxy URLs) whose password is not a placeholder or a variable (nor words naming the field, such as `AuthToken`). A password equal to the URL's user name (`app:app@localhost`, a throwaway local or CI database), one for a loopback host (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`: a database on the same machine, such as a container's own), or one on a commented-out line (an example of the setting) is not reported unless it looks generated (16 characters or more of letters and digits, high entropy). Any other password is an error only when it looks generated; a chosen one (`umami_pw1`, a documented demo login) is a warning, wherever it points. A sample pair of a word and a short number each (`user123:pass567`) and a password naming the field in capitals (`API_TOKEN_SECRET`) are not reported. Opt-in (`--select SEC006`): URL passwords in repositories are mostly local and CI databases' chosen ones and test vectors; 2 of the 33 the judged samples found were worth acting on (docs/precision.md).",
    why: "Connection strings are copied into logs, error messages and dashboards; the password travels with them.",
    example: "DATABASE_URL=postgres://app:Xq7!vR2m9Lp4@db.internal:5432/orders",
    instead: "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/orders",
    fix_safety: "No automatic fix: rotate the password, then pass it separately.",
    refs: "- https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/",
    spans: ["Xq7!vR2m9Lp4"],
}

pub static DETECTORS: &[Detector] = &[Detector {
    what: "a password in a URL",
    keywords: &["://"],
    pattern: r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@'\x22]{1,64}:([^\s:/@'\x22]{6,128})@[A-Za-z0-9.-]+",
    min_entropy: 2.5,
}];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A Compose file's URLs are DC018's, which knows whether the database is published (postiz's
    // quick-start database, judged wrong as an error here).
    if cx.file.kind == shipshape_core::classify::FileKind::Compose {
        return;
    }
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        let value = span.text(cx.src).to_ascii_lowercase();
        if [
            "password",
            "passwd",
            "secret",
            "postgres",
            "mysql",
            "root",
            "admin",
            "guest",
            "pass",
            "mypassword",
        ]
        .contains(&value.as_str())
            || value.contains(['[', ']', '*'])
        {
            continue; // a default or demo credential of a local service, or a syntax description
        }
        // In tests and docs a URL with a password is a parser's test vector or an example.
        if cx.demo {
            continue;
        }
        // `AccountSid:AuthToken@…`: words naming the fields describe the URL's form.
        let original = span.text(cx.src);
        if camel_case_words(original) {
            continue;
        }
        // `saleor:saleor@localhost`: a password equal to the user name is a throwaway local or CI
        // database's, worth a look but not an error.
        let before = &cx.src[..span.start.saturating_sub(1)];
        let user = before.rsplit_once("://").map_or("", |(_, u)| u);
        // `mongodb://off:off-wger@127.0.0.1`: a loopback host's credential opens only a service on
        // the same machine (a container's own database); `#DATABASE_URL=mysql://root:wallaroot@mariadb…`
        // in a committed `.env` is a commented-out example of a setting. With a password equal to
        // the user name (`saleor:saleor@localhost`, a throwaway local or CI database), each was
        // judged not worth a finding on real repositories (docs/precision.md), unless the password
        // looks generated: then it is a real one, wherever it points.
        let loopback = loopback_host(&cx.src[span.end..]);
        // A Sentry DSN's key is an ingest-only identifier, public in every client that reports.
        let after = shipshape_core::span::slice_floor(cx.src, span.end, span.end + 120);
        let host = after
            .strip_prefix('@')
            .unwrap_or("")
            .split(['/', ':', '"', '\'', ' '])
            .next()
            .unwrap_or("");
        if host == "sentry.io" || host.ends_with(".sentry.io") {
            continue;
        }
        // A password that names the field in capitals (`apitoken:API_TOKEN_SECRET@charge.example.com`:
        // btcpay's commented sample, judged wrong): a placeholder, not a credential.
        let named = original.contains('_') && original.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit());
        // `user123:pass567`, `alice:secret42`: a chosen pair of a word and a short number each, a
        // documentation example (nushell's `url parse` examples, judged wrong as an error).
        let word_number = shipshape_core::secret_value::word_and_number;
        let numbered = |v: &str| v.bytes().any(|b| b.is_ascii_digit());
        let example_pair = word_number(user) && word_number(original) && numbered(user) && numbered(original);
        if (named || example_pair) && !generated(original) {
            continue;
        }
        let line_start = cx.src[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line = cx.src[line_start..span.start].trim_start();
        let commented = line.starts_with('#') || line.starts_with("//") || line.starts_with(';');
        // `astronomy_user:astronomy_password@…` (OpenTelemetry's demo): a password that says it is one.
        let says_so = original.to_ascii_lowercase().contains("password") || original.to_ascii_lowercase().contains("passwd");
        // UI text: a form field's placeholder (`"streamUrlPlaceholder": "rtsp://user:password@…"`),
        // or any string of a translation catalogue (frigate's `locales/*/settings.json` spell the
        // placeholder `usuari:contrasenya` in each language: judged wrong).
        let ui_text = line.to_ascii_lowercase().contains("placeholder") || translation_file(&cx.file.display);
        if (user == original || loopback || commented || says_so || ui_text) && !generated(original) {
            continue;
        }
        let finding = cx
            .finding(meta(), span, d.what)
            .help("read the password from the environment or a secret store");
        // A chosen password (not generated) is worth a look, not a certain leak, wherever it
        // points: for an internal host (a Compose service, a private address; the error audit) as
        // for huginn's documented public MQTT demo login (the twentieth sample), as for a literal
        // found by its name (docs/severity.md).
        if !generated(original) && finding.severity == shipshape_core::Severity::Error {
            out.push(finding.severity(shipshape_core::Severity::Warning));
        } else {
            out.push(finding);
        }
    }
}

/// Whether a path is a translation catalogue: under a `locales`, `locale`, `i18n`, `l10n`, `lang` or
/// `translations` folder, or a gettext `.po` file.
fn translation_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".po")
        || lower
            .split(['/', '\\'])
            .rev()
            .skip(1)
            .any(|d| matches!(d, "locales" | "locale" | "i18n" | "l10n" | "lang" | "langs" | "translations"))
}

use shipshape_core::secret_value::looks_generated as generated;

/// Whether `after` (the text from the end of a URL's password: `@host…`) names a loopback host:
/// `localhost` (or a name under it), an address in `127.0.0.0/8`, or `[::1]`.
fn loopback_host(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('@') else { return false };
    if let Some(v6) = rest.strip_prefix('[') {
        return v6
            .split_once(']')
            .and_then(|(a, _)| a.parse::<std::net::Ipv6Addr>().ok())
            .is_some_and(|a| a.is_loopback());
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let host = rest[..end].trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// `AuthToken`, `YourPassword`: two or more capitalised words of letters only.
fn camel_case_words(v: &str) -> bool {
    let capitals = v.bytes().filter(u8::is_ascii_uppercase).count();
    v.bytes().all(|b| b.is_ascii_alphabetic()) && v.as_bytes()[0].is_ascii_uppercase() && capitals >= 2 && capitals * 2 <= v.len()
}

#[cfg(test)]
mod tests {
    use super::loopback_host;

    #[test]
    fn loopback_hosts() {
        for after in [
            "@127.0.0.1",
            "@127.255.0.9:5432/x",
            "@localhost",
            "@LOCALHOST.",
            "@db.localhost/x",
            "@[::1]:27017/x",
        ] {
            assert!(loopback_host(after), "{after}");
        }
        for after in [
            "@128.0.0.1",
            "@127.0.0.1.example.com",
            "@localhost.example",
            "@[::2]",
            "@[::1",
            "127.0.0.1",
            "@db",
        ] {
            assert!(!loopback_host(after), "{after}");
        }
    }
}
