use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC017", name: "service-host-namespaces", severity: Warning, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A service shares the host's network, PID, IPC or user namespace",
    what: "Flags `network_mode: host`, `pid: host`, `ipc: host`, `uts: host` and `userns_mode: host`.",
    why: "The container then sees and can reach the host's processes, shared memory or every port on localhost (databases, admin interfaces), and published-port isolation no longer applies.",
    example: "services:\n  monitor:\n    image: acme/monitor:1\n    pid: host",
    instead: "services:\n  monitor:\n    image: acme/monitor:1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#pid",
    spans: ["host"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        for key in ["network_mode", "pid", "ipc", "uts", "userns_mode"] {
            if let Some(v) = svc.get(key)
                && v.as_str() == Some("host")
            {
                out.push(
                    Diagnostic::new(meta(), v.span(), format!("service `{name}` shares the host's {key} namespace"))
                        .help(format!("remove `{key}: host`")),
                );
            }
        }
    }
}
