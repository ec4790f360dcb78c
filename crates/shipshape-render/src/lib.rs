//! Renderers of shipshape's reports: one `Diagnostic` type feeds every format (human, concise, JSON,
//! SARIF, GitHub). Renderers know nothing about domains.

mod formats;
mod github;
mod human;
mod json;
mod merge;
mod sarif;
mod stream;

pub use formats::{render_checkstyle, render_gitlab, render_junit, render_markdown, xml as escape_xml};
pub use github::render_github;
pub use human::{Counts, Grouping, HumanStream, Tally, render_human, summary};
pub use json::{JsonEdit, JsonFinding, JsonFix, JsonLabel, JsonReport, JsonStream, render_json};
pub use merge::{MergeFormat, merge};
pub use sarif::{SarifStream, render_sarif};
pub use stream::{End, Stream, StreamFormat, stream};

use shipshape_core::engine::FileReport;
use shipshape_core::span::LineCol;

/// Start and end of a finding's primary span as 1-based lines and columns.
pub fn positions(report: &FileReport, span: shipshape_core::span::Span) -> (LineCol, LineCol) {
    (
        report.line_index.line_col(report.located(), span.start),
        report.line_index.line_col(report.located(), span.end),
    )
}

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`: totals, then a table by rule
/// ([`Tally::step_summary`] of `reports`).
pub fn render_step_summary(reports: &[&FileReport]) -> String {
    Tally::of(reports).step_summary()
}

/// `path:line:col: CODE message` a line.
pub fn render_concise(reports: &[&FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let (start, _) = positions(r, d.span);
            // `[*]`: `--fix` fixes it; fixes that need `--unsafe-fixes` are counted in the summary.
            let safe = d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == shipshape_core::Applicability::Safe);
            let fix = if safe { " [*]" } else { "" };
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
