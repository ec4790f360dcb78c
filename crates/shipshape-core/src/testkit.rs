//! Helpers for the domain crates' tests (feature `testkit`, enabled only as a dev-dependency): run
//! one checker on one text, read a rule's documented examples, find a peer tool.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::classify::FileKind;
use crate::config::{CliSelection, ConfigFile, Configs, Settings};
use crate::engine::{Checker, Engine, FileReport, FixMode, Outcome, RunOptions, SourceFile};
use crate::project::Projects;
use crate::rule::Registry;
use crate::tree::{Disk, SourceTree};
use std::path::PathBuf;
use std::sync::Arc;

/// A file for `check`: its kind, the name shown, and (for rules that read the directory) a path.
pub struct File<'a> {
    pub kind: FileKind,
    pub display: &'a str,
    pub path: Option<PathBuf>,
}

impl<'a> File<'a> {
    pub fn new(kind: FileKind, display: &'a str) -> Self {
        Self { kind, display, path: None }
    }

    pub fn at(kind: FileKind, path: &'a std::path::Path) -> Self {
        Self {
            kind,
            display: path.to_str().unwrap_or_default(),
            path: Some(path.to_owned()),
        }
    }
}

/// Run `checker` with the rules `select` (codes or prefixes) on `src`, through the engine
/// (suppressions, fixes, fingerprints), as the CLI would.
pub fn check(checker: &dyn Checker, file: File, src: &str, select: &[&str], fix: FixMode) -> FileReport {
    check_with(checker, &ConfigFile::default(), file, src, select, fix)
}

/// `check` under a config file's settings (rule options, per-path ignores).
pub fn check_with(checker: &dyn Checker, config: &ConfigFile, file: File, src: &str, select: &[&str], fix: FixMode) -> FileReport {
    check_in(Arc::new(Disk), checker, config, file, src, select, fix)
}

/// `check` with the files beside this one read from `tree` (e.g. an [`Overlay`](crate::tree::Overlay)
/// holding a file that exists nowhere on disk), as an editor or agent integration runs it.
pub fn check_tree(tree: Arc<dyn SourceTree>, checker: &dyn Checker, file: File, src: &str, select: &[&str], fix: FixMode) -> FileReport {
    check_in(tree, checker, &ConfigFile::default(), file, src, select, fix)
}

fn check_in(
    tree: Arc<dyn SourceTree>,
    checker: &dyn Checker,
    config: &ConfigFile,
    file: File,
    src: &str,
    select: &[&str],
    fix: FixMode,
) -> FileReport {
    let reg = Registry::new(checker.rules().to_vec());
    let cli = CliSelection {
        select: Some(select.iter().map(|s| s.to_string()).collect()),
        ..CliSelection::default()
    };
    let settings = Settings::resolve(&reg, config, &cli, PathBuf::from("/nonexistent"));
    let configs = Configs::single(settings);
    let engine = Engine {
        checkers: vec![checker],
        configs: &configs,
        cwd: PathBuf::from("/"),
        projects: Projects::new(tree),
    };
    let source = SourceFile {
        path: file.path,
        display: file.display.to_owned(),
        kind: file.kind,
        text: src.to_owned(),
        lossy: false,
    };
    match engine.run_file(source, &RunOptions { fix, ..Default::default() }) {
        Outcome::Checked(r) => r,
        other => panic!("{} was not checked: {other:?}", file.display),
    }
}

/// The code block under `## {section}` of a rule's docs (`Example`, `Use instead`).
pub fn doc_block<'a>(docs: &'a str, section: &str) -> &'a str {
    let heading = format!("## {section}\n```");
    let at = docs.find(&heading).unwrap_or_else(|| panic!("no `{section}` block in:\n{docs}"));
    let fence = at + heading.len();
    let start = fence + docs[fence..].find('\n').unwrap() + 1;
    let end = start + docs[start..].find("\n```").unwrap();
    &docs[start..end]
}

/// The peer tool named by environment variable `var` (else `name` on `PATH`), if it runs.
pub fn peer_tool(var: &str, name: &str) -> Option<String> {
    let bin = std::env::var(var).unwrap_or_else(|_| name.into());
    std::process::Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| bin)
}

/// `(file_path, check_id)` of every failed check of checkov `--framework {framework} -d {dir}`;
/// panics when checkov reports nothing (the fixtures always hold failures).
pub fn checkov_failed(bin: &str, framework: &str, dir: &std::path::Path) -> Vec<(String, String)> {
    let (_, failed, stderr) = checkov_run(bin, framework, dir);
    assert!(!failed.is_empty(), "checkov reported nothing: {stderr}");
    failed
}

/// checkov `--framework {framework} -d {dir}`: the number of passed checks, `(file_path, check_id)`
/// of every failed one, and its standard error.
pub fn checkov_run(bin: &str, framework: &str, dir: &std::path::Path) -> (u64, Vec<(String, String)>, String) {
    let out = std::process::Command::new(bin)
        .args([
            "--framework",
            framework,
            "-o",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
            "-d",
        ])
        .arg(dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    // One report per framework: an array when checkov ran several.
    let reports = v.as_array().cloned().unwrap_or_else(|| vec![v]);
    let passed = reports.iter().filter_map(|r| r["summary"]["passed"].as_u64()).sum();
    let failed = reports
        .iter()
        .flat_map(|r| r["results"]["failed_checks"].as_array().cloned().unwrap_or_default())
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (s("file_path"), s("check_id"))
        })
        .collect();
    (passed, failed, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The rule codes of every finding of `report`, in order.
pub fn codes(report: &FileReport) -> Vec<String> {
    report.findings.iter().map(|f| f.diagnostic.rule.code.to_owned()).collect()
}

/// `(rule code, primary span text)` of every finding of `report` on `src`.
pub fn spans(report: &FileReport, src: &str) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code.to_owned(), f.diagnostic.span.text(src).to_owned()))
        .collect()
}

/// Every rule's documented example must fire it with exactly the primary spans the rule declares
/// (`spans:` in its `rule!`, [`crate::RuleMeta::example_spans`]), its alternative must not, and
/// neither may trip the `validity` rules (parse errors, schema checks) other than the rule itself.
/// `run(code, text, is_alternative, select)` gives the `spans` of a run on `text`. Returns the
/// failures, one line each.
pub fn example_failures<'r>(
    rules: impl IntoIterator<Item = &'r crate::RuleMeta>,
    validity: &[&str],
    run: impl Fn(&str, &str, bool, &[&str]) -> Vec<(String, String)>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for meta in rules {
        let code = meta.code;
        let bad = format!("{}\n", doc_block(meta.docs, "Example"));
        let good = format!("{}\n", doc_block(meta.docs, "Use instead"));
        let own = |text: &str, alternative: bool| -> Vec<String> {
            run(code, text, alternative, &[code])
                .into_iter()
                .filter(|(c, _)| c == code)
                .map(|(_, t)| t)
                .collect()
        };
        let got = own(&bad, false);
        let want = meta.example_spans;
        if want.is_empty() {
            failures.push(format!("{code}: the rule declares no `spans:` for its example (got {got:?})"));
        } else if got != want {
            failures.push(format!("{code}: expected {want:?}, got {got:?}"));
        }
        if !validity.is_empty() {
            for (what, text, alternative) in [("example", &bad, false), ("alternative", &good, true)] {
                let found = run(code, text, alternative, validity);
                if !found.iter().all(|(c, _)| c == code) {
                    failures.push(format!("{code}: the {what} is not a valid file: {found:?}"));
                }
            }
        }
        let quiet = own(&good, true);
        if !quiet.is_empty() {
            failures.push(format!("{code}: 'use instead' fires: {quiet:?}"));
        }
    }
    failures
}

/// Peer disagreements `(rule, peer, what the peer did)` set against those listed as deliberate
/// `(rule, peer, reason)`: an unlisted disagreement fails, and so does a listed one that no longer
/// happens (the list must stay true both ways).
pub fn unexplained<C: AsRef<str>, P: AsRef<str>, W: std::fmt::Display>(
    found: &[(C, P, W)],
    deliberate: &[(&str, &str, &str)],
) -> Vec<String> {
    let listed = |code: &str, peer: &str| deliberate.iter().any(|(c, p, _)| *c == code && *p == peer);
    let mut failures: Vec<String> = found
        .iter()
        .filter(|(c, p, _)| !listed(c.as_ref(), p.as_ref()))
        .map(|(c, p, what)| format!("{} vs {}: the peer {what}", c.as_ref(), p.as_ref()))
        .collect();
    for (code, peer, _) in deliberate {
        if !found.iter().any(|(c, p, _)| c.as_ref() == *code && p.as_ref() == *peer) {
            failures.push(format!("{code} vs {peer}: listed as deliberate but now agrees; remove it"));
        }
    }
    failures
}
