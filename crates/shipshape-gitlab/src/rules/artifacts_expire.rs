use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "GL011", name: "artifacts-expire", severity: Info, category: Performance, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "Artifacts are kept with no `expire_in`",
    what: "Flags `artifacts:` with `paths:` or `untracked:` but no `expire_in:` (in the job or in `default: artifacts:`).",
    why: "Without `expire_in`, artifacts fall back to the instance default (30 days on GitLab.com, possibly forever on self-managed): storage grows with every pipeline.",
    example: "build:\n  script: make\n  artifacts:\n    paths:\n      - dist/",
    instead: "build:\n  script: make\n  artifacts:\n    paths:\n      - dist/\n    expire_in: 1 week",
    fix_safety: "Unsafe: adds `expire_in: 1 week`; artifacts someone relies on for longer (release binaries) must say so.",
    refs: "- https://docs.gitlab.com/ci/yaml/#artifactsexpire_in",
    spans: ["artifacts"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let default_expiry = cx
        .root
        .get("default")
        .and_then(|d| d.get("artifacts"))
        .and_then(|a| a.get("expire_in"))
        .is_some();
    if default_expiry {
        return;
    }
    for (name, _, job) in cx.jobs() {
        let Some((k, a)) = job.get_entry("artifacts") else { continue };
        if model::is_hidden(name) && a.get("paths").is_none() {
            continue;
        }
        if a.get("expire_in").is_some() || (a.get("paths").is_none() && a.get("untracked").is_none()) {
            continue;
        }
        let fix = patch::insert_entry(cx.src, a, "expire_in", "1 week", None).map(|e| Fix::unsafe_("add `expire_in: 1 week`", vec![e]));
        out.push(
            Diagnostic::new(meta(), k.span(), format!("job `{name}` keeps artifacts with no `expire_in`"))
                .help("add `expire_in:` (e.g. `1 week`)")
                .maybe_fix(fix),
        );
    }
}
