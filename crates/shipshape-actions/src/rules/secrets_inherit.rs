use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA011", name: "secrets-inherit", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:secrets-inherit"], options: [],
    summary: "`secrets: inherit` passes every secret to the called workflow",
    what: "Flags reusable-workflow calls with `secrets: inherit`: another repository's workflow gets every secret of this one. A workflow of this repository (`./.github/workflows/…`) or of its owner (the owner of its `origin` remote) is the same people's code and is not flagged.",
    why: "The called workflow gets all of the caller's secrets, not just the ones it needs; a compromise there exposes them all.",
    example: "on: push\njobs:\n  deploy:\n    uses: acme/workflows/.github/workflows/deploy.yml@3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e\n    secrets: inherit",
    instead: "on: push\njobs:\n  deploy:\n    uses: acme/workflows/.github/workflows/deploy.yml@3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e\n    secrets:\n      DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow",
    spans: ["inherit"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        if let Some(uses) = job.get("uses")
            && let Some(s) = job.get("secrets")
            && s.as_str() == Some("inherit")
        {
            // A workflow of this repository is reviewed with it: inheriting is a convenience, not
            // the exposure of handing every secret to another repository's code. Judged not worth a
            // finding on real repositories (docs/precision.md); zizmor flags it (docs/declined.md).
            // The same holds for a workflow of the repository's own owner (its `origin` remote).
            let owner = uses.as_str().and_then(|u| u.split_once('/')).map(|(o, _)| o);
            if uses.as_str().and_then(crate::model::local_path).is_some() || owner.is_some_and(|o| cx.is_own_owner(o)) {
                continue;
            }
            let d = Diagnostic::new(meta(), s.span(), "every secret is passed to the called workflow")
                .help("pass only the secrets it needs, by name");
            out.push(d);
        }
    }
}
