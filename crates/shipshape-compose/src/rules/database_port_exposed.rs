use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_yaml::Style;

rule! {
    code: "DC019", name: "database-port-exposed", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: ["dclint:no-unbound-port-interfaces"], options: [],
    summary: "A database or cache port is published on every interface",
    what: "Flags published ports of databases, caches and brokers (PostgreSQL, MySQL/MariaDB, MongoDB, Redis/Valkey, Elasticsearch, RabbitMQ, Memcached, …, by image or by the well-known container port) with no host IP or `0.0.0.0`.",
    why: "Docker's published ports bypass host firewalls such as ufw: a database published as `5432:5432` is on the internet on any public host, usually with a default or committed password.",
    example: "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"",
    instead: "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"127.0.0.1:5432:5432\"",
    fix_safety: "Unsafe: binds the port to 127.0.0.1, so other machines (a colleague's client, another host's app) can no longer reach it.",
    refs: "- https://docs.docker.com/engine/network/packet-filtering-firewalls/",
    spans: ["\"5432:5432\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        let repo = cx.image(svc).map(|(i, _)| model::image_repo(&i)).unwrap_or_default();
        let stateful = model::STATEFUL.iter().any(|(r, _, _)| *r == repo) || repo == "memcached";
        for node in svc.get("ports").map(|p| p.items()).unwrap_or_default() {
            let Some(p) = model::parse_port(node) else { continue };
            if p.published.is_none() || p.host_ip.as_deref().is_some_and(|ip| ip != "0.0.0.0" && ip != "::") {
                continue;
            }
            let target: u16 = p.target.split('-').next().and_then(|t| t.parse().ok()).unwrap_or(0);
            if !(stateful || model::PRIVATE_PORTS.contains(&target)) {
                continue;
            }
            let fix = (node.is_scalar() && p.host_ip.is_none()).then(|| {
                let text = node.as_text().unwrap_or_default();
                let new = format!("127.0.0.1:{text}");
                let quoted = if node.style() == Style::SingleQuoted {
                    format!("'{new}'")
                } else {
                    format!("\"{new}\"")
                };
                Fix::unsafe_("bind it to 127.0.0.1", vec![Edit::replace(node.span(), quoted)])
            });
            out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    format!("service `{name}` publishes port {} on every interface", p.target),
                )
                .help("bind it to localhost (`127.0.0.1:HOST:CONTAINER`), or do not publish it: other services reach it by name")
                .maybe_fix(fix),
            );
        }
    }
}
