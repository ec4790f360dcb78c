use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "K8S055", name: "image-digest", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_K8S_43"], options: [],
    summary: "An image is referenced by tag, not digest",
    what: "Flags container images without `@sha256:` (off by default: tags plus a scanner are often enough).",
    why: "A tag can be moved to other content; a digest names exactly the image that was reviewed and scanned.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29@sha256:0d7e5bf6fbcba7b8e4ce1c4fd8e8a6ea2c2a5d47b4c1a6f3d1c9e1a1f2b3c4d5",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/containers/images/#image-names",
    spans: ["nginx:1.29"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        if let Some(i) = c.node.get("image")
            && i.as_str()
                .is_some_and(|s| !s.contains("@sha256:") && !crate::model::image_is_templated(s))
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    i.span(),
                    format!("container `{}` of {} `{}` is pinned by tag only", c.name(), o.kind, o.name()),
                )
                .help("append `@sha256:<digest>`"),
            );
        }
    }
}
