use crate::model::{Uses, major_of, scalar_span, uses_of};
use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic, Edit, Fix, Severity, Span, data};

rule! {
    code: "GHA006", name: "outdated-action", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: ["actionlint:action"], options: [],
    summary: "An action's major version is deprecated or runs on a retired Node.js",
    what: "Checks each `uses: owner/repo@vN` against a dated table of popular actions (shipped in shipshape): an error when GitHub no longer runs that major on github.com (`actions/upload-artifact@v3`, `actions/cache@v2`); a warning when the action's own repository calls the major deprecated, or its runtime is node12/node16 (retired: GitHub forces it onto a newer Node.js, where it may break) or node20 (retiring). A major whose action.yml files differ (`composite|node20`: a composite wrapper beside the node action) is judged by its Node.js runtime, as a warning with medium confidence (the table does not say which file a sub-path uses). Only when the table knows a newer major on a newer runtime: an action whose newest major is still on the same or an older runtime has nothing to move to. A SHA pin is judged by the `# vN` comment next to it, unless the dated table of release commits contradicts the comment (as GHA024 reports): then by the release the table knows the commit as; a commit the table does not know (a release newer than the table, with its comment left stale by a bump) is not judged.",
    why: "Deprecated majors fail or are forced onto another runtime, and stop getting fixes.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v3\n        with:\n          path: dist",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v7\n        with:\n          path: dist",
    fix_safety: "Unsafe: moves `@vN` to the newest major in the table (a SHA pin to that release's commit, with its `# tag` comment). A new major can change inputs and behaviour; read its release notes.",
    refs: "- https://github.blog/changelog/2024-04-16-deprecation-notice-v3-of-the-artifact-actions/\n- https://github.blog/changelog/2023-09-22-github-actions-transitioning-from-node-16-to-node-20/",
    spans: ["actions/upload-artifact@v3"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for n in cx.uses_holders() {
        let Some((uses, node)) = uses_of(n) else { continue };
        let (Some(key), Uses::Repo { git_ref: Some(r), .. }) = (uses.repo_key(), &uses) else {
            continue;
        };
        let Some(info) = data::action_info(&key) else { continue };
        // The repository as written (`Azure/login`, not the table's `azure/login`).
        let Uses::Repo { owner, repo, .. } = &uses else { continue };
        let action = format!("{owner}/{repo}");
        let written = if uses.is_sha_pinned() {
            pinned_version(&key, r, comment_version(cx.src, scalar_span(cx.src, node).end))
        } else {
            Some((*r).to_owned())
        };
        let Some(major) = written.as_deref().and_then(major_of) else {
            continue;
        };
        // Already on the table's newest major (or a newer one): there is nothing to move to, even
        // when that major is itself on a retired runtime.
        if !older_than(&major, info.latest_major) {
            continue;
        }
        let fix = bump(cx.src, &uses, scalar_span(cx.src, node), &key, &info);
        // The table knows each major's newest runtime: an older release of it may be on an older
        // one still (`slack-github-action@v1.24.0` is on node16, v1.25.0 on node20), so the
        // message names the release as written and what is known of it (`v1.0.7`, node16, was
        // called `@v1` on node20: the thirty-eighth sample).
        let (shown, at_best) = match written.as_deref() {
            Some(w) if w != major => (w.to_owned(), format!(" at best (the newest {major} release's)")),
            _ => (major.clone(), String::new()),
        };
        // A major's tag as written (`@v2`) runs the commit that tag points at: the action table
        // read its `runs.using` there (`dorny/paths-filter@v2` is v2.11.1, node16, though v2.12.0
        // is node20: the seventieth sample).
        let at_tag = (!uses.is_sha_pinned() && written.as_deref() == Some(major.as_str()))
            .then(|| data::action_metadata(uses.name().trim_end_matches('/'), &major))
            .flatten()
            .map(|m| m.using)
            .filter(|u| u.starts_with("node"));
        let (node_runtime, mixed) = match at_tag {
            Some(u) => (Some(u), false),
            None => node_runtime(info.runtime(&major)),
        };
        let retired = matches!(node_runtime, Some("node12" | "node16"));
        // An error is a certainty: GitHub fails the major on github.com (the artifact actions
        // before v4, cache before v3). A deprecated major, or one on a retired Node.js that GitHub
        // forces onto a newer one, still runs: a warning (judged so on real repositories).
        if info.is_deprecated(&major) || (retired && !mixed) {
            let fails = fails_on_github(&key, &major);
            let why = if fails {
                "no longer runs on github.com".to_owned()
            } else if info.is_deprecated(&major) {
                "is deprecated by its maintainers".to_owned()
            } else {
                format!("runs on {}{at_best}, which GitHub has retired", node_runtime.unwrap_or("?"))
            };
            // The ref as written (`@0.9.0`, not `@0`: the fifty-ninth sample).
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{action}@{shown}` {why}"))
                    .severity(if fails { Severity::Error } else { Severity::Warning })
                    .help(format!(
                        "move to {} (newest in shipshape's table of {}: {})",
                        info.latest_major, info.snapshot, info.latest_tag
                    ))
                    .maybe_fix(fix),
            );
        } else if let Some(runtime @ ("node12" | "node16" | "node20")) = node_runtime
            // `FORCE_JAVASCRIPT_ACTIONS_TO_NODE24: true` runs node20 actions on Node 24 already
            // (conduit's workflows, 11 judged wrong, the thirtieth sample).
            && !(runtime == "node20" && forced_to_node24(cx, n))
            // The newest major the table knows must run on a newer Node.js, or moving to it fixes
            // nothing (`pnpm/action-setup@v4.0.0` is on node20 too: judged wrong, precision
            // sample 42).
            && self::node_runtime(info.runtime(info.latest_major)).0.is_none_or(|latest| node_number(latest) > node_number(runtime))
        {
            let state = if runtime == "node20" { "is retiring" } else { "has retired" };
            let message = if mixed {
                format!("`{action}@{shown}`'s actions run on {runtime}{at_best}, which GitHub {state}")
            } else {
                format!("`{action}@{shown}` runs on {runtime}{at_best}, which GitHub {state}")
            };
            let d = Diagnostic::new(meta(), node.span(), message)
                .help(format!(
                    "move to {} ({} as of {})",
                    info.latest_major, info.latest_tag, info.snapshot
                ))
                .maybe_fix(fix);
            out.push(if mixed { d.confidence(Confidence::Medium) } else { d });
        }
    }
}

/// Majors that GitHub refuses to run on github.com: the artifact actions before v4 (since
/// 2025-01-30) and `actions/cache` before v3 (since 2025-03-01).
fn fails_on_github(key: &str, major: &str) -> bool {
    let n: u32 = major.trim_start_matches('v').parse().unwrap_or(u32::MAX);
    match key {
        "actions/upload-artifact" | "actions/download-artifact" => n < 4,
        "actions/cache" => n < 3,
        _ => false,
    }
}

/// The edit moving a `uses:` to the newest major: `@vN…` → `@vM`; a SHA pin → the newest release's
/// commit and `# tag` comment (when the table knows it).
fn bump(src: &str, uses: &Uses, span: Span, key: &str, info: &data::ActionInfo) -> Option<Fix> {
    let Uses::Repo { git_ref: Some(r), .. } = uses else { return None };
    let text = span.text(src);
    let at = text.rfind('@')?;
    if uses.is_sha_pinned() {
        let (_, commit) = data::action_tags(key).iter().find(|(t, _)| *t == info.latest_tag)?;
        let line_end = src[span.end..].find('\n').map_or(src.len(), |i| span.end + i);
        let end = line_end - src[span.end..line_end].len() + src[span.end..line_end].trim_end().len();
        // The closing quote of a quoted scalar stays.
        let close = text[at + 1..].strip_prefix(*r).filter(|c| matches!(*c, "" | "'" | "\""))?;
        let new = format!("{}@{commit}{close} # {}", &text[..at], info.latest_tag);
        let span = Span::new(span.start, end);
        if span.text(src) == new {
            return None;
        }
        return Some(Fix::unsafe_(
            format!("move to {} ({commit})", info.latest_tag),
            vec![Edit::replace(span, new)],
        ));
    }
    if major_of(r).is_none() || text[at + 1..] != **r || *r == info.latest_major {
        return None;
    }
    let start = span.start + at + 1;
    Some(Fix::unsafe_(
        format!("move to `@{}`", info.latest_major),
        vec![Edit::replace(Span::new(start, span.end), info.latest_major)],
    ))
}

/// Whether `FORCE_JAVASCRIPT_ACTIONS_TO_NODE24` is set true in the `env:` of the workflow, of the
/// job holding `node`, or of `node` itself.
fn forced_to_node24(cx: &Ctx, node: shipshape_yaml::NodeRef) -> bool {
    let forced = |holder: shipshape_yaml::NodeRef| {
        holder
            .get("env")
            .and_then(|e| e.get("FORCE_JAVASCRIPT_ACTIONS_TO_NODE24"))
            .and_then(|v| v.as_text())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    };
    let span = node.span();
    forced(cx.root)
        || forced(node)
        || crate::model::jobs(cx.root)
            .into_iter()
            .any(|(_, j)| j.span().start <= span.start && span.end <= j.span().end && forced(j))
}

/// `node20` → 20.
fn node_number(runtime: &str) -> u32 {
    runtime.trim_start_matches("node").parse().unwrap_or(0)
}

/// The Node.js runtime of a major's `runs.using` (`node20`; `composite|node20` → `node20`), and
/// whether its action.yml files also use another kind (a composite wrapper, a docker action).
fn node_runtime(runtime: Option<&'static str>) -> (Option<&'static str>, bool) {
    let Some(r) = runtime else { return (None, false) };
    let kinds: Vec<&'static str> = r.split('|').collect();
    let node = kinds.iter().copied().filter(|k| k.starts_with("node")).min_by_key(|k| {
        // The oldest Node.js named, by number (`node12` before `node20`).
        k.trim_start_matches("node").parse::<u32>().unwrap_or(u32::MAX)
    });
    (node, kinds.len() > 1)
}

/// Whether major `m` (`v4`, `4`) comes before `latest`; majors that are not numbers compare only equal.
fn older_than(m: &str, latest: &str) -> bool {
    let num = |m: &str| m.trim_start_matches('v').parse::<u64>().ok();
    match (num(m), num(latest)) {
        (Some(a), Some(b)) => a < b,
        _ => m != latest,
    }
}

/// The version a SHA pin runs, as far as the comment and the dated table of release commits agree:
/// the comment (`# v4.1.0`) unless the table contradicts it. A commit the table knows as a release
/// of another major is judged by that release (a stale `# v0.1.15` on a v3 commit is v3); a comment
/// naming a release the table holds at another commit, on a commit the table does not know (a
/// release newer than the snapshot, say), says nothing reliable: `None`. The same contradiction
/// GHA024 (ref-version-mismatch) reports.
fn pinned_version(key: &str, sha: &str, comment: Option<String>) -> Option<String> {
    let comment = comment?;
    let tags = data::action_tags(key);
    let actual: Vec<&str> = data::action_releases_of(key, sha).collect();
    let major = major_of(&comment);
    // The comment's major is among the commit's releases (`# v4` on an older v4.x commit included).
    if actual.iter().any(|t| major_of(t) == major) {
        return Some(comment);
    }
    if let Some(release) = actual.first() {
        // Newest first: the most specific tag of the newest major the commit carries.
        return Some((*release).to_owned());
    }
    // A commit the table does not know is no release it lists: newer than the table (all-in-one's
    // `github-script@3a2844b… # v6`, really v9.0.0, the comment left stale by a bump) or not a
    // release at all. The comment cannot be trusted, so the pin is not judged. Without a table for
    // the action, the comment is all there is.
    tags.is_empty().then_some(comment)
}

/// The version in a `# v4.1.0` comment after a SHA pin on the same line.
pub fn comment_version(src: &str, after: usize) -> Option<String> {
    let line_end = src[after..].find('\n').map_or(src.len(), |i| after + i);
    let rest = src[after..line_end].trim_start();
    let c = rest.strip_prefix('#')?.trim();
    let word = c.split_whitespace().next()?;
    let word = word.strip_prefix("tag=").unwrap_or(word);
    word.starts_with(['v', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        .then(|| word.to_owned())
}
