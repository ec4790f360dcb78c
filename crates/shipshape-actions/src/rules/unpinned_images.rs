use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;

rule! {
    code: "GHA012", name: "unpinned-images", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:unpinned-images"], options: [],
    summary: "Job containers and services should name an image version",
    what: "Flags `container:` and `services:` images with no tag or the `latest` tag (and `docker://` steps likewise).",
    why: "`latest` changes under you: builds stop being reproducible, and a compromised image is picked up silently.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres:17\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#unpinned-images",
    spans: ["postgres"],
}

fn unpinned(image: &str) -> bool {
    !image.contains("${{") && ImageRef::parse(image).is_floating()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut images = Vec::new();
    for (_, job) in model::jobs(cx.root) {
        if let Some(c) = job.get("container") {
            images.push(if c.is_map() { c.get("image") } else { Some(c) });
        }
        if let Some(services) = job.get("services") {
            images.extend(services.entries().into_iter().map(|(_, v)| v.get("image")));
        }
    }
    for (_, step) in cx.steps() {
        if let Some((model::Uses::Docker(_), node)) = model::uses_of(step) {
            images.push(Some(node));
        }
    }
    // The repository's own images (built and published by its release tooling, or named after it)
    // are tracked on purpose: penpot's CI runs its `penpotapp/devenv:latest`, published only so.
    let own = shipshape_yaml::images::OwnImages::new(cx.core.projects, cx.file.path.as_deref());
    for node in images.into_iter().flatten() {
        let Some(text) = node.as_text() else { continue };
        let image = text.strip_prefix("docker://").unwrap_or(text);
        if !image.is_empty() && unpinned(image) && !own.contains(image) {
            out.push(Diagnostic::new(meta(), node.span(), format!("`{image}` has no version tag")).help("pin a version tag, or a digest"));
        }
    }
}
