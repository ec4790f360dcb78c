use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF026", name: "apt-used", severity: Info, category: Maintainability, default: false, fix: Safe,
    peers: ["hadolint:DL3027", "checkov:CKV_DOCKER_9"], options: [],
    summary: "Use apt-get, not apt, in scripts",
    what: "Flags `apt` commands in RUN.",
    why: "`apt` is for people: its CLI is not stable and it warns when used in scripts.",
    example: "RUN apt update && apt install -y curl",
    instead: "RUN apt-get update && apt-get install -y curl",
    fix_safety: "Safe: `apt` becomes `apt-get` for the subcommands both share.",
    refs: "- https://manpages.debian.org/apt.8",
    spans: ["apt", "apt"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name != "apt" {
            continue;
        }
        let shared = matches!(
            c.subcommand(),
            Some("install" | "update" | "upgrade" | "remove" | "purge" | "autoremove" | "dist-upgrade" | "clean" | "autoclean")
        );
        let mut d = Diagnostic::new(meta(), c.name_span, "`apt` is meant for interactive use").help("use `apt-get`");
        if shared && c.name_span.text(cx.src) == "apt" {
            d = d.fix(Fix::safe(
                "replace `apt` with `apt-get`",
                vec![Edit::replace(c.name_span, "apt-get")],
            ));
        }
        out.push(d);
    }
}
