use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, suggest};

rule! {
    code: "DC037", name: "unknown-build-target", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`build.target` names no stage of the Dockerfile",
    what: "Reads the service's Dockerfile (relative to the Compose file) and checks that `build.target` is one of its `FROM … AS <stage>` names.",
    why: "The build fails: `target stage \"x\" could not be found`, typically after a stage was renamed in the Dockerfile.",
    example: "services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22 AS build\n        FROM nginx:1.29 AS production\n      target: prodution",
    instead: "services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:22 AS build\n        FROM nginx:1.29 AS production\n      target: production",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/build/#target",
    spans: ["prodution"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let Some(b) = svc.get("build").filter(|b| b.is_map()) else {
            continue;
        };
        let Some(t) = b.get("target") else { continue };
        let Some(target) = t.as_str().filter(|s| !s.contains('$')) else {
            continue;
        };
        // DC036 reports a missing Dockerfile.
        let Some(facts) = cx.dockerfile_facts(svc) else {
            continue;
        };
        let names: Vec<&str> = facts.stage_names().collect();
        if !names.iter().any(|s| s.eq_ignore_ascii_case(target)) {
            let mut d = Diagnostic::new(
                meta(),
                t.span(),
                format!("service `{name}`: the Dockerfile has no stage `{target}`"),
            );
            d = match suggest::closest(target, names.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None if names.is_empty() => d.help("the Dockerfile names no stages (`FROM … AS name`)"),
                None => d.help(format!("stages: {}", names.join(", "))),
            };
            out.push(d);
        }
    }
}
