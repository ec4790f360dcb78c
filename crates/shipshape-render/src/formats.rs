//! Machine formats that CI systems show: JUnit XML (test reports), GitLab Code Quality (merge
//! request widgets), Checkstyle XML (Jenkins' warnings plugin, reviewdog, many IDEs), and a
//! Markdown table for pull-request comments.

use super::positions;
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
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for r in reports {
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
        tests += cases;
        failures += by_rule.len();
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{cases}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            xml(&r.display),
            by_rule.len()
        ));
        if by_rule.is_empty() {
            suites.push_str(&format!("    <testcase name=\"shipshape\" classname=\"{}\"/>\n", xml(&r.display)));
        }
        for (code, lines) in &by_rule {
            suites.push_str(&format!(
                "    <testcase name=\"{code} {}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(names[code]),
                xml(&r.display),
                worst[code].as_str(),
                xml(&format!("{} finding{} of {code}", lines.len(), if lines.len() == 1 { "" } else { "s" })),
                xml(&lines.join("\n"))
            ));
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shipshape\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// GitLab Code Quality (a JSON array of CodeClimate issues with GitLab's required fields:
/// `description`, `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`).
pub fn render_gitlab(reports: &[&FileReport]) -> String {
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
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// Checkstyle XML (version 4.3): a `<file>` per checked file, an `<error>` per finding.
pub fn render_checkstyle(reports: &[&FileReport]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for r in reports {
        out.push_str(&format!("  <file name=\"{}\">\n", xml(&r.display)));
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
    }
    out.push_str("</checkstyle>\n");
    out
}

/// A Markdown report: totals, then a table of every finding (at most 500 rows: a comment has a
/// size limit).
pub fn render_markdown(reports: &[&FileReport]) -> String {
    let c = super::Counts::of(reports);
    let mut out = String::from("## shipshape\n\n");
    if c.total() == 0 {
        out.push_str("All checks passed.\n");
        return out;
    }
    out.push_str(&format!(
        "{} findings in {} files: {} errors, {} warnings, {} info.\n\n| where | rule | severity | message |\n|---|---|---|---|\n",
        c.total(),
        reports.iter().filter(|r| !r.findings.is_empty()).count(),
        c.errors,
        c.warnings,
        c.infos
    ));
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut rows = 0;
    for r in reports {
        for f in &r.findings {
            rows += 1;
            if rows > 500 {
                continue;
            }
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
    }
    if rows > 500 {
        out.push_str(&format!("\n… and {} more (see the JSON or SARIF output).\n", rows - 500));
    }
    out
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
