//! Output a person can act on: summaries, collapsed repeats, fix counts, peer codes, baselines and
//! statistics (issue 13 §6 and §7).
// Tests set up and read real directories; only the crates under test go through the SourceTree.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::unwrap_used)]

mod common;
use common::{project, shipshape};

fn run(dir: &std::path::Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = shipshape().current_dir(dir).arg("check").args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

const UNTAGGED: &str = "FROM ubuntu\nRUN echo hi\n";

#[test]
fn human_output_ends_with_a_summary_by_rule_and_collapses_repeats_across_files() {
    let dir = project(&[("a/Dockerfile", UNTAGGED), ("b/Dockerfile", UNTAGGED), ("c/Dockerfile", UNTAGGED)]);
    let (out, _, code) = run(dir.path(), &["--format", "human", "--select", "DF006,DF070", "."]);
    assert_eq!(code, Some(1));
    // One snippet for the three copies, with the other places listed.
    assert_eq!(out.matches("has no tag").count(), 1, "{out}");
    assert!(
        out.contains("the same finding in 2 other files: b/Dockerfile:1:6, c/Dockerfile:1:6"),
        "{out}"
    );
    assert!(
        out.contains("Findings by rule:\n  3  DF006  warning  image-untagged (3 files)\n  3  DF070  info     missing-user (3 files)\n"),
        "{out}"
    );
    assert!(out.ends_with("Found 6 findings (0 errors, 3 warnings, 3 info).\n"), "{out}");
    // Repeats in one file are each shown, unless the finding is in other files too: then its first
    // place lists every other place.
    let twice = "FROM ubuntu AS build\nRUN make\nFROM ubuntu\nCOPY --from=build /x /x\nUSER app\n";
    let dir = project(&[("a/Dockerfile", twice), ("b/Dockerfile", UNTAGGED)]);
    let (out, _, _) = run(dir.path(), &["--format", "human", "--select", "DF006", "a"]);
    assert_eq!(out.matches("has no tag").count(), 2, "{out}");
    assert!(!out.contains("the same finding"), "{out}");
    let (out, _, _) = run(dir.path(), &["--format", "human", "--select", "DF006", "."]);
    assert_eq!(out.matches("has no tag").count(), 1, "{out}");
    assert!(
        out.contains("the same finding in 2 other places (1 other file): a/Dockerfile:3:6, b/Dockerfile:1:6"),
        "{out}"
    );
    // Grouped by rule: every DF006 before any DF070.
    let (out, _, _) = run(
        dir.path(),
        &["--format", "human", "--group-by", "rule", "--select", "DF006,DF070", "a", "b"],
    );
    assert!(out.find("[image-untagged]").unwrap() < out.find("[missing-user]").unwrap(), "{out}");
    // Concise: the summary goes to stderr, findings alone to stdout.
    let (out, err, _) = run(dir.path(), &["--format", "concise", "--select", "DF006", "."]);
    assert_eq!(out.lines().count(), 3);
    assert!(err.contains("Found 3 findings"), "{err}");
    let (_, err, _) = run(dir.path(), &["--format", "concise", "--quiet", "--select", "DF006", "."]);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn no_infrastructure_file_is_said_not_passed() {
    let dir = project(&[("notes/readme.txt", "nothing to see\n")]);
    let (out, _, code) = run(dir.path(), &["--format", "human", "notes"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("No infrastructure file found in notes (1 file looked at)"), "{out}");
    assert!(!out.contains("All checks passed"), "{out}");
    // A clean infrastructure file (which the whole-run formats do not keep) is a pass.
    let dir = project(&[
        (
            "notes/readme.txt",
            "nothing to see
",
        ),
        (
            "Dockerfile",
            "FROM alpine:3.20
",
        ),
    ]);
    for format in ["human", "markdown"] {
        let (out, _, code) = run(dir.path(), &["--format", format, "--select", "DF006", "."]);
        assert_eq!(code, Some(0));
        assert!(out.contains("All checks passed"), "{format}: {out}");
    }
}

#[test]
fn unsafe_only_fixes_are_counted_apart_and_said_after_fix() {
    // DF024 (shell-form CMD) only has an unsafe fix.
    let dir = project(&[("Dockerfile", "FROM alpine:3.20\nUSER nobody\nCMD echo hi\n")]);
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "DF024", "Dockerfile"]);
    assert!(!out.contains("[*]"), "an unsafe fix is not marked fixable by --fix: {out}");
    let (out, _, _) = run(dir.path(), &["--format", "human", "--select", "DF024", "Dockerfile"]);
    assert!(out.contains("1 more with `--fix --unsafe-fixes`"), "{out}");
    assert!(!out.contains("fixable with `--fix`"), "{out}");
    let (_, err, _) = run(dir.path(), &["--fix", "--select", "DF024", "Dockerfile"]);
    assert!(err.contains("1 more finding can be fixed with `--fix --unsafe-fixes`"), "{err}");
}

#[test]
fn peer_codes_select_ignore_and_explain() {
    let dir = project(&[("Dockerfile", UNTAGGED)]);
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "DL3006", "Dockerfile"]);
    assert!(out.contains("DF006"), "{out}");
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--ignore", "DL3006", "Dockerfile"]);
    assert!(!out.contains("DF006"), "{out}");
    let out = shipshape().args(["explain", "DL3006"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# DF006"));
    let out = shipshape().args(["explain", "CKV_K8S_20"]).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("# K8S"));
}

#[test]
fn suppressions_naming_other_domains_are_known_and_unused_peer_pragmas_are_reported() {
    let dir = project(&[(
        "Dockerfile",
        "FROM alpine:3.20\n# shipshape: ignore[K8S001]\nRUN echo hi\n# hadolint ignore=DL3006\nRUN echo there\nUSER nobody\n",
    )]);
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "DF006,SS,SS001", "Dockerfile"]);
    assert!(!out.contains("names no rule"), "{out}");
    assert!(out.contains("4:1: info SS001 this hadolint pragma suppresses nothing"), "{out}");
}

#[test]
fn write_baseline_writes_says_so_and_succeeds() {
    let dir = project(&[("Dockerfile", UNTAGGED)]);
    let (out, err, code) = run(dir.path(), &["--write-baseline", "base.json", "Dockerfile"]);
    assert_eq!(code, Some(0));
    assert!(out.is_empty(), "{out}");
    assert!(err.starts_with("Wrote "), "{err}");
    let (out, _, code) = run(dir.path(), &["--baseline", "base.json", "--format", "concise", "Dockerfile"]);
    assert_eq!((out.as_str(), code), ("", Some(0)));
}

#[test]
fn statistics_go_into_the_json_document() {
    let dir = project(&[("Dockerfile", UNTAGGED)]);
    let (out, err, _) = run(dir.path(), &["--format", "json", "--statistics", "Dockerfile"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statistics"]["audited"], 1);
    assert_eq!(v["statistics"]["by_kind"]["dockerfile"], 1);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn sarif_marks_unsafe_fixes_and_has_an_invocation() {
    let dir = project(&[("Dockerfile", "FROM alpine:3.20\nUSER nobody\nCMD echo hi\n")]);
    let (out, _, _) = run(dir.path(), &["--format", "sarif", "--select", "DF024", "Dockerfile"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let fix = &run["results"][0]["fixes"][0];
    assert_eq!(fix["properties"]["applicability"], "unsafe");
    assert!(fix["description"]["text"].as_str().unwrap().contains("unsafe"));
}

#[test]
fn github_format_writes_the_step_summary() {
    let dir = project(&[("Dockerfile", UNTAGGED)]);
    let summary = dir.path().join("summary.md");
    let out = shipshape()
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--format", "github", "Dockerfile"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("::warning file=Dockerfile"));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| `DF006` | image-untagged | warning | 1 | 1 |"), "{md}");
}

#[test]
fn config_extend_inherits_and_force_exclude_applies_to_named_files() {
    let dir = project(&[
        ("base.toml", "ignore = [\"DF070\"]\nexclude = [\"vendor\"]\n"),
        ("app/shipshape.toml", "extend = \"../base.toml\"\nselect = [\"DF006\", \"DF070\"]\n"),
        ("app/Dockerfile", UNTAGGED),
        ("app/vendor/Dockerfile", UNTAGGED),
    ]);
    let app = dir.path().join("app");
    // DF070 is ignored through the base; DF006 selected by the child.
    let (out, _, _) = run(&app, &["--format", "concise", "Dockerfile"]);
    assert_eq!(out, "Dockerfile:1:6: warning DF006 `ubuntu` has no tag, so it means `latest`\n");
    // A named file is checked although excluded, unless exclusions are forced.
    let (out, _, _) = run(&app, &["--format", "concise", "vendor/Dockerfile"]);
    assert!(out.contains("DF006"), "{out}");
    let (out, _, code) = run(&app, &["--format", "concise", "--force-exclude", "vendor/Dockerfile"]);
    assert_eq!((out.as_str(), code), ("", Some(0)));
    // A cycle is an error, not a hang.
    std::fs::write(dir.path().join("base.toml"), "extend = \"app/shipshape.toml\"\n").unwrap();
    let (_, err, code) = run(&app, &["Dockerfile"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("goes round in a circle"), "{err}");
}

#[test]
fn standard_input_is_classified_by_content() {
    for (text, code) in [
        ("services:\n  web:\n    image: nginx\n", "DC013"),
        (
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: echo\n",
            "GHA003",
        ),
        ("FROM ubuntu\n", "DF006"),
    ] {
        let out = shipshape()
            .args(["check", "--format", "concise", "-"])
            .write_stdin(text)
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert!(out.contains(code), "{code}: {out}");
    }
}

#[test]
fn default_selection_policy_prefixes_demo_paths_and_confidence() {
    let dir = project(&[
        ("Dockerfile", "FROM alpine:3.20\n# hadolint ignore=DL3006\nUSER nobody\n"),
        ("examples/Dockerfile", UNTAGGED),
    ]);
    // A prefix picks the domain's default rules only: DF056 (hadolint pragmas) is opt-in.
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "DF", "Dockerfile"]);
    assert!(!out.contains("DF056"), "{out}");
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "DF056", "Dockerfile"]);
    assert!(out.contains("DF056"), "{out}");
    // In an example path only security errors show unless their rule is named: the untagged base (a warning) and hygiene (info) are off.
    let (out, _, _) = run(dir.path(), &["--format", "concise", "examples/Dockerfile"]);
    assert!(!out.contains("DF006") && !out.contains("DF070"), "{out}");
    let (out, _, _) = run(
        dir.path(),
        &["--format", "concise", "--select", "DF006,DF070", "examples/Dockerfile"],
    );
    assert!(out.contains("DF006") && out.contains("DF070"), "{out}");
    // --min-confidence drops what is less certain.
    let (all, _, _) = run(dir.path(), &["--format", "json", "--select", "ALL", "."]);
    let (high, _, _) = run(
        dir.path(),
        &["--format", "json", "--select", "ALL", "--min-confidence", "high", "."],
    );
    let confidences = |s: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["confidence"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(confidences(&high).iter().all(|c| c == "high"));
    assert!(confidences(&all).len() >= confidences(&high).len());
}

#[test]
fn secrets_lowered_to_info_in_test_paths_stay_out() {
    // A cloud key (SEC002, an error) in a test file is lowered to info and not shown by default; it
    // shows when its rule is named, and is an error outside the test path.
    let settings = "AWS_ACCESS_KEY_ID = \"AKIA4TQ3NZXLP7BGRM5D\"\nAWS_SECRET_ACCESS_KEY = \"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\"\n";
    let dir = project(&[
        ("Dockerfile", "FROM alpine:3.20\nUSER nobody\n"),
        ("tests/settings.py", settings),
        ("app/settings.py", settings),
    ]);
    let (out, _, _) = run(dir.path(), &["--format", "concise", "."]);
    assert!(!out.contains("tests/settings.py"), "{out}");
    assert!(out.contains("app/settings.py:2:"), "{out}");
    let (out, _, _) = run(dir.path(), &["--format", "concise", "--select", "SEC002", "."]);
    assert!(out.contains("tests/settings.py:2:"), "{out}");
}

/// argo-rollouts' `testdata` keeps manifests of removed API versions on purpose, Kyverno's tests
/// insecure pods: a test path shows neither. A security error of what a CI job builds does show.
#[test]
fn test_paths_show_security_errors_only() {
    let old = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n";
    let everyone = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: p\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: Group\n    name: system:unauthenticated\n    apiGroup: rbac.authorization.k8s.io\n";
    let insecure = "FROM alpine:3.22\nRUN curl --insecure -fsSL -o /tmp/x https://example.com/x\n";
    let dir = project(&[
        ("test/testdata/old.yaml", old),
        ("test/testdata/everyone.yaml", everyone),
        ("test/testdata/Dockerfile", insecure),
        ("deploy/old.yaml", old),
        ("deploy/everyone.yaml", everyone),
    ]);
    let (out, _, _) = run(dir.path(), &["--format", "concise", "."]);
    assert!(out.contains("deploy/old.yaml") && out.contains("K8S025"), "{out}");
    assert!(out.contains("deploy/everyone.yaml") && out.contains("K8S034"), "{out}");
    assert!(
        !out.contains("test/testdata/old.yaml") && !out.contains("test/testdata/everyone.yaml"),
        "{out}"
    );
    assert!(out.contains("test/testdata/Dockerfile") && out.contains("DF057"), "{out}");
}
