use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF080", name: "from-as-casing", severity: Warning, category: Style, default: false, fix: Safe,
    peers: ["buildkit:FromAsCasing"], options: [],
    summary: "The AS keyword's case does not match FROM",
    what: "Flags `FROM image as name` (or `from image AS name`): the keywords' cases differ.",
    why: "BuildKit warns (`FromAsCasing`), and mixed casing makes stage names harder to grep.",
    example: "FROM python:3.13-slim as builder",
    instead: "FROM python:3.13-slim AS builder",
    fix_safety: "Safe: changes only the keyword's case.",
    refs: "- https://docs.docker.com/reference/build-checks/from-as-casing/",
    spans: ["as"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in &cx.df.stages {
        let Some(as_span) = s.as_span else { continue };
        let from = cx.instructions()[s.from].keyword_span.text(cx.src);
        let as_kw = as_span.text(cx.src);
        let from_upper = from.chars().all(|c| c.is_ascii_uppercase());
        let from_lower = from.chars().all(|c| c.is_ascii_lowercase());
        let want = if from_upper {
            "AS"
        } else if from_lower {
            "as"
        } else {
            continue;
        };
        if as_kw != want {
            out.push(
                Diagnostic::new(meta(), as_span, format!("`{as_kw}` does not match the case of `{from}`"))
                    .fix(Fix::safe(format!("write `{want}`"), vec![Edit::replace(as_span, want)])),
            );
        }
    }
}
