use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashSet;

rule! {
    code: "GHA056", name: "deploy-without-tests", severity: Warning, category: Reliability, default: false, fix: None,
    peers: [], options: [],
    summary: "A deploy or publish job does not wait for the tests",
    what: "In a workflow that has test jobs (jobs with a step running a test command: `make test`, `npm test`, `pytest`, `go test`, `cargo test`…), flags publishing and deploying jobs whose transitive `needs:` include none of them. A job's id or name is not evidence either way, and a deploy that waits for a reusable-workflow call (whose steps are not visible here) is not reported.",
    why: "Jobs run in parallel unless `needs:` orders them: the deploy ships even when the tests fail.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idneeds",
    spans: ["deploy"],
}

const TEST_COMMANDS: &[&str] = &[
    "make test",
    "npm test",
    "npm run test",
    "yarn test",
    "pnpm test",
    "pytest",
    "tox",
    "go test",
    "cargo test",
    "mvn test",
    "mvn verify",
    "gradle test",
    "./gradlew test",
    "rspec",
    "phpunit",
    "jest",
    "vitest",
    "ctest",
    "dotnet test",
    "mix test",
];

/// Whether a job runs tests, from its steps (not its id or name).
fn is_test_job(job: shipshape_yaml::NodeRef) -> bool {
    model::steps(job).into_iter().any(|s| {
        model::run_text(s).is_some_and(|t| {
            t.lines()
                .map(str::trim_start)
                .filter(|l| !l.starts_with('#'))
                .any(|l| TEST_COMMANDS.iter().any(|c| l.contains(c)))
        })
    })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = model::jobs(cx.root);
    let id = |k: shipshape_yaml::NodeRef| k.as_str().unwrap_or_default().to_owned();
    let tests: HashSet<String> = jobs
        .iter()
        .filter(|(_, j)| !model::job_publishes(*j) && is_test_job(*j))
        .map(|(k, _)| id(*k))
        .collect();
    if tests.is_empty() {
        return;
    }
    for (k, job) in &jobs {
        let me = id(*k);
        if tests.contains(&me) || !(model::job_publishes(*job) || model::job_deploys(*job)) {
            continue;
        }
        // Transitive needs.
        let mut seen = HashSet::new();
        let mut todo: Vec<String> = model::needs_of(*job).into_iter().map(|(n, _)| n).collect();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some((_, j)) = jobs.iter().find(|(k, _)| k.as_str() == Some(n.as_str())) {
                todo.extend(model::needs_of(*j).into_iter().map(|(n, _)| n));
            }
        }
        // A reusable-workflow call may be the tests: its steps are not visible here.
        let calls = |n: &String| jobs.iter().any(|(k, j)| k.as_str() == Some(n.as_str()) && j.get("uses").is_some());
        if seen.iter().any(|n| tests.contains(n) || calls(n)) {
            continue;
        }
        let mut names: Vec<&String> = tests.iter().collect();
        names.sort();
        out.push(
            Diagnostic::new(
                meta(),
                k.span(),
                format!("job `{me}` publishes or deploys without waiting for the tests"),
            )
            .help(format!(
                "add `needs: [{}]`",
                names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )),
        );
    }
}
