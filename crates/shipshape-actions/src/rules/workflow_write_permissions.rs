use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA068", name: "workflow-write-permissions", severity: Warning, category: Security, default: true, fix: None,
    peers: ["zizmor:excessive-permissions"], options: [],
    summary: "Write permissions granted to every job of the workflow",
    what: "Flags write scopes (and `id-token: write`) in top-level `permissions:` of a workflow with more than one job, when some job does not set its own `permissions:` and does not visibly use the scope (a job calling a reusable workflow uses what the called workflow's jobs use; one in another repository may use anything).",
    why: "Top-level permissions apply to every job: the lint and test jobs, which run the most third-party code, get the push or OIDC rights only the release job needs.",
    example: "on: push\npermissions:\n  contents: write\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  release:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: make release",
    instead: "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  release:\n    needs: test\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: make release",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.zizmor.sh/audits/#excessive-permissions\n- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
    spans: ["write"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    let Some(perms) = cx.root.get("permissions").filter(|p| p.is_map()) else {
        return;
    };
    let jobs = model::jobs(cx.root);
    if jobs.len() < 2 || jobs.iter().all(|(_, j)| j.get("permissions").is_some()) {
        return;
    }
    for (k, v) in perms.entries() {
        if v.as_str() == Some("write") {
            let scope = k.as_str().unwrap_or("?");
            // A scope whose use no step shows (`statuses`, `actions`, `deployments`…) cannot be
            // said to be unused.
            if !USES_SCOPE.iter().any(|(s, _, _)| *s == scope) {
                continue;
            }
            // A job calling a local reusable workflow that sets its own `permissions:` keeps only
            // what those ask for (formbricks' `pr.yml`, judged wrong), and needs the grant when
            // they ask for this scope: a called workflow can narrow its caller's token, never
            // widen it (dpc-app's deploy calling `ecs-deploy.yml` for AWS OIDC, judged wrong,
            // precision sample 43).
            let inheriting: Vec<_> = jobs
                .iter()
                .filter(|(_, j)| {
                    j.get("permissions").is_none() && (!calls_workflow_with_permissions(cx, *j) || callee_requests(cx, *j, scope))
                })
                .map(|(_, j)| *j)
                .collect();
            if inheriting.is_empty() {
                continue;
            }
            // Every job that inherits the scope uses it (njsscan's and CodeQL's jobs both upload
            // SARIF: judged wrong, 2026-12-05): nothing to move into the jobs.
            if inheriting.iter().all(|j| job_or_callee_uses(cx, *j, scope)) {
                continue;
            }
            // The jobs that set their own `permissions:` do not get it (atuin's release workflow,
            // judged wrong as "every job", the twenty-fourth sample); those that use it are named
            // as the ones to grant it to (fluent-operator's `manifest` job pushes to GHCR: listed
            // among those that "get" it, the sixty-first sample).
            let name = |j: &shipshape_yaml::NodeRef| {
                jobs.iter()
                    .find(|(_, x)| x.span() == j.span())
                    .map(|(n, _)| format!("`{}`", n.as_str().unwrap_or("?")))
                    .unwrap_or_default()
            };
            let (using, idle): (Vec<_>, Vec<_>) = inheriting
                .iter()
                .partition(|j| job_or_callee_uses(cx, **j, scope) || callee_requests(cx, **j, scope));
            let who = if idle.len() == jobs.len() {
                "every job gets".to_owned()
            } else {
                let names: Vec<String> = idle.iter().map(&name).collect();
                let verb = if names.len() == 1 { "gets" } else { "get" };
                format!("{} of {} jobs ({}) {verb}", names.len(), jobs.len(), names.join(", "))
            };
            let level = if scope == "id-token" { "none" } else { "read" };
            let help = if using.is_empty() {
                // `id-token` has no read level: `none` or `write`.
                format!("set `{scope}: {level}` (or drop it) at the top and grant `write` in the job that needs it")
            } else {
                let names: Vec<String> = using.iter().map(name).collect();
                format!(
                    "set `{scope}: {level}` (or drop it) at the top and grant `write` in {}",
                    names.join(", ")
                )
            };
            out.push(Diagnostic::new(meta(), v.span(), format!("{who} `{scope}: write` without using it")).help(help));
        }
    }
}

/// Actions and commands that need a write scope of the job's token.
const USES_SCOPE: &[(&str, &[&str], &[&str])] = &[
    ("security-events", &["github/codeql-action/"], &[]),
    ("pages", &["actions/deploy-pages"], &[]),
    (
        "id-token",
        &[
            "aws-actions/configure-aws-credentials",
            "google-github-actions/auth",
            "azure/login",
            "actions/attest-build-provenance",
            "actions/attest",
            "pypa/gh-action-pypi-publish",
            "sigstore/",
            // Pages deployments prove their origin with an OIDC token (the docs' `deploy-docs`
            // job, judged wrong as "every job gets `id-token: write`", the sixty-third sample).
            "actions/deploy-pages",
            "rust-lang/crates-io-auth-action",
        ],
        // npm publishes with OIDC (trusted publishing, and `--provenance`) when it has no token:
        // apicurio-registry's `npm publish` after `setup-node` (judged wrong as "every job gets
        // `id-token: write`", the sixty-ninth sample). So do `uv publish` and keyless `cosign`.
        &[
            "npm publish",
            "pnpm publish",
            "yarn npm publish",
            "uv publish",
            "cosign sign",
            "cosign attest",
        ],
    ),
    (
        "contents",
        &[
            "softprops/action-gh-release",
            "ncipollo/release-action",
            "stefanzweifel/git-auto-commit-action",
            "peter-evans/create-pull-request",
            "release-drafter/release-drafter",
            "googleapis/release-please-action",
            "google-github-actions/release-please-action",
        ],
        &["git push", "gh release"],
    ),
    (
        "pull-requests",
        &[
            "peter-evans/create-pull-request",
            "marocchino/sticky-pull-request-comment",
            "actions/labeler",
            // Stale and lock bots act on pull requests as on issues (beszel's maintenance jobs,
            // judged wrong as "every job gets", the thirty-fifth sample).
            "actions/stale",
            "dessant/lock-threads",
            "klaasnicolaas/action-inactivity-lock",
            // Its autolabeler labels pull requests (judged wrong, the sixty-third sample).
            "release-drafter/release-drafter",
            "googleapis/release-please-action",
            "google-github-actions/release-please-action",
        ],
        &["gh pr "],
    ),
    (
        "issues",
        &[
            "actions/stale",
            "dessant/lock-threads",
            "klaasnicolaas/action-inactivity-lock",
            // Labels are managed through the issues API (hyku's `label-sync`, judged wrong as
            // "`issues: write` without using it", the seventy-first sample).
            "endbug/label-sync",
            "crazy-max/ghaction-github-labeler",
            "micnncim/action-label-syncer",
            // It creates its `autorelease: pending` labels (Altinn's, judged wrong, the
            // seventy-third sample).
            "googleapis/release-please-action",
            "google-github-actions/release-please-action",
        ],
        &["gh issue "],
    ),
    // Registry clean-up actions delete package versions with the token they are given
    // (teslamate's `dataaxiom/ghcr-cleanup-action`, judged wrong as "gets `packages: write`
    // without using it", the seventy-second sample).
    (
        "packages",
        &[
            "dataaxiom/ghcr-cleanup-action",
            "actions/delete-package-versions",
            "snok/container-retention-policy",
            "bots-house/ghcr-delete-image-action",
            "chipkent/action-cleanup-package",
        ],
        &["ghcr.io"],
    ),
    ("discussions", &[], &[]),
    // Test and lint reports posted as check runs (otwarchive's reviewdog jobs with `reporter:
    // github-pr-check`, judged wrong as "every job gets `checks: write` without using it", the
    // sixty-second sample).
    (
        "checks",
        &[
            "dorny/test-reporter",
            "mikepenz/action-junit-report",
            "enricomi/publish-unit-test-result-action",
            "reviewdog/action-",
        ],
        &["gh api"],
    ),
];

/// Whether a job visibly uses `scope: write`: an action or command known to need it, in its steps
/// or in the steps of a composite action of this repository it runs (register-trainee-teachers'
/// `./.github/actions/deploy` logs in to Azure with OIDC: judged wrong as "every job gets
/// `id-token: write`", the forty-first sample).
fn job_uses(cx: &Ctx, job: shipshape_yaml::NodeRef, scope: &str) -> bool {
    steps_use(cx, Some(job), model::steps(job), scope, 3)
}

/// Whether `gh` in a step runs with another token than the job's: `GH_TOKEN` (which `gh` prefers)
/// or else `GITHUB_TOKEN`, from the step's, the job's or the workflow's `env`, set to something
/// other than `github.token` (an App's token: paradedb's `gh pr create` with
/// `steps.app-token.outputs.token`, judged wrong, the sixty-eighth sample).
fn gh_has_other_token(cx: &Ctx, job: Option<shipshape_yaml::NodeRef>, step: shipshape_yaml::NodeRef) -> bool {
    let envs = [step.get("env"), job.and_then(|j| j.get("env")), cx.root.get("env")];
    ["GH_TOKEN", "GITHUB_TOKEN"]
        .iter()
        .find_map(|name| envs.iter().flatten().find_map(|env| env.get(name)?.as_str()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            !(v.contains("github.token") || v.contains("secrets.github_token"))
        })
}

/// `depth`: how many levels of the repository's composite actions to follow (Altinn's `plan` runs
/// its `write-terraform-summary`, which comments on the pull request: judged wrong as "every job
/// gets `pull-requests: write` without using it", the seventy-third sample).
fn steps_use(cx: &Ctx, job: Option<shipshape_yaml::NodeRef>, steps: Vec<shipshape_yaml::NodeRef>, scope: &str, depth: u8) -> bool {
    let Some((_, actions, commands)) = USES_SCOPE.iter().find(|(s, _, _)| *s == scope) else {
        return false;
    };
    steps.into_iter().any(|step| {
        if depth > 0
            && let Some(text) = cx.local_action(step)
        {
            let yaml = shipshape_yaml::Yaml::parse(&text);
            let inner = yaml
                .docs
                .first()
                .and_then(|d| d.root())
                .and_then(|r| r.get("runs"))
                .and_then(|r| r.get("steps"))
                .map(|s| s.items())
                .unwrap_or_default();
            if steps_use(cx, None, inner, scope, depth - 1) {
                return true;
            }
        }
        let uses = step.get("uses").and_then(|u| u.as_str()).unwrap_or("").to_ascii_lowercase();
        let run = step.get("run").and_then(|r| r.as_str()).unwrap_or("");
        // `docker/login-action` to GHCR pushes with the job's token.
        let registry = model::with(step, "registry").and_then(|r| r.as_str()).unwrap_or("");
        // `registry: ${{ env.REGISTRY }}` with the workflow's `env: REGISTRY: ghcr.io` (tracecat's
        // image builds, judged not worth it as "every job gets", the fifty-fourth sample).
        let registry = env_reference(registry)
            .and_then(|name| {
                [step.get("env"), cx.root.get("env")]
                    .into_iter()
                    .flatten()
                    .find_map(|env| env.get(name).and_then(|v| v.as_str()))
            })
            .unwrap_or(registry);
        (!uses.is_empty() && actions.iter().any(|a| uses.starts_with(a)))
            || commands
                .iter()
                .any(|c| run.contains(c) && !(c.starts_with("gh ") && gh_has_other_token(cx, job, step)))
            || (scope == "packages" && uses.starts_with("docker/login-action") && registry.contains("ghcr.io"))
            // An action asked to sign or attest keylessly (`sigstore-sign-artifacts: true`: Zowe's
            // shared publish action runs `cosign sign-blob`; judged wrong as "every job gets
            // `id-token: write` without using it", the seventy-fourth sample).
            || (scope == "id-token"
                && step.get("with").is_some_and(|w| {
                    w.entries().iter().any(|(k, v)| {
                        let k = k.as_str().unwrap_or_default().to_ascii_lowercase();
                        ["sigstore", "cosign", "oidc", "attest", "provenance"].iter().any(|w| k.contains(w))
                            && !v.as_str().is_some_and(|v| v.eq_ignore_ascii_case("false"))
                    })
                }))
            // Terraform's azurerm backend and provider sign in with the job's OIDC token
            // (`ARM_USE_OIDC: true`, `-backend-config=use_oidc=true`: Altinn's plan and apply).
            || (scope == "id-token"
                && (run.contains("use_oidc=true")
                    || step
                        .get("env")
                        .and_then(|e| e.get("ARM_USE_OIDC"))
                        .and_then(|v| v.as_str())
                        .is_some_and(|v| v.eq_ignore_ascii_case("true"))))
            // A release that opens its announcement discussion (code-server's two release jobs).
            || (scope == "discussions" && model::with(step, "discussion_category_name").is_some())
            // A script given the job's token through Octokit may call any API: it counts as
            // using every scope but OIDC's and code scanning's (schubergphilis' PR comment with
            // `github.rest.issues.createComment`, judged wrong, the sixty-third sample).
            || (uses.starts_with("actions/github-script") && !matches!(scope, "id-token" | "security-events" | "pages"))
            // terraform-docs commits the rendered README back with `git-push: true`.
            || (scope == "contents"
                && uses.starts_with("terraform-docs/gh-actions")
                && model::with(step, "git-push").and_then(|v| v.as_str()) == Some("true"))
            // Any reviewdog-based action posting its results as check runs.
            || (scope == "checks"
                && model::with(step, "reporter")
                    .and_then(|r| r.as_str())
                    .is_some_and(|r| r.starts_with("github-") && r.contains("check")))
    })
}

/// Whether a job uses `scope: write`: its own steps, or, for a job calling a reusable workflow, the
/// called workflow's jobs (which inherit the caller's permissions). A called workflow that cannot be
/// read (another repository's) may need anything: it counts as using the scope.
fn job_or_callee_uses(cx: &Ctx, job: shipshape_yaml::NodeRef, scope: &str) -> bool {
    if job.get("uses").is_none() {
        return job_uses(cx, job, scope);
    }
    let Some(text) = called_workflow(cx, job) else { return true };
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
        return true;
    };
    model::jobs(root).iter().any(|(_, j)| job_uses(cx, *j, scope))
}

/// Whether a job calls a reusable workflow of this repository (`uses: ./.github/workflows/x.yml`, or
/// `owner/repo/.github/workflows/x.yml@ref` naming this repository by its `origin`) whose top level
/// sets `permissions:`, or whose every job does: a called workflow's permissions replace the
/// caller's (docker-mailserver's scheduled builds, judged wrong 2026-12-05).
fn calls_workflow_with_permissions(cx: &Ctx, job: shipshape_yaml::NodeRef) -> bool {
    let Some(text) = called_workflow(cx, job) else {
        return false;
    };
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
        return false;
    };
    let jobs = model::jobs(root);
    root.get("permissions").is_some() || (!jobs.is_empty() && jobs.iter().all(|(_, j)| j.get("permissions").is_some()))
}

/// Whether the local reusable workflow a job calls asks for `scope: write` (at its top or in a job).
fn callee_requests(cx: &Ctx, job: shipshape_yaml::NodeRef, scope: &str) -> bool {
    let Some(text) = called_workflow(cx, job) else { return false };
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let Some(root) = yaml.docs.first().and_then(|d| d.root()) else {
        return false;
    };
    let asks = |p: Option<shipshape_yaml::NodeRef>| {
        p.is_some_and(|p| p.as_str() == Some("write-all") || p.get(scope).and_then(|v| v.as_str()) == Some("write"))
    };
    asks(root.get("permissions")) || model::jobs(root).iter().any(|(_, j)| asks(j.get("permissions")))
}

/// The text of the reusable workflow a job calls, when it is this repository's (`./.github/…`, or
/// `owner/repo/…@ref` naming this repository by its `origin`) and readable.
fn called_workflow(cx: &Ctx, job: shipshape_yaml::NodeRef) -> Option<String> {
    let uses = job.get("uses").and_then(|u| u.as_str())?;
    let (project, path) = cx.own_path(uses)?;
    project.tree().read(&project.root.join(path))
}

/// `NAME` of a value that is only `${{ env.NAME }}`.
fn env_reference(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("${{")?.strip_suffix("}}")?.trim();
    let name = inner.strip_prefix("env.")?;
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_').then_some(name)
}
