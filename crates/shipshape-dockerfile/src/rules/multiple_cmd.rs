use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF051", name: "multiple-cmd", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL4003", "buildkit:MultipleInstructionsDisallowed"], options: [],
    summary: "Only the last CMD of a stage takes effect",
    what: "Flags a second `CMD` in the same stage.",
    why: "Earlier CMDs are silently replaced; readers are misled about what runs.",
    example: "CMD [\"a\"]\nCMD [\"b\"]",
    instead: "CMD [\"b\"]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#cmd",
    spans: ["CMD"],
}

pub fn report_repeats(cx: &Ctx, kw: Keyword, meta: &'static shipshape_core::RuleMeta, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let all: Vec<_> = cx.df.stage_instructions(stage).filter(|(_, i)| i.keyword == kw).collect();
        if let [(_, first), .., (_, last)] = all.as_slice() {
            out.push(
                Diagnostic::new(
                    meta,
                    last.keyword_span,
                    format!("several {} instructions in one stage: only the last counts", kw.as_str()),
                )
                .label(first.keyword_span, "replaced"),
            );
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    report_repeats(cx, Keyword::Cmd, meta(), out);
}
