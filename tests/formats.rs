//! `check --format junit|gitlab|checkstyle|markdown`: each read back by what consumes it and
//! compared with the JSON report of the same run. JUnit through `junitparser` (PyPI), GitLab Code
//! Quality against the format GitLab documents (its required fields, as a JSON Schema here),
//! Checkstyle through an XML parser against the Checkstyle 4.3 layout.
#![allow(clippy::unwrap_used, clippy::disallowed_methods, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

fn check(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["check", "--no-config", "--exit-zero", "--format", format, "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "Dockerfile",
            "FROM node:latest\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nCMD node \"server.js\" <&>\n",
        ),
        (
            ".github/workflows/ci.yml",
            "on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
        ),
        (
            "clean/Dockerfile",
            "FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT [\"/app\"]\n",
        ),
    ];
    for (p, t) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    dir
}

const GITLAB_SCHEMA: &str = r#"{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
      "description": {"type": "string", "minLength": 1},
      "check_name": {"type": "string", "minLength": 1},
      "fingerprint": {"type": "string", "minLength": 1},
      "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
      "location": {
        "type": "object",
        "required": ["path", "lines"],
        "properties": {
          "path": {"type": "string", "not": {"pattern": "^(/|\\./)"}},
          "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}}
        }
      }
    }
  }
}"#;

/// Read the reports back in Python; prints `failures errors checkstyle_errors gitlab_issues`.
const READ_BACK: &str = r#"
import json, sys, xml.etree.ElementTree as ET
import jsonschema
from junitparser import JUnitXml, Failure
junit, gitlab, checkstyle, schema = sys.argv[1:5]
x = JUnitXml.fromfile(junit)
cases = [c for s in x for c in s]
failing = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
assert x.tests == len(cases), (x.tests, len(cases))
issues = json.load(open(gitlab))
jsonschema.validate(issues, json.loads(schema))
fps = [i["fingerprint"] for i in issues]
assert len(set(fps)) == len(fps), "fingerprints unique"
root = ET.parse(checkstyle).getroot()
assert root.tag == "checkstyle" and root.get("version") == "4.3"
errors = [e for f in root if f.tag == "file" for e in f]
assert all(e.tag == "error" and int(e.get("line")) >= 1 and e.get("severity") in ("error", "warning", "info") and e.get("source", "").startswith("shipshape.") for e in errors)
print(len(failing), len(cases), len(errors), len(issues), len(list(root)))
"#;

#[test]
fn ci_formats_read_back_as_their_consumers_read_them() {
    let dir = project();
    let json: serde_json::Value = serde_json::from_str(&check(dir.path(), "json")).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.len() >= 5, "{findings:?}");
    let mut pairs: Vec<(String, String)> = findings
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    pairs.sort();
    pairs.dedup();
    let tmp = tempfile::tempdir().unwrap();
    let junit = tmp.path().join("junit.xml");
    let gitlab = tmp.path().join("gl-code-quality-report.json");
    let checkstyle = tmp.path().join("checkstyle.xml");
    std::fs::write(&junit, check(dir.path(), "junit")).unwrap();
    std::fs::write(&gitlab, check(dir.path(), "gitlab")).unwrap();
    std::fs::write(&checkstyle, check(dir.path(), "checkstyle")).unwrap();
    let python = std::env::var("SHIPSHAPE_CLIENT_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .args(["-c", READ_BACK])
        .args([&junit, &gitlab, &checkstyle])
        .arg(GITLAB_SCHEMA)
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let counts: Vec<usize> = String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            // A failing JUnit case per (file, rule); the clean file is one passing case.
            assert_eq!(counts[0], pairs.len(), "{pairs:?}");
            assert_eq!(counts[1], pairs.len() + 1);
            // A Checkstyle error and a Code Quality issue per finding; a <file> per checked file.
            assert_eq!(counts[2], findings.len());
            assert_eq!(counts[3], findings.len());
            assert_eq!(counts[4], 3);
        }
        Ok(o) if std::env::var("CI").is_err() && String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("skipped: {}", String::from_utf8_lossy(&o.stderr))
        }
        Ok(o) => panic!("the reports do not read back: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => assert!(std::env::var("CI").is_err(), "cannot run {python}: {e}"),
    }
    // The XML escapes what a message quotes (`<&>` in the Dockerfile's CMD).
    let junit_text = std::fs::read_to_string(&junit).unwrap();
    assert!(!junit_text.contains("<&>"));
    let md = check(dir.path(), "markdown");
    assert!(md.starts_with("## shipshape\n"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| `")).count(), findings.len(), "{md}");
    let clean = check(&dir.path().join("clean"), "markdown");
    assert_eq!(clean, "## shipshape\n\nAll checks passed.\n");
}
