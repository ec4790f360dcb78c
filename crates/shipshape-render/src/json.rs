//! The JSON format, version 1 (`docs/json-format.md`), as serde types: what a program reading
//! `--format json` gets, and what a library caller can build without rendering. Fields are declared
//! in the order they are written (alphabetical, as version 1 has always been).

use super::positions;
use serde::Serialize;
use shipshape_core::diagnostic::{Applicability, Confidence, Severity};
use shipshape_core::engine::{FileReport, Statistics};
use shipshape_core::rule::Category;

/// A whole report.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub findings: Vec<JsonFinding<'a>>,
    /// The run's counts, with `--statistics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics: Option<&'a Statistics>,
    /// Always 1 for this format.
    pub version: u32,
}

/// One finding. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub category: Category,
    pub code: &'static str,
    pub column: usize,
    pub confidence: Confidence,
    pub end_column: usize,
    pub end_line: usize,
    /// Stable across runs and unrelated edits: what baselines hold.
    pub fingerprint: &'a str,
    pub fix: Option<JsonFix<'a>>,
    pub help: Option<&'a str>,
    pub labels: Vec<JsonLabel<'a>>,
    pub line: usize,
    pub message: &'a str,
    pub name: &'static str,
    pub path: &'a str,
    pub severity: Severity,
}

#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    pub applicability: Applicability,
    pub edits: Vec<JsonEdit<'a>>,
    /// Other files the fix creates or extends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<JsonFileChange<'a>>,
    pub message: &'a str,
}

/// A change to another file than the finding's: `create` it with `text`, or `append` `text`'s
/// lines to it.
#[derive(Debug, Serialize)]
pub struct JsonFileChange<'a> {
    pub op: &'static str,
    pub path: String,
    pub text: &'a str,
}

/// A replacement of the text between two positions (also given as byte offsets).
#[derive(Debug, Serialize)]
pub struct JsonEdit<'a> {
    pub column: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub end_offset: usize,
    pub line: usize,
    pub replacement: &'a str,
    pub start_offset: usize,
}

/// A secondary location of a finding.
#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    pub column: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub line: usize,
    pub message: &'a str,
    /// The file, when it is not the finding's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
}

impl<'a> JsonReport<'a> {
    /// The report of `reports`' findings, with the run's `statistics` when given.
    pub fn new(reports: &[&'a FileReport], statistics: Option<&'a Statistics>) -> Self {
        let mut findings = Vec::new();
        for r in reports {
            for f in &r.findings {
                let d = &f.diagnostic;
                let (start, end) = positions(r, d.span);
                let fix = d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (s, en) = positions(r, e.span);
                            JsonEdit {
                                column: s.column,
                                end_column: en.column,
                                end_line: en.line,
                                end_offset: e.span.end,
                                line: s.line,
                                replacement: &e.replacement,
                                start_offset: e.span.start,
                            }
                        })
                        .collect(),
                    files: fix
                        .files
                        .iter()
                        .map(|c| {
                            let (op, text) = match &c.op {
                                shipshape_core::diagnostic::FileOp::Create(t) => ("create", t.as_str()),
                                shipshape_core::diagnostic::FileOp::Append(t) => ("append", t.as_str()),
                            };
                            JsonFileChange {
                                op,
                                path: c.path.display().to_string(),
                                text,
                            }
                        })
                        .collect(),
                    message: &fix.message,
                });
                let labels = d
                    .labels
                    .iter()
                    .map(|l| {
                        let (s, en) = match &l.elsewhere {
                            Some(e) => (e.start, e.end),
                            None => positions(r, l.span),
                        };
                        JsonLabel {
                            column: s.column,
                            end_column: en.column,
                            end_line: en.line,
                            line: s.line,
                            message: &l.message,
                            path: l.elsewhere.as_ref().map(|e| e.display.as_str()),
                        }
                    })
                    .collect();
                findings.push(JsonFinding {
                    category: d.rule.category,
                    code: d.rule.code,
                    column: start.column,
                    confidence: d.confidence,
                    end_column: end.column,
                    end_line: end.line,
                    fingerprint: &f.fingerprint,
                    fix,
                    help: d.help.as_deref(),
                    labels,
                    line: start.line,
                    message: &d.message,
                    name: d.rule.name,
                    path: &r.display,
                    severity: d.severity,
                });
            }
        }
        JsonReport {
            findings,
            statistics,
            version: 1,
        }
    }
}

/// The stable JSON format, documented in `docs/json-format.md`; `statistics` (with `--statistics`)
/// adds the run's counts under `"statistics"`.
pub fn render_json(reports: &[&FileReport], statistics: Option<&Statistics>) -> String {
    let mut s = serde_json::to_string_pretty(&JsonReport::new(reports, statistics)).unwrap_or_default();
    s.push('\n');
    s
}

/// `--format json` written as the reports come, chunk by chunk, holding none: [`JsonStream::begin`],
/// then [`JsonStream::push`] each chunk's reports (in path order), then [`JsonStream::finish`]. The
/// bytes are [`render_json`]'s for all the reports at once.
#[derive(Debug, Default)]
pub struct JsonStream {
    any: bool,
}

/// `text`'s lines after the first, indented by `by` spaces.
pub(crate) fn indent(text: &str, by: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(by)))
}

impl JsonStream {
    pub fn begin() -> (Self, String) {
        (Self::default(), "{\n  \"findings\": [".to_owned())
    }

    pub fn push(&mut self, reports: &[&FileReport]) -> String {
        let mut out = String::new();
        for f in JsonReport::new(reports, None).findings {
            out.push_str(if self.any { ",\n    " } else { "\n    " });
            out.push_str(&indent(&serde_json::to_string_pretty(&f).unwrap_or_default(), 4));
            self.any = true;
        }
        out
    }

    pub fn finish(self, statistics: Option<&Statistics>) -> String {
        let mut out = String::from(if self.any { "\n  ]" } else { "]" });
        if let Some(s) = statistics {
            out.push_str(",\n  \"statistics\": ");
            out.push_str(&indent(&serde_json::to_string_pretty(s).unwrap_or_default(), 2));
        }
        out.push_str(",\n  \"version\": 1\n}\n");
        out
    }
}
