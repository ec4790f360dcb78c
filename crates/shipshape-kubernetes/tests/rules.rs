//! Every rule's documented example fires it and its "use instead" does not; spans are exact;
//! fixes produce the documented alternative; annotations suppress.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::FileKind;
use shipshape_core::config::{CliSelection, ConfigFile, Configs, Settings};
use shipshape_core::engine::{Checker, Engine, FileReport, FixMode, Outcome, RunOptions, SourceFile};
use shipshape_core::rule::Registry;
use shipshape_kubernetes::KubernetesChecker;
use shipshape_kubernetes::rules::ALL;
use std::path::PathBuf;

fn run_at(src: &str, select: &[&str], fix: FixMode, path: Option<PathBuf>) -> FileReport {
    let checker = KubernetesChecker::default();
    let reg = Registry::new(checker.rules().to_vec());
    let cli = CliSelection {
        select: Some(select.iter().map(|s| s.to_string()).collect()),
        ..CliSelection::default()
    };
    let settings = Settings::resolve(&reg, &ConfigFile::default(), &cli, PathBuf::from("/nonexistent"));
    let configs = Configs::single(settings);
    let engine = Engine {
        checkers: vec![&checker],
        configs: &configs,
        cwd: PathBuf::from("/"),
    };
    let file = SourceFile {
        display: path.as_ref().map_or("deploy.yaml".into(), |p| p.display().to_string()),
        path,
        kind: FileKind::Kubernetes,
        text: src.to_owned(),
        lossy: false,
    };
    match engine.run_file(file, &RunOptions { fix, baseline: None }) {
        Outcome::Checked(r) => r,
        other => panic!("{other:?}"),
    }
}

fn run(src: &str, select: &[&str], fix: FixMode) -> FileReport {
    run_at(src, select, fix, None)
}

fn findings(src: &str, select: &[&str]) -> Vec<(String, String)> {
    run(src, select, FixMode::Off)
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code.to_owned(), f.diagnostic.span.text(src).to_owned()))
        .collect()
}

fn block<'a>(docs: &'a str, section: &str) -> &'a str {
    let start = docs.find(&format!("## {section}\n```yaml\n")).unwrap() + section.len() + 12;
    let end = docs[start..].find("\n```").unwrap() + start;
    &docs[start..end]
}

/// The exact (primary span text) findings of each rule on its documented example.
const EXAMPLE_SPANS: &[(&str, &[&str])] = &[
    ("K8S003", &["true"]),
    ("K8S004", &["web"]),
    ("K8S005", &["web"]),
    ("K8S006", &["web"]),
    ("K8S007", &["web"]),
    ("K8S008", &["SYS_ADMIN"]),
    ("K8S009", &["web"]),
    ("K8S010", &["true", "true", "true"]),
    ("K8S011", &["8080"]),
    ("K8S012", &["/var/run/docker.sock"]),
    ("K8S013", &["web"]),
    ("K8S014", &["web"]),
    ("K8S015", &["web"]),
    ("K8S016", &["livenessProbe"]),
    ("K8S017", &["nginx"]),
    ("K8S018", &["web"]),
    ("K8S019", &["Deployment"]),
    ("K8S020", &["Deployment"]),
    ("K8S021", &["hunter2hunter2"]),
    ("K8S022", &["postgres://app:s3cret@db:5432/app"]),
    ("K8S023", &["stringData"]),
    ("K8S024", &["default"]),
    ("K8S025", &["extensions/v1beta1"]),
    ("K8S026", &["1"]),
    ("K8S027", &["Deployment"]),
    ("K8S028", &["Deployment"]),
    ("K8S029", &["NodePort"]),
    ("K8S030", &["Ingress"]),
    ("K8S031", &["\"*\""]),
    ("K8S032", &["[secrets]"]),
    ("K8S033", &["bind", "escalate"]),
    ("K8S034", &["cluster-admin"]),
    ("K8S035", &["80"]),
    ("K8S036", &["web"]),
    ("K8S037", &["web"]),
    ("K8S038", &["Deployment"]),
    ("K8S039", &["app: webb"]),
    ("K8S040", &["Deployment"]),
    ("K8S041", &["Deployment"]),
    ("K8S042", &["webapp"]),
    ("K8S043", &["app: website"]),
    ("K8S044", &["MODE"]),
    ("K8S045", &["CronJob"]),
    ("K8S046", &["Always"]),
    ("K8S047", &["externalIPs"]),
    ("K8S048", &["Namespace"]),
    ("K8S049", &["256Mi"]),
    ("K8S050", &["kernel.msgmax"]),
    ("K8S051", &["{}"]),
    ("K8S052", &["0"]),
    ("K8S053", &["Recreate"]),
    ("K8S054", &["Unconfined"]),
    ("K8S055", &["nginx:1.29"]),
    ("K8S056", &["LoadBalancer"]),
    ("K8S057", &["secretRef"]),
    ("K8S058", &["Job"]),
    ("K8S059", &["Deployment"]),
];

#[test]
fn documented_examples_fire_with_exact_spans_and_alternatives_do_not() {
    let mut failures = Vec::new();
    for rule in ALL {
        let code = rule.meta.code;
        let bad = format!("{}\n", block(rule.meta.docs, "Example"));
        let good = format!("{}\n", block(rule.meta.docs, "Use instead"));
        let got: Vec<String> = findings(&bad, &[code])
            .into_iter()
            .filter(|(c, _)| c == code)
            .map(|(_, t)| t)
            .collect();
        match EXAMPLE_SPANS.iter().find(|(c, _)| *c == code) {
            Some((_, want)) if got == *want => {}
            Some((_, want)) => failures.push(format!("{code}: expected {want:?}, got {got:?}")),
            None => failures.push(format!("{code}: not in EXAMPLE_SPANS (got {got:?})")),
        }
        for (what, text) in [("example", &bad), ("alternative", &good)] {
            if !findings(text, &["K8S000", "K8S001", "K8S002"]).iter().all(|(c, _)| c == code) {
                failures.push(format!(
                    "{code}: the {what} is not a valid manifest: {:?}",
                    findings(text, &["K8S000", "K8S001", "K8S002"])
                ));
            }
        }
        let quiet: Vec<_> = findings(&good, &[code]).into_iter().filter(|(c, _)| c == code).collect();
        if !quiet.is_empty() {
            failures.push(format!("{code}: 'use instead' fires: {quiet:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixes_apply_and_are_idempotent() {
    for rule in ALL.iter().filter(|r| r.meta.fixable()) {
        let code = rule.meta.code;
        let bad = format!("{}\n", block(rule.meta.docs, "Example"));
        let fixed = run(&bad, &[code], FixMode::Unsafe);
        let text = fixed.fixed.clone().unwrap_or_else(|| panic!("{code}: no fix"));
        assert!(
            fixed.findings.iter().all(|f| f.diagnostic.rule.code != code),
            "{code}: still fires:\n{text}"
        );
        assert!(run(&text, &[code], FixMode::Unsafe).fixed.is_none(), "{code}: not idempotent");
        assert!(
            findings(&text, &["K8S000", "K8S001"]).is_empty(),
            "{code}: the fixed file does not re-parse:\n{text}"
        );
        let good = format!("{}\n", block(rule.meta.docs, "Use instead"));
        assert_eq!(text, good, "{code}: the fix should produce the documented alternative");
    }
}

#[test]
fn annotations_and_comments_suppress_and_templates_are_not_audited() {
    let src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    shipshape.dev/ignore: \"K8S024\"\n";
    assert!(findings(src, &["K8S024"]).is_empty());
    let src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default # shipshape: ignore[K8S024] shared cluster\n";
    assert!(findings(src, &["K8S024"]).is_empty());
    let tpl = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: default\n";
    assert_eq!(findings(tpl, &["ALL"]), [("K8S002".to_owned(), "{{".to_owned())]);
}

#[test]
fn lists_and_multi_document_files_are_walked() {
    let src = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n      namespace: default\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: default\n---\n# a custom resource passes through quietly\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  containers: oops\n";
    assert_eq!(findings(src, &["ALL"]).iter().filter(|(c, _)| c == "K8S024").count(), 2);
    assert!(
        findings(src, &["ALL"]).iter().all(|(c, _)| c == "K8S024"),
        "{:?}",
        findings(src, &["ALL"])
    );
}

#[test]
fn hostile_input_is_total() {
    for src in [
        "",
        "---\n---\n",
        "[1]\n",
        "kind: List\napiVersion: v1\nitems: [1, [2], {kind: List, apiVersion: v1, items: [{}]}]\n",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: [x]}, 3, {securityContext: 1}]\n",
    ] {
        let _ = run(src, &["ALL"], FixMode::Unsafe);
    }
}
