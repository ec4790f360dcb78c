use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF050", name: "wget-and-curl", severity: Info, category: Maintainability, default: true, fix: None,
    peers: ["hadolint:DL4001"], options: [],
    summary: "Use either wget or curl, not both",
    what: "Flags a stage that runs both `wget` and `curl`.",
    why: "Two download tools means two packages to install and patch for the same job.",
    example: "RUN curl -fsSLO https://a/x && wget https://b/y",
    instead: "RUN curl -fsSLO https://a/x && curl -fsSLO https://b/y",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL4001",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        let cmds: Vec<_> = cx.commands().filter(|(i, _)| cx.df.stage_of[*i] == Some(stage.index)).collect();
        let curl = cmds.iter().find(|(_, c)| c.name == "curl");
        let wget = cmds.iter().find(|(_, c)| c.name == "wget");
        if let (Some((_, c)), Some((_, w))) = (curl, wget) {
            let (first, second) = if c.span.start < w.span.start { (c, w) } else { (w, c) };
            out.push(
                Diagnostic::new(meta(), second.name_span, "this stage uses both wget and curl")
                    .label(first.name_span, "the other tool is used here"),
            );
        }
    }
}
