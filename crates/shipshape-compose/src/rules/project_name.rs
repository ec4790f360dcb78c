use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC008", name: "project-name", severity: Info, category: Style, default: false, fix: None,
    peers: ["dclint:require-project-name-field"], options: [],
    summary: "The project has no top-level `name`",
    what: "Flags Compose files without a top-level `name:` (off by default). A file that another Compose file of its folder `include`s is part of that project and needs none.",
    why: "Without it the project is named after the directory, so two checkouts (or a renamed folder) make separate containers, networks and volumes.",
    example: "services:\n  web:\n    image: nginx:1.29",
    instead: "name: shop\nservices:\n  web:\n    image: nginx:1.29",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/version-and-name/#name-top-level-element",
    spans: ["services"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.root.get("name").is_none()
        && !cx.project.included
        && let Some((k, _)) = cx.root.get_entry("services")
    {
        out.push(Diagnostic::new(meta(), k.span(), "no top-level `name:`").help("add `name: <project>`"));
    }
}
