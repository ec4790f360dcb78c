use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "DC023", name: "service-missing-healthcheck", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A service has no healthcheck",
    what: "Flags services without a `healthcheck:` (in any file of the project) that other services depend on (a warning), or that are built here (info). One-shot services (`restart: \"no\"` with a command) are skipped.",
    why: "Without a healthcheck, `depends_on` can only wait for the container to start, not for the database or API to accept connections, and a hung process looks `Up`.",
    example: "services:\n  db:\n    image: postgres:17\n  api:\n    image: acme/api:1\n    depends_on:\n      - db",
    instead: "services:\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n      interval: 5s\n      retries: 10\n  api:\n    image: acme/api:1\n    depends_on:\n      db:\n        condition: service_healthy",
    fix_safety: "No automatic fix: the right probe depends on the service.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#healthcheck",
    spans: ["db"],
}

/// Names of services that some service depends on.
pub fn depended_on(cx: &Ctx) -> Vec<String> {
    let mut out = Vec::new();
    for (_, _, svc) in cx.services() {
        if let Some(d) = svc.get("depends_on") {
            if d.is_map() {
                out.extend(d.entries().iter().filter_map(|(k, _)| k.as_str().map(str::to_owned)));
            } else {
                out.extend(d.items().iter().filter_map(|i| i.as_str().map(str::to_owned)));
            }
        }
    }
    out
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // In an open project (an overlay, a remote include) the healthcheck may be defined elsewhere.
    if cx.project.open {
        return;
    }
    let deps = depended_on(cx);
    for (name, key, svc) in cx.services() {
        if cx.project.services.get(name).copied().unwrap_or(false) || model::has_healthcheck(svc) {
            continue;
        }
        if svc.get("restart").and_then(|r| r.as_str()) == Some("no") {
            continue;
        }
        if crate::model::image_healthcheck(svc, cx.dockerfile_facts(svc).as_deref(), &cx.project.env) == Some(true) {
            continue;
        }
        let needed = deps.iter().any(|d| d == name);
        if needed {
            out.push(
                Diagnostic::new(
                    meta(),
                    key.span(),
                    format!("service `{name}` is depended on but has no healthcheck"),
                )
                .severity(Severity::Warning)
                .help("add a `healthcheck:` and make dependents wait with `condition: service_healthy`"),
            );
        } else if svc.get("build").is_some() {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` has no healthcheck"))
                    .help("add a `healthcheck:` that checks it really serves"),
            );
        }
    }
}
