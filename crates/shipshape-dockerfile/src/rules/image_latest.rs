use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF007", name: "image-latest", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["hadolint:DL3007", "checkov:CKV_DOCKER_7", "trivy:DS001"], options: [],
    summary: "Using the `latest` tag is prone to errors",
    what: "Flags `FROM image:latest` and `COPY --from=image:latest` (a digest next to the tag is fine). An image given by a build argument (`ARG BASE=app:latest` then `FROM ${BASE}`) is a default meant to be overridden and is not flagged, nor is a family published only as `latest` (`gcr.io/distroless/*`, `cgr.dev/chainguard/*`, `quay.io/prometheus/busybox*`), where only a digest pins.",
    why: "`latest` moves: two builds of the same commit can get different bases, and rollbacks stop being rollbacks.",
    example: "COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv",
    instead: "COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/uv",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#from",
    spans: ["ghcr.io/astral-sh/uv:latest"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (image, span) in super::image_untagged::pinnable_images(cx) {
        let r = crate::model::ImageRef::parse(&image);
        if r.tag.as_deref() == Some("latest") && r.digest.is_none() {
            out.push(
                Diagnostic::new(meta(), span, format!("`{image}` uses the moving `latest` tag"))
                    .help("pin a version tag (and optionally a digest)"),
            );
        }
    }
}
