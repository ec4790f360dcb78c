use super::positions;
use crate::json::indent;
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
    let _ = rules;
    let (mut stream, mut out) = SarifStream::begin();
    out.push_str(&stream.push(reports));
    out.push_str(&stream.finish(version));
    out
}

/// `--format sarif` written as the reports come, chunk by chunk, holding only the rules that fired:
/// [`SarifStream::begin`], then [`SarifStream::push`] each chunk's reports (in path order), then
/// [`SarifStream::finish`]. The results come first; the rule descriptors, in the order the rules
/// first fired (each result's `ruleIndex`), and whether the run succeeded come after them.
#[derive(Debug, Default)]
pub struct SarifStream {
    used: Vec<&'static RuleMeta>,
    index: BTreeMap<&'static str, usize>,
    any: bool,
    /// A checker failed on a file (SS004): the run was not successful, though it went on.
    failed: bool,
}

impl SarifStream {
    pub fn begin() -> (Self, String) {
        let head = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";
        (Self::default(), head.to_owned())
    }

    pub fn push(&mut self, reports: &[&FileReport]) -> String {
        let mut out = String::new();
        for r in reports {
            for f in &r.findings {
                let result = self.result(r, f);
                out.push_str(&self.write(&result));
            }
        }
        out
    }

    /// One result as it follows the ones before it.
    fn write(&mut self, result: &Value) -> String {
        let sep = if self.any { ",\n        " } else { "\n        " };
        self.any = true;
        format!("{sep}{}", indent(&serde_json::to_string_pretty(result).unwrap_or_default(), 8))
    }

    pub fn finish(self, version: &str) -> String {
        let descriptors: Vec<Value> = self
            .used
            .iter()
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
        tail(self.any, descriptors, self.failed, version)
    }

    /// One finding as a SARIF result, its rule numbered in the order rules first fire.
    fn result(&mut self, r: &FileReport, f: &shipshape_core::engine::Reported) -> Value {
        let rule = f.diagnostic.rule;
        let next = self.used.len();
        let rule_index = *self.index.entry(rule.code).or_insert(next);
        if rule_index == next {
            self.used.push(rule);
        }
        self.failed |= std::ptr::eq(rule, &shipshape_core::rule::engine_rules::INTERNAL_ERROR);
        let d = &f.diagnostic;
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let mut result = json!({
            "ruleId": d.rule.code,
            "ruleIndex": rule_index,
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
        result
    }
}

/// A whole SARIF document in the layout [`SarifStream`] writes: `results` as made (their
/// `ruleIndex` into `descriptors`), then the rules and whether the run succeeded. For `merge`.
pub(crate) fn document(results: &[Value], descriptors: Vec<Value>, failed: bool, version: &str) -> String {
    let (mut stream, mut out) = SarifStream::begin();
    for r in results {
        out.push_str(&stream.write(r));
    }
    out.push_str(&tail(stream.any, descriptors, failed, version));
    out
}

/// What follows the results: the end of their list, the run's success and the tool's rules.
fn tail(any: bool, descriptors: Vec<Value>, failed: bool, version: &str) -> String {
    let invocations = json!([{"executionSuccessful": !failed}]);
    let tool = json!({"driver": {
        "name": "shipshape",
        "version": version,
        "semanticVersion": version,
        "informationUri": "https://github.com/shipshape-dev/shipshape",
        "rules": descriptors,
    }});
    let mut out = String::from(if any { "\n      ]" } else { "]" });
    out.push_str(",\n      \"invocations\": ");
    out.push_str(&indent(&serde_json::to_string_pretty(&invocations).unwrap_or_default(), 6));
    out.push_str(",\n      \"tool\": ");
    out.push_str(&indent(&serde_json::to_string_pretty(&tool).unwrap_or_default(), 6));
    out.push_str("\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(super::uri("a b/ü:#%.yml"), "a%20b/%C3%BC%3A%23%25.yml");
        assert_eq!(super::uri("/abs/Dockerfile"), "file:///abs/Dockerfile");
    }
}
