use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF079", name: "healthcheck-tool-missing", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "HEALTHCHECK calls a tool the final image does not have",
    what: "Flags a HEALTHCHECK that runs `curl` on a slim, Alpine or distroless base, or `wget` on a slim or distroless base, when the final stage (or its parents) never installs it.",
    why: "The check then always fails and the orchestrator restarts a healthy container forever.",
    example: "FROM python:3.13-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1",
    instead: "FROM python:3.13-slim\nHEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#healthcheck",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    let chain = cx.df.stage_chain(stage);
    let base = chain
        .last()
        .and_then(|s| s.resolved.clone())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let alpine = base.contains("alpine");
    let distroless = base.contains("distroless") || base == "scratch" || base.contains("chainguard");
    let slim = base.contains("slim");
    let installs = |tool: &str| {
        chain.iter().any(|s| {
            cx.df.stage_instructions(s).any(|(i, ins)| {
                (ins.keyword == Keyword::Run && (ins.args.value.contains(tool)))
                    || (ins.keyword == Keyword::Copy
                        && cx.df.script(i).is_none()
                        && ins.words().iter().any(|w| w.text.ends_with(&format!("/{tool}"))))
            })
        })
    };
    for (i, ins) in cx.df.stage_instructions(stage).filter(|(_, i)| i.keyword == Keyword::Healthcheck) {
        let tools: Vec<(String, shipshape_core::Span)> = match (&ins.exec, cx.df.script(i)) {
            (_, Some(script)) => script.commands.iter().map(|c| (c.name.clone(), c.name_span)).collect(),
            _ => {
                let words = ins.words();
                words
                    .get(1)
                    .map(|w| {
                        vec![(
                            w.text.trim_matches(['[', '"', ',']).rsplit('/').next().unwrap_or("").to_owned(),
                            w.span,
                        )]
                    })
                    .unwrap_or_default()
            }
        };
        for (tool, span) in tools {
            let missing = match tool.as_str() {
                "curl" => (alpine || slim || distroless) && !installs("curl"),
                "wget" => (slim || distroless) && !installs("wget"),
                _ => false,
            };
            if missing {
                out.push(
                    Diagnostic::new(meta(), span, format!("`{tool}` is not in `{base}` and is never installed"))
                        .help("install it in the final stage, or check health with the app's own runtime")
                        .confidence(Confidence::Medium),
                );
            }
        }
    }
}
