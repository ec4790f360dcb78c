//! A review for people (`human`), for a pull request comment (`markdown`) and for machines
//! (`json`, which carries the seeds' `TaskOutputSchema` fields and validates against
//! `docs/review.schema.json`).

use crate::{Finding, Review};
use serde_json::json;

fn esc(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn place(path: &str, line: usize) -> String {
    if line == 0 { path.to_owned() } else { format!("{path}:{line}") }
}

pub fn json(r: &Review) -> String {
    let files_created: Vec<&str> = r
        .files
        .iter()
        .filter(|f| f.status == crate::git::Status::Added)
        .map(|f| f.path.as_str())
        .collect();
    let files_deleted: Vec<&str> = r
        .files
        .iter()
        .filter(|f| f.status == crate::git::Status::Deleted)
        .map(|f| f.path.as_str())
        .collect();
    let files_changed: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    let mut v = json!({
        "version": 1,
        "taskId": r.task_id,
        "agentName": "shipshape",
        "status": r.status,
        "filesChanged": files_changed,
        "filesCreated": files_created,
        "filesDeleted": files_deleted,
        "summary": r.summary,
        "riskLevel": r.risk,
        "approvalNeeded": r.approval_needed,
        "rollbackRequired": r.rollback_required,
        "rollbackSteps": r.rollback_steps,
        "notes": r.notes,
        "base": r.base,
        "head": r.head,
        "files": r.files,
        "otherFiles": r.other_files,
        "reasons": r.reasons,
        "changes": r.changes,
        "findings": {
            "new": r.findings.new,
            "fixed": r.findings.fixed,
            "escalated": r.findings.escalated,
            "unchanged": r.findings.unchanged,
        },
        "plans": r.plans.iter().map(|(p, c)| json!({"path": p, "create": c.create, "update": c.update, "replace": c.replace, "delete": c.delete})).collect::<Vec<_>>(),
    });
    if let Some(reason) = &r.approval_reason {
        v["approvalReason"] = json!(reason);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn risk_mark(risk: crate::changes::Risk) -> &'static str {
    match risk {
        crate::changes::Risk::Low => "🟢 low",
        crate::changes::Risk::Medium => "🟡 medium",
        crate::changes::Risk::High => "🟠 high",
        crate::changes::Risk::Critical => "🔴 critical",
    }
}

fn finding_row(f: &Finding) -> String {
    format!(
        "| {} | `{}` | {} | {} |",
        esc(&place(&f.path, f.line)),
        f.code,
        f.severity.as_str(),
        esc(&f.message)
    )
}

pub fn markdown(r: &Review) -> String {
    let mut out = String::new();
    let p = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    p(&mut out, "## shipshape review");
    p(&mut out, "");
    p(
        &mut out,
        &format!(
            "**Risk: {}**{}",
            risk_mark(r.risk),
            if r.approval_needed { " · **approval needed**" } else { "" }
        ),
    );
    p(&mut out, "");
    p(
        &mut out,
        &format!(
            "{} (`{}` → {}).",
            r.summary,
            r.base.commit.as_deref().map_or(r.base.rev.as_str(), |c| &c[..c.len().min(12)]),
            r.head
                .commit
                .as_deref()
                .map_or_else(|| "the working tree".to_owned(), |c| format!("`{}`", &c[..c.len().min(12)]))
        ),
    );
    p(&mut out, "");
    p(&mut out, "| | |");
    p(&mut out, "|---|---|");
    p(
        &mut out,
        &format!("| files | {} infrastructure, {} other |", r.files.len(), r.other_files),
    );
    p(&mut out, &format!("| changes to weigh | {} |", r.changes.len()));
    p(
        &mut out,
        &format!(
            "| findings | {} new, {} fixed, {} escalated, {} unchanged |",
            r.findings.new.len(),
            r.findings.fixed.len(),
            r.findings.escalated.len(),
            r.findings.unchanged.len()
        ),
    );
    p(
        &mut out,
        &format!("| rollback required | {} |", if r.rollback_required { "yes" } else { "no" }),
    );
    p(&mut out, "");
    if let Some(reason) = &r.approval_reason {
        p(&mut out, &format!("**Approval:** {reason}."));
        p(&mut out, "");
    }
    if !r.reasons.is_empty() {
        p(&mut out, "### Why this risk");
        p(&mut out, "");
        for reason in r.reasons.iter().take(20) {
            p(
                &mut out,
                &format!(
                    "- **{}** `{}`: {}",
                    reason.risk.as_str(),
                    place(&reason.path, reason.line),
                    reason.message
                ),
            );
        }
        if r.reasons.len() > 20 {
            p(&mut out, &format!("- … and {} more", r.reasons.len() - 20));
        }
        p(&mut out, "");
    }
    let low: Vec<_> = r.changes.iter().filter(|c| c.risk == crate::changes::Risk::Low).collect();
    if !low.is_empty() {
        p(
            &mut out,
            &format!(
                "<details><summary>{} low-risk change{}</summary>",
                low.len(),
                if low.len() == 1 { "" } else { "s" }
            ),
        );
        p(&mut out, "");
        for c in low {
            p(&mut out, &format!("- `{}`: {}", place(&c.path, c.line), c.message));
        }
        p(&mut out, "");
        p(&mut out, "</details>");
        p(&mut out, "");
    }
    if !r.findings.new.is_empty() || !r.findings.escalated.is_empty() {
        p(&mut out, "### New findings");
        p(&mut out, "");
        p(&mut out, "| where | rule | severity | message |");
        p(&mut out, "|---|---|---|---|");
        for f in r.findings.new.iter().chain(&r.findings.escalated) {
            p(&mut out, &finding_row(f));
        }
        p(&mut out, "");
    }
    if !r.findings.fixed.is_empty() {
        p(
            &mut out,
            &format!(
                "Fixed by this change: {}.",
                r.findings
                    .fixed
                    .iter()
                    .map(|f| format!("`{}` in {}", f.code, f.path))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        p(&mut out, "");
    }
    if !r.findings.unchanged.is_empty() {
        p(
            &mut out,
            &format!(
                "<details><summary>{} unchanged finding{} in the changed files</summary>",
                r.findings.unchanged.len(),
                if r.findings.unchanged.len() == 1 { "" } else { "s" }
            ),
        );
        p(&mut out, "");
        p(&mut out, "| where | rule | severity | message |");
        p(&mut out, "|---|---|---|---|");
        for f in &r.findings.unchanged {
            p(&mut out, &finding_row(f));
        }
        p(&mut out, "");
        p(&mut out, "</details>");
        p(&mut out, "");
    }
    if !r.rollback_steps.is_empty() {
        p(&mut out, "### Rollback");
        p(&mut out, "");
        for (i, s) in r.rollback_steps.iter().enumerate() {
            p(&mut out, &format!("{}. {s}", i + 1));
        }
        p(&mut out, "");
    }
    if !r.notes.is_empty() {
        p(&mut out, "### Verify");
        p(&mut out, "");
        for n in &r.notes {
            p(&mut out, &format!("- {n}"));
        }
        p(&mut out, "");
    }
    out
}

pub fn human(r: &Review) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "risk: {}{}\n",
        r.risk.as_str(),
        if r.approval_needed { " (approval needed)" } else { "" }
    ));
    out.push_str(&format!("{}\n", r.summary));
    if let Some(reason) = &r.approval_reason {
        out.push_str(&format!("approval: {reason}\n"));
    }
    if !r.changes.is_empty() {
        out.push_str("\nchanges:\n");
        let mut sorted: Vec<_> = r.changes.iter().collect();
        sorted.sort_by_key(|c| std::cmp::Reverse(c.risk));
        for c in sorted {
            out.push_str(&format!("  {:<8} {}: {}\n", c.risk.as_str(), place(&c.path, c.line), c.message));
        }
    }
    if !r.findings.new.is_empty() || !r.findings.escalated.is_empty() {
        out.push_str("\nnew findings:\n");
        for f in r.findings.new.iter().chain(&r.findings.escalated) {
            out.push_str(&format!(
                "  {}:{}:{}: {} [{}] {}\n",
                f.path,
                f.line,
                f.column,
                f.severity.as_str(),
                f.code,
                f.message
            ));
        }
    }
    if !r.findings.fixed.is_empty() {
        out.push_str(&format!(
            "\nfixed: {} finding{}\n",
            r.findings.fixed.len(),
            if r.findings.fixed.len() == 1 { "" } else { "s" }
        ));
    }
    if !r.rollback_steps.is_empty() {
        out.push_str("\nrollback:\n");
        for (i, s) in r.rollback_steps.iter().enumerate() {
            out.push_str(&format!("  {}. {s}\n", i + 1));
        }
    }
    if !r.notes.is_empty() {
        out.push_str("\nverify:\n");
        for n in &r.notes {
            out.push_str(&format!("  - {n}\n"));
        }
    }
    out
}

/// SARIF 2.1.0 of the findings the change introduces (new and escalated), for code scanning.
pub fn sarif(r: &Review, version: &str) -> String {
    let introduced: Vec<&Finding> = r.findings.new.iter().chain(&r.findings.escalated).collect();
    let mut codes: Vec<&str> = introduced.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let level = |s: shipshape_core::Severity| match s {
        shipshape_core::Severity::Error => "error",
        shipshape_core::Severity::Warning => "warning",
        shipshape_core::Severity::Info => "note",
    };
    let results: Vec<serde_json::Value> = introduced
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.code,
                "ruleIndex": codes.iter().position(|c| *c == f.code).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path.replace('\\', "/")},
                    "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)}
                }}],
                "partialFingerprints": {"shipshape/v1": f.fingerprint},
            })
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipshape",
                "version": version,
                "informationUri": "https://github.com/shipshape-dev/shipshape",
                "rules": codes.iter().map(|c| json!({"id": c, "helpUri": format!("https://github.com/shipshape-dev/shipshape/blob/main/docs/rules.md#{}", c.to_ascii_lowercase())})).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
