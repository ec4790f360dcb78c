use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC022", name: "confinement-disabled", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "`security_opt` turns off seccomp, AppArmor or SELinux",
    what: "Flags `security_opt:` entries `seccomp:unconfined`, `apparmor:unconfined`, `label:disable`, `label=disable` and `no-new-privileges:false`. A warning: whoever controls the container then controls the node, but it takes a compromise of the container first (docs/severity.md).",
    why: "These profiles block the syscalls and file accesses most container escapes use; turning them off removes a layer that costs nothing.",
    example: "services:\n  app:\n    image: acme/app:1\n    security_opt:\n      - seccomp:unconfined",
    instead: "services:\n  app:\n    image: acme/app:1\n    security_opt:\n      - no-new-privileges:true",
    fix_safety: "No automatic fix: if one syscall is missing, write a profile that allows just it.",
    refs: "- https://docs.docker.com/engine/security/seccomp/",
    spans: ["seccomp:unconfined"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        for o in svc.get("security_opt").map(|s| s.items()).unwrap_or_default() {
            let Some(v) = o.as_str() else { continue };
            let norm = v.replace('=', ":").to_ascii_lowercase();
            if matches!(
                norm.as_str(),
                "seccomp:unconfined" | "apparmor:unconfined" | "label:disable" | "no-new-privileges:false"
            ) {
                out.push(
                    Diagnostic::new(meta(), o.span(), format!("service `{name}` runs with `{v}`"))
                        .help("remove it, or use a custom profile"),
                );
            }
        }
    }
}
