use crate::{Ctx, ExprAt, model, rule};
use shipshape_core::{Diagnostic, Span, suggest};
use shipshape_yaml::NodeRef;

rule! {
    code: "GHA042", name: "unknown-step-ref", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "`steps.<id>` names no earlier step of the job",
    what: "Flags `steps.X` where no step of the same job (or composite action) has `id: X`, or where that step comes later, so it has not run yet.",
    why: "The expression quietly evaluates to empty: a version, a cache hit or an outcome that is never there.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: meta\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n      - run: echo ${{ steps.metadata.outputs.tag }}",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: meta\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n      - run: echo ${{ steps.meta.outputs.tag }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#steps-context",
}

fn ids(steps: &[NodeRef]) -> Vec<String> {
    steps
        .iter()
        .filter_map(|s| s.get("id")?.as_str().map(str::to_ascii_lowercase))
        .collect()
}

fn report(e: &ExprAt, before: &[String], all: &[String], out: &mut Vec<Diagnostic>) {
    for (path, start, end) in e.parsed.paths() {
        if path.len() < 2 || !path[0].eq_ignore_ascii_case("steps") || path[1] == "*" || path[1] == "[]" {
            continue;
        }
        let id = path[1].to_ascii_lowercase();
        if before.contains(&id) {
            continue;
        }
        let span = e.base.map_or(e.span, |b| Span::new(b + start, b + end));
        let d = if all.contains(&id) {
            Diagnostic::new(meta(), span, format!("step `{}` runs after this point", path[1]))
                .help("a step can only read the outputs of steps before it")
        } else {
            let d = Diagnostic::new(meta(), span, format!("no step has `id: {}`", path[1]));
            match suggest::closest(&id, all.iter().map(String::as_str)) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("give the step an `id:`"),
            }
        };
        out.push(d);
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut scopes: Vec<(Vec<NodeRef>, Option<NodeRef>)> = model::jobs(cx.root)
        .into_iter()
        .map(|(_, j)| (model::steps(j), j.get("outputs")))
        .collect();
    if let Some(runs) = cx.root.get("runs") {
        scopes.push((model::steps(runs), cx.root.get("outputs")));
    }
    for (steps, outputs) in scopes {
        if steps
            .iter()
            .any(|s| s.get("id").is_some_and(|i| i.as_str().is_some_and(|t| t.contains("${{"))))
        {
            continue;
        }
        let all = ids(&steps);
        for (i, step) in steps.iter().enumerate() {
            let before = ids(&steps[..i]);
            for (_, e) in cx.exprs_of(*step) {
                report(e, &before, &all, out);
            }
        }
        if let Some(o) = outputs {
            for e in cx.exprs_under(o) {
                report(e, &all, &all, out);
            }
        }
    }
}
