use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF063", name: "chpasswd-used", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_17"], options: [],
    summary: "Passwords set in the image with chpasswd",
    what: "Flags `chpasswd` (and `passwd --stdin`) in RUN.",
    why: "The password is in the image history for anyone who pulls it, and containers should not need login passwords.",
    example: "RUN echo 'root:secret' | chpasswd",
    instead: "# authenticate with keys or tokens at run time, not passwords baked into the image",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/secrets/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name == "chpasswd" || (c.name == "passwd" && c.has_arg("--stdin")) {
            out.push(
                Diagnostic::new(meta(), c.span, "a password is set inside the image")
                    .help("use key- or token-based authentication supplied at run time"),
            );
        }
    }
}
