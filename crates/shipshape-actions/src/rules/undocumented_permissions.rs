use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA071", name: "undocumented-permissions", severity: Info, category: Maintainability, default: false, fix: None,
    peers: ["zizmor:undocumented-permissions"], options: [],
    summary: "A write permission with no comment saying why",
    what: "Flags `permissions:` scopes granted `write` with no comment on the same line (off by default).",
    why: "Permissions outlive the step that needed them: a one-line reason lets a reviewer remove the grant when that step goes.",
    example: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: gh release create v1",
    instead: "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write # gh release create\n    steps:\n      - run: gh release create v1",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#undocumented-permissions",
    spans: ["contents"],
}

fn check_perms(cx: &Ctx, p: NodeRef, out: &mut Vec<Diagnostic>) {
    for (k, v) in p.entries() {
        if v.as_str() != Some("write") {
            continue;
        }
        let end = v.span().end;
        let line_end = cx.src[end..].find('\n').map_or(cx.src.len(), |i| end + i);
        if !cx.src[end..line_end].trim_start().starts_with('#') {
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!("`{}: write` has no comment saying why", k.as_str().unwrap_or("?")),
                )
                .help("add `# <what needs it>` at the end of the line"),
            );
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut perms: Vec<_> = cx.root.get("permissions").into_iter().collect();
    perms.extend(model::jobs(cx.root).into_iter().filter_map(|(_, j)| j.get("permissions")));
    for p in perms.into_iter().filter(|p| p.is_map()) {
        check_perms(cx, p, out);
    }
}
