use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL027", name: "job-compose-v1", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "`docker-compose` (v1) is retired",
    what: "Flags `docker-compose` used as a command in `script`, `before_script` and `after_script`.",
    why: "Compose v1 reached end of life in 2023 and is missing from current `docker` images; it no longer gets fixes. Compose v2 is the `docker compose` plugin.",
    example: "e2e:\n  image: docker:28\n  script:\n    - docker-compose up -d",
    instead: "e2e:\n  image: docker:28\n  script:\n    - docker compose up -d",
    fix_safety: "No automatic fix: the job's image must have the v2 plugin.",
    refs: "- https://docs.docker.com/compose/releases/migrate/",
    spans: ["docker-compose"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, job) in cx.jobs() {
        for node in model::script_lines(job) {
            let Some(text) = node.as_str() else { continue };
            for line in text.lines() {
                let t = line.trim_start();
                let cmd = t.strip_prefix("sudo ").unwrap_or(t);
                if cmd.starts_with("docker-compose ")
                    || cmd == "docker-compose"
                    || t.contains("&& docker-compose ")
                    || t.contains("; docker-compose ")
                {
                    out.push(
                        Diagnostic::new(meta(), cx.span_in(node, "docker-compose", 0), "`docker-compose` v1 is retired")
                            .help("use `docker compose` (the v2 plugin)"),
                    );
                }
            }
        }
    }
}
