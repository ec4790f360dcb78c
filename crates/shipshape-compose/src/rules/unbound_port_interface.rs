use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC007", name: "unbound-port-interface", severity: Info, category: Security, default: false, fix: None,
    peers: ["dclint:no-unbound-port-interfaces"], options: [],
    summary: "A port is published on every network interface",
    what: "Flags published ports with no host IP (off by default; DC019 flags database and cache ports, which is where it matters most, and is on).",
    why: "`8080:80` listens on all interfaces, including public ones, and Docker's iptables rules bypass host firewalls like ufw.",
    example: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"",
    instead: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"127.0.0.1:8080:80\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/engine/network/packet-filtering-firewalls/",
    spans: ["\"8080:80\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, svc) in cx.services() {
        for node in svc.get("ports").map(|p| p.items()).unwrap_or_default() {
            if let Some(p) = model::parse_port(node)
                && p.published.is_some()
                && p.host_ip.as_deref().is_none_or(|ip| ip == "0.0.0.0" || ip == "::")
            {
                out.push(
                    Diagnostic::new(meta(), node.span(), "published on all interfaces").help("bind it to an address: `127.0.0.1:8080:80`"),
                );
            }
        }
    }
}
