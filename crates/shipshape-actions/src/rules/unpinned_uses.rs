use crate::model::{Uses, uses_of};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, data};

rule! {
    code: "GHA005", name: "unpinned-uses", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:unpinned-uses", "checkov:CKV_GHA_8"], options: ["tag-allowed-owners"],
    summary: "Third-party actions should be pinned to a full commit SHA",
    what: "Flags `uses:` with no ref at all (error), and third-party actions or reusable workflows pinned to a tag or branch instead of a 40-character commit SHA. Owners whose tags you trust are set by the option `tag-allowed-owners` (default `[\"actions\", \"github\"]`; `[\"*\"]` allows tags everywhere); a branch (`@main`, `@master`, any ref that is neither a version nor a tag in shipshape's table) is flagged whoever the owner is.",
    why: "A tag can be moved to malicious code at any time (tj-actions/changed-files, March 2025); a commit SHA cannot.",
    example: "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: reviewdog/action-shellcheck@v1",
    instead: "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: reviewdog/action-shellcheck@5ebd09ddbe2ebb471646ce234c6c8dd18663ca7c # v1.30.0",
    fix_safety: "No automatic fix: shipshape does not fetch the SHA a tag points at (it never uses the network).",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions\n- https://docs.zizmor.sh/audits/#unpinned-uses",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut allowed = cx.list_option(meta(), "tag-allowed-owners");
    if allowed.is_empty() {
        allowed = vec!["actions".into(), "github".into()];
    }
    for n in cx.uses_holders() {
        let Some((uses, node)) = uses_of(n) else { continue };
        let Uses::Repo { owner, git_ref, .. } = uses else { continue };
        match git_ref {
            None => out.push(
                Diagnostic::new(meta(), node.span(), "`uses:` without `@ref` is rejected by GitHub")
                    .severity(shipshape_core::Severity::Error)
                    .help("pin a commit SHA (with the version in a comment)"),
            ),
            Some(_) if uses.is_sha_pinned() => {}
            Some(r) if !is_release_tag(&uses, r) => out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    format!("`{r}` is not a release tag: a branch moves with every push"),
                )
                .help("pin the full commit SHA and keep the version in a comment: `@<sha> # v1.2.3`"),
            ),
            Some(r) => {
                let trusted = allowed.iter().any(|a| a == "*" || a.eq_ignore_ascii_case(owner));
                if !trusted {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            node.span(),
                            format!("`{owner}` is pinned to `{r}`, which its owner can move"),
                        )
                        .help("pin the full commit SHA and keep the version in a comment: `@<sha> # v1.2.3`"),
                    );
                }
            }
        }
    }
}

/// Whether a ref names a release: a version (`v4`, `v4.2.2`, `2.37.2`) or a tag the dated table
/// knows for this repository. Anything else (`main`, `master`, `releases/v4`) is taken as a branch.
fn is_release_tag(uses: &Uses, r: &str) -> bool {
    r.strip_prefix('v').unwrap_or(r).starts_with(|c: char| c.is_ascii_digit())
        || uses.repo_key().is_some_and(|k| data::action_tags(&k).iter().any(|(t, _)| *t == r))
}
