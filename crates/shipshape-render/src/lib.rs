//! Renderers of shipshape's reports: one `Diagnostic` type feeds every format (human, concise, JSON,
//! SARIF, GitHub). Renderers know nothing about domains.

mod formats;
mod github;
mod human;
mod json;
mod merge;
mod sarif;

pub use formats::{render_checkstyle, render_gitlab, render_junit, render_markdown, xml as escape_xml};
pub use github::render_github;
pub use human::{Counts, Grouping, Tally, render_human, summary};
pub use json::{JsonEdit, JsonFinding, JsonFix, JsonLabel, JsonReport, JsonStream, render_json};
pub use merge::{MergeFormat, merge};
pub use sarif::{SarifStream, render_sarif};

use shipshape_core::engine::FileReport;
use shipshape_core::span::LineCol;

/// Start and end of a finding's primary span as 1-based lines and columns.
pub fn positions(report: &FileReport, span: shipshape_core::span::Span) -> (LineCol, LineCol) {
    (
        report.line_index.line_col(report.located(), span.start),
        report.line_index.line_col(report.located(), span.end),
    )
}

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`: totals, then a table by rule.
pub fn render_step_summary(reports: &[&FileReport]) -> String {
    let c = Counts::of(reports);
    let mut out = String::from("## shipshape\n\n");
    if c.total() == 0 {
        out.push_str("All checks passed.\n");
        return out;
    }
    out.push_str(&format!(
        "{} findings: {} errors, {} warnings, {} info.\n\n| rule | name | severity | findings | files |\n|---|---|---|---:|---:|\n",
        c.total(),
        c.errors,
        c.warnings,
        c.infos
    ));
    let mut rows: std::collections::BTreeMap<&str, (&str, shipshape_core::Severity, usize, std::collections::BTreeSet<&str>)> =
        Default::default();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let row = rows.entry(d.rule.code).or_insert((d.rule.name, d.severity, 0, Default::default()));
            row.1 = row.1.max(d.severity);
            row.2 += 1;
            row.3.insert(r.display.as_str());
        }
    }
    for (code, (name, severity, n, files)) in rows {
        out.push_str(&format!("| `{code}` | {name} | {} | {n} | {} |\n", severity.as_str(), files.len()));
    }
    out
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
