//! `check --shard I/N` and `merge` (issue 19): the shards of a tree, merged, are one run over it,
//! in JSON (statistics summed) and SARIF, byte for byte; every file is in exactly one shard.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::path::Path;

fn corpus() -> Option<std::path::PathBuf> {
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if c.is_dir() {
        Some(c)
    } else {
        assert!(std::env::var_os("CI").is_none(), "CI has ../shared/corpus");
        eprintln!("skipped: no ../shared/corpus");
        None
    }
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = common::shipshape().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn merged_shards_are_one_run() {
    let Some(corpus) = corpus() else { return };
    let out = tempfile::tempdir().unwrap();
    for (format, extra) in [("json", Some("--statistics")), ("sarif", None)] {
        let mut args = vec!["check", "--format", format, "--exit-zero", "."];
        args.extend(extra);
        let whole = run(&corpus, &args);
        let n = 3;
        let mut reports = Vec::new();
        for i in 1..=n {
            let shard = format!("{i}/{n}");
            let mut a = args.clone();
            a.extend(["--shard", shard.as_str()]);
            let text = run(&corpus, &a);
            let path = out.path().join(format!("shard{i}.{format}"));
            std::fs::write(&path, &text).unwrap();
            reports.push(path);
        }
        let mut merge = common::shipshape();
        merge.arg("merge").args(&reports);
        let merged = merge.output().unwrap();
        assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
        assert!(
            String::from_utf8_lossy(&merged.stdout) == whole,
            "{format}: the merged shards differ from one run"
        );
        if format == "json" {
            // Each shard checks a share of the files; together, each file once.
            let audited = |p: &Path| {
                let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                v["statistics"]["audited"].as_u64().unwrap()
            };
            let each: Vec<u64> = reports.iter().map(|p| audited(p)).collect();
            let all: serde_json::Value = serde_json::from_str(&whole).unwrap();
            assert_eq!(each.iter().sum::<u64>(), all["statistics"]["audited"].as_u64().unwrap());
            let total = each.iter().sum::<u64>();
            assert!(each.iter().all(|&a| a * 5 > total), "a shard far from a third: {each:?}");
        }
    }
}

#[test]
fn shards_and_merges_refuse_what_they_cannot_do() {
    let dir = common::project(&[("Dockerfile", "FROM debian:12.8\n")]);
    for bad in ["0/3", "4/3", "1/0", "2", "a/b"] {
        let out = common::shipshape()
            .current_dir(dir.path())
            .args(["check", "--shard", bad, "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
    }
    let json = run(dir.path(), &["check", "--format", "json", "--exit-zero", "."]);
    let sarif = run(dir.path(), &["check", "--format", "sarif", "--exit-zero", "."]);
    std::fs::write(dir.path().join("a.json"), json).unwrap();
    std::fs::write(dir.path().join("b.sarif"), sarif).unwrap();
    std::fs::write(dir.path().join("c.txt"), "not a report").unwrap();
    for pair in [["a.json", "b.sarif"], ["a.json", "c.txt"]] {
        let out = common::shipshape()
            .current_dir(dir.path())
            .arg("merge")
            .args(pair)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "merge {pair:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(pair[1]), "the error names the report");
    }
    // One report merged is itself: merging is idempotent.
    let once = run(dir.path(), &["merge", "a.json"]);
    assert_eq!(once, std::fs::read_to_string(dir.path().join("a.json")).unwrap());
}

/// Streamed JSON (a run that writes nothing) starts its document with the first files checked: a
/// run that fails before (a path that does not exist) leaves stdout empty, and one that finds no
/// file writes the whole, empty, document.
#[test]
fn streamed_json_is_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::shipshape()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "missing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let empty = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(empty, "{\n  \"findings\": [],\n  \"version\": 1\n}\n");
    // SARIF, streamed too, alike.
    let out = common::shipshape()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "missing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let empty: serde_json::Value = serde_json::from_str(&run(dir.path(), &["check", "--format", "sarif", "."])).unwrap();
    assert_eq!(empty["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(empty["runs"][0]["tool"]["driver"]["rules"], serde_json::json!([]));
}

/// A streamed check (chunk by chunk, in path order) writes the bytes of the whole run rendered at
/// once, in every format, across the corpus's several chunks: no finding lost at a
/// chunk's edge, none out of order, the SARIF rules numbered alike, the JUnit and Markdown totals
/// summed, human output's repeats in later chunks listed at their first place.
#[test]
fn streamed_reports_are_the_whole_run_rendered_at_once() {
    use shipshape_check::{Input, Options, Workspace};
    use shipshape_render::{End, StreamFormat, stream};
    let Some(corpus) = corpus() else { return };
    let workspace = Workspace::open(Options {
        compact: true,
        ..Options::default()
    })
    .unwrap();
    let inputs = [Input::Path(corpus)];
    let whole = workspace.check(&inputs).unwrap();
    let reports = whole.reports();
    assert!(reports.len() > 2 * shipshape_check::STREAM_CHUNK, "the corpus spans several chunks");
    let formats = [
        StreamFormat::Human,
        StreamFormat::HumanByRule,
        StreamFormat::Concise,
        StreamFormat::Json,
        StreamFormat::Sarif,
        StreamFormat::Github,
        StreamFormat::Junit,
        StreamFormat::Gitlab,
        StreamFormat::Checkstyle,
        StreamFormat::Markdown,
    ];
    let mut streams: Vec<_> = formats.iter().map(|f| (stream(*f), Vec::new())).collect();
    let mut chunks = 0;
    workspace
        .check_streaming(&inputs, &mut |outcomes| {
            let part: Vec<_> = outcomes.iter().filter_map(|o| o.report()).collect();
            for (s, out) in &mut streams {
                s.push(&part, out).unwrap();
            }
            chunks += 1;
        })
        .unwrap();
    assert!(chunks > 2, "{chunks} chunks");
    let end = End {
        statistics: None,
        version: "0",
    };
    let texts: Vec<String> = streams
        .into_iter()
        .map(|(s, mut out)| {
            s.finish(&end, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect();
    let at_once = [
        shipshape_render::render_human(&reports, true, shipshape_render::Grouping::File),
        shipshape_render::render_human(&reports, true, shipshape_render::Grouping::Rule),
        shipshape_render::render_concise(&reports),
        shipshape_render::render_json(&reports, None),
        shipshape_render::render_sarif(&reports, &[], "0"),
        shipshape_render::render_github(&reports),
        shipshape_render::render_junit(&reports),
        shipshape_render::render_gitlab(&reports),
        shipshape_render::render_checkstyle(&reports),
        shipshape_render::render_markdown(&reports),
    ];
    for ((format, streamed), whole) in formats.iter().zip(&texts).zip(&at_once) {
        assert!(!whole.is_empty(), "{format:?}");
        assert!(streamed == whole, "streamed {format:?} differs");
    }
    let sarif_text = &texts[4];
    assert!(texts[9].contains("… and "), "the Markdown table stops at its bound");
    assert_ne!(texts[0], texts[1], "grouped by rule, the order differs");
    assert!(texts[0].contains("the same finding in "), "repeats across chunks are collapsed");
    let doc: serde_json::Value = serde_json::from_str(sarif_text).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}
