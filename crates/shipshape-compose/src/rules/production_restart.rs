use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "DC027", name: "production-restart-policy", severity: Warning, category: Reliability, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "A production service has no restart policy",
    what: "In production files (`*prod*`), flags services with neither `restart:` nor `deploy.restart_policy`.",
    why: "The default is `no`: after a crash or a host reboot the service stays down until someone notices.",
    example: "services:\n  api:\n    image: acme/api:1.4.2",
    instead: "services:\n  api:\n    image: acme/api:1.4.2\n    restart: unless-stopped",
    fix_safety: "Unsafe: adds `restart: unless-stopped`; a service meant to run once (a migration) would then be restarted.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#restart",
    spans: ["api"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Production {
        return;
    }
    for (name, key, svc) in cx.services() {
        if svc.get("restart").is_none() && svc.get("deploy").and_then(|d| d.get("restart_policy")).is_none() {
            let fix = patch::insert_entry(cx.src, svc, "restart", "unless-stopped", None)
                .map(|e| Fix::unsafe_("add `restart: unless-stopped`", vec![e]));
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` stays down after a crash or reboot"))
                    .help("add `restart: unless-stopped`")
                    .maybe_fix(fix),
            );
        }
    }
}
