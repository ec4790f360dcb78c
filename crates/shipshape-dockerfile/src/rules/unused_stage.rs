use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF081", name: "unused-stage", severity: Info, category: Maintainability, default: true, fix: None,
    peers: [], options: [],
    summary: "A named stage is never used",
    what: "Flags a stage that is not the last one and that no later `FROM`, `COPY --from` or `RUN --mount=from=` refers to.",
    why: "BuildKit skips it in a default build, so it is dead code (unless you build it with `--target`).",
    example: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nCOPY . .\nRUN npm ci && npm run build",
    instead: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nCOPY --from=deps /app/node_modules ./node_modules",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let n = cx.df.stages.len();
    for s in cx.df.stages.iter().take(n.saturating_sub(1)) {
        if !cx.df.is_stage_referenced(s) {
            let span = s.name_span.unwrap_or(cx.instructions()[s.from].keyword_span);
            let label = s.name.clone().unwrap_or_else(|| format!("#{}", s.index));
            out.push(
                Diagnostic::new(meta(), span, format!("stage `{label}` is never used by a later stage"))
                    .help("remove it, or copy from it with `COPY --from`")
                    .confidence(Confidence::Medium),
            );
        }
    }
}
