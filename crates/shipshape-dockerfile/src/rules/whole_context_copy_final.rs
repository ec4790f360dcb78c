use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF082", name: "whole-context-copy-final", severity: Warning, category: Performance, default: false, fix: None,
    peers: [], options: [],
    summary: "The final stage of a multi-stage build copies the whole context",
    what: "Flags `COPY . <dst>` in the final stage of a multi-stage Dockerfile.",
    why: "The point of the earlier stages is to copy only the built artifacts; copying everything brings back sources, tests and build files.",
    example: "FROM python:3.13 AS builder\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app/.venv /app/.venv\nCOPY . /app",
    instead: "FROM python:3.13 AS builder\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app/.venv /app/.venv\nCOPY src/ /app/src/",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
    spans: ["."],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.df.stages.len() < 2 || super::support::is_dev_dockerfile(cx) {
        return;
    }
    let Some(stage) = cx.df.final_stage() else { return };
    for (_, ins) in cx.df.stage_instructions(stage) {
        if let Some(span) = super::copy_before_install::is_whole_context_copy(ins) {
            out.push(
                Diagnostic::new(meta(), span, "the final stage copies the whole build context")
                    .help("copy only what the runtime needs, from the build stage or specific paths"),
            );
        }
    }
}
