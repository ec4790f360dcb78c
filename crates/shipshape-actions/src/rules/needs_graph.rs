use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};
use std::collections::{BTreeMap, HashMap};

rule! {
    code: "GHA039", name: "needs-graph", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:job-needs"], options: [],
    summary: "`needs:` names a job that does not exist, or jobs need each other in a cycle",
    what: "Checks every job's `needs:` against the workflow's job ids, and the graph they form for cycles (and a job needing itself).",
    why: "GitHub rejects the workflow: nothing runs.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  deploy:\n    needs: biuld\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idneeds",
    spans: ["biuld"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = model::jobs(cx.root);
    let ids: Vec<&str> = jobs.iter().filter_map(|(k, _)| k.as_str()).collect();
    // Job ids are case-insensitive (`needs: tests` names the job `Tests`; hypothesis's ci.yml,
    // judged wrong as an error, the sixty-fourth sample): looked up lower-cased.
    let known: HashMap<String, &str> = ids.iter().map(|id| (id.to_lowercase(), *id)).collect();
    // Suggestions by unknown name: one search of the ids per name, however often it is needed.
    let mut suggestions: HashMap<String, Option<&str>> = HashMap::new();
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, job) in &jobs {
        let Some(id) = k.as_str() else { continue };
        for (need, node) in model::needs_of(*job) {
            if let Some(&n) = known.get(&need.to_lowercase()) {
                graph.entry(id).or_default().push(n);
            } else {
                let mut d = Diagnostic::new(meta(), node.span(), format!("job `{id}` needs `{need}`, which is not a job here"));
                let suggestion = *suggestions
                    .entry(need.clone())
                    .or_insert_with(|| suggest::closest(&need, ids.iter().copied()));
                if let Some(s) = suggestion {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                out.push(d);
            }
        }
    }
    // Depth-first search; a back edge closes a cycle, reported once at the job that closes it.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in &ids {
        let mut stack = vec![(*start, 0usize)];
        if state.contains_key(start) {
            continue;
        }
        state.insert(start, 1);
        while let Some((node, i)) = stack.pop() {
            let next = graph.get(node).and_then(|v| v.get(i)).copied();
            match next {
                None => {
                    state.insert(node, 2);
                }
                Some(n) => {
                    stack.push((node, i + 1));
                    match state.get(n) {
                        Some(1) => {
                            let path: Vec<&str> = stack.iter().map(|(s, _)| *s).skip_while(|s| *s != n).collect();
                            let span = jobs
                                .iter()
                                .find(|(k, _)| k.as_str() == Some(node))
                                .and_then(|(_, j)| j.get("needs"))
                                .map_or(cx.root.span(), |n| n.span());
                            out.push(Diagnostic::new(
                                meta(),
                                span,
                                format!("`needs:` forms a cycle: {} → {n}", path.join(" → ")),
                            ));
                        }
                        Some(_) => {}
                        None => {
                            state.insert(n, 1);
                            stack.push((n, 0));
                        }
                    }
                }
            }
        }
    }
}
