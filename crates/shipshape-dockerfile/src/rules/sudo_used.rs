use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF005", name: "sudo-used", severity: Warning, category: Security, default: true, fix: None,
    peers: ["hadolint:DL3004", "checkov:CKV2_DOCKER_1"], options: [],
    summary: "Do not use sudo in a Dockerfile",
    what: "Flags `sudo` in RUN instructions. `sudo -u app cmd` run as root drops privileges to another user and is not flagged.",
    why: "Build steps already run as the current USER; `sudo` has unpredictable TTY and signal behaviour and means the image ships sudo.",
    example: "USER app\nRUN sudo apt-get update",
    instead: "USER root\nRUN apt-get update\nUSER app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/best-practices/#user",
    spans: ["sudo apt-get update"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        // `sudo -u app cmd` from root drops privileges (discourse_docker): not what this is about.
        if (c.sudo && !c.sudo_user) || (c.name == "sudo" && !c.sudo) {
            out.push(Diagnostic::new(meta(), c.span, "`sudo` in a build step").help("switch with `USER root` for the steps that need it"));
        }
    }
}
