use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC025", name: "healthy-without-healthcheck", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`condition: service_healthy` on a service with no healthcheck",
    what: "Flags `depends_on` entries with `condition: service_healthy` whose service has no healthcheck in any file of the project and whose image is known to define none either (an official Docker Hub image, or a Dockerfile built here without `HEALTHCHECK`). Third-party images may bake one in, so they are not judged. An image built `FROM` a third-party image inherits its HEALTHCHECK, which shipshape cannot see: not reported.",
    why: "`docker compose up` fails: the dependency can never become healthy.",
    example: "services:\n  db:\n    image: postgres:17\n  api:\n    image: acme/api:1\n    depends_on:\n      db:\n        condition: service_healthy",
    instead: "services:\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n  api:\n    image: acme/api:1\n    depends_on:\n      db:\n        condition: service_healthy",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#depends_on",
    spans: ["service_healthy"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.project.open {
        return;
    }
    for (_, _, svc) in cx.services() {
        let Some(d) = svc.get("depends_on").filter(|d| d.is_map()) else {
            continue;
        };
        for (k, v) in d.entries() {
            let Some(dep) = k.as_str() else { continue };
            let Some(c) = v.get("condition") else { continue };
            let image_has = cx
                .root
                .get("services")
                .and_then(|s| s.get(dep))
                .map(|svc| crate::model::image_healthcheck(svc, cx.dockerfile_facts(svc).as_deref(), &cx.project.env));
            if c.as_str() == Some("service_healthy") && cx.project.services.get(dep) == Some(&false) && image_has == Some(Some(false)) {
                out.push(
                    Diagnostic::new(meta(), c.span(), format!("`{dep}` has no healthcheck, so it can never be healthy"))
                        .help(format!("add a `healthcheck:` to `{dep}`")),
                );
            }
        }
    }
}
