use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "DC005", name: "duplicate-published-port", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:no-duplicate-exported-ports"], options: [],
    summary: "Two services publish the same host port",
    what: "Flags a published host port (on the same host IP) already published by another service of the file that can run at the same time; port ranges are expanded. Services whose `profiles` share none are never started together (a service without `profiles` always starts). Ports clash per protocol (`53:53/udp` and `53:53/tcp` do not); services on the host's network (whose `ports:` Compose discards) or scaled to zero are left out.",
    why: "Only one process can bind a host port: the second service fails with `port is already allocated`.",
    example: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"\n  api:\n    image: acme/api:1\n    ports:\n      - \"8080:3000\"",
    instead: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"\n  api:\n    image: acme/api:1\n    ports:\n      - \"8081:3000\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#ports",
    spans: ["\"8080:3000\""],
}

fn expand(p: &str) -> Vec<u32> {
    match p.split_once('-') {
        Some((a, b)) => match (a.parse::<u32>(), b.parse::<u32>()) {
            (Ok(a), Ok(b)) if a <= b && b - a < 1024 => (a..=b).collect(),
            _ => Vec::new(),
        },
        None => p.parse().map(|n| vec![n]).unwrap_or_default(),
    }
}

/// An earlier publication of a host port.
struct Published {
    ip: String,
    service: String,
    span: shipshape_core::Span,
    profiles: Vec<String>,
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A host port is taken per protocol: `53:53/udp` and `53:53/tcp` never collide.
    let mut seen: HashMap<(u32, String), Vec<Published>> = HashMap::new();
    for (name, _, svc) in cx.services() {
        // Compose discards `ports:` of a service on the host's network, and a service scaled to
        // zero never starts (the error audit, 2026-12-05).
        let host_network = svc.get("network_mode").and_then(|m| m.as_str()) == Some("host");
        let zero = |n: Option<shipshape_yaml::NodeRef>| n.and_then(|v| v.as_f64()) == Some(0.0);
        if host_network || zero(svc.get("scale")) || zero(svc.get("deploy").and_then(|d| d.get("replicas"))) {
            continue;
        }
        let profiles = model::profiles(svc);
        for node in svc.get("ports").map(|p| p.items()).unwrap_or_default() {
            let Some(port) = model::parse_port(node) else { continue };
            let Some(published) = port.published.as_deref() else { continue };
            let ip = port.host_ip.clone().unwrap_or_default();
            for n in expand(published) {
                let earlier = seen.entry((n, port.protocol.clone())).or_default();
                let same_ip = |e: &&Published| e.ip == ip || e.ip.is_empty() || ip.is_empty();
                let clash = earlier
                    .iter()
                    .filter(same_ip)
                    .find(|e| e.service != name && model::can_run_together(&e.profiles, &profiles));
                if let Some(first) = clash {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            node.span(),
                            format!("host port {n} is already published by service `{}`", first.service),
                        )
                        .label(first.span, "published here"),
                    );
                    break;
                }
                // A service publishing its own port twice is not this rule's concern.
                if !earlier.iter().filter(same_ip).any(|e| e.service == name) {
                    earlier.push(Published {
                        ip: ip.clone(),
                        service: name.to_owned(),
                        span: node.span(),
                        profiles: profiles.clone(),
                    });
                }
            }
        }
    }
}
