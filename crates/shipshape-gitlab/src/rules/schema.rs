use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use shipshape_schema::{Family, ProblemKind};

rule! {
    code: "GL028", name: "gitlab-schema", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["check-jsonschema:gitlab-ci"], options: [],
    summary: "A key or value GitLab CI's grammar does not allow",
    what: "Validates the pipeline against GitLab's own CI JSON Schema (the one its pipeline editor uses, shipped in shipshape) and reports each error at its key or value: an unknown key inside `rules`, `artifacts`, `cache`, `image`, `services`, `environment`, `release`, `trigger` and the other sections, a value of the wrong kind, a missing required key, a value not among those allowed (`when`, `artifacts:reports`…). The keys of jobs themselves are GL016's. An error where GitLab certainly refuses the pipeline (a wrong kind, a missing key, a near-miss of a known key or value), else a warning: GitLab adds keywords after the shipped schema was taken.",
    why: "GitLab refuses the whole pipeline on the first error (`jobs:test:artifacts config contains unknown keys: expire_on`), and nothing runs until someone reads the message.",
    example: "test:\n  script: make test\n  artifacts:\n    paths: [report.xml]\n    expire_on: 1 week",
    instead: "test:\n  script: make test\n  artifacts:\n    paths: [report.xml]\n    expire_in: 1 week",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/yaml/\n- https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/assets/javascripts/editor/schema/ci.json",
    spans: ["expire_on"],
}

/// `artifacts: {paths: []}`: GitLab requires `paths` only with `expose_as`; an empty list keeps
/// no artifact (coq drops the ones over the size limit so; judged wrong, the sixty-fifth sample).
fn no_artifact_paths(cx: &Ctx, path: &[String]) -> bool {
    let [job, artifacts, paths] = path else { return false };
    if artifacts != "artifacts" || paths != "paths" {
        return false;
    }
    let Some(a) = cx.root.get(job).and_then(|j| j.get("artifacts")) else {
        return false;
    };
    a.get("expose_as").is_none() && a.get("paths").is_some_and(|p| p.is_seq() && p.items().is_empty())
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for p in shipshape_schema::validate(Family::GitlabCi, cx.root) {
        let job = p
            .path
            .first()
            .filter(|j| !model::GLOBAL_KEYWORDS.contains(&j.as_str()))
            .and_then(|j| cx.root.get(j));
        let skip = match &p.kind {
            // A job's own keys are GL016's.
            ProblemKind::UnknownKey { .. } => p.path.len() == 2 && !model::is_hidden(&p.path[0]),
            // `key: null` in a job removes what `extends` brought (GitLab's documented way).
            ProblemKind::Type { found: "null", .. } => job.is_some() && p.path.len() == 2,
            // GitLab flattens nested sequences in scripts (ten levels deep), which `!reference`
            // produces; the schema allows one level.
            ProblemKind::Type { found: "sequence", .. } => p.path.iter().any(|k| k.ends_with("script")),
            // A template, or a job completed by the ones it extends, need not be whole.
            ProblemKind::MissingKey(_) => job.is_some_and(|j| model::is_hidden(&p.path[0]) || j.get("extends").is_some()),
            // GitLab's schema wants an include path to end in a name and `.yml`; GitLab takes
            // `configs/*.yml` and `configs/**.yml` (the documented wildcard includes).
            ProblemKind::Value { .. } => {
                (p.path.first().is_some_and(|k| k == "include") && cx.src[p.span.start..p.span.end].contains('*'))
                    || no_artifact_paths(cx, &p.path)
            }
            _ => false,
        };
        if skip {
            continue;
        }
        let certain = p.certain();
        out.push(p.into_diagnostic(meta(), certain));
    }
}
