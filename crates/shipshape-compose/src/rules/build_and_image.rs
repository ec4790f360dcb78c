use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "DC003", name: "build-and-image", severity: Info, category: Maintainability, default: false, fix: Unsafe,
    peers: ["dclint:no-build-and-image"], options: [],
    summary: "A service has both `build` and `image` without saying which wins",
    what: "Flags services with both `build:` and `image:` and no `pull_policy:` (`build` or `missing`), where it is unclear whether the image is pulled or built.",
    why: "With both, `docker compose up` pulls the image when it exists in the registry and builds only otherwise: a stale or foreign image can run instead of the code next to it.",
    example: "services:\n  api:\n    build: .\n    image: ghcr.io/acme/api:1.0",
    instead: "services:\n  api:\n    build: .\n    image: ghcr.io/acme/api:1.0\n    pull_policy: build",
    fix_safety: "Unsafe: adds `pull_policy: build`, so `up` always builds locally instead of pulling the named image.",
    refs: "- https://docs.docker.com/reference/compose-file/build/#using-build-and-image",
    spans: ["image"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        if svc.get("build").is_some()
            && let Some((k, _)) = svc.get_entry("image")
            && svc.get("pull_policy").is_none()
        {
            let fix =
                patch::insert_entry(cx.src, svc, "pull_policy", "build", None).map(|e| Fix::unsafe_("add `pull_policy: build`", vec![e]));
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!("service `{name}` both builds and names an image; which one runs depends on the registry"),
                )
                .help("add `pull_policy: build` (always build) or drop one of them")
                .maybe_fix(fix),
            );
        }
    }
}
