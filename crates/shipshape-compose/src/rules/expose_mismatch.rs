use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC038", name: "port-not-exposed", severity: Warning, category: Correctness, default: false, fix: None,
    peers: [], options: [],
    summary: "A published container port is not one the service's Dockerfile `EXPOSE`s",
    what: "For services built here, reads the Dockerfile (relative to the Compose file, or `dockerfile_inline`) and flags `ports:` whose container port is not among its `EXPOSE`d ports, when it exposes any. Ports with variables are skipped.",
    why: "The Dockerfile says where the application listens; publishing another port forwards to nothing (connection refused), typically after the app's port changed on one side only.",
    example: "services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22\n        EXPOSE 3000\n    ports:\n      - \"8080:8080\"",
    instead: "services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22\n        EXPOSE 3000\n    ports:\n      - \"8080:3000\"",
    fix_safety: "No automatic fix: decide which side is right.",
    refs: "- https://docs.docker.com/reference/dockerfile/#expose",
    spans: ["\"8080:8080\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let Some(facts) = cx.dockerfile_facts(svc) else {
            continue;
        };
        // Multi-stage: the final stage is what runs; EXPOSE is inherited, so any stage's counts.
        let Some(ports) = facts.exposes.clone().filter(|p| !p.is_empty()) else {
            continue;
        };
        for node in svc.get("ports").map(|p| p.items()).unwrap_or_default() {
            let Some(p) = model::parse_port(node) else { continue };
            let Ok(target) = p.target.parse::<u16>() else { continue };
            if !ports.contains(&target) {
                let list: Vec<String> = ports.iter().map(u16::to_string).collect();
                out.push(
                    Diagnostic::new(
                        meta(),
                        node.span(),
                        format!(
                            "service `{name}` publishes container port {target}, but its Dockerfile exposes {}",
                            list.join(", ")
                        ),
                    )
                    .help("publish the port the application listens on, or fix `EXPOSE`"),
                );
            }
        }
    }
}
