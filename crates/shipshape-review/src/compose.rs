//! Docker Compose: per service, ports published, privileges and host access granted, volumes
//! mounted, restart policies and healthchecks removed, images changed, services removed.

use crate::changes::{Category, Change, Pair, Risk};
use crate::value::{N, yaml_docs};

fn doc(text: Option<&str>) -> Option<N> {
    text.and_then(|t| yaml_docs(t).into_iter().next())
}

/// A port mapping as one string (`8080:80`, `127.0.0.1:5432:5432`, the long form's fields).
fn port(n: &N) -> String {
    match n.str() {
        Some(s) => s.to_owned(),
        None => {
            let f = |k: &str| n.get(k).and_then(N::str).unwrap_or("");
            let host = [f("host_ip"), f("published")]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(":");
            if host.is_empty() {
                f("target").to_owned()
            } else {
                format!("{host}:{}", f("target"))
            }
        }
    }
}

/// A published port listens on every interface unless a host address other than 0.0.0.0 is given.
fn on_every_interface(p: &str) -> bool {
    let parts: Vec<&str> = p.rsplitn(3, ':').collect();
    match parts.len() {
        1 => true, // a container port alone is published on a random host port, every interface
        2 => true,
        _ => matches!(parts[2], "0.0.0.0" | "::" | "[::]" | ""),
    }
}

fn volume(n: &N) -> String {
    n.str().map_or_else(
        || {
            let f = |k: &str| n.get(k).and_then(N::str).unwrap_or("");
            format!("{}:{}", f("source"), f("target"))
        },
        str::to_owned,
    )
}

/// Settings that give a container the host's power.
const PRIVILEGES: &[(&str, &str)] = &[
    ("privileged", "true"),
    ("network_mode", "host"),
    ("pid", "host"),
    ("ipc", "host"),
    ("userns_mode", "host"),
];

pub fn compose(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let Some(head) = doc(pair.head) else { return Vec::new() };
    let Some(base) = doc(pair.base) else { return Vec::new() };
    let mut out = Vec::new();
    let approval = |c: Change, why: &str| if pair.production { c.approval(why) } else { c };
    for (name, old) in base.or_null(&["services"]).entries() {
        if head.at(&["services", name]).is_none() {
            out.push(Change::new(
                path,
                old.line,
                "compose.service-removed",
                Category::Deployment,
                Risk::Medium,
                format!("removes service `{name}`: what depends on it stops working, and its containers are left running until `docker compose up --remove-orphans`"),
            ));
        }
    }
    for (name, svc) in head.or_null(&["services"]).entries() {
        let Some(old) = base.at(&["services", name]) else { continue };
        // Images.
        let (bi, hi) = (old.get("image").and_then(N::str), svc.get("image").and_then(N::str));
        if let (Some(bi), Some(hi)) = (bi, hi)
            && bi != hi
        {
            let r = shipshape_knowledge::image::ImageRef::parse(hi);
            let mutable = r.is_floating() && !shipshape_knowledge::image::ImageRef::parse(bi).is_floating();
            out.push(
                Change::new(
                    path,
                    svc.get("image").map_or(svc.line, |i| i.line),
                    "compose.image-changed",
                    Category::Deployment,
                    Risk::Medium,
                    format!(
                        "changes the image of service `{name}`: {}{}",
                        crate::changes::image_change(bi, hi),
                        if mutable {
                            ", a tag that moves (a rollback may not find the same image)"
                        } else {
                            ""
                        }
                    ),
                )
                .values(bi, hi),
            );
        }
        // Ports.
        let before: Vec<String> = old.or_null(&["ports"]).items().iter().map(port).collect();
        for p in svc.or_null(&["ports"]).items() {
            let s = port(p);
            if before.contains(&s) {
                continue;
            }
            let every = on_every_interface(&s);
            out.push(approval(
                Change::new(
                    path,
                    p.line,
                    "compose.port-published",
                    Category::Network,
                    if every { Risk::Medium } else { Risk::Low },
                    format!(
                        "publishes port `{s}` of service `{name}`{}",
                        if every { " on every interface of the host" } else { "" }
                    ),
                ),
                "a network change on production (SAFE-02 #4)",
            ));
        }
        // Privileges.
        for (key, value) in PRIVILEGES {
            let has = |n: &N| n.get(key).and_then(N::str).is_some_and(|v| v.eq_ignore_ascii_case(value));
            if has(svc) && !has(old) {
                out.push(Change::new(
                    path,
                    svc.get(key).map_or(svc.line, |v| v.line),
                    "compose.privilege-granted",
                    Category::Access,
                    Risk::High,
                    format!("gives service `{name}` `{key}: {value}`: the container can reach the host as root does"),
                ));
            }
        }
        let caps = |n: &N| {
            n.or_null(&["cap_add"])
                .items()
                .iter()
                .filter_map(N::str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let old_caps = caps(old);
        for c in caps(svc).into_iter().filter(|c| !old_caps.contains(c)) {
            out.push(Change::new(
                path,
                svc.get("cap_add").map_or(svc.line, |v| v.line),
                "compose.capability-added",
                Category::Access,
                if matches!(c.as_str(), "ALL" | "SYS_ADMIN" | "NET_ADMIN" | "SYS_PTRACE" | "SYS_MODULE") {
                    Risk::High
                } else {
                    Risk::Medium
                },
                format!("gives service `{name}` the capability `{c}`"),
            ));
        }
        // Volumes.
        let old_vols: Vec<String> = old.or_null(&["volumes"]).items().iter().map(volume).collect();
        for v in svc.or_null(&["volumes"]).items() {
            let s = volume(v);
            if old_vols.contains(&s) {
                continue;
            }
            let source = s.split(':').next().unwrap_or("");
            let (risk, why) = if source.ends_with("docker.sock") {
                (
                    Risk::High,
                    ": the Docker socket, root on the host to whoever controls the container",
                )
            } else if source == "/"
                || ["/etc", "/root", "/var/run", "/proc", "/sys"]
                    .iter()
                    .any(|p| source == *p || source.starts_with(&format!("{p}/")))
            {
                (Risk::High, ": a system directory of the host")
            } else {
                (Risk::Low, "")
            };
            out.push(Change::new(
                path,
                v.line,
                "compose.volume-mounted",
                Category::Access,
                risk,
                format!("mounts `{s}` into service `{name}`{why}"),
            ));
        }
        // Restart policy and healthcheck.
        let (br, hr) = (old.get("restart").and_then(N::str), svc.get("restart").and_then(N::str));
        if let Some(br) = br
            && br != "no"
            && hr.is_none_or(|h| h == "no")
        {
            out.push(Change::new(
                path,
                svc.get("restart").map_or(svc.line, |r| r.line),
                "compose.restart-removed",
                Category::Availability,
                Risk::Medium,
                format!(
                    "service `{name}` no longer restarts (`restart: {br}` → `{}`): it stays down after a crash or a reboot",
                    hr.unwrap_or("no")
                ),
            ));
        }
        let checks = |n: &N| {
            n.get("healthcheck")
                .is_some_and(|h| h.get("disable").and_then(N::str) != Some("true") && h.get("test").is_some())
        };
        if checks(old) && !checks(svc) {
            out.push(Change::new(
                path,
                svc.line,
                "compose.healthcheck-removed",
                Category::Availability,
                Risk::Medium,
                format!("removes the healthcheck of service `{name}`: services that wait for it to be healthy start against a server that may not be ready"),
            ));
        }
        // The environment it runs with (a value moved, a variable removed).
        let env_keys = |n: &N| -> Vec<String> {
            let e = n.or_null(&["environment"]);
            let mut keys: Vec<String> = e.entries().iter().map(|(k, _)| k.clone()).collect();
            keys.extend(
                e.items()
                    .iter()
                    .filter_map(N::str)
                    .map(|s| s.split('=').next().unwrap_or(s).to_owned()),
            );
            keys
        };
        let (bk, hk) = (env_keys(old), env_keys(svc));
        let removed: Vec<&String> = bk.iter().filter(|k| !hk.contains(k)).collect();
        if !removed.is_empty() {
            out.push(Change::new(
                path,
                svc.get("environment").map_or(svc.line, |e| e.line),
                "compose.environment-removed",
                Category::Deployment,
                Risk::Medium,
                format!(
                    "removes the environment variable{} {} of service `{name}` (a breaking change when the application still reads {})",
                    if removed.len() == 1 { "" } else { "s" },
                    removed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
                    if removed.len() == 1 { "it" } else { "them" }
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str, production: bool) -> Vec<Change> {
        compose(&Pair {
            path: "compose.yaml",
            kind: FileKind::Compose,
            base: Some(base),
            head: Some(head),
            production,
            owner: None,
        })
    }

    const BASE: &str = "services:\n  web:\n    image: acme/web:1.2\n    restart: unless-stopped\n    ports:\n      - \"127.0.0.1:8080:80\"\n    environment:\n      DATABASE_URL: postgres://db/app\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n  db:\n    image: postgres:17\n";

    #[test]
    fn equal_is_quiet() {
        assert!(run(BASE, BASE, true).is_empty());
    }

    #[test]
    fn ports_privileges_volumes() {
        let head = BASE.replace("  db:\n    image: postgres:17\n", "  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - data:/var/lib/postgresql/data\n");
        let c = run(BASE, &head, true);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(
            kinds,
            [
                ("compose.port-published", Risk::Medium),
                ("compose.privilege-granted", Risk::High),
                ("compose.volume-mounted", Risk::High),
                ("compose.volume-mounted", Risk::Low)
            ]
        );
        assert!(c[0].approval.is_some());
        assert!(run(BASE, &head, false)[0].approval.is_none());
    }

    #[test]
    fn image_restart_healthcheck_environment_removed_service() {
        let head = "services:\n  web:\n    image: acme/web:latest\n    ports:\n      - \"127.0.0.1:8080:80\"\n";
        let c = run(BASE, head, false);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                "compose.service-removed",
                "compose.image-changed",
                "compose.restart-removed",
                "compose.healthcheck-removed",
                "compose.environment-removed"
            ]
        );
        assert!(c[1].message.contains("a tag that moves"), "{}", c[1].message);
    }
}
