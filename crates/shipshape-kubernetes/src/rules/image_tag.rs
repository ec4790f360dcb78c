use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;
use shipshape_yaml::images::OwnImages;
use std::borrow::Cow;

rule! {
    code: "K8S017", name: "image-tag", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["checkov:CKV_K8S_14", "kube-linter:latest-tag", "polaris:tagNotSpecified", "kube-score:container-image-tag"], options: [],
    summary: "A container image has no tag, or uses `latest`",
    what: "Flags `image:` values with no tag and no digest, or the `latest` tag. The repository's own image, which its release tooling builds and tags (a CI workflow's `docker/build-push-action` or `docker build -t`, GoReleaser's `dockers`, a `package.json` script), is left alone: its example manifests run the project's latest release on purpose. Where the release tooling is not known, the image is reported. An image a kustomization beside or above the manifest retags (`images:` with `newTag` or `digest` for that name) is not what gets deployed, and neither is kubebuilder's `controller` placeholder in a kustomize directory (its Makefile runs `kustomize edit set image controller=${IMG}`): both are left alone. So is a bare name that is no official image (`tide:latest`): nothing pulls it from a registry (an OpenShift image stream, or a placeholder).",
    why: "`latest` changes under you: nodes run different code depending on when they pulled, rollbacks roll back to nothing, and a compromised image is picked up silently.",
    example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx",
    instead: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://kubernetes.io/docs/concepts/containers/images/#image-names",
    spans: ["nginx"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The repository's own images: the project is walked only when an image would be reported.
    let own = OwnImages::new(cx.core.projects, cx.file.path.as_deref());
    let kustomized = Kustomized::default();
    for (o, _, c) in cx.containers() {
        let Some(img) = c.node.get("image") else { continue };
        let Some(image) = img.as_str() else { continue };
        // `ko://…` is ko's build reference, replaced by a digest-pinned image at `ko apply`.
        if image.contains('@') || image.starts_with("ko://") || crate::model::image_is_templated(image) {
            continue;
        }
        // A bare name that is no official image (`tide:latest`) is pulled from nowhere: an
        // OpenShift image stream the cluster resolves, or a placeholder something replaces
        // (operate-first's prow, five judged wrong, the forty-first sample).
        let local = shipshape_core::data::is_local_name(image);
        if ImageRef::parse(image).is_floating() && !local && !own.contains(image) && !kustomized.retags(cx, image) {
            // A kustomization that renames the image without a tag (3scale's dev databases:
            // `postgres` deployed as `quay.io/sclorg/postgresql-15-c8s`; judged wrong for naming
            // the image it replaces, the sixty-sixth sample) is where the tag belongs.
            let (message, help) = match kustomized.renames(cx, image) {
                Some(new_name) => (
                    format!(
                        "container `{}` of {} `{}` runs `{image}`, which kustomize deploys as `{new_name}`, which moves",
                        c.name(),
                        o.kind,
                        object_name(o.node)
                    ),
                    format!("give `{new_name}` a `newTag` (or a `digest`) in the kustomization's `images:`"),
                ),
                None => (
                    format!(
                        "container `{}` of {} `{}` runs `{image}`, which moves",
                        c.name(),
                        o.kind,
                        object_name(o.node)
                    ),
                    "pin a version tag or a digest".to_owned(),
                ),
            };
            out.push(Diagnostic::new(meta(), img.span(), message).help(help));
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

/// How far above the manifest a kustomization is looked for (kubebuilder's `config/manager/` is one
/// level below `config/`, overlays a few more).
const KUSTOMIZE_DEPTH: usize = 4;

/// The kustomizations beside and above the manifest, read on first use.
#[derive(Default)]
struct Kustomized {
    /// `(is beside the manifest, parsed kustomization)`, nearest first.
    files: std::cell::OnceCell<Vec<(bool, shipshape_yaml::Yaml)>>,
}

impl Kustomized {
    /// Whether kustomize replaces `image`'s tag before it is deployed: a kustomization beside or
    /// above the manifest names it in `images:` with a `newTag` (other than `latest`) or a
    /// `digest`; or `image` is a placeholder (kubebuilder's `controller`, or any bare one-word name
    /// that is no official image) and a kustomization beside the manifest includes it.
    fn retags(&self, cx: &Ctx, image: &str) -> bool {
        let files = self.files.get_or_init(|| read_kustomizations(cx));
        let (name, _) = name_and_tag(image);
        // A bare one-word name that is no official image (`target-allocator`, `controller`) in a
        // kustomize base is a placeholder an overlay's `images:` replaces (opentelemetry-operator's
        // `config/target-allocator`, judged wrong).
        let bare = !image.contains(['/', ':', '@', '.']);
        let official = shipshape_core::data::image_key(None, image).is_some_and(|k| shipshape_core::data::is_known_image(&k));
        if (name == "controller" || (bare && !official)) && files.iter().any(|(beside, _)| *beside) {
            return true;
        }
        files.iter().any(|(_, k)| {
            k.docs.iter().filter_map(|d| d.root()).any(|root| {
                root.get("images").map(|i| i.items()).unwrap_or_default().iter().any(|e| {
                    let field = |f: &str| e.get(f).and_then(|v| v.as_str());
                    field("name") == Some(name)
                        && (field("digest").is_some_and(|d| !d.is_empty())
                            || field("newTag").is_some_and(|t| !t.is_empty() && t != "latest"))
                })
            })
        })
    }
}

impl Kustomized {
    /// The `newName` a kustomization beside or above the manifest gives `image` in `images:`.
    fn renames(&self, cx: &Ctx, image: &str) -> Option<String> {
        let files = self.files.get_or_init(|| read_kustomizations(cx));
        let (name, tag) = name_and_tag(image);
        files.iter().find_map(|(_, k)| {
            k.docs.iter().filter_map(|d| d.root()).find_map(|root| {
                root.get("images").map(|i| i.items()).unwrap_or_default().iter().find_map(|e| {
                    (e.get("name").and_then(|v| v.as_str()) == Some(name))
                        .then(|| e.get("newName").and_then(|v| v.as_str()))
                        .flatten()
                        // The tag written stays (`redis:latest` renamed is `<newName>:latest`).
                        .map(|n| match tag {
                            Some(tag) => format!("{n}:{tag}"),
                            None => n.to_owned(),
                        })
                })
            })
        })
    }
}

/// An image reference's name and tag, as kustomize's `images:` name it (`registry:5000/app:1.2`
/// is `registry:5000/app` and `1.2`).
fn name_and_tag(image: &str) -> (&str, Option<&str>) {
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => (&image[..image.len() - tag.len() - 1], Some(tag)),
        None => (image, None),
    }
}

fn read_kustomizations(cx: &Ctx) -> Vec<(bool, shipshape_yaml::Yaml)> {
    let tree = cx.core.tree();
    let Some(dir) = cx.file.path.as_deref().and_then(std::path::Path::parent) else {
        return Vec::new();
    };
    // A relative path's last ancestor is the empty path: the working directory.
    let here = std::path::Path::new(".");
    let mut out = Vec::new();
    let mut top = dir;
    for (i, d) in dir.ancestors().take(KUSTOMIZE_DEPTH).enumerate() {
        let d = if d.as_os_str().is_empty() { here } else { d };
        top = d;
        if let Some(text) = read_kustomization(tree, d) {
            out.push((i == 0, shipshape_yaml::Yaml::parse(&text)));
        }
        if tree.exists(&d.join(".git")) {
            break;
        }
    }
    out.extend(overlays(tree, dir, top).into_iter().map(|k| (false, k)));
    out
}

fn read_kustomization(tree: &dyn shipshape_core::tree::SourceTree, dir: &std::path::Path) -> Option<String> {
    ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        .iter()
        .find_map(|name| tree.read(&dir.join(name)))
}

/// Directories below `top` walked for overlays, at most.
const OVERLAY_DIRS: usize = 256;

/// The kustomizations below `top` that build `dir`: they list it (or a kustomization that does) in
/// `resources:`, `bases:` or `components:` (kubeflow's `overlays/standalone` over `../../base`, and
/// a `base/` over `../default` over `../manager`, each setting `images:`, judged wrong, the
/// twenty-fourth sample). Bounded: the first `OVERLAY_DIRS` directories, five levels deep.
fn overlays(tree: &dyn shipshape_core::tree::SourceTree, dir: &std::path::Path, top: &std::path::Path) -> Vec<shipshape_yaml::Yaml> {
    use std::path::{Component, Path, PathBuf};
    fn normalize(p: &Path) -> PathBuf {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    }
    // Every kustomization below `top` with the directories it builds on, nearest first: the
    // subtree of the manifest's parent, then of each ancestor up to `top` (without the subtree
    // already walked), so a repository's own overlays are found before the budget runs out in the
    // directories around it (a checkout without `.git` under a busy `/tmp`: `init`'s overlays).
    let mut found: Vec<(PathBuf, Vec<PathBuf>, shipshape_yaml::Yaml)> = Vec::new();
    let mut levels: Vec<&Path> = Vec::new();
    for a in dir.ancestors().skip(1) {
        let a = if a.as_os_str().is_empty() { Path::new(".") } else { a };
        levels.push(a);
        if a == top {
            break;
        }
    }
    if levels.is_empty() {
        levels.push(top);
    }
    let mut seen = 0;
    let mut walked: Option<PathBuf> = None;
    for level in levels {
        let mut queue = vec![(level.to_path_buf(), 0)];
        while let Some((d, depth)) = queue.pop() {
            if walked.as_deref() == Some(d.as_path()) {
                continue;
            }
            seen += 1;
            if seen > OVERLAY_DIRS {
                break;
            }
            if let Some(text) = read_kustomization(tree, &d) {
                let k = shipshape_yaml::Yaml::parse(&text);
                let mut uses = Vec::new();
                for root in k.docs.iter().filter_map(|d| d.root()) {
                    for key in ["resources", "bases", "components"] {
                        for item in root.get(key).map(|i| i.items()).unwrap_or_default() {
                            if let Some(r) = item.as_str().filter(|r| !r.contains("://")) {
                                uses.push(normalize(&d.join(r)));
                            }
                        }
                    }
                }
                found.push((normalize(&d), uses, k));
            }
            if depth < 5 {
                for child in tree.list(&d) {
                    let name = child.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if !name.starts_with('.') && tree.is_dir(&child) {
                        queue.push((child, depth + 1));
                    }
                }
            }
        }
        walked = Some(level.to_path_buf());
    }
    // Those that build `dir`, directly or through another that does.
    let mut built = vec![normalize(dir)];
    let mut taken = vec![false; found.len()];
    let mut grew = true;
    while grew {
        grew = false;
        for (i, (at, uses, _)) in found.iter().enumerate() {
            if !taken[i] && uses.iter().any(|u| built.contains(u)) {
                taken[i] = true;
                built.push(at.clone());
                grew = true;
            }
        }
    }
    found.into_iter().zip(taken).filter(|(_, t)| *t).map(|((_, _, k), _)| k).collect()
}
