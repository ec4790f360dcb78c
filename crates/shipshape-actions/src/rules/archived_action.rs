use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA070", name: "archived-action", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:archived-uses"], options: [],
    summary: "An action whose repository is archived",
    what: "Flags `uses:` of actions whose repositories their owners have archived (a table shipped in shipshape, as of 2026-11), with the maintained replacement.",
    why: "An archived action gets no fixes, security or otherwise, and usually runs on a Node.js that GitHub has retired.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-ruby@v1",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ruby/setup-ruby@v1",
    fix_safety: "No automatic fix: the replacements take different inputs.",
    refs: "- https://docs.zizmor.sh/audits/#archived-uses",
    spans: ["actions/setup-ruby@v1"],
}

/// Archived action repositories and what replaced them (as of 2026-11).
const ARCHIVED: &[(&str, &str)] = &[
    ("actions/setup-ruby", "`ruby/setup-ruby`"),
    ("actions/setup-elixir", "`erlef/setup-beam`"),
    ("actions/setup-haskell", "`haskell-actions/setup`"),
    ("haskell/actions", "`haskell-actions/setup`"),
    ("actions/create-release", "`gh release create`"),
    ("actions/upload-release-asset", "`gh release upload`"),
    ("actions-rs/toolchain", "`dtolnay/rust-toolchain` or `rustup`"),
    ("actions-rs/cargo", "`cargo` in a `run:` step"),
    ("actions-rs/clippy-check", "`cargo clippy` in a `run:` step"),
    ("actions-rs/audit-check", "`rustsec/audit-check`"),
    ("actions-rs/tarpaulin", "`cargo tarpaulin` in a `run:` step"),
    ("actions-rs/install", "`taiki-e/install-action`"),
    ("actions/setup-dotnet-core", "`actions/setup-dotnet`"),
    ("andymckay/cancel-action", "`concurrency:` with `cancel-in-progress`"),
    ("crazy-max/ghaction-docker-buildx", "`docker/setup-buildx-action`"),
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for n in cx.uses_holders() {
        let Some((uses, node)) = model::uses_of(n) else { continue };
        let Some(key) = uses.repo_key() else { continue };
        if let Some((_, instead)) = ARCHIVED.iter().find(|(a, _)| *a == key) {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{}` is archived: it gets no fixes", uses.name()))
                    .help(format!("use {instead}")),
            );
        }
    }
}
