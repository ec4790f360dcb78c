use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_core::classify::FileKind;

rule! {
    code: "GHA080", name: "unused-anchor", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["actionlint:syntax-check"], options: [],
    summary: "A YAML anchor no alias uses",
    what: "Flags an `&anchor` in a workflow or action that no `*alias` of the file reads (GitHub has accepted anchors and aliases in workflows since 2025).",
    why: "GitHub accepts it and it changes nothing: either an alias was meant to use it and was forgotten or misspelt, or it is left over and only makes the reader look for its uses.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - &checkout\n        uses: actions/checkout@v4\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test",
    fix_safety: "No automatic fix: remove the anchor, or add the alias that was meant.",
    refs: "- https://github.blog/changelog/2025-09-18-actions-yaml-anchors-and-non-public-workflow-templates/\n- https://yaml.org/spec/1.2.2/#anchors-and-aliases",
    spans: ["&checkout"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !matches!(cx.kind, FileKind::GithubWorkflow | FileKind::GithubAction) {
        return;
    }
    for span in cx.root.doc.unused_anchors() {
        let written = span.text(cx.src);
        out.push(
            Diagnostic::new(meta(), span, format!("anchor `{written}` is defined but no alias uses it")).help(format!(
                "remove `{written}`, or read it with `*{}`",
                written.trim_start_matches('&')
            )),
        );
    }
}
