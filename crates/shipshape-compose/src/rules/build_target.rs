use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, suggest};
use std::path::Path;

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
}

/// Stage names of a Dockerfile: `FROM image AS name` (case-insensitive keywords).
pub fn stages(dockerfile: &str) -> Vec<String> {
    dockerfile
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            if !words.first()?.eq_ignore_ascii_case("FROM") {
                return None;
            }
            let i = words.iter().position(|w| w.eq_ignore_ascii_case("AS"))?;
            words.get(i + 1).map(|s| s.to_ascii_lowercase())
        })
        .collect()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let dir = cx
        .file
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ".".into());
    for (name, _, svc) in cx.services() {
        let Some(b) = svc.get("build").filter(|b| b.is_map()) else {
            continue;
        };
        let Some(t) = b.get("target") else { continue };
        let Some(target) = t.as_str().filter(|s| !s.contains('$')) else {
            continue;
        };
        let context = b.get("context").and_then(|c| c.as_str()).unwrap_or(".");
        let df = b.get("dockerfile").and_then(|d| d.as_str()).unwrap_or("Dockerfile");
        let text = match b.get("dockerfile_inline").and_then(|d| d.as_str()) {
            Some(inline) => inline.to_owned(),
            None => match cx.core.tree().read(&dir.join(context).join(df)) {
                Some(t) => t,
                None => continue, // DC036 reports a missing Dockerfile.
            },
        };
        let names = stages(&text);
        if !names.iter().any(|s| s.eq_ignore_ascii_case(target)) {
            let mut d = Diagnostic::new(
                meta(),
                t.span(),
                format!("service `{name}`: the Dockerfile has no stage `{target}`"),
            );
            d = match suggest::closest(target, names.iter().map(String::as_str)) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None if names.is_empty() => d.help("the Dockerfile names no stages (`FROM … AS name`)"),
                None => d.help(format!("stages: {}", names.join(", "))),
            };
            out.push(d);
        }
    }
}
