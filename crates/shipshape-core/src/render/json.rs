use super::positions;
use crate::engine::FileReport;
use serde_json::{Value, json};

/// The stable JSON format, documented in `docs/json-format.md`; `statistics` (with `--statistics`)
/// adds the run's counts under `"statistics"`.
pub fn render_json(reports: &[&FileReport], statistics: Option<&crate::engine::Statistics>) -> String {
    let mut findings = Vec::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let (start, end) = positions(r, d.span);
            let fix = d.fix.as_ref().map_or(Value::Null, |fix| {
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let (s, en) = positions(r, e.span);
                        json!({
                            "line": s.line, "column": s.column,
                            "end_line": en.line, "end_column": en.column,
                            "start_offset": e.span.start, "end_offset": e.span.end,
                            "replacement": e.replacement,
                        })
                    })
                    .collect();
                json!({"applicability": fix.applicability, "message": fix.message, "edits": edits})
            });
            let labels: Vec<Value> = d
                .labels
                .iter()
                .map(|l| {
                    let (s, en) = positions(r, l.span);
                    json!({"line": s.line, "column": s.column, "end_line": en.line, "end_column": en.column, "message": l.message})
                })
                .collect();
            findings.push(json!({
                "code": d.rule.code,
                "name": d.rule.name,
                "severity": d.severity,
                "confidence": d.confidence,
                "category": d.rule.category,
                "path": r.display,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "message": d.message,
                "help": d.help,
                "labels": labels,
                "fingerprint": f.fingerprint,
                "fix": fix,
            }));
        }
    }
    let mut doc = json!({"version": 1, "findings": findings});
    if let Some(stats) = statistics {
        doc["statistics"] = serde_json::to_value(stats).unwrap_or_default();
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
