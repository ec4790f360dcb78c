//! One finding, as every domain reports it and every renderer reads it.

use crate::rule::RuleMeta;
use crate::span::Span;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Whether a fix keeps the meaning of the file (safe) or may change behaviour (unsafe).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Unsafe,
    Safe,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::empty(at), text)
    }

    pub fn delete(span: Span) -> Self {
        Self::replace(span, "")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    /// Sorted, non-overlapping edits.
    pub edits: Vec<Edit>,
    /// Changes to other files than the finding's (a `.dockerignore` to create beside a Dockerfile).
    pub files: Vec<FileChange>,
}

/// A change a fix makes to a file other than the finding's: created when it does not exist, or
/// lines added at its end. Applied once per path and run, atomically, by the front-end that
/// writes fixes (`--fix`); shown by `--diff`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileChange {
    /// The file, as a path the run can write (beside the finding's file, or under its root).
    pub path: std::path::PathBuf,
    pub op: FileOp,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileOp {
    /// Create the file with this content; refused when it exists by the time fixes are written.
    Create(String),
    /// Add these lines at the end of the existing file (after a line break if it lacks one),
    /// written with the file's own line endings.
    Append(String),
}

impl FileChange {
    pub fn create(path: impl Into<std::path::PathBuf>, content: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            op: FileOp::Create(content.into()),
        }
    }

    pub fn append(path: impl Into<std::path::PathBuf>, lines: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            op: FileOp::Append(lines.into()),
        }
    }
}

impl Fix {
    pub fn new(applicability: Applicability, message: impl Into<String>, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Self {
            message: message.into(),
            applicability,
            edits,
            files: Vec::new(),
        }
    }

    /// A fix that changes only other files (see [`FileChange`]).
    pub fn elsewhere(applicability: Applicability, message: impl Into<String>, files: Vec<FileChange>) -> Self {
        Self {
            files,
            ..Self::new(applicability, message, Vec::new())
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, message, edits)
    }

    /// The span covered by all edits.
    pub fn extent(&self) -> Option<Span> {
        let first = self.edits.first()?.span;
        Some(self.edits.iter().fold(first, |acc, e| acc.cover(e.span)))
    }
}

#[derive(Clone, Debug)]
pub struct Label {
    /// In the finding's file; unused when the label is [`elsewhere`](Self::elsewhere).
    pub span: Span,
    pub message: String,
    /// A place in another file (the Dockerfile a manifest's image is built from), located when the
    /// finding was made.
    pub elsewhere: Option<Elsewhere>,
}

/// A place in a file other than the finding's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    /// The file as shown (relative to the repository or the working directory).
    pub display: String,
    pub start: crate::span::LineCol,
    pub end: crate::span::LineCol,
}

impl Elsewhere {
    /// `span` of `text`, the contents of the file shown as `display`.
    pub fn locate(display: impl Into<String>, text: &str, span: Span) -> Self {
        let index = crate::LineIndex::new(text);
        Self {
            display: display.into(),
            start: index.line_col(text, span.start),
            end: index.line_col(text, span.end),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The primary span is a secret: no output shows more of it than [`redact`] does.
    pub secret: bool,
}

/// Shannon entropy in bits per character: how generated a value looks (the secret rules of every
/// domain and the redaction of messages share it).
pub fn entropy(s: &str) -> f64 {
    let n = s.chars().count() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mut counts = std::collections::HashMap::new();
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    counts.values().map(|&c| c as f64 / n).map(|p| -p * p.log2()).sum()
}

/// How a secret is shown: at most its first four characters (fewer for short values) and its length.
pub fn redact(value: &str) -> String {
    let n = value.chars().count();
    let shown = if n >= 16 { 4 } else { n / 4 };
    let prefix: String = value.chars().take(shown).collect();
    format!("{prefix}… ({n} chars)")
}

/// Every place `text` shows a secret: the spans `found` and every other occurrence of their values
/// (of six characters or more), sorted: a value repeated elsewhere is as secret as the one reported.
pub fn secret_spans(text: &str, found: &[crate::Span]) -> Vec<crate::Span> {
    let mut values: Vec<&str> = found.iter().map(|s| s.text(text)).filter(|v| v.len() >= 6).collect();
    values.sort_unstable();
    values.dedup();
    let mut out = found.to_vec();
    if !values.is_empty()
        && let Ok(ac) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&values)
    {
        out.extend(ac.find_iter(text).map(|m| crate::Span::new(m.start(), m.end())));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `text` with the bytes of every span of `spans` masked (`*`, keeping the byte length so other
/// spans stay valid), except the few leading characters [`redact`] shows; one pass over the text.
pub fn mask_all(text: &str, spans: &[crate::Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        let end = text.ceil_char_boundary(span.end.min(text.len()));
        let start = text.floor_char_boundary(span.start.min(end));
        let secret = &text[start..end];
        let n = secret.chars().count();
        let shown = if n >= 16 { 4 } else { n / 4 };
        let keep: usize = secret.chars().take(shown).map(char::len_utf8).sum();
        bytes[start + keep..end].fill(b'*');
    }
    // Whole characters became `*` bytes, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl Diagnostic {
    /// A finding with the rule's default severity and high confidence.
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            confidence: Confidence::High,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            secret: false,
        }
    }

    /// Mark the primary span as a secret value (see [`mask_all`]).
    pub fn secret(mut self) -> Self {
        self.secret = true;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            elsewhere: None,
        });
        self
    }

    /// A label at a place in another file (see [`Elsewhere::locate`]).
    pub fn label_elsewhere(mut self, at: Elsewhere, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span: Span::empty(0),
            message: message.into(),
            elsewhere: Some(at),
        });
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn maybe_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn every_occurrence_of_a_secret_value_is_masked_in_one_pass() {
        let text = "a=hunter2secret\nb=hunter2secret c=ünter2\n";
        let spans = secret_spans(text, &[Span::new(2, 15)]);
        assert_eq!(spans, [Span::new(2, 15), Span::new(18, 31)]);
        let masked = mask_all(text, &spans);
        assert_eq!(masked, "a=hun**********\nb=hun********** c=ünter2\n");
        assert_eq!(masked.len(), text.len(), "byte length kept");
        // A span inside a multi-byte character is widened to it.
        assert_eq!(mask_all("xéy", &[Span::new(2, 3)]), "x**y");
    }
}
