//! The command line: flags, formats, exit codes, config, baselines and fixes.
// Tests set up and read real directories; only the crates under test go through the SourceTree.
#![allow(clippy::disallowed_methods)]
#![allow(clippy::unwrap_used)]

mod common;
use common::{project, shipshape};
use std::path::Path;

const BAD: &str = "FROM ubuntu\nRUN apt-get update && apt-get install curl\nADD app.py /app/\n";
const GOOD: &str = "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER nobody\nCMD [\"curl\", \"--version\"]\n";

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = shipshape()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn exit_codes() {
    let dir = project(&[("Dockerfile", BAD)]);
    shipshape().current_dir(dir.path()).args(["check", "."]).assert().code(1);
    shipshape()
        .current_dir(dir.path())
        .args(["check", ".", "--exit-zero"])
        .assert()
        .code(0);
    shipshape().current_dir(dir.path()).args(["check", "nope"]).assert().code(2);
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "XX999", "."])
        .assert()
        .code(2);
    shipshape().current_dir(dir.path()).args(["check", "--bogus"]).assert().code(2);
    let good = project(&[("Dockerfile", GOOD)]);
    shipshape().current_dir(good.path()).args(["check", "."]).assert().code(0);
    // A parse error is a finding, not a failed run.
    let broken = project(&[("Dockerfile", "FROM alpine:3.20\nRUNN x\n")]);
    shipshape().current_dir(broken.path()).args(["check", "."]).assert().code(1);
}

#[test]
fn a_directory_named_dockerfile_is_walked_not_parsed() {
    let dir = project(&[("Dockerfile/Dockerfile", GOOD), ("Dockerfile/notes.txt", "hello")]);
    shipshape().current_dir(dir.path()).args(["check", "."]).assert().code(0);
    shipshape().current_dir(dir.path()).args(["check", "Dockerfile"]).assert().code(0);
}

#[test]
fn json_format_is_stable() {
    let dir = project(&[("Dockerfile", BAD)]);
    // DF019 (style) is opt-in: named, it shows its safe fix.
    let v = json(dir.path(), &["--extend-select", "DF019", "."]);
    assert_eq!(v["version"], 1);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DF006").unwrap();
    for key in [
        "code",
        "name",
        "severity",
        "confidence",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "fingerprint",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["code"], "DF006");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(1), Some(6), Some(12))
    );
    assert_eq!(f["path"], "Dockerfile");
    let fixable = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "DF019").unwrap();
    assert_eq!(fixable["fix"]["applicability"], "safe");
    assert_eq!(fixable["fix"]["edits"][0]["replacement"], "COPY");
}

#[test]
fn select_ignore_and_min_severity() {
    let dir = project(&[("Dockerfile", BAD)]);
    let codes = |args: &[&str]| -> Vec<String> {
        json(dir.path(), args)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(&["--select", "DF019", "."]), vec!["DF019"]);
    assert!(!codes(&["--ignore", "DF019", "."]).contains(&"DF019".to_owned()));
    assert!(codes(&["--select", "add-instead-of-copy", "."]) == vec!["DF019"]);
    assert!(codes(&["--min-severity", "error", "."]).is_empty());
    assert!(codes(&["--select", "DF01", "."]).iter().all(|c| c.starts_with("DF01")));
    assert!(codes(&["--extend-select", "DF008", "."]).contains(&"DF008".to_owned()));
}

#[test]
fn config_file_and_errors() {
    let dir = project(&[
        ("Dockerfile", BAD),
        (
            "shipshape.toml",
            "ignore = [\"DF006\"]\n[[per-path]]\npath = \"legacy/**\"\nignore = [\"DF\"]\n",
        ),
        ("legacy/Dockerfile", BAD),
    ]);
    let v = json(dir.path(), &["."]);
    let all: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap().to_owned(), f["path"].as_str().unwrap().to_owned()))
        .collect();
    assert!(all.iter().all(|(c, _)| c != "DF006"));
    assert!(all.iter().all(|(_, p)| !p.starts_with("legacy/")), "{all:?}");
    let v = json(dir.path(), &["--no-config", "."]);
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "DF006"));
    let bad = project(&[("Dockerfile", BAD), ("shipshape.toml", "select = [\"DF\"]\nunknown-key = 1\n")]);
    shipshape()
        .current_dir(bad.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("shipshape.toml:2:1"))
        .stderr(predicates::str::contains("unknown-key"));
    let bad_opt = project(&[("Dockerfile", BAD), (".shipshape.toml", "[rules.DF025]\nwhatever = 1\n")]);
    shipshape()
        .current_dir(bad_opt.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown option `whatever`"));
    // Options are typed: a string where a list of registries belongs is refused with its place.
    let typed = project(&[
        ("Dockerfile", BAD),
        (".shipshape.toml", "[rules.DF025]\ntrusted-registries = \"ghcr.io\"\n"),
    ]);
    shipshape()
        .current_dir(typed.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".shipshape.toml:2:1"))
        .stderr(predicates::str::contains("takes a list of strings, not string"));
    shipshape()
        .args(["explain", "DF025"])
        .assert()
        .success()
        .stdout(predicates::str::contains("`trusted-registries` (list of strings, default `[]`)"));
    let py = project(&[("Dockerfile", BAD), ("pyproject.toml", "[tool.shipshape]\nselect = [\"DF019\"]\n")]);
    let v = json(py.path(), &["."]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

/// `--kubernetes-version` and `kubernetes-version` (issue 18 §1): the flag beats the config, and a
/// release shipshape does not ship is refused with the ones it does.
#[test]
fn kubernetes_version_from_flag_and_config() {
    let flow = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: x\n";
    let dir = project(&[("deploy/flow.yaml", flow), ("shipshape.toml", "kubernetes-version = \"1.31\"\n")]);
    let severity = |args: &[&str]| {
        let v = json(dir.path(), args);
        let f = v["findings"].as_array().unwrap();
        assert_eq!(f.len(), 1, "{v}");
        (
            f[0]["code"].as_str().unwrap().to_owned(),
            f[0]["severity"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(severity(&["."]), ("K8S025".to_owned(), "warning".to_owned()));
    assert_eq!(
        severity(&["--kubernetes-version", "v1.32.1", "."]),
        ("K8S025".to_owned(), "error".to_owned())
    );
    assert_eq!(severity(&["--no-config", "."]), ("K8S025".to_owned(), "error".to_owned()));
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--kubernetes-version", "1.20", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no Kubernetes 1.20 in shipshape: shipshape knows the API of Kubernetes 1.25 to 1.37",
        ));
    let bad = project(&[
        ("deploy/flow.yaml", flow),
        ("shipshape.toml", "\nkubernetes-version = \"latest\"\n"),
    ]);
    shipshape()
        .current_dir(bad.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("shipshape.toml:2:"))
        .stderr(predicates::str::contains("`latest` is not a Kubernetes release such as `1.37`"));
}

#[test]
fn each_file_follows_the_nearest_config() {
    let dir = project(&[
        ("Dockerfile", BAD),
        ("shipshape.toml", "ignore = [\"DF019\"]\n"),
        ("svc/Dockerfile", BAD),
        ("svc/shipshape.toml", "select = [\"DF019\"]\nexclude = [\"gen\"]\n"),
        ("svc/gen/Dockerfile", BAD),
        ("other/Dockerfile", BAD),
    ]);
    let v = json(dir.path(), &["."]);
    let codes = |path: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == path)
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes("svc/Dockerfile"), vec!["DF019"]);
    assert!(codes("svc/gen/Dockerfile").is_empty(), "excluded by svc/shipshape.toml");
    for p in ["Dockerfile", "other/Dockerfile"] {
        let c = codes(p);
        assert!(!c.is_empty() && !c.contains(&"DF019".to_owned()), "{p}: {c:?}");
    }
    // Walking from the subdirectory finds the same config; a broken nested config fails the run.
    let v = json(&dir.path().join("svc"), &["."]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    std::fs::write(dir.path().join("other/shipshape.toml"), "nonsense = true\n").unwrap();
    shipshape()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nonsense"));
}

/// A fixing run streams: each fixed file waits in a spill (on disk past 8 MiB) until every file is
/// checked, then all are written. Over more than the spill holds in memory, every file is what
/// fixing it alone gives (`--fix -` on standard input, which is checked whole), and `--diff` shows
/// each file's change.
#[test]
fn a_streamed_fix_writes_every_file_as_fixing_it_alone_would() {
    let padding = "# a long comment line that makes the file big enough to fill the spill\n".repeat(400);
    let files: Vec<(String, String)> = (0..400)
        .map(|i| (format!("svc{i:03}/Dockerfile"), format!("{padding}{BAD}# {i}\n")))
        .collect();
    let named: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = project(&named);
    let select = ["--extend-select", "DF009,DF015,DF019"];
    let diff = shipshape()
        .current_dir(dir.path())
        .args(["check", "--diff"])
        .args(select)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert_eq!(diff.matches("+++ b/").count(), 400, "one diff per file");
    let alone = shipshape()
        .current_dir(dir.path())
        .args(["check", "--fix", "--exit-zero", "--stdin-filename", "Dockerfile"])
        .args(select)
        .arg("-")
        .write_stdin(files[7].1.clone())
        .output()
        .unwrap();
    let alone = String::from_utf8(alone.stdout).unwrap();
    assert_ne!(alone, files[7].1);
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--fix", "--exit-zero"])
        .args(select)
        .arg(".")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Fixed "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, (path, text)) in files.iter().enumerate() {
        let fixed = std::fs::read_to_string(dir.path().join(path)).unwrap();
        assert_eq!(
            fixed,
            alone.replace("# 7\n", &format!("# {i}\n")),
            "{path} (from {} bytes)",
            text.len()
        );
    }
}

#[test]
fn fix_diff_and_atomic_write() {
    let dir = project(&[("Dockerfile", BAD)]);
    let path = dir.path().join("Dockerfile");
    let diff = shipshape()
        .current_dir(dir.path())
        .args(["check", "--diff", "--extend-select", "DF019", "."])
        .output()
        .unwrap();
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert!(diff.contains("+COPY app.py /app/"), "{diff}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BAD, "--diff must not write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    shipshape()
        .current_dir(dir.path())
        // DF009 and DF015 (image size) and DF019 (style) are opt-in: named, their fixes apply too.
        .args(["check", "--fix", "--exit-zero", "--extend-select", "DF009,DF015,DF019", "."])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("COPY app.py /app/") && fixed.contains("--no-install-recommends") && fixed.contains("rm -rf /var/lib/apt/lists/*"),
        "{fixed}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--fix", "--exit-zero", "."])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed, "fixing twice changed the file");
}

/// A fix that creates another file (DF075's `.dockerignore`): `--diff` shows it against an empty
/// file and writes nothing, `--fix --unsafe-fixes` creates it and says so, two Dockerfiles of one
/// context create it once, and the next run has nothing to fix; JSON and SARIF carry the change.
#[test]
fn fixes_that_create_another_file() {
    let app = "FROM node:24-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let dir = project(&[("Dockerfile", app), ("Dockerfile.worker", app), ("package.json", "{}")]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let ignore = dir.path().join(".dockerignore");
    let run = |args: &[&str]| {
        shipshape()
            .current_dir(dir.path())
            .args(["check", "--select", "DF075"])
            .args(args)
            .output()
            .unwrap()
    };
    let diff = String::from_utf8(run(&["--diff", "--unsafe-fixes", "."]).stdout).unwrap();
    assert!(
        diff.contains("--- /dev/null\n+++ b/.dockerignore") && diff.contains("+node_modules"),
        "{diff}"
    );
    assert_eq!(diff.matches("+++ b/.dockerignore").count(), 1, "one context, one file: {diff}");
    assert!(!ignore.exists(), "--diff must not write");
    let v = json(dir.path(), &["--select", "DF075", "."]);
    assert_eq!(v["findings"][0]["fix"]["files"][0]["op"], "create", "{v}");
    let sarif: serde_json::Value = serde_json::from_slice(&run(&["--format", "sarif", "."]).stdout).unwrap();
    let change = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
    assert!(
        change["artifactLocation"]["uri"].as_str().unwrap().ends_with(".dockerignore"),
        "{change}"
    );
    let out = run(&["--fix", "--unsafe-fixes", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&ignore).unwrap();
    assert!(written.contains(".git\n.env\nnode_modules\n"), "{written}");
    let again = run(&["--fix", "--unsafe-fixes", "."]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&ignore).unwrap(), written, "fixing twice changed it");
}

#[test]
fn baseline_hides_known_findings() {
    let dir = project(&[("Dockerfile", BAD)]);
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "base.json", "--exit-zero", "."])
        .assert()
        .code(0);
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--baseline", "base.json", "."])
        .assert()
        .code(0);
    // Moving lines does not resurrect old findings; a new problem shows.
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("# a comment\n\n{BAD}RUN apt-get install wget\n"),
    )
    .unwrap();
    let v = json(dir.path(), &["--baseline", "base.json", "."]);
    let codes: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["DF014"]);
}

#[test]
fn stdin_and_other_formats() {
    let out = shipshape()
        .args(["check", "-", "--stdin-filename", "Dockerfile", "--format", "concise"])
        .write_stdin(BAD)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Dockerfile:1:6: warning DF006"), "{text}");
    let gh = shipshape()
        .args(["check", "-", "--format", "github"])
        .write_stdin(BAD)
        .output()
        .unwrap();
    assert!(String::from_utf8(gh.stdout).unwrap().contains("::warning file=-,line=1,col=6"));
    let human = shipshape()
        .args(["check", "-", "--format", "human"])
        .write_stdin(BAD)
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains("warning[DF006]") && human.contains("help:") && human.contains("Found "),
        "{human}"
    );
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let dir = project(&[("Dockerfile", BAD)]);
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "."])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert!(result["partialFingerprints"]["shipshape/v1"].is_string());
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.get("fixes").is_some())
    );
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let sarif_path = dir.path().join("out.sarif");
    std::fs::write(&sarif_path, &out.stdout).unwrap();
    let python = std::env::var("SHIPSHAPE_PYTHON").unwrap_or_else(|_| "python3".into());
    let script =
        "import json,sys,jsonschema\ns=json.load(open(sys.argv[1]))\nd=json.load(open(sys.argv[2]))\njsonschema.validate(d,s)\nprint('ok')";
    match std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&schema)
        .arg(&sarif_path)
        .output()
    {
        Ok(o) if o.status.success() => {}
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named 'jsonschema'") && std::env::var("CI").is_err() => {
            eprintln!("skipped: python jsonschema is not installed (CI installs it)");
        }
        Ok(o) => panic!("SARIF does not validate: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) if std::env::var("CI").is_err() => eprintln!("skipped: {e}"),
        Err(e) => panic!("cannot run {python}: {e}"),
    }
}

#[test]
fn rules_explain_completions() {
    let out = shipshape().args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(rules.iter().filter(|r| r["domain"] == "dockerfile").count() >= 70);
    for key in [
        "code", "name", "domain", "severity", "category", "default", "fixable", "peers", "summary",
    ] {
        assert!(rules[0].get(key).is_some(), "{key}");
    }
    shipshape()
        .args(["explain", "DF015"])
        .assert()
        .success()
        .stdout(predicates::str::contains("## Why"));
    shipshape().args(["explain", "apt-no-install-recommends"]).assert().success();
    shipshape().args(["explain", "NOPE"]).assert().code(2);
    shipshape()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicates::str::contains("shipshape"));
    shipshape().arg("--version").assert().success();
    shipshape()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicates::str::contains("Examples"));
}

#[test]
fn docs_rules_md_is_current() {
    let out = shipshape().args(["rules", "--format", "markdown"]).output().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == String::from_utf8(out.stdout).unwrap(),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn every_hadolint_rule_is_implemented_or_declined() {
    let out = shipshape().args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let peers: Vec<String> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["peers"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()))
        .collect();
    let declined = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/declined.md")).unwrap();
    let mut codes: Vec<String> = (3000..=3062).map(|n| format!("DL{n}")).collect();
    codes.extend(["DL1001", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006"].map(String::from));
    for code in codes {
        let peer = format!("hadolint:{code}");
        assert!(
            peers.contains(&peer) || declined.contains(&peer),
            "{code} is neither implemented nor declined"
        );
    }
}

#[test]
fn secrets_are_found_beside_each_domain_and_suppressed_by_its_comments() {
    let token = format!("ghp_{}", "Zq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD24aFNku");
    let compose = format!("services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    environment:\n      GH: {token}\n");
    let suppressed = compose.replace(&format!("GH: {token}"), &format!("GH: {token} # shipshape: ignore[SEC003] revoked"));
    let dir = project(&[
        ("compose.yaml", compose.as_str()),
        ("app/config.js", &format!("const t = \"{token}\";\n")),
        ("other/compose.yaml", suppressed.as_str()),
    ]);
    let v = json(dir.path(), &["--select", "SEC003,SS001", "."]);
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        found,
        [
            ("app/config.js".to_owned(), "SEC003".to_owned()),
            ("compose.yaml".to_owned(), "SEC003".to_owned())
        ],
        "{v}"
    );
    let text = String::from_utf8(
        shipshape()
            .current_dir(dir.path())
            .args(["check", "--select", "SEC", "."])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!text.contains(&token[6..]), "a secret is printed:\n{text}");
}

#[test]
fn secret_baselines_hold_no_secret_and_skipped_files_are_counted() {
    let token = format!("ghp_{}", "Zq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD24aFNku");
    let dir = project(&[("deploy/settings.ini", &format!("[gh]\ntoken = {token}\n"))]);
    // A binary file and one over the size limit, each holding a token, are skipped and counted.
    let mut binary = vec![0u8, 1, 2, 0];
    binary.extend_from_slice(token.as_bytes());
    std::fs::write(dir.path().join("blob.bin"), binary).unwrap();
    let mut big = format!("token = {token}\n").into_bytes();
    big.resize(9 * 1024 * 1024, b' ');
    std::fs::write(dir.path().join("huge.txt"), big).unwrap();
    let out = shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "SEC", "--statistics", "--format", "concise", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stdout.matches("SEC003").count(), 1, "{stdout}");
    assert!(stderr.contains("Skipped (binary): 1"), "{stderr}");
    assert!(stderr.contains("Skipped (too large): 1"), "{stderr}");
    // The baseline holds fingerprints, not the value, and hides the known secret.
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "SEC", "--write-baseline", "base.json", "--exit-zero", "."])
        .assert()
        .code(0);
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(baseline.contains("SEC003") && !baseline.contains(&token[4..]), "{baseline}");
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "SEC", "--baseline", "base.json", "."])
        .assert()
        .code(0);
    // A second secret is new.
    let other = format!("ghp_{}", "Yq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD23UpLOC");
    std::fs::write(
        dir.path().join("deploy/settings.ini"),
        format!("[gh]\ntoken = {token}\nbackup = {other}\n"),
    )
    .unwrap();
    let v = json(dir.path(), &["--select", "SEC", "--baseline", "base.json", "."]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["findings"][0]["line"], 3);
}

/// The README's table of rule counts and code ranges matches the registry.
#[test]
fn readme_rule_counts_are_current() {
    let out = shipshape().args(["rules", "--format", "json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut codes: Vec<String> = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut rows = 0;
    for line in readme.lines().filter(|l| l.starts_with('|')) {
        // `| ... | 88 (`DF000`–`DF087`) | ...`
        let Some(cell) = line.split('|').find(|c| c.contains("`–`")) else {
            continue;
        };
        let count: usize = cell.trim().split(' ').next().unwrap().parse().unwrap();
        let parts: Vec<&str> = cell.split('`').collect();
        let (first, last) = (parts[1], parts[3]);
        let prefix = if first.starts_with("K8S") {
            "K8S"
        } else {
            first.trim_end_matches(|c: char| c.is_ascii_digit())
        };
        let mine: Vec<&String> = codes
            .iter()
            .filter(|c| c.starts_with(prefix) && c[prefix.len()..].chars().all(|d| d.is_ascii_digit()))
            .collect();
        assert_eq!(mine.len(), count, "README says {count} {prefix} rules");
        assert_eq!(mine.first().map(|s| s.as_str()), Some(first), "{prefix}");
        assert_eq!(mine.last().map(|s| s.as_str()), Some(last), "{prefix}");
        rows += 1;
    }
    assert!(rows >= 8, "the README's rule table is gone");
}

#[test]
fn files_git_tracks_are_checked_though_a_gitignore_pattern_matches_them() {
    // PipeWire's `.gitignore` starts with `.*`: its committed `.gitlab-ci.yml` and `.github/` were
    // never checked. A tracked file is in the repository, whatever `.gitignore` says; an untracked
    // ignored one stays out, and the user's own `.shipshapeignore` still applies.
    let dir = project(&[
        (".gitignore", ".*\n!.gitignore\nbuild/\n"),
        (".gitlab-ci.yml", "image: node:latest\njob:\n  script: echo hi\n"),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v5\n      - run: echo hi\n",
        ),
        ("build/Dockerfile", "FROM alpine\n"),
        ("vendored/Dockerfile", "FROM alpine\n"),
        (".shipshapeignore", "vendored/\n"),
    ]);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.email=t@t", "-c", "user.name=t"])
            .args(args)
            .current_dir(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-f", ".gitlab-ci.yml", ".github/workflows/ci.yml", "vendored/Dockerfile"]);
    std::fs::write(dir.path().join("build/Dockerfile"), "FROM alpine\n").unwrap();
    let doc = json(dir.path(), &["--no-config", "."]);
    let mut files: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    files.sort();
    files.dedup();
    assert!(files.contains(&".gitlab-ci.yml".to_owned()), "{files:?}");
    assert!(files.contains(&".github/workflows/ci.yml".to_owned()), "{files:?}");
    assert!(
        !files.iter().any(|f| f.starts_with("build/") || f.starts_with("vendored/")),
        "{files:?}"
    );
}

/// `check --rev`: a git revision is checked from the repository's objects, without a checkout; a
/// file deleted since is still there in the old revision; fixes are refused; a bad revision is an
/// error that names it.
#[test]
fn a_git_revision_is_checked_without_a_checkout() {
    let dir = project(&[
        ("deploy/Dockerfile", "FROM ubuntu:latest\n"),
        ("compose.yaml", "services:\n  web:\n    image: nginx:latest\n"),
    ]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    std::fs::write(dir.path().join("deploy/Dockerfile"), "FROM ubuntu:24.04\n").unwrap();
    git(&["rm", "-q", "compose.yaml"]);
    git(&["commit", "-q", "-am", "two"]);
    // `path code` of each finding of a check with `args`.
    let found = |args: &[&str]| -> Vec<String> {
        let out = shipshape()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--exit-zero"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["code"].as_str().unwrap()))
            .collect()
    };
    let codes = |rev: &str| found(&["--no-config", "--rev", rev, "."]);
    assert_eq!(codes("HEAD~1"), ["compose.yaml DC013", "deploy/Dockerfile DF007"]);
    assert!(codes("HEAD").is_empty());
    let bad = shipshape()
        .current_dir(dir.path())
        .args(["check", "--rev", "no-such-branch", "."])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-branch"));
    let fix = shipshape()
        .current_dir(dir.path())
        .args(["check", "--rev", "HEAD", "--fix", "."])
        .output()
        .unwrap();
    assert_eq!(fix.status.code(), Some(2), "fixes are refused on a revision");
    // The revision's own config governs it: committed, it ignores DC013; the working directory's
    // (added later, uncommitted) ignores DF007 instead and applies only to the working tree.
    std::fs::write(dir.path().join("shipshape.toml"), "ignore = [\"DC013\"]\n").unwrap();
    git(&["add", "shipshape.toml"]);
    git(&["commit", "-q", "-m", "three"]);
    std::fs::write(dir.path().join("shipshape.toml"), "ignore = [\"DF007\"]\n").unwrap();
    let with_config = |rev: &str| found(&["--rev", rev, "."]);
    // HEAD~2 has no config: both findings; HEAD has the committed one.
    assert_eq!(with_config("HEAD~2"), ["compose.yaml DC013", "deploy/Dockerfile DF007"]);
    git(&["checkout", "-q", "HEAD~2", "--", "compose.yaml"]);
    git(&["commit", "-q", "-m", "four"]);
    // At HEAD the Dockerfile is pinned: only compose.yaml's DC013, which the committed config
    // ignores; the working directory's config (ignoring DF007) would have shown it.
    assert!(with_config("HEAD").is_empty(), "the committed config, not the working one");
    assert_eq!(found(&["."]), ["compose.yaml DC013"], "the working tree follows the working config");
}

/// A label may point into another file: XF002 shows the Dockerfile's `EXPOSE` beside the manifest's
/// port, as a JSON label with its `path`, a SARIF related location and a note in the human output.
#[test]
fn labels_point_into_other_files() {
    let dir = project(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("Dockerfile", "FROM node:22-alpine\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n"),
        (
            ".github/workflows/release.yml",
            "on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/web:${{ github.sha }}\n",
        ),
        (
            "deploy/app.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.4.0\n      ports:\n        - containerPort: 3000\n",
        ),
    ]);
    let v = json(dir.path(), &["--select", "XF002", "deploy/app.yaml"]);
    let label = &v["findings"][0]["labels"][0];
    assert_eq!(
        (label["path"].as_str(), label["line"].as_u64(), label["column"].as_u64()),
        (Some("Dockerfile"), Some(2), Some(1)),
        "{v}"
    );
    let human = shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "XF002", "--format", "human", "deploy/app.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Dockerfile:2:1: the image's `EXPOSE`"), "{text}");
    let sarif = shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "XF002", "--format", "sarif", "deploy/app.yaml"])
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let related = &s["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "Dockerfile");
    assert_eq!(related["region"]["startLine"], 2);
}

/// A kustomize overlay that retags the base's image is found from a relative path (`check .`) and
/// in a checkout without `.git` (what `init` writes was reported as a moving tag from `.`).
#[test]
fn overlay_retag_is_found_from_a_relative_path() {
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n        - name: a\n          image: ghcr.io/o/a\n";
    let base = [
        ("k8s/base/a.yaml", deploy),
        ("k8s/base/kustomization.yaml", "resources:\n  - a.yaml\n"),
    ];
    let overlay = (
        "k8s/overlays/prod/kustomization.yaml",
        "resources:\n  - ../../base\nimages:\n  - name: ghcr.io/o/a\n    newTag: v1\n",
    );
    let count = |dir: &Path| json(dir, &["--select", "K8S017", "."])["findings"].as_array().unwrap().len();
    let with = project(&[base[0], base[1], overlay]);
    assert_eq!(count(with.path()), 0);
    let without = project(&base);
    assert_eq!(count(without.path()), 1);
}

/// `shipshape init`: explains with evidence, writes the files (and only new ones without
/// `--force`), and exits 2 where it finds no app.
#[test]
fn init_writes_explains_and_refuses_nothing_to_do() {
    let dir = project(&[
        ("requirements.txt", "fastapi==0.115.0\nuvicorn==0.32.0\n"),
        (
            "app/main.py",
            "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/health\")\ndef health():\n    return {\"ok\": True}\n",
        ),
        (".python-version", "3.12\n"),
    ]);
    let out = shipshape()
        .current_dir(dir.path())
        .args(["init", "--explain", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["services"][0];
    assert_eq!(
        (s["framework"].as_str(), s["port"].as_u64(), s["health_path"].as_str()),
        (Some("fastapi"), Some(8000), Some("/health"))
    );
    assert!(s["evidence"].as_array().unwrap().iter().any(|e| e["path"] == "app/main.py"));
    // A dry run writes nothing.
    shipshape().current_dir(dir.path()).args(["init", "--dry-run"]).assert().code(0);
    assert!(!dir.path().join("Dockerfile").exists());
    std::fs::write(dir.path().join("compose.yaml"), "services:\n  app:\n    image: redis:latest\n").unwrap();
    let out = shipshape().current_dir(dir.path()).args(["init", "."]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("keep") && text.contains("compose.yaml"), "{text}");
    // What exists is checked too, with the default rules.
    assert!(
        text.contains("In the files left alone") && text.contains("compose.yaml:3"),
        "{text}"
    );
    assert!(dir.path().join("Dockerfile").exists() && dir.path().join(".github/workflows/ci.yml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        "services:\n  app:\n    image: redis:latest\n"
    );
    // What it wrote passes the default rules.
    shipshape()
        .current_dir(dir.path())
        .args(["check", "Dockerfile", ".github", "k8s"])
        .assert()
        .code(0);
    // A project's own CI is kept and checked, named by its path (`init .` once showed
    // `github/workflows/…`, the root's `.` taken off the front).
    let own_ci = project(&[
        ("requirements.txt", "fastapi==0.115.0\nuvicorn==0.32.0\n"),
        ("main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
        (
            ".github/workflows/tests.yml",
            "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n",
        ),
    ]);
    let out = shipshape()
        .current_dir(own_ci.path())
        .args(["init", "--dry-run", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("keep (exists; --force replaces it) .github/workflows/tests.yml"),
        "{text}"
    );
    assert!(text.contains("\n  .github/workflows/tests.yml:1: warning [GHA003]"), "{text}");
    assert!(!text.contains("+++ b/.github/workflows/ci.yml"), "{text}");
    let empty = project(&[("README.md", "# nothing to deploy\n")]);
    let out = shipshape().current_dir(empty.path()).args(["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("looked for"));
}

/// `--ci gitlab --deploy` writes the pipeline (with its deploy jobs and the GitLab registry's
/// image names) instead of the workflows; `--deploy` alone adds the deploy workflow. Each passes
/// every rule.
#[test]
fn init_writes_gitlab_ci_and_deploy_pipelines() {
    let files = [
        ("go.mod", "module example.com/svc\n\ngo 1.25\n"),
        ("go.sum", ""),
        (
            "main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
        ),
    ];
    let dir = project(&files);
    let out = shipshape()
        .current_dir(dir.path())
        .args(["init", "--ci", "gitlab", "--deploy", "--only", "ci,k8s"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pipeline = std::fs::read_to_string(dir.path().join(".gitlab-ci.yml")).unwrap();
    assert!(!dir.path().join(".github").exists());
    assert!(
        pipeline.contains("deploy-production:") && pipeline.contains("when: manual"),
        "{pipeline}"
    );
    let kustomization = std::fs::read_to_string(dir.path().join("k8s/overlays/staging/kustomization.yaml")).unwrap();
    assert!(kustomization.contains("registry.gitlab.com/"), "{kustomization}");
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "ALL", ".gitlab-ci.yml"])
        .assert()
        .code(0);
    // A runtime chosen on the command line over go.mod's.
    shipshape()
        .current_dir(dir.path())
        .args(["init", "--go", "1.26", "--only", "dockerfile"])
        .assert()
        .code(0);
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("FROM golang:1.26."), "{dockerfile}");
    let dir = project(&files);
    shipshape()
        .current_dir(dir.path())
        .args(["init", "--deploy", "--only", "ci"])
        .assert()
        .code(0);
    let deploy = std::fs::read_to_string(dir.path().join(".github/workflows/deploy.yml")).unwrap();
    assert!(
        deploy.contains("environment:") && deploy.contains("uses: $/.github/workflows/ci.yml"),
        "{deploy}"
    );
    shipshape()
        .current_dir(dir.path())
        .args(["check", "--select", "ALL", ".github"])
        .assert()
        .code(0);
}

/// `--templates DIR` replaces a built-in template by name; `--list-templates` names them.
#[test]
fn init_templates_can_be_overridden() {
    let dir = project(&[
        ("go.mod", "module example.com/hello\n\ngo 1.23\n"),
        (
            "main.go",
            "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
        ),
        ("tpl/dockerignore.j2", "{{ header }}\n.git\nown-rule\n"),
    ]);
    let out = shipshape().args(["init", "--list-templates"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).lines().any(|l| l == "dockerignore.j2"));
    shipshape()
        .current_dir(dir.path())
        .args(["init", "--only", "dockerfile", "--templates", "tpl", "."])
        .assert()
        .code(0);
    let ignore = std::fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    assert!(ignore.contains("own-rule") && ignore.starts_with("# Generated by"), "{ignore}");
}

/// sock-shop (judged wrong, the thirty-fifth sample): HPAs in `autoscaling/` target Deployments of
/// the sibling `manifests/` directory; a target defined nowhere near is still reported.
#[test]
fn hpa_target_in_a_sibling_directory() {
    let dep = |name: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n        - name: c\n          image: x/{name}:1\n"
        )
    };
    let hpa = |target: &str| {
        format!(
            "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hpa\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {target}\n  minReplicas: 1\n  maxReplicas: 3\n"
        )
    };
    let (heapster, orders, missing) = (dep("heapster"), dep("orders"), hpa("payments"));
    let found = hpa("orders");
    let dir = project(&[
        ("deploy/autoscaling/heapster.yaml", heapster.as_str()),
        ("deploy/autoscaling/orders-hsc.yaml", found.as_str()),
        ("deploy/autoscaling/payments-hsc.yaml", missing.as_str()),
        ("deploy/manifests/orders-dep.yaml", orders.as_str()),
    ]);
    let v = json(dir.path(), &["--select", "K8S042", "."]);
    let files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(files, ["deploy/autoscaling/payments-hsc.yaml"], "{v}");
}

/// A file the repository's own secret scan leaves out on purpose (pre-commit's
/// `detect-private-key` `exclude`, `detect-secrets --exclude-files`: the fifty-second sample's
/// local proxy key and Keycloak development certificate) is info; the same key elsewhere an error.
#[test]
fn keys_the_repository_excludes_from_its_own_scan_are_info() {
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8XKuHW9x3EN8b5rPz2Q1k8Vx1\n-----END RSA PRIVATE KEY-----\n";
    let config = "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v5.0.0\n    hooks:\n      - id: detect-private-key\n        exclude: \"^docker/https-proxy/.*$\"\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n        args:\n          - --exclude-files\n          - \"config/keycloak/*\"\n";
    let dir = project(&[
        (".pre-commit-config.yaml", config),
        ("docker/https-proxy/key.pem", key),
        ("config/keycloak/tls/tls.key", key),
        ("deploy/tls.key", key),
    ]);
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    // (path, severity) of each SEC001 finding under `paths`, sorted.
    let got = |paths: &[&str]| -> Vec<(String, String)> {
        let out = shipshape()
            .current_dir(dir.path())
            .args(["check", "--select", "SEC001", "--format", "json", "--exit-zero"])
            .args(paths)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut got: Vec<(String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["path"].as_str().unwrap().to_owned(), f["severity"].as_str().unwrap().to_owned()))
            .collect();
        got.sort();
        got
    };
    let pair = |p: &str, s: &str| (p.to_owned(), s.to_owned());
    assert_eq!(
        got(&["."]),
        [
            pair("config/keycloak/tls/tls.key", "info"),
            pair("deploy/tls.key", "error"),
            pair("docker/https-proxy/key.pem", "info"),
        ]
    );
    // gitleaks' allowlist `paths` (pulp-operator's test-only keys, the sixty-ninth sample); an
    // allowlist scoped to some rules is not the file's.
    let gitleaks = "[allowlist]\n  description = \"test only keys\"\n  paths = [\n    '''\\.ci/assets/.*\\.key''',\n  ]\n\n[[allowlists]]\ntargetRules = [\"generic-api-key\"]\npaths = ['''deploy/.*''']\n";
    std::fs::write(dir.path().join(".gitleaks.toml"), gitleaks).unwrap();
    std::fs::create_dir_all(dir.path().join(".ci/assets")).unwrap();
    std::fs::write(dir.path().join(".ci/assets/signing.key"), key).unwrap();
    assert_eq!(
        got(&[".ci", "deploy"]),
        [pair(".ci/assets/signing.key", "info"), pair("deploy/tls.key", "error")]
    );
}
