use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "DC005", name: "duplicate-published-port", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["dclint:no-duplicate-exported-ports"], options: [],
    summary: "Two services publish the same host port",
    what: "Flags a published host port (on the same host IP) already published by another service of the file; port ranges are expanded.",
    why: "Only one process can bind a host port: the second service fails with `port is already allocated`.",
    example: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"\n  api:\n    image: acme/api:1\n    ports:\n      - \"8080:3000\"",
    instead: "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"\n  api:\n    image: acme/api:1\n    ports:\n      - \"8081:3000\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#ports",
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

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(String, u32), (String, shipshape_core::Span)> = HashMap::new();
    for (name, _, svc) in cx.services() {
        for node in svc.get("ports").map(|p| p.items()).unwrap_or_default() {
            let Some(port) = model::parse_port(node) else { continue };
            let Some(published) = port.published.as_deref() else { continue };
            let ip = port.host_ip.clone().unwrap_or_default();
            for n in expand(published) {
                let clash = seen
                    .iter()
                    .find(|((i, p), _)| *p == n && (i == &ip || i.is_empty() || ip.is_empty()))
                    .map(|(_, v)| v.clone());
                match clash {
                    Some((other, first)) if other != name => {
                        out.push(
                            Diagnostic::new(
                                meta(),
                                node.span(),
                                format!("host port {n} is already published by service `{other}`"),
                            )
                            .label(first, "published here"),
                        );
                        break;
                    }
                    Some(_) => {}
                    None => {
                        seen.insert((ip.clone(), n), (name.to_owned(), node.span()));
                    }
                }
            }
        }
    }
}
