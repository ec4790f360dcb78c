use super::positions;
use shipshape_core::diagnostic::Severity;
use shipshape_core::engine::FileReport;

/// Escape per the workflow-command spec: data escapes `%`, CR, LF; properties also `:` and `,`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow-command annotations (`::error file=…,line=…::message`).
pub fn render_github(reports: &[&FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let (s, e) = positions(r, d.span);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = format!("{} ({})", d.rule.code, d.rule.name);
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&r.display),
                s.line,
                s.column,
                e.line,
                e.column,
                escape_property(&title),
                escape_data(&format!("{} [{}]", d.message, d.rule.code)),
            ));
        }
    }
    out
}
