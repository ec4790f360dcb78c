use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF003", name: "last-user-root", severity: Warning, category: Security, default: true, fix: None,
    peers: ["hadolint:DL3002", "checkov:CKV_DOCKER_8", "trivy:DS002"], options: [],
    summary: "The final USER is root",
    what: "Flags a final stage whose last `USER` is `root`, `0` or `0:0`; not the image of a Docker container action (an `action.yml` beside it runs `using: docker` with this file as `image:`), which GitHub runs as root by design.",
    why: "A process running as root in a container turns any escape or mounted-volume mistake into root on the host's files.",
    example: "FROM node:22-slim\nUSER root\nCMD [\"node\", \"server.js\"]",
    instead: "FROM node:22-slim\nUSER node\nCMD [\"node\", \"server.js\"]",
    fix_safety: "No automatic fix: the non-root user must exist in the image.",
    refs: "- https://docs.docker.com/build/building/best-practices/#user",
    spans: ["root"],
}

pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    // GitHub's docs: a Docker container action must run as the default user, root, to use the
    // workspace (LLNL/Umpire's static-analysis action, the sixtieth sample).
    if cx.is_container_action_image() {
        return;
    }
    if let Some((i, user)) = cx.df.stage_user(stage)
        && is_root(&user)
        && cx.df.stage_of[i] == Some(stage.index)
    {
        let ins = &cx.instructions()[i];
        out.push(
            Diagnostic::new(meta(), ins.args_span(), "the image runs as root")
                .help("switch to an unprivileged user with `USER` after the steps that need root"),
        );
    }
}
