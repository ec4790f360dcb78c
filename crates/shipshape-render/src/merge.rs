//! `shipshape merge`: the reports of a sharded run (`check --shard I/N`, one per CI job) combined
//! into the report one run over every file would have written: JSON (version 1) or SARIF 2.1.0,
//! findings in path and position order, duplicates removed, statistics summed.

use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

/// The format of the reports merged (all must share it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeFormat {
    Json,
    Sarif,
}

/// Merge reports (each the text of a `--format json` or `--format sarif` output). Errors name the
/// report (by its position) that is not one, or that mixes formats.
pub fn merge(reports: &[(String, String)]) -> Result<(MergeFormat, String), String> {
    let mut docs = Vec::new();
    let mut format = None;
    for (name, text) in reports {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("{name}: not JSON: {e}"))?;
        let this = if doc.get("runs").is_some() && doc.get("version").and_then(Value::as_str) == Some("2.1.0") {
            MergeFormat::Sarif
        } else if doc.get("version").and_then(Value::as_u64) == Some(1) && doc.get("findings").is_some_and(Value::is_array) {
            MergeFormat::Json
        } else {
            return Err(format!("{name}: neither shipshape's JSON (version 1) nor SARIF 2.1.0"));
        };
        if format.is_some_and(|f| f != this) {
            return Err(format!(
                "{name}: a {} report among {} ones",
                label(this),
                label(format.unwrap_or(this))
            ));
        }
        format = Some(this);
        docs.push(doc);
    }
    let format = format.ok_or("no report to merge")?;
    // Typed for JSON, whose fields keep the order one run writes them in.
    let text = match format {
        MergeFormat::Json => {
            let mut text = serde_json::to_string_pretty(&merge_json(docs)?).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
        MergeFormat::Sarif => merge_sarif(docs)?,
    };
    Ok((format, text))
}

fn label(f: MergeFormat) -> &'static str {
    match f {
        MergeFormat::Json => "JSON",
        MergeFormat::Sarif => "SARIF",
    }
}

fn num(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// Path (component by component, as discovery sorts), then start, end and rule: a single run's order.
fn order(a: (&str, [u64; 4], &str), b: (&str, [u64; 4], &str)) -> Ordering {
    Path::new(a.0).cmp(Path::new(b.0)).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2))
}

/// The statistics of `--statistics`, in the order one run writes them.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Statistics {
    by_kind: BTreeMap<String, u64>,
    audited: u64,
    skipped: BTreeMap<String, u64>,
    by_rule: BTreeMap<String, u64>,
}

/// The JSON report, fields in the order one run writes them.
#[derive(serde::Serialize)]
struct JsonDoc {
    findings: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Statistics>,
    version: u32,
}

fn merge_json(docs: Vec<Value>) -> Result<JsonDoc, String> {
    let mut findings: Vec<Value> = Vec::new();
    let mut statistics: Option<Statistics> = None;
    for mut doc in docs {
        if let Some(Value::Array(f)) = doc.get_mut("findings").map(Value::take) {
            findings.extend(f);
        }
        if let Some(s) = doc.get_mut("statistics").map(Value::take) {
            let s: Statistics = serde_json::from_value(s).map_err(|e| format!("statistics: {e}"))?;
            let sum = statistics.get_or_insert_with(Statistics::default);
            sum.audited += s.audited;
            for (into, from) in [
                (&mut sum.by_kind, s.by_kind),
                (&mut sum.skipped, s.skipped),
                (&mut sum.by_rule, s.by_rule),
            ] {
                for (k, n) in from {
                    *into.entry(k).or_default() += n;
                }
            }
        }
    }
    let key = |f: &Value| {
        (
            f.get("path").and_then(Value::as_str).unwrap_or("").to_owned(),
            [num(f, "line"), num(f, "column"), num(f, "end_line"), num(f, "end_column")],
            f.get("code").and_then(Value::as_str).unwrap_or("").to_owned(),
        )
    };
    findings.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        order((&ka.0, ka.1, &ka.2), (&kb.0, kb.1, &kb.2))
    });
    // The same finding in two shards' reports (a file named twice): once.
    findings.dedup_by(|a, b| a.get("path") == b.get("path") && a.get("fingerprint") == b.get("fingerprint") && key(a) == key(b));
    Ok(JsonDoc {
        findings,
        statistics,
        version: 1,
    })
}

/// The shards' SARIF as one run's: results in path and position order, rules numbered in the
/// order they first fire there, the run successful only if every shard was.
fn merge_sarif(docs: Vec<Value>) -> Result<String, String> {
    let mut version: Option<String> = None;
    let mut rules: std::collections::BTreeMap<String, Value> = Default::default();
    let mut results: Vec<Value> = Vec::new();
    let mut failed = false;
    for mut doc in docs {
        let run = doc
            .get_mut("runs")
            .and_then(|r| r.get_mut(0))
            .ok_or("a SARIF report without a run")?;
        let own: Vec<Value> = run
            .pointer("/tool/driver/rules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for r in own {
            if let Some(id) = r.get("id").and_then(Value::as_str) {
                rules.entry(id.to_owned()).or_insert(r);
            }
        }
        failed |= run.pointer("/invocations/0/executionSuccessful").and_then(Value::as_bool) == Some(false);
        if version.is_none() {
            version = run.pointer("/tool/driver/version").and_then(Value::as_str).map(str::to_owned);
        }
        if let Some(Value::Array(rs)) = run.get_mut("results").map(Value::take) {
            results.extend(rs);
        }
    }
    let version = version.ok_or("no report to merge")?;
    let key = |r: &Value| {
        let loc = r.pointer("/locations/0/physicalLocation");
        let region = loc.and_then(|l| l.get("region"));
        let n = |k: &str| region.and_then(|g| g.get(k)).and_then(Value::as_u64).unwrap_or(0);
        (
            loc.and_then(|l| l.pointer("/artifactLocation/uri"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            [n("startLine"), n("startColumn"), n("endLine"), n("endColumn")],
            r.get("ruleId").and_then(Value::as_str).unwrap_or("").to_owned(),
        )
    };
    results.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        order((&ka.0, ka.1, &ka.2), (&kb.0, kb.1, &kb.2))
    });
    results.dedup_by(|a, b| key(a) == key(b) && a.get("partialFingerprints") == b.get("partialFingerprints"));
    let mut descriptors = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for r in &mut results {
        let Some(id) = r.get("ruleId").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let i = match index.get(&id) {
            Some(&i) => i,
            None => {
                descriptors.push(rules.remove(&id).unwrap_or_else(|| serde_json::json!({"id": id})));
                index.insert(id, descriptors.len() - 1);
                descriptors.len() - 1
            }
        };
        r["ruleIndex"] = Value::from(i);
    }
    Ok(crate::sarif::document(&results, descriptors, failed, &version))
}
