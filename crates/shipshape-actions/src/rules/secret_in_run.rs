use crate::script::{self, Dialect};
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Severity};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA052", name: "secret-in-run", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "A secret is pasted straight into a `run:` script",
    what: "Flags `${{ secrets.X }}` inside `run:`; an error when the script prints it to the log: an argument of `echo`, `printf`, `Write-Host` or `Write-Output` (or a here-document fed to `cat`) whose output is not redirected to a file, piped into another command (`tee` still prints) or captured by `$( … )`. A secret passed to another command, compared, or written to a file is a warning. Opt-in: on real repositories 0 of 12 default findings were judged worth acting on (a maintainer's masked secret passed to `curl` or `docker login` is a style choice).",
    why: "The secret becomes part of the script text: it lands in the runner's temp script file, in process listings and in `set -x` traces, and a secret containing quotes or `$(` breaks (or runs) the script. Masking only catches the exact value.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --token ${{ secrets.DEPLOY_TOKEN }}",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --token ${DEPLOY_TOKEN}\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
    fix_safety: "Unsafe: moves the secret into the step's `env:` and uses `${NAME}` in the script; inside single quotes the shell does not expand it, so check the quoting.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow",
    spans: ["${{ secrets.DEPLOY_TOKEN }}"],
}

/// How the step's script is read: its `shell:`, the job's or workflow's `defaults.run.shell`, or
/// the runner's default (PowerShell on Windows). `None` for shells that are not a command shell
/// (`python`), where no command is known to print.
fn dialect<'a>(cx: &Ctx<'a>, job: Option<NodeRef<'a>>, step: NodeRef<'a>) -> Option<Dialect> {
    match crate::runner::declared_shell(cx.root, job, step).map(str::to_ascii_lowercase) {
        Some(s) if s.contains("pwsh") || s.contains("powershell") => Some(Dialect::PowerShell),
        Some(s) if s.contains("python") => None,
        Some(_) => Some(Dialect::Posix),
        None if job.is_some_and(|j| crate::runner::Labels::of(j).all_windows()) => Some(Dialect::PowerShell),
        None => Some(Dialect::Posix),
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (job, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        let dialect = dialect(cx, job, step);
        let places = cx.literal_exprs(run);
        let mut done = std::collections::HashSet::new();
        for e in cx.exprs_in(run) {
            let Some((path, _, _)) = e
                .parsed
                .paths()
                .into_iter()
                .find(|(p, _, _)| p.len() == 2 && p[0].eq_ignore_ascii_case("secrets"))
            else {
                continue;
            };
            let name = path[1].clone();
            let written = e.span.text(cx.src).to_owned();
            if !done.insert(written.clone()) {
                continue;
            }
            let echoed = dialect.is_some_and(|d| script::prints(script, &written, d));
            let mut d = Diagnostic::new(meta(), e.span, format!("`secrets.{name}` is pasted into the script text"))
                .help(format!(
                    "pass it as `env: {name}: ${{{{ secrets.{name} }}}}` and use `\"${{{name}}}\"`"
                ))
                .maybe_fix(cx.env_fix(
                    step,
                    places.get(written.as_str()).map_or(&[][..], Vec::as_slice),
                    &written,
                    &name.to_ascii_uppercase(),
                ));
            if echoed {
                d = d.severity(Severity::Error);
            }
            out.push(d);
        }
    }
}
