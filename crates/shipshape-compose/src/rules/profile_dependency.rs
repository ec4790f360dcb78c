use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC039", name: "disabled-dependency", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A service depends on a service that its profiles leave disabled",
    what: "Flags a `depends_on` entry naming a service that has `profiles` when the depending service has none of them (or no profiles at all, so it always starts), unless the dependency is marked `required: false`. Profiles come from every file of the project, `include`d files and `extends` included.",
    why: "`docker compose up` refuses to start: the dependency is disabled unless its profile is activated, so the default `up` fails with \"service is required but is disabled\".",
    example: "services:\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    depends_on:\n      - mailhog\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n    profiles: [debug]",
    instead: "services:\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    depends_on:\n      mailhog:\n        condition: service_started\n        required: false\n  mailhog:\n    image: mailhog/mailhog:v1.0.1\n    profiles: [debug]",
    fix_safety: "No automatic fix: give both services the profile, or mark the dependency `required: false`.",
    refs: "- https://docs.docker.com/compose/how-tos/profiles/\n- https://docs.docker.com/reference/compose-file/services/#depends_on",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let Some(deps) = svc.get("depends_on") else { continue };
        let mine = cx.project.profiles.get(name);
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
            let Some(theirs) = cx.project.profiles.get(dep) else { continue };
            if mine.is_some_and(|m| m.iter().any(|p| theirs.contains(p))) {
                continue;
            }
            let when = match mine {
                Some(m) => format!("with profile `{}`", m.join("`, `")),
                None => "by default".to_owned(),
            };
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!(
                        "`{name}` starts {when} but `{dep}` only with profile `{}`: `docker compose up` fails",
                        theirs.join("`, `")
                    ),
                )
                .help(format!(
                    "add `{dep}`'s profile to `{name}`, or mark the dependency `required: false`"
                )),
            );
        }
    }
}
