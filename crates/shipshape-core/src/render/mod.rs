//! Renderers: one `Diagnostic` type feeds every format. Renderers know nothing about domains.

mod github;
mod human;
mod json;
mod sarif;

pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub use sarif::render_sarif;

use crate::engine::FileReport;
use crate::span::LineCol;

/// Start and end of a finding's primary span as 1-based lines and columns.
pub fn positions(report: &FileReport, span: crate::span::Span) -> (LineCol, LineCol) {
    (
        report.line_index.line_col(report.located(), span.start),
        report.line_index.line_col(report.located(), span.end),
    )
}

/// `path:line:col: CODE message` a line.
pub fn render_concise(reports: &[&FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let (start, _) = positions(r, d.span);
            let fix = if d.fix.is_some() { " [*]" } else { "" };
            out.push_str(&format!(
                "{}:{}:{}: {} {}{fix} {}\n",
                r.display,
                start.line,
                start.column,
                d.severity.as_str(),
                d.rule.code,
                d.message
            ));
        }
    }
    out
}
