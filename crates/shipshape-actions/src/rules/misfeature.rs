use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA027", name: "misfeature", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["zizmor:misfeature"], options: [],
    summary: "`shell: cmd` ignores failures",
    what: "Flags `shell: cmd` (on a step, or in `defaults.run` for the steps that use it) when the script runs more than one command: with one, the step's status is that command's.",
    why: "cmd.exe does not stop at a failing command: only the last command's exit code counts, so a broken build step can pass. It also defeats script analysis.",
    example: "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: cmd\n        run: |\n          call configure.bat\n          call build.bat",
    instead: "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n        run: ./build.bat",
    fix_safety: "No automatic fix: the script's syntax changes with the shell.",
    refs: "- https://docs.zizmor.sh/audits/#misfeature\n- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#exit-codes-and-error-action-preference",
    spans: ["cmd"],
}

/// Whether a cmd script runs more than one command: several command lines (not `rem`/`::`
/// comments, not `@echo off`), or commands joined by a single `&`. With one command, the step's
/// status is that command's: nothing is left to carry on to (traccar's `ISCC.exe` step).
fn several_commands(script: &str) -> bool {
    let lines = script
        .lines()
        .map(str::trim)
        .filter(|l| {
            let lower = l.to_ascii_lowercase();
            !l.is_empty() && !lower.starts_with("rem ") && lower != "rem" && !l.starts_with("::") && !lower.starts_with("@echo off")
        })
        .count();
    lines > 1 || script.replace("&&", "").contains('&')
}

fn default_shell(n: shipshape_yaml::NodeRef<'_>) -> Option<shipshape_yaml::NodeRef<'_>> {
    n.get("defaults")?.get("run")?.get("shell")
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut reported = std::collections::HashSet::new();
    for (job, step) in cx.steps() {
        let Some(script) = step.get("run").and_then(|r| r.as_str()) else {
            continue;
        };
        let Some(shell) = step
            .get("shell")
            .or_else(|| job.and_then(default_shell))
            .or_else(|| default_shell(cx.root))
        else {
            continue;
        };
        if shell.as_str().is_some_and(|v| v.trim().eq_ignore_ascii_case("cmd"))
            && several_commands(script)
            && reported.insert(shell.span().start)
        {
            out.push(
                Diagnostic::new(meta(), shell.span(), "cmd.exe carries on after a failing command")
                    .help("use `shell: pwsh` or `shell: bash`"),
            );
        }
    }
}
