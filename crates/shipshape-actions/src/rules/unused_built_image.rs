use crate::model::{step_uses, with};
use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};
use shipshape_yaml::images::{ImageIndex, build_command, normalize};

rule! {
    cross_file: true,
    code: "XF001", name: "unused-built-image", severity: Info, category: Maintainability, default: false, fix: None,
    peers: [], options: [],
    summary: "CI publishes an image that no Compose file or manifest of the repository runs",
    what: "For a workflow step that builds and pushes an image (`docker/build-push-action` with `push: true`, or `docker build -t` followed by `docker push` / `--push`), reports each literal image name that no Compose file, Kubernetes manifest, Helm values file or Dockerfile `FROM` of the repository refers to. Repositories without Compose files or manifests are left alone: their images are for others.",
    why: "An image built on every push but deployed nowhere costs CI minutes and registry storage, and is often the leftover of a rename: the manifests still run the old name, which no longer gets fixes.",
    example: "# deploy/app.yaml runs ghcr.io/acme/web.\non: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/website:${{ github.sha }}",
    instead: "# deploy/app.yaml runs ghcr.io/acme/web.\non: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/web:${{ github.sha }}",
    fix_safety: "No automatic fix: rename the image, or point the manifests at it.",
    refs: "- https://docs.docker.com/build/ci/github-actions/",
    spans: ["ghcr.io/acme/website:${{ github.sha }}"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(project) = cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) else {
        return;
    };
    let index = ImageIndex::of(&project);
    if index.deploy_files == 0 || project.truncated {
        return;
    }
    let mut report = |node: shipshape_yaml::NodeRef, tag: &str, repo: &str| {
        out.push(
            Diagnostic::new(
                meta(),
                cx.span_in(node, tag, 0),
                format!("`{repo}` is published here but run by no Compose file or manifest of this repository"),
            )
            .confidence(Confidence::Medium)
            .help("check the name against the manifests, or stop building it"),
        );
    };
    for (_, step) in cx.steps() {
        if step_uses(step, "docker/build-push-action") {
            if with(step, "push").and_then(|p| p.as_bool()) != Some(true) {
                continue;
            }
            let Some(tags) = with(step, "tags") else { continue };
            for tag in tags.as_text().unwrap_or_default().split([',', '\n']).map(str::trim) {
                if let Some(repo) = normalize(tag).filter(|r| !index.is_used(r)) {
                    report(tags, tag, &repo);
                }
            }
        }
        let Some(run) = step.get("run") else { continue };
        let script = run.as_text().unwrap_or_default();
        for cmd in script.lines().filter_map(build_command) {
            for tag in &cmd.tags {
                let pushed = script.contains("--push") || script.contains(&format!("push {tag}"));
                if let Some(repo) = normalize(tag).filter(|r| pushed && !index.is_used(r)) {
                    report(run, tag, &repo);
                }
            }
        }
    }
}
