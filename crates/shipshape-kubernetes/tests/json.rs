//! Manifests written in JSON (`kubectl get -o json`, generated manifests) are found, parsed and
//! audited like YAML ones, with spans on the JSON text; other JSON files are not manifests.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::{FileKind, classify};
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{File, check, spans};
use shipshape_kubernetes::KubernetesChecker;
use std::path::Path;

const DEPLOY: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "api", "namespace": "default"},
  "spec": {
    "replicas": 2,
    "selector": {"matchLabels": {"app": "api"}},
    "template": {
      "metadata": {"labels": {"app": "api"}},
      "spec": {
        "containers": [
          {"name": "api", "image": "nginx:latest", "securityContext": {"privileged": true}}
        ]
      }
    }
  }
}
"#;

#[test]
fn a_json_manifest_is_classified_and_audited_with_exact_spans() {
    assert_eq!(classify(Path::new("k8s/api.json"), DEPLOY, false), FileKind::Kubernetes);
    let report = check(
        &KubernetesChecker::default(),
        File::new(FileKind::Kubernetes, "k8s/api.json"),
        DEPLOY,
        &["K8S003", "K8S017", "K8S024", "K8S000"],
        FixMode::Off,
    );
    let found = spans(&report, DEPLOY);
    assert_eq!(
        found,
        [
            ("K8S024".to_owned(), "\"default\"".to_owned()),
            ("K8S017".to_owned(), "\"nginx:latest\"".to_owned()),
            ("K8S003".to_owned(), "true".to_owned()),
        ]
    );
    // A `List` (what `kubectl get -o json` prints) holds its objects in `items`.
    let list = format!(
        r#"{{"apiVersion": "v1", "kind": "List", "metadata": {{}}, "items": [{}]}}"#,
        DEPLOY.trim()
    );
    assert_eq!(classify(Path::new("all.json"), &list, false), FileKind::Kubernetes);
    let report = check(
        &KubernetesChecker::default(),
        File::new(FileKind::Kubernetes, "all.json"),
        &list,
        &["K8S003"],
        FixMode::Off,
    );
    assert_eq!(spans(&report, &list), [("K8S003".to_owned(), "true".to_owned())]);
    // A package.json is not a manifest.
    let package = r#"{"name": "api", "version": "1.0.0", "dependencies": {"kind": "^1"}}"#;
    assert_eq!(classify(Path::new("package.json"), package, false), FileKind::Other);
}

#[test]
fn json_manifests_of_the_directory_are_part_of_its_view() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // The Service selects the pods of the Deployment written in JSON next to it.
    let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n";
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n";
    let src = format!("{web}---\n{svc}");
    std::fs::write(root.join("api.json"), DEPLOY).unwrap();
    std::fs::write(root.join("package.json"), r#"{"name": "x", "kind": "y"}"#).unwrap();
    let path = root.join("app.yaml");
    std::fs::write(&path, &src).unwrap();
    let report = check(
        &KubernetesChecker::default(),
        File::at(FileKind::Kubernetes, &path),
        &src,
        &["K8S039"],
        FixMode::Off,
    );
    assert!(report.findings.is_empty(), "{:?}", spans(&report, &src));
    // Without it, the Service selects nothing.
    std::fs::remove_file(root.join("api.json")).unwrap();
    let report = check(
        &KubernetesChecker::default(),
        File::at(FileKind::Kubernetes, &path),
        &src,
        &["K8S039"],
        FixMode::Off,
    );
    assert_eq!(spans(&report, &src), [("K8S039".to_owned(), "app: api".to_owned())]);
}
