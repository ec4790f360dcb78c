use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC027", name: "production-restart-policy", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A production service has no restart policy",
    what: "In production files (`*prod*`), flags services with neither `restart:` nor `deploy.restart_policy`.",
    why: "The default is `no`: after a crash or a host reboot the service stays down until someone notices.",
    example: "services:\n  api:\n    image: acme/api:1.4.2",
    instead: "services:\n  api:\n    image: acme/api:1.4.2\n    restart: unless-stopped",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#restart",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Production {
        return;
    }
    for (name, key, svc) in cx.services() {
        if svc.get("restart").is_none() && svc.get("deploy").and_then(|d| d.get("restart_policy")).is_none() {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` stays down after a crash or reboot"))
                    .help("add `restart: unless-stopped`"),
            );
        }
    }
}
