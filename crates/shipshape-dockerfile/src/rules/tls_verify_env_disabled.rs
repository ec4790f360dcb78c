use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF060", name: "tls-verify-env-disabled", severity: Error, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_5", "checkov:CKV2_DOCKER_6", "checkov:CKV2_DOCKER_14"], options: [],
    summary: "An environment variable turns off TLS verification",
    what: "Flags `ENV`/`ARG` (and `export` in RUN) of `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `GIT_SSL_NO_VERIFY` (any non-empty value), `NPM_CONFIG_STRICT_SSL=false`, `CURL_CA_BUNDLE=\"\"`.",
    why: "Every HTTPS client in the build (or in the running container, for ENV) stops checking certificates.",
    example: "ENV NODE_TLS_REJECT_UNAUTHORIZED=0",
    instead: "COPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates",
    fix_safety: "No automatic fix.",
    refs: "- https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue",
    spans: ["NODE_TLS_REJECT_UNAUTHORIZED=0"],
}

fn disables(k: &str, v: &str) -> bool {
    let v = v.trim().to_ascii_lowercase();
    match k {
        "PYTHONHTTPSVERIFY" | "NODE_TLS_REJECT_UNAUTHORIZED" => v == "0",
        "GIT_SSL_NO_VERIFY" => !v.is_empty() && v != "0" && v != "false",
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" => v == "false" || v == "0",
        "CURL_CA_BUNDLE" | "REQUESTS_CA_BUNDLE" => v.is_empty(),
        _ => false,
    }
}

/// Python 3 reads `PYTHONHTTPSVERIFY` only in some distributions' builds (RHEL's), and requests keeps
/// verifying with an empty `REQUESTS_CA_BUNDLE`/`CURL_CA_BUNDLE`: warnings, not certain (the error
/// audit, 2026-12-05).
fn finding(k: &str, span: shipshape_core::Span) -> Diagnostic {
    if matches!(k, "PYTHONHTTPSVERIFY" | "CURL_CA_BUNDLE" | "REQUESTS_CA_BUNDLE") {
        Diagnostic::new(meta(), span, format!("`{k}` turns off TLS verification where the runtime reads it"))
            .severity(shipshape_core::Severity::Warning)
            .confidence(shipshape_core::Confidence::Medium)
    } else {
        Diagnostic::new(meta(), span, format!("`{k}` turns off TLS verification"))
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, k, v, span) in cx.env_and_args() {
        if let Some(v) = v
            && disables(&k, &v)
        {
            out.push(finding(&k, span));
        }
    }
    for (_, c) in cx.commands() {
        if c.name == "export" {
            for a in &c.args {
                if let Some((k, v)) = a.text.split_once('=')
                    && disables(k, v)
                {
                    out.push(finding(k, a.span));
                }
            }
        }
    }
}
