use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "DC004", name: "duplicate-container-name", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:no-duplicate-container-names"], options: [],
    summary: "Two services share a `container_name`",
    what: "Flags a `container_name:` already used by another service of the file.",
    why: "Container names are unique per Docker host: the second container fails to start.",
    example: "services:\n  api:\n    image: acme/api:1\n    container_name: app\n  worker:\n    image: acme/worker:1\n    container_name: app",
    instead: "services:\n  api:\n    image: acme/api:1\n    container_name: app-api\n  worker:\n    image: acme/worker:1\n    container_name: app-worker",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#container_name",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, shipshape_core::Span> = HashMap::new();
    for (name, _, svc) in cx.services() {
        let Some(c) = svc.get("container_name") else { continue };
        let Some(v) = c.as_text() else { continue };
        match seen.get(v) {
            Some(first) => out.push(
                Diagnostic::new(meta(), c.span(), format!("service `{name}` reuses container name `{v}`")).label(*first, "first used here"),
            ),
            None => {
                seen.insert(v.to_owned(), c.span());
            }
        }
    }
}
