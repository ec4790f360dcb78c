use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF081", name: "unused-stage", severity: Info, category: Maintainability, default: false, fix: None,
    peers: [], options: [],
    summary: "A named stage is never used",
    what: "Flags a stage that is not the last one and that no later `FROM`, `COPY --from` or `RUN --mount=from=` refers to. Silent when a `FROM` or `--from` names its stage through a variable (`FROM app-${VARIANT}`).",
    why: "BuildKit skips it in a default build, so it is dead code (unless you build it with `--target`).",
    example: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nCOPY . .\nRUN npm ci && npm run build",
    instead: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nCOPY --from=deps /app/node_modules ./node_modules",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
    spans: ["deps"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // `FROM app-${VARIANT}` or `COPY --from=${STAGE}`: which stage a build uses depends on its
    // arguments, so none can be called unused.
    let chosen_by_variable = cx.df.stages.iter().any(|s| s.image.contains('$'))
        || cx.instructions().iter().any(|i| {
            i.flags.iter().any(|f| {
                f.value
                    .as_deref()
                    .is_some_and(|v| v.contains("from=$") || (f.name == "from" && v.contains('$')))
            })
        });
    if chosen_by_variable {
        return;
    }
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
