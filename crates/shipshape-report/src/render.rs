//! The report as Markdown (the seeds' layout), as one self-contained HTML file (no external
//! script, style, font or image: inline CSS, inline SVG charts, a few lines of inline script to
//! filter the findings table), and as JSON (the same content as data).

use crate::{Mark, Report};
use shipshape_core::Severity;

pub fn json(r: &Report) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    // `init` as data: the files, or why none.
    v["init"] = match &r.init {
        Ok(files) => serde_json::json!({"files": files}),
        Err(e) => serde_json::json!({"error": e}),
    };
    v["version"] = serde_json::json!(1);
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn md_esc(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The seeds' "Docker Optimization Summary" (§2.4): Before, Changes, Results, with what is measured
/// here and nothing guessed.
pub fn docker_markdown(d: &crate::docker::DockerSummary) -> String {
    use crate::docker::{percent, size};
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let signed = |p: i64| if p < 0 { format!("−{}", -p) } else { format!("+{p}") };
    let mut o = String::new();
    let mut p = |s: &str| {
        o.push_str(s);
        o.push('\n');
    };
    p("## Docker Optimization Summary");
    p("");
    p("### Before");
    p("");
    let shown: Vec<String> = d.dockerfiles.iter().take(8).map(|f| format!("`{}`", md_esc(f))).collect();
    p(&format!(
        "- {}: {}{}",
        plural(d.dockerfiles.len(), "Dockerfile"),
        plural(d.findings_before, "finding"),
        if shown.is_empty() {
            String::new()
        } else {
            format!(" ({}{})", shown.join(", "), if d.dockerfiles.len() > 8 { ", …" } else { "" })
        }
    ));
    for c in &d.contexts {
        let bound = if c.truncated { "at least " } else { "" };
        match &c.dockerignore {
            Some(name) => p(&format!(
                "- Build context `{}`: {bound}{} in {} files sent to the builder (`{name}` keeps out {} of {})",
                md_esc(&c.dir),
                size(c.sent_bytes),
                c.sent_files,
                size(c.bytes - c.sent_bytes),
                size(c.bytes)
            )),
            None => p(&format!(
                "- Build context `{}`: {bound}{} in {} files sent to the builder (no `.dockerignore`)",
                md_esc(&c.dir),
                size(c.bytes),
                c.files
            )),
        }
    }
    p(
        "- Image size, build time and rebuild time: not measured here (they need a builder: `docker image inspect`, a timed `docker build --no-cache` and a rebuild after a code change)",
    );
    p("");
    p("### Changes");
    p("");
    let mut n = 0;
    for c in &d.changes {
        n += 1;
        p(&format!(
            "{n}. {} ({}): {} fixed by `shipshape check --fix`; e.g. {}",
            c.name,
            c.code,
            plural(c.count, "finding"),
            md_esc(&c.example)
        ));
    }
    let ignores: Vec<(&crate::docker::BuildContext, u64)> = d
        .contexts
        .iter()
        .filter_map(|c| Some((c, c.proposed_bytes?)))
        .filter(|(c, after)| percent(c.bytes as f64, *after as f64).is_some_and(|x| x < 0))
        .collect();
    for (c, after) in &ignores {
        n += 1;
        p(&format!(
            "{n}. `.dockerignore` added in `{}` (DF075, `--unsafe-fixes`): {} excluded",
            md_esc(&c.dir),
            size(c.bytes - after)
        ));
    }
    if n == 0 {
        p("Nothing to change: no Dockerfile finding has a safe fix, and no build context needs a `.dockerignore` (DF075).");
    }
    p("");
    p("### Results");
    p("");
    let mark = |better: bool| if better { "✅" } else { "➖" };
    p(&format!(
        "- {} Dockerfile findings: {} → {}{}",
        mark(d.findings_after < d.findings_before),
        d.findings_before,
        d.findings_after,
        percent(d.findings_before as f64, d.findings_after as f64)
            .filter(|x| *x != 0)
            .map_or(String::new(), |x| format!(" ({}%)", signed(x)))
    ));
    for (c, after) in &ignores {
        p(&format!(
            "- ✅ Build context `{}`: {} → {}{}",
            md_esc(&c.dir),
            size(c.bytes),
            size(*after),
            percent(c.bytes as f64, *after as f64).map_or(String::new(), |x| format!(" ({}%)", signed(x)))
        ));
    }
    p("- Image size and build times: measure them before and after (not guessed here)");
    p("");
    o
}

pub fn markdown(r: &Report) -> String {
    let mut o = String::new();
    let mut p = |s: &str| {
        o.push_str(s);
        o.push('\n');
    };
    p(&format!("# DevOps Setup Report: {}", r.title));
    p("");
    p(&format!(
        "{} infrastructure files checked; {} findings ({} errors, {} warnings, {} info), {} with a safe fix.",
        r.files_checked, r.totals.findings, r.totals.errors, r.totals.warnings, r.totals.infos, r.totals.fixable
    ));
    p("");
    p("## Current State Analysis");
    p("");
    p("| area | state | what was found |");
    p("|---|---|---|");
    for a in &r.areas {
        p(&format!("| {} | {} | {} |", a.name, a.mark.emoji(), md_esc(&a.note)));
    }
    p("");
    if !r.problems.is_empty() {
        p("### Problems, ranked");
        p("");
        for (i, pr) in r.problems.iter().take(15).enumerate() {
            p(&format!(
                "{}. **[{}]({})** {} ({}): {} finding{} in {} file{}{}; e.g. {}",
                i + 1,
                pr.code,
                pr.docs,
                pr.name,
                pr.severity.as_str(),
                pr.count,
                if pr.count == 1 { "" } else { "s" },
                pr.files,
                if pr.files == 1 { "" } else { "s" },
                if pr.fixable > 0 {
                    format!(", {} fixable", pr.fixable)
                } else {
                    String::new()
                },
                md_esc(&pr.example)
            ));
        }
        if r.problems.len() > 15 {
            p(&format!("\n… and {} more rules (see `shipshape check`).", r.problems.len() - 15));
        }
        p("");
    }
    p("## Proposed Solution");
    p("");
    if r.fix_diffs.is_empty() {
        p("`shipshape check --fix` has nothing to change.");
    } else {
        p(&format!(
            "`shipshape check --fix` changes {} file{} and fixes {} findings ({} left):",
            r.fix_diffs.len(),
            if r.fix_diffs.len() == 1 { "" } else { "s" },
            r.totals.findings.saturating_sub(r.after_fixes),
            r.after_fixes
        ));
        p("");
        for (path, diff) in r.fix_diffs.iter().take(5) {
            match diff {
                Some(d) => {
                    let d: String = d.lines().take(60).collect::<Vec<_>>().join("\n");
                    p(&format!(
                        "<details><summary><code>{path}</code></summary>\n\n```diff\n{d}\n```\n</details>\n"
                    ));
                }
                None => p(&format!("- `{path}`: diff withheld (it would show a secret)")),
            }
        }
        if r.fix_diffs.len() > 5 {
            p(&format!("… and {} more files (`shipshape check --diff`).", r.fix_diffs.len() - 5));
        }
    }
    if r.totals.unsafe_fixable > 0 {
        p("");
        p(&format!(
            "`shipshape check --fix --unsafe-fixes` would also fix {} finding{} whose fix changes behaviour and needs review (`shipshape check --diff --unsafe-fixes` shows them first).",
            r.totals.unsafe_fixable,
            if r.totals.unsafe_fixable == 1 { "" } else { "s" }
        ));
    }
    p("");
    match &r.init {
        Ok(files) if !files.is_empty() => p(&format!(
            "`shipshape init` would add {} (each checked by shipshape before it is written).",
            files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        )),
        Ok(_) => p("`shipshape init` would add nothing: every file it writes exists."),
        Err(e) => p(&format!("`shipshape init` would add nothing: {e}.")),
    }
    p("");
    if r.duplication.clusters > 0 {
        p(&format!(
            "`shipshape dupes` finds {} of duplicated configuration; the proposed abstractions ({}) save {} lines.",
            crate::clusters(r.duplication.clusters),
            r.duplication
                .top
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            r.duplication.lines_saved
        ));
        p("");
    }
    if let Some(d) = &r.docker {
        o.push_str(&docker_markdown(d));
    }
    let mut p = |s: &str| {
        o.push_str(s);
        o.push('\n');
    };
    p("## Implementation Plan");
    p("");
    if r.phases.is_empty() {
        p("Nothing to do.");
    }
    for (i, ph) in r.phases.iter().enumerate() {
        p(&format!(
            "### Phase {}: {} (risk {}, effort {})",
            i + 1,
            ph.title,
            ph.risk,
            ph.effort
        ));
        p("");
        for it in &ph.items {
            p(&format!("- {it}"));
        }
        p("");
    }
    p("## Success Metrics");
    p("");
    p("| metric | now | after | measured by |");
    p("|---|---|---|---|");
    for m in &r.metrics {
        p(&format!(
            "| {} | {} | {} | {} |",
            m.name,
            md_esc(&m.now),
            md_esc(&m.after),
            md_esc(&m.how)
        ));
    }
    p("");
    p("## Next Steps");
    p("");
    if r.next_steps.is_empty() {
        p("1. Keep `shipshape check` in CI.");
    }
    for (i, s) in r.next_steps.iter().enumerate() {
        p(&format!("{}. {s}", i + 1));
    }
    o
}

fn h(s: &str) -> String {
    shipshape_render::escape_xml(s)
}

/// `` `x` `` → `<code>x</code>` in escaped text.
fn code_spans(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

const COLORS: [&str; 3] = ["#c62828", "#ef8f00", "#1565c0"];

/// A horizontal stacked bar chart: one bar per label, segments errors/warnings/infos.
fn bars(id: &str, rows: &[(String, [usize; 3])]) -> String {
    let max = rows.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(0).max(1);
    let (w, row_h) = (470.0, 26.0);
    let height = rows.len() as f64 * row_h + 10.0;
    let mut s = format!(
        "<svg id=\"{id}\" role=\"img\" viewBox=\"0 0 780 {height}\" width=\"780\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, (label, c)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 5.0;
        s.push_str(&format!("<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text>", y + 16.0, h(label)));
        let mut x = 270.0;
        for (k, n) in c.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let bw = w * *n as f64 / max as f64;
            s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{bw:.1}\" height=\"20\" fill=\"{}\"><title>{n} {}</title></rect>",
                COLORS[k],
                ["errors", "warnings", "info"][k]
            ));
            x += bw;
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"13\" data-total=\"{}\">{}</text>",
            x + 6.0,
            y + 16.0,
            c.iter().sum::<usize>(),
            c.iter().sum::<usize>()
        ));
    }
    s.push_str("</svg>");
    s
}

pub fn html(r: &Report) -> String {
    let mut o = String::new();
    o.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
    o.push_str(&format!("<title>DevOps Setup Report: {}</title>", h(&r.title)));
    o.push_str("<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}h1{font-size:24px}h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:120px}.card b{display:block;font-size:24px}.error{color:#c62828}.warning{color:#ef8f00}.info{color:#1565c0}code{background:#f3f3f3;padding:0 3px}#filter{padding:4px;width:320px}.legend span{margin-right:14px}.mark.pass{color:#2e7d32}.mark.warn{color:#ef8f00}.mark.fail{color:#c62828}.mark.absent{color:#999}</style></head><body>\n");
    o.push_str(&format!("<h1>DevOps Setup Report: {}</h1>\n", h(&r.title)));
    let pct = (100 * r.totals.fixable + r.totals.findings / 2)
        .checked_div(r.totals.findings)
        .unwrap_or(0);
    o.push_str("<div class=\"cards\">");
    for (id, label, n, class) in [
        ("files", "files checked", r.files_checked, ""),
        ("total", "findings", r.totals.findings, ""),
        ("errors", "errors", r.totals.errors, "error"),
        ("warnings", "warnings", r.totals.warnings, "warning"),
        ("infos", "info", r.totals.infos, "info"),
        ("fixable", "with a safe fix", r.totals.fixable, ""),
    ] {
        o.push_str(&format!("<div class=\"card {class}\"><b id=\"{id}\">{n}</b>{label}</div>"));
    }
    o.push_str(&format!(
        "<div class=\"card\"><b id=\"fixable-share\">{pct} %</b>fixable share</div></div>\n"
    ));
    o.push_str("<h2>Current state</h2>\n<table id=\"areas\"><tr><th>area</th><th>state</th><th>what was found</th></tr>");
    for a in &r.areas {
        let word = match a.mark {
            Mark::Pass => "pass",
            Mark::Warn => "warn",
            Mark::Fail => "fail",
            Mark::Absent => "absent",
        };
        // A coloured mark rather than the emoji: a browser without an emoji font draws boxes.
        o.push_str(&format!(
            "<tr data-mark=\"{word}\"><td>{}</td><td><span class=\"mark {word}\">●</span> {word}</td><td>{}</td></tr>",
            h(a.name),
            h(&a.note)
        ));
    }
    o.push_str("</table>\n<h2>Findings by domain and severity</h2>\n<p class=\"legend\"><span class=\"error\">■ errors</span><span class=\"warning\">■ warnings</span><span class=\"info\">■ info</span></p>\n");
    let domains: Vec<(String, [usize; 3])> = r.by_domain.iter().map(|(d, c)| (d.to_string(), *c)).collect();
    o.push_str(&bars("by-domain", &domains));
    o.push_str("\n<h2>Top rules</h2>\n");
    let top: Vec<(String, [usize; 3])> = r
        .problems
        .iter()
        .take(10)
        .map(|p| {
            let mut c = [0; 3];
            c[match p.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] = p.count;
            (format!("{} {}", p.code, p.name), c)
        })
        .collect();
    o.push_str(&bars("top-rules", &top));
    o.push_str("\n<h2>Files with the most findings</h2>\n<table id=\"top-files\"><tr><th>file</th><th>findings</th></tr>");
    for (f, n) in &r.top_files {
        o.push_str(&format!("<tr><td><code>{}</code></td><td>{n}</td></tr>", h(f)));
    }
    o.push_str("</table>\n<h2>Implementation plan</h2>\n");
    for (i, ph) in r.phases.iter().enumerate() {
        o.push_str(&format!(
            "<h3>Phase {}: {} <small>(risk {}, effort {})</small></h3><ul>",
            i + 1,
            h(&ph.title),
            h(ph.risk),
            h(ph.effort)
        ));
        for it in &ph.items {
            o.push_str(&format!("<li>{}</li>", code_spans(&h(it))));
        }
        o.push_str("</ul>");
    }
    o.push_str("\n<h2>All findings</h2>\n<p><input id=\"filter\" type=\"search\" placeholder=\"filter: path, rule or words\" aria-label=\"filter findings\"> <select id=\"sev\" aria-label=\"severity\"><option value=\"\">every severity</option><option>error</option><option>warning</option><option>info</option></select> <span id=\"shown\"></span></p>\n<table id=\"findings\"><thead><tr><th>where</th><th>rule</th><th>severity</th><th>message</th></tr></thead><tbody>");
    for f in &r.findings {
        o.push_str(&format!(
            "<tr data-severity=\"{}\"><td><code>{}:{}</code></td><td>{} {}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            f.severity.as_str(),
            h(&f.path),
            f.line,
            f.code,
            h(f.name),
            f.severity.as_str(),
            f.severity.as_str(),
            h(&f.message)
        ));
    }
    o.push_str("</tbody></table>\n");
    o.push_str("<script>(function(){var q=document.getElementById('filter'),s=document.getElementById('sev'),n=document.getElementById('shown'),rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));function f(){var t=q.value.toLowerCase(),v=s.value,k=0;rows.forEach(function(r){var ok=(!v||r.dataset.severity===v)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);r.style.display=ok?'':'none';if(ok)k++;});n.textContent=k+' of '+rows.length+' shown';}q.addEventListener('input',f);s.addEventListener('change',f);f();})();</script>\n");
    o.push_str("</body></html>\n");
    o
}
