//! Every machine format written as the files are checked, holding only what its closing part needs
//! (counts, the rules that fired, at most a bounded part of the text): [`stream`] a format, then
//! [`Stream::push`] each chunk's reports in path order, then [`Stream::finish`]. The bytes are those
//! of rendering the whole run at once, which is how the `render_*` functions are made.

use crate::formats::{checkstyle_file, gitlab_issues, junit_suite, markdown_head, markdown_rows};
use crate::json::indent;
use crate::{Counts, JsonStream, SarifStream};
use shipshape_core::engine::{FileReport, Statistics};
use shipshape_core::spill::Spill;
use std::io::{self, Write};

/// A format, as streamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamFormat {
    /// Human output, styled (findings grouped by file: the first place of a repeated finding lists
    /// the others, so it is all written at the end, from a [`Spill`]).
    Human,
    /// Human output grouped by rule.
    HumanByRule,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
    Checkstyle,
    Markdown,
}

/// What the closing part of a document may need from the run.
#[derive(Clone, Copy, Debug, Default)]
pub struct End<'a> {
    /// The run's counts (JSON writes them with `--statistics`).
    pub statistics: Option<&'a Statistics>,
    /// shipshape's version (SARIF's `tool.driver.version`).
    pub version: &'a str,
}

/// A document written chunk by chunk. Its head is written with the first chunk (or by `finish`
/// when none came): a run that fails before any file is checked writes nothing.
pub trait Stream {
    /// Write `reports`' part of the document.
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()>;
    /// Write what follows the last file.
    fn finish(self: Box<Self>, end: &End, out: &mut dyn Write) -> io::Result<()>;
}

/// A new stream of `format`.
pub fn stream(format: StreamFormat) -> Box<dyn Stream> {
    match format {
        StreamFormat::Human => Box::new(crate::HumanStream::new(true)),
        StreamFormat::HumanByRule => Box::new(crate::HumanStream::grouped(true, crate::Grouping::Rule)),
        StreamFormat::Concise => Box::new(Concise),
        StreamFormat::Json => Box::new(Headed::new(JsonStream::begin(), JsonStream::push, |s, end| {
            s.finish(end.statistics)
        })),
        StreamFormat::Sarif => Box::new(Headed::new(SarifStream::begin(), SarifStream::push, |s, end| s.finish(end.version))),
        StreamFormat::Github => Box::new(Github),
        StreamFormat::Junit => Box::<Junit>::default(),
        StreamFormat::Gitlab => Box::new(Gitlab {
            started: false,
            any: false,
        }),
        StreamFormat::Checkstyle => Box::new(Checkstyle { started: false }),
        StreamFormat::Markdown => Box::<Markdown>::default(),
    }
}

/// The whole document of `reports` in `format`, at once.
pub(crate) fn render_all(format: StreamFormat, reports: &[&FileReport], end: &End) -> String {
    let mut out = Vec::new();
    let mut s = stream(format);
    // Writing to memory cannot fail.
    let _ = s.push(reports, &mut out).and_then(|()| s.finish(end, &mut out));
    String::from_utf8(out).unwrap_or_default()
}

impl Stream for crate::HumanStream {
    fn push(&mut self, reports: &[&FileReport], _: &mut dyn Write) -> io::Result<()> {
        crate::HumanStream::push(self, reports)
    }

    fn finish(self: Box<Self>, _: &End, out: &mut dyn Write) -> io::Result<()> {
        crate::HumanStream::finish(*self, out)
    }
}

struct Concise;

impl Stream for Concise {
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
        out.write_all(crate::render_concise(reports).as_bytes())
    }

    fn finish(self: Box<Self>, _: &End, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

struct Github;

impl Stream for Github {
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
        out.write_all(crate::render_github(reports).as_bytes())
    }

    fn finish(self: Box<Self>, _: &End, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// JSON or SARIF: a document whose head is held until the first chunk, with how to push a chunk
/// and how to finish.
struct Headed<S> {
    stream: S,
    head: String,
    push: fn(&mut S, &[&FileReport]) -> String,
    finish: fn(S, &End) -> String,
}

impl<S> Headed<S> {
    fn new((stream, head): (S, String), push: fn(&mut S, &[&FileReport]) -> String, finish: fn(S, &End) -> String) -> Self {
        Self {
            stream,
            head,
            push,
            finish,
        }
    }
}

impl<S> Stream for Headed<S> {
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
        let text = std::mem::take(&mut self.head) + &(self.push)(&mut self.stream, reports);
        out.write_all(text.as_bytes())
    }

    fn finish(self: Box<Self>, end: &End, out: &mut dyn Write) -> io::Result<()> {
        let Headed { stream, head, finish, .. } = *self;
        out.write_all((head + &finish(stream, end)).as_bytes())
    }
}

/// GitLab Code Quality: a JSON array, one issue after another.
struct Gitlab {
    started: bool,
    any: bool,
}

impl Stream for Gitlab {
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        if !self.started {
            text.push('[');
            self.started = true;
        }
        for issue in gitlab_issues(reports) {
            text.push_str(if self.any { ",\n  " } else { "\n  " });
            text.push_str(&indent(&serde_json::to_string_pretty(&issue).unwrap_or_default(), 2));
            self.any = true;
        }
        out.write_all(text.as_bytes())
    }

    fn finish(self: Box<Self>, _: &End, out: &mut dyn Write) -> io::Result<()> {
        let head = if self.started { "" } else { "[" };
        out.write_all(format!("{head}{}]\n", if self.any { "\n" } else { "" }).as_bytes())
    }
}

const CHECKSTYLE_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";

struct Checkstyle {
    started: bool,
}

impl Stream for Checkstyle {
    fn push(&mut self, reports: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        if !std::mem::replace(&mut self.started, true) {
            text.push_str(CHECKSTYLE_HEAD);
        }
        for r in reports {
            text.push_str(&checkstyle_file(r));
        }
        out.write_all(text.as_bytes())
    }

    fn finish(self: Box<Self>, _: &End, out: &mut dyn Write) -> io::Result<()> {
        let head = if self.started { "" } else { CHECKSTYLE_HEAD };
        out.write_all(format!("{head}</checkstyle>\n").as_bytes())
    }
}

/// JUnit: the totals are attributes of the first element, so the suites wait in a [`Spill`] until
/// the last file is checked.
#[derive(Default)]
struct Junit {
    suites: Spill,
    tests: usize,
    failures: usize,
}

impl Stream for Junit {
    fn push(&mut self, reports: &[&FileReport], _: &mut dyn Write) -> io::Result<()> {
        for r in reports {
            let (text, tests, failures) = junit_suite(r);
            self.tests += tests;
            self.failures += failures;
            self.suites.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _: &End, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shipshape\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            self.tests, self.failures
        )?;
        self.suites.copy_to(out)?;
        out.write_all(b"</testsuites>\n")
    }
}

/// Markdown: the totals come first and the table holds at most [`crate::formats::MARKDOWN_ROWS`]
/// rows, so only the counts and those rows are kept.
#[derive(Default)]
struct Markdown {
    counts: Counts,
    files: usize,
    rows: String,
    shown: usize,
}

impl Stream for Markdown {
    fn push(&mut self, reports: &[&FileReport], _: &mut dyn Write) -> io::Result<()> {
        self.counts.add(&Counts::of(reports));
        self.files += reports.iter().filter(|r| !r.findings.is_empty()).count();
        self.shown += markdown_rows(reports, self.shown, &mut self.rows);
        Ok(())
    }

    fn finish(self: Box<Self>, _: &End, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(markdown_head(&self.counts, self.files).as_bytes())?;
        if self.counts.total() == 0 {
            return Ok(());
        }
        out.write_all(self.rows.as_bytes())?;
        let more = self.counts.total().saturating_sub(self.shown);
        if more > 0 {
            write!(out, "\n… and {more} more (see the JSON or SARIF output).\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_run_is_a_whole_document_in_every_format() {
        for format in [
            StreamFormat::Json,
            StreamFormat::Sarif,
            StreamFormat::Junit,
            StreamFormat::Gitlab,
            StreamFormat::Checkstyle,
            StreamFormat::Markdown,
        ] {
            let mut out = Vec::new();
            stream(format).finish(&End::default(), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            match format {
                StreamFormat::Json | StreamFormat::Sarif | StreamFormat::Gitlab => {
                    serde_json::from_str::<serde_json::Value>(&text).unwrap();
                }
                StreamFormat::Markdown => assert_eq!(text, "## shipshape\n\nAll checks passed.\n"),
                _ => assert!(text.starts_with("<?xml") && text.ends_with(">\n"), "{text}"),
            }
        }
    }
}
