use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF045", name: "missing-healthcheck", severity: Info, category: Reliability, default: false, fix: None,
    peers: ["hadolint:DL3057", "checkov:CKV_DOCKER_2"], options: [],
    summary: "The image has no HEALTHCHECK (opt-in)",
    what: "Flags a final stage (and its parent stages) without `HEALTHCHECK`.",
    why: "Docker and Compose cannot tell a hung service from a healthy one. Opt-in: under Kubernetes, probes replace HEALTHCHECK.",
    example: "FROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html",
    instead: "FROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost/ || exit 1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/dockerfile/#healthcheck",
    spans: ["FROM"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(stage) = cx.df.final_stage() else { return };
    let chain = cx.df.stage_chain(stage);
    let has = |k: Keyword| chain.iter().any(|s| cx.df.stage_instructions(s).any(|(_, i)| i.keyword == k));
    if !has(Keyword::Healthcheck) && !stage.is_scratch() {
        out.push(
            Diagnostic::new(
                meta(),
                cx.instructions()[stage.from].keyword_span,
                "the final image has no HEALTHCHECK",
            )
            .help("add `HEALTHCHECK --interval=30s --timeout=3s CMD …`"),
        );
    }
}
