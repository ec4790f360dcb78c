use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC035", name: "interpolation", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A `${…}` that does not parse",
    what: "Flags an unclosed `${`. A `${VAR:?message}` guard whose variable `.env` does not set is not flagged: it is a deliberate fail-fast for a value the shell or CI provides.",
    why: "`docker compose` refuses to start: `invalid interpolation format`.",
    example: "services:\n  api:\n    image: \"acme/api:${TAG\"",
    instead: "services:\n  api:\n    image: \"acme/api:${TAG:-1.4.2}\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/interpolation/",
    spans: ["${TAG"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    cx.root.walk(&mut |n| {
        if !n.is_scalar() {
            return;
        }
        let Some(text) = n.as_str() else { return };
        if let Err(at) = model::var_refs(text) {
            out.push(
                Diagnostic::new(meta(), cx.span_in(n, &text[at..], 0), "`${` is never closed")
                    .help("close it with `}` (write `$$` for a literal `$`)"),
            );
        }
    });
}
