use crate::expr::{self, Expr, FUNCTIONS};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Span};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA013", name: "expression-syntax", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "A `${{ }}` expression does not parse, or calls an unknown function",
    what: "Parses every `${{ … }}` in the file (and bare `if:` conditions) and flags syntax errors, unterminated `${{`, calls to functions GitHub does not have, calls with the wrong number of arguments, and an `if:` that starts with an unquoted `!` (`if: !cancelled()`: YAML reads a tag, and the condition is lost).",
    why: "GitHub rejects the workflow when it starts, or the step fails at run time, far from the typo.",
    example: "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ startsWith(github.ref, 'refs/tags/' }}\n        run: echo tag",
    instead: "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ startsWith(github.ref, 'refs/tags/') }}\n        run: echo tag",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/expressions",
    spans: ["startsWith(github.ref, 'refs/tags/'"],
}

fn report(node: NodeRef, inner_text: &str, inner_span: Option<Span>, out: &mut Vec<Diagnostic>) {
    let at = |o: usize| {
        inner_span.map_or(node.span(), |s| {
            Span::new(s.start + o, (s.start + o + 1).min(s.end).max(s.start + o))
        })
    };
    match expr::parse(inner_text) {
        Err(e) => {
            // Point at the expression (trimmed); the message says where in it the parser stopped.
            let lead = inner_text.len() - inner_text.trim_start().len();
            let span = inner_span.map_or(node.span(), |s| Span::new(s.start + lead, s.start + inner_text.trim_end().len()));
            let near = inner_text.get(e.at..).map(str::trim).filter(|t| !t.is_empty());
            let place = near.map_or("at the end".to_owned(), |t| format!("at `{}`", t.chars().take(20).collect::<String>()));
            out.push(Diagnostic::new(meta(), span, format!("invalid expression: {} ({place})", e.message)));
        }
        Ok(parsed) => parsed.visit(&mut |e| {
            if let Expr::Call { name, args } = &e.expr {
                let lower = name.to_ascii_lowercase();
                match FUNCTIONS.iter().find(|(n, _, _)| *n == lower) {
                    None => out.push(
                        Diagnostic::new(meta(), at(e.start), format!("`{name}` is not a GitHub Actions function"))
                            .help("functions: contains, startsWith, endsWith, format, join, toJSON, fromJSON, hashFiles, success, always, cancelled, failure, case"),
                    ),
                    Some((_, min, max)) if args.len() < *min || args.len() > *max => out.push(Diagnostic::new(
                        meta(),
                        at(e.start),
                        format!("`{name}` takes {} argument(s), not {}", if min == max { min.to_string() } else { format!("at least {min}") }, args.len()),
                    )),
                    _ => {}
                }
            }
        }),
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut nodes = Vec::new();
    cx.root.walk(&mut |n| {
        if n.is_scalar() {
            nodes.push(n);
        }
    });
    nodes.sort_by_key(|n| n.span().start);
    nodes.dedup_by_key(|n| n.span().start);
    for node in nodes {
        let Some(text) = node.as_str() else { continue };
        if expr::unterminated(text).is_some() {
            out.push(Diagnostic::new(meta(), cx.span_in(node, "${{", 0), "`${{` is never closed with `}}`").help("close the expression"));
            continue;
        }
        for e in expr::embedded(text) {
            let written = &text[e.start..e.end];
            let inner_span = node.find_in_source(cx.src, written, 0).map(|s| Span::new(s.start + 3, s.end - 2));
            report(node, e.inner, inner_span, out);
        }
    }
    // Bare `if:` conditions are expressions without `${{ }}`.
    let mut ifs = Vec::new();
    for (_, job) in crate::model::jobs(cx.root) {
        ifs.push(job.get("if"));
    }
    ifs.extend(cx.steps().into_iter().map(|(_, s)| s.get("if")));
    for node in ifs.into_iter().flatten() {
        // `if: !cancelled()`: YAML reads `!cancelled()` as a tag, and the condition is what
        // follows it (usually nothing).
        if let Some(tag) = node.tag()
            && tag.starts_with('!')
            && !tag.starts_with("!!")
            && tag.len() > 1
        {
            let span = node.find_in_source(cx.src, tag, 0).unwrap_or(node.span());
            out.push(
                Diagnostic::new(
                    meta(),
                    span,
                    format!("`{tag}` is read as a YAML tag, not a negated expression: the condition is lost"),
                )
                .help(format!("write `if: ${{{{ {tag} }}}}` or quote it")),
            );
            continue;
        }
        if let Some(text) = node.as_text()
            && !text.contains("${{")
            && node.as_bool().is_none()
        {
            let span = (node.style() == shipshape_yaml::Style::Plain).then(|| node.span());
            report(node, text, span, out);
        }
    }
}
