use crate::runner::{Labels, declared_shell};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Fix};

rule! {
    code: "GHA076", name: "posix-shell-on-windows", severity: Error, category: Correctness, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "A POSIX shell script runs in PowerShell on a Windows runner",
    what: "Flags a `run:` script on a Windows runner (`runs-on:` a Windows label, or a matrix row of one) whose shell is PowerShell because neither the step nor `defaults.run` names one, when the script is POSIX shell that PowerShell cannot run: `if … then … fi`, `for`/`while`/`case` loops, `export`, `NAME=value`, a here-document, a `\\` line continuation, or a redirection into `$GITHUB_OUTPUT`, `$GITHUB_ENV` and the like. Scripts that read as PowerShell (`$env:`) or that bash cannot parse are left alone, as are steps with an `if:` on a matrix runner (they may skip Windows).",
    why: "GitHub runs a step without `shell:` on Windows with `pwsh`: the step fails there with a parse error or an unknown command, or writes its output nowhere (`$GITHUB_OUTPUT` is an unset PowerShell variable; the file is `$env:GITHUB_OUTPUT`). A matrix that adds a Windows row breaks every such step at once.",
    example: "on: push\njobs:\n  test:\n    runs-on: windows-latest\n    steps:\n      - run: |\n          if [ -f requirements.txt ]; then pip install -r requirements.txt; fi",
    instead: "on: push\njobs:\n  test:\n    runs-on: windows-latest\n    steps:\n      - run: |\n          if [ -f requirements.txt ]; then pip install -r requirements.txt; fi\n        shell: bash",
    fix_safety: "Unsafe: adds `shell: bash` to the step. bash runs with `-o pipefail` when named, so on the other runners of a matrix a pipeline whose first command fails now fails the step.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaultsrunshell\n- https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_redirection",
    spans: ["if"],
}

/// Words that only a PowerShell script holds: such a script is not read as POSIX shell.
const POWERSHELL_MARKS: &[&str] = &[
    "$env:",
    "write-host",
    "write-output",
    "-erroraction",
    "$lastexitcode",
    "$true",
    "$false",
    "$null",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (job, step, run) in cx.workflow_runs() {
        let script = run.as_str().unwrap_or_default();
        if declared_shell(cx.root, Some(job), step).is_some() || job.get("container").is_some() {
            continue;
        }
        let labels = Labels::of(job);
        let Some(windows) = labels.windows() else { continue };
        // A step with a condition on a matrix job may run only on the other rows.
        if let Some(cond) = step.get("if")
            && (labels.from_matrix || cond.as_str().is_none_or(|c| c.to_ascii_lowercase().contains("os")))
        {
            continue;
        }
        let lower = script.to_ascii_lowercase();
        if POWERSHELL_MARKS.iter().any(|m| lower.contains(m)) {
            continue;
        }
        let Some(parsed) = cx.run_script(run, true) else { continue };
        let Some(((first, what), rest)) = parsed.posix_only.split_first() else {
            continue;
        };
        let row = if labels.from_matrix { " (a row of the matrix)" } else { "" };
        let mut d = Diagnostic::new(
            meta(),
            *first,
            format!(
                "on `{windows}`{row} this step runs in PowerShell, as no `shell:` is set; {}",
                what.describe()
            ),
        )
        .help("add `shell: bash` to the step, or `defaults: run: shell: bash` to the job")
        .maybe_fix(
            shipshape_yaml::patch::insert_entry(cx.src, step, "shell", "bash", Some("run"))
                .map(|e| Fix::unsafe_("run the step with bash (`shell: bash`)", vec![e])),
        );
        for (span, what) in rest.iter().take(3) {
            d = d.label(*span, what.describe());
        }
        out.push(d);
    }
}
