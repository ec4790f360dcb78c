use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic, Elsewhere};
use shipshape_knowledge::dockerfile::Facts;
use shipshape_yaml::images::{ImageIndex, normalize};
use std::collections::HashMap;

rule! {
    cross_file: true,
    code: "XF002", name: "container-port-not-exposed", severity: Warning, category: Correctness, default: false, fix: None,
    peers: [], options: [],
    summary: "A `containerPort` the image's Dockerfile does not `EXPOSE`",
    what: "For a container whose image this repository builds (a Compose service with `build` and `image`, a `docker/build-push-action` step or a `docker build -t` command) from one known Dockerfile, flags each `containerPort` that the Dockerfile does not `EXPOSE`. Dockerfiles that expose nothing, or through a variable, are left alone.",
    why: "`EXPOSE` documents where the application listens; a manifest that declares another port usually means one of them is stale, and probes and Services aimed at the manifest's port then fail.",
    example: "# This repository builds ghcr.io/acme/web from a Dockerfile with `EXPOSE 8080`.\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.4.0\n      ports:\n        - containerPort: 3000",
    instead: "# This repository builds ghcr.io/acme/web from a Dockerfile with `EXPOSE 8080`.\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.4.0\n      ports:\n        - containerPort: 8080",
    fix_safety: "No automatic fix: either side may be the stale one.",
    refs: "- https://docs.docker.com/reference/dockerfile/#expose\n- https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports",
    spans: ["3000"],
}

/// A Dockerfile's exposed ports, and where its first `EXPOSE` is.
type Exposed = (Vec<u16>, Option<Elsewhere>);

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(project) = cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) else {
        return;
    };
    let index = ImageIndex::of(&project);
    if index.built.is_empty() {
        return;
    }
    // Each Dockerfile's exposed ports and where its first `EXPOSE` is, read once however many
    // containers run its image.
    let mut exposed: HashMap<&std::path::Path, Option<Exposed>> = HashMap::new();
    for (o, _, c) in cx.containers() {
        let Some(repo) = c.node.get("image").and_then(|i| i.as_str()).and_then(normalize) else {
            continue;
        };
        let Some(dockerfile) = index.dockerfile_of(&repo) else { continue };
        let shown = dockerfile.strip_prefix(&project.root).unwrap_or(dockerfile).display().to_string();
        let Some((ports, at)) = exposed.entry(dockerfile).or_insert_with(|| {
            let text = cx.core.tree().read(dockerfile)?;
            let facts = Facts::of(&text);
            let at = facts.expose_spans.first().map(|s| Elsewhere::locate(shown.as_str(), &text, *s));
            facts.exposes.filter(|p| !p.is_empty()).map(|p| (p, at))
        }) else {
            continue;
        };
        for p in c.node.get("ports").map(|p| p.items()).unwrap_or_default() {
            let Some(n) = p.get("containerPort") else { continue };
            let Some(port) = n.as_f64().map(|v| v as u16) else { continue };
            if !ports.contains(&port) {
                let list: Vec<String> = ports.iter().map(u16::to_string).collect();
                let d = Diagnostic::new(
                    meta(),
                    n.span(),
                    format!(
                        "container `{}` of {} `{}` declares port {port}, but `{shown}` exposes {}",
                        c.name(),
                        o.kind,
                        o.name(),
                        list.join(", ")
                    ),
                )
                .confidence(Confidence::Medium)
                .help("declare the port the application listens on, or fix `EXPOSE`");
                let d = match at {
                    Some(at) => d.label_elsewhere(at.clone(), "the image's `EXPOSE`"),
                    None => d,
                };
                out.push(d);
            }
        }
    }
}
