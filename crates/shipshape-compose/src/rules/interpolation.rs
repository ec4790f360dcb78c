use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC035", name: "interpolation", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A `${…}` that does not parse, or a required variable with no value",
    what: "Flags an unclosed `${`, and `${VAR:?message}` / `${VAR?message}` whose variable the project's `.env` does not set (when a `.env` exists; the shell may set it otherwise, so the check is then skipped).",
    why: "`docker compose` refuses to start: `required variable VAR is missing a value`, or `invalid interpolation format`.",
    example: "services:\n  api:\n    image: \"acme/api:${TAG\"",
    instead: "services:\n  api:\n    image: \"acme/api:${TAG:-1.4.2}\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/reference/compose-file/interpolation/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let have_env = !cx.project.env.is_empty();
    cx.root.walk(&mut |n| {
        if !n.is_scalar() {
            return;
        }
        let Some(text) = n.as_str() else { return };
        match model::var_refs(text) {
            Err(at) => out.push(
                Diagnostic::new(meta(), cx.span_in(n, &text[at..], 0), "`${` is never closed")
                    .help("close it with `}` (write `$$` for a literal `$`)"),
            ),
            Ok(refs) => {
                for r in refs {
                    if have_env && (r.op == ":?" || r.op == "?") && cx.project.env.get(&r.name).is_none_or(|v| r.op == ":?" && v.is_empty())
                    {
                        out.push(
                            Diagnostic::new(
                                meta(),
                                cx.span_in(n, &text[r.start..r.end], 0),
                                format!("required variable `{}` is not set in `.env`", r.name),
                            )
                            .help(format!("add `{}=…` to `.env`", r.name)),
                        );
                    }
                }
            }
        }
    });
}
