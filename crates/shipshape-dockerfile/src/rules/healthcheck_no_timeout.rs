use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF084", name: "healthcheck-no-timeout", severity: Info, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "HEALTHCHECK without --timeout (opt-in)",
    what: "Flags `HEALTHCHECK CMD …` without `--timeout`.",
    why: "The default timeout is 30 s: a hung check holds the container in `starting` for a long time.",
    example: "HEALTHCHECK CMD curl -f http://localhost/ || exit 1",
    instead: "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f http://localhost/ || exit 1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#healthcheck",
    spans: ["HEALTHCHECK"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, ins) in cx.each(Keyword::Healthcheck) {
        let none = ins.args.value.trim().eq_ignore_ascii_case("none");
        if !none && ins.flag("timeout").is_none() {
            out.push(
                Diagnostic::new(meta(), ins.keyword_span, "HEALTHCHECK has no --timeout (the default is 30s)").help("add `--timeout=3s`"),
            );
        }
    }
}
