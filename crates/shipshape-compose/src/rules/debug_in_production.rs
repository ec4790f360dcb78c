use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "DC033", name: "debug-in-production", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "Debug mode or debug logging in a production file",
    what: "In production files (`*prod*`), flags environment values that turn debugging on: `DEBUG`, `FLASK_DEBUG`, `DJANGO_DEBUG`, `APP_DEBUG` true/1; `LOG_LEVEL`-like variables set to `debug`/`trace`; `NODE_ENV`, `APP_ENV`, `RAILS_ENV` set to `development`.",
    why: "Debug modes print stack traces and settings to anyone who triggers an error, some open interactive consoles (Werkzeug), and debug logs leak personal data and secrets.",
    example: "services:\n  api:\n    image: acme/api:1.4.2\n    environment:\n      DEBUG: \"true\"",
    instead: "services:\n  api:\n    image: acme/api:1.4.2\n    environment:\n      DEBUG: \"false\"",
    fix_safety: "No automatic fix.",
    refs: "- https://flask.palletsprojects.com/en/stable/debugging/",
    spans: ["\"true\""],
}

fn entries(svc: NodeRef<'_>) -> Vec<(String, String, NodeRef<'_>)> {
    let Some(env) = svc.get("environment") else { return Vec::new() };
    if env.is_map() {
        return env
            .entries()
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_text().unwrap_or_default().to_owned(), v)))
            .collect();
    }
    env.items()
        .into_iter()
        .filter_map(|i| {
            let (k, v) = i.as_text()?.split_once('=')?;
            Some((k.to_owned(), v.to_owned(), i))
        })
        .collect()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Production {
        return;
    }
    for (name, _, svc) in cx.services() {
        for (k, v, node) in entries(svc) {
            let (ku, vl) = (k.to_ascii_uppercase(), v.to_ascii_lowercase());
            let on = matches!(vl.as_str(), "true" | "1" | "yes" | "on");
            let bad = (matches!(
                ku.as_str(),
                "DEBUG" | "FLASK_DEBUG" | "DJANGO_DEBUG" | "APP_DEBUG" | "RUST_BACKTRACE"
            ) && on
                && ku != "RUST_BACKTRACE")
                || (ku.contains("LOG_LEVEL") || ku == "RUST_LOG" || ku == "LOGLEVEL") && matches!(vl.as_str(), "debug" | "trace")
                || matches!(
                    ku.as_str(),
                    "NODE_ENV" | "APP_ENV" | "RAILS_ENV" | "FLASK_ENV" | "ASPNETCORE_ENVIRONMENT"
                ) && vl == "development";
            if bad {
                out.push(
                    Diagnostic::new(meta(), node.span(), format!("service `{name}` runs with `{k}={v}` in production"))
                        .help("turn debugging off in production files"),
                );
            }
        }
    }
}
