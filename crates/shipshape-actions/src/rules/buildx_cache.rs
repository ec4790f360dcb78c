use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Severity};

rule! {
    code: "GHA054", name: "buildx-cache", severity: Info, category: Performance, default: false, fix: None,
    peers: [], options: [],
    summary: "`docker/build-push-action` builds without a layer cache, or with a cache buildx cannot use",
    what: "Flags `docker/build-push-action` steps with no `cache-from`; and, as an error, `cache-from`/`cache-to` of `type=gha` (or `registry`, `local`, `s3`) in a job with no earlier `docker/setup-buildx-action` step, since the default `docker` driver cannot export those caches.",
    why: "Each CI runner starts empty: without an external cache every layer is rebuilt on every run, which is usually minutes wasted.",
    example: "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: false",
    instead: "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          push: false\n          cache-from: type=gha\n          cache-to: type=gha,mode=max",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/ci/github-actions/cache/",
    spans: ["docker/build-push-action@v6"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let mut buildx = false;
        for step in model::steps(job) {
            if model::step_uses(step, "docker/setup-buildx-action") {
                buildx = true;
                continue;
            }
            if !model::step_uses(step, "docker/build-push-action") {
                continue;
            }
            let Some((_, node)) = model::uses_of(step) else { continue };
            match model::with(step, "cache-from") {
                None => out.push(
                    Diagnostic::new(meta(), node.span(), "this image build has no layer cache")
                        .help("add `cache-from: type=gha` and `cache-to: type=gha,mode=max` (after `docker/setup-buildx-action`)"),
                ),
                Some(from) if !buildx => {
                    let exported = ["cache-from", "cache-to"]
                        .iter()
                        .filter_map(|k| model::with(step, k)?.as_text())
                        .any(|t| {
                            ["type=gha", "type=registry", "type=local", "type=s3", "type=azblob"]
                                .iter()
                                .any(|ty| t.contains(ty))
                        });
                    if exported {
                        out.push(
                            Diagnostic::new(meta(), from.span(), "this cache needs buildx, but the job never sets it up")
                                .severity(Severity::Error)
                                .help("add a `docker/setup-buildx-action` step before the build"),
                        );
                    }
                }
                Some(_) => {}
            }
        }
    }
}
