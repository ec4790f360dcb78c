use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF052", name: "multiple-entrypoint", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL4004", "buildkit:MultipleInstructionsDisallowed"], options: [],
    summary: "Only the last ENTRYPOINT of a stage takes effect",
    what: "Flags a second `ENTRYPOINT` in the same stage.",
    why: "Earlier ENTRYPOINTs are silently replaced (and an ENTRYPOINT also resets CMD).",
    example: "ENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]",
    instead: "ENTRYPOINT [\"b\"]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#entrypoint",
    spans: ["ENTRYPOINT"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    super::multiple_cmd::report_repeats(cx, Keyword::Entrypoint, meta(), out);
}
