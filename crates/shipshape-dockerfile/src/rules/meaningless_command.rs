use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF002", name: "meaningless-command", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL3001"], options: [],
    summary: "Command that makes no sense inside a container build",
    what: "Flags `RUN` commands such as `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and `ifconfig`.",
    why: "A build step has no interactive terminal, no init system and no running services: these commands do nothing useful or fail.",
    example: "RUN service nginx start",
    instead: "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3001",
    spans: ["service"],
}

const COMMANDS: &[&str] = &[
    "ssh",
    "vim",
    "shutdown",
    "service",
    "ps",
    "free",
    "top",
    "kill",
    "mount",
    "ifconfig",
    "nano",
    "systemctl",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if COMMANDS.contains(&c.name.as_str()) {
            out.push(
                Diagnostic::new(meta(), c.name_span, format!("`{}` is not meaningful in a container build", c.name))
                    .help("start services from CMD/ENTRYPOINT; install editors only in debug images"),
            );
        }
    }
}
