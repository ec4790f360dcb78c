use super::positions;
use serde_json::{Value, json};
use shipshape_core::diagnostic::Severity;
use shipshape_core::engine::FileReport;
use shipshape_core::rule::RuleMeta;
use std::collections::BTreeMap;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file's path as a SARIF `uri`: percent-encoded (RFC 3986: every byte but unreserved
/// characters and `/`), and a `file://` URI when the path is absolute.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(char::from(b)),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(r: &FileReport, span: shipshape_core::span::Span) -> Value {
    let (s, e) = positions(r, span);
    json!({"startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column, "charOffset": span.start, "charLength": span.len()})
}

/// SARIF 2.1.0 with rule descriptors, `partialFingerprints` and `fixes`.
pub fn render_sarif(reports: &[&FileReport], rules: &[&'static RuleMeta], version: &str) -> String {
    // Descriptors for every rule that fired, in code order, so `ruleIndex` is stable.
    let mut used: BTreeMap<&str, &RuleMeta> = BTreeMap::new();
    for r in reports {
        for f in &r.findings {
            used.insert(f.diagnostic.rule.code, f.diagnostic.rule);
        }
    }
    let _ = rules;
    let index: BTreeMap<&str, usize> = used.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let descriptors: Vec<Value> = used
        .values()
        .map(|m| {
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.summary, "markdown": m.docs},
                "helpUri": m.docs_url(),
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.default},
                "properties": {"category": m.category, "tags": [m.category.as_str(), m.domain.as_str()], "peers": m.peers},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": index[d.rule.code],
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&r.display)}, "region": region(r, d.span)}}],
                "partialFingerprints": {"shipshape/v1": f.fingerprint},
                "properties": {"confidence": d.confidence},
            });
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": region(r, e.span), "insertedContent": {"text": e.replacement}}))
                    .collect();
                // SARIF has no applicability: an unsafe fix says so in its text and properties.
                let (text, applicability) = match fix.applicability {
                    shipshape_core::Applicability::Safe => (fix.message.clone(), "safe"),
                    shipshape_core::Applicability::Unsafe => (
                        format!("{} (unsafe: review it; `--unsafe-fixes` applies it)", fix.message),
                        "unsafe",
                    ),
                };
                let mut changes = Vec::new();
                if !replacements.is_empty() {
                    changes.push(json!({"artifactLocation": {"uri": uri(&r.display)}, "replacements": replacements}));
                }
                // A created file is an insertion at its start; an append needs the file's length,
                // which the finding does not know: SARIF carries only creations.
                for c in &fix.files {
                    if let shipshape_core::diagnostic::FileOp::Create(text) = &c.op {
                        changes.push(json!({
                            "artifactLocation": {"uri": uri(&c.path.display().to_string())},
                            "replacements": [{"deletedRegion": {"charOffset": 0, "charLength": 0}, "insertedContent": {"text": text}}],
                        }));
                    }
                }
                if !changes.is_empty() {
                    result["fixes"] = json!([{
                        "description": {"text": text},
                        "artifactChanges": changes,
                        "properties": {"applicability": applicability},
                    }]);
                }
            }
            if !d.labels.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let (file, region) = match &l.elsewhere {
                                Some(e) => (
                                    e.display.as_str(),
                                    json!({"startLine": e.start.line, "startColumn": e.start.column, "endLine": e.end.line, "endColumn": e.end.column}),
                                ),
                                None => (r.display.as_str(), region(r, l.span)),
                            };
                            json!({"id": i, "physicalLocation": {"artifactLocation": {"uri": uri(file)}, "region": region}, "message": {"text": l.message}})
                        })
                        .collect(),
                );
            }
            results.push(result);
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipshape",
                "version": version,
                "semanticVersion": version,
                "informationUri": "https://github.com/shipshape-dev/shipshape",
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            // A checker that failed on a file (SS004) makes the run unsuccessful, though it went on.
            "invocations": [{
                "executionSuccessful": !reports.iter().flat_map(|r| &r.findings).any(|f| std::ptr::eq(f.diagnostic.rule, &shipshape_core::rule::engine_rules::INTERNAL_ERROR)),
            }],
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(super::uri("a b/ü:#%.yml"), "a%20b/%C3%BC%3A%23%25.yml");
        assert_eq!(super::uri("/abs/Dockerfile"), "file:///abs/Dockerfile");
    }
}
