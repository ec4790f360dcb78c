use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC024", name: "depends-on-condition", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "`depends_on` waits only for a start, though the dependency has a healthcheck",
    what: "Flags short-form `depends_on:` entries (and long-form ones with `condition: service_started`) naming a service that has a healthcheck somewhere in the project.",
    why: "The dependent starts as soon as the container is created, before the database accepts connections: the first requests fail or the app crashes on boot.",
    example: "services:\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n  api:\n    image: acme/api:1\n    depends_on:\n      - db",
    instead: "services:\n  db:\n    image: postgres:17\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n  api:\n    image: acme/api:1\n    depends_on:\n      db:\n        condition: service_healthy",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/compose/how-tos/startup-order/",
    spans: ["db"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let Some(d) = svc.get("depends_on") else { continue };
        let entries: Vec<(shipshape_yaml::NodeRef, &str)> = if d.is_map() {
            d.entries()
                .into_iter()
                .filter(|(_, v)| v.get("condition").and_then(|c| c.as_str()).is_none_or(|c| c == "service_started"))
                .filter_map(|(k, _)| Some((k, k.as_str()?)))
                .collect()
        } else {
            d.items().into_iter().filter_map(|i| Some((i, i.as_str()?))).collect()
        };
        for (node, dep) in entries {
            if cx.project.services.get(dep).copied().unwrap_or(false) {
                out.push(
                    Diagnostic::new(meta(), node.span(), format!("`{name}` starts before `{dep}` is healthy"))
                        .help(format!("use `depends_on: {{{dep}: {{condition: service_healthy}}}}`")),
                );
            }
        }
    }
}
