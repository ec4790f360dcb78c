use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Span, suggest};

rule! {
    code: "GHA043", name: "unknown-matrix-key", severity: Warning, category: Correctness, default: true, fix: None,
    peers: ["actionlint:expression"], options: [],
    summary: "`matrix.<key>` names no key of the job's matrix",
    what: "Flags `matrix.X` in a job whose `strategy.matrix` defines no `X` (in its rows or `include:` entries), and `matrix.*` in a job with no matrix. Matrices built with `fromJSON()` are not checked.",
    why: "The value is silently empty: the job runs the same configuration for every row, or on no runner at all. A warning: sometimes the empty value is harmless (a variable left over from a copied job).",
    example: "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        python: ['3.12', '3.13']\n    runs-on: ubuntu-latest\n    steps:\n      - run: tox -e py${{ matrix.python-version }}",
    instead: "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        python: ['3.12', '3.13']\n    runs-on: ubuntu-latest\n    steps:\n      - run: tox -e py${{ matrix.python }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymatrix",
    spans: ["matrix.python-version"],
}

/// The matrix keys of a job, or `None` when they cannot be known statically.
pub fn matrix_keys(job: shipshape_yaml::NodeRef) -> Option<Vec<String>> {
    let Some(strategy) = job.get("strategy") else {
        return Some(Vec::new());
    };
    if !strategy.is_map() {
        return None;
    }
    let Some(matrix) = strategy.get("matrix") else {
        return Some(Vec::new());
    };
    if !matrix.is_map() {
        return None;
    }
    let mut keys = Vec::new();
    for (k, v) in matrix.entries() {
        let key = k.as_str()?;
        match key {
            "exclude" => {}
            "include" => {
                if !v.is_seq() {
                    return None;
                }
                for row in v.items() {
                    if !row.is_map() {
                        return None;
                    }
                    keys.extend(row.entries().iter().filter_map(|(k, _)| k.as_str().map(str::to_owned)));
                }
            }
            _ => keys.push(key.to_owned()),
        }
    }
    // A matrix of no rows (`include: []`, its entries removed on purpose: data-on-eks' destroy
    // job, the sixty-sixth sample) runs the job never: "no matrix" would misdescribe it.
    if keys.is_empty() {
        return None;
    }
    Some(keys)
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let Some(keys) = matrix_keys(job) else { continue };
        let mut exprs: Vec<_> = cx.exprs_of(job).into_iter().map(|(_, e)| e).collect();
        for s in model::steps(job) {
            exprs.extend(cx.exprs_of(s).into_iter().map(|(_, e)| e));
        }
        for e in exprs {
            for (path, start, end) in e.parsed.paths() {
                if path.len() < 2 || !path[0].eq_ignore_ascii_case("matrix") || path[1] == "*" || path[1] == "[]" {
                    continue;
                }
                if keys.iter().any(|k| k.eq_ignore_ascii_case(&path[1])) {
                    continue;
                }
                let span = e.base.map_or(e.span, |b| Span::new(b + start, b + end));
                let mut d = Diagnostic::new(
                    meta(),
                    span,
                    if keys.is_empty() {
                        "this job has no matrix".to_owned()
                    } else {
                        format!("the matrix has no key `{}`", path[1])
                    },
                );
                // A key the job already reads is not what a typo meant (tailscale's `GOARM:
                // ${{ matrix.goarm }}` beside `GOARCH: ${{ matrix.goarch }}`).
                let job_text = job.span().text(cx.src);
                let suggestion =
                    suggest::closest(&path[1], keys.iter().map(String::as_str)).filter(|s| !job_text.contains(&format!("matrix.{s}")));
                if let Some(s) = suggestion {
                    d = d.help(format!("did you mean `matrix.{s}`?"));
                } else if !keys.is_empty() {
                    // Each key once, however many `include:` entries repeat it (the forty-first
                    // sample's help listed `test-type` four times).
                    let mut unique: Vec<&str> = Vec::new();
                    for k in &keys {
                        if !unique.contains(&k.as_str()) {
                            unique.push(k);
                        }
                    }
                    d = d.help(format!("matrix keys: {}", unique.join(", ")));
                }
                out.push(d);
            }
        }
    }
}
