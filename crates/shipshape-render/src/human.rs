use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use shipshape_core::diagnostic::{Applicability, Severity};
use shipshape_core::engine::{FileReport, Reported};
use shipshape_core::span::Span;
use std::collections::{BTreeMap, HashMap};

/// The order findings are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// File by file, in file order (the default).
    #[default]
    File,
    /// Rule by rule (by code), then by file.
    Rule,
}

/// A finding and the file it is in.
type Place<'a> = (&'a FileReport, &'a Reported);

/// What identifies "the same finding" in several files: generated or copied files repeat findings,
/// and each is shown once with the list of its places.
fn identity<'a>(r: &'a FileReport, f: &'a Reported) -> (&'static str, &'a str, &'a str) {
    (
        f.diagnostic.rule.code,
        f.diagnostic.message.as_str(),
        f.diagnostic.span.text(r.located()).trim(),
    )
}

/// Snippets with labels, help and a fix note (the caller appends [`summary`]). A finding repeated
/// identically in several files is shown once, with the other places listed.
pub fn render_human(reports: &[&FileReport], styled: bool, grouping: Grouping) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let mut all: Vec<Place> = reports.iter().flat_map(|r| r.findings.iter().map(move |f| (*r, f))).collect();
    if grouping == Grouping::Rule {
        all.sort_by_key(|(_, f)| f.diagnostic.rule.code);
    }
    // Places of each identity after the first, in other files.
    let mut places: HashMap<(&str, &str, &str), Vec<Place>> = HashMap::new();
    for &(r, f) in &all {
        places.entry(identity(r, f)).or_default().push((r, f));
    }
    let mut out = String::new();
    // Each file's text with its secrets masked, made once (findings of one file may be apart).
    let mut masked: HashMap<*const FileReport, String> = HashMap::new();
    for &(r, f) in &all {
        let same = &places[&identity(r, f)];
        let first = same.first().is_some_and(|(r0, f0)| std::ptr::eq(*r0, r) && std::ptr::eq(*f0, f));
        // Collapse only copies in other files: two findings in one file are two problems.
        let across_files = same.iter().any(|(o, _)| !std::ptr::eq(*o, r));
        if across_files && !first {
            continue;
        }
        let others: Vec<String> = if across_files {
            same.iter()
                .skip(1)
                .map(|(o, g)| {
                    let (s, _) = super::positions(o, g.diagnostic.span);
                    format!("{}:{}:{}", o.display, s.line, s.column)
                })
                .collect()
        } else {
            Vec::new()
        };
        let text = masked.entry(std::ptr::from_ref(r)).or_insert_with(|| {
            let located = r.located();
            shipshape_core::diagnostic::mask_all(located, &shipshape_core::diagnostic::secret_spans(located, &r.secrets))
        });
        out.push_str(&render_one(&renderer, r, text, f, &others));
        out.push_str("\n\n");
    }
    out
}

/// Render one finding; `masked_text` is the file's located text with every secret masked
/// (whichever rule found it, whether or not its finding is reported, wherever its value shows).
fn render_one(renderer: &Renderer, r: &FileReport, masked_text: &str, f: &Reported, others: &[String]) -> String {
    let d = &f.diagnostic;
    // Show only the lines around the finding: slice the source to them.
    let mut window = d.span;
    for l in d.labels.iter().filter(|l| l.elsewhere.is_none()) {
        window = window.cover(l.span);
    }
    let text = r.located();
    let first_line = r.line_index.line_of(window.start.min(text.len()));
    let last_line = r.line_index.line_of(window.end.min(text.len()));
    let last_line = last_line.min(first_line + 12);
    let start = r.line_index.line_start(first_line).min(text.len());
    let end = r.line_index.line_span(text, last_line).end.max(start);
    let mut masked = shipshape_core::span::slice_floor(masked_text, start, end).to_owned();
    // A lone `\r` ends a line for us (as for editors) but not for the snippet renderer: show it
    // as a space (same length, so every annotation stays in place).
    if masked.contains('\r') {
        masked = masked.replace("\r\n", "\u{0}\n").replace('\r', " ").replace("\u{0}\n", "\r\n");
    }
    let clip = |s: Span| {
        let a = masked.floor_char_boundary(s.start.clamp(start, end) - start);
        let b = masked.ceil_char_boundary((s.end.clamp(start, end) - start).max(a));
        a..b
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = format!("{} [{}]", d.message, d.rule.name);
    let mut snippet = Snippet::source(masked.as_str())
        .line_start(first_line + 1)
        .path(r.display.as_str())
        .annotation(AnnotationKind::Primary.span(clip(d.span)));
    for l in d.labels.iter().filter(|l| l.elsewhere.is_none()) {
        snippet = snippet.annotation(AnnotationKind::Context.span(clip(l.span)).label(l.message.as_str()));
    }
    let mut groups = vec![level.primary_title(title.as_str()).id(d.rule.code).element(snippet)];
    // A place in another file: its location and what it says, as a note.
    let notes: Vec<String> = d
        .labels
        .iter()
        .filter_map(|l| {
            l.elsewhere
                .as_ref()
                .map(|e| format!("{}:{}:{}: {}", e.display, e.start.line, e.start.column, l.message))
        })
        .collect();
    for note in &notes {
        groups.push(Group::with_title(Level::NOTE.secondary_title(note.as_str())));
    }
    if let Some(help) = &d.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
    }
    let fix_note;
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "--fix",
            Applicability::Unsafe => "--fix --unsafe-fixes",
        };
        fix_note = format!("fix available ({how}): {}", fix.message);
        groups.push(Group::with_title(Level::NOTE.secondary_title(fix_note.as_str())));
    }
    let also;
    if !others.is_empty() {
        const SHOWN: usize = 8;
        let mut list = others.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if others.len() > SHOWN {
            list.push_str(&format!(" and {} more", others.len() - SHOWN));
        }
        also = format!(
            "the same finding in {} other file{}: {list}",
            others.len(),
            if others.len() == 1 { "" } else { "s" }
        );
        groups.push(Group::with_title(Level::NOTE.secondary_title(also.as_str())));
    }
    // The snippet renderer is a dependency: should it fail on an odd input, the finding is still
    // shown, without its snippet.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| renderer.render(&groups))).unwrap_or_else(|_| {
        let (pos, _) = super::positions(r, d.span);
        format!(
            "{}[{}]: {title}\n  --> {}:{}:{}",
            d.severity.as_str(),
            d.rule.code,
            r.display,
            pos.line,
            pos.column
        )
    })
}

/// Counts of a run's findings, for the closing summary.
#[derive(Debug, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings with a safe fix (`--fix` applies it).
    pub fixable: usize,
    /// Findings whose fix needs `--unsafe-fixes`.
    pub unsafe_fixable: usize,
}

impl Counts {
    pub fn of(reports: &[&FileReport]) -> Self {
        let mut c = Counts::default();
        for f in reports.iter().flat_map(|r| &r.findings) {
            match f.diagnostic.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
            match f.diagnostic.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => c.fixable += 1,
                Some(Applicability::Unsafe) => c.unsafe_fixable += 1,
                None => {}
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What the closing lines count, gathered report by report (a streamed run adds each chunk's
/// reports and keeps nothing else): totals, and per rule its findings, worst severity and files.
#[derive(Debug, Default)]
pub struct Tally {
    pub counts: Counts,
    by_rule: BTreeMap<&'static str, (usize, &'static str, Severity, usize)>,
}

impl Tally {
    pub fn of(reports: &[&FileReport]) -> Self {
        let mut t = Tally::default();
        t.add(reports);
        t
    }

    /// Count `reports` in (each file once: a file is in one chunk only).
    pub fn add(&mut self, reports: &[&FileReport]) {
        let c = Counts::of(reports);
        self.counts.errors += c.errors;
        self.counts.warnings += c.warnings;
        self.counts.infos += c.infos;
        self.counts.fixable += c.fixable;
        self.counts.unsafe_fixable += c.unsafe_fixable;
        for r in reports {
            let mut rules_here: std::collections::BTreeSet<&str> = Default::default();
            for f in &r.findings {
                let d = &f.diagnostic;
                let e = self.by_rule.entry(d.rule.code).or_insert((0, d.rule.name, d.severity, 0));
                e.0 += 1;
                e.2 = e.2.max(d.severity);
                if rules_here.insert(d.rule.code) {
                    e.3 += 1;
                }
            }
        }
    }

    /// The closing lines of `human` and `concise` output: findings by rule (count, severity,
    /// files), then totals and what `--fix` would do.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        if c.total() == 0 {
            return "All checks passed.\n".to_owned();
        }
        let mut out = String::new();
        if self.by_rule.len() > 1 {
            let mut rows: Vec<_> = self.by_rule.iter().collect();
            rows.sort_by(|a, b| (b.1.2, b.1.0).cmp(&(a.1.2, a.1.0)).then(a.0.cmp(b.0)));
            let width = rows.iter().map(|(_, v)| v.0.to_string().len()).max().unwrap_or(1);
            out.push_str("Findings by rule:\n");
            for (code, (n, name, severity, files)) in rows {
                out.push_str(&format!(
                    "  {n:>width$}  {code:<6} {:<7}  {name} ({})\n",
                    severity.as_str(),
                    plural(*files, "file")
                ));
            }
        }
        out.push_str(&format!(
            "Found {} ({}, {}, {} info).",
            plural(c.total(), "finding"),
            plural(c.errors, "error"),
            plural(c.warnings, "warning"),
            c.infos
        ));
        if c.fixable > 0 {
            out.push_str(&format!(" {} fixable with `--fix`.", c.fixable));
        }
        if c.unsafe_fixable > 0 {
            out.push_str(&format!(" {} more with `--fix --unsafe-fixes` (review those).", c.unsafe_fixable));
        }
        out.push('\n');
        out
    }
}

/// The closing lines of `human` and `concise` output ([`Tally::summary`] of `reports`).
pub fn summary(reports: &[&FileReport]) -> String {
    Tally::of(reports).summary()
}
