use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF006", name: "image-untagged", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["hadolint:DL3006", "checkov:CKV_DOCKER_7", "trivy:DS001"], options: [],
    summary: "Always tag the version of an image explicitly",
    what: "Flags `FROM image` and `COPY --from=image` without a tag or digest (stage names, `scratch` and build args are fine).",
    why: "An untagged image means `latest`, which changes under you and makes builds unreproducible.",
    example: "FROM debian",
    instead: "FROM debian:bookworm-slim",
    fix_safety: "No automatic fix: which version to pin is your choice.",
    refs: "- https://docs.docker.com/reference/dockerfile/#from",
}

/// Image references a Dockerfile pulls: (text, span) of each FROM image and `COPY --from=<image>`.
pub fn external_images(cx: &Ctx) -> Vec<(String, shipshape_core::Span)> {
    let mut out = Vec::new();
    for stage in &cx.df.stages {
        if stage.parent_stage.is_none()
            && let Some(r) = &stage.resolved
            && r != "scratch"
        {
            out.push((r.clone(), stage.image_span));
        }
    }
    let mut vars = cx.df.var_cursor();
    for (i, ins) in cx.each(Keyword::Copy) {
        if let Some(f) = ins.flag("from")
            && let Some(v) = &f.value
            && (v.contains('/') || v.contains(':'))
            && cx.df.stage_by_name(v).is_none()
            && let Some(r) = crate::expand::expand(v, vars.at(i))
        {
            out.push((r, f.value_span.unwrap_or(f.span)));
        }
    }
    out
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (image, span) in external_images(cx) {
        let r = crate::model::ImageRef::parse(&image);
        if r.tag.is_none() && r.digest.is_none() && !image.is_empty() {
            out.push(
                Diagnostic::new(meta(), span, format!("`{image}` has no tag, so it means `latest`"))
                    .help(format!("pin a version, for example `{image}:<version>`")),
            );
        }
    }
}
