use crate::{Ctx, expr, rule};
use shipshape_core::{Diagnostic, Edit, Fix};
use shipshape_yaml::Style;

rule! {
    code: "GHA020", name: "unsound-condition", severity: Error, category: Correctness, default: true, fix: Safe,
    peers: ["zizmor:unsound-condition", "actionlint:if-cond"], options: [],
    summary: "An `if:` is always true because text surrounds its `${{ }}`",
    what: "Flags `if:` values where `${{ }}` is not the whole value: `${{ a }} && ${{ b }}`, or a `|` block whose trailing newline is part of the string.",
    why: "GitHub evaluates such a value as a string template; a non-empty string is truthy, so the step or job always runs, whatever the condition says.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: |\n          ${{ github.ref == 'refs/heads/main' }}\n        run: ./deploy.sh",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - if: |-\n          ${{ github.ref == 'refs/heads/main' }}\n        run: ./deploy.sh",
    fix_safety: "Safe for a block scalar whose only extra text is its final newline: `|` becomes `|-`, so the condition means what it says. Other cases need the expressions joined by hand into one `${{ }}`.",
    refs: "- https://docs.zizmor.sh/audits/#unsound-condition\n- https://github.com/actions/runner/issues/1173",
    spans: ["${{ github.ref == 'refs/heads/main' }}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for node in cx.conditions() {
        let Some(text) = node.as_str() else { continue };
        let found = expr::embedded(text);
        let Some(first) = found.first() else { continue };
        if found.len() == 1 && first.start == 0 && first.end == text.len() {
            continue;
        }
        let only_newline = found.len() == 1 && first.start == 0 && text[first.end..].trim().is_empty();
        let fix = (only_newline && node.style() == Style::Literal)
            .then(|| {
                // The span starts at the content; the `|` indicator is the last non-blank before it.
                let pre = &cx.src[..node.span().start];
                let bar = pre.rfind('|')?;
                pre[bar + 1..]
                    .trim()
                    .is_empty()
                    .then(|| Fix::safe("strip the final newline (`|-`)", vec![Edit::insert(bar + 1, "-")]))
            })
            .flatten();
        let why = if only_newline {
            "the block's final newline makes this a non-empty string, so it is always true"
        } else {
            "text outside `${{ }}` makes this a string, so it is always true"
        };
        out.push(
            Diagnostic::new(meta(), node.span(), why)
                .help("write the whole condition as one expression (`if: a && b`), and use `|-` for a block")
                .maybe_fix(fix),
        );
    }
}
