use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF022", name: "copy-from-self", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3023"], options: [],
    summary: "COPY --from cannot reference its own stage",
    what: "Flags `COPY --from=<name>` inside the stage called `<name>`.",
    why: "A stage cannot copy from itself; the build fails with a circular dependency.",
    example: "FROM node:22 AS build\nCOPY --from=build /a /b",
    instead: "FROM node:22 AS deps\nFROM node:22 AS build\nCOPY --from=deps /a /b",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
    spans: ["--from=build"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.each(Keyword::Copy) {
        let (Some(f), Some(stage)) = (ins.flag("from"), cx.df.stage_of[i]) else {
            continue;
        };
        let v = f.value.as_deref().unwrap_or("").to_ascii_lowercase();
        let s = &cx.df.stages[stage];
        if s.name.as_deref() == Some(v.as_str()) || s.index.to_string() == v {
            out.push(Diagnostic::new(meta(), f.span, "this stage copies from itself"));
        }
    }
}
