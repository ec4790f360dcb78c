use crate::model::span_of;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "TF009", name: "unpinned-module", severity: Warning, category: Security, default: true, fix: None,
    peers: ["checkov:CKV_TF_1"], options: [],
    summary: "A module is used at whatever version its source serves today",
    what: "Flags `module` sources from git (`git::`, `github.com/`, `bitbucket.org/`) without `?ref=` or with a `?ref=` that names a branch (no digit in it: `main`, `master`, `develop`), registry modules (`namespace/name/provider`) without `version`, and OpenTofu OCI sources (`oci://`) with neither `?tag=` nor `?digest=` (they get the `latest` tag). Local paths pass. A git module of the repository's own GitHub owner (read from its `origin`) is the same people's code, as their own actions are, and is left alone.",
    why: "An unpinned module changes under you: the next `init` pulls whatever was pushed, so a plan can change, break, or run someone else's new code with your credentials.",
    example: "module \"vpc\" {\n  source = \"git::https://github.com/acme/terraform-modules.git//vpc\"\n}",
    instead: "module \"vpc\" {\n  source = \"git::https://github.com/acme/terraform-modules.git//vpc?ref=8f2c1d7a6b5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a\"\n}",
    fix_safety: "No automatic fix: shipshape does not know which commit you have tested.",
    refs: "- https://developer.hashicorp.com/terraform/language/modules/sources#selecting-a-revision",
    spans: ["\"git::https://github.com/acme/terraform-modules.git//vpc\""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for m in cx.blocks("module") {
        let Some(a) = m.body().get_attribute("source") else { continue };
        let Some(src) = cx.value(m.body(), "source").and_then(|v| v.as_str().map(str::to_owned)) else {
            continue;
        };
        let git =
            src.starts_with("git::") || src.starts_with("github.com/") || src.starts_with("bitbucket.org/") || src.starts_with("git@");
        let local = src.starts_with("./") || src.starts_with("../");
        let registry = !git
            && !local
            && !src.contains("::")
            && src
                .split("//")
                .next()
                .is_some_and(|s| s.split('/').count() == 3 || s.split('/').count() == 4);
        let git_ref = git_ref(&src);
        // A module in another repository of the same GitHub owner is the same people's code, as
        // their own actions are (alphagov's workspacer module, used unpinned on purpose by every
        // workspace of govuk-infrastructure; judged not worth a finding, the twenty-seventh sample).
        if git && own_github_module(cx, &src) {
            continue;
        }
        let oci = src.starts_with("oci://");
        let why = if oci && query_param(&src, "tag").is_none() && query_param(&src, "digest").is_none() {
            "has no `?tag=` or `?digest=`, so it gets the `latest` tag".to_owned()
        } else if oci && query_param(&src, "tag") == Some("latest") && query_param(&src, "digest").is_none() {
            "is pinned to `?tag=latest`, which moves".to_owned()
        } else if git && git_ref.is_none() {
            "has no `?ref=`".to_owned()
        } else if let Some(r) = git_ref.filter(|r| git && is_branch_like(r)) {
            format!("is pinned to `?ref={r}`, which names a branch and moves")
        } else if registry && !m.body().has_attribute("version") {
            "has no `version`".to_owned()
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(meta(), span_of(&a.value), format!("module `{}` {why}", m.labels[0]))
                .help("pin git sources to a commit (`?ref=<sha>`) and registry modules to a `version`"),
        );
    }
}

/// Whether a git module source (`github.com/OWNER/repo`, `git::https://github.com/OWNER/…`,
/// `git@github.com:OWNER/…`) names the owner of the repository being checked (its `origin`).
fn own_github_module(cx: &Ctx, src: &str) -> bool {
    let rest = src
        .trim_start_matches("git::")
        .trim_start_matches("https://")
        .trim_start_matches("ssh://");
    let Some(path) = rest
        .strip_prefix("github.com/")
        .or_else(|| rest.strip_prefix("git@github.com:"))
        .or_else(|| rest.strip_prefix("git@github.com/"))
    else {
        return false;
    };
    let owner = path.split('/').next().unwrap_or("");
    !owner.is_empty()
        && cx
            .core
            .projects
            .origin_of(cx.file.path.as_deref())
            .is_some_and(|o| o.host.contains("github") && o.owner.eq_ignore_ascii_case(owner))
}

/// The value of a git source's `ref` query parameter.
fn git_ref(src: &str) -> Option<&str> {
    query_param(src, "ref")
}

/// The value of a source's query parameter (`?ref=`, `?tag=`, `?digest=`), if not empty.
fn query_param<'a>(src: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = src.split_once('?')?;
    let query = query.split("//").next().unwrap_or(query);
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        .filter(|r| !r.is_empty())
}

/// A ref with no digit in it is a branch name (`main`, `develop`, `feature/x`): tags and commit ids
/// have digits. Interpolated refs (`${var.ref}`) are not judged.
fn is_branch_like(r: &str) -> bool {
    !r.contains("${") && !r.bytes().any(|b| b.is_ascii_digit())
}
