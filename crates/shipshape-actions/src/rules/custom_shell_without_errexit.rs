use crate::runner::declared_shell_node;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix, Span};
use shipshape_knowledge::shell::errexit_flag;
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA078", name: "custom-shell-without-errexit", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "A custom `shell: bash … {0}` without `-e`: failures before the last command are ignored",
    what: "Flags a `shell:` template that starts bash or sh (`bash -l {0}`, `bash --noprofile --norc {0}`, `sh {0}`) without `-e` (or `-o errexit`), on a step (or, through `defaults.run.shell`, the steps) whose script has a command that can fail before its last one and does not turn errexit on itself (`set -e`). Scripts that read `$?` or `PIPESTATUS`, or say `set +e`, handle failures themselves and are left alone. Reported once per `shell:`, with the steps it affects.",
    why: "GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`, but a custom template runs exactly as written: without `-e` only the script's last command decides whether the step fails. A failed `pip install` or `make` on an earlier line is ignored and the job goes on green. setup-miniconda's documentation asks for `bash -el {0}` for this reason.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: conda-incubator/setup-miniconda@v3\n      - shell: bash -l {0}\n        run: |\n          pip install -r requirements.txt\n          pytest",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: conda-incubator/setup-miniconda@v3\n      - shell: bash -e -l {0}\n        run: |\n          pip install -r requirements.txt\n          pytest",
    fix_safety: "Unsafe: adds `-e` after the program (`bash -e -l {0}`); a script that relied on a failing command being ignored now stops there.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#custom-shell\n- https://github.com/conda-incubator/setup-miniconda#important",
    spans: ["bash -l {0}"],
}

/// The program word of a template that starts bash or sh without errexit: its span in the value.
fn program_without_errexit(template: &str) -> Option<(usize, usize)> {
    if !template.contains("{0}") {
        return None;
    }
    let mut words = template.split_whitespace();
    let mut program = words.next()?;
    if program.rsplit('/').next() == Some("env") {
        program = words.next()?;
    }
    if !matches!(program.rsplit('/').next(), Some("bash" | "sh")) {
        return None;
    }
    let rest: Vec<&str> = words.collect();
    let errexit = rest.iter().any(|w| errexit_flag(w)) || rest.windows(2).any(|p| p[0] == "-o" && p[1] == "errexit");
    if errexit {
        return None;
    }
    let start = template.find(program)?;
    Some((start, start + program.len()))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // One finding per `shell:` node, with the failures it lets through.
    let mut found: Vec<(NodeRef<'_>, Vec<Span>)> = Vec::new();
    for (job, step) in cx.steps() {
        let Some(run) = step.get("run").filter(|r| r.as_str().is_some()) else {
            continue;
        };
        let Some(shell) = declared_shell_node(cx.root, job, step) else {
            continue;
        };
        if program_without_errexit(shell.as_str().unwrap_or("")).is_none() {
            continue;
        }
        let raw = run.as_str().unwrap_or("");
        if raw.contains("$?") || raw.contains("PIPESTATUS") || raw.contains("set +e") {
            continue;
        }
        let Some(ignored) = cx.run_script(run, true).and_then(|s| s.swallowed_failure()) else {
            continue;
        };
        match found.iter_mut().find(|(n, _)| n.span() == shell.span()) {
            Some((_, spans)) => spans.push(ignored),
            None => found.push((shell, vec![ignored])),
        }
    }
    for (shell, ignored) in found {
        let template = shell.as_str().unwrap_or("");
        let Some((start, end)) = program_without_errexit(template) else {
            continue;
        };
        let steps = match ignored.len() {
            1 => "the step's script".to_owned(),
            n => format!("{n} steps' scripts"),
        };
        let mut d = Diagnostic::new(
            meta(),
            shell.span(),
            format!("`{template}` runs without `-e`: in {steps} only the last command decides whether the step fails"),
        )
        .help("add `-e` to the template (`bash -el {0}`), as GitHub's own `shell: bash` does");
        for span in ignored.iter().take(3) {
            d = d.label(*span, "a failure here is ignored");
        }
        let program = &template[start..end];
        let written = cx.span_in(shell, program, 0);
        if written.text(cx.src) == program {
            d = d.fix(Fix::unsafe_(
                "add `-e` to the shell template",
                vec![Edit::insert(written.end, " -e")],
            ));
        }
        out.push(d);
    }
}
