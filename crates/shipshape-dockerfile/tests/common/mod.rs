//! Test helpers: run the Dockerfile checker on a text with a chosen rule selection.
#![allow(dead_code, clippy::unwrap_used)]

use shipshape_core::classify::FileKind;
use shipshape_core::config::{CliSelection, ConfigFile, Configs, Settings};
use shipshape_core::engine::{Checker, Engine, FileReport, FixMode, Outcome, RunOptions, SourceFile};
use shipshape_core::rule::Registry;
use shipshape_dockerfile::DockerfileChecker;
use std::path::PathBuf;

pub fn settings(select: &[&str], config: &str) -> Settings {
    let checker = DockerfileChecker::default();
    let reg = Registry::new(checker.rules().to_vec());
    let file: ConfigFile = toml::from_str(config).unwrap();
    let cli = CliSelection {
        select: if select.is_empty() {
            None
        } else {
            Some(select.iter().map(|s| s.to_string()).collect())
        },
        ..CliSelection::default()
    };
    Settings::resolve(&reg, &file, &cli, PathBuf::from("/nonexistent"))
}

pub fn run_with(src: &str, settings: &Settings, fix: FixMode, path: Option<PathBuf>) -> FileReport {
    let checker = DockerfileChecker::default();
    let configs = Configs::single(settings.clone());
    let engine = Engine {
        checkers: vec![&checker],
        configs: &configs,
        cwd: PathBuf::from("/"),
        projects: Default::default(),
    };
    let file = SourceFile {
        path,
        display: "Dockerfile".into(),
        kind: FileKind::Dockerfile,
        text: src.to_owned(),
        lossy: false,
    };
    match engine.run_file(file, &RunOptions { fix, ..Default::default() }) {
        Outcome::Checked(r) => r,
        other => panic!("not checked: {other:?}"),
    }
}

/// Findings of the selected rules on `src`: (code, text of the primary span).
pub fn findings(src: &str, select: &[&str]) -> Vec<(String, String)> {
    let s = settings(select, "");
    let r = run_with(src, &s, FixMode::Off, None);
    r.findings
        .iter()
        .map(|f| (f.diagnostic.rule.code.to_owned(), f.diagnostic.span.text(src).to_owned()))
        .collect()
}

pub fn codes(src: &str, select: &[&str]) -> Vec<String> {
    findings(src, select).into_iter().map(|f| f.0).collect()
}
