//! `shipshape review` on real git repositories built here: two commits (and a working tree) whose
//! differences cover each kind of change, the risk each gets (SEED-REQUIREMENTS §3.2), approval,
//! rollback, the findings compared by fingerprint, and every output format (the JSON against
//! `docs/review.schema.json`, the SARIF against the SARIF 2.1.0 schema).

#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (p, text) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(["-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "git {args:?}");
}

fn commit(dir: &Path, files: &[(&str, &str)], message: &str) {
    write(dir, files);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn review(dir: &Path, args: &[&str]) -> (Vec<u8>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .arg("review")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty() || out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, out.status.code().unwrap_or(-1))
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--format", "json"];
    a.extend_from_slice(args);
    let (out, _) = review(dir, &a);
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)))
}

/// Validate `doc` against the JSON Schema at `schema` with Python's jsonschema (the test venv's).
fn validate(schema: &Path, doc: &serde_json::Value, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("doc.json");
    std::fs::write(&path, serde_json::to_vec(doc).unwrap()).unwrap();
    let python = std::env::var("SHIPSHAPE_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = "import json,sys,jsonschema\njsonschema.validate(json.load(open(sys.argv[2])),json.load(open(sys.argv[1])))";
    match Command::new(&python).args(["-c", script]).arg(schema).arg(&path).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) if std::env::var("CI").is_err() && String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("skipped: python jsonschema is not installed")
        }
        Ok(o) => panic!("{what} does not validate: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => assert!(std::env::var("CI").is_err(), "cannot run {python}: {e}"),
    }
}

const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.2
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
";

const WORKFLOW: &str = "name: ci
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          persist-credentials: false
      - run: make test
";

const DOCKERFILE: &str = "FROM python:3.13-slim
WORKDIR /app
COPY . .
USER 10001
CMD [\"python\", \"app.py\"]
";

const COMPOSE: &str = "services:
  web:
    image: ghcr.io/acme/web:1.4.2
    restart: unless-stopped
    ports:
      - \"127.0.0.1:8080:8080\"
";

const TERRAFORM: &str = r#"resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_db_instance" "main" {
  identifier          = "main"
  instance_class      = "db.t3.medium"
  storage_encrypted   = true
  deletion_protection = true
}
"#;

const ALERTS: &str = "groups:
  - name: web
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.05
        for: 5m
";

fn base_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    commit(
        dir.path(),
        &[
            ("k8s/prod/web.yaml", DEPLOY),
            (".github/workflows/ci.yml", WORKFLOW),
            ("Dockerfile", DOCKERFILE),
            ("compose.yaml", COMPOSE),
            ("infra/prod/main.tf", TERRAFORM),
            ("monitoring/alerts.yml", ALERTS),
            ("README.md", "# app\n"),
        ],
        "base",
    );
    dir
}

fn kinds(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap().to_owned(), c["risk"].as_str().unwrap().to_owned()))
        .collect()
}

fn has(doc: &serde_json::Value, kind: &str, risk: &str) -> bool {
    kinds(doc).iter().any(|(k, r)| k == kind && r == risk)
}

#[test]
fn every_kind_of_change_gets_its_risk() {
    let dir = base_repo();
    let d = dir.path();
    commit(
        d,
        &[
            (
                "k8s/prod/web.yaml",
                DEPLOY
                    .replace("replicas: 2", "replicas: 4")
                    .replace("web:1.4.2", "web:latest")
                    .replace("          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n", "")
                    .replace("  selector:\n    app: web\n  ports:", "  type: LoadBalancer\n  selector:\n    app: web\n  ports:")
                    .split("---\napiVersion: networking.k8s.io/v1")
                    .next()
                    .unwrap()
                    ,
            ),
            (
                ".github/workflows/ci.yml",
                &WORKFLOW
                    .replace("on: [push]", "on: [push, pull_request_target]")
                    .replace("  contents: read\n", "  contents: write\n")
                    .replace("      - run: make test\n", "      - uses: some/deployer@main\n      - run: make test\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n"),
            ),
            (
                "Dockerfile",
                &DOCKERFILE.replace("python:3.13-slim", "python:3.14-slim").replace("USER 10001\n", "EXPOSE 22\n"),
            ),
            (
                "compose.yaml",
                &COMPOSE.replace("\"127.0.0.1:8080:8080\"", "\"127.0.0.1:8080:8080\"\n      - \"5432:5432\"\n    privileged: true"),
            ),
            (
                "infra/prod/main.tf",
                &TERRAFORM
                    .replace("[\"10.0.0.0/8\"]", "[\"0.0.0.0/0\"]")
                    .replace("  deletion_protection = true\n", ""),
            ),
            ("monitoring/alerts.yml", &ALERTS.replace("> 0.05", "> 0.2")),
            ("db/migrate/20261206000000_add_orders.rb", "class AddOrders < ActiveRecord::Migration[7.1]\nend\n"),
            ("README.md", "# app\n\nmore\n"),
        ],
        "change",
    );
    let doc = json(d, &["--base", "HEAD~1", "--head", "HEAD"]);
    for (kind, risk) in [
        ("kubernetes.replicas", "high"),
        ("kubernetes.image-changed", "high"),
        ("kubernetes.probe-removed", "high"),
        ("kubernetes.service-exposed", "high"),
        ("kubernetes.object-removed", "high"),
        ("workflow.privileged-trigger-added", "high"),
        ("workflow.permissions-widened", "high"),
        ("workflow.secrets-exposed", "high"),
        ("workflow.action-added-unpinned", "medium"),
        ("dockerfile.base-image-tag", "medium"),
        ("dockerfile.user-removed", "high"),
        ("dockerfile.port-exposed", "low"),
        ("compose.port-published", "medium"),
        ("compose.privilege-granted", "high"),
        ("terraform.open-to-internet", "high"),
        ("terraform.protection-off", "high"),
        ("monitoring.alert-changed", "medium"),
        ("migration", "high"),
    ] {
        assert!(has(&doc, kind, risk), "{kind} {risk}: {:?}", kinds(&doc));
    }
    assert_eq!(doc["riskLevel"], "high");
    assert_eq!(doc["approvalNeeded"], true);
    let reason = doc["approvalReason"].as_str().unwrap();
    for trigger in ["SAFE-02 #2", "SAFE-02 #3", "SAFE-02 #4"] {
        assert!(reason.contains(trigger), "{trigger}: {reason}");
    }
    assert_eq!(doc["rollbackRequired"], true);
    let steps = doc["rollbackSteps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for step in [
        "kubectl rollout undo deployment/web -n shop",
        "bin/rails db:rollback",
        "git revert",
        "terraform -chdir=infra/prod plan",
        "docker compose -f compose.yaml up -d",
    ] {
        assert!(steps.contains(step), "{step}: {steps}");
    }
    // README.md is counted, not listed.
    assert_eq!(doc["otherFiles"], 1);
    assert!(doc["filesChanged"].as_array().unwrap().iter().all(|f| f != "README.md"));
    // Findings: the unpinned action and the root user are new; the probe's absence too.
    let new: Vec<&str> = doc["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(new.contains(&"GHA005"), "{new:?}");
    // The id is a UUIDv5 and deterministic.
    let again = json(d, &["--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(doc["taskId"], again["taskId"]);
    // Warnings only are new: the change waits for approval, it has not failed.
    assert_eq!(doc["status"], "needs_approval", "{}", doc["summary"]);
    validate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/review.schema.json"),
        &doc,
        "review JSON",
    );

    // The other formats.
    let (md, _) = review(d, &["--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"]);
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.starts_with("## shipshape review") && md.contains("**Risk: 🟠 high**") && md.contains("### Rollback"),
        "{md}"
    );
    let (sarif, _) = review(d, &["--base", "HEAD~1", "--head", "HEAD", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        doc["findings"]["new"].as_array().unwrap().len() + doc["findings"]["escalated"].as_array().unwrap().len()
    );
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    if schema.exists() {
        validate(&schema, &sarif, "review SARIF");
    }
    let (human, _) = review(d, &["--base", "HEAD~1", "--head", "HEAD"]);
    assert!(String::from_utf8(human).unwrap().starts_with("risk: high (approval needed)"));
    // --fail-on: new findings, and the risk.
    assert_eq!(review(d, &["--base", "HEAD~1", "--head", "HEAD", "--fail-on", "new"]).1, 1);
    assert_eq!(review(d, &["--base", "HEAD~1", "--head", "HEAD", "--fail-on", "critical"]).1, 0);
}

#[test]
fn a_ci_only_change_is_low_and_moved_lines_are_not_new() {
    let dir = base_repo();
    let d = dir.path();
    // The same workflow with a step added before the others: its findings move, none is new.
    commit(
        d,
        &[(
            ".github/workflows/ci.yml",
            &WORKFLOW.replace("    steps:\n", "    steps:\n      - run: echo lint\n"),
        )],
        "lint step",
    );
    let doc = json(d, &["--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(doc["riskLevel"], "low", "{}", doc["summary"]);
    assert_eq!(doc["approvalNeeded"], false);
    assert_eq!(doc["status"], "complete");
    assert!(doc["findings"]["new"].as_array().unwrap().is_empty(), "{}", doc["findings"]);
    assert_eq!(doc["rollbackRequired"], false);
}

#[test]
fn the_working_tree_against_the_base_and_a_plan() {
    let dir = base_repo();
    let d = dir.path();
    // Uncommitted and untracked changes are the head by default; the base defaults to main.
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(
        d,
        &[
            ("k8s/prod/web.yaml", &DEPLOY.replace("cpu: 250m", "cpu: \"1\"")),
            (
                "k8s/prod/pdb.yaml",
                "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n",
            ),
        ],
    );
    let plan = r#"{"format_version": "1.2", "resource_changes": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "change": {"actions": ["delete", "create"], "before": {}, "after": {}, "replace_paths": [["identifier"]]}}]}"#;
    std::fs::write(d.join("plan.json"), plan).unwrap();
    let doc = json(d, &["--plan", "plan.json", "k8s"]);
    assert!(has(&doc, "kubernetes.resources", "high"), "{:?}", kinds(&doc));
    assert!(has(&doc, "terraform.replaced", "critical"), "{:?}", kinds(&doc));
    assert_eq!(doc["riskLevel"], "critical");
    assert_eq!(doc["head"]["commit"], serde_json::Value::Null);
    assert_eq!(doc["filesCreated"], serde_json::json!(["k8s/prod/pdb.yaml"]));
    assert_eq!(doc["plans"][0]["replace"], 1);
    // Only the paths asked for: plan.json (untracked) is not a changed file of `k8s`.
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"].as_str().unwrap().starts_with("k8s/"))
    );
    let steps = doc["rollbackSteps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(steps.contains("`aws_db_instance.main` cannot be rolled back"), "{steps}");
    assert!(steps.contains("kubectl delete -f k8s/prod/pdb.yaml"), "{steps}");
    validate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/review.schema.json"),
        &doc,
        "review JSON",
    );
    // A revision that does not exist is a clear error.
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["review", "--base", "nope"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nope` names no commit"));
}

/// Every other kind of change, each on its own two-commit repository: (file, base, head, the
/// change kind expected, its risk, whether it carries an approval trigger; in a production file
/// the weightiest change carries OUT-04's when it has none of its own).
#[test]
fn each_kind_of_change_on_its_own_repository() {
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [get]\n";
    let hpa =
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n";
    let tls = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: QQ==\n";
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: a.example.com\n";
    let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n";
    let compose = "services:\n  web:\n    image: acme/web:1.0\n    restart: always\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n";
    let tf = "terraform {\n  backend \"s3\" {\n    bucket = \"a\"\n  }\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n}\n\nmodule \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.1.0\"\n}\n\nresource \"aws_instance\" \"app\" {\n  count         = 2\n  instance_type = \"t3.small\"\n}\n\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = \"data\"\n}\n\nresource \"aws_db_instance\" \"db\" {\n  publicly_accessible = false\n}\n";
    let wf = "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n  call:\n    uses: ./.github/workflows/r.yml\n";
    let alerts =
        "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up == 0\n      - alert: Slow\n        expr: latency > 1\n";
    let cases: Vec<(&str, String, String, &str, &str, bool)> = vec![
        (
            "k8s/prod/hpa.yaml",
            hpa.into(),
            hpa.replace("maxReplicas: 10", "maxReplicas: 20"),
            "kubernetes.autoscaling",
            "high",
            true,
        ),
        (
            "k8s/prod/rbac.yaml",
            role.into(),
            role.replace("verbs: [get]", "verbs: [\"*\"]"),
            "kubernetes.rbac-widened",
            "high",
            true,
        ),
        (
            "k8s/prod/tls.yaml",
            tls.into(),
            tls.replace("QQ==", "Qg=="),
            "kubernetes.tls-changed",
            "high",
            true,
        ),
        (
            "k8s/prod/ingress.yaml",
            ingress.into(),
            ingress.replace("a.example.com", "b.example.com"),
            "kubernetes.ingress-changed",
            "high",
            true,
        ),
        (
            "k8s/prod/pdb.yaml",
            format!("{pdb}---\n{hpa}"),
            hpa.into(),
            "kubernetes.object-removed",
            "high",
            true,
        ),
        (
            ".github/workflows/ci.yml",
            wf.into(),
            wf.replace(
                "    uses: ./.github/workflows/r.yml\n",
                "    uses: ./.github/workflows/r.yml\n    secrets: inherit\n",
            ),
            "workflow.secrets-inherited",
            "medium",
            false,
        ),
        (
            ".github/workflows/ci.yml",
            wf.into(),
            wf.replace("ubuntu-24.04", "[self-hosted, linux]"),
            "workflow.self-hosted-runner",
            "medium",
            false,
        ),
        (
            ".github/workflows/ci.yml",
            wf.into(),
            wf.replace(
                "11bd71901bbe5b1630ceea73d27597364c9af683",
                "08c6903cd8c0fde910a37f88322edcfb5dd907a8",
            ),
            "workflow.action-repinned",
            "low",
            false,
        ),
        (
            "compose.yaml",
            compose.into(),
            compose.replace("    restart: always\n", ""),
            "compose.restart-removed",
            "medium",
            false,
        ),
        (
            "compose.yaml",
            compose.into(),
            compose.replace("    healthcheck:\n      test: [\"CMD\", \"true\"]\n", ""),
            "compose.healthcheck-removed",
            "medium",
            false,
        ),
        (
            "compose.yaml",
            compose.into(),
            compose.replace("acme/web:1.0", "acme/web:1.1"),
            "compose.image-changed",
            "medium",
            false,
        ),
        (
            "Dockerfile",
            "FROM alpine:3.20\nRUN true\n".into(),
            "FROM alpine:3.20\nADD https://example.com/tool.tgz /opt/\nRUN true\n".into(),
            "dockerfile.remote-add",
            "medium",
            false,
        ),
        (
            "Dockerfile",
            "FROM alpine:3.20\n".into(),
            "FROM debian:12-slim\n".into(),
            "dockerfile.base-image-changed",
            "medium",
            false,
        ),
        (
            "Dockerfile",
            "FROM alpine:3.20\n".into(),
            "FROM alpine:3.20\nENV API_TOKEN=s3cr3tvalue\n".into(),
            "dockerfile.secret-variable-added",
            "high",
            false,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("bucket = \"a\"", "bucket = \"b\""),
            "terraform.backend-changed",
            "high",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("version = \"5.1.0\"", "version = \"6.0.0\""),
            "terraform.module-moved",
            "medium",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("version = \"~> 5.0\"", "version = \"~> 6.0\""),
            "terraform.provider-moved",
            "medium",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("count         = 2", "count         = 4"),
            "terraform.capacity",
            "high",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("publicly_accessible = false", "publicly_accessible = true"),
            "terraform.public",
            "high",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"data\"\n}\n", ""),
            "terraform.destroyed",
            "critical",
            true,
        ),
        (
            "monitoring/alerts.yml",
            alerts.into(),
            alerts.replace("      - alert: Slow\n        expr: latency > 1\n", ""),
            "monitoring.alert-removed",
            "medium",
            false,
        ),
        (
            "monitoring/prometheus.yml",
            "global:\n  scrape_interval: 15s\n".into(),
            "global:\n  scrape_interval: 60s\n".into(),
            "monitoring.config-changed",
            "medium",
            false,
        ),
        (
            "k8s/prod/web.yaml",
            DEPLOY.into(),
            DEPLOY.replace("      containers:\n", "      hostNetwork: true\n      containers:\n"),
            "kubernetes.host-access",
            "high",
            true,
        ),
        (
            "k8s/prod/web.yaml",
            DEPLOY.into(),
            DEPLOY.replace(
                "          resources:\n",
                "          securityContext:\n            privileged: true\n          resources:\n",
            ),
            "kubernetes.privileged",
            "high",
            true,
        ),
        (
            "k8s/prod/web.yaml",
            DEPLOY.into(),
            DEPLOY.replace("  template:\n", "  strategy:\n    type: Recreate\n  template:\n"),
            "kubernetes.rollout-strategy",
            "high",
            true,
        ),
        (
            "k8s/prod/web.yaml",
            DEPLOY.into(),
            DEPLOY.replace("      app: web\n  template", "      app: web-v2\n  template"),
            "kubernetes.selector-changed",
            "high",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            format!("{tf}resource \"aws_sqs_queue\" \"jobs\" {{\n  name = \"jobs\"\n}}\n"),
            "terraform.added",
            "low",
            false,
        ),
        (
            ".github/workflows/ci.yml",
            wf.into(),
            wf.replace("on: push", "on: [push, workflow_run]"),
            "workflow.privileged-trigger-added",
            "high",
            false,
        ),
        (
            "app/alembic/versions/1a2b_orders.py",
            "revision = '1a2b'\n".into(),
            "revision = '1a2b'\n# orders\n".into(),
            "migration",
            "high",
            true,
        ),
        (
            ".gitlab-ci.yml",
            "deploy:\n  script: ./deploy.sh\n  environment: production\n  when: manual\n".into(),
            "deploy:\n  script: ./deploy.sh\n  environment: production\n".into(),
            "gitlab.manual-gate-removed",
            "high",
            true,
        ),
        (
            "infra/main.tf",
            tf.into(),
            tf.replace("bucket = \"data\"", "bucket = \"data-2\""),
            "terraform.replaced",
            "critical",
            true,
        ),
    ];
    for (path, base, head, kind, risk, approval) in cases {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        commit(d, &[(path, &base)], "base");
        commit(d, &[(path, &head)], "head");
        let doc = json(d, &["--base", "HEAD~1", "--head", "HEAD"]);
        assert!(has(&doc, kind, risk), "{path} {kind} {risk}: {:?}", kinds(&doc));
        let gated = doc["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == kind && c.get("approval").is_some());
        assert_eq!(gated, approval, "{kind}: {}", doc["changes"]);
        validate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/review.schema.json"), &doc, kind);
    }
}
