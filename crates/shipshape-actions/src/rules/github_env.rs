use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA016", name: "github-env", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:github-env"], options: [],
    summary: "A privileged workflow writes computed values to `GITHUB_ENV` or `GITHUB_PATH`",
    what: "In workflows run by `pull_request_target` or `workflow_run` (which hold secrets and a write token while handling outsiders' data), flags `run:` lines that append anything other than a literal to `$GITHUB_ENV` or `$GITHUB_PATH`.",
    why: "A value an attacker shapes (a branch name, an artifact's contents) can set `LD_PRELOAD`, `BASH_ENV`, `NODE_OPTIONS` or prepend to `PATH` for every later step: code execution with the workflow's privileges.",
    example: "on: workflow_run\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"PR=$(cat pr.txt)\" >> \"$GITHUB_ENV\"",
    instead: "on: workflow_run\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n      - id: pr\n        run: echo \"number=$(jq -r .number pr.json)\" >> \"$GITHUB_OUTPUT\"",
    fix_safety: "No automatic fix: pass the value as a step output and validate it before use.",
    refs: "- https://docs.zizmor.sh/audits/#github-env\n- https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
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
    let privileged = model::triggers(cx.root)
        .iter()
        .any(|(t, _)| matches!(t.as_str(), "pull_request_target" | "workflow_run"));
    if !privileged {
        return;
    }
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        for line in script.lines() {
            let Some((target, value)) = written_to_env(line) else { continue };
            // `echo "X=1" >> $GITHUB_ENV` writes a constant; anything expanded or computed is the risk.
            let computed = value.contains('$') || value.contains('`') || value.contains("${{") || value.contains('<');
            if computed {
                out.push(
                    Diagnostic::new(
                        meta(),
                        cx.span_in(run, line.trim(), 0),
                        format!("a computed value is written to `{target}` in a privileged workflow"),
                    )
                    .help("pass it as a step output (`$GITHUB_OUTPUT`) and validate it where it is used"),
                );
            }
        }
    }
}
