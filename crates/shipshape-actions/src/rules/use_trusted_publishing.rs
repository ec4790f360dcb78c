use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA028", name: "use-trusted-publishing", severity: Info, category: Security, default: false, fix: None,
    peers: ["zizmor:use-trusted-publishing"], options: [],
    summary: "A package is published with a long-lived token where trusted publishing works",
    what: "Flags publishing to PyPI, npm, crates.io and RubyGems with a stored token (`password:` on `pypa/gh-action-pypi-publish`; `twine upload`, `npm publish`, `cargo publish`, `gem push` with a token in the step's or job's `env:` or arguments).",
    why: "These registries accept short-lived OIDC credentials from GitHub (trusted publishing): nothing to leak, rotate or steal from the repository's secrets.",
    example: "on:\n  release:\n    types: [published]\njobs:\n  pypi:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.PYPI_TOKEN }}",
    instead: "on:\n  release:\n    types: [published]\njobs:\n  pypi:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1",
    fix_safety: "No automatic fix: trusted publishing is configured on the registry's side first.",
    refs: "- https://docs.zizmor.sh/audits/#use-trusted-publishing\n- https://docs.pypi.org/trusted-publishers/\n- https://docs.npmjs.com/trusted-publishers",
    spans: ["${{ secrets.PYPI_TOKEN }}"],
}

/// (command, token variables or flags that mean a stored token is used)
const COMMANDS: &[(&str, &[&str])] = &[
    ("twine upload", &["TWINE_PASSWORD", "-p ", "--password"]),
    ("npm publish", &["NODE_AUTH_TOKEN", "NPM_TOKEN", "_authToken"]),
    ("cargo publish", &["CARGO_REGISTRY_TOKEN", "--token"]),
    ("gem push", &["GEM_HOST_API_KEY"]),
    ("uv publish", &["UV_PUBLISH_TOKEN", "UV_PUBLISH_PASSWORD", "--token", "--password"]),
    ("poetry publish", &["POETRY_PYPI_TOKEN", "--password", "-p "]),
];

fn env_has(node: Option<NodeRef>, var: &str) -> bool {
    node.and_then(|n| n.get("env")).is_some_and(|e| e.get(var).is_some())
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (job, step) in cx.steps() {
        if model::step_uses(step, "pypa/gh-action-pypi-publish") {
            if let Some(p) = model::with(step, "password") {
                out.push(
                    Diagnostic::new(meta(), p.span(), "PyPI is published to with a stored token")
                        .help("configure a trusted publisher on PyPI, drop `password:` and grant `id-token: write`"),
                );
            }
            continue;
        }
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        for (cmd, tokens) in COMMANDS {
            if !script.contains(cmd) {
                continue;
            }
            let stored = tokens
                .iter()
                .any(|t| script.contains(t) || env_has(Some(step), t.trim()) || env_has(job, t.trim()));
            if stored {
                out.push(
                    Diagnostic::new(meta(), cx.span_in(run, cmd, 0), format!("`{cmd}` uses a stored token"))
                        .help("configure trusted publishing (OIDC) on the registry and grant `id-token: write`"),
                );
            }
        }
    }
}
