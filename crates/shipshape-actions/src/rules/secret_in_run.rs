use crate::script;
use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA052", name: "secret-in-run", severity: Warning, category: Security, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "A secret is pasted straight into a `run:` script",
    what: "Flags `${{ secrets.X }}` inside `run:`; an error when the script prints it to the log: an argument of `echo`, `printf`, `Write-Host` or `Write-Output` (or a here-document fed to `cat`) whose output is not redirected to a file, piped into another command (`tee` still prints) or captured by `$( … )`. A secret passed to another command, compared, or written to a file is a warning. Opt-in: on real repositories 0 of 12 default findings were judged worth acting on (a maintainer's masked secret passed to `curl` or `docker login` is a style choice).",
    why: "The secret becomes part of the script text: it lands in the runner's temp script file, in process listings and in `set -x` traces, and a secret containing quotes or `$(` breaks (or runs) the script. Masking only catches the exact value.",
    example: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --token ${{ secrets.DEPLOY_TOKEN }}",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --token \"${DEPLOY_TOKEN}\"\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}",
    fix_safety: "Unsafe: moves the secret into the step's `env:` and uses it where the expression was, quoted for the place (`\"${NAME}\"` bare, `'\"${NAME}\"'` inside single quotes, `${env:NAME}` in PowerShell); no fix inside a quoted here-document (`<<'EOF'`) or a PowerShell single-quoted string, which expand nothing.",
    refs: "- https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow",
    spans: ["${{ secrets.DEPLOY_TOKEN }}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (job, step) in cx.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.as_str() else { continue };
        let dialect = crate::runner::dialect(cx.root, job, step);
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
                    job,
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
