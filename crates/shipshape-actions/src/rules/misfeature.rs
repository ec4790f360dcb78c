use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA027", name: "misfeature", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["zizmor:misfeature"], options: [],
    summary: "`shell: cmd` ignores failures",
    what: "Flags `shell: cmd` on steps and in `defaults.run`.",
    why: "cmd.exe does not stop at a failing command: only the last command's exit code counts, so a broken build step can pass. It also defeats script analysis.",
    example: "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: cmd\n        run: build.bat",
    instead: "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n        run: ./build.bat",
    fix_safety: "No automatic fix: the script's syntax changes with the shell.",
    refs: "- https://docs.zizmor.sh/audits/#misfeature\n- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#exit-codes-and-error-action-preference",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in cx.shells() {
        if s.as_str().is_some_and(|v| v.trim().eq_ignore_ascii_case("cmd")) {
            out.push(
                Diagnostic::new(meta(), s.span(), "cmd.exe carries on after a failing command").help("use `shell: pwsh` or `shell: bash`"),
            );
        }
    }
}
