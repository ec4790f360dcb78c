use crate::shell::Command;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF050", name: "wget-and-curl", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL4001"], options: [],
    summary: "Use either wget or curl, not both",
    what: "Flags a stage that runs both `wget` and `curl`.",
    why: "Two download tools means two packages to install and patch for the same job.",
    example: "RUN curl -fsSLO https://a/x && wget https://b/y",
    instead: "RUN curl -fsSLO https://a/x && curl -fsSLO https://b/y",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL4001",
    spans: ["wget"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The first curl and the first wget of each stage, in one pass over the commands.
    let mut firsts: Vec<(Option<&Command>, Option<&Command>)> = vec![(None, None); cx.df.stages.len()];
    for (i, c) in cx.commands() {
        let Some(stage) = cx.df.stage_of[i] else { continue };
        let slot = match c.name.as_str() {
            "curl" => &mut firsts[stage].0,
            "wget" => &mut firsts[stage].1,
            _ => continue,
        };
        slot.get_or_insert(c);
    }
    for (curl, wget) in firsts {
        if let (Some(c), Some(w)) = (curl, wget) {
            let (first, second) = if c.span.start < w.span.start { (c, w) } else { (w, c) };
            out.push(
                Diagnostic::new(meta(), second.name_span, "this stage uses both wget and curl")
                    .label(first.name_span, "the other tool is used here"),
            );
        }
    }
}
