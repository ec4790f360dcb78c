use crate::expr::Expr;
use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "GHA023", name: "obfuscation", severity: Warning, category: Security, default: true, fix: Safe,
    peers: ["zizmor:obfuscation"], options: [],
    summary: "A `uses:` path or an expression hides what it does",
    what: "Flags `uses:` references with `.`, `..` or empty path segments (`actions/checkout/./@v4`, `owner//repo@v1`), and `${{ }}` expressions made only of constants (`${{ 'ubuntu-latest' }}`).",
    why: "Reviewers and tools match `uses:` by name; a disguised path slips past allow-lists and review, which is how a malicious step hides.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout/./@v4",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4",
    fix_safety: "Safe: the normalised path names the same action.",
    refs: "- https://docs.zizmor.sh/audits/#obfuscation",
    spans: ["actions/checkout/./@v4"],
}

/// `owner/repo/./sub/` → `owner/repo/sub` when the path has `.` or empty segments (`..` is left alone).
fn normalise(name: &str) -> Option<String> {
    let segs: Vec<&str> = name.split('/').collect();
    if !segs.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return None;
    }
    Some(
        segs.into_iter()
            .filter(|s| !s.is_empty() && *s != ".")
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn constant(e: &Expr) -> bool {
    match e {
        Expr::String(s) => !s.contains("{{") && !s.contains("}}"),
        Expr::Call { name, args } => {
            matches!(name.to_ascii_lowercase().as_str(), "format" | "join" | "tojson" | "fromjson")
                && args
                    .iter()
                    .all(|a| matches!(a.expr, Expr::String(_) | Expr::Number(_) | Expr::Bool(_)))
        }
        _ => false,
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for n in cx.uses_holders() {
        let Some((model::Uses::Repo { .. }, node)) = model::uses_of(n) else {
            continue;
        };
        let Some(text) = node.as_str() else { continue };
        let (name, git_ref) = text.split_once('@').map_or((text, None), |(a, b)| (a, Some(b)));
        let Some(clean) = normalise(name) else { continue };
        let fix = (!clean.split('/').any(|s| s == "..") && node.style() == shipshape_yaml::Style::Plain).then(|| {
            let new = git_ref.map_or(clean.clone(), |r| format!("{clean}@{r}"));
            Fix::safe(format!("write `{new}`"), vec![Edit::replace(node.span(), new)])
        });
        out.push(
            Diagnostic::new(meta(), node.span(), "this `uses:` path has `.`, `..` or empty segments")
                .help(format!("write the plain path: `{clean}`"))
                .maybe_fix(fix),
        );
    }
    for e in cx.all_exprs() {
        if constant(&e.parsed.expr) {
            out.push(Diagnostic::new(meta(), e.span, "this expression is a constant").help("write the value itself"));
        }
    }
}
