use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC014", name: "privileged", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "A service runs privileged",
    what: "Flags `privileged: true`, as a warning: whoever controls the container is root on the host, but it takes a compromise of the container first. Images that cannot work without it are not flagged: Docker-in-Docker (`docker:dind`), k3s and kind nodes, cAdvisor.",
    why: "A privileged container has every capability and every host device: escaping to root on the host is a few commands.",
    example: "services:\n  agent:\n    image: acme/agent:2\n    privileged: true",
    instead: "services:\n  agent:\n    image: acme/agent:2\n    cap_add:\n      - NET_BIND_SERVICE",
    fix_safety: "No automatic fix: grant the specific capabilities or devices the service needs.",
    refs: "- https://docs.docker.com/reference/compose-file/services/#privileged",
    spans: ["true"],
}

/// Whether an image needs `privileged` by design: a Docker daemon in a container, a Kubernetes node
/// in a container, cAdvisor reading every cgroup.
fn needs_privileged(image: &str) -> bool {
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    let image = image.strip_prefix("library/").unwrap_or(image);
    let (repo, tag) = image.split_once(':').unwrap_or((image, ""));
    (repo == "docker" && tag.contains("dind")) || matches!(repo, "rancher/k3s" | "kindest/node" | "gcr.io/cadvisor/cadvisor")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, svc) in cx.services() {
        if let Some(p) = svc.get("privileged")
            && p.as_bool() == Some(true)
            && !cx.image(svc).is_some_and(|(i, _)| needs_privileged(&i))
        {
            out.push(
                Diagnostic::new(meta(), p.span(), format!("service `{name}` runs privileged: root on the host"))
                    .help("grant only the capabilities or devices it needs"),
            );
        }
    }
}
