use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA068", name: "workflow-write-permissions", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:excessive-permissions"], options: [],
    summary: "Write permissions granted to every job of the workflow",
    what: "Flags write scopes (and `id-token: write`) in top-level `permissions:` of a workflow with more than one job, when some job does not set its own `permissions:`.",
    why: "Top-level permissions apply to every job: the lint and test jobs, which run the most third-party code, get the push or OIDC rights only the release job needs.",
    example: "on: push\npermissions:\n  contents: write\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  release:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: make release",
    instead: "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  release:\n    needs: test\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: make release",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#excessive-permissions\n- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    let Some(perms) = cx.root.get("permissions").filter(|p| p.is_map()) else {
        return;
    };
    let jobs = model::jobs(cx.root);
    if jobs.len() < 2 || jobs.iter().all(|(_, j)| j.get("permissions").is_some()) {
        return;
    }
    for (k, v) in perms.entries() {
        if v.as_str() == Some("write") {
            let scope = k.as_str().unwrap_or("?");
            out.push(
                Diagnostic::new(meta(), v.span(), format!("every job gets `{scope}: write`")).help(format!(
                    "set `{scope}: read` (or drop it) at the top and grant `write` in the job that needs it"
                )),
            );
        }
    }
}
