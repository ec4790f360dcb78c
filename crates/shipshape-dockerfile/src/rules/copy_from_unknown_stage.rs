use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF021", name: "copy-from-unknown-stage", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["hadolint:DL3022"], options: [],
    summary: "COPY --from should name an earlier stage or a tagged image",
    what: "Flags `COPY --from=<name>` where the name is neither an earlier stage nor looks like an image reference, nor is a named build context that a bake file, a Compose `additional_contexts:`, a `--build-context` or a workflow's `build-contexts:` beside or above the Dockerfile defines.",
    why: "A mistyped stage name makes Docker pull an image with that name from Docker Hub.",
    example: "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=biuld /out/app /app",
    instead: "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /out/app /app",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
    spans: ["biuld"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins) in cx.each(Keyword::Copy) {
        let Some(f) = ins.flag("from") else { continue };
        let Some(v) = f.value.as_deref() else { continue };
        if v.contains(['/', ':', '@', '$']) {
            continue;
        }
        let lower = v.to_ascii_lowercase();
        let current = cx.df.stage_of[i];
        // The first stage of a name is the earliest: if it is not an earlier one, none is.
        let by_name = cx.df.first_stage_named(&lower);
        let by_index = lower
            .parse::<usize>()
            .ok()
            .filter(|n| n.to_string() == lower)
            .and_then(|n| cx.df.stages.get(n));
        let earlier = by_name.into_iter().chain(by_index).any(|s| Some(s.index) != current && s.from < i);
        let own = current.and_then(|c| cx.df.stages[c].name.as_deref()) == Some(lower.as_str());
        if !earlier && !own && !cx.is_named_context(&lower) && !cx.is_included_stage(&lower) {
            out.push(
                Diagnostic::new(
                    meta(),
                    f.value_span.unwrap_or(f.span),
                    format!("`{v}` is not a stage defined above, so Docker pulls the image `{v}:latest`"),
                )
                .help("name an earlier `FROM … AS <name>` stage, or a full image reference with a tag")
                .confidence(shipshape_core::Confidence::Medium),
            );
        }
    }
}
