use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, suggest};
use shipshape_yaml::Yaml;
use std::path::PathBuf;

rule! {
    code: "GHA051", name: "reusable-call", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:workflow-call"], options: [],
    summary: "A call to a local reusable workflow passes unknown or misses required inputs or secrets",
    what: "For `uses: ./.github/workflows/x.yml` jobs, reads the called file and flags: a missing file, a file without `on: workflow_call`, `with:` inputs and `secrets:` it does not declare, and required inputs (without default) and required secrets not passed (unless `secrets: inherit`).",
    why: "GitHub fails the run when the call starts, after the jobs before it have already spent their minutes.",
    example: "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/missing.yml",
    instead: "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/sharing-automations/reusing-workflows",
    spans: ["./.github/workflows/missing.yml"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.is_workflow() {
        return;
    }
    // Without a path on disk (stdin) the root is the working directory.
    let root = match cx.file.path.as_deref() {
        Some(p) => crate::model::checkout_root(p),
        None => Some(PathBuf::from(".")),
    };
    let Some(root) = root else { return };
    for (id, job) in model::jobs(cx.root) {
        let Some((model::Uses::Local(path), node)) = model::uses_of(job) else {
            continue;
        };
        let rel = model::local_path(path).unwrap_or(path);
        let called_path = root.join(rel);
        let Some(text) = cx.core.tree().read(&called_path) else {
            // A file too large (or binary) to read is not a missing one.
            if cx.core.tree().is_file(&called_path) {
                continue;
            }
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{path}` does not exist")).help("paths are relative to the repository root"),
            );
            continue;
        };
        let yaml = Yaml::parse(&text);
        let Some(called) = yaml.docs.first().and_then(|d| d.root()) else {
            continue;
        };
        let Some(call) = model::triggers(called)
            .into_iter()
            .find(|(t, _)| t == "workflow_call")
            .map(|(_, n)| n)
        else {
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{path}` is not triggered by `workflow_call`"))
                    .help("add `on: workflow_call` to it"),
            );
            continue;
        };
        let job_id = id.as_str().unwrap_or("?");
        for (kind, what) in [("inputs", "with"), ("secrets", "secrets")] {
            let declared = call.get(kind).map(|d| d.entries()).unwrap_or_default();
            let names: Vec<&str> = declared.iter().filter_map(|(k, _)| k.as_str()).collect();
            let passed = job.get(what);
            if kind == "secrets" && passed.and_then(|p| p.as_str()) == Some("inherit") {
                continue;
            }
            let given = passed.map(|p| p.entries()).unwrap_or_default();
            for (k, _) in &given {
                let Some(name) = k.as_str() else { continue };
                if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    let mut d = Diagnostic::new(
                        meta(),
                        k.span(),
                        format!("`{path}` declares no {} `{name}`", &kind[..kind.len() - 1]),
                    );
                    if let Some(s) = suggest::closest(name, names.iter().copied()) {
                        d = d.help(format!("did you mean `{s}`?"));
                    }
                    out.push(d);
                }
            }
            for (k, def) in &declared {
                let Some(name) = k.as_str() else { continue };
                let required = def.get("required").and_then(|r| r.as_bool()) == Some(true) && def.get("default").is_none();
                if required && !given.iter().any(|(g, _)| g.as_str().is_some_and(|g| g.eq_ignore_ascii_case(name))) {
                    out.push(
                        Diagnostic::new(
                            meta(),
                            node.span(),
                            format!("job `{job_id}` does not pass the required {} `{name}`", &kind[..kind.len() - 1]),
                        )
                        .help(format!("add it under `{what}:`")),
                    );
                }
            }
        }
    }
}
