use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC028", name: "production-resource-limits", severity: Warning, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A production service has no memory or CPU limit",
    what: "In production files (`*prod*`), flags services with no `deploy.resources.limits` and no `mem_limit`/`cpus`.",
    why: "One leaking or runaway service can take the host's memory and CPU, and the kernel's OOM killer then picks a victim, often the database.",
    example: "services:\n  api:\n    image: acme/api:1.4.2\n    restart: unless-stopped",
    instead: "services:\n  api:\n    image: acme/api:1.4.2\n    restart: unless-stopped\n    deploy:\n      resources:\n        limits:\n          cpus: \"1.0\"\n          memory: 512M",
    fix_safety: "No automatic fix: the right limits come from measuring the service.",
    refs: "- https://docs.docker.com/reference/compose-file/deploy/#resources",
    spans: ["api"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.role != model::Role::Production {
        return;
    }
    for (name, key, svc) in cx.services() {
        let limits = svc
            .get("deploy")
            .and_then(|d| d.get("resources"))
            .and_then(|r| r.get("limits"))
            .is_some();
        if !limits && svc.get("mem_limit").is_none() && svc.get("cpus").is_none() {
            out.push(
                Diagnostic::new(meta(), key.span(), format!("service `{name}` has no resource limits"))
                    .help("set `deploy.resources.limits` (memory and cpus)"),
            );
        }
    }
}
