use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF028", name: "from-platform-flag", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL3029"], options: [],
    summary: "Do not hard-code --platform in FROM",
    what: "Flags `FROM --platform=<literal>`; `--platform=$BUILDPLATFORM`/`$TARGETPLATFORM` are fine.",
    why: "A fixed platform breaks multi-platform builds and forces emulation on other hosts.",
    example: "FROM --platform=linux/amd64 node:22-slim",
    instead: "FROM --platform=$BUILDPLATFORM node:22-slim",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-platform/",
    spans: ["--platform=linux/amd64"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in &cx.df.stages {
        let ins = &cx.instructions()[s.from];
        if let Some(f) = ins.flag("platform")
            && !f.value.as_deref().unwrap_or("").contains('$')
        {
            out.push(
                Diagnostic::new(meta(), f.span, "the platform is hard-coded")
                    .help("use `$BUILDPLATFORM` or `$TARGETPLATFORM`, or pass `--platform` to `docker build`"),
            );
        }
    }
}
