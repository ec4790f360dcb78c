//! The report for people (`human`, `markdown`) and machines (`json`, `sarif`).

use crate::Report;
use std::fmt::Write as _;

pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

pub fn human(r: &Report) -> String {
    let mut s = String::new();
    for (i, c) in r.clusters.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {} copies of {} lines ({}): {} would save {} lines",
            i + 1,
            c.members.len(),
            c.members[0].end_line + 1 - c.members[0].line,
            c.kind,
            c.proposal.kind.as_str(),
            c.lines_saved
        );
        for m in &c.members {
            let _ = writeln!(s, "   {}:{}-{}  {}", m.path, m.line, m.end_line, m.owner);
        }
        for p in &c.parameters {
            let _ = writeln!(s, "   parameter {}: {}", p.name, p.values.join(" | "));
        }
        if let Some(e) = &c.proposal.existing {
            let _ = writeln!(s, "   already abstracted ({e}): {}", c.proposal.note);
        } else {
            let _ = writeln!(s, "   proposal: {} ({})", c.proposal.path, c.proposal.note);
        }
        for l in c.proposal.content.lines().take(12) {
            let _ = writeln!(s, "   │ {l}");
        }
        if c.proposal.content.lines().count() > 12 {
            let _ = writeln!(s, "   │ …");
        }
        for l in c.proposal.usage.lines() {
            let _ = writeln!(s, "   ▶ {l}");
        }
        s.push('\n');
    }
    let saved: u32 = r.clusters.iter().map(|c| c.lines_saved).sum();
    let _ = writeln!(
        s,
        "{} clusters in {} files; abstracting them would save {} lines.",
        r.clusters.len(),
        r.files_scanned,
        saved
    );
    s
}

pub fn markdown(r: &Report) -> String {
    let mut s = String::from("# Duplicated configuration\n\n");
    let saved: u32 = r.clusters.iter().map(|c| c.lines_saved).sum();
    let _ = writeln!(
        s,
        "{} clusters in {} files; abstracting them would save {} lines.\n",
        r.clusters.len(),
        r.files_scanned,
        saved
    );
    for (i, c) in r.clusters.iter().enumerate() {
        let _ = writeln!(
            s,
            "## {}. {} × {} ({}) → {}, saves {} lines\n",
            i + 1,
            c.members.len(),
            c.kind,
            c.members[0].owner,
            c.proposal.kind.as_str(),
            c.lines_saved
        );
        for m in &c.members {
            let _ = writeln!(s, "- `{}` lines {}–{} ({})", m.path, m.line, m.end_line, m.owner);
        }
        if !c.parameters.is_empty() {
            s.push_str("\n| parameter | values |\n|---|---|\n");
            for p in &c.parameters {
                let _ = writeln!(
                    s,
                    "| `{}` | {} |",
                    p.name,
                    p.values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                );
            }
        }
        if let Some(e) = &c.proposal.existing {
            let _ = writeln!(s, "\nAlready abstracted in `{e}`: call it.\n");
        } else {
            let _ = writeln!(s, "\n`{}`:\n\n```yaml\n{}```\n", c.proposal.path, c.proposal.content);
        }
        let _ = writeln!(s, "Use:\n\n```yaml\n{}```\n\n{}\n", c.proposal.usage, c.proposal.note);
    }
    s
}

/// SARIF 2.1.0: one result per member, the other members as related locations.
pub fn sarif(r: &Report) -> String {
    let loc = |m: &crate::Member| serde_json::json!({"physicalLocation": {"artifactLocation": {"uri": m.path}, "region": {"startLine": m.line, "endLine": m.end_line}}});
    let mut results = Vec::new();
    for c in &r.clusters {
        for (i, m) in c.members.iter().enumerate() {
            let related: Vec<serde_json::Value> = c
                .members
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(j, o)| {
                    let mut l = loc(o);
                    l["id"] = serde_json::json!(j);
                    l["message"] = serde_json::json!({"text": format!("copy in {}", o.owner)});
                    l
                })
                .collect();
            results.push(serde_json::json!({
                "ruleId": c.proposal.kind.as_str(),
                "level": "note",
                "message": {"text": format!("{} lines repeated in {} places ({}); a {} would save {} lines", m.end_line + 1 - m.line, c.members.len(), c.kind, c.proposal.kind.as_str(), c.lines_saved)},
                "locations": [loc(m)],
                "relatedLocations": related,
            }));
        }
    }
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "shipshape dupes", "informationUri": "https://github.com/shipshape-dev/shipshape", "rules": []}}, "results": results}],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
