use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "GHA003", name: "missing-permissions", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:excessive-permissions", "checkov:CKV2_GHA_1"], options: [],
    summary: "The workflow does not limit its GITHUB_TOKEN permissions",
    what: "Flags a workflow with no top-level `permissions:` when some job has none either, so the token gets the repository's default (often read-write on everything). A job that calls a reusable workflow (`uses:`) counts: the caller's permissions are the most the called workflow's token can get. In a workflow whose only event is `workflow_call`, jobs that run steps are left to the caller, which caps them. A job of `run:` steps alone that never names the token (`github.token`, `secrets.GITHUB_TOKEN`) hands it to nothing and is left alone.",
    why: "Least privilege: a compromised step (a hijacked action, an injection) can do only what the token allows.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: make test",
    instead: "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: make test",
    fix_safety: "Unsafe: adds `permissions: contents: read` at the top; a job that needs more (pushing, commenting, deploying) must then say so.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
    spans: ["on"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() || cx.root.get("permissions").is_some() {
        return;
    }
    let jobs = model::jobs(cx.root);
    // A called workflow's token is capped by its caller's permissions: the caller is the place to
    // set them, and a workflow only ever called is left alone, its own calls of further workflows
    // too (pytorch's `validate-domain-library.yml`, judged not worth it, the sixty-fourth sample).
    if model::is_reusable_only(cx.root) {
        return;
    }
    let bare: Vec<_> = jobs
        .iter()
        // A job switched off with `if: false` gets no token (solr-operator's e2e workflow, judged
        // not worth a finding, the twenty-fourth sample).
        .filter(|(_, j)| j.get("permissions").is_none() && !model::switched_off(*j))
        .filter(|(_, j)| !calls_limited_workflow(cx, *j))
        .filter(|(_, j)| hands_out_token(cx, *j))
        .collect();
    if bare.is_empty() {
        return;
    }
    let Some((on_key, _)) = cx.root.get_entry("on") else { return };
    let fix = patch::insert_entry(cx.src, cx.root, "permissions", "\ncontents: read", Some("jobs"))
        .map(|e| Fix::unsafe_("add `permissions: contents: read` at the top", vec![e]));
    let names: Vec<&str> = bare.iter().filter_map(|(k, _)| k.as_str()).collect();
    out.push(
        Diagnostic::new(
            meta(),
            on_key.span(),
            format!("no `permissions:` for the workflow or job(s) {}", names.join(", ")),
        )
        .help("add `permissions: contents: read` at the top and grant more per job where needed")
        .maybe_fix(fix),
    );
}

/// Whether anything in the job can get its token: an action or a called workflow (`uses:`, which
/// get `github.token` by default), or a script given it (`${{ github.token }}`,
/// `secrets.GITHUB_TOKEN`). A job of `run:` steps alone that never names it leaves it unused (mfem's
/// `curl` to another repository with a token of its own, judged not worth a finding, the
/// sixty-third sample).
fn hands_out_token(cx: &Ctx, job: shipshape_yaml::NodeRef<'_>) -> bool {
    let text = job.span().text(cx.src).to_ascii_lowercase();
    job.get("uses").is_some()
        || model::steps(job).iter().any(|s| s.get("uses").is_some())
        || text.contains("github.token")
        || text.contains("github_token")
}

/// Whether a job calls a workflow of this repository (`uses: ./.github/workflows/x.yml`) that limits
/// its own token: top-level `permissions:`, or `permissions:` on every job. The called workflow's
/// token is then already least privilege (evcc's and dockur's callers, judged wrong, the
/// thirty-fourth sample).
fn calls_limited_workflow(cx: &Ctx, job: shipshape_yaml::NodeRef<'_>) -> bool {
    let Some(called) = job.get("uses").and_then(|u| u.as_str()).and_then(crate::model::local_path) else {
        return false;
    };
    let Some(root) = cx.file.path.as_deref().and_then(model::checkout_root) else {
        return false;
    };
    let Some(text) = cx.core.tree().read(&root.join(called)) else {
        return false;
    };
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let Some(doc) = yaml.docs.first().and_then(|d| d.root()) else {
        return false;
    };
    if doc.get("permissions").is_some() {
        return true;
    }
    let jobs = model::jobs(doc);
    !jobs.is_empty() && jobs.iter().all(|(_, j)| j.get("permissions").is_some())
}
