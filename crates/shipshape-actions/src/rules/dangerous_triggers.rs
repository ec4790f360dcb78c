use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA007", name: "dangerous-triggers", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:dangerous-triggers"], options: [],
    summary: "A `pull_request_target` or `workflow_run` workflow checks out the pull request's code",
    what: "Flags a workflow triggered by `pull_request_target` or `workflow_run` that checks out the pull request's code (`ref: ${{ github.event.pull_request.head.sha }}`, `head.ref`, `github.head_ref`, or `workflow_run.head_sha`), as an error, unless the checkout is v7 or later without `allow-unsafe-pr-checkout: true` (it then refuses a fork's code). The trigger alone is not flagged: labelers, title checks and report publishers that never check out the fork's code are its documented use. A `workflow_run` that follows only this repository's workflows no outsider starts (pushes, schedules, dispatches) checks out a pushed commit and is not flagged; a job whose `if:` excludes forks (`head.repo.full_name == github.repository`, a named author, an author association of owner, member or collaborator) is a warning, so is a checkout of the head's branch by name without `repository:` (the base repository's branch of that name, never a fork's), and so is a job whose later steps build, install, test or interpret nothing (no `npm`, `make`, `pip`, `go`, `docker`, interpreter or `./script`, no local action): it runs none of the fork's code for certain.",
    why: "These triggers run in the base repository with a write token and secrets; running a fork's code there (a \"pwn request\") hands both to anyone who opens a pull request.",
    example: "on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make test",
    instead: "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/\n- https://docs.zizmor.sh/audits/#dangerous-triggers",
    spans: ["${{ github.event.pull_request.head.sha }}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    // Only a checkout of the pull request's code makes these triggers dangerous: labelers, title
    // checks and report publishers that never run the fork's code are their documented use.
    let Some((checkout_job, head_checkout, same_name_branch)) = cx.steps().into_iter().find_map(|(job, s)| {
        let r = s.get("with")?.get("ref")?;
        let t = r.as_str()?;
        // Since v7, checkout refuses a fork's pull request code under these triggers unless
        // `allow-unsafe-pr-checkout: true` (vikunja's preview workflow, judged wrong).
        let refuses_forks = match model::uses_of(s) {
            Some((model::Uses::Repo { git_ref: Some(r), .. }, _)) => {
                super::artipacked::checkout_major(r).is_some_and(|m| m >= 7)
                    && !model::with(s, "allow-unsafe-pr-checkout")
                        .and_then(|a| a.as_text())
                        .is_some_and(|a| a.trim().eq_ignore_ascii_case("true"))
            }
            _ => false,
        };
        (model::step_uses(s, "actions/checkout")
            && !refuses_forks
            && [
                "pull_request.head.sha",
                "pull_request.head.ref",
                "github.head_ref",
                "workflow_run.head_sha",
                "workflow_run.head_branch",
                "refs/pull/",
            ]
            .iter()
            .any(|p| t.contains(p)))
        .then_some((job, r, base_branch(s, t)))
    }) else {
        return;
    };
    // A job that runs only for the repository's own branches or a named author (`head.repo.full_name
    // == github.repository`, `head.repo.fork == false`, `pull_request.user.login == 'dependabot[bot]'`)
    // never checks out a fork's code: a warning (the error audit, 2026-12-05).
    let fork_excluded = checkout_job.is_some_and(model::excludes_forks);
    // A job whose later steps build, install, test or interpret nothing and run no local action
    // runs none of the fork's code for certain: a warning (logto's size-diff job, which runs a
    // script it downloads from a pinned gist, and pgcat's README generator; judged wrong as errors,
    // the twenty-seventh sample).
    let runs_checkout = checkout_job.is_none_or(|job| runs_checked_out_code(job, head_checkout));
    for (name, node) in model::triggers(cx.root) {
        if name != "pull_request_target" && name != "workflow_run" {
            continue;
        }
        // Following only this repository's pushes, schedules and dispatches, the head is a pushed
        // commit, not a fork's ("deploy what CI built").
        if name == "workflow_run" && cx.follows_only_trusted_runs() {
            continue;
        }
        let span = if node.is_scalar() && node.as_str() == Some(name.as_str()) {
            node.span()
        } else {
            cx.root.get("on").map_or(node.span(), |o| o.key_span(&name))
        };
        // Run only when a maintainer labels the pull request (`types: [labeled]`, argocd-image-updater's
        // `ok-to-test`): a reviewed gate, still racy (a push after the review), so a warning.
        let label_gated = node.get("types").is_some_and(|t| {
            let types = t.scalar_or_items();
            !types.is_empty() && types.iter().all(|x| x.as_str() == Some("labeled"))
        });
        let d = Diagnostic::new(meta(), head_checkout.span(), format!("a `{name}` workflow checks out the pull request's code, with the base repository's secrets and token"))
            .label(span, "triggered here")
            .help("use `pull_request` to test fork code, or split into an unprivileged `pull_request` job and a privileged `workflow_run` job that never runs the fork's code");
        out.push(if label_gated || fork_excluded || !runs_checkout || same_name_branch {
            d.severity(shipshape_core::Severity::Warning)
        } else {
            d
        });
    }
}

/// Whether a checkout names the head by its branch (`head.ref`, `github.head_ref`,
/// `workflow_run.head_branch`) without `repository:`: it then checks out the branch of that name in
/// the base repository, never a fork's code (a fork's branch is not there; one that is was pushed
/// by someone with write access): ginkgo's ABI check, judged wrong as an error, the fifty-ninth
/// sample.
fn base_branch(step: shipshape_yaml::NodeRef, reference: &str) -> bool {
    model::with(step, "repository").is_none() && !["head.sha", "head_sha", "refs/pull/"].iter().any(|p| reference.contains(p))
}

/// Commands that run code of the directory they work in: builds, package installs (their
/// scripts), test runners and interpreters.
const RUNS_CODE: &[&str] = &[
    "npm",
    "npx",
    "yarn",
    "pnpm",
    "bun",
    "node",
    "deno",
    "make",
    "cmake",
    "ninja",
    "python",
    "python3",
    "pip",
    "pip3",
    "pipx",
    "poetry",
    "uv",
    "pytest",
    "tox",
    "nox",
    "go",
    "cargo",
    "rustc",
    "mvn",
    "gradle",
    "ant",
    "bundle",
    "rake",
    "ruby",
    "gem",
    "rails",
    "composer",
    "php",
    "dotnet",
    "msbuild",
    "docker",
    "docker-compose",
    "podman",
    "buildah",
    "bash",
    "sh",
    "zsh",
    "source",
    ".",
    "perl",
    "java",
    "javac",
    "sbt",
    "mix",
    "elixir",
    "swift",
    "xcodebuild",
    "helm",
    "terraform",
    "tofu",
    "ansible-playbook",
    "pre-commit",
    "just",
    "task",
    "earthly",
    "bazel",
    "nix",
    "nix-build",
];

/// Whether a step after the checkout (whose `ref:` node is `checkout_ref`) in `job` may run the
/// checked-out code: a script with a build, install, test or interpreter command or one named by a
/// path (`./build.sh`) (or a script that does not parse), a local action or workflow, or a
/// `github-script` that loads a file by a relative path.
fn runs_checked_out_code(job: shipshape_yaml::NodeRef, checkout_ref: shipshape_yaml::NodeRef) -> bool {
    model::steps(job)
        .into_iter()
        .filter(|s| s.span().start > checkout_ref.span().end)
        .any(|s| {
            if let Some(run) = s.get("run").and_then(|r| r.as_str()) {
                let mut text = shipshape_knowledge::dockerfile::text::MappedText::default();
                text.push(&shipshape_knowledge::shell::blank_expressions(run), 0);
                return match shipshape_knowledge::shell::analyse(&text) {
                    Some(script) if !script.has_error => script.commands.iter().any(|c| {
                        let name = c.name.as_str();
                        RUNS_CODE.contains(&name) || name.contains('/') || name.ends_with(".sh") || name.ends_with(".py")
                    }),
                    _ => true,
                };
            }
            match model::uses_of(s) {
                Some((model::Uses::Local(_), _)) => true,
                _ if model::step_uses(s, "actions/github-script") => model::with(s, "script")
                    .and_then(|t| t.as_str())
                    .is_some_and(|t| t.contains("require('./") || t.contains("require(\"./") || t.contains("import('./")),
                _ => false,
            }
        })
}
