use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::images::OwnImages;
use std::borrow::Cow;

rule! {
    code: "K8S017", name: "image-tag", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["checkov:CKV_K8S_14", "kube-linter:latest-tag", "polaris:tagNotSpecified", "kube-score:container-image-tag"], options: [],
    summary: "A container image has no tag, or uses `latest`",
    what: "Flags `image:` values with no tag and no digest, or the `latest` tag. The repository's own image, which its release tooling builds and tags (a CI workflow's `docker/build-push-action` or `docker build -t`, GoReleaser's `dockers`, a `package.json` script), is left alone: its example manifests run the project's latest release on purpose. Where the release tooling is not known, the image is reported.",
    why: "`latest` changes under you: nodes run different code depending on when they pulled, rollbacks roll back to nothing, and a compromised image is picked up silently.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/containers/images/#image-names",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The repository's own images: the project is walked only when an image would be reported.
    let own = OwnImages::new(cx.core.projects, cx.file.path.as_deref());
    for (o, _, c) in cx.containers() {
        let Some(img) = c.node.get("image") else { continue };
        let Some(image) = img.as_str() else { continue };
        if image.contains('@') || image.contains('$') {
            continue;
        }
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = last.split_once(':').map(|(_, t)| t);
        if (tag.is_none() || tag == Some("latest")) && !own.contains(image) {
            out.push(
                Diagnostic::new(
                    meta(),
                    img.span(),
                    format!(
                        "container `{}` of {} `{}` runs `{image}`, which moves",
                        c.name(),
                        o.kind,
                        object_name(o.node)
                    ),
                )
                .help("pin a version tag or a digest"),
            );
        }
    }
}

/// The object's `metadata.name`, else its `generateName` prefix shown as a pattern (`migrate-*`),
/// else `?`.
fn object_name(node: shipshape_yaml::NodeRef<'_>) -> Cow<'_, str> {
    let meta = node.get("metadata");
    let field = |k: &str| meta.and_then(|m| m.get(k)).and_then(|n| n.as_str());
    match (field("name"), field("generateName")) {
        (Some(name), _) => Cow::Borrowed(name),
        (None, Some(prefix)) => Cow::Owned(format!("{prefix}*")),
        (None, None) => Cow::Borrowed("?"),
    }
}
