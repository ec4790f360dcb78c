use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA008", name: "deprecated-workflow-commands", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:deprecated-commands"], options: [],
    summary: "`::set-output`, `::save-state`, `::set-env` and `::add-path` no longer work",
    what: "Flags the retired stdout workflow commands in `run:` scripts.",
    why: "`set-env` and `add-path` were disabled for injection risks; `set-output` and `save-state` are deprecated and may stop working at any time.",
    example: "on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        run: echo \"::set-output name=version::1.2.3\"",
    instead: "on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - id: v\n        run: echo \"version=1.2.3\" >> \"$GITHUB_OUTPUT\"",
    fix_safety: "No automatic fix.",
    refs: "- https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(text) = run.as_str() else { continue };
        for (cmd, instead) in [
            ("::set-output", "append `name=value` to \"$GITHUB_OUTPUT\""),
            ("::save-state", "append `name=value` to \"$GITHUB_STATE\""),
            ("::set-env", "append `NAME=value` to \"$GITHUB_ENV\""),
            ("::add-path", "append the directory to \"$GITHUB_PATH\""),
        ] {
            for (n, _) in text.match_indices(cmd).enumerate() {
                out.push(Diagnostic::new(meta(), cx.span_in(run, cmd, n), format!("`{cmd}` is a retired workflow command")).help(instead));
            }
        }
    }
}
