use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA036", name: "forbidden-uses", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:forbidden-uses"], options: [
        ("deny", StringList, "[]", "Patterns (`owner/*`, `owner/repo`, `owner/repo@ref`) whose `uses:` are flagged."),
        ("allow", StringList, "[]", "Patterns of the only `uses:` allowed; everything else is flagged."),
    ],
    summary: "A `uses:` your policy forbids",
    what: "Checks every `uses:` against patterns in the options: `deny = [\"owner/*\", \"owner/repo\", \"owner/repo@ref\"]` flags matches; `allow = […]` flags everything that matches none. Silent unless configured.",
    why: "An organisation's list of vetted actions is only a policy if something checks it on every change.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: tj-actions/changed-files@v45",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: git diff --name-only HEAD^",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#forbidden-uses",
    spans: ["tj-actions/changed-files@v45"],
}

/// `owner/*`, `owner/repo`, `owner/repo/path`, each optionally `@ref`; case-insensitive on the name.
fn matches(pattern: &str, name: &str, git_ref: Option<&str>) -> bool {
    let (pname, pref) = pattern.split_once('@').map_or((pattern, None), |(a, b)| (a, Some(b)));
    if pref.is_some_and(|r| Some(r) != git_ref) {
        return false;
    }
    let (pname, name) = (pname.to_ascii_lowercase(), name.to_ascii_lowercase());
    match pname.strip_suffix("/*") {
        Some(owner) => name.split('/').next() == Some(owner),
        None => name == pname || name.starts_with(&format!("{pname}/")),
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let deny = cx.list_option(meta(), "deny");
    let allow = cx.list_option(meta(), "allow");
    if deny.is_empty() && allow.is_empty() {
        return;
    }
    for n in cx.uses_holders() {
        let Some((model::Uses::Repo { .. }, node)) = model::uses_of(n) else {
            continue;
        };
        let Some(text) = node.as_str() else { continue };
        let (name, git_ref) = text.split_once('@').map_or((text, None), |(a, b)| (a, Some(b)));
        let denied = deny.iter().find(|p| matches(p, name, git_ref));
        let unlisted = !allow.is_empty() && !allow.iter().any(|p| matches(p, name, git_ref));
        if let Some(p) = denied {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{name}` is forbidden by the policy `{p}`"))
                    .help("use an allowed action or a `run:` step"),
            );
        } else if unlisted {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{name}` is not on the allow list"))
                    .help("use an allowed action, or add it to `allow`"),
            );
        }
    }
}
