use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA065", name: "invalid-env-name", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:env-var"], options: [],
    summary: "An `env:` name is invalid or reserved",
    what: "Flags `env:` names (workflow, job, step) containing `=`, spaces or other characters a shell variable cannot have, and the runner's default variables (`GITHUB_SHA`, `GITHUB_REF`, `RUNNER_OS`…), which cannot be overridden (a warning). A name that can never be set (empty, or with `=`) is an error; other invalid names are warnings.",
    why: "GitHub rejects invalid names; an assignment to a default variable is silently ignored, so the step sees the runner's value, not yours.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_REF: refs/heads/main\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      TARGET_REF: refs/heads/main\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/variables#naming-conventions-for-configuration-variables",
    spans: ["GITHUB_REF"],
}

/// The runner's default variables: assignments to them are ignored.
const DEFAULTS: &[&str] = &[
    "GITHUB_ACTION",
    "GITHUB_ACTION_PATH",
    "GITHUB_ACTION_REPOSITORY",
    "GITHUB_ACTIONS",
    "GITHUB_ACTOR",
    "GITHUB_ACTOR_ID",
    "GITHUB_API_URL",
    "GITHUB_BASE_REF",
    "GITHUB_ENV",
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_HEAD_REF",
    "GITHUB_JOB",
    "GITHUB_OUTPUT",
    "GITHUB_PATH",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_REF_PROTECTED",
    "GITHUB_REF_TYPE",
    "GITHUB_REPOSITORY",
    "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER",
    "GITHUB_REPOSITORY_OWNER_ID",
    "GITHUB_RETENTION_DAYS",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_SERVER_URL",
    "GITHUB_SHA",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_WORKFLOW",
    "GITHUB_WORKFLOW_REF",
    "GITHUB_WORKFLOW_SHA",
    "GITHUB_WORKSPACE",
    "RUNNER_ARCH",
    "RUNNER_DEBUG",
    "RUNNER_ENVIRONMENT",
    "RUNNER_NAME",
    "RUNNER_OS",
    "RUNNER_TEMP",
    "RUNNER_TOOL_CACHE",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Environment names are case-insensitive only on Windows runners: `github_ref` on Linux is not
    // `GITHUB_REF` (zabbix-docker's `init_build` on ubuntu-latest, judged wrong, the thirty-seventh
    // sample). Each `env:` with whether the job it applies to runs on Windows.
    let on_windows = |job: shipshape_yaml::NodeRef| {
        job.get("runs-on")
            .map(|r| r.scalar_or_items())
            .unwrap_or_default()
            .iter()
            .any(|l| l.as_text().is_some_and(|t| t.to_ascii_lowercase().contains("windows")))
    };
    let jobs = model::jobs(cx.root);
    let all_windows = !jobs.is_empty() && jobs.iter().all(|(_, j)| on_windows(*j));
    let mut envs: Vec<(shipshape_yaml::NodeRef, bool)> = cx.root.get("env").into_iter().map(|e| (e, all_windows)).collect();
    for (_, job) in &jobs {
        let win = on_windows(*job);
        envs.extend(job.get("env").map(|e| (e, win)));
        envs.extend(model::steps(*job).into_iter().filter_map(|s| s.get("env")).map(|e| (e, win)));
    }
    if !cx.is_workflow() {
        envs.extend(cx.steps().into_iter().filter_map(|(_, s)| s.get("env")).map(|e| (e, false)));
    }
    for (env, windows) in envs {
        for (k, v) in env.entries() {
            let Some(name) = k.as_str() else { continue };
            if name.contains("${{") {
                continue;
            }
            if name.is_empty()
                || name.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                // Only an empty name or one with `=` can never be set; others (`Logging:LogLevel` on
                // Windows) are set but a shell cannot read them (the error audit, 2026-12-05).
                let impossible = name.is_empty() || name.contains('=');
                let d = Diagnostic::new(meta(), k.span(), format!("`{name}` is not a valid environment variable name"))
                    .help("use letters, digits and `_`, not starting with a digit");
                out.push(if impossible {
                    d
                } else {
                    d.severity(shipshape_core::Severity::Warning)
                });
            } else if (DEFAULTS.contains(&name) || (windows && DEFAULTS.contains(&name.to_ascii_uppercase().as_str())))
                // The runner's own value (`GITHUB_SHA: ${{ github.sha }}`) changes nothing, and an
                // assignment read back as `${{ env.NAME }}` is in the `env` context (formbricks).
                && !v.as_text().is_some_and(|t| {
                    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                    let field = name.to_ascii_lowercase();
                    t == format!("${{{{github.{}}}}}", field.trim_start_matches("github_"))
                })
                && !cx.src.contains(&format!("env.{name}"))
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("`{name}` is a default runner variable: this assignment is ignored"),
                    )
                    .severity(shipshape_core::Severity::Warning)
                    .help("choose another name"),
                );
            }
        }
    }
}
