use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC016", name: "docker-socket-mount", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "The Docker socket is mounted into a service",
    what: "Flags volumes that mount `/var/run/docker.sock` (or `/run/docker.sock`, or the containerd and podman sockets) into a container, read-only or not, as a warning: whoever controls the container is root on the host, but it takes a compromise of the container first, and many tools need the socket (the judged samples found every error-level report of it not worth it or wrong). A socket proxy's own service (`tecnativa/docker-socket-proxy`, `linuxserver/socket-proxy`, `wollomatic/socket-proxy`) is the fix, not the problem, and tools whose purpose is the Docker API (Portainer, Dozzle, Watchtower, Diun, cAdvisor, CI runners, Netdata, log agents such as Scalyr, Logspout and Filebeat …) mount it by design: neither is flagged. An internet-facing proxy (Traefik) is.",
    why: "Whoever talks to the Docker socket can start a privileged container with the host's filesystem mounted: it is root on the host. `:ro` does not help, the API still accepts writes.",
    example: "services:\n  proxy:\n    image: traefik:3.5\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro",
    instead: "services:\n  proxy:\n    image: traefik:3.5\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy:0.3\n    environment:\n      CONTAINERS: 1",
    fix_safety: "No automatic fix: use a filtering socket proxy, or rootless Docker.",
    refs: "- https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
    spans: ["/var/run/docker.sock:/var/run/docker.sock:ro"],
}

const SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/run/podman/podman.sock",
];

/// Images of socket proxies: they mount the socket to filter what reaches it, which is what the help
/// text recommends (`tecnativa/docker-socket-proxy` …).
const PROXIES: &[&str] = &["docker-socket-proxy", "socket-proxy", "docker-proxy-filter"];

/// Tools whose purpose is the Docker API (managers, log viewers, updaters, runners, monitoring
/// agents): they mount the socket by design, as their own documentation does; reporting it was
/// judged not worth it every time (docs/precision.md). Not an internet-facing reverse proxy such as
/// Traefik, whose own documentation recommends a socket proxy in front of the socket.
const DOCKER_TOOLS: &[&str] = &[
    "portainer/portainer-ce",
    "portainer/portainer-ee",
    "portainer/agent",
    "amir20/dozzle",
    "containrrr/watchtower",
    "nickfedor/watchtower",
    "crazymax/diun",
    "cadvisor/cadvisor",
    "nicolargo/glances",
    "henrygd/beszel-agent",
    "gitlab/gitlab-runner",
    "myoung34/github-runner",
    "gitea/act_runner",
    "louislam/dockge",
    "netdata/netdata",
    "grafana/promtail",
    "grafana/alloy",
    "willfarrell/autoheal",
    "pterodactyl/wings",
    "nginxproxy/docker-gen",
    "jwilder/docker-gen",
    "gitea/runner",
    "homarr-labs/homarr",
    "timberio/vector",
    "openruntimes/executor",
    "coder/coder",
    "autobase/console_api",
    "datadog/agent",
    "gliderlabs/logspout",
    "newrelic/infrastructure",
    "elastic/filebeat",
];

/// Log and metrics agents by the image's last path segment, whoever builds it (OpenLMIS' own
/// `openlmis/scalyr`, judged not worth it three times, the seventy-third sample).
const AGENTS: &[&str] = &[
    "scalyr",
    "scalyr-agent-docker-json",
    "scalyr-agent-docker-syslog",
    "logspout",
    "filebeat",
];

fn is_proxy(image: &str) -> bool {
    let repo = shipshape_knowledge::image::repository(image).unwrap_or_default();
    let last = repo.rsplit('/').next().unwrap_or(&repo);
    PROXIES.contains(&last) || AGENTS.contains(&last) || DOCKER_TOOLS.contains(&repo.as_str())
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        if svc.get("image").and_then(|i| i.as_str()).is_some_and(is_proxy) {
            continue;
        }
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
