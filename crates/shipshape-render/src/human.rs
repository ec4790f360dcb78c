use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use shipshape_core::diagnostic::{Applicability, Severity};
use shipshape_core::engine::{FileReport, Reported};
use shipshape_core::span::Span;
use shipshape_core::spill::Spill;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek, Write};

/// The order findings are shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// File by file, in file order (the default).
    #[default]
    File,
    /// Rule by rule (by code), then by file.
    Rule,
}

/// What identifies "the same finding" in several files: generated or copied files repeat findings,
/// and each is shown once with the list of its places. Two independent 64-bit hashes of the rule,
/// the message and the finding's trimmed text: a collision would hide a finding.
fn identity(r: &FileReport, f: &Reported) -> u128 {
    use std::hash::{Hash, Hasher};
    let key = (
        f.diagnostic.rule.code,
        f.diagnostic.message.as_str(),
        f.diagnostic.span.text(r.located()).trim(),
    );
    let mut a = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (0x5348_4950_u32, key).hash(&mut b);
    (u128::from(a.finish()) << 64 | u128::from(b.finish())).max(1)
}

/// Snippets with labels, help and a fix note (the caller appends [`summary`]). A finding repeated
/// identically in other files is shown once, at its first place, with the other places listed.
pub fn render_human(reports: &[&FileReport], styled: bool, grouping: Grouping) -> String {
    let mut out = Vec::new();
    let mut stream = HumanStream::grouped(styled, grouping);
    // Writing to memory cannot fail.
    let _ = stream.push(reports).and_then(|()| stream.finish(&mut out));
    String::from_utf8(out).unwrap_or_default()
}

/// Human output written as the files are checked and read back at the end: each finding's snippet
/// is rendered when its file is checked and kept in a [`Spill`] (on disk past a bound), since the
/// first place of a repeated finding lists the places found after it. What stays in memory is one
/// entry per distinct finding (at most [`HumanStream::LISTED`] places each), and grouped by rule,
/// each shown finding's rule and place in the spill.
pub struct HumanStream {
    renderer: Renderer,
    blocks: Spill,
    written: u64,
    by_rule: Option<Vec<(&'static str, u64)>>,
    seen: HashMap<u128, Seen>,
}

/// A distinct finding: the file it was first found in, and its other places.
struct Seen {
    file: u64,
    /// Other files it is in, and the last of them.
    files: usize,
    last: u64,
    /// Places after the first (the first few listed).
    places: usize,
    listed: Vec<String>,
}

/// What a spilled block is: a finding's first place, or a repeat in the same file (shown unless
/// the finding is in other files too, whose note then lists it).
const FIRST: u8 = 1;
const REPEAT: u8 = 2;

fn file_key(r: &FileReport) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    r.display.hash(&mut h);
    h.finish()
}

impl HumanStream {
    /// Places of a repeated finding listed by name; the rest are counted.
    const LISTED: usize = 8;

    /// Findings file by file.
    pub fn new(styled: bool) -> Self {
        Self::grouped(styled, Grouping::File)
    }

    /// Findings in the order of `grouping` (rule by rule: by code, then as found).
    pub fn grouped(styled: bool, grouping: Grouping) -> Self {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
        Self {
            renderer,
            blocks: Spill::default(),
            written: 0,
            by_rule: (grouping == Grouping::Rule).then(Vec::new),
            seen: HashMap::new(),
        }
    }

    /// Take `reports`' findings, in order.
    pub fn push(&mut self, reports: &[&FileReport]) -> std::io::Result<()> {
        self.push_places(reports.iter().flat_map(|r| r.findings.iter().map(move |f| (*r, f))))
    }

    fn push_places<'a>(&mut self, places: impl IntoIterator<Item = (&'a FileReport, &'a Reported)>) -> std::io::Result<()> {
        // Each file's text with its secrets masked, made once (findings of one file may be apart).
        let mut masked: Option<(*const FileReport, String)> = None;
        for (r, f) in places {
            let id = identity(r, f);
            let file = file_key(r);
            // A finding in several files is shown once, at its first place, with a note listing
            // the others; repeats in one file only are each another problem, shown.
            let kind = match self.seen.get_mut(&id) {
                Some(seen) => {
                    seen.places += 1;
                    if seen.listed.len() < Self::LISTED {
                        let (s, _) = super::positions(r, f.diagnostic.span);
                        seen.listed.push(format!("{}:{}:{}", r.display, s.line, s.column));
                    }
                    if seen.file == file {
                        REPEAT
                    } else {
                        if seen.last != file {
                            seen.files += 1;
                            seen.last = file;
                        }
                        continue;
                    }
                }
                None => {
                    self.seen.insert(
                        id,
                        Seen {
                            file,
                            files: 0,
                            last: file,
                            places: 0,
                            listed: Vec::new(),
                        },
                    );
                    FIRST
                }
            };
            if masked.as_ref().is_none_or(|(p, _)| !std::ptr::eq(*p, r)) {
                let located = r.located();
                let text = shipshape_core::diagnostic::mask_all(located, &shipshape_core::diagnostic::secret_spans(located, &r.secrets));
                masked = Some((std::ptr::from_ref(r), text));
            }
            let text = masked.as_ref().map_or("", |(_, t)| t.as_str());
            let (block, before_note) = render_one(&self.renderer, r, text, f, kind == FIRST);
            let before_note = before_note.unwrap_or_default();
            if let Some(index) = &mut self.by_rule {
                index.push((f.diagnostic.rule.code, self.written));
            }
            self.blocks.write_all(&id.to_le_bytes())?;
            self.blocks.write_all(&[kind])?;
            for part in [&block, &before_note] {
                self.blocks.write_all(&(part.len() as u64).to_le_bytes())?;
                self.blocks.write_all(part.as_bytes())?;
            }
            self.written += (16 + 1 + 8 + block.len() + 8 + before_note.len()) as u64;
        }
        Ok(())
    }

    /// Write every finding, each first place with its repeats' places.
    pub fn finish(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut blocks = std::io::BufReader::new(std::mem::take(&mut self.blocks).into_reader()?);
        match self.by_rule.take() {
            None => while self.write_record(&mut blocks, out)? {},
            Some(mut index) => {
                // Rule by rule, each rule's findings as they were found.
                index.sort_by_key(|(code, _)| *code);
                for (_, at) in index {
                    blocks.seek(std::io::SeekFrom::Start(at))?;
                    self.write_record(&mut blocks, out)?;
                }
            }
        }
        Ok(())
    }

    /// Read one finding's record from the spill and write it (or nothing, for a repeat the note of
    /// its first place lists); false at the spill's end.
    fn write_record(&self, blocks: &mut dyn Read, out: &mut dyn Write) -> std::io::Result<bool> {
        let part = |blocks: &mut dyn Read| -> std::io::Result<Vec<u8>> {
            let mut len = [0; 8];
            blocks.read_exact(&mut len)?;
            let mut part = vec![0; usize::try_from(u64::from_le_bytes(len)).unwrap_or(0)];
            blocks.read_exact(&mut part)?;
            Ok(part)
        };
        let mut id = [0; 16];
        // The spill is read back as it was written: only a record's start may be its end.
        match blocks.read_exact(&mut id) {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
            other => other?,
        }
        let mut kind = [0];
        blocks.read_exact(&mut kind)?;
        let (block, before_note) = (part(blocks)?, part(blocks)?);
        let seen = self.seen.get(&u128::from_le_bytes(id)).filter(|s| s.files > 0);
        match (kind[0], seen) {
            (REPEAT, Some(_)) => return Ok(true),
            (FIRST, Some(seen)) => {
                out.write_all(if before_note.is_empty() { &block } else { &before_note })?;
                out.write_all(b"\n")?;
                out.write_all(
                    self.renderer
                        .render(&[Group::with_title(Level::NOTE.secondary_title(seen.note().as_str()))])
                        .as_bytes(),
                )?;
            }
            _ => out.write_all(&block)?,
        }
        out.write_all(b"\n\n")?;
        Ok(true)
    }
}

impl Seen {
    /// The note on a finding's first place: where else it is.
    fn note(&self) -> String {
        let mut list = self.listed.join(", ");
        if self.places > self.listed.len() {
            list.push_str(&format!(" and {} more", self.places - self.listed.len()));
        }
        let files = format!("{} other file{}", self.files, if self.files == 1 { "" } else { "s" });
        if self.places == self.files {
            format!("the same finding in {files}: {list}")
        } else {
            format!("the same finding in {} other places ({files}): {list}", self.places)
        }
    }
}

/// Render one finding; `masked_text` is the file's located text with every secret masked
/// (whichever rule found it, whether or not its finding is reported, wherever its value shows).
/// The note of its repeats in other files is [`HumanStream::finish`]'s: when it may get one
/// (`noted`), the block as a note follows it comes second.
fn render_one(renderer: &Renderer, r: &FileReport, masked_text: &str, f: &Reported, noted: bool) -> (String, Option<String>) {
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
    // The snippet renderer is a dependency: should it fail on an odd input, the finding is still
    // shown, without its snippet.
    let render = |groups: &[Group]| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| renderer.render(groups))).unwrap_or_else(|_| {
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
    };
    let block = render(&groups);
    // A snippet closes differently when a note follows it: the block as the note will follow it,
    // the note's own line cut off.
    let before_note = (noted && groups.len() == 1).then(|| {
        groups.push(Group::with_title(Level::NOTE.secondary_title("-")));
        let mut with = render(&groups);
        with.truncate(with.rfind('\n').unwrap_or(with.len()));
        with
    });
    (block, before_note)
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

    /// Add `other`'s counts.
    pub fn add(&mut self, other: &Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
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
        self.counts.add(&Counts::of(reports));
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

impl Tally {
    /// A Markdown summary for `$GITHUB_STEP_SUMMARY`: totals, then a table by rule.
    pub fn step_summary(&self) -> String {
        let mut out = crate::formats::markdown_totals(
            &self.counts,
            "",
            "| rule | name | severity | findings | files |\n|---|---|---|---:|---:|\n",
        );
        for (code, (n, name, severity, files)) in &self.by_rule {
            out.push_str(&format!("| `{code}` | {name} | {} | {n} | {files} |\n", severity.as_str()));
        }
        out
    }
}

/// The closing lines of `human` and `concise` output ([`Tally::summary`] of `reports`).
pub fn summary(reports: &[&FileReport]) -> String {
    Tally::of(reports).summary()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note written after a block rendered on its own reads as the note rendered with it: the
    /// block as a note will follow it (its last line cut), a newline, the note alone; styled or not.
    #[test]
    fn a_note_appended_later_renders_as_one_rendered_with_the_block() {
        for styled in [false, true] {
            let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
            for help in [false, true] {
                let source = "FROM ubuntu\nRUN echo hi\n";
                let snippet = Snippet::source(source)
                    .line_start(1)
                    .path("a/Dockerfile")
                    .annotation(AnnotationKind::Primary.span(5..11));
                let mut groups = vec![Level::WARNING.primary_title("no tag").id("DF006").element(snippet)];
                if help {
                    groups.push(Group::with_title(Level::HELP.secondary_title("pin it")));
                }
                let note = Group::with_title(Level::NOTE.secondary_title("the same finding in 1 other file: b/Dockerfile:1:6"));
                let mut with_note = groups.clone();
                with_note.push(note.clone());
                let whole = renderer.render(&with_note);
                // As `render_one` does: only a block no group follows closes differently.
                let before = if help {
                    renderer.render(&groups)
                } else {
                    let mut dummy = groups.clone();
                    dummy.push(Group::with_title(Level::NOTE.secondary_title("-")));
                    let mut before = renderer.render(&dummy);
                    before.truncate(before.rfind('\n').unwrap());
                    assert_ne!(before, renderer.render(&groups));
                    before
                };
                assert_eq!(
                    format!("{before}\n{}", renderer.render(&[note])),
                    whole,
                    "styled {styled}, help {help}"
                );
            }
        }
    }
}
