//! Machine formats that CI systems show: JUnit XML (test reports), GitLab Code Quality (merge
//! request widgets), Checkstyle XML (Jenkins' warnings plugin, reviewdog, many IDEs), and a
//! Markdown table for pull-request comments.

use super::positions;
use crate::Counts;
use crate::stream::{End, StreamFormat, render_all};
use shipshape_core::diagnostic::Severity;
use shipshape_core::engine::FileReport;
use std::collections::BTreeMap;

/// Text escaped for XML and HTML (attributes and content); characters XML 1.0 cannot hold become
/// U+FFFD.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test suite per checked file, a failing test case per rule that fired in it (its
/// findings listed in the failure), and one passing case for a file with none.
pub fn render_junit(reports: &[&FileReport]) -> String {
    render_all(StreamFormat::Junit, reports, &End::default())
}

/// One file's `<testsuite>`, with its tests and failures.
pub(crate) fn junit_suite(r: &FileReport) -> (String, usize, usize) {
    let mut by_rule: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for f in &r.findings {
        let d = &f.diagnostic;
        let (s, _) = positions(r, d.span);
        by_rule.entry(d.rule.code).or_default().push(format!(
            "{}:{}:{}: {} {}",
            r.display,
            s.line,
            s.column,
            d.severity.as_str(),
            d.message
        ));
        let w = worst.entry(d.rule.code).or_insert(d.severity);
        *w = (*w).max(d.severity);
        names.insert(d.rule.code, d.rule.name);
    }
    let cases = by_rule.len().max(1);
    let mut suite = format!(
        "  <testsuite name=\"{}\" tests=\"{cases}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
        xml(&r.display),
        by_rule.len()
    );
    if by_rule.is_empty() {
        suite.push_str(&format!("    <testcase name=\"shipshape\" classname=\"{}\"/>\n", xml(&r.display)));
    }
    for (code, lines) in &by_rule {
        suite.push_str(&format!(
            "    <testcase name=\"{code} {}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            xml(names[code]),
            xml(&r.display),
            worst[code].as_str(),
            xml(&format!(
                "{} finding{} of {code}",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            )),
            xml(&lines.join("\n"))
        ));
    }
    suite.push_str("  </testsuite>\n");
    (suite, cases, by_rule.len())
}

/// GitLab Code Quality (a JSON array of CodeClimate issues with GitLab's required fields:
/// `description`, `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`).
pub fn render_gitlab(reports: &[&FileReport]) -> String {
    render_all(StreamFormat::Gitlab, reports, &End::default())
}

/// `reports`' findings as GitLab Code Quality issues.
pub(crate) fn gitlab_issues(reports: &[&FileReport]) -> Vec<serde_json::Value> {
    let mut issues = Vec::new();
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            let (s, e) = positions(r, d.span);
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "info",
            };
            issues.push(serde_json::json!({
                "type": "issue",
                "check_name": d.rule.code,
                "description": format!("{} [{}]", d.message, d.rule.code),
                "categories": [match d.rule.category.as_str() {
                    "security" => "Security",
                    "performance" => "Performance",
                    "style" => "Style",
                    "maintainability" => "Clarity",
                    _ => "Bug Risk",
                }],
                "severity": severity,
                "fingerprint": f.fingerprint,
                "location": {"path": r.display.replace('\\', "/"), "lines": {"begin": s.line, "end": e.line.max(s.line)}},
            }));
        }
    }
    issues
}

/// Checkstyle XML (version 4.3): a `<file>` per checked file, an `<error>` per finding.
pub fn render_checkstyle(reports: &[&FileReport]) -> String {
    render_all(StreamFormat::Checkstyle, reports, &End::default())
}

/// One file's `<file>` element.
pub(crate) fn checkstyle_file(r: &FileReport) -> String {
    let mut out = format!("  <file name=\"{}\">\n", xml(&r.display));
    for f in &r.findings {
        let d = &f.diagnostic;
        let (s, _) = positions(r, d.span);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"shipshape.{}\"/>\n",
            s.line,
            s.column,
            xml(&d.message),
            d.rule.code
        ));
    }
    out.push_str("  </file>\n");
    out
}

/// Rows a Markdown report shows at most: a comment has a size limit.
pub(crate) const MARKDOWN_ROWS: usize = 500;

/// A Markdown report: totals, then a table of every finding (at most [`MARKDOWN_ROWS`] rows).
pub fn render_markdown(reports: &[&FileReport]) -> String {
    render_all(StreamFormat::Markdown, reports, &End::default())
}

/// The Markdown report's totals and the table's head.
pub(crate) fn markdown_head(c: &Counts, files: usize) -> String {
    markdown_totals(
        c,
        &format!(" in {files} files"),
        "| where | rule | severity | message |\n|---|---|---|---|\n",
    )
}

/// A Markdown report's title, then "All checks passed." or the totals (of findings `scope`) and
/// `table`'s head.
pub(crate) fn markdown_totals(c: &Counts, scope: &str, table: &str) -> String {
    let mut out = String::from("## shipshape\n\n");
    if c.total() == 0 {
        out.push_str("All checks passed.\n");
        return out;
    }
    out.push_str(&format!(
        "{} findings{scope}: {} errors, {} warnings, {} info.\n\n{table}",
        c.total(),
        c.errors,
        c.warnings,
        c.infos
    ));
    out
}

/// Append `reports`' rows to `out` while fewer than [`MARKDOWN_ROWS`] are `shown`; how many were.
pub(crate) fn markdown_rows(reports: &[&FileReport], shown: usize, out: &mut String) -> usize {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut added = 0;
    for (r, f) in reports.iter().flat_map(|r| r.findings.iter().map(move |f| (r, f))) {
        if shown + added >= MARKDOWN_ROWS {
            break;
        }
        added += 1;
        let d = &f.diagnostic;
        let (s, _) = positions(r, d.span);
        out.push_str(&format!(
            "| `{}:{}` | [`{}`]({}) {} | {} | {} |\n",
            esc(&r.display),
            s.line,
            d.rule.code,
            d.rule.docs_url(),
            d.rule.name,
            d.severity.as_str(),
            esc(&d.message)
        ));
    }
    added
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(xml("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml("x\u{1}y\tz"), "x\u{fffd}y\tz");
    }
}
