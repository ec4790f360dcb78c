use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashMap;

rule! {
    code: "GHA040", name: "duplicate-step-id", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:id"], options: [],
    summary: "Two steps of a job share an `id:`",
    what: "Flags a step `id:` already used by an earlier step of the same job (or composite action), and ids that are not valid identifiers.",
    why: "GitHub rejects the workflow; and `steps.<id>` could not say which step it means.",
    example: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: version\n        run: echo \"v=1\" >> \"$GITHUB_OUTPUT\"\n      - id: version\n        run: echo \"v=2\" >> \"$GITHUB_OUTPUT\"",
    instead: "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: version\n        run: echo \"v=1\" >> \"$GITHUB_OUTPUT\"\n      - id: next-version\n        run: echo \"v=2\" >> \"$GITHUB_OUTPUT\"",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsid",
    spans: ["version"],
}

fn valid_id(id: &str) -> bool {
    let mut c = id.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut lists: Vec<Vec<shipshape_yaml::NodeRef>> = model::jobs(cx.root).into_iter().map(|(_, j)| model::steps(j)).collect();
    if let Some(runs) = cx.root.get("runs") {
        lists.push(model::steps(runs));
    }
    for steps in lists {
        let mut seen: HashMap<String, shipshape_core::Span> = HashMap::new();
        for step in steps {
            let Some(id) = step.get("id") else { continue };
            let Some(text) = id.as_str() else { continue };
            if text.contains("${{") {
                continue;
            }
            if !valid_id(text) {
                out.push(
                    Diagnostic::new(meta(), id.span(), format!("`{text}` is not a valid step id"))
                        .help("start with a letter or `_`; use letters, digits, `-` and `_`"),
                );
            }
            match seen.get(&text.to_ascii_lowercase()) {
                Some(first) => out.push(
                    Diagnostic::new(meta(), id.span(), format!("step id `{text}` is already used in this job"))
                        .label(*first, "first used here"),
                ),
                None => {
                    seen.insert(text.to_ascii_lowercase(), id.span());
                }
            }
        }
    }
}
