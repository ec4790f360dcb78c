use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, suggest};

rule! {
    code: "GHA047", name: "unknown-shell", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:shell-name"], options: [],
    summary: "`shell:` names a shell GitHub does not know",
    what: "Flags `shell:` values (steps and `defaults.run`) other than `bash`, `sh`, `pwsh`, `powershell`, `cmd` and `python`, unless it is a custom command template containing `{0}`.",
    why: "The step fails when it starts.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: bassh\n        run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: bash\n        run: make test",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell",
    spans: ["bassh"],
}

const SHELLS: &[&str] = &["bash", "sh", "pwsh", "powershell", "cmd", "python"];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for s in cx.shells() {
        let Some(v) = s.as_str() else { continue };
        if v.contains("{0}") || v.contains("${{") || SHELLS.contains(&v.trim()) {
            continue;
        }
        let mut d = Diagnostic::new(meta(), s.span(), format!("`{v}` is not a shell GitHub knows"));
        if let Some(c) = suggest::closest(v.trim(), SHELLS.iter().copied()) {
            d = d.help(format!("did you mean `{c}`? (a custom shell needs `{{0}}` for the script path)"));
        } else {
            d = d.help("use bash, sh, pwsh, powershell, cmd or python, or a command with `{0}` for the script path");
        }
        out.push(d);
    }
}
