use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF046", name: "consecutive-run", severity: Info, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3059"], options: [],
    summary: "Consecutive RUN instructions could be merged",
    what: "Flags a RUN that directly follows another RUN in the same stage when neither uses mount flags or heredocs (once per run of them).",
    why: "Each RUN is a layer; merging related steps gives fewer, smaller layers.",
    example: "RUN apt-get update\nRUN apt-get install -y curl",
    instead: "RUN apt-get update && apt-get install -y curl",
    fix_safety: "No automatic fix: merging changes caching behaviour.",
    refs: "- https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers",
    spans: ["RUN"],
}

fn simple(i: &crate::parser::Instruction) -> bool {
    i.keyword == Keyword::Run && i.flags.is_empty() && i.heredocs.is_empty() && i.exec.is_none()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let ins = cx.instructions();
    let mut streak = 0;
    for i in 0..ins.len() {
        let same_stage = i > 0 && cx.df.stage_of[i] == cx.df.stage_of[i - 1];
        streak = if simple(&ins[i]) && same_stage && simple(&ins[i - 1]) {
            streak + 1
        } else {
            0
        };
        if streak == 1 {
            out.push(
                Diagnostic::new(meta(), ins[i].keyword_span, "consecutive RUN instructions: each is a layer")
                    .help("merge related steps with `&&` to save layers"),
            );
        }
    }
}
