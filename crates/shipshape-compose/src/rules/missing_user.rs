use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC020", name: "service-missing-user", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A service built here sets no `user`",
    what: "Flags services with `build:` and no `user:`, outside development files (`*dev*`, `*override*`, `*local*`). Images built elsewhere choose their own user; the Dockerfile's `USER` is checked by DF070.",
    why: "Without a user the process usually runs as root in the container: any escape or mounted-volume write is done as root.",
    example: "services:\n  api:\n    build: .\n    read_only: true",
    instead: "services:\n  api:\n    build: .\n    read_only: true\n    user: \"10001:10001\"",
    fix_safety: "No automatic fix: the image's files must be readable by that user.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#user",
    spans: ["api"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role == model::Role::Development {
        return;
    }
    for (name, key, svc) in cx.services() {
        if svc.get("build").is_some() && svc.get("user").is_none() {
            out.push(
                Diagnostic::new(
                    meta(),
                    key.span(),
                    format!("service `{name}` sets no `user:`: it likely runs as root"),
                )
                .help("set `user: \"10001:10001\"` (or `USER` in its Dockerfile)"),
            );
        }
    }
}
