use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA010", name: "hardcoded-container-credentials", severity: Error, category: Security, default: true, fix: None,
    peers: ["zizmor:hardcoded-container-credentials", "actionlint:credentials"], options: [],
    summary: "A container or service registry password is written in the workflow",
    what: "Flags `credentials.password` of a job `container:` or a `services:` entry that is a literal instead of a `${{ secrets.… }}` expression.",
    why: "Anything in the workflow file is readable by everyone who can read the repository, forks included.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: ghcr.io/acme/ci:1\n      credentials:\n        username: ci\n        password: hunter2hunter2\n    steps:\n      - run: make test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: ghcr.io/acme/ci:1\n      credentials:\n        username: ci\n        password: ${{ secrets.REGISTRY_TOKEN }}\n    steps:\n      - run: make test",
    fix_safety: "No automatic fix: move the value into a secret and rotate it.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idcontainercredentials",
    spans: ["hunter2hunter2"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let mut containers: Vec<_> = job.get("container").into_iter().collect();
        if let Some(services) = job.get("services") {
            containers.extend(services.entries().into_iter().map(|(_, v)| v));
        }
        for c in containers {
            if let Some(p) = c.get("credentials").and_then(|cr| cr.get("password"))
                && let Some(text) = p.as_text()
                && !text.contains("${{")
            {
                out.push(
                    Diagnostic::new(meta(), p.span(), "registry password written in the workflow")
                        .help("use `${{ secrets.NAME }}` and rotate the exposed password")
                        .secret(),
                );
            }
        }
    }
}
