use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF040", name: "copy-relative-without-workdir", severity: Warning, category: Correctness, default: false, fix: None,
    peers: ["hadolint:DL3045"], options: [],
    summary: "COPY to a relative destination without a WORKDIR",
    what: "Flags `COPY`/`ADD` to a relative path in a stage that has not set `WORKDIR` (in itself or a parent stage).",
    why: "The destination then depends on the base image's working directory, which may change.",
    example: "FROM python:3.12-slim\nCOPY requirements.txt .",
    instead: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3045",
    spans: ["."],
}

fn workdir_set(cx: &Ctx, stage: usize, before: usize) -> bool {
    let s = &cx.df.stages[stage];
    let own = (s.from..before.min(s.end)).any(|i| cx.instructions()[i].keyword == Keyword::Workdir);
    own || s.parent_stage.is_some_and(|p| workdir_set(cx, p, usize::MAX))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.instructions().iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || !ins.heredocs.is_empty() {
            continue;
        }
        let Some(stage) = cx.df.stage_of[i] else { continue };
        let words = ins.operands();
        let Some(dest) = words.last() else { continue };
        let d = dest.text.as_str();
        let relative = !d.starts_with('/') && !d.starts_with('$') && !d.starts_with('\\') && d.as_bytes().get(1) != Some(&b':');
        if relative && words.len() >= 2 && cx.df.shell_of[i] == crate::model::ShellKind::Posix && !workdir_set(cx, stage, i) {
            out.push(
                Diagnostic::new(meta(), dest.span, format!("`{d}` is relative and no WORKDIR is set"))
                    .help("set `WORKDIR` first or use an absolute destination"),
            );
        }
    }
}
