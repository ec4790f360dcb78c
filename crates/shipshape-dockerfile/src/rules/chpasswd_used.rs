use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF063", name: "chpasswd-used", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV2_DOCKER_17"], options: [],
    summary: "Passwords set in the image with chpasswd",
    what: "Flags `chpasswd` (and `passwd --stdin`) in RUN, unless the RUN generates the password at random (`openssl rand`, `/dev/urandom`, `pwgen`): a password nobody knows is not one to steal.",
    why: "The password is in the image history for anyone who pulls it, and containers should not need login passwords.",
    example: "RUN echo 'root:secret' | chpasswd",
    instead: "# authenticate with keys or tokens at run time, not passwords baked into the image",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/secrets/",
    spans: ["chpasswd"],
}

/// Generators of a random password: one nobody knows is not in the image history (all-in-one locks
/// root with `echo "root:$(openssl rand -base64 12)" | chpasswd`).
const RANDOM: &[&str] = &[
    "openssl rand",
    "/dev/urandom",
    "/dev/random",
    "pwgen",
    "uuidgen",
    "$RANDOM",
    "mktemp -u",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Whether each RUN generates a random password, looked at once per RUN.
    let mut random: Option<(usize, bool)> = None;
    for (i, c) in cx.commands() {
        if !(c.name == "chpasswd" || (c.name == "passwd" && c.has_arg("--stdin"))) {
            continue;
        }
        let generated = match random {
            Some((at, g)) if at == i => g,
            _ => {
                let run = cx.instructions()[i].span.text(cx.src);
                let g = RANDOM.iter().any(|r| run.contains(r));
                random = Some((i, g));
                g
            }
        };
        if !generated {
            out.push(
                Diagnostic::new(meta(), c.span, "a password is set inside the image")
                    .help("use key- or token-based authentication supplied at run time"),
            );
        }
    }
}
