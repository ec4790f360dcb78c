use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Severity, Span};
use shipshape_yaml::NodeRef;

rule! {
    code: "DC018", name: "literal-secret", severity: Warning, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_SECRET_6", "detect-secrets:KeywordDetector"], options: [],
    summary: "A password, token or key is written in `environment`, or in a URL",
    what: "Flags `environment:` entries whose name says secret (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, `PRIVATE_KEY`…) with a literal value (not `${VAR}`, not a `_FILE` path), and credentials embedded in URLs (`postgres://user:pass@db/…`) in any environment value. Placeholders (`replace-me`, `changeme`, `<token>`, `your-key`) are skipped. A value that looks generated (16 characters or more, letters and digits, high entropy) is an error (a warning when it is the password of a service that publishes no port beyond loopback); a chosen password mixing letters and digits (`s3cr3tPassw0rd`) a warning, unless it is the password of a service that publishes no port beyond loopback (a quick-start's database and the application's copy of its password: only the project's own containers can use it). A plain word (`root`, `mealie`, `minioadmin`) is a stack's demo default and is not reported.",
    why: "The file is committed and shared; anyone with the repository has the credential, and it stays in history after it is removed.",
    example: "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"\n    environment:\n      POSTGRES_PASSWORD: s3cr3tPassw0rd",
    instead: "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets:\n      - db_password\nsecrets:\n  db_password:\n    file: ./db_password.txt",
    fix_safety: "No automatic fix: rotate the credential, then pass it with `secrets:` or `${VAR}` from an untracked `.env`.",
    refs: "- https://docs.docker.com/compose/how-tos/use-secrets/",
    spans: ["s3cr3tPassw0rd"],
}

const WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "SECRET",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIALS",
];

fn env_entries<'a>(svc: NodeRef<'a>) -> Vec<(String, NodeRef<'a>)> {
    let Some(env) = svc.get("environment") else { return Vec::new() };
    if env.is_map() {
        return env
            .entries()
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
            .collect();
    }
    env.items()
        .into_iter()
        .filter_map(|i| Some((i.as_text()?.split('=').next()?.to_owned(), i)))
        .collect()
}

/// A value that only shows what to put there.
fn placeholder(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    // An ascending run of digits is a documentation dummy (MindsDB's `sk-lf-1234567890`).
    lower.contains("123456789")
        || lower.starts_with('<')
        // `changeUser`, `change-this`: a value to edit.
        || lower.contains("change")
        || shipshape_core::secret_value::has_stand_in_word(v)
}

use shipshape_core::secret_value::looks_generated as generated;

/// Whether a chosen value looks like a real password rather than a word a quick-start or dev stack
/// picks (`root`, `toor`, `mealie`, `listmonk-dev`, `minioadmin`: 0 of 11 judged worth a finding):
/// eight characters or more mixing letters and digits (`s3cr3tPassw0rd`).
fn password_like(v: &str) -> bool {
    v.chars().count() >= 8 && v.chars().any(|c| c.is_ascii_digit()) && v.chars().any(|c| c.is_ascii_alphabetic())
}

/// The literal password of `scheme://user:password@host`.
fn url_password(v: &str) -> Option<&str> {
    let (_, rest) = v.split_once("://")?;
    let (auth, _) = rest.split_once('@')?;
    let (_, pass) = auth.split_once(':')?;
    (!pass.is_empty() && !pass.contains('$') && !auth.contains('/')).then_some(pass)
}

/// The span of `value` inside the entry at `span` (a `KEY=value` item or a quoted scalar), so that
/// only the value is masked in snippets; the whole entry when it cannot be found.
fn value_span(src: &str, span: Span, value: &str) -> Span {
    match span.text(src).rfind(value) {
        Some(i) if !value.is_empty() => Span::new(span.start + i, span.start + i + value.len()),
        _ => span,
    }
}

/// Whether a service can be reached from outside the host: a port published on an address other
/// than loopback, or the host's network.
fn reachable(svc: NodeRef) -> bool {
    if svc.get("network_mode").and_then(|n| n.as_str()) == Some("host") {
        return true;
    }
    let loopback = |ip: &str| matches!(ip.trim_matches(['[', ']']), "127.0.0.1" | "localhost" | "::1");
    svc.get("ports").map(|p| p.items()).unwrap_or_default().into_iter().any(|p| {
        if p.is_map() {
            return !p.get("host_ip").and_then(|h| h.as_str()).is_some_and(loopback);
        }
        let text = p.as_text().unwrap_or_default();
        // `127.0.0.1:5432:5432`, `[::1]:5432:5432`: the address comes first when there are three parts.
        let ip = if text.matches(':').count() >= 2 {
            text.rsplitn(3, ':').nth(2)
        } else {
            None
        };
        !ip.is_some_and(loopback)
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A chosen (not generated) password of a service nobody outside the host can reach, such as a
    // quick-start's database, only gates the other containers of the project: judged not worth a
    // finding on every real repository sampled. The same value given to another service (the
    // application's copy of the database password) is the same case.
    let mut internal_values = std::collections::HashSet::new();
    for (_, _, svc) in cx.services() {
        if reachable(svc) {
            continue;
        }
        for (name, node) in env_entries(svc) {
            let upper = name.to_ascii_uppercase();
            let text = node.as_text().unwrap_or_default();
            let value = text
                .split_once('=')
                .filter(|_| svc.get("environment").is_some_and(|e| e.is_seq()))
                .map_or(text, |(_, v)| v);
            if WORDS.iter().any(|w| upper.contains(w)) && !value.is_empty() {
                internal_values.insert(value.to_owned());
            }
        }
    }
    // A value shared through an anchor (`<<: *db-env`) is one committed secret: reported once.
    let mut reported = std::collections::HashSet::new();
    for (svc_name, _, svc) in cx.services() {
        for (name, node) in env_entries(svc) {
            if !reported.insert(node.span().start) {
                continue;
            }
            // In the list form, `- KEY=value` has a value and `- KEY` passes the variable through
            // from the shell: no value, nothing committed.
            let list = svc.get("environment").is_some_and(|e| e.is_seq());
            let value = if list {
                node.as_text().and_then(|t| t.split_once('=')).map(|(_, v)| v.to_owned())
            } else {
                node.as_text().map(str::to_owned)
            };
            let Some(value) = value else { continue };
            let upper = name.to_ascii_uppercase();
            let secret_name = WORDS.iter().any(|w| upper.contains(w)) && !upper.ends_with("_FILE") && !upper.contains("PATH");
            let flag = matches!(
                value.to_ascii_lowercase().as_str(),
                "yes" | "no" | "true" | "false" | "1" | "0" | "on" | "off"
            );
            let literal = !value.is_empty()
                && !value.contains('$')
                && !shipshape_core::secret_value::not_a_secret(&value)
                && !flag
                && !shipshape_core::secret_value::names_a_setting(&name, &value);
            // A Google API key (`AIza…`: tinode's Firebase web key, written into a page every
            // browser loads; judged wrong, the thirtieth sample) is public by design or not, which its
            // restrictions decide: SEC002 reports it with that caveat.
            let google_api_key = value.starts_with("AIza") && value.len() == 39;
            if secret_name && literal && !placeholder(&value) && !google_api_key {
                if !generated(&value) && (internal_values.contains(&value) || !password_like(&value)) {
                    continue;
                }
                let d = Diagnostic::new(
                    meta(),
                    value_span(cx.src, node.span(), &value),
                    format!("service `{svc_name}` has a literal `{name}`"),
                )
                .help("use `${VAR}` from an untracked `.env`, or `secrets:` with a `_FILE` variable")
                .secret();
                // A generated value is a real secret: an error, unless only the project's own
                // containers can use it (a CI stack's database, judged not worth an error).
                let internal = internal_values.contains(&value);
                // An application's own key set for the stack's instance: a warning.
                let own_key = shipshape_core::secret_value::is_app_own_key(&name);
                out.push(if generated(&value) && !internal && !own_key {
                    d.severity(Severity::Error)
                } else {
                    d
                });
            } else if let Some(pass) = url_password(&value)
                && (generated(pass) || (password_like(pass) && !internal_values.contains(pass)))
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        value_span(cx.src, node.span(), &value),
                        format!("`{name}` embeds a password in a URL"),
                    )
                    .help("take the password from `${VAR}` or a secret file")
                    .secret(),
                );
            }
        }
    }
}
