use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF070", name: "missing-user", severity: Info, category: Security, default: false, fix: None,
    peers: ["checkov:CKV_DOCKER_3", "trivy:DS002"], options: [],
    summary: "The image never switches to a non-root user",
    what: "Flags a final stage (with its parent stages) that has no `USER` instruction, unless the base image is known to run as non-root (`distroless …:nonroot`, `chainguard`, `*-nonroot`). Development Dockerfiles are skipped.",
    why: "Containers run as root by default; a non-root user limits what a compromised process can do.",
    example: "FROM python:3.13-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]",
    instead: "FROM python:3.13-slim\nRUN useradd --create-home --uid 1000 app\nCOPY --chown=app:app . /app\nUSER app\nCMD [\"python\", \"/app/main.py\"]",
    fix_safety: "No automatic fix: the user must exist in the image.",
    refs: "- https://docs.docker.com/build/building/best-practices/#user",
    spans: ["FROM"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    if cx.df.stage_user(stage).is_some() || super::support::is_dev_dockerfile(cx) {
        return;
    }
    let mut root = stage;
    while let Some(p) = root.parent_stage {
        root = &cx.df.stages[p];
    }
    let image = root.resolved.as_deref().unwrap_or("").to_ascii_lowercase();
    if image.is_empty() || image.contains("nonroot") || image.contains("chainguard") || image.contains("rootless") || image.contains('$') {
        return;
    }
    out.push(
        Diagnostic::new(
            meta(),
            cx.instructions()[stage.from].keyword_span,
            "the final image runs as root: no USER is set",
        )
        .help("create a user and switch to it with `USER` at the end of the final stage")
        .confidence(Confidence::Medium),
    );
}
