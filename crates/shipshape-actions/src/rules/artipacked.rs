use crate::{Ctx, model, rule};
use shipshape_core::{Confidence, Diagnostic, Edit, Fix};
use shipshape_yaml::NodeRef;
use shipshape_yaml::patch;

rule! {
    code: "GHA014", name: "artipacked", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: ["zizmor:artipacked"], options: [],
    summary: "`actions/checkout` leaves the token in `.git/config`",
    what: "Flags `actions/checkout` steps before v6 that do not set `persist-credentials: false` (v6 and later keep the token in a file under `$RUNNER_TEMP`, outside the checkout; a SHA is judged by the dated table of release commits), when the persisted credential is worth stealing or leaves the runner: `with: token:` passes a secret (`${{ secrets.PAT }}`, a token an earlier step minted) or `ssh-key:` is set; the job's or workflow's `permissions:` grant a `write` scope (other than `id-token`) or `write-all`, except in a workflow run only by `pull_request` (a fork's token is read-only whatever it asks for, and a same-repository author can already write); or a later step uploads the checkout root or `.git` with `actions/upload-artifact` (`path: .`, `${{ github.workspace }}`, `**`) that keeps hidden files (before v4.4.0, or `include-hidden-files: true`). A write scope counts only when a later step runs code other than GitHub's own actions (a script, a local or third-party action) that is not handed the job's token anyway (`env: GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}`), and when no later step logs in to a registry with the job's token (`docker/login-action`, itself or inside the repository's own composite action given the token, or a script that pipes it to `docker login`), which leaves it in `~/.docker/config.json` for every later step anyway. Confidence is high for a secret or a write scope, medium for an input passed as `token:` or an upload. A checkout whose credential a later step pushes with (`git push`, an auto-commit action) keeps it on purpose and is flagged only for an upload. A read-only token that stays on the runner is not flagged, nor a workflow with no `permissions:` at all: that is GHA003's finding, and its fix (a read-only default) is this one's. Silent when an earlier step of the job already put that credential where every later step reads it (the default token in the global git config, or the `env.` variable the checkout is given exported through `$GITHUB_ENV`).",
    why: "By default checkout writes the job's `GITHUB_TOKEN` into `.git/config`, where every later step (and any artifact that includes the checkout) can read it.",
    example: "on: push\npermissions:\n  contents: write\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make",
    instead: "on: push\npermissions:\n  contents: write\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - run: make",
    fix_safety: "Unsafe: sets the existing `persist-credentials:` to `false`, or adds it (no fix when the value is an expression or comes from an anchor). A later step that runs `git push` with the checkout's credentials stops working; give it a token explicitly.",
    refs: "- https://docs.zizmor.sh/audits/#artipacked\n- https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/",
    spans: ["actions/checkout@v4"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let triggers: Vec<String> = model::triggers(cx.root).into_iter().map(|(t, _)| t).collect();
    // What each step does, read once per job: a job of thousands of checkouts read every later
    // step again for each (the fuzzer's 5,000-step job took 5 s).
    let mut facts: std::collections::HashMap<usize, Vec<StepFacts>> = std::collections::HashMap::new();
    for (job, step) in cx.steps() {
        if !model::step_uses(step, "actions/checkout") {
            continue;
        }
        let persist = model::with(step, "persist-credentials");
        // checkout compares the upper-cased input with `TRUE`: `False` is as false as `false`.
        if persist
            .and_then(|p| p.as_text())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("false"))
        {
            continue;
        }
        let Some((uses, node)) = model::uses_of(step) else { continue };
        // Since v6, checkout keeps the token in a file under `$RUNNER_TEMP`, not in `.git/config`:
        // an uploaded checkout no longer carries it.
        if let model::Uses::Repo { git_ref: Some(r), .. } = uses
            && checkout_major(r).is_some_and(|m| m >= 6)
        {
            continue;
        }
        let facts = facts.entry(job.map_or(usize::MAX, |j| j.span().start)).or_insert_with(|| {
            let steps = match job {
                Some(j) => model::steps(j),
                None => cx.root.get("runs").map(model::steps).unwrap_or_default(),
            };
            steps
                .into_iter()
                .map(|s| StepFacts::of(s, &|owner: &str| cx.is_own_owner(owner), cx.local_action(s).as_deref()))
                .collect()
        });
        if already_on_disk(facts, step) {
            continue;
        }
        // A persisted token matters only when it is worth stealing (it can write, or it is a
        // long-lived secret) or when it leaves the runner in an artifact. A read-only token that
        // stays on the runner exposes nothing the job's own code could not already reach.
        let Some((message, confidence)) = exposure(cx, &triggers, job, step, facts) else {
            continue;
        };
        out.push(
            Diagnostic::new(meta(), node.span(), message)
                .help("set `with: persist-credentials: false`, and pass a token explicitly to the step that pushes, if any")
                .confidence(confidence)
                .maybe_fix(fix(cx, step)),
        );
    }
}

/// Whether an earlier step of the job already put the credential the checkout persists where every
/// later step reads it: the default token in the global git config (`git config --global
/// url."https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/".insteadOf …`), or the
/// variable the checkout's `token:` names exported through `$GITHUB_ENV`. Persisting it again
/// exposes nothing new (cds-snc's deploy workflows: seven findings judged not worth acting on, the
/// forty-ninth sample).
fn already_on_disk(facts: &[StepFacts], step: NodeRef) -> bool {
    let token: Option<String> = model::with(step, "token")
        .and_then(|t| t.as_text())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect());
    facts
        .iter()
        .filter(|s| s.start < step.span().start)
        .filter_map(|s| s.run)
        .any(|run| {
            let default_token = run.contains("secrets.GITHUB_TOKEN") || run.contains("github.token");
            match token.as_deref() {
                None | Some("${{secrets.GITHUB_TOKEN}}" | "${{github.token}}") => {
                    default_token && run.lines().any(|l| l.contains("git config") && l.contains("--global"))
                }
                Some(t) => t
                    .strip_prefix("${{env.")
                    .and_then(|r| r.strip_suffix("}}"))
                    .is_some_and(|name| run.contains("GITHUB_ENV") && run.contains(&format!("{name}="))),
            }
        })
}

/// Why the credential a checkout persists matters, with how sure that is: a secret passed as
/// `token:`/`ssh-key:`, a token with a write scope, a default token that may write, or an upload of
/// the checkout. `None` when none holds.
/// What the checkout's persisted token could meet in one step, read once.
struct StepFacts<'a> {
    start: usize,
    run: Option<&'a str>,
    pushes: bool,
    other_code: bool,
    logs_in: bool,
    uploads: bool,
}

impl<'a> StepFacts<'a> {
    /// `local` is the text of the repository's own action the step runs, if any.
    fn of(s: NodeRef<'a>, own: &dyn Fn(&str) -> bool, local: Option<&str>) -> Self {
        StepFacts {
            start: s.span().start,
            run: s.get("run").and_then(|r| r.as_str()),
            pushes: pushes_with_git(s),
            other_code: runs_other_code(s, own) && !given_job_token(s),
            logs_in: logs_in_with_job_token(s, None) || local.is_some_and(|text| local_action_logs_in(s, text)),
            uploads: uploads_checkout(s),
        }
    }
}

fn exposure(cx: &Ctx, triggers: &[String], job: Option<NodeRef>, step: NodeRef, facts: &[StepFacts]) -> Option<(String, Confidence)> {
    let later: Vec<&StepFacts> = facts.iter().filter(|s| s.start > step.span().start).collect();
    // A later step pushes with the persisted credential (`git push`, an auto-commit action): the
    // credential is kept on purpose, and the judged samples found the finding not worth acting on.
    // An upload of the checkout still leaks it.
    let pushes = later.iter().any(|s| s.pushes);
    if !pushes && let Some((what, certain)) = credential(step) {
        let confidence = if certain { Confidence::High } else { Confidence::Medium };
        return Some((format!("checkout keeps {what} in `.git/config` for every later step"), confidence));
    }
    if let Some(job) = job
        && !pushes
    {
        // A `pull_request` run from a fork gets a read-only token whatever `permissions:` says, and
        // the author of a same-repository pull request can already write. A workflow with no
        // `permissions:` at all is GHA003's finding, and its remedy (a read-only default) is this
        // one's too. A token that only GitHub's own actions see after the checkout (CodeQL's
        // template) is exposed to nothing new.
        let pull_request_only = !triggers.is_empty() && triggers.iter().all(|t| t == "pull_request");
        // A later `docker/login-action` given the same job token keeps it in `~/.docker/config.json`
        // for every later step anyway (docker-jitsi-meet, judged not worth it).
        if let Writes::Scopes(scopes) = token_writes(cx.root, job)
            && !pull_request_only
            // Code that is handed the job's token anyway (`env: GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}`
            // for `gh release upload`: dawarich, judged not worth it) gains nothing from `.git/config`.
            && later.iter().any(|s| s.other_code)
            && !later.iter().any(|s| s.logs_in)
        {
            return Some((
                format!("checkout keeps a token with `{scopes}` in `.git/config` for every later step"),
                Confidence::High,
            ));
        }
    }
    later.iter().any(|s| s.uploads).then(|| {
        (
            "checkout keeps the token in `.git/config`, and a later step uploads the checkout as an artifact".to_owned(),
            Confidence::Medium,
        )
    })
}

/// The credential passed to checkout in place of the job's token: (`what`, whether it is certainly a
/// long-lived or privileged secret). `${{ github.token }}` is the job's token and does not count.
fn credential(step: NodeRef) -> Option<(String, bool)> {
    if model::with(step, "ssh-key")
        .and_then(|k| k.as_text())
        .is_some_and(|k| !k.trim().is_empty())
    {
        return Some(("the SSH key from `ssh-key:`".to_owned(), true));
    }
    let token = model::with(step, "token")?.as_text()?.trim();
    let inner: String = token
        .trim_start_matches("${{")
        .trim_end_matches("}}")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if token.is_empty() || matches!(inner.as_str(), "github.token" | "secrets.github_token") {
        return None;
    }
    // A repository secret or a token minted by an earlier step (a GitHub App's) is a credential of
    // its own; an input or variable may just forward the job's token.
    let certain = inner.contains("secrets.") || inner.contains("steps.");
    Some((format!("the token `{token}`"), certain))
}

enum Writes {
    /// `permissions:` grants these write scopes (or `write-all`).
    Scopes(String),
    /// No `permissions:`, or only read scopes.
    No,
}

/// What the job's `GITHUB_TOKEN` may write by its `permissions:` (the job's, else the workflow's).
/// `id-token: write` only lets the job request an OIDC token: the `GITHUB_TOKEN` itself stays
/// read-only.
fn token_writes(root: NodeRef, job: NodeRef) -> Writes {
    let Some(perms) = job.get("permissions").or_else(|| root.get("permissions")) else {
        return Writes::No;
    };
    if perms.as_str().is_some_and(|p| p.trim() == "write-all") {
        return Writes::Scopes("write-all".to_owned());
    }
    let scopes: Vec<String> = perms
        .entries()
        .into_iter()
        .filter_map(|(k, v)| {
            let k = k.as_str()?;
            (k != "id-token" && v.as_str().is_some_and(|v| v.trim() == "write")).then(|| format!("{k}: write"))
        })
        .collect();
    if scopes.is_empty() {
        Writes::No
    } else {
        Writes::Scopes(scopes.join("`, `"))
    }
}

fn is_job_token(v: NodeRef) -> bool {
    v.as_text().is_some_and(|t| {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        t == "${{secrets.github_token}}" || t == "${{github.token}}"
    })
}

/// Whether a step is `docker/login-action` with the job's own token as its password. Inside a
/// composite action, `caller` is the step that runs it: an input it is given the job's token for
/// (`password: ${{ inputs.github-token }}`) counts too.
fn logs_in_with_job_token(step: NodeRef, caller: Option<NodeRef>) -> bool {
    // `echo "${{ github.token }}" | docker login … --password-stdin ghcr.io` in a script, or in a
    // retry action's `command:` (Mailu's image jobs: judged not worth it twice, the seventy-fifth
    // sample).
    let scripts = step.get("run").into_iter().chain(
        step.get("with")
            .map(|w| w.entries().into_iter().map(|(_, v)| v).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let script_login = scripts.filter_map(|n| n.as_str()).any(|t| {
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        t.contains("docker login") && (compact.contains("${{github.token}}") || compact.contains("${{secrets.github_token}}"))
    });
    script_login
        || model::step_uses(step, "docker/login-action")
            && model::with(step, "password").is_some_and(|p| {
                is_job_token(p)
                    || caller.is_some_and(|c| {
                        let t: String = p.as_text().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
                        t.strip_prefix("${{inputs.")
                            .and_then(|r| r.strip_suffix("}}"))
                            .and_then(|name| model::with(c, name))
                            .is_some_and(is_job_token)
                    })
            })
}

/// Whether the repository's own composite action a step runs logs in to a registry with the job's
/// token the step passes it: the token is then in `~/.docker/config.json` for every later step
/// (blockscout's `./.github/actions/setup-repo` after each checkout: eleven findings judged not
/// worth acting on, the sixty-ninth sample).
fn local_action_logs_in(step: NodeRef, text: &str) -> bool {
    let yaml = shipshape_yaml::Yaml::parse(text);
    yaml.docs
        .first()
        .and_then(|d| d.root())
        .and_then(|r| r.get("runs"))
        .map(model::steps)
        .unwrap_or_default()
        .into_iter()
        .any(|inner| logs_in_with_job_token(inner, Some(step)))
}

/// Whether a step pushes to the repository with git's configured credentials: a `git push` in its
/// script, or an action that commits and pushes that way.
fn pushes_with_git(step: NodeRef) -> bool {
    const PUSHING: &[&str] = &[
        "stefanzweifel/git-auto-commit-action",
        "endbug/add-and-commit",
        "ad-m/github-push-action",
        // Moves a tag (`latest`) with git (leantime's release workflow, judged not worth a
        // finding, the twenty-fourth sample).
        "endbug/latest-tag",
        "rickstaa/action-create-tag",
    ];
    if let Some((uses, _)) = model::uses_of(step) {
        return uses.repo_key().is_some_and(|k| PUSHING.contains(&k.to_ascii_lowercase().as_str()));
    }
    model::run_text(step).is_some_and(|script| {
        script.lines().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words
                .iter()
                .position(|w| *w == "git")
                .is_some_and(|g| words[g + 1..].contains(&"push"))
        })
    })
}

/// Whether a step is handed the job's own token explicitly: in its `env:` or its `with:` inputs
/// (`${{ secrets.GITHUB_TOKEN }}` or `${{ github.token }}`).
fn given_job_token(step: NodeRef) -> bool {
    ["env", "with"]
        .iter()
        .filter_map(|k| step.get(k))
        .any(|m| m.entries().into_iter().any(|(_, v)| is_job_token(v)))
}

/// Whether a step runs code other than GitHub's own actions and the repository owner's: a script, a
/// local or third-party action, a container. The owner's actions are the same people's code
/// (manticoresearch's `manticoresoftware/…` after its checkouts, judged not worth it, the
/// sixty-fifth sample).
fn runs_other_code(step: NodeRef, own: &dyn Fn(&str) -> bool) -> bool {
    match model::uses_of(step) {
        Some((model::Uses::Repo { owner, .. }, _)) => !(matches!(owner.to_ascii_lowercase().as_str(), "actions" | "github") || own(owner)),
        Some(_) => true,
        None => step.get("run").is_some(),
    }
}

/// Whether a step uploads the checkout root or its `.git` as an artifact with `actions/upload-artifact`
/// (`path: .`, `${{ github.workspace }}`, `**`, `.git`), and the upload keeps hidden files: since
/// v4.4.0 it leaves out dot-files and dot-directories (`.git` among them) unless
/// `include-hidden-files: true`.
fn uploads_checkout(step: NodeRef) -> bool {
    let Some((uses, _)) = model::uses_of(step) else { return false };
    if uses.repo_key().as_deref() != Some("actions/upload-artifact") {
        return false;
    }
    let hidden = model::with(step, "include-hidden-files")
        .and_then(|h| h.as_text())
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("true"));
    let model::Uses::Repo { git_ref: Some(r), .. } = uses else {
        return false;
    };
    if !hidden && upload_skips_hidden(r) {
        return false;
    }
    let Some(path) = model::with(step, "path").and_then(|p| p.as_text()) else {
        return false;
    };
    path.lines().any(|line| {
        let p = line.trim().trim_matches(['"', '\'']);
        !p.starts_with('!') && !p.is_empty() && covers_checkout(p)
    })
}

/// Whether an upload path names the workspace root, everything under it, or `.git`.
fn covers_checkout(path: &str) -> bool {
    let mut rest = path;
    for root in [
        "${{ github.workspace }}",
        "${{github.workspace}}",
        "${GITHUB_WORKSPACE}",
        "$GITHUB_WORKSPACE",
    ] {
        if let Some(r) = rest.strip_prefix(root) {
            rest = r;
        }
    }
    let rest = rest.trim_start_matches("./").trim_matches('/');
    matches!(rest, "" | "." | "*" | "**" | "**/*" | "./*") || rest.split('/').any(|c| c == ".git")
}

/// Whether `actions/upload-artifact@<ref>` leaves out hidden files by default (v4.4.0 and later;
/// `@v4` and branches move to such releases). A SHA is read through the dated table of release
/// commits; one it does not know is taken to keep them.
fn upload_skips_hidden(git_ref: &str) -> bool {
    let tag = if git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit()) {
        match shipshape_core::data::action_tags("actions/upload-artifact")
            .iter()
            .filter(|(_, commit)| commit.eq_ignore_ascii_case(git_ref))
            .max_by_key(|(t, _)| t.len())
        {
            Some((t, _)) => *t,
            None => return false,
        }
    } else {
        git_ref
    };
    let mut parts = tag.trim_start_matches('v').split('.').map(|p| p.parse::<u64>().ok());
    match (parts.next().flatten(), parts.next()) {
        (Some(major), _) if major >= 5 => true,
        // `@v4` moves with the latest v4 release, long past 4.4.0.
        (Some(4), None) => true,
        (Some(4), Some(minor)) => minor.is_some_and(|m| m >= 4),
        (Some(_), _) => false,
        // A branch (`@main`) runs the current code.
        (None, _) => true,
    }
}

/// Set `persist-credentials: false`: replace the value when the key is written in the step
/// (a second key would be a duplicate, which GitHub rejects), add it otherwise. No fix for an
/// expression (the workflow chose to make it configurable), a value that comes from an anchor
/// or merge key (the edit would change other steps), or a key with no value to replace.
/// The major version of a checkout ref: from a tag (`v6`, `v6.0.1`), or from the dated table of
/// release commits for a full SHA.
pub(crate) fn checkout_major(git_ref: &str) -> Option<u64> {
    let tag = if git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit()) {
        shipshape_core::data::action_tags("actions/checkout")
            .iter()
            .find(|(_, commit)| commit.eq_ignore_ascii_case(git_ref))?
            .0
    } else {
        git_ref
    };
    model::major_of(tag)?.trim_start_matches('v').parse().ok()
}

fn fix(cx: &Ctx, step: NodeRef) -> Option<Fix> {
    let edit = match step.get("with") {
        Some(w) if !model::written_in(w, step) => None,
        Some(w) => match w.get_entry("persist-credentials") {
            Some((key, value)) => {
                let text = value.as_text()?;
                let span = value.span();
                (model::written_in(key, w) && model::written_in(value, w) && value.is_scalar() && !span.is_empty() && !text.contains("${{"))
                    .then(|| Edit::replace(span, "false"))
            }
            None if w.is_map() => patch::insert_entry(cx.src, w, "persist-credentials", "false", None),
            None => None,
        },
        None => patch::insert_entry(cx.src, step, "with", "\npersist-credentials: false", None),
    }?;
    Some(Fix::unsafe_("set `persist-credentials: false`", vec![edit]))
}
