use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC014", name: "privileged", severity: Error, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A service runs privileged",
    what: "Flags `privileged: true`.",
    why: "A privileged container has every capability and every host device: escaping to root on the host is a few commands.",
    example: "services:\n  agent:\n    image: acme/agent:2\n    privileged: true",
    instead: "services:\n  agent:\n    image: acme/agent:2\n    cap_add:\n      - NET_BIND_SERVICE",
    fix_safety: "No automatic fix: grant the specific capabilities or devices the service needs.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#privileged",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        if let Some(p) = svc.get("privileged")
            && p.as_bool() == Some(true)
        {
            out.push(
                Diagnostic::new(meta(), p.span(), format!("service `{name}` runs privileged: root on the host"))
                    .help("grant only the capabilities or devices it needs"),
            );
        }
    }
}
