use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S017", name: "image-tag", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["checkov:CKV_K8S_14", "kube-linter:latest-tag", "polaris:tagNotSpecified", "kube-score:container-image-tag"], options: [],
    summary: "A container image has no tag, or uses `latest`",
    what: "Flags `image:` values with no tag and no digest, or the `latest` tag.",
    why: "`latest` changes under you: nodes run different code depending on when they pulled, rollbacks roll back to nothing, and a compromised image is picked up silently.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/containers/images/#image-names",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        let Some(img) = c.node.get("image") else { continue };
        let Some(image) = img.as_str() else { continue };
        if image.contains('@') || image.contains('$') {
            continue;
        }
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = last.split_once(':').map(|(_, t)| t);
        if tag.is_none() || tag == Some("latest") {
            out.push(
                Diagnostic::new(
                    meta(),
                    img.span(),
                    format!("container `{}` of {} `{}` runs `{image}`, which moves", c.name(), o.kind, o.name()),
                )
                .help("pin a version tag or a digest"),
            );
        }
    }
}
