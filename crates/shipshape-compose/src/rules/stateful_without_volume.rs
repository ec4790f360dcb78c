use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC032", name: "stateful-without-volume", severity: Warning, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A database keeps its data in the container",
    what: "Flags services running a stateful image (PostgreSQL, MySQL/MariaDB, MongoDB, Redis/Valkey, Elasticsearch, RabbitMQ, …) with no volume mounted on (or above) the image's data directory.",
    why: "The data lives in the container's writable layer: `docker compose down`, an image upgrade or a recreate deletes it.",
    example: "services:\n  db:\n    image: postgres:17",
    instead: "services:\n  db:\n    image: postgres:17\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data: {}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/engine/storage/volumes/",
    spans: ["postgres:17"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let Some((image, node)) = cx.image(svc) else { continue };
        let repo = model::image_repo(&image);
        let Some((_, data, _)) = model::STATEFUL.iter().find(|(r, _, _)| *r == repo) else {
            continue;
        };
        let mounted = svc.get("volumes").map(|v| v.items()).unwrap_or_default().iter().any(|v| {
            let target = if v.is_map() {
                v.get("target").and_then(|t| t.as_str()).map(str::to_owned)
            } else {
                v.as_str().and_then(|t| t.split(':').nth(1)).map(str::to_owned)
            };
            target.is_some_and(|t| {
                let t = t.trim_end_matches('/');
                data.starts_with(t) || t.starts_with(data)
            })
        });
        // Postgres 18 moved the data directory up a level.
        let pg18 = repo == "postgres"
            && svc.get("volumes").is_some_and(|v| {
                v.items()
                    .iter()
                    .any(|i| i.as_text().is_some_and(|t| t.contains(":/var/lib/postgresql")))
            });
        if !mounted && !pg18 && svc.get("tmpfs").is_none() {
            out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    format!("service `{name}` keeps its data in the container: it is lost on recreate"),
                )
                .help(format!("mount a named volume on `{data}`")),
            );
        }
    }
}
