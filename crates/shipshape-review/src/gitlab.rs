//! GitLab CI: deploy jobs (`environment:`) added, changed or losing their manual gate, job images
//! moved, remote and project includes added or moved to another ref, jobs removed.

use crate::changes::{Category, Change, Environment, Pair, Risk, environment, image_change};
use crate::value::{N, V, yaml_docs};

use shipshape_knowledge::ci::GITLAB_GLOBAL_KEYWORDS as GLOBAL;

fn jobs(doc: &N) -> Vec<(&str, &N)> {
    doc.entries()
        .iter()
        .filter(|(k, v)| !k.starts_with('.') && !GLOBAL.contains(&k.as_str()) && matches!(v.v, V::Map(_)))
        .map(|(k, v)| (k.as_str(), v))
        .collect()
}

/// The environment a job deploys to.
fn env_of(job: &N) -> Option<&str> {
    let e = job.get("environment")?;
    e.str().or_else(|| e.get("name").and_then(N::str))
}

fn manual(job: &N) -> bool {
    job.get("when").and_then(N::str) == Some("manual")
        || job
            .or_null(&["rules"])
            .items()
            .iter()
            .any(|r| r.get("when").and_then(N::str) == Some("manual"))
}

fn image(n: &N) -> Option<&str> {
    let i = n.get("image")?;
    i.str().or_else(|| i.get("name").and_then(N::str))
}

/// The includes as one-line strings (`remote: https://…`, `project: group/x@ref file`).
fn includes(doc: &N) -> Vec<(String, usize)> {
    let inc = doc.or_null(&["include"]);
    inc.scalar_or_items()
        .into_iter()
        .map(|i| match &i.v {
            V::Str(s) => (s.clone(), i.line),
            _ => {
                let f = |k: &str| i.get(k).map(N::show).unwrap_or_default();
                let s = if i.get("remote").is_some() {
                    format!("remote: {}", f("remote"))
                } else if i.get("project").is_some() {
                    format!("project: {}@{} {}", f("project"), f("ref"), f("file"))
                } else if i.get("component").is_some() {
                    format!("component: {}", f("component"))
                } else {
                    i.show()
                };
                (s, i.line)
            }
        })
        .collect()
}

/// Whether a pipeline deploys to production: a job's `environment:` names it.
pub fn deploys_to_production(text: &str) -> bool {
    yaml_docs(text).first().is_some_and(|doc| {
        jobs(doc)
            .iter()
            .any(|(_, j)| env_of(j).is_some_and(|e| environment(e) == Environment::Production))
    })
}

pub fn pipeline(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let Some(head) = pair.head.and_then(|t| yaml_docs(t).into_iter().next()) else {
        return Vec::new();
    };
    let base = pair
        .base
        .and_then(|t| yaml_docs(t).into_iter().next())
        .unwrap_or(N { v: V::Null, line: 0 });
    let mut out = Vec::new();
    let prod = |e: &str| environment(e) == Environment::Production;
    for (name, job) in jobs(&head) {
        let old = base.get(name);
        let env = env_of(job);
        match (old, env) {
            (None, Some(e)) => out.push(Change::new(
                path,
                job.line,
                "gitlab.deploy-job-added",
                Category::Deployment,
                if prod(e) { Risk::Medium } else { Risk::Low },
                format!(
                    "adds job `{name}`, which deploys to `{e}`{}",
                    if manual(job) { " (started by hand)" } else { "" }
                ),
            )),
            (Some(old), Some(e)) if old != job => {
                let gate_lost = manual(old) && !manual(job);
                let c = Change::new(
                    path,
                    job.line,
                    if gate_lost {
                        "gitlab.manual-gate-removed"
                    } else {
                        "gitlab.deploy-job-changed"
                    },
                    if gate_lost { Category::Access } else { Category::Deployment },
                    match (gate_lost, prod(e)) {
                        (true, true) => Risk::High,
                        (true, false) | (false, true) => Risk::Medium,
                        (false, false) => Risk::Low,
                    },
                    if gate_lost {
                        format!("job `{name}` deploys to `{e}` without waiting for someone to start it (`when: manual` removed)")
                    } else {
                        format!("changes job `{name}`, which deploys to `{e}`")
                    },
                );
                out.push(if prod(e) {
                    c.approval("a production deployment pipeline changed (OUT-04)")
                } else {
                    c
                });
            }
            _ => {}
        }
        if let Some(old) = old
            && let (Some(bi), Some(hi)) = (image(old), image(job))
            && bi != hi
        {
            out.push(
                Change::new(
                    path,
                    job.get("image").map_or(job.line, |i| i.line),
                    "gitlab.image-changed",
                    Category::SupplyChain,
                    Risk::Low,
                    format!("moves job `{name}` to image {}", image_change(bi, hi)),
                )
                .values(bi, hi),
            );
        }
    }
    for (name, old) in jobs(&base) {
        if head.get(name).is_none() {
            let deploys = env_of(old).map(|e| format!(", which deployed to `{e}`")).unwrap_or_default();
            out.push(Change::new(
                path,
                old.line,
                "gitlab.job-removed",
                Category::Ci,
                Risk::Low,
                format!("removes job `{name}`{deploys}"),
            ));
        }
    }
    let before: Vec<String> = includes(&base).into_iter().map(|(s, _)| s).collect();
    for (inc, line) in includes(&head) {
        if before.contains(&inc) {
            continue;
        }
        let remote = inc.starts_with("remote:") || inc.starts_with("http");
        out.push(Change::new(
            path,
            line,
            "gitlab.include-added",
            Category::SupplyChain,
            if remote { Risk::Medium } else { Risk::Low },
            format!(
                "includes `{inc}`{}",
                if remote {
                    ": jobs defined elsewhere, which can change without a commit here"
                } else {
                    ""
                }
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str) -> Vec<Change> {
        pipeline(&Pair {
            path: ".gitlab-ci.yml",
            kind: FileKind::GitlabCi,
            base: Some(base),
            head: Some(head),
            production: false,
            owner: None,
        })
    }

    const BASE: &str = "stages: [test, deploy]\ninclude:\n  - project: group/ci\n    ref: v1\n    file: /base.yml\ntest:\n  image: python:3.12\n  script: pytest\ndeploy:\n  stage: deploy\n  script: ./deploy.sh\n  environment: production\n  when: manual\n";

    #[test]
    fn deploy_jobs_images_and_includes() {
        assert!(run(BASE, BASE).is_empty());
        let c = run(BASE, &BASE.replace("  when: manual\n", ""));
        assert_eq!(
            (c[0].kind, c[0].risk, c[0].approval.is_some()),
            ("gitlab.manual-gate-removed", Risk::High, true)
        );
        let head = BASE.replace("python:3.12", "python:3.13").replace("ref: v1", "ref: v2")
            + "review:\n  script: ./review.sh\n  environment: review/$CI_COMMIT_REF_SLUG\n";
        let kinds: Vec<_> = run(BASE, &head).iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(
            kinds,
            [
                ("gitlab.image-changed", Risk::Low),
                ("gitlab.deploy-job-added", Risk::Low),
                ("gitlab.include-added", Risk::Low)
            ]
        );
        let head = BASE.replace("test:\n  image: python:3.12\n  script: pytest\n", "").replace(
            "  - project: group/ci\n    ref: v1\n    file: /base.yml\n",
            "  - remote: https://example.com/ci.yml\n",
        );
        let kinds: Vec<_> = run(BASE, &head).iter().map(|c| (c.kind, c.risk)).collect();
        assert_eq!(kinds, [("gitlab.job-removed", Risk::Low), ("gitlab.include-added", Risk::Medium)]);
    }
}
