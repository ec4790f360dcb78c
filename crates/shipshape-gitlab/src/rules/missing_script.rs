use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL017", name: "missing-script", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "A job has no `script:`, `run:` or `trigger:`",
    what: "Flags visible jobs with none of `script`, `run` and `trigger`, that do not `extends:` a template (which may provide it) or merge one in with `<<:`. Not where the pipeline includes files shipshape cannot read (a `template:`, `remote:`, `project:` or `component:` include), whose jobs a file may complete with keys of its own: in the file that includes them, or in a fragment of a pipeline that does.",
    why: "GitLab rejects the pipeline: `jobs:x config should implement the script:, run:, or trigger: keyword`.",
    example: "lint:\n  stage: test\n  image: node:22",
    instead: "lint:\n  stage: test\n  image: node:22\n  script: npm run lint",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/#script",
    spans: ["lint"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // A job may complete (override) one from an include that cannot be read here, in this file's
    // includes or, for a fragment, in the pipeline's.
    if cx.included.open || (!cx.is_pipeline_root() && pipeline_may_define_jobs(cx)) {
        return;
    }
    for (name, key, job) in cx.jobs() {
        if model::is_hidden(name) || job.get("extends").is_some() || cx.included.jobs.contains(name) {
            continue;
        }
        if ["script", "run", "trigger"].iter().any(|k| job.get(k).is_some()) {
            continue;
        }
        // A mapping with no job keyword at all is data the file also holds, not a job (identity-
        // idp's `.gitlab-ci-deploy.yml`, branches → environments read by a script: judged wrong
        // as an error, precision sample 43).
        if !job
            .entries()
            .iter()
            .any(|(k, _)| k.as_str().is_some_and(|k| model::JOB_KEYWORDS.contains(&k)))
        {
            continue;
        }
        out.push(
            Diagnostic::new(meta(), key.span(), format!("job `{name}` has no `script:`, `run:` or `trigger:`"))
                .help("add the commands it runs under `script:`"),
        );
    }
}

/// Whether the pipeline a fragment belongs to (the repository's `.gitlab-ci.yml`) brings jobs
/// shipshape cannot read: a `template:`, `remote:`, `project:` or `component:` include, whose
/// jobs a fragment may override with its own keys and no `script:` (Overbookd's
/// `semgrep-sast:` under `.gitlab/ci/`, completing the SAST template the root file includes:
/// judged wrong as an error, the fifty-ninth sample). Without a readable pipeline, it may.
fn pipeline_may_define_jobs(cx: &Ctx) -> bool {
    let Some(path) = cx.file.path.as_deref() else { return true };
    let tree = cx.core.tree();
    let repo = crate::model::repo_root(tree, path);
    // Once per run for the repository's fragments, when the file is in a project.
    struct Open(bool);
    match cx.core.projects.of(path) {
        Some(project) if tree.canonicalize(&project.root) == tree.canonicalize(&repo) => {
            project.fact(|p| Open(pipeline_open(p.tree(), &p.root))).0
        }
        _ => pipeline_open(tree, &repo),
    }
}

/// Whether the pipeline of the repository at `repo` includes what cannot be read (or cannot be read).
fn pipeline_open(tree: &dyn shipshape_core::tree::SourceTree, repo: &std::path::Path) -> bool {
    let Some(text) = tree.read(&repo.join(".gitlab-ci.yml")) else {
        return true;
    };
    let yaml = shipshape_yaml::Yaml::parse(&text);
    let Some(root) = crate::model::pipeline_root(&yaml) else {
        return true;
    };
    crate::model::resolve_includes(tree, root, Some(repo)).open
}
