use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF042", name: "wget-without-progress", severity: Info, category: Style, default: false, fix: None,
    peers: ["hadolint:DL3047"], options: [],
    summary: "wget without --progress bloats build logs (opt-in)",
    what: "Flags `wget` without `-q`, `-nv`, `--progress` or `-o`/`--output-file`.",
    why: "The default progress bar writes thousands of lines into CI logs.",
    example: "RUN wget https://example.com/app.tar.gz",
    instead: "RUN wget --progress=dot:giga https://example.com/app.tar.gz",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3047",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, c) in cx.commands() {
        if c.name == "wget"
            && !c.has_opt(&['q', 'o'], &["quiet", "progress", "output-file", "no-verbose", "append-output"])
            && !c.has_arg("-nv")
        {
            out.push(
                Diagnostic::new(meta(), c.span, "`wget` prints a progress bar into the build log")
                    .help("add `--progress=dot:giga` or `-q`"),
            );
        }
    }
}
