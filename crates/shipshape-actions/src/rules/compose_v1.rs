use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix, Span};

rule! {
    code: "GHA072", name: "compose-v1", severity: Error, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "`docker-compose` (v1) is retired and not on GitHub's runners",
    what: "Flags `docker-compose` used as a command in `run:` scripts. A job that installs v1 itself (`apt-get install docker-compose`, `pip install docker-compose`, a download) in an earlier step has it.",
    why: "Compose v1 reached end of life in 2023 and GitHub removed the `docker-compose` binary from its runner images in 2024: the step fails with `command not found`. Compose v2 is the `docker compose` plugin.",
    example: "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker-compose up -d",
    instead: "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose up -d",
    fix_safety: "Unsafe: `docker compose` needs the v2 plugin, which GitHub-hosted runners have; a self-hosted runner might only have v1.",
    refs: "- https://docs.docker.com/compose/releases/migrate/\n- https://github.com/actions/runner-images/issues/9692",
    spans: ["docker-compose"],
}

/// Byte offsets of `docker-compose` used as a command (start of a line or after `&&`, `||`, `;`, `|`, `sudo`, `(`, `$(`).
pub fn command_offsets(script: &str) -> Vec<usize> {
    script
        .match_indices("docker-compose")
        .map(|(i, _)| i)
        .filter(|&i| {
            let after = script[i + "docker-compose".len()..].chars().next();
            if after.is_some_and(|c| !c.is_whitespace()) {
                return false; // docker-compose.yml, docker-compose-plugin…
            }
            let before = script[..i].trim_end_matches([' ', '\t']);
            before.is_empty()
                || before.ends_with(['\n', ';', '|', '&', '(', '`'])
                || before.ends_with("sudo")
                || before.ends_with("$(")
                || before.ends_with("exec")
        })
        .collect()
}

/// Whether a script installs docker-compose v1 itself (redis_exporter's `apt-get install
/// docker-compose`, `pip install docker-compose`, a download to a `docker-compose` binary).
fn installs_v1(script: &str) -> bool {
    script.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        (l.contains("install") && l.contains("docker-compose"))
            || ((l.contains("curl") || l.contains("wget")) && l.contains("docker-compose"))
            || (l.contains("uses:") && l.contains("docker-compose"))
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // Jobs (by span start) whose earlier steps install v1: it is there when later steps call it.
    let mut installed: Vec<(usize, usize)> = Vec::new();
    for (job, step) in cx.steps() {
        let job_at = job.map_or(0, |j| j.span().start);
        let installs = step.get("run").and_then(|r| r.as_str()).is_some_and(installs_v1)
            || step
                .get("uses")
                .and_then(|u| u.as_str())
                .map(str::to_ascii_lowercase)
                // `docker-compose` or an installer of Compose (`ndeloof/install-compose-action`,
                // whose `legacy` input links it as `docker-compose`: a NAS stack's workflow, judged
                // wrong as an error, the fifty-seventh sample).
                .is_some_and(|u| u.contains("docker-compose") || u.contains("install-compose") || u.contains("setup-compose"));
        if installs {
            installed.push((job_at, step.span().start));
            continue;
        }
        if installed.iter().any(|(j, at)| *j == job_at && *at < step.span().start) {
            continue;
        }
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        // Missing only on GitHub's hosted images: a self-hosted or third-party runner, or a job
        // container, may well have it (the error audit, 2026-12-05).
        let hosted = job.is_some_and(|j| j.get("container").is_none() && runs_on_hosted(j));
        // `find_in_source` counts every `docker-compose` of the script, file names included
        // (`-f docker-compose.pgsql.yml`: EC-CUBE's, reported there and fixed there, the
        // seventieth sample): the command's rank among them, not among the commands.
        let all: Vec<usize> = script.match_indices("docker-compose").map(|(i, _)| i).collect();
        for at in command_offsets(script) {
            let Some(n) = all.iter().position(|&i| i == at) else { continue };
            // A branch for a file the repository does not have never runs.
            if guard_file(script, at).is_some_and(|f| missing_from_repository(cx, step, &f)) {
                continue;
            }
            let span = run
                .find_in_source(cx.src, "docker-compose", n)
                .filter(|s| s.text(cx.src) == "docker-compose");
            let fix = span.map(|s| {
                Fix::unsafe_(
                    "use `docker compose`",
                    vec![Edit::replace(Span::new(s.start, s.end), "docker compose")],
                )
            });
            out.push(
                Diagnostic::new(
                    meta(),
                    span.unwrap_or(run.span()),
                    "`docker-compose` v1 is retired and missing from GitHub's runners",
                )
                .severity(if hosted && !conditional(script, at) {
                    shipshape_core::Severity::Error
                } else if job.is_some_and(custom_runner) {
                    // A runner of the repository's own (`u22-arm-runner`: supavisor's, which has
                    // `docker-compose`; judged wrong, the thirty-first sample): shipshape cannot know.
                    shipshape_core::Severity::Info
                } else {
                    shipshape_core::Severity::Warning
                })
                .help("use `docker compose` (the v2 plugin)")
                .maybe_fix(fix),
            );
        }
    }
}

/// Whether the command at `at` runs only under a condition: inside an `if … fi` or `case … esac`,
/// or after a test on its line (`[ -f x ] && docker-compose …`). kserve's publish jobs run it only
/// `if [ -f docker-compose.test.yml ]`, a file the repository does not have (ten errors judged
/// wrong, the seventy-fourth sample): not certainly run, so a warning.
fn conditional(script: &str, at: usize) -> bool {
    let at = script.floor_char_boundary(at.min(script.len()));
    let line_start = script[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = script[line_start..at].trim();
    !open_conditions(script, at).is_empty()
        || ((before.ends_with("&&") || before.ends_with("||")) && (before.contains(']') || before.starts_with("test ")))
}

/// The file of the innermost `if [ -f FILE ]` (or `-e`, `test -f`) open at `at`, when it is a
/// plain relative path.
fn guard_file(script: &str, at: usize) -> Option<String> {
    open_conditions(script, at).pop().flatten()
}

/// The `if` and `case` blocks open at the line of `at`, innermost last: for an `if [ -f FILE ]`
/// (or `-e`, `test -f`) not yet in its `else`, the file when it is a plain relative path.
fn open_conditions(script: &str, at: usize) -> Vec<Option<String>> {
    let at = script.floor_char_boundary(at.min(script.len()));
    let line_start = script[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut open: Vec<Option<String>> = Vec::new();
    for line in script[..line_start].lines() {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ';')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            match *w {
                "if" => {
                    let file = match (words.get(i + 1), words.get(i + 2), words.get(i + 3)) {
                        (Some(&"[" | &"[[" | &"test"), Some(&"-f" | &"-e"), Some(f)) => Some(f.trim_matches(['"', '\'']).to_owned()),
                        _ => None,
                    };
                    open.push(file.filter(|f| !f.contains('$') && !f.starts_with('/') && !f.starts_with('~')));
                }
                "case" => open.push(None),
                "fi" | "esac" => {
                    open.pop();
                }
                // An `else` branch runs when the file is missing.
                "else" | "elif" => {
                    if let Some(last) = open.last_mut() {
                        *last = None;
                    }
                }
                _ => {}
            }
        }
    }
    open
}

/// Whether `file` exists neither at the repository's root nor in the step's `working-directory`.
fn missing_from_repository(cx: &Ctx, step: shipshape_yaml::NodeRef, file: &str) -> bool {
    let Some(project) = cx.file.path.as_deref().and_then(|f| cx.core.projects.of(f)) else {
        return false;
    };
    let tree = cx.core.tree();
    let dir = step
        .get("working-directory")
        .and_then(|d| d.as_str())
        .filter(|d| !d.contains("${{"))
        .map(|d| project.root.join(d));
    !tree.exists(&project.root.join(file)) && !dir.is_some_and(|d| tree.exists(&d.join(file)))
}

/// Whether a `runs-on` label names neither a GitHub-hosted image nor a `self-hosted` runner in
/// general: a runner of the repository's own (`u22-arm-runner`), set up as its owners chose.
fn custom_runner(job: shipshape_yaml::NodeRef) -> bool {
    let labels = runs_on(job);
    !labels.contains(&"self-hosted")
        && labels
            .iter()
            // A third-party hosted image (`buildjet-4vcpu-ubuntu-2204`) names its system.
            .any(|l| {
                !["ubuntu-", "windows-", "macos-", "self-hosted", "${{"]
                    .iter()
                    .any(|p| l.starts_with(p))
                    && !["ubuntu", "windows", "macos"].iter().any(|os| l.contains(os))
            })
}

/// Whether every `runs-on` label is one of GitHub's hosted images (`ubuntu-24.04`, `*-latest`).
fn runs_on_hosted(job: shipshape_yaml::NodeRef) -> bool {
    let labels = runs_on(job);
    !labels.is_empty()
        && labels
            .iter()
            .all(|l| ["ubuntu-", "windows-", "macos-"].iter().any(|p| l.starts_with(p)) && !l.contains("${{"))
}

/// A job's `runs-on` labels.
fn runs_on(job: shipshape_yaml::NodeRef<'_>) -> Vec<&str> {
    job.get("runs-on")
        .map(|r| r.scalar_or_items().into_iter().filter_map(|l| l.as_str()).collect())
        .unwrap_or_default()
}
