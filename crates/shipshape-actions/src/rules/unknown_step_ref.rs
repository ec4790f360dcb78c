use crate::{Ctx, ExprAt, model, rule};
use shipshape_core::{Diagnostic, Span, suggest};
use shipshape_yaml::NodeRef;
use std::collections::HashMap;

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
    spans: ["steps.metadata.outputs.tag"],
}

/// The step ids of one job: where each is first declared, and the closest id to each unknown one
/// (computed once per name: a job can reference the same missing step many times).
struct Ids {
    first: HashMap<String, usize>,
    all: Vec<String>,
    suggestions: HashMap<String, Option<String>>,
}

impl Ids {
    fn new(steps: &[NodeRef]) -> Self {
        let mut first = HashMap::new();
        let mut all = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            if let Some(id) = s.get("id").and_then(|id| id.as_str()).map(str::to_ascii_lowercase) {
                first.entry(id.clone()).or_insert(i);
                all.push(id);
            }
        }
        Ids {
            first,
            all,
            suggestions: HashMap::new(),
        }
    }
}

/// Report the `steps.X` of `e` that name no step declared before step `at` (`usize::MAX`: any step).
fn report(e: &ExprAt, at: usize, ids: &mut Ids, out: &mut Vec<Diagnostic>) {
    for (path, start, end) in e.parsed.paths() {
        if path.len() < 2 || !path[0].eq_ignore_ascii_case("steps") || path[1] == "*" || path[1] == "[]" {
            continue;
        }
        let id = path[1].to_ascii_lowercase();
        let declared = ids.first.get(&id).copied();
        if declared.is_some_and(|i| i < at) {
            continue;
        }
        let span = e.base.map_or(e.span, |b| Span::new(b + start, b + end));
        let d = if declared.is_some() {
            Diagnostic::new(meta(), span, format!("step `{}` runs after this point", path[1]))
                .help("a step can only read the outputs of steps before it")
        } else {
            let d = Diagnostic::new(meta(), span, format!("no step has `id: {}`", path[1]));
            let all = &ids.all;
            let suggestion = ids
                .suggestions
                .entry(id)
                .or_insert_with_key(|id| suggest::closest(id, all.iter().map(String::as_str)).map(str::to_owned));
            match suggestion {
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
    // Only a composite action's outputs read its steps: a JavaScript or Docker action sets them
    // from its code, and GitHub ignores their `value:` (pagopa/dx's node action, whose values
    // name a step it does not have: judged wrong as an error, the fifty-eighth sample).
    if let Some(runs) = cx.root.get("runs")
        && runs
            .get("using")
            .and_then(|u| u.as_str())
            .is_some_and(|u| u.eq_ignore_ascii_case("composite"))
    {
        scopes.push((model::steps(runs), cx.root.get("outputs")));
    }
    for (steps, outputs) in scopes {
        if steps
            .iter()
            .any(|s| s.get("id").is_some_and(|i| i.as_str().is_some_and(|t| t.contains("${{"))))
        {
            continue;
        }
        let mut ids = Ids::new(&steps);
        for (i, step) in steps.iter().enumerate() {
            for (_, e) in cx.exprs_of(*step) {
                // Written in a shell comment of a `run:` script, the value is substituted and never
                // used (cabal-infra's note on how a later action reads `steps.alerts.outputs`:
                // judged wrong as an error, precision sample 44).
                if step.get("run").is_some() && in_shell_comment(cx.src, e.span.start) {
                    continue;
                }
                report(e, i, &mut ids, out);
            }
        }
        if let Some(o) = outputs {
            for e in cx.exprs_under(o) {
                report(e, usize::MAX, &mut ids, out);
            }
        }
    }
    // One finding per missing step and line: `${{ steps.vars.outputs.a }}-${{ steps.vars.outputs.b }}`
    // is one mistake, with one fix.
    let breaks: Vec<usize> = cx.src.match_indices('\n').map(|(i, _)| i).collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert((breaks.partition_point(|&b| b < d.span.start), d.message.clone())));
}

/// Whether `at` lies after a `#` that starts a comment on its line (the line's first non-blank).
fn in_shell_comment(src: &str, at: usize) -> bool {
    let at = src.floor_char_boundary(at.min(src.len()));
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    src[start..at].trim_start().starts_with('#')
}
