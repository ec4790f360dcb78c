use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF006", name: "image-untagged", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["hadolint:DL3006", "checkov:CKV_DOCKER_7", "trivy:DS001"], options: [],
    summary: "Always tag the version of an image explicitly",
    what: "Flags `FROM image` and `COPY --from=image` without a tag or digest (stage names, `scratch` and images given by a build argument, `FROM ${BASE}`, are fine; so are families published without version tags, such as `gcr.io/distroless/*` and `cgr.dev/chainguard/*`, where only a digest pins; and named build contexts a bake file, Compose file, `--build-context` or workflow beside or above the Dockerfile defines).",
    why: "An untagged image means `latest`, which changes under you and makes builds unreproducible.",
    example: "FROM debian",
    instead: "FROM debian:bookworm-slim",
    fix_safety: "No automatic fix: which version to pin is your choice.",
    refs: "- https://docs.docker.com/reference/dockerfile/#from",
    spans: ["debian"],
}

/// Image references a Dockerfile pulls: (text, span) of each FROM image and `COPY --from=<image>`.
pub fn external_images(cx: &Ctx) -> Vec<(String, shipshape_core::Span)> {
    let mut out = Vec::new();
    for stage in &cx.df.stages {
        if stage.parent_stage.is_none()
            && let Some(r) = &stage.resolved
            && r != "scratch"
            // `FROM deps` naming a bake target's or Compose's named context (frigate's variant
            // images, judged wrong): no registry image.
            && (r.contains(['/', ':', '@', '.']) || official(r) || !(cx.is_named_context(r) || cx.is_included_stage(r)))
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

/// Whether a bare name is an official Docker Hub image (`ubuntu`, `alpine`): an image, not a name a
/// bake file or an included Dockerfile defines, without looking around the file system.
fn official(name: &str) -> bool {
    shipshape_core::data::image_key(None, name).is_some_and(|k| shipshape_core::data::is_known_image(&k))
}

/// Image families published without version tags (`latest`, `nonroot`, `debug`): only a digest pins
/// them, and the version the help suggests does not exist.
const UNVERSIONED: &[&str] = &["gcr.io/distroless/", "cgr.dev/chainguard/", "quay.io/prometheus/busybox"];

/// The images DF006 and DF007 judge: external images written out, not a build argument's default
/// (`FROM ${BASE}`: a default meant to be overridden, as hadolint sees it too), and not of a family
/// without version tags.
pub fn pinnable_images(cx: &Ctx) -> Vec<(String, shipshape_core::Span)> {
    external_images(cx)
        .into_iter()
        .filter(|(image, span)| {
            // An upper-case name is no repository (they are lower case): a placeholder a script
            // replaces (autoscaler's `FROM BASEIMAGE`, filled in by `sed`).
            let placeholder = image.chars().any(|c| c.is_ascii_uppercase()) && !image.contains(['/', ':', '.']);
            !placeholder && !span.text(cx.src).contains('$') && !UNVERSIONED.iter().any(|u| image.to_ascii_lowercase().starts_with(u))
        })
        .collect()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A stage no later stage uses and that is not the last is never built by BuildKit, so its image
    // is never pulled (plane's unused `tonistiigi/binfmt` stage, judged not worth it, the
    // thirty-second sample) — unless a variable picks the stages.
    let variable = cx.df.stages.iter().any(|s| s.image.contains('$'));
    let last = cx.df.stages.len().saturating_sub(1);
    let dead: Vec<shipshape_core::Span> = cx
        .df
        .stages
        .iter()
        .filter(|s| !variable && s.index < last && !cx.df.is_stage_referenced(s))
        .map(|s| s.image_span)
        .collect();
    for (image, span) in pinnable_images(cx) {
        let r = crate::model::ImageRef::parse(&image);
        if r.tag.is_none() && r.digest.is_none() && !image.is_empty() && !dead.contains(&span) {
            out.push(
                Diagnostic::new(meta(), span, format!("`{image}` has no tag, so it means `latest`"))
                    .help(format!("pin a version, for example `{image}:<version>`")),
            );
        }
    }
}
