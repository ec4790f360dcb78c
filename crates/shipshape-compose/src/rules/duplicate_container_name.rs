use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "DC004", name: "duplicate-container-name", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:no-duplicate-container-names"], options: [],
    summary: "Two services share a `container_name`",
    what: "Flags a `container_name:` already used by another service of the file that can run at the same time: services whose `profiles` share none are never started together (a service without `profiles` always starts).",
    why: "Container names are unique per Docker host: the second container fails to start.",
    example: "services:\n  api:\n    image: acme/api:1\n    container_name: app\n  worker:\n    image: acme/worker:1\n    container_name: app",
    instead: "services:\n  api:\n    image: acme/api:1\n    container_name: app-api\n  worker:\n    image: acme/worker:1\n    container_name: app-worker",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#container_name",
    spans: ["app"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Name → every earlier use, with the profiles of its service.
    let mut seen: HashMap<String, Vec<(shipshape_core::Span, Vec<String>)>> = HashMap::new();
    for (name, _, svc) in cx.services() {
        let Some(c) = svc.get("container_name") else { continue };
        let Some(v) = c.as_text() else { continue };
        let profiles = model::profiles(svc);
        let uses = seen.entry(v.to_owned()).or_default();
        match uses.iter().find(|(_, p)| model::can_run_together(p, &profiles)) {
            Some((first, _)) => out.push(
                Diagnostic::new(meta(), c.span(), format!("service `{name}` reuses container name `{v}`")).label(*first, "first used here"),
            ),
            None => uses.push((c.span(), profiles)),
        }
    }
}
