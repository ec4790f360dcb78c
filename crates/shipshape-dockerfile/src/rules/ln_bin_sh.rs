use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF053", name: "ln-bin-sh", severity: Warning, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL4005"], options: [],
    summary: "Use SHELL to change the default shell",
    what: "Flags `ln … /bin/sh` in RUN.",
    why: "Replacing `/bin/sh` breaks system scripts that expect a POSIX sh; `SHELL` changes only what Docker uses.",
    example: "RUN ln -sf /bin/bash /bin/sh",
    instead: "SHELL [\"/bin/bash\", \"-c\"]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#shell",
    spans: ["ln -sf /bin/bash /bin/sh"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name == "ln" && c.args.last().is_some_and(|a| a.text == "/bin/sh") {
            out.push(Diagnostic::new(meta(), c.span, "replacing /bin/sh").help("use the SHELL instruction"));
        }
    }
}
