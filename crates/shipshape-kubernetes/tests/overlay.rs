//! Cross-file rules read the files beside the checked one through the run's source tree: a file that
//! exists only in an `Overlay` (an editor's unsaved buffer, an agent's not-yet-written file) is seen,
//! and nothing read in one run is kept for the next.
#![allow(clippy::unwrap_used, clippy::panic)]
// The repositories are built in temporary directories on disk, under the overlay.
#![allow(clippy::disallowed_methods)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{self, File, check_tree};
use shipshape_core::tree::{Disk, Overlay, SourceTree};
use shipshape_kubernetes::KubernetesChecker;
use std::path::Path;
use std::sync::Arc;

/// The codes found by `checker` (rules `select`) in `src` at `path`, in one run over `tree`.
fn codes(checker: &KubernetesChecker, tree: Arc<dyn SourceTree>, path: &Path, src: &str, select: &[&str]) -> Vec<String> {
    let display = path.display().to_string();
    let file = File {
        kind: FileKind::Kubernetes,
        display: &display,
        path: Some(path.to_path_buf()),
    };
    testkit::codes(&check_tree(tree, checker, file, src, select, FixMode::Off))
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
const OTHER: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: nginx:1.29\n";
const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n";

/// K8S039 reads the directory: a sibling Deployment only in the overlay is selected, and one checker
/// run over the disk, then an overlay, then the disk again, answers for each run's own tree (its
/// directory summaries belong to the run, not to the checker).
#[test]
fn a_sibling_manifest_only_in_the_overlay_is_seen_and_runs_do_not_share_directories() {
    for repository in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        if repository {
            std::fs::create_dir(dir.path().join(".git")).unwrap();
        }
        std::fs::write(dir.path().join("api.yaml"), OTHER).unwrap();
        let svc = dir.path().join("service.yaml");
        std::fs::write(&svc, SERVICE).unwrap();
        let checker = KubernetesChecker::default();
        let mut overlay = Overlay::new(Arc::new(Disk));
        overlay.insert(&dir.path().join("web.yaml"), WEB);
        let overlay: Arc<dyn SourceTree> = Arc::new(overlay);
        assert_eq!(
            codes(&checker, Arc::new(Disk), &svc, SERVICE, &["K8S039"]),
            ["K8S039"],
            "repository: {repository}"
        );
        assert!(
            codes(&checker, overlay.clone(), &svc, SERVICE, &["K8S039"]).is_empty(),
            "repository: {repository}"
        );
        assert_eq!(
            codes(&checker, Arc::new(Disk), &svc, SERVICE, &["K8S039"]),
            ["K8S039"],
            "repository: {repository}"
        );
        // The checked file itself may be one the overlay holds only.
        let unsaved = dir.path().join("unsaved.yaml");
        assert!(
            codes(&checker, overlay, &unsaved, SERVICE, &["K8S039"]).is_empty(),
            "repository: {repository}"
        );
    }
}

/// XF002 reads the Dockerfile the repository's CI builds the image from: one that exists only in
/// the overlay is read.
#[test]
fn a_dockerfile_only_in_the_overlay_gives_the_exposed_ports() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in [".git", ".github/workflows", "deploy"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(
        root.join(".github/workflows/release.yml"),
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/web:${{ github.sha }}\n",
    )
    .unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.4.0\n      ports:\n        - containerPort: 3000\n";
    let path = root.join("deploy/pod.yaml");
    std::fs::write(&path, pod).unwrap();
    let checker = KubernetesChecker::default();
    // No Dockerfile on disk: nothing to compare with.
    assert!(codes(&checker, Arc::new(Disk), &path, pod, &["XF002"]).is_empty());
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&root.join("Dockerfile"), "FROM node:22-alpine\nEXPOSE 8080\n");
    assert_eq!(codes(&checker, Arc::new(overlay), &path, pod, &["XF002"]), ["XF002"]);
}
