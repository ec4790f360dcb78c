use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA050", name: "glob-filter", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:glob"], options: [],
    summary: "A branch, tag or path filter can never match, or is ambiguous",
    what: "Checks `branches`, `tags`, `paths` (and their `-ignore` forms) of `push`, `pull_request`, `pull_request_target`, `merge_group` and `workflow_run`: both `X` and `X-ignore` on one event, unclosed `[`, path filters starting with `./` or ending with `/` (paths are matched from the repository root, as files), and branch or tag patterns containing spaces or ending in a lone `\\` (elsewhere `\\` escapes the next character: prefect's `prefect-\\\\w+` tag filter, judged wrong as an error, the thirty-second sample).",
    why: "The workflow never runs for the change it was written for, and nothing says why.",
    example: "on:\n  push:\n    paths:\n      - ./src/**\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    instead: "on:\n  push:\n    paths:\n      - src/**\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet",
    spans: ["./src/**"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (event, node) in model::triggers(cx.root) {
        if !matches!(
            event.as_str(),
            "push" | "pull_request" | "pull_request_target" | "merge_group" | "workflow_run"
        ) || !node.is_map()
        {
            continue;
        }
        for base in ["branches", "tags", "paths"] {
            let ignore = format!("{base}-ignore");
            if let (Some((a, _)), Some((b, _))) = (node.get_entry(base), node.get_entry(&ignore)) {
                // On the one written second, where the conflict becomes one.
                let k = if a.span().start > b.span().start { a } else { b };
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("`{base}` and `{ignore}` cannot both be set for one event"),
                    )
                    .help(format!("use `{base}` with `!` patterns to exclude")),
                );
            }
            for key in [base, ignore.as_str()] {
                for p in node.get(key).map(|v| v.scalar_or_items()).unwrap_or_default() {
                    let Some(pat) = p.as_str() else { continue };
                    let pat_body = pat.strip_prefix('!').unwrap_or(pat);
                    let problem = if pat_body.matches('[').count() > pat_body.matches(']').count() {
                        Some("`[` is never closed".to_owned())
                    } else if base == "paths" && pat_body.starts_with("./") {
                        Some("paths are matched from the repository root without `./`: this never matches".to_owned())
                    } else if base == "paths" && pat_body.ends_with('/') {
                        Some("a path ending in `/` matches no file; use `dir/**`".to_owned())
                    } else if base != "paths" && shipshape_knowledge::shell::unescape(pat_body).contains(' ') {
                        Some("branch and tag names cannot contain spaces".to_owned())
                    } else if base != "paths" && dangling_escape(pat_body) {
                        Some("the pattern ends in a `\\` that escapes nothing".to_owned())
                    } else {
                        None
                    };
                    if let Some(why) = problem {
                        out.push(Diagnostic::new(meta(), p.span(), why));
                    }
                }
            }
        }
    }
}

/// Whether the pattern ends in an odd run of `\`: the last one escapes nothing.
fn dangling_escape(p: &str) -> bool {
    p.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1
}
