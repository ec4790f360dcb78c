use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF085", name: "base-image-digest", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "Pin base images by digest (opt-in)",
    what: "Flags external images in FROM and `COPY --from` that have a tag but no `@sha256:` digest.",
    why: "Tags are mutable; a digest guarantees the exact bytes you tested. Opt-in because digests need a bot (Dependabot, Renovate) to stay fresh.",
    example: "FROM python:3.13-slim",
    instead: "FROM python:3.13-slim@sha256:<digest>",
    fix_safety: "No automatic fix: shipshape is offline and cannot resolve digests.",
    refs: "- https://docs.docker.com/reference/dockerfile/#from",
    spans: ["python:3.13-slim"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (image, span) in super::image_untagged::external_images(cx) {
        let r = crate::model::ImageRef::parse(&image);
        if r.digest.is_none() && r.tag.is_some() {
            out.push(
                Diagnostic::new(meta(), span, format!("`{image}` is not pinned by digest"))
                    .help("append `@sha256:<digest>` and let Dependabot or Renovate update it"),
            );
        }
    }
}
