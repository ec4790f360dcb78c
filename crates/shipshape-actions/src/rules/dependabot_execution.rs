use crate::{Ctx, rule};
use shipshape_core::Diagnostic;
use shipshape_core::classify::FileKind;

rule! {
    code: "GHA029", name: "dependabot-execution", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:dependabot-execution"], options: [],
    summary: "Dependabot may run code from the dependencies it updates",
    what: "Flags `insecure-external-code-execution: allow` in `.github/dependabot.yml`.",
    why: "Dependabot then runs package manager code (setup.py, gradle scripts) from the registry while it holds the registry credentials you gave it.",
    example: "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n    insecure-external-code-execution: allow",
    instead: "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#dependabot-execution\n- https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference#insecure-external-code-execution--",
    spans: ["allow"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.kind != FileKind::Dependabot {
        return;
    }
    for u in cx.root.get("updates").map(|u| u.items()).unwrap_or_default() {
        if let Some(v) = u.get("insecure-external-code-execution")
            && v.as_str() == Some("allow")
        {
            out.push(
                Diagnostic::new(
                    meta(),
                    v.span(),
                    "dependencies' own code runs during updates, next to registry credentials",
                )
                .help("remove `insecure-external-code-execution: allow`"),
            );
        }
    }
}
