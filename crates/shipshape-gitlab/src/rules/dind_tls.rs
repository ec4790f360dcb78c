use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GL013", name: "dind-tls-disabled", severity: Warning, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "Docker-in-Docker runs with TLS turned off",
    what: "Flags `DOCKER_TLS_CERTDIR: \"\"` and `DOCKER_HOST: tcp://…:2375` (the plain-text port) in `variables:`.",
    why: "The Docker daemon then listens unauthenticated on the job's network: anything else on it (other services, other jobs on a shared runner host) can run containers as root through it.",
    example: "build:\n  image: docker:28\n  services:\n    - docker:28-dind\n  variables:\n    DOCKER_TLS_CERTDIR: \"\"\n  script: docker build .",
    instead: "build:\n  image: docker:28\n  services:\n    - docker:28-dind\n  variables:\n    DOCKER_TLS_CERTDIR: \"/certs\"\n  script: docker build .",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/docker/using_docker_build/#docker-in-docker-with-tls-enabled-in-the-docker-executor",
    spans: ["\"\""],
}

fn vars(node: NodeRef<'_>) -> Vec<(NodeRef<'_>, NodeRef<'_>)> {
    node.get("variables").map(|v| v.entries()).unwrap_or_default()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut all = vars(cx.root);
    for (_, _, job) in cx.jobs() {
        all.extend(vars(job));
    }
    for (k, v) in all {
        let value = if v.is_map() { v.get("value") } else { Some(v) };
        let Some(val) = value else { continue };
        let text = val.as_text().unwrap_or_default();
        let bad = match k.as_str() {
            Some("DOCKER_TLS_CERTDIR") => text.is_empty(),
            Some("DOCKER_HOST") => text.ends_with(":2375") || text.contains(":2375/"),
            _ => false,
        };
        if bad {
            out.push(
                Diagnostic::new(
                    meta(),
                    val.span(),
                    "Docker-in-Docker without TLS: the daemon is open to its network",
                )
                .help("set `DOCKER_TLS_CERTDIR: \"/certs\"` and use port 2376"),
            );
        }
    }
}
