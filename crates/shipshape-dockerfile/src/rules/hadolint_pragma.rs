use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF056", name: "hadolint-pragma", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["hadolint:DL1001"], options: [],
    summary: "Inline ignore pragmas are discouraged (opt-in)",
    what: "Flags `# hadolint ignore=…` and `# shipshape: ignore[…]` comments.",
    why: "Some teams prefer all exceptions in configuration, where they are reviewed in one place.",
    example: "# hadolint ignore=DL3008\nRUN apt-get install -y curl",
    instead: "# in shipshape.toml\n[[per-path]]\npath = \"docker/**\"\nignore = [\"DF008\"]",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL1001",
    spans: ["# hadolint ignore=DL3008"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for c in &cx.df.parsed.comments {
        let body = c.span.text(cx.src).trim_start_matches('#').trim_start();
        if body.starts_with("hadolint ") || body.starts_with("shipshape:") {
            out.push(Diagnostic::new(meta(), c.span, "inline suppression pragma").help("move the exception into the config file"));
        }
    }
}
