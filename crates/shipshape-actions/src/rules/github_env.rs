use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA016", name: "github-env", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:github-env"], options: [],
    summary: "A privileged workflow writes computed values to `GITHUB_ENV` or `GITHUB_PATH`",
    what: "In workflows run by `pull_request_target` or `workflow_run` (which hold secrets and a write token while handling outsiders' data), flags `run:` lines that append anything other than a literal to `$GITHUB_ENV` or `$GITHUB_PATH` (an expansion, a command's output, a copied file). A `workflow_run` workflow that follows only this repository's workflows that no outsider can start (schedules, manual runs, pushes) handles no outsider's data and is skipped. An error when the value is read from data an outsider can shape (a file, a program's output, a commit message, the event's text), a warning when it is a shell variable of unknown origin; runner paths (`$HOME/.local/bin`, `$(pwd)/bin`, `${{ github.workspace }}`) are not flagged. An `echo NAME=value` to `$GITHUB_ENV` whose value cannot hold a newline (a command substitution ending in `head -n1`, `tail -1`, `tr -d '\\n'`, `wc -l`, `date` or `git rev-parse`; arithmetic; run ids and SHAs) is not flagged: it sets only `NAME`. A job that cannot run on `pull_request_target` (its `if:` names other events, or every job it needs does) is left out when that is the privileged trigger.",
    why: "A value an attacker shapes (a branch name, an artifact's contents) can set `LD_PRELOAD`, `BASH_ENV`, `NODE_OPTIONS` or prepend to `PATH` for every later step: code execution with the workflow's privileges.",
    example: "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n        with:\n          name: pr\n          run-id: ${{ github.event.workflow_run.id }}\n      - run: echo \"PR=$(cat pr.txt)\" >> \"$GITHUB_ENV\"",
    instead: "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - id: pr\n        run: echo \"number=$(jq -r .number pr.json)\" >> \"$GITHUB_OUTPUT\"",
    fix_safety: "No automatic fix: pass the value as a step output and validate it before use.",
    refs: "- https://docs.zizmor.sh/audits/#github-env\n- https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
    spans: ["echo \"PR=$(cat pr.txt)\" >> \"$GITHUB_ENV\""],
}

const TARGETS: &[&str] = &["GITHUB_ENV", "GITHUB_PATH"];

/// The part of a line written to `$GITHUB_ENV`/`$GITHUB_PATH`, when the line redirects there.
fn written_to_env(line: &str) -> Option<(&'static str, &str)> {
    let target = TARGETS.iter().find(|t| {
        [format!("${t}"), format!("${{{t}}}"), format!("$env:{t}")]
            .iter()
            .any(|v| line.contains(v.as_str()))
    })?;
    let redirect = line
        .find(">>")
        .or_else(|| line.find("Out-File"))
        .or_else(|| line.find("Add-Content"))?;
    Some((target, &line[..redirect]))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let triggers: Vec<String> = model::triggers(cx.root).into_iter().map(|(t, _)| t).collect();
    let privileged = triggers.iter().any(|t| t == "pull_request_target")
        || (triggers.iter().any(|t| t == "workflow_run") && !cx.follows_only_trusted_runs());
    if !privileged {
        return;
    }
    let untrusted_files = has_untrusted_files(cx);
    // Only `pull_request_target` makes it privileged: a job that cannot run on it is not
    // (FOSSBilling's preview upload, whose needs run only on pushes and pull requests: judged
    // wrong twice, the fifty-first sample).
    let target_only = !triggers.iter().any(|t| t == "workflow_run");
    for (job, step) in cx.steps() {
        if target_only && job.is_some_and(|j| !model::job_runs_on(cx.root, j, "pull_request_target")) {
            continue;
        }
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        for (first, line) in logical_lines(script) {
            let Some((target, value)) = written_to_env(&line) else { continue };
            // `echo "X=1" >> $GITHUB_ENV` writes a constant; anything expanded or computed is the risk.
            let computed =
                value.contains('$') || value.contains('`') || value.contains("${{") || value.contains('<') || !prints_literal(value);
            // A `NAME=value` line whose value cannot hold a newline sets only `NAME`: it cannot add
            // `LD_PRELOAD` or `BASH_ENV` (a `PATH` entry is dangerous whole, so `GITHUB_PATH` keeps firing).
            if computed && !runner_only(value) && !(target == "GITHUB_ENV" && single_line_assignment(value)) {
                // An error only when the value is read from data an outsider can shape (a file, an
                // artifact, the event's text); a shell variable of unknown origin is a warning.
                let (severity, help) = if reads_event_text(value) || (reads_files(value) && untrusted_files) {
                    (
                        Severity::Error,
                        "pass it as a step output (`$GITHUB_OUTPUT`) and validate it where it is used",
                    )
                } else {
                    (
                        Severity::Warning,
                        "if an outsider can shape this value, pass it as a step output (`$GITHUB_OUTPUT`) and validate it where it is used",
                    )
                };
                out.push(
                    Diagnostic::new(
                        meta(),
                        cx.span_in(run, first.trim(), 0),
                        format!("a computed value is written to `{target}` in a privileged workflow"),
                    )
                    .severity(severity)
                    .help(help),
                );
            }
        }
    }
}

/// The script's commands line by line, a line ending in `\\` joined with the next (netmaker's
/// `echo "pr=$(gh api … \\` ⏎ `… | jq .pull_requests[0].number)" >> $GITHUB_ENV`, whose second line
/// read alone looked like jq copying a file: judged wrong as an error, the sixty-fourth sample),
/// each with its first physical line (where a finding is placed).
fn logical_lines(script: &str) -> Vec<(&str, std::borrow::Cow<'_, str>)> {
    let mut out = Vec::new();
    let mut lines = script.lines();
    while let Some(first) = lines.next() {
        let mut line = std::borrow::Cow::Borrowed(first);
        while line.ends_with('\\') {
            let Some(next) = lines.next() else { break };
            let joined = line.to_mut();
            joined.pop();
            joined.push(' ');
            joined.push_str(next.trim_start());
        }
        out.push((first, line));
    }
    out
}

/// Whether an `echo`/`printf` prints only literals and values the runner sets (`$HOME/.local/bin`,
/// `${{ github.workspace }}/bin`, `$(pwd)/tools`): nothing an outsider chooses.
fn runner_only(value: &str) -> bool {
    let command = last_command(value).trim();
    let Some(args) = command.strip_prefix("echo ").or_else(|| command.strip_prefix("printf ")) else {
        return false;
    };
    let mut rest = args;
    while let Some(at) = rest.find(['$', '`']) {
        let tail = &rest[at..];
        let skip = if let Some(inner) = tail.strip_prefix("${{") {
            let Some(end) = inner.find("}}") else { return false };
            if !single_line_expr(&inner[..end]) || inner[..end].contains("event.") {
                return false;
            }
            3 + end + 2
        } else if tail.starts_with("$(pwd)") || tail.starts_with("`pwd`") {
            tail.find(')').or_else(|| tail[1..].find('`').map(|i| i + 1)).unwrap_or(0) + 1
        } else if tail.starts_with('`') || tail.starts_with("$(") {
            return false;
        } else {
            let braced = tail[1..].starts_with('{');
            let name = &tail[1 + usize::from(braced)..];
            let len = name.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            if len > 0 && !SINGLE_LINE_VARS.contains(&&name[..len]) {
                return false;
            }
            if braced && name.as_bytes().get(len) != Some(&b'}') {
                // `${HOME:-…}` and other operators: not a plain runner value.
                return false;
            }
            1 + len + if braced { 2 } else { 0 }
        };
        rest = rest.get(at + skip.max(1)..).unwrap_or("");
    }
    true
}

/// Whether the value is the event's own text (`${{ github.event.… }}`, `github.head_ref`) or a commit
/// message: an outsider's words whatever the workflow checked out.
fn reads_event_text(value: &str) -> bool {
    // Each `${{ … }}` path judged as GHA002 judges it: `github.event.repository.name` and
    // `github.actor` are not an outsider's text (dokploy's image name, judged wrong 2026-12-05).
    let mut rest = value;
    while let Some(at) = rest.find("${{") {
        let Some(end) = rest[at..].find("}}") else { break };
        let inner = rest[at + 3..at + end].trim();
        let path: Vec<String> = inner.split('.').map(str::to_owned).collect();
        if path
            .iter()
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            && super::template_injection::injection_risk(&path).is_some()
        {
            return true;
        }
        rest = &rest[at + end + 2..];
    }
    value.contains("git log")
}

/// Whether the value is read from a file or a program's output: copied whole, or read in a
/// substitution (`$(cat pr.txt)`, `$(jq … f)`, `< f`).
fn reads_files(value: &str) -> bool {
    const READERS: &[&str] = &["cat ", "jq ", "head ", "tail ", "sed ", "awk ", "grep ", "unzip ", "<"];
    !prints_literal(value)
        || value.contains(" < ")
        || READERS
            .iter()
            .any(|r| value.contains(&format!("$({r}")) || value.contains(&format!("`{r}")))
}

/// Whether the workflow puts an outsider's files in the workspace: it downloads another run's
/// artifacts, or checks out the pull request's head. A `pull_request_target` run with the base
/// branch checked out reads the repository's own files (`.nvmrc`): not an outsider's.
fn has_untrusted_files(cx: &Ctx) -> bool {
    cx.steps().into_iter().any(|(_, step)| {
        let uses = step.get("uses").and_then(|u| u.as_str()).unwrap_or("").to_ascii_lowercase();
        let run = step.get("run").and_then(|r| r.as_str()).unwrap_or("");
        uses.contains("download-artifact")
            || run.contains("gh run download")
            || run.contains("refs/pull/")
            || run.contains("gh pr checkout")
            || model::checks_out_head(step)
    })
}

/// Whether the command writing (the last of the line) prints only its arguments (`echo`, `printf`),
/// or closes a group (`{ ...; } >>`), rather than copying a file or a program's output (`cat f >>`).
fn prints_literal(value: &str) -> bool {
    let command = last_command(value).trim();
    let program = command.split_whitespace().next().unwrap_or("");
    matches!(program, "echo" | "printf" | "}" | ")" | "") || program.ends_with(')')
}

/// Whether the command before the redirect is `echo NAME=<value>` (no `-e`) whose value cannot
/// contain a newline: literals, command substitutions whose last stage prints one line (`head -n1`,
/// `tail -1`, `tr -d '\n'`, `wc -l`, `date`, `git rev-parse`), arithmetic, runner variables and
/// expressions that are single-line by construction (`github.sha`, run ids).
fn single_line_assignment(value: &str) -> bool {
    let command = last_command(value).trim();
    let Some(args) = command.strip_prefix("echo ") else { return false };
    let mut args = args.trim_start();
    while let Some(rest) = args.strip_prefix('-') {
        let (flag, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        // `-e` turns a `\n` in the value into a newline; only `-n` (and `-E`) leave it alone.
        if flag.is_empty() || !flag.bytes().all(|b| b == b'n' || b == b'E') {
            return false;
        }
        args = tail.trim_start();
    }
    let name_part = args.trim_start_matches(['"', '\'']);
    let name_len = name_part.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    if name_len == 0 || name_part.as_bytes()[0].is_ascii_digit() || name_part.as_bytes().get(name_len) != Some(&b'=') {
        return false;
    }
    expansions_single_line(args)
}

/// The last command of a list or pipeline (`a && b`, `a; b`, `a | b`), outside quotes and `$(...)`.
fn last_command(line: &str) -> &str {
    let b = line.as_bytes();
    let (mut i, mut start, mut depth) = (0, 0, 0usize);
    let (mut single, mut double) = (false, false);
    while i < b.len() {
        match b[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'(' if !single => depth += 1,
            b')' if !single => depth = depth.saturating_sub(1),
            b';' | b'|' | b'&' if !single && !double && depth == 0 => start = i + 1,
            _ => {}
        }
        i += 1;
    }
    line.get(start..).unwrap_or("")
}

/// The end (exclusive) of the construct opened at `open` (`$(`, `` ` ``), quote-aware, or `None`.
fn closing(b: &[u8], mut i: usize, backtick: bool) -> Option<usize> {
    let mut depth = 1usize;
    let (mut single, mut double) = (false, false);
    while i < b.len() {
        match b[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double && !backtick => single = !single,
            b'"' if !single && !backtick => double = !double,
            b'`' if backtick => return Some(i),
            b'(' if !single && !double && !backtick => depth += 1,
            b')' if !single && !double && !backtick => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Runner variables whose value is one line (a path, an id, a SHA).
const SINGLE_LINE_VARS: &[&str] = &[
    "GITHUB_SHA",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_WORKSPACE",
    "GITHUB_REPOSITORY",
    "RUNNER_TEMP",
    "RUNNER_OS",
    "RUNNER_ARCH",
    "HOME",
    "PWD",
];

/// Expressions whose value is one line by construction.
const SINGLE_LINE_EXPRS: &[&str] = &[
    "github.sha",
    "github.run_id",
    "github.run_number",
    "github.run_attempt",
    "github.repository",
    "github.workspace",
    "runner.temp",
    "runner.os",
    "github.event.number",
    "github.event.pull_request.number",
    "github.event.pull_request.head.sha",
    "github.event.pull_request.base.sha",
    "github.event.workflow_run.id",
    "github.event.workflow_run.head_sha",
];

fn single_line_expr(inner: &str) -> bool {
    SINGLE_LINE_EXPRS.contains(&inner.trim())
}

/// Whether every expansion in an `echo` argument yields a single line.
fn expansions_single_line(args: &str) -> bool {
    let b = args.as_bytes();
    let mut i = 0;
    let (mut single, mut double) = (false, false);
    while i < b.len() {
        match b[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'`' if !single => {
                let Some(end) = closing(b, i + 1, true) else { return false };
                if !prints_one_line(&args[i + 1..end]) {
                    return false;
                }
                i = end;
            }
            b'$' if !single => {
                let rest = &args[i + 1..];
                if rest.starts_with("{{") {
                    let Some(end) = rest.find("}}") else { return false };
                    if !single_line_expr(&rest[2..end]) {
                        return false;
                    }
                    i += end + 2;
                } else if rest.starts_with("((") {
                    // Arithmetic: a number.
                    let Some(end) = closing(b, i + 2, false) else { return false };
                    i = end;
                } else if rest.starts_with('(') {
                    let Some(end) = closing(b, i + 2, false) else { return false };
                    let inner = &args[i + 2..end];
                    // An expression inside the command is GHA002's concern unless it is single-line.
                    if !prints_one_line(inner) || !inner_exprs_single_line(inner) {
                        return false;
                    }
                    i = end;
                } else {
                    let name = rest.trim_start_matches('{');
                    let len = name.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
                    if len == 0 {
                        // A lone `$` is a literal.
                    } else if !SINGLE_LINE_VARS.contains(&&name[..len])
                        || (rest.starts_with('{') && name.as_bytes().get(len) != Some(&b'}'))
                    {
                        return false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    true
}

fn inner_exprs_single_line(inner: &str) -> bool {
    let mut rest = inner;
    while let Some(at) = rest.find("${{") {
        let Some(end) = rest[at..].find("}}") else { return false };
        if !single_line_expr(&rest[at + 3..at + end]) {
            return false;
        }
        rest = &rest[at + end + 2..];
    }
    true
}

/// Whether a command substitution's output is one line (after `$(...)` drops the final newline):
/// judged by its last pipeline stage.
fn prints_one_line(command: &str) -> bool {
    let stage = last_command(command);
    let words: Vec<&str> = stage.split_whitespace().map(|w| w.trim_matches(['"', '\''])).collect();
    let Some(&program) = words.first() else { return false };
    let args = &words[1..];
    match program {
        "head" | "tail" => {
            args.iter().any(|a| matches!(*a, "-1" | "-n1" | "--lines=1" | "-n=1"))
                || args.windows(2).any(|w| matches!(w[0], "-n" | "--lines") && w[1] == "1")
        }
        "tr" => {
            let deletes_newline = args.first() == Some(&"-d") && args.get(1).is_some_and(|s| s.contains("\\n") || s.contains("[:space:]"));
            let maps_newline = args.first().is_some_and(|s| s.starts_with("\\n") || *s == "[:space:]") && args.len() == 2;
            deletes_newline || maps_newline
        }
        "wc" => args.iter().any(|a| matches!(*a, "-l" | "-c" | "-w" | "-m")) && args.iter().all(|a| a.starts_with('-')),
        "date" | "nproc" | "pwd" | "uname" => true,
        "id" => args.iter().all(|a| matches!(*a, "-u" | "-g" | "-un" | "-gn")),
        "git" => matches!(args.first(), Some(&"rev-parse")) && args.len() <= 3,
        "jq" => {
            let flags: Vec<&str> = args.iter().copied().filter(|a| a.starts_with('-')).collect();
            let raw = flags
                .iter()
                .any(|f| matches!(*f, "--raw-output" | "--join-output") || (!f.starts_with("--") && (f.contains('r') || f.contains('j'))));
            let compact = flags
                .iter()
                .any(|f| *f == "--compact-output" || (!f.starts_with("--") && f.contains('c')));
            // One value: a plain path. JSON-encoded (no `-r`) it is one line when compact, or when
            // it is a number (a field GitHub's API gives as a number: `.pull_requests[0].number`).
            matches!(args.iter().find(|a| !a.starts_with('-')), Some(f) if plain_path(f) && !raw && (compact || numeric_leaf(f)))
        }
        "gh" => {
            // `gh api … --jq .id` prints strings raw: one line only for a number.
            args.first() == Some(&"api")
                && args
                    .windows(2)
                    .any(|w| matches!(w[0], "--jq" | "-q") && plain_path(w[1]) && numeric_leaf(w[1]))
        }
        _ => false,
    }
}

/// A jq filter that selects one value by a fixed path: `.a.b`, `.items[0].id`.
fn plain_path(filter: &str) -> bool {
    filter.starts_with('.')
        && !filter.contains("[]")
        && !filter.contains("..")
        && filter
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'[' | b']'))
}

/// Whether a path ends in a field GitHub's API always gives as a number.
fn numeric_leaf(filter: &str) -> bool {
    let leaf = filter.rsplit('.').next().unwrap_or("");
    matches!(
        leaf,
        "number" | "id" | "run_id" | "run_number" | "run_attempt" | "total_count" | "size" | "count"
    )
}
