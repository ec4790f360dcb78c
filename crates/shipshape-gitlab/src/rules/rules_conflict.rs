use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GL020", name: "rules-conflict", severity: Error, category: Correctness, default: true, fix: None,
    peers: [], options: [],
    summary: "`rules:` mixed with `only`/`except`, or rules that can never be reached",
    what: "Flags jobs that use `rules:` together with `only:` or `except:` (GitLab rejects it), and (a warning) rules after an unconditional rule (no `if`, `changes` or `exists`), which are never evaluated; an unconditional `when: never` first switches the job off on purpose and is not flagged.",
    why: "The first is a pipeline error; the second silently ignores the conditions written below the catch-all.",
    example: "test:\n  script: make test\n  rules:\n    - when: always\n    - if: $CI_COMMIT_TAG\n      when: never",
    instead: "test:\n  script: make test\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: never\n    - when: always",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.gitlab.com/ci/jobs/job_rules/",
    spans: ["if: $CI_COMMIT_TAG\n      when: never"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (name, _, job) in cx.jobs() {
        let Some((rk, rules)) = job.get_entry("rules") else { continue };
        for key in ["only", "except"] {
            // `except: null` cancels an inherited `except:` (GitLab ignores a null `only`/`except`
            // beside `rules:`: knot-resolver's `docker:dockerhub`, judged wrong as an error, the
            // thirty-third sample).
            if let Some((k, v)) = job.get_entry(key)
                && !v.is_null()
            {
                out.push(
                    Diagnostic::new(meta(), k.span(), format!("job `{name}` has both `rules:` and `{key}:`"))
                        .label(rk.span(), "rules here")
                        .help(format!("express the `{key}:` condition in `rules:`")),
                );
            }
        }
        let items = rules.items();
        if let Some(i) = items
            .iter()
            .position(|r| r.is_map() && ["if", "changes", "exists"].iter().all(|k| r.get(k).is_none()))
            && let Some(next) = items.get(i + 1)
            // `- when: never` first switches the job off while keeping its rules: on purpose.
            && items[i].get("when").and_then(|w| w.as_str()) != Some("never")
        {
            // GitLab accepts it and runs the pipeline: the conditions below are dead, not an error.
            out.push(
                Diagnostic::new(
                    meta(),
                    next.span(),
                    "this rule is never reached: the rule before it matches everything",
                )
                .severity(shipshape_core::Severity::Warning)
                .help("move the unconditional rule to the end"),
            );
        }
    }
}
