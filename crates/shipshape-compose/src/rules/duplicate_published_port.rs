use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::{BTreeSet, HashMap};

rule! {
    code: "DC005", name: "duplicate-published-port", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:no-duplicate-exported-ports"], options: [],
    summary: "Two services publish the same host port",
    what: "Flags a published host port (on the same host IP) already published by another service of the file that can run at the same time; port ranges are expanded. Services whose `profiles` share none are never started together (a service without `profiles` always starts). Ports clash per protocol (`53:53/udp` and `53:53/tcp` do not); services on the host's network (whose `ports:` Compose discards) or scaled to zero are left out. Variants of one service (publishing the same ports with the same image, several ports, or exactly the same mappings) and two servers of one protocol on its standard port (MySQL and MariaDB both on `3306:3306`, Redis and Valkey on `6379:6379`) are usually started one at a time: that is a warning, once per pair, suggesting `profiles`.",
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

/// Standard ports of datastores, brokers and caches: two services that both publish one of these
/// as itself are two servers of one protocol (MySQL and MariaDB on 3306, Redis and Valkey on 6379,
/// RabbitMQ and an AMQP emulator on 5672), alternatives a test-services file starts one at a time
/// (dd-trace-py's, whose suites start theirs by name: five errors judged wrong, the forty-ninth
/// sample).
const SERVER_PORTS: &[u32] = &[
    1433, 1521, 2181, 3306, 4222, 5432, 5671, 5672, 6379, 7000, 7001, 8086, 9042, 9092, 9200, 9300, 11211, 26257, 27017,
];

/// The standard server ports a service publishes as themselves (`3306:3306`).
fn server_ports(svc: shipshape_yaml::NodeRef) -> BTreeSet<u32> {
    svc.get("ports")
        .map(|p| p.items())
        .unwrap_or_default()
        .into_iter()
        .filter_map(model::parse_port)
        .filter_map(|p| {
            let n: u32 = p.target.parse().ok()?;
            (SERVER_PORTS.contains(&n) && p.published.as_deref() == Some(p.target.as_str())).then_some(n)
        })
        .collect()
}

/// The host ports a service publishes (port, protocol), and its image's repository.
fn publication(svc: shipshape_yaml::NodeRef) -> (BTreeSet<(u32, String)>, Option<String>) {
    let ports = svc
        .get("ports")
        .map(|p| p.items())
        .unwrap_or_default()
        .into_iter()
        .filter_map(model::parse_port)
        .flat_map(|p| {
            let proto = p.protocol.clone();
            p.published
                .as_deref()
                .map(expand)
                .unwrap_or_default()
                .into_iter()
                .map(move |n| (n, proto.clone()))
        })
        .collect();
    // What the service runs: its image's repository, or the context it builds (two targets of one
    // build, `dev` and `release` on one port: simpler-grants-gov's frontend, judged wrong as an
    // error, the fifty-second sample).
    let image = svc
        .get("image")
        .and_then(|i| i.as_str())
        .map(|i| i.split(['@', ':']).next().unwrap_or(i).to_owned())
        .or_else(|| {
            let b = svc.get("build")?;
            let context = b.as_str().or_else(|| b.get("context").and_then(|c| c.as_str())).unwrap_or(".");
            Some(format!("build:{context}"))
        });
    (ports, image)
}

/// Whether every network a service joins is `internal: true`: Docker publishes no port of a
/// container on internal networks only (moby#36174; keep's proxy stack, judged wrong as an error,
/// the sixty-eighth sample).
fn only_internal(cx: &Ctx, svc: shipshape_yaml::NodeRef) -> bool {
    let Some(networks) = svc.get("networks") else { return false };
    let names: Vec<String> = if networks.is_map() {
        networks
            .entries()
            .into_iter()
            .filter_map(|(k, _)| k.as_str().map(str::to_owned))
            .collect()
    } else {
        networks.items().into_iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()
    };
    let defined = cx.root.get("networks");
    !names.is_empty()
        && names.iter().all(|n| {
            defined
                .and_then(|d| d.get(n))
                .and_then(|net| net.get("internal"))
                .is_some_and(|i| i.as_bool() == Some(true) || i.as_str() == Some("true"))
        })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A host port is taken per protocol: `53:53/udp` and `53:53/tcp` never collide.
    let mut seen: HashMap<(u32, String), Vec<Published>> = HashMap::new();
    let mut variants_reported: Vec<(String, String)> = Vec::new();
    let all: HashMap<&str, _> = cx.services().into_iter().map(|(name, _, svc)| (name, publication(svc))).collect();
    let servers: HashMap<&str, BTreeSet<u32>> = cx.services().into_iter().map(|(name, _, svc)| (name, server_ports(svc))).collect();
    // Each service's `published:target/protocol` mappings, as written.
    let mappings: HashMap<&str, BTreeSet<(String, String, String)>> = cx
        .services()
        .into_iter()
        .map(|(name, _, svc)| {
            let ports = svc.get("ports").map(|p| p.items()).unwrap_or_default();
            let set = ports
                .into_iter()
                .filter_map(model::parse_port)
                .map(|p| (p.published.unwrap_or_default(), p.target, p.protocol))
                .collect();
            (name, set)
        })
        .collect();
    for (name, _, svc) in cx.services() {
        // Compose discards `ports:` of a service on the host's network, and a service scaled to
        // zero never starts (the error audit, 2026-12-05).
        let host_network = svc.get("network_mode").and_then(|m| m.as_str()) == Some("host");
        let zero = |n: Option<shipshape_yaml::NodeRef>| n.and_then(|v| v.as_f64()) == Some(0.0);
        if host_network || zero(svc.get("scale")) || zero(svc.get("deploy").and_then(|d| d.get("replicas"))) || only_internal(cx, svc) {
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
                    // Variants of one service (the same ports, and the same image or several
                    // ports: a Glue 2 and a Glue 3 notebook) are meant to be started one at a
                    // time (`docker compose up notebook-v2`): that they cannot run together is a
                    // warning, once per pair, that profiles would make it explicit (precision
                    // sample 42).
                    let (mine, theirs) = (&all[name], &all[first.service.as_str()]);
                    let same_server = !servers[name].is_disjoint(&servers[first.service.as_str()]);
                    // Two services whose port mappings are the same (`3000:3000` each, and nothing
                    // else) are two ways of serving one thing (docs' nginx-served build and its development
                    // server, both on 3000, which the Makefile starts one or the other of: judged
                    // wrong as an error, the fifty-fifth sample).
                    let same_mapping = mine.0 == theirs.0 && mappings[name] == mappings[first.service.as_str()];
                    if same_server || same_mapping || mine.0 == theirs.0 && (mine.0.len() >= 2 || (mine.1.is_some() && mine.1 == theirs.1))
                    {
                        let pair = (name.to_owned(), first.service.clone());
                        if !variants_reported.contains(&pair) {
                            let ports: Vec<String> = mine
                                .0
                                .intersection(&theirs.0)
                                .map(|(n, _)| *n)
                                .collect::<BTreeSet<u32>>()
                                .into_iter()
                                .map(|n| n.to_string())
                                .collect();
                            out.push(
                                Diagnostic::new(
                                    meta(),
                                    node.span(),
                                    format!(
                                        "service `{name}` publishes {} {} as `{}` does: the two cannot run together",
                                        if ports.len() == 1 { "host port" } else { "host ports" },
                                        ports.join(", "),
                                        first.service
                                    ),
                                )
                                .severity(shipshape_core::Severity::Warning)
                                .label(first.span, "published here")
                                .help("if they are alternatives started one at a time, give each its own `profiles` (`docker compose --profile v2 up`)"),
                            );
                            variants_reported.push(pair);
                        }
                        break;
                    }
                    // A clash that needs a profile on names it: the default `up` runs fine.
                    let needed = if profiles.is_empty() {
                        first.profiles.first()
                    } else if first.profiles.is_empty() {
                        profiles.first()
                    } else {
                        profiles.iter().find(|p| first.profiles.contains(p))
                    };
                    let when = match needed {
                        Some(p) => format!(" (when profile `{p}` is enabled)"),
                        None => String::new(),
                    };
                    out.push(
                        Diagnostic::new(
                            meta(),
                            node.span(),
                            format!("host port {n} is already published by service `{}`{when}", first.service),
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
