use crate::rules::outdated_action::comment_version;
use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, data};

rule! {
    code: "GHA024", name: "ref-version-mismatch", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:ref-version-mismatch"], options: [],
    summary: "A SHA pin's `# vX.Y.Z` comment names a different release",
    what: "For actions in shipshape's dated table of release tags and commits, flags a commit pin whose version comment names a tag that points at another commit. A moving major tag (`# v4`), or a tag the table does not know (it may be newer than the snapshot), is only contradicted by a commit the table knows as a release of another major (`# v4.5.4` on actions/checkout's v6.0.1 commit).",
    why: "Reviewers and Dependabot trust the comment: a pin that says `v4.2.2` but runs another commit (an old release or a fork's) hides what is really run.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0 # v7.0.1",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    fix_safety: "No automatic fix: decide which of the commit and the comment is right.",
    refs: "- https://docs.zizmor.sh/audits/#ref-version-mismatch",
    spans: ["actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for n in cx.uses_holders() {
        let Some((uses, node)) = model::uses_of(n) else { continue };
        let (Some(key), model::Uses::Repo { git_ref: Some(sha), .. }) = (uses.repo_key(), &uses) else {
            continue;
        };
        if !uses.is_sha_pinned() {
            continue;
        }
        let Some(version) = comment_version(cx.src, model::scalar_span(cx.src, node).end) else {
            continue;
        };
        let tags = data::action_tags(&key);
        // `# 4.6.2` names the tag `v4.6.2`: the comment often leaves off the `v`.
        let version = if !version.starts_with('v') && tags.iter().any(|(t, _)| t.strip_prefix('v') == Some(version.as_str())) {
            format!("v{version}")
        } else {
            version
        };
        let actual: Vec<&str> = data::action_releases_of(&key, sha).collect();
        let named = tags.iter().find(|(t, _)| *t == version);
        if named.is_some_and(|(_, commit)| commit.eq_ignore_ascii_case(sha)) {
            continue;
        }
        // `# v4` names a tag that moves with every v4 release: an older v4.x commit is fine. A tag the
        // table does not know (`# v4.5.4`) may be newer than its snapshot. Either is only contradicted
        // by a commit known to belong to another major.
        if !version.contains('.') || named.is_none() {
            let major = model::major_of(&version);
            if major.is_none() || actual.is_empty() || actual.iter().any(|t| model::major_of(t) == major) {
                continue;
            }
        }
        // A commit the table does not know may still be a release newer than its snapshot: say only
        // what is certain, that it is not the commit the comment names.
        let is = if actual.is_empty() {
            format!("not the commit of `{version}`")
        } else {
            format!("`{}`", actual.join("`, `"))
        };
        let help = match named {
            Some((_, commit)) if actual.is_empty() => {
                format!("`{key}@{version}` is `{commit}`; if the pin is a newer release than shipshape's table knows, fix the comment")
            }
            Some((_, commit)) => format!("`{key}@{version}` is `{commit}`"),
            None => format!(
                "shipshape's table of `{key}` has no `{version}`; the commit is `{}`",
                actual.join("`, `")
            ),
        };
        out.push(
            Diagnostic::new(
                meta(),
                node.span(),
                format!("`{}`: the comment says `{version}` but the commit is {is}", uses.name()),
            )
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check};

    /// shiori's `# 4.6.2` on upload-artifact's v4.6.2 commit (judged wrong, 2026-12-05): the comment
    /// left off the `v`; a wrong version without it is still reported.
    #[test]
    fn a_comment_without_the_v_names_the_tag() {
        let run = |comment: &str| {
            let src = format!(
                "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # {comment}\n        with: {{path: dist}}\n"
            );
            let file = File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml");
            check(&crate::ActionsChecker::default(), file, &src, &["GHA024"], FixMode::Off)
                .findings
                .len()
        };
        assert_eq!(run("4.6.2"), 0);
        assert_eq!(run("v4.6.2"), 0);
        assert_eq!(run("3.1.0"), 1);
    }
}
