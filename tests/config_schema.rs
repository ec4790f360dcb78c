//! The config's JSON Schema (`docs/shipshape.schema.json`, from `shipshape config-schema`): current,
//! and in agreement with the config loader on valid and invalid configs, checked with Python's
//! `jsonschema` (Draft 2020-12) as an editor would check `shipshape.toml`.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::Path;

#[test]
fn the_published_schema_is_the_generated_one() {
    let out = common::shipshape().arg("config-schema").output().unwrap();
    assert!(out.status.success());
    let published = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/shipshape.schema.json")).unwrap();
    assert!(
        published == String::from_utf8_lossy(&out.stdout),
        "docs/shipshape.schema.json is stale: `cargo run -q -- config-schema > docs/shipshape.schema.json`"
    );
}

/// The configs the schema must accept, and the ones it must reject, each also given to the loader.
const VALID: &[&str] = &[
    "",
    // The README's example.
    "extend = \"../shipshape.toml\"\nselect = [\"DF\"]\nextend-select = [\"DF008\"]\nignore = [\"DF046\"]\nmin-severity = \"info\"\nmin-confidence = \"medium\"\nfail-on = \"warning\"\nexclude = [\"vendor/**\"]\nforce-exclude = true\n\n[[per-path]]\npath = \"legacy/**\"\nignore = [\"DF0\"]\n\n[rules.DF025]\ntrusted-registries = [\"docker.io\", \"ghcr.io/acme\"]\n",
    "[rules.untrusted-registry]\ntrusted-registries = [\"ghcr.io\"]\n",
];
const INVALID: &[&str] = &[
    "selct = [\"DF\"]\n",
    "min-severity = \"fatal\"\n",
    "fail-on = 1\n",
    "exclude = \"vendor/**\"\n",
    "[[per-path]]\nignore = [\"DF0\"]\n",
    "[rules.DF025]\ntrusted-registry = [\"ghcr.io\"]\n",
    "[rules.DF025]\ntrusted-registries = \"ghcr.io\"\n",
];

#[test]
fn the_schema_and_the_loader_agree() {
    let dir = tempfile::tempdir().unwrap();
    // What the README's `extend = "../shipshape.toml"` inherits.
    std::fs::write(dir.path().join("shipshape.toml"), "ignore = [\"DF046\"]\n").unwrap();
    let mut cases = Vec::new();
    for (i, (text, valid)) in VALID
        .iter()
        .map(|t| (t, true))
        .chain(INVALID.iter().map(|t| (t, false)))
        .enumerate()
    {
        let sub = dir.path().join(format!("case{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("shipshape.toml"), text).unwrap();
        // The loader: a valid config checks an empty folder (exit 0); an invalid one is an error (2).
        let out = common::shipshape()
            .args(["check", "--config"])
            .arg(sub.join("shipshape.toml"))
            .arg(&sub)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(if valid { 0 } else { 2 }),
            "the loader on {text:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cases.push((sub.join("shipshape.toml"), valid));
    }
    let python = std::env::var("SHIPSHAPE_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = "import json,sys,tomllib,jsonschema\n\
        s=json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(s)\n\
        v=jsonschema.Draft202012Validator(s)\n\
        for path,want in zip(sys.argv[2::2],sys.argv[3::2]):\n\
        \x20   errs=list(v.iter_errors(tomllib.load(open(path,'rb'))))\n\
        \x20   assert (not errs)==(want=='1'), (open(path).read(), [e.message for e in errs])\n\
        print('ok')";
    let mut cmd = std::process::Command::new(&python);
    cmd.args(["-c", script])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/shipshape.schema.json"));
    for (path, valid) in &cases {
        cmd.arg(path).arg(if *valid { "1" } else { "0" });
    }
    match cmd.output() {
        Ok(o) if o.status.success() => {}
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named 'jsonschema'") && std::env::var("CI").is_err() => {
            eprintln!("skipped: python jsonschema is not installed (CI installs it)");
        }
        Ok(o) => panic!("the schema disagrees with the loader: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) if std::env::var("CI").is_err() => eprintln!("skipped: {e}"),
        Err(e) => panic!("cannot run {python}: {e}"),
    }
}
