use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_knowledge::image::ImageRef;
use shipshape_yaml::images::OwnImages;

rule! {
    code: "DC013", name: "service-image-tag", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["dclint:service-image-require-explicit-tag"], options: [],
    summary: "A service image has no tag, or uses `latest`",
    what: "Flags `image:` values with no tag or the `latest` tag, after interpolating `${VAR}` from `.env`. A variable `.env` does not set is the user's to choose: `${TAG}` or a `${TAG:?message}` guard is set by whoever runs Compose (from a `.env` copied from `env.example`), and a default such as `${TAG:-latest}` is meant to be overridden (as a Dockerfile `ARG` default is); such images are skipped. Services that also `build:` are skipped: the image names what is built; so are services that run an image another service of the project builds. So is the repository's own image, which its release tooling builds and tags (a CI workflow's `docker/build-push-action` or `docker build -t`, GoReleaser's `dockers`, a `package.json` script): a quick-start Compose file that runs the project's latest release on purpose. Where the release tooling is not known, the image is reported.",
    why: "`latest` moves: the stack that worked yesterday breaks today, and a compromised image is pulled silently.",
    example: "services:\n  cache:\n    image: redis",
    instead: "services:\n  cache:\n    image: redis:8.2-alpine",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#image",
    spans: ["redis"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The repository's own images: the project is walked only when an image would be reported.
    let own = OwnImages::new(cx.core.projects, cx.file.path.as_deref());
    for (_, _, svc) in cx.services() {
        if svc.get("build").is_some() {
            continue;
        }
        let Some((image, node)) = cx.image(svc) else { continue };
        if set_by_user(node.as_text().unwrap_or(""), &cx.project.env) {
            continue;
        }
        if image.contains('@') || image.is_empty() {
            continue;
        }
        let r = ImageRef::parse(&image);
        if r.is_floating() && own.contains(&image) {
            continue;
        }
        // Built by another service of the project (`aurweb-image` builds `aurweb:latest`, which
        // six services run: judged wrong, the thirty-ninth sample): nothing is pulled.
        if cx
            .project
            .built_images
            .iter()
            .any(|b| crate::model::interpolate(b, &cx.project.env) == image)
        {
            continue;
        }
        if built_by_compose(cx, &image) {
            continue;
        }
        match r.tag.as_deref() {
            None | Some("") => out.push(
                Diagnostic::new(meta(), node.span(), format!("`{image}` has no tag: it means `latest`"))
                    .help("pin a version tag (or a digest)"),
            ),
            Some("latest") => out.push(
                Diagnostic::new(meta(), node.span(), format!("`{image}` uses `latest`, which moves"))
                    .help("pin a version tag (or a digest)"),
            ),
            _ => {}
        }
    }
}

/// Whether `image` is the name Compose gives a service's built image, `<project>-<service>` (`_`
/// before Compose v2), for the project named by `COMPOSE_PROJECT_NAME` in `.env` or the file's
/// `name:`: readthedocs runs `community-server:latest`, which its base file (a submodule) builds
/// for the project `community` (judged wrong, the sixty-fifth sample). Nothing is pulled.
fn built_by_compose(cx: &Ctx, image: &str) -> bool {
    let (name, _) = image.split_once(':').unwrap_or((image, ""));
    if name.contains('/') {
        return false;
    }
    let project = cx
        .project
        .env
        .get("COMPOSE_PROJECT_NAME")
        .map(String::as_str)
        .or_else(|| cx.root.get("name").and_then(|n| n.as_str()));
    project.is_some_and(|p| {
        !p.is_empty()
            && name
                .strip_prefix(&p.to_ascii_lowercase())
                .and_then(|rest| rest.strip_prefix(['-', '_']))
                .is_some_and(|service| !service.is_empty())
    })
}

/// Whether the text uses a variable `.env` does not set: `${VAR}` or a `${VAR:?…}` guard (the user
/// supplies it, from a `.env` copied from `env.example`: whatever it will hold is unknown here, not
/// empty), or `${VAR:-default}` (a default meant to be overridden, like a Dockerfile `ARG` default).
fn set_by_user(text: &str, env: &std::collections::BTreeMap<String, String>) -> bool {
    crate::model::var_refs(text).is_ok_and(|refs| refs.iter().any(|r| !env.contains_key(&r.name)))
}
