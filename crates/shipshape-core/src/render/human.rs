use crate::diagnostic::{Applicability, Severity};
use crate::engine::FileReport;
use crate::span::Span;
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Snippets with labels, help and a fix note, grouped by file, then a summary line.
pub fn render_human(reports: &[&FileReport], styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos, mut fixable) = (0, 0, 0, 0);
    for r in reports {
        for f in &r.findings {
            let d = &f.diagnostic;
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            // Show only the lines around the finding: slice the source to them.
            let mut window = d.span;
            for l in &d.labels {
                window = window.cover(l.span);
            }
            let text = r.located();
            let first_line = r.line_index.line_of(window.start.min(text.len()));
            let last_line = r.line_index.line_of(window.end.min(text.len()));
            let last_line = last_line.min(first_line + 12);
            let start = r.line_index.line_start(first_line).min(text.len());
            let end = r.line_index.line_span(text, last_line).end.max(start);
            // Every secret of the file that shows in these lines is masked, whichever rule found it
            // and whether or not its finding is reported.
            let mut masked = crate::span::slice_floor(text, start, end).to_owned();
            for s in &r.secrets {
                if s.start < end && s.end > start {
                    let (from, to) = (s.start.max(start) - start, s.end.min(end) - start);
                    masked = crate::diagnostic::mask(&masked, Span::new(from, to));
                }
            }
            let source = masked.as_str();
            let clip = |s: Span| (s.start.clamp(start, end) - start)..(s.end.clamp(start, end) - start);
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Info => Level::INFO,
            };
            let title = format!("{} [{}]", d.message, d.rule.name);
            let mut snippet = Snippet::source(source)
                .line_start(first_line + 1)
                .path(r.display.as_str())
                .annotation(AnnotationKind::Primary.span(clip(d.span)));
            for l in &d.labels {
                snippet = snippet.annotation(AnnotationKind::Context.span(clip(l.span)).label(l.message.as_str()));
            }
            let mut groups = vec![level.primary_title(title.as_str()).id(d.rule.code).element(snippet)];
            if let Some(help) = &d.help {
                groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
            }
            let fix_note;
            if let Some(fix) = &d.fix {
                fixable += 1;
                let how = match fix.applicability {
                    Applicability::Safe => "--fix",
                    Applicability::Unsafe => "--fix --unsafe-fixes",
                };
                fix_note = format!("fix available ({how}): {}", fix.message);
                groups.push(Group::with_title(Level::NOTE.secondary_title(fix_note.as_str())));
            }
            out.push_str(&renderer.render(&groups));
            out.push_str("\n\n");
        }
    }
    let total = errors + warnings + infos;
    if total == 0 {
        out.push_str("All checks passed.\n");
    } else {
        out.push_str(&format!(
            "Found {total} finding{} ({errors} error{}, {warnings} warning{}, {infos} info).",
            if total == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ));
        if fixable > 0 {
            out.push_str(&format!(" {fixable} fixable with `--fix` (some may need `--unsafe-fixes`)."));
        }
        out.push('\n');
    }
    out
}
