use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF012", name: "multiple-healthchecks", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3012", "buildkit:MultipleInstructionsDisallowed"], options: [],
    summary: "Only one HEALTHCHECK per stage takes effect",
    what: "Flags a second `HEALTHCHECK` in the same stage.",
    why: "Only the last HEALTHCHECK counts; the earlier one is dead code that misleads readers.",
    example: "HEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -q -O- http://localhost/",
    instead: "HEALTHCHECK CMD wget -q -O- http://localhost/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#healthcheck",
    spans: ["HEALTHCHECK"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let hcs: Vec<_> = cx
            .df
            .stage_instructions(stage)
            .filter(|(_, i)| i.keyword == Keyword::Healthcheck)
            .collect();
        for (_, ins) in hcs.iter().skip(1) {
            out.push(
                Diagnostic::new(meta(), ins.keyword_span, "a second HEALTHCHECK in this stage replaces the first")
                    .label(hcs[0].1.keyword_span, "first HEALTHCHECK"),
            );
        }
    }
}
