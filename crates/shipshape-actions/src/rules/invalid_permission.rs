use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA048", name: "invalid-permission", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:permissions"], options: [],
    summary: "`permissions:` names an unknown scope or value",
    what: "Checks workflow and job `permissions:`: scopes must be GitHub's (`contents`, `pull-requests`, `id-token`…), values `read`, `write` or `none` (`id-token` takes `write` or `none`), and a scalar must be `read-all` or `write-all`. An unknown scope is an error when it is a near-miss of a known one, else a warning (GitHub adds scopes).",
    why: "GitHub rejects the workflow; a misspelt scope does not grant what the job needs.",
    example: "on: push\npermissions:\n  pull-request: write\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr edit --add-label ok",
    instead: "on: push\npermissions:\n  pull-requests: write\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr edit --add-label ok",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions",
    spans: ["pull-request"],
}

pub use shipshape_knowledge::ci::GITHUB_TOKEN_SCOPES as SCOPES;

fn check_perms(p: NodeRef, out: &mut Vec<Diagnostic>) {
    if p.is_scalar() {
        if let Some(v) = p.as_str()
            && !matches!(v, "read-all" | "write-all")
            && !v.contains("${{")
        {
            out.push(Diagnostic::new(
                meta(),
                p.span(),
                format!("`{v}` is not `read-all`, `write-all` or a map of scopes"),
            ));
        }
        return;
    }
    for (k, v) in p.entries() {
        let Some(scope) = k.as_str() else { continue };
        if !SCOPES.contains(&scope) {
            let mut d = Diagnostic::new(meta(), k.span(), format!("`{scope}` is not a permission scope"));
            // A near-miss is a typo; another name may be a scope GitHub added after this list.
            d = match suggest::closest(scope, SCOPES.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d
                    .severity(shipshape_core::Severity::Warning)
                    .confidence(shipshape_core::Confidence::Medium)
                    .help("not a scope shipshape knows (its list is of 2026-11)"),
            };
            out.push(d);
            continue;
        }
        let Some(value) = v.as_str() else { continue };
        let ok = if scope == "id-token" {
            matches!(value, "write" | "none")
        } else {
            matches!(value, "read" | "write" | "none")
        };
        if !ok {
            out.push(
                Diagnostic::new(meta(), v.span(), format!("`{value}` is not a valid value for `{scope}`")).help(if scope == "id-token" {
                    "use `write` or `none`"
                } else {
                    "use `read`, `write` or `none`"
                }),
            );
        }
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if let Some(p) = cx.root.get("permissions") {
        check_perms(p, out);
    }
    for (_, job) in model::jobs(cx.root) {
        if let Some(p) = job.get("permissions") {
            check_perms(p, out);
        }
    }
}
