//! Differential test against a reference parser (PyYAML with libyaml, what checkov, Ansible and
//! many CI tools load YAML with): over every YAML file of ../shared/corpus and over generated edge
//! cases, the YAML layer must accept exactly what the reference accepts.
#![allow(clippy::unwrap_used, clippy::print_stderr)]
// The corpus and the generated cases are files on disk, read as the reference parser reads them.
#![allow(clippy::disallowed_methods)]

use shipshape_yaml::Yaml;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Files where the two disagree for a reason written here (YAML 1.1 vs 1.2, or a reference bug).
const KNOWN: &[(&str, &str)] = &[];

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SHIPSHAPE_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let ok = Command::new("python3")
        .args(["-c", "import yaml"])
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| PathBuf::from("python3"))
}

/// Whether PyYAML composes each file (every document; tags are not constructed, so `!reference`
/// and `!Ref` are fine).
fn reference_accepts(python: &Path, files: &[PathBuf]) -> Vec<bool> {
    let script = r#"
import sys, yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        with open(path, "rb") as f:
            for _ in yaml.compose_all(f, Loader=Loader):
                pass
        print("ok")
    except Exception:
        print("err")
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| l == "ok").collect()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            out.push(p);
        }
    }
}

/// Edge cases around flow collections, block scalars, indentation and documents.
const CASES: &[&str] = &[
    "command: [\n  \"start\"\n]\n",
    "a:\n  command: [\n    \"start\"\n  ]\n",
    "a:\n  command: [\n  \"start\",\n  \"x\"\n  ]\n",
    "a:\n  env: {\n    A: 1\n  }\n",
    // kubernetes/dashboard's test pod: a quoted scalar's last line at its key's column.
    "m:\n  a: '[\n      1\n  ]'\n",
    "m:\n  b: \"x\n y \\\" z\"\n",
    "m:\n  c: 'it''s\n on'\n",
    "a:\n  env: {\n  A: 1,\n  B: 2\n  }\n",
    "a: [1, 2,\n  3]\n",
    "a: [1, 2 # comment\n  ]\n",
    // datasette's matrix (the twenty-sixth sample): comment lines before the closing bracket.
    "m:\n  v: [\n    \"3.46\",\n    #\"3.45\",\n    #\"3.27\" # old\n  ]\n",
    "m:\n  v: [\n    #first\n    \"3.46\",\n\n    # last\n  ]\n",
    "a: |\n  text\n  more\nb: 1\n",
    "a: >-\n  folded\n  text\n",
    "a: |2\n    indented\n",
    "--- 1\n--- 2\n...\n",
    "- a\n- b:\n    c\n",
    "a: 'it''s'\nb: \"q\\\"\"\n",
    "a: &x 1\nb: *x\n",
    "a: [\n]\n",
    "key: value\n  bad: indent\n",
    "a: [1, 2\n",
    "a: {b: [c, {d: e}]}\n",
];

#[test]
fn accepts_what_the_reference_parser_accepts() {
    let Some(python) = python() else {
        assert!(std::env::var("CI").is_err(), "CI must have PyYAML (SHIPSHAPE_PYTHON)");
        eprintln!("skipped: no PyYAML");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let p = tmp.path().join(format!("case{i}.yaml"));
        std::fs::write(&p, case).unwrap();
        files.push(p);
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    yaml_files(&corpus, &mut files);
    let reference = reference_accepts(&python, &files);
    assert_eq!(reference.len(), files.len());
    let mut disagree = Vec::new();
    for (f, theirs) in files.iter().zip(reference) {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let ours = Yaml::parse(&text).errors.is_empty();
        let name = f.strip_prefix(&corpus).unwrap_or(f).display().to_string();
        if ours != theirs && !KNOWN.iter().any(|(k, _)| name.ends_with(k)) {
            let detail = Yaml::parse(&text)
                .errors
                .first()
                .map(|e| format!("{} at {}", e.message, e.span.start))
                .unwrap_or_default();
            let case = if f.starts_with(tmp.path()) {
                format!("{text:?}")
            } else {
                String::new()
            };
            disagree.push(format!(
                "{name}: shipshape {} / PyYAML {} {detail} {case}",
                if ours { "accepts" } else { "rejects" },
                if theirs { "accepts" } else { "rejects" }
            ));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} of {} files:\n{}",
        disagree.len(),
        files.len(),
        disagree.join("\n")
    );
}
