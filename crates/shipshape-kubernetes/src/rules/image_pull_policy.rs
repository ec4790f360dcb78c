use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_knowledge::image::ImageRef;
use shipshape_yaml::patch;

rule! {
    code: "K8S018", name: "image-pull-policy", severity: Info, category: Reliability, default: false, fix: Safe,
    peers: ["checkov:CKV_K8S_15", "kube-score:container-image-pull-policy"], options: [],
    summary: "`imagePullPolicy` is left to the default",
    what: "Flags containers without `imagePullPolicy`. The fix sets `Always` for `latest`/untagged images and `IfNotPresent` for pinned ones, which is what Kubernetes defaults to, written down.",
    why: "The default depends on the tag (Always for `latest`, IfNotPresent otherwise): a tag change silently changes pull behaviour, and reviewers cannot see which applies.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          imagePullPolicy: IfNotPresent",
    fix_safety: "Safe: writes the policy Kubernetes already applies for that image reference.",
    refs: "- https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
    spans: ["web"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (o, _, c) in cx.containers() {
        if c.node.get("imagePullPolicy").is_some() {
            continue;
        }
        let image = c.node.get("image").and_then(|i| i.as_str()).unwrap_or_default();
        let floating = ImageRef::parse(image).is_floating();
        let policy = if floating { "Always" } else { "IfNotPresent" };
        let fix = patch::insert_entry(cx.src, c.node, "imagePullPolicy", policy, None)
            .map(|e| Fix::safe(format!("write `imagePullPolicy: {policy}`"), vec![e]));
        out.push(
            Diagnostic::new(
                meta(),
                c.span(),
                format!(
                    "container `{}` of {} `{}` does not say when its image is pulled",
                    c.name(),
                    o.kind,
                    o.name()
                ),
            )
            .help(format!("set `imagePullPolicy: {policy}`"))
            .maybe_fix(fix),
        );
    }
}
