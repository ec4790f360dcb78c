use crate::sema::{self, Env, Ty};
use crate::{Ctx, expr, rule};
use shipshape_core::{Diagnostic, Severity, Span};
use std::collections::HashMap;

rule! {
    code: "GHA074", name: "expression-type", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "A `${{ }}` expression reads what cannot be there, or always fails",
    what: "Infers the type of every expression of a workflow from what the file declares (the `runner` and `strategy` contexts, `steps.<id>` and `needs.<id>` with their outputs, declared input types, matrix values, `env`, `vars` and `secrets` as strings, literal `fromJSON()`) and flags: a property read from a string, number or boolean (`inputs.flag.value`, `env.HOST.name`), a property an object cannot have (`steps.build.output`, `runner.label`), an object or array written into text (`echo ${{ github.event }}` prints `Object`), an object or array compared with a string, number or boolean, `format()` with an unmatched brace or fewer values than its placeholders read, and `fromJSON()` of a literal that is not JSON. `steps.<id>.outputs` holds what the step's action declares (its `action.yml` in the repository, or a dated table of the releases of 122 widely used actions): an output a composite action does not declare is an error, one a JavaScript or Docker action does not declare a warning (it may set outputs undeclared; one that declares none, or names them after the workflow's settings, is not judged). `github.event` is typed by the payloads of the workflow's triggers, three levels deep (`github.event.pull_request` on a workflow that only runs on `push` always reads null; `github.event.pull_request.titel` and `github.event.pull_request.head.reff` are no properties), from octokit/webhooks' payload schemas (a dated table): a property no trigger's payload has at the top level is a warning (often code left for an event the workflow no longer runs on), a property missing from an object a trigger sends an error; a trigger whose payload is not in the table (`schedule`, `workflow_call`) leaves it untyped, as are the rest of `github` and `job`.",
    why: "Each of these evaluates silently to null, `Object` or `false`, or fails the step only when it runs: the deploy reads an empty version, the condition never holds.",
    example: "on:\n  workflow_dispatch:\n    inputs:\n      dry-run:\n        type: boolean\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - id: version\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n      - run: ./deploy.sh ${{ steps.version.output.tag }}\n        if: ${{ !inputs.dry-run.value }}",
    instead: "on:\n  workflow_dispatch:\n    inputs:\n      dry-run:\n        type: boolean\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - id: version\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n      - run: ./deploy.sh ${{ steps.version.outputs.tag }}\n        if: ${{ !inputs.dry-run }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/contexts\n- https://docs.github.com/en/actions/reference/workflows-and-actions/expressions",
    spans: ["steps.version.output.tag", "inputs.dry-run.value"],
}

/// Keys whose value is text: an object or array there is written out as `Object` or `Array` even
/// when the expression is the whole value.
const TEXT_KEYS: &[&str] = &[
    "run-name",
    "jobs.<job_id>.name",
    "jobs.<job_id>.steps.name",
    "jobs.<job_id>.steps.run",
    "jobs.<job_id>.steps.working-directory",
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let sites = sema::sites(cx);
    // One environment per job and step position: a job's expressions share it.
    let mut envs: HashMap<(usize, usize), Env> = HashMap::new();
    for site in &sites {
        let key = (site.job.map_or(0, |j| j.span().start), site.step.map_or(usize::MAX, |(i, _)| i));
        let env = envs.entry(key).or_insert_with(|| Env::at(cx, site));
        let e = site.expr;
        let mut errors = Vec::new();
        let t = env.infer(&e.parsed, &mut errors);
        // A payload property read as an operand of `&&` or `||` is guarded or has a fallback
        // (`github.event.pull_request.number || github.ref` in a concurrency group copied between
        // workflows, `github.event_name == 'pull_request' && github.event.pull_request.head.ref`):
        // the author knows it may be absent.
        let guarded = logic_operands(&e.parsed);
        errors
            .retain(|err| !(err.message.starts_with("`github.event") && guarded.iter().any(|&(s, end)| s <= err.start && err.end <= end)));
        for err in errors {
            let span = e.base.map_or(e.span, |b| Span::new(b + err.start, b + err.end));
            // A payload property: say which events the workflow runs on.
            let help = if err.message.starts_with("`github.event") {
                let events: Vec<String> = crate::payload::triggers(cx.root).iter().map(|e| format!("`{e}`")).collect();
                format!(
                    "{}; the workflow runs on {} (payloads of {})",
                    err.help,
                    events.join(", "),
                    crate::payload::source()
                )
            } else {
                err.help
            };
            // A top-level property another event's payload has (`github.event.number` in a shell
            // branch for `pull_request`, in a workflow only dispatched: blinko's, judged not worth
            // an error, the sixty-third sample) is often dead code for an event the workflow no
            // longer runs on: a warning. A misspelt property of an object a trigger sends stays
            // an error.
            let severity = if err.likely || err.message.starts_with("`github.event` has no property") {
                Severity::Warning
            } else {
                meta().severity
            };
            out.push(Diagnostic::new(meta(), span, err.message).severity(severity).help(help));
        }
        if !matches!(t, Ty::Array(_) | Ty::Object(_)) || e.base.is_none() {
            continue;
        }
        let Some(text) = e.node.as_str() else { continue };
        let whole = match expr::embedded(text).as_slice() {
            [one] => text.trim() == &text[one.start..one.end],
            _ => false,
        };
        if whole && !TEXT_KEYS.contains(&site.key) {
            continue;
        }
        // Tested only for being empty in the shell (`[[ ! -z "${{ github.event.issue.pull_request }}" ]]`
        // tells a pull request's comment from an issue's: `Object` or nothing; zowe's, judged
        // wrong as an error, the seventy-fourth sample).
        if site.key == "jobs.<job_id>.steps.run" && emptiness_test(cx.src, e.span) {
            continue;
        }
        let (kind, shown) = if matches!(t, Ty::Array(_)) {
            ("an array", "Array")
        } else {
            ("an object", "Object")
        };
        let span = e.sub(&e.parsed);
        let written = span.text(cx.src);
        out.push(
            Diagnostic::new(
                meta(),
                span,
                format!("`{written}` is {kind}: written into text it reads as `{shown}`"),
            )
            .help(format!("write `toJSON({written})`, or the property you meant")),
        );
    }
}

/// Whether the `${{ }}` at `span` is the operand of a shell emptiness test: `-z`/`-n` before it,
/// or a comparison with `""` after it.
fn emptiness_test(src: &str, span: Span) -> bool {
    let start = src.floor_char_boundary(span.start.min(src.len()));
    let end = src.floor_char_boundary(span.end.min(src.len()));
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
    let before = src[line_start..start].trim_end_matches(['"', '\'']).trim_end();
    let after = src[end..line_end].trim_start_matches(['"', '\'']).trim_start();
    let empty_after = ["!= \"\"", "== \"\"", "= \"\"", "!= ''", "== ''", "= ''"]
        .iter()
        .any(|c| after.starts_with(c));
    before.ends_with(" -z") || before.ends_with(" -n") || empty_after
}

/// The byte ranges of every operand of `&&` and `||` in `e`.
fn logic_operands(e: &crate::expr::Spanned) -> Vec<(usize, usize)> {
    use crate::expr::{Expr, Op};
    let mut out = Vec::new();
    let mut todo = vec![e];
    while let Some(n) = todo.pop() {
        match &n.expr {
            Expr::Binary { op, lhs, rhs } => {
                if matches!(op, Op::And | Op::Or) {
                    out.push((lhs.start, lhs.end));
                    out.push((rhs.start, rhs.end));
                }
                todo.push(lhs);
                todo.push(rhs);
            }
            Expr::Not(x) => todo.push(x),
            Expr::Call { args, .. } => todo.extend(args.iter()),
            Expr::Access { base, .. } => todo.push(base),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use shipshape_core::Severity;
    use shipshape_core::classify::FileKind;
    use shipshape_core::engine::FixMode;
    use shipshape_core::testkit::{File, check};

    /// The outputs a released action declares close `steps.<id>.outputs`: for certain when it is a
    /// composite action, very likely when JavaScript may set others; an action that names its
    /// outputs after the workflow's settings leaves them open.
    #[test]
    fn outputs_of_released_actions() {
        let src = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - id: co\n        uses: actions/checkout@v4\n      - id: att\n        uses: actions/attest-build-provenance@v2\n        with:\n          subject-path: dist/*\n      - id: f\n        uses: dorny/paths-filter@v3\n        with:\n          filters: 'docs: [docs/**]'\n      - run: echo ${{ steps.co.outputs.sha }} ${{ steps.co.outputs.commit }} ${{ steps.att.outputs.bundle_path }} ${{ steps.f.outputs.docs }}\n";
        let file = File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml");
        let r = check(&crate::ActionsChecker::default(), file, src, &["GHA074"], FixMode::Off);
        let got: Vec<(Severity, &str, Option<&str>)> = r
            .findings
            .iter()
            .map(|f| (f.diagnostic.severity, f.diagnostic.message.as_str(), f.diagnostic.help.as_deref()))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, Severity::Warning);
        assert!(got[0].1.contains("`actions/checkout@v4` declares no such output"), "{got:?}");
        assert_eq!(got[1].0, Severity::Error);
        assert_eq!(got[1].2, Some("did you mean `bundle-path`?"));
    }
}
