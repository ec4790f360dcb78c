use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC021", name: "writable-root-in-production", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A production service's root filesystem is writable",
    what: "In production files (`*prod*`), flags services without `read_only: true`.",
    why: "A read-only root filesystem stops an intruder from dropping tools or changing the application; writable paths are granted explicitly with `tmpfs:` or volumes.",
    example: "services:\n  api:\n    image: acme/api:1.4.2\n    user: \"10001\"",
    instead: "services:\n  api:\n    image: acme/api:1.4.2\n    user: \"10001\"\n    read_only: true\n    tmpfs:\n      - /tmp",
    fix_safety: "No automatic fix: the service may need writable paths.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#read_only",
    spans: ["api"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Production {
        return;
    }
    for (name, key, svc) in cx.services() {
        if svc.get("read_only").and_then(|r| r.as_bool()) != Some(true) {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` has a writable root filesystem"))
                    .help("add `read_only: true` and `tmpfs: [/tmp]` for scratch space"),
            );
        }
    }
}
