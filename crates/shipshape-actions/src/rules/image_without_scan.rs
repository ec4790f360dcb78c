use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA060", name: "image-without-scan", severity: Info, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "An image is published with no vulnerability scan in the workflow",
    what: "Flags image pushes (`docker/build-push-action` with `push: true`, `docker push`) in workflows where no step runs a scanner (Trivy, Grype, Snyk, Docker Scout, Anchore, Clair).",
    why: "Base images and dependencies carry known CVEs; a scan before the push (failing on critical ones) keeps them out of the registry.",
    example: "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/app:1 .\n      - run: docker push ghcr.io/acme/app:1",
    instead: "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/app:1 .\n      - run: trivy image --exit-code 1 --severity CRITICAL ghcr.io/acme/app:1\n      - run: docker push ghcr.io/acme/app:1",
    fix_safety: "No automatic fix.",
    refs: "- https://github.com/aquasecurity/trivy-action\n- https://docs.docker.com/scout/integrations/ci/gha/",
    spans: ["docker push ghcr.io/acme/app:1"],
}

const SCAN_ACTIONS: &[&str] = &[
    "aquasecurity/trivy-action",
    "anchore/scan-action",
    "docker/scout-action",
    "snyk/actions",
    "crazy-max/ghaction-container-scan",
    "sysdiglabs/scan-action",
];
const SCAN_COMMANDS: &[&str] = &["trivy ", "grype ", "snyk container", "docker scout", "clair", "anchore"];

fn pushes_image(step: shipshape_yaml::NodeRef) -> bool {
    if model::step_uses(step, "docker/build-push-action") {
        return model::publishes(step);
    }
    model::run_text(step)
        .is_some_and(|t| t.contains("docker push") || t.contains("podman push") || (t.contains("buildx build") && t.contains("--push")))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let steps = cx.steps();
    let scanned = steps.iter().any(|(_, s)| {
        model::uses_of(*s)
            .and_then(|(u, _)| u.repo_key())
            .is_some_and(|k| SCAN_ACTIONS.contains(&k.as_str()))
            || model::run_text(*s).is_some_and(|t| SCAN_COMMANDS.iter().any(|c| t.contains(c)))
    });
    if scanned {
        return;
    }
    if let Some((_, step)) = steps.iter().find(|(_, s)| pushes_image(*s)) {
        let span = step.get("uses").or_else(|| step.get("run")).map_or(step.span(), |n| n.span());
        out.push(
            Diagnostic::new(meta(), span, "this image is published without a vulnerability scan")
                .help("scan it first, e.g. `aquasecurity/trivy-action` with `exit-code: 1` and `severity: CRITICAL,HIGH`"),
        );
    }
}
