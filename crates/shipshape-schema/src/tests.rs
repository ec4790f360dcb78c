use super::*;
use shipshape_yaml::Yaml;

fn problems(family: Family, src: &str) -> Vec<(String, String, Option<String>)> {
    let y = Yaml::parse(src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let root = y.docs[0].root().expect("a document");
    validate(family, root)
        .into_iter()
        .map(|p| (src[p.span.start..p.span.end].to_owned(), p.message, p.help))
        .collect()
}

#[test]
fn every_schema_loads_and_compiles() {
    for f in Family::ALL {
        assert!(compiled(f).is_some(), "{f:?}");
        assert!(VERSIONS.contains(f.name()), "{f:?} in VERSIONS.tsv");
    }
}

#[test]
fn plain_scalars_take_yaml_1_2_core_types() {
    assert_eq!(plain_scalar("on"), Value::String("on".into()));
    assert_eq!(plain_scalar("yes"), Value::String("yes".into()));
    assert_eq!(plain_scalar("true"), Value::Bool(true));
    assert_eq!(plain_scalar("~"), Value::Null);
    assert_eq!(plain_scalar("10"), Value::from(10));
    assert_eq!(plain_scalar("-3"), Value::from(-3));
    assert_eq!(plain_scalar("0x1F"), Value::from(31));
    assert_eq!(plain_scalar("1.5"), Value::from(1.5));
    assert_eq!(plain_scalar("1e3"), Value::from(1000.0));
    assert_eq!(plain_scalar("3.8.1"), Value::String("3.8.1".into()));
    assert_eq!(plain_scalar("inf"), Value::String("inf".into()));
    assert_eq!(plain_scalar("80:80"), Value::String("80:80".into()));
    assert_eq!(plain_scalar("."), Value::String(".".into()));
}

#[test]
fn a_valid_file_of_each_family_has_no_problems() {
    let compose = "services:\n  web:\n    image: nginx:1.29\n    ports:\n      - \"8080:80\"\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n      interval: 10s\nx-common: &c\n  restart: always\n";
    assert_eq!(problems(Family::Compose, compose), vec![]);
    let workflow = "on:\n  push:\n    branches: [main]\n  workflow_call:\n    inputs:\n      v:\n        type: string\n        required: true\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    environment:\n      name: prod\n      url: https://example.com\n    steps:\n      - uses: actions/checkout@v5\n      - run: make test\n";
    assert_eq!(problems(Family::GithubWorkflow, workflow), vec![]);
    let gitlab = "stages: [test]\n.base:\n  image: alpine:3.20\ntest:\n  extends: .base\n  stage: test\n  script:\n    - make test\n    - !reference [.base, image]\n";
    assert_eq!(problems(Family::GitlabCi, gitlab), vec![]);
    let dependabot = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n";
    assert_eq!(problems(Family::Dependabot, dependabot), vec![]);
}

#[test]
fn an_unexpected_nested_key_is_placed_on_the_key_with_a_suggestion() {
    let src = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment:\n      name: prod\n      urll: https://example.com\n    steps:\n      - run: make\n";
    let p = problems(Family::GithubWorkflow, src);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "urll");
    assert_eq!(p[0].1, "unexpected key `urll` in `jobs.deploy.environment`");
    assert_eq!(p[0].2.as_deref(), Some("did you mean `url`?"));
}

#[test]
fn a_compose_typo_lists_what_is_allowed() {
    let p = problems(
        Family::Compose,
        "services:\n  web:\n    image: nginx:1.29\n    helthcheck:\n      test: [\"CMD\", \"true\"]\n",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "helthcheck");
    assert_eq!(p[0].2.as_deref(), Some("did you mean `healthcheck`?"));
}

#[test]
fn a_wrong_kind_names_the_kinds_allowed() {
    let p = problems(Family::Compose, "services:\n  web:\n    image: nginx:1.29\n    ports: 8080\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "8080");
    assert_eq!(p[0].1, "`services.web.ports` is a number; expected a sequence");
}

#[test]
fn a_missing_required_key_is_named() {
    let src = "on:\n  workflow_call:\n    inputs:\n      v:\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n";
    let p = problems(Family::GithubWorkflow, src);
    assert!(p.iter().any(|(s, m, _)| s == "v" && m.contains("required key `type`")), "{p:?}");
}

#[test]
fn an_alternative_meant_explains_the_error() {
    // `depends_on` is a list or a mapping of conditions: a mapping whose condition is misspelt
    // is explained by the mapping's schema, not by "not a sequence".
    let src = "services:\n  web:\n    image: nginx:1.29\n    depends_on:\n      db:\n        condition: service_healty\n  db:\n    image: postgres:17\n";
    let p = problems(Family::Compose, src);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "service_healty");
    assert_eq!(p[0].2.as_deref(), Some("did you mean `service_healthy`?"));
}

#[test]
fn an_empty_required_value_and_an_enum_miss_are_values() {
    let p = problems(
        Family::Dependabot,
        "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weeky\n",
    );
    assert!(
        p.iter()
            .any(|(s, _, h)| s == "weeky" && h.as_deref() == Some("did you mean `weekly`?")),
        "{p:?}"
    );
}

#[test]
fn an_alias_bomb_is_not_expanded_past_the_budget() {
    // 9^6 = 531,441 nodes: within the parser's alias limit, past the validation budget.
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..6 {
        let prev = i - 1;
        src.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{prev}"); 9].join(", ")));
    }
    let y = Yaml::parse(&src);
    assert!(y.errors.is_empty(), "{:?}", y.errors);
    let root = y.docs[0].root().expect("root");
    assert!(validate(Family::Compose, root).is_empty());
}

#[test]
fn one_failing_key_does_not_make_its_siblings_unknown() {
    // electric-sql's `pull_policy: ${VAR:-missing}` failed the service's `allOf`, and JSON Schema
    // then calls every sibling "unevaluated"; `!reset null` (mwdb-core) did the same.
    let src = "services:\n  web:\n    image: nginx:1.29\n    pull_policy: ${PULL:-missing}\n    environment:\n      A: b\n  e2e:\n    image: !reset null\n    pull_policy: never\n";
    assert_eq!(problems(Family::Compose, src), vec![]);
    let typo = "services:\n  web:\n    image: nginx:1.29\n    pull_policy: alwayz\n    environment:\n      A: b\n";
    let p = problems(Family::Compose, typo);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "alwayz");
}

#[test]
fn gitlab_reads_yaml_1_1_booleans() {
    // ginkgo's `allow_failure: yes`: GitLab's Psych reads it as true.
    let src = "test:\n  script: make\n  allow_failure: yes\n  interruptible: off\n";
    assert_eq!(problems(Family::GitlabCi, src), vec![]);
    let p = problems(Family::GitlabCi, "test:\n  script: make\n  allow_failure: maybe\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].1, "`test.allow_failure` is a string; expected a boolean or mapping");
}

fn kube(src: &str) -> Vec<(String, String, Option<String>)> {
    kube_at(*KUBERNETES_MINORS.end(), src)
}

fn kube_at(minor: u16, src: &str) -> Vec<(String, String, Option<String>)> {
    let y = Yaml::parse(src);
    let root = y.docs[0].root().expect("a document");
    let api = root.get("apiVersion").and_then(|a| a.as_str()).unwrap_or("");
    let kind = root.get("kind").and_then(|a| a.as_str()).unwrap_or("");
    validate_kubernetes(minor, api, kind, root)
        .into_iter()
        .map(|p| (src[p.span.start..p.span.end].to_owned(), p.message, p.help))
        .collect()
}

#[test]
fn kubernetes_objects_are_checked_strictly_by_kind() {
    let ok = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.29\n          ports:\n            - containerPort: 80\n          resources:\n            limits: {memory: 256Mi, cpu: 500m}\n          env:\n            - name: A\n              value: \"yes\"\n";
    assert_eq!(kube(ok), vec![]);
    // The misspelt `limit` is silently dropped by a lenient apply: the pod runs without limits.
    let typo = ok.replace("limits:", "limit:");
    let p = kube(&typo);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "limit");
    assert_eq!(p[0].1, "unexpected key `limit` in `spec.template.spec.containers[0].resources`");
    assert_eq!(p[0].2.as_deref(), Some("did you mean `limits`?"));
    // Kubernetes reads YAML 1.1: an unquoted `yes` is a boolean, which an env value cannot be.
    let p = kube(&ok.replace("value: \"yes\"", "value: yes"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        p[0].1,
        "`spec.template.spec.containers[0].env[0].value` is a boolean; expected a string"
    );
    // A custom resource, or an API version the release no longer serves, is not judged.
    assert_eq!(kube("apiVersion: example.com/v1\nkind: Widget\nspec:\n  anything: 1\n"), vec![]);
    assert_eq!(
        kube("apiVersion: extensions/v1beta1\nkind: Deployment\nspec:\n  bogus: 1\n"),
        vec![]
    );
}

#[test]
fn every_shipped_kubernetes_release_is_selectable() {
    assert_eq!(KUBERNETES_VERSION, format!("1.{}", KUBERNETES_MINORS.end()));
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.29\n";
    for minor in KUBERNETES_MINORS {
        assert!(kubernetes_defines(minor, "v1", "Pod"), "1.{minor}");
        assert_eq!(kube_at(minor, pod), vec![], "1.{minor}");
        assert_eq!(kube_at(minor, &pod.replace("image:", "imag:")).len(), 1, "1.{minor}");
    }
}

#[test]
fn a_field_added_after_the_target_release_is_unknown_to_it() {
    // Sidecar containers (`restartPolicy` on an init container) came in 1.28.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: proxy\n      image: envoy:1.33\n      restartPolicy: Always\n  containers:\n    - name: web\n      image: nginx:1.29\n";
    assert_eq!(kube_at(28, pod), vec![]);
    let p = kube_at(27, pod);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].0.as_str(), p[0].1.as_str()),
        ("restartPolicy", "unexpected key `restartPolicy` in `spec.initContainers[0]`")
    );
}

#[test]
fn releases_serving_a_kind() {
    assert_eq!(
        kubernetes_served("apps/v1", "Deployment"),
        Some((*KUBERNETES_MINORS.start(), *KUBERNETES_MINORS.end()))
    );
    // ValidatingAdmissionPolicy: beta from 1.28, GA in 1.30, the beta gone in 1.34.
    assert_eq!(
        kubernetes_served("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy").map(|r| r.0),
        Some(30)
    );
    assert_eq!(
        kubernetes_served("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy"),
        Some((28, 33))
    );
    assert!(!kubernetes_defines(
        27,
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingAdmissionPolicy"
    ));
    assert!(kubernetes_defines(
        29,
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingAdmissionPolicy"
    ));
    assert_eq!(kubernetes_served("example.com/v1", "Widget"), None);
    assert_eq!(
        kubernetes_serving("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", 31).as_deref(),
        Some("admissionregistration.k8s.io/v1")
    );
    assert_eq!(
        kubernetes_serving("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", 29).as_deref(),
        Some("admissionregistration.k8s.io/v1beta1")
    );
    assert_eq!(
        kubernetes_serving("autoscaling/v2beta2", "HorizontalPodAutoscaler", 37).as_deref(),
        Some("autoscaling/v2")
    );
    assert_eq!(kubernetes_serving("v1", "Widget", 37), None);
    // The data holds exactly the releases the configuration accepts.
    let versions = VERSIONS.lines().find(|l| l.starts_with("kubernetes\t")).expect("a kubernetes row");
    let range = format!("v1.{}-v1.{}", KUBERNETES_MINORS.start(), KUBERNETES_MINORS.end());
    assert!(versions.contains(&range), "{versions}");
}
