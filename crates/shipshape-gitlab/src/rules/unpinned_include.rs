use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL004", name: "unpinned-include", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "An included pipeline from elsewhere is not pinned",
    what: "Flags `include: remote:` (any URL can change under you; `integrity:` pins it) and `include: component:` without a version, at `~latest` or at a branch, unless the component belongs to the repository's own group (the owner of its `origin` remote). `include: project:` on the same GitLab instance is not reported, with or without `ref:`: it is how organisations share their own templates (GNOME's `citemplates`, KDE's `ci-utilities`), and 0 of 9 such findings on real repositories were judged worth acting on.",
    why: "Included YAML runs with your pipeline's variables and tokens; whoever can push to the other project or host can change what your jobs do, with no change in your repository.",
    example: "include:\n  - component: gitlab.com/acme/ci-templates/build@~latest\nbuild:\n  extends: .build\n  script: make",
    instead: "include:\n  - component: gitlab.com/acme/ci-templates/build@2.3.1\nbuild:\n  extends: .build\n  script: make",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/includes/\n- https://docs.gitlab.com/ci/components/#component-versions",
    spans: ["gitlab.com/acme/ci-templates/build@~latest"],
}

/// Whether a ref looks like a moving branch rather than a tag or a commit.
fn branch_like(r: &str) -> bool {
    let sha = r.len() >= 8 && r.bytes().all(|b| b.is_ascii_hexdigit());
    let version = r.trim_start_matches('v').chars().next().is_some_and(|c| c.is_ascii_digit());
    !sha && !version
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for e in model::include_entries(cx.root) {
        if let Some(s) = e.as_str() {
            if s.contains("://") {
                out.push(
                    Diagnostic::new(meta(), e.span(), "a remote include can change at any time")
                        .help("vendor the file, or add `integrity: sha256-…`"),
                );
            }
            continue;
        }
        if let Some(r) = e.get("remote")
            && e.get("integrity").is_none()
        {
            out.push(
                Diagnostic::new(meta(), r.span(), "a remote include can change at any time")
                    .help("add `integrity: sha256-…`, or vendor the file"),
            );
        }
        if let Some(c) = e.get("component")
            && let Some(text) = c.as_str()
        {
            // A component of the repository's own group (its `origin` remote): GNOME's projects
            // take `gitlab.gnome.org/GNOME/citemplates/…@master` on purpose.
            let group = text.split('/').nth(1).unwrap_or("");
            let own = cx
                .core
                .projects
                .origin_of(cx.file.path.as_deref())
                .is_some_and(|o| !group.is_empty() && o.owner.eq_ignore_ascii_case(group));
            if own {
                continue;
            }
            let version = text.rsplit_once('@').map(|(_, v)| v);
            match version {
                None => out.push(Diagnostic::new(meta(), c.span(), "this component has no version").help("add `@<version>`")),
                Some(v) if v == "~latest" || (!v.contains('$') && branch_like(v)) => out.push(
                    Diagnostic::new(meta(), c.span(), format!("`@{v}` moves with every release or push"))
                        .help("pin a released version or a commit SHA"),
                ),
                _ => {}
            }
        }
    }
}
