use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC016", name: "docker-socket-mount", severity: Error, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "The Docker socket is mounted into a service",
    what: "Flags volumes that mount `/var/run/docker.sock` (or `/run/docker.sock`, or the containerd and podman sockets) into a container, read-only or not.",
    why: "Whoever talks to the Docker socket can start a privileged container with the host's filesystem mounted: it is root on the host. `:ro` does not help, the API still accepts writes.",
    example: "services:\n  proxy:\n    image: traefik:3.5\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro",
    instead: "services:\n  proxy:\n    image: traefik:3.5\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy:0.3\n    environment:\n      CONTAINERS: 1",
    fix_safety: "No automatic fix: use a filtering socket proxy, or rootless Docker.",
    refs: "- https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
}

const SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/run/podman/podman.sock",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        for v in svc.get("volumes").map(|v| v.items()).unwrap_or_default() {
            let source = if v.is_map() {
                v.get("source").and_then(|s| s.as_text())
            } else {
                v.as_text().and_then(|t| t.split(':').next())
            };
            if source.is_some_and(|s| SOCKETS.contains(&s)) {
                out.push(
                    Diagnostic::new(
                        meta(),
                        v.span(),
                        format!("service `{name}` can control the Docker host through its socket"),
                    )
                    .help("use a filtering proxy such as docker-socket-proxy"),
                );
            }
        }
    }
}
