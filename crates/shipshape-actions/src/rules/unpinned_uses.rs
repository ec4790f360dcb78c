use crate::model::{Uses, major_of, scalar_span, uses_of};
use crate::rules::outdated_action::comment_version;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix, Span, data};

rule! {
    code: "GHA005", name: "unpinned-uses", severity: Warning, category: Security, default: true, fix: Safe,
    peers: ["zizmor:unpinned-uses"], options: [("tag-allowed-owners", StringList, "[\"actions\", \"github\"]", "Owners whose actions may be pinned by tag; `[\"*\"]` allows tags everywhere.")],
    summary: "Third-party actions should be pinned to a full commit SHA",
    what: "Flags `uses:` with no ref at all (error), and third-party actions or reusable workflows pinned to a tag or branch instead of a 40-character commit SHA. Owners whose tags you trust are set by the option `tag-allowed-owners` (default `[\"actions\", \"github\"]`; `[\"*\"]` allows tags everywhere); a branch (`@main`, `@master`, any ref that is neither a version nor a tag in shipshape's table) is flagged whoever the owner is, except the repository's own owner (from its `origin` remote), whose actions and shared workflows are the same people's code. `slsa-framework/slsa-github-generator` at a `vX.Y.Z` tag is left alone: its workflows refuse to run from a SHA.",
    why: "A tag can be moved to malicious code at any time (tj-actions/changed-files, March 2025); a commit SHA cannot.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3.7.0",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@c94ce9fb468520275223c153574b00df6fe4bcc9 # v3.7.0",
    fix_safety: "For actions in shipshape's dated table of release tags (no network is used), pins `@tag` to the tag's commit and writes the release in a `# vX.Y.Z` comment after the scalar (an existing comment is kept after it; a version comment is replaced); the ref, quotes and indentation are otherwise untouched. Safe for an exact release tag in the table (`@v3.7.0`): that is the commit the release was published at, as pinact and ratchet pin it (a tag re-pointed after the table's snapshot would not be followed; check the diff). Unsafe for a moving tag (`@v3`, `@v3.7`): it is pinned to the release it pointed at in the table (or, when the table does not say, to the newest release of that line), which may differ from what it points at when the workflow runs. No fix for branches, refs the table does not know, or a `uses:` inside a flow collection (a comment would swallow the rest of the line).",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions\n- https://docs.zizmor.sh/audits/#unpinned-uses",
    spans: ["docker/login-action@v3.7.0"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut allowed = cx.list_option(meta(), "tag-allowed-owners");
    if allowed.is_empty() {
        allowed = vec!["actions".into(), "github".into()];
    }
    for n in cx.uses_holders() {
        let Some((uses, node)) = uses_of(n) else { continue };
        let Uses::Repo { owner, git_ref, .. } = uses else { continue };
        if git_ref.is_some() && cx.is_own_owner(owner) {
            continue;
        }
        // SLSA's generator workflows verify that they are called by a `vX.Y.Z` tag and fail on a
        // commit SHA (slsa-github-generator#722): the tag is the only working pin.
        if uses.repo_key().as_deref() == Some("slsa-framework/slsa-github-generator")
            && git_ref.is_some_and(|r| r.starts_with('v') && r.matches('.').count() == 2)
        {
            continue;
        }
        let name = uses.name();
        match git_ref {
            None => out.push(
                Diagnostic::new(meta(), node.span(), format!("`{name}` has no `@ref`, which GitHub rejects"))
                    .severity(shipshape_core::Severity::Error)
                    .help("pin a commit SHA (with the version in a comment)"),
            ),
            Some(_) if uses.is_sha_pinned() => {}
            Some(r) if !is_release_tag(&uses, r) => out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    // Only a branch's usual names say it is one: `@cargo-llvm-cov` is a tag that
                    // taiki-e/install-action moves on every release (judged wrong as "a branch",
                    // the twenty-eighth sample).
                    if [
                        "main", "master", "develop", "dev", "trunk", "stable", "beta", "nightly", "next", "canary",
                    ]
                    .contains(&r)
                        || r.starts_with("releases/")
                    {
                        format!("`{name}` is pinned to `{r}`, which is not a release tag: a branch moves with every push")
                    } else {
                        format!("`{name}` is pinned to `{r}`, which names no version: a branch, or a tag its owner moves")
                    },
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
                            format!("`{name}` is pinned to `{r}`, which its owner can move"),
                        )
                        .help("pin the full commit SHA and keep the version in a comment: `@<sha> # v1.2.3`")
                        .maybe_fix(pin(cx.src, &uses, scalar_span(cx.src, node))),
                    );
                }
            }
        }
    }
}

/// Whether a ref names a release: a version (`v4`, `v4.2.2`, `2.37.2`) or a tag the dated table
/// knows for this repository, or a monorepo's `<action>/v1`. Anything else (`main`, `master`,
/// `releases/v4`) is taken as a branch.
fn is_release_tag(uses: &Uses, r: &str) -> bool {
    let version = |t: &str| t.strip_prefix('v').unwrap_or(t).starts_with(|c: char| c.is_ascii_digit());
    // A monorepo's per-action tag (`run-ginkgo/v1`: the thirty-eighth sample); `releases/v4` is
    // the actions' branch convention.
    version(r)
        || (!r.starts_with("releases/") && r.rsplit_once('/').is_some_and(|(_, v)| version(v)))
        || uses.repo_key().is_some_and(|k| data::action_tags(&k).iter().any(|(t, _)| *t == r))
}

/// What to pin `@r` of `key` to: (commit, the exact release named in the comment, whether `r` is
/// itself that exact release).
fn resolve(key: &str, r: &str) -> Option<(&'static str, &'static str, bool)> {
    let tags = data::action_tags(key);
    // A tag that other tags extend (`v3` of `v3.7.0`, `v3.7` of `v3.7.0`) moves with releases.
    let moving = |t: &str| {
        tags.iter()
            .any(|(o, _)| o.len() > t.len() && o.starts_with(t) && o[t.len()..].starts_with('.'))
    };
    let in_line = |t: &str| t.len() > r.len() && t.starts_with(r) && t[r.len()..].starts_with('.');
    let release = |t: &str| in_line(t) && !moving(t) && !t.contains('-');
    if let Some((t, commit)) = tags.iter().find(|(t, _)| *t == r) {
        if !moving(r) {
            return Some((commit, t, true));
        }
        // The release the moving tag points at, as the table says.
        if let Some((t, c)) = tags.iter().find(|(t, c)| release(t) && c == commit) {
            return Some((c, t, false));
        }
    }
    // A major or minor line (`v3`, `v3.7`) the table has no tag for, or whose tag points at a commit
    // that is no release: the newest release of that line (the table lists newest first).
    let is_line =
        r.split('.').count() <= 2 && major_of(r).is_some() && r.trim_start_matches('v').split('.').all(|p| p.parse::<u64>().is_ok());
    if !is_line {
        return None;
    }
    tags.iter().find(|(t, _)| release(t)).map(|(t, c)| (*c, *t, false))
}

/// The fix pinning `uses: owner/repo@tag` to the tag's commit with a `# vX.Y.Z` comment.
fn pin(src: &str, uses: &Uses, span: Span) -> Option<Fix> {
    let (Some(key), Uses::Repo { git_ref: Some(r), .. }) = (uses.repo_key(), uses) else {
        return None;
    };
    let (commit, release, exact) = resolve(&key, r)?;
    let text = span.text(src);
    if text.contains('\n') {
        return None;
    }
    // The ref as written, in place (not through an alias), followed only by a closing quote.
    let at = text.rfind('@')?;
    let after = &text[at + 1..];
    if !after.starts_with(r) || !matches!(&after[r.len()..], "" | "'" | "\"") {
        return None;
    }
    let ref_start = span.start + at + 1;
    let mut edits = vec![Edit::replace(Span::new(ref_start, ref_start + r.len()), commit)];
    let line_end = src[span.end..].find('\n').map_or(src.len(), |i| span.end + i);
    let rest = &src[span.end..line_end];
    let trimmed = rest.trim_start();
    if trimmed.trim_end().is_empty() {
        edits.push(Edit::insert(span.end, format!(" # {release}")));
    } else if let Some(comment) = trimmed.strip_prefix('#') {
        let hash = line_end - trimmed.len();
        if let Some(version) = comment_version(src, span.end) {
            // `# v3` or `# tag=v3`: the comment names a version; replace it with the release.
            let word_start = hash + 1 + (comment.len() - comment.trim_start().len());
            let offset = src[word_start..line_end].find(version.as_str())?;
            let start = word_start + offset;
            edits.push(Edit::replace(Span::new(start, start + version.len()), release));
        } else {
            edits.push(Edit::insert(span.end, format!(" # {release}")));
        }
    } else {
        // Inside a flow collection (`{uses: a/b@v1}`): a comment would swallow the rest of the line.
        return None;
    }
    let message = format!("pin `{release}` ({commit})");
    Some(if exact {
        Fix::safe(message, edits)
    } else {
        Fix::unsafe_(message, edits)
    })
}
