use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DC034", name: "env-example-missing", severity: Warning, category: Maintainability, default: false, fix: None,
    peers: [], options: [],
    summary: "A variable the file needs is missing from `.env.example`",
    what: "When the project has a `.env.example`, flags `${VAR}` references without a default (`${VAR:-x}`) whose variable it does not list.",
    why: "`.env.example` is how a newcomer learns what to set: a missing entry means a blank value and a confusing failure at start-up.",
    example: "services:\n  api:\n    image: acme/api:1\n    environment:\n      STRIPE_KEY: ${STRIPE_KEY}",
    instead: "services:\n  api:\n    image: acme/api:1\n    environment:\n      STRIPE_KEY: ${STRIPE_KEY:-}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/",
    spans: ["${STRIPE_KEY}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(listed) = &cx.project.env_example else { return };
    let mut seen = Vec::new();
    cx.root.walk(&mut |n| {
        if !n.is_scalar() {
            return;
        }
        let Some(text) = n.as_str() else { return };
        let Ok(refs) = model::var_refs(text) else { return };
        for r in refs {
            if r.op.is_empty() && !listed.contains(&r.name) && !seen.contains(&r.name) {
                seen.push(r.name.clone());
                out.push(
                    Diagnostic::new(
                        meta(),
                        cx.span_in(n, &text[r.start..r.end], 0),
                        format!("`{}` is not in `.env.example`", r.name),
                    )
                    .help(format!(
                        "add `{}=` to `.env.example`, or give it a default: `${{{}:-…}}`",
                        r.name, r.name
                    )),
                );
            }
        }
    });
}
