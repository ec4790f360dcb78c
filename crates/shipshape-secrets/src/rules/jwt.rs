use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC005", name: "json-web-token", severity: Warning, category: Security, default: false, fix: None,
    peers: ["detect-secrets:JwtTokenDetector", "checkov:CKV_SECRET_9"], options: [],
    summary: "A JSON Web Token is committed",
    what: "Flags strings shaped like a signed JWT (`eyJ…` header, `eyJ…` payload, signature) whose header decodes to JSON naming an `alg`. NATS JWTs (`alg: ed25519-nkey`) are left alone: they are signed claims that NATS servers and clients hand out and preload in the open (account JWTs in a resolver), and using one needs the holder's nkey seed (`SU…`), which is the secret. Opt-in (`--select SEC005`): a JWT in a repository is almost always an API example, a test token or a development token signed with a documented key, and none of the 23 the judged samples found was worth acting on (docs/precision.md).",
    why: "A JWT is a bearer credential: until it expires (service tokens often never do) anyone holding it acts as its subject.",
    example: "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ib3QiLCJyb2xlIjoiYWRtaW4ifQ.Wq3nT8vX2kLm9ZpR4sY7bC1dF6gH0jA5eU3iO8tP2wQ",
    instead: "Authorization: Bearer ${API_TOKEN}",
    fix_safety: "No automatic fix: revoke the token (or rotate the signing key) first.",
    refs: "- https://datatracker.ietf.org/doc/html/rfc7519",
    spans: ["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ib3QiLCJyb2xlIjoiYWRtaW4ifQ.Wq3nT8vX2kLm9ZpR4sY7bC1dF6gH0jA5eU3iO8tP2wQ"],
}

pub static DETECTORS: &[Detector] = &[Detector {
    what: "a JSON Web Token",
    keywords: &["eyj"],
    pattern: r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})",
    min_entropy: 4.0,
}];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        let header = span
            .text(cx.src)
            .split('.')
            .next()
            .and_then(shipshape_core::secret_value::base64_decode);
        let header = header.map(|h| String::from_utf8_lossy(&h).into_owned()).unwrap_or_default();
        let is_jwt = header.contains("\"alg\"");
        // A NATS JWT is a public, signed claim: proving it needs the nkey seed that signed the nonce.
        let nats = header.contains("\"ed25519-nkey\"") || header.contains("\"ed25519\"");
        // jwt.io's sample token (`John Doe`, `1234567890`), used in documentation and API examples.
        let sample = span.text(cx.src).ends_with(".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        // The example of an API description (`example: "Bearer eyJ…"` in an OpenApiSpex or OpenAPI
        // schema: supabase realtime's controllers, judged not worth a finding) documents the form.
        let from = cx.src.floor_char_boundary(span.start.saturating_sub(80));
        let before = cx.src[from..span.start].to_ascii_lowercase();
        let example = before.rfind("example").is_some_and(|i| {
            before[i..]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '"' || c == '\'')
                .trim_start()
                .starts_with([':', '='])
        });
        if is_jwt && !nats && !sample && !example {
            out.push(
                cx.finding(meta(), span, &format!("{} is committed", d.what))
                    .help("revoke it and read tokens from a secret store"),
            );
        }
    }
}
