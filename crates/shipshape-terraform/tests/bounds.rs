//! Never break, never leak: hostile JSON is a parse error at a place, the translation to native
//! syntax has a size budget, and files read for repository facts are bounded like checked files.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_core::testkit::{File, check};
use shipshape_terraform::TerraformChecker;
use shipshape_terraform::json;
use std::path::Path;
use std::time::{Duration, Instant};

fn run(src: &str, path: &Path, select: &[&str]) -> FileReport {
    let name = path.to_str().unwrap();
    let kind = if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
        FileKind::TerraformVars
    } else {
        FileKind::Terraform
    };
    check(&TerraformChecker::default(), File::at(kind, path), src, select, FixMode::Off)
}

fn codes_and_texts(report: &FileReport, src: &str) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code.to_owned(), f.diagnostic.span.text(src).to_owned()))
        .collect()
}

/// A billion laughs in YAML flow syntax inside a `.tf.json` file: `levels` anchors, each a list of
/// nine aliases of the one before (9^(levels-1) copies of the first once expanded).
fn alias_bomb(levels: usize) -> String {
    let mut parts = vec!["\"l0\": &a0 \"lollollollollollol\"".to_owned()];
    for i in 1..levels {
        let aliases = vec![format!("*a{}", i - 1); 9].join(",");
        parts.push(format!("\"l{i}\": &a{i} [{aliases}]"));
    }
    format!("{{\"locals\": {{{}}}}}\n", parts.join(", "))
}

#[test]
fn an_alias_bomb_in_terraform_json_is_a_parse_error_at_the_first_anchor() {
    let dir = tempfile::tempdir().unwrap();
    // 437 bytes: 9^8 copies of an 18-byte string (about 3 GB of native text) when aliases expand.
    let src = alias_bomb(9);
    assert!(src.len() < 500);
    for name in ["main.tf.json", "terraform.tfvars.json"] {
        let path = dir.path().join(name);
        let started = Instant::now();
        let report = run(&src, &path, &["ALL"]);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        let found = codes_and_texts(&report, &src);
        assert_eq!(found, [("TF000".to_owned(), "&".to_owned())], "{name}");
        let message = &report.findings[0].diagnostic.message;
        assert!(message.starts_with("invalid JSON: "), "{message}");
    }
}

#[test]
fn yaml_that_is_not_json_is_not_terraform_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.tf.json");
    // Each parses as YAML; none is JSON. The finding is where JSON stops.
    for (src, at) in [
        ("{resource: {}}", "r"),
        ("{\"locals\": {\"a\": 1}} # comment", "#"),
        ("{\"locals\": {\"a\": !!str 1}}", "!"),
        ("{\"locals\": {\"a\": 'x'}}", "'"),
        ("\"locals\":\n  \"a\": 1\n", ":"),
    ] {
        let found = codes_and_texts(&run(src, &path, &["ALL"]), src);
        assert_eq!(found, [("TF000".to_owned(), at.to_owned())], "{src}");
    }
    // A byte order mark is skipped, and a location after it is still exact.
    let src = "\u{feff}{\n  \"locals\": {\"a\": }\n}\n";
    let found = codes_and_texts(&run(src, &path, &["ALL"]), src);
    assert_eq!(found, [("TF000".to_owned(), "}".to_owned())]);
    let src = "\u{feff}{\"resource\": {\"aws_s3_bucket_acl\": {\"b\": {\"bucket\": \"b\", \"acl\": \"public-read\"}}}}\n";
    let found = codes_and_texts(&run(src, &path, &["ALL"]), src);
    assert_eq!(found, [("TF004".to_owned(), "\"public-read\"".to_owned())]);
}

#[test]
fn the_translation_to_native_syntax_has_a_size_budget() {
    // Strict JSON whose translation repeats a long key for every element of an array of blocks:
    // 1 MB of native text per 3 bytes of JSON without a budget.
    let key = "k".repeat(1_000_000);
    let src = format!(
        "{{\"resource\": {{\"t\": {{\"n\": {{\"{key}\": [{}]}}}}}}}}",
        vec!["{}"; 10_000].join(",")
    );
    let started = Instant::now();
    let Err((span, message)) = json::translate(&src) else {
        panic!("the budget did not stop the translation")
    };
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(message.contains("grows beyond"), "{message}");
    assert_eq!(span.text(&src), "{}");
    // Within the budget: numbers are copied as written (`1e300` is not 301 digits), deep nesting
    // is not indented without end.
    let numbers = format!("{{\"locals\": {{\"n\": [{}]}}}}", vec!["1e300"; 20_000].join(","));
    let t = json::translate(&numbers).unwrap();
    assert!(t.hcl.len() < 2 * numbers.len(), "{}", t.hcl.len());
    assert!(t.hcl.contains("[1e300, 1e300"));
    let mut nested = String::new();
    for _ in 0..30 {
        nested.push_str("{\"a\":");
    }
    nested.push('1');
    nested.push_str(&"}".repeat(30));
    let many = format!(
        "{{\"resource\": {{\"t\": {{{}}}}}}}",
        (0..2_000).map(|i| format!("\"n{i}\": {nested}")).collect::<Vec<_>>().join(",")
    );
    let t = json::translate(&many).unwrap();
    assert!(t.hcl.len() < 4 * many.len(), "{} for {}", t.hcl.len(), many.len());
}

#[test]
fn a_byte_order_mark_is_skipped_in_native_syntax_with_offsets_kept() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    let src = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size              = 1\n  encrypted         = var.encrypted\n}\n";
    // The sibling that declares the variable has a BOM too: the module scope reads it.
    std::fs::write(
        dir.path().join("variables.tf"),
        "\u{feff}variable \"encrypted\" {\n  type    = bool\n  default = false\n}\n",
    )
    .unwrap();
    std::fs::write(&main, src).unwrap();
    let plain = codes_and_texts(&run(src, &main, &["ALL"]), src);
    assert!(plain.iter().any(|(c, t)| c == "TF011" && t == "\"aws_ebs_volume\""), "{plain:?}");
    let bom = format!("\u{feff}{src}");
    std::fs::write(&main, &bom).unwrap();
    let report = run(&bom, &main, &["ALL"]);
    assert_eq!(codes_and_texts(&report, &bom), plain);
    assert!(report.findings.iter().all(|f| f.diagnostic.span.start >= 3));
    // A `.tfvars` file with a BOM is checked against the module's declarations.
    let vars = dir.path().join("prod.tfvars");
    let vsrc = "\u{feff}encryptd = true\n";
    std::fs::write(&vars, vsrc).unwrap();
    assert_eq!(
        codes_and_texts(&run(vsrc, &vars, &["ALL"]), vsrc),
        [("TF052".to_owned(), "encryptd".to_owned())]
    );
}

#[cfg(unix)]
#[test]
fn files_read_elsewhere_for_facts_are_bounded_and_never_fail_the_check() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    let git = std::process::Command::new("git").arg("init").arg("-q").arg(root).status();
    if !git.is_ok_and(|s| s.success()) {
        std::fs::create_dir(root.join(".git")).unwrap();
    }
    let write = |name: &str, text: &[u8]| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let mkfifo = |name: &str| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let ok = std::process::Command::new("mkfifo").arg(p).status();
        assert!(ok.unwrap().success());
    };
    // A clean module: encrypted unless a caller says otherwise.
    write(
        "clean/variables.tf",
        b"variable \"encrypted\" {\n  type    = bool\n  default = true\n}\n",
    );
    let src = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size              = 1\n  encrypted         = var.encrypted\n}\n";
    write("clean/main.tf", src.as_bytes());
    let main = root.join("clean/main.tf");
    // Elsewhere, files that call it with encryption off, none of which Terraform or the engine
    // would read: an alias bomb (no JSON), a binary file, a FIFO, a file over the size limit.
    let call = "module \"c\" {\n  source    = \"../clean\"\n  encrypted = false\n}\n";
    let mut bomb = String::from(
        "{\"module\": {\"c\": {\"source\": \"../clean\", \"encrypted\": false}}, \"locals\": {\"l0\": &a0 \"lollollollollollol\"",
    );
    for i in 1..9 {
        bomb.push_str(&format!(", \"l{i}\": &a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(",")));
    }
    bomb.push_str("}}\n");
    write("elsewhere/bomb.tf.json", bomb.as_bytes());
    write("binary/main.tf", format!("# \0\0\0\n{call}").as_bytes());
    mkfifo("fifo/main.tf");
    mkfifo("clean/fifo.tf");
    let mut big = String::from(call);
    while big.len() as u64 <= shipshape_core::engine::MAX_FILE_BYTES {
        big.push_str("# padding past the size limit of the files shipshape checks\n");
    }
    write("big/main.tf", big.as_bytes());
    let started = Instant::now();
    let report = run(src, &main, &["ALL"]);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let found = codes_and_texts(&report, src);
    assert!(found.iter().all(|(c, _)| c != "TF011" && c != "TF000"), "{found:?}");
    // Files beside the checked one are read through the run's source tree, within its bound
    // (`tree::MAX_BYTES`, 1 MiB): a 2 MiB call is not read, one just under the bound is.
    let long = |len: u64| {
        let mut calls = String::from(call);
        while (calls.len() as u64) < len {
            calls.push_str("# a long file\n");
        }
        calls
    };
    write("calls/main.tf", long(2 << 20).as_bytes());
    let found = codes_and_texts(&run(src, &main, &["ALL"]), src);
    assert!(found.iter().all(|(c, _)| c != "TF011"), "{found:?}");
    write("calls/main.tf", long(shipshape_core::tree::MAX_BYTES - 64).as_bytes());
    let found = codes_and_texts(&run(src, &main, &["ALL"]), src);
    assert!(found.iter().any(|(c, t)| c == "TF011" && t == "\"aws_ebs_volume\""), "{found:?}");
}
