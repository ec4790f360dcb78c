use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;
use std::collections::HashSet;

rule! {
    code: "GHA056", name: "deploy-without-tests", severity: Warning, category: Reliability, default: true, fix: None,
    peers: [], options: [],
    summary: "A deploy or publish job does not wait for the tests",
    what: "In a workflow that has test jobs (an id or name with `test`, `lint` or `check`, or steps running a test command), flags publishing and deploying jobs whose transitive `needs:` include none of them.",
    why: "Jobs run in parallel unless `needs:` orders them: the deploy ships even when the tests fail.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    needs: test\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idneeds",
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

fn is_test_job(id: &str, job: shipshape_yaml::NodeRef) -> bool {
    let name = format!("{id} {}", job.get("name").and_then(|n| n.as_text()).unwrap_or_default()).to_ascii_lowercase();
    ["test", "lint", "check"].iter().any(|w| name.contains(w))
        || model::steps(job)
            .into_iter()
            .any(|s| model::run_text(s).is_some_and(|t| TEST_COMMANDS.iter().any(|c| t.contains(c))))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let jobs = model::jobs(cx.root);
    let id = |k: shipshape_yaml::NodeRef| k.as_str().unwrap_or_default().to_owned();
    let tests: HashSet<String> = jobs
        .iter()
        .filter(|(k, j)| !model::job_publishes(*j) && is_test_job(&id(*k), *j))
        .map(|(k, _)| id(*k))
        .collect();
    if tests.is_empty() {
        return;
    }
    for (k, job) in &jobs {
        let me = id(*k);
        if tests.contains(&me) || !(model::job_publishes(*job) || model::job_deploys(&me, *job)) {
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
        if seen.iter().any(|n| tests.contains(n)) {
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
