//! The run: read → classify → check (in parallel) → suppress → fix to a fixpoint → baseline → report.

use crate::classify::{FileKind, classify};
use crate::config::{Configs, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint::{fingerprint, normalize};
use crate::fix::{apply_all, pick_fixes, unified_diff};
use crate::rule::{RuleMeta, engine_rules};
use crate::span::{LineIndex, Span};
use crate::suppress::{Origin, Suppression};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files above this size are skipped (and counted).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Upper bound of fix passes per file.
pub const MAX_FIX_PASSES: usize = 64;

/// What verifying fixes may still spend (bytes checked) and the fixes it dropped in this pass.
struct Verifying {
    budget: usize,
    refused: Vec<Diagnostic>,
}

/// How many times its own size (at least 256 KiB) a file may be checked again to verify fixes: a
/// file where every fix fails costs a bounded number of checks, not one or two per fix.
pub const FIX_CHECK_BUDGET: usize = 32;

/// One file's text, read once.
#[derive(Debug)]
pub struct SourceFile {
    /// Where it is on disk (`None` for stdin).
    pub path: Option<PathBuf>,
    /// As shown to people and used for fingerprints, relative to the working directory.
    pub display: String,
    pub kind: FileKind,
    pub text: String,
    /// The text was not valid UTF-8 and was decoded lossily: never write fixes back.
    pub lossy: bool,
}

impl SourceFile {
    pub fn dir(&self) -> Option<&Path> {
        self.path.as_deref()?.parent()
    }
}

/// What a domain checker sees besides the file.
pub struct CheckContext<'a> {
    pub settings: &'a Settings,
    /// The file's path relative to the config root, for `[[per-path]]`.
    pub rel_path: &'a Path,
    /// The run's project views, for cross-file rules.
    pub projects: &'a crate::project::Projects,
    /// Whether the file's domain checker runs on it (and so reads its suppression comments); an
    /// all-text checker reads them itself when it does not.
    pub domain_runs: bool,
}

impl CheckContext<'_> {
    /// The tree the files beside this one are read from (never `std::fs` in a domain crate).
    pub fn tree(&self) -> &dyn crate::tree::SourceTree {
        self.projects.tree()
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.settings.is_enabled_for(rule, self.rel_path)
    }

    pub fn option(&self, rule: &RuleMeta, key: &str) -> Option<&toml::Value> {
        self.settings.options(rule.code)?.get(key)
    }

    /// A string-list option, e.g. trusted registries.
    pub fn list_option(&self, rule: &RuleMeta, key: &str) -> Vec<String> {
        self.option(rule, key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}

/// A checker's verdict on one text.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
    /// How many findings are parse errors (`*000`); a fix may never raise this.
    pub parse_errors: usize,
}

/// One check of one text as the engine keeps it: the verdict after selection and suppression, and
/// the spans of every secret value found before them.
struct Pass {
    checked: Checked,
    secrets: Vec<Span>,
}

/// A domain: which kinds it audits, which rules it has, and how it checks a file.
pub trait Checker: Send + Sync {
    fn handles(&self, kind: FileKind) -> bool;
    /// Whether it also reads every other text file (secret detection), beside the domain's checker.
    fn scans_all_text(&self) -> bool {
        false
    }
    fn rules(&self) -> &[&'static RuleMeta];
    fn check(&self, file: &SourceFile, ctx: &CheckContext) -> Checked;
}

/// A finding as reported, with its fingerprint.
#[derive(Debug, Clone)]
pub struct Reported {
    pub diagnostic: Diagnostic,
    pub fingerprint: String,
}

/// Everything the renderers need about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub display: String,
    pub kind: FileKind,
    /// The text as read.
    pub text: String,
    /// The fixed text, when fixes changed it. Findings are located in it then (see [`Self::located`]).
    pub fixed: Option<String>,
    /// Lines of [`Self::located`].
    pub line_index: LineIndex,
    pub findings: Vec<Reported>,
    /// Byte spans of every secret value in [`Self::located`] (also those suppressed or filtered
    /// out): no snippet or diff line shows them.
    pub secrets: Vec<Span>,
    /// The same for `text`, when fixes changed it.
    pub original_secrets: Vec<Span>,
    pub fixes_applied: usize,
    /// Changes to other files that the applied fixes make (see [`crate::diagnostic::FileChange`]);
    /// not counted in `fixes_applied`, which counts the fixes of this file's own text.
    pub changes: Vec<crate::diagnostic::FileChange>,
    pub path: Option<PathBuf>,
    pub lossy: bool,
}

impl FileReport {
    /// Drop the text that rendering this report will not show: all of it when there is no finding,
    /// else what follows the line of the last place a finding, label or edit points at. Offsets,
    /// lines and columns stay as they were. Not for a report whose fixes were applied (its diff
    /// needs both texts).
    pub fn compact(&mut self) {
        if self.fixed.is_some() || !self.changes.is_empty() {
            return;
        }
        let mut end = 0;
        for f in &self.findings {
            let d = &f.diagnostic;
            end = end.max(d.span.end);
            for l in d.labels.iter().filter(|l| l.elsewhere.is_none()) {
                end = end.max(l.span.end);
            }
            for e in d.fix.iter().flat_map(|fix| &fix.edits) {
                end = end.max(e.span.end);
            }
        }
        let cut = if self.findings.is_empty() {
            0
        } else {
            // Through the end of the line after `end`'s.
            // A span may end inside a character (a byte-order mark in the middle of a line).
            let from = self.text.floor_char_boundary(end.min(self.text.len()));
            let mut lines = self.text[from..].match_indices('\n').map(|(i, _)| from + i + 1);
            lines.nth(1).unwrap_or(self.text.len())
        };
        if cut >= self.text.len() {
            return;
        }
        let mut cut = cut;
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.truncate(cut);
        self.text.shrink_to_fit();
        self.line_index = LineIndex::new(&self.text);
        for secrets in [&mut self.secrets, &mut self.original_secrets] {
            secrets.retain(|s| s.start < cut);
            for s in secrets.iter_mut() {
                s.end = s.end.min(cut);
            }
        }
    }

    /// The unified diff of the fixes, with no context line that shows a secret; `None` when
    /// nothing changed. See [`unified_diff`] for when a diff is withheld.
    pub fn diff(&self) -> Option<Result<String, crate::fix::DiffWithheld>> {
        let new = self.fixed.as_ref()?;
        Some(unified_diff(&self.display, &self.text, &self.original_secrets, new, &self.secrets))
    }

    /// The severity of each finding, in order.
    pub fn severities(&self) -> Vec<Severity> {
        self.findings.iter().map(|f| f.diagnostic.severity).collect()
    }

    /// The text the findings are located in: the fixed text when fixes changed the file, else the
    /// text as read.
    pub fn located(&self) -> &str {
        self.fixed.as_deref().unwrap_or(&self.text)
    }

    /// A report for a file that was not checked, holding one finding about it.
    fn about(display: String, path: Option<PathBuf>, kind: FileKind, text: String, diagnostic: Diagnostic) -> Self {
        let fingerprint = fingerprint(diagnostic.rule.code, &display, "", 0);
        Self {
            line_index: LineIndex::new(&text),
            display,
            kind,
            text,
            findings: vec![Reported { diagnostic, fingerprint }],
            fixed: None,
            secrets: Vec::new(),
            original_secrets: Vec::new(),
            fixes_applied: 0,
            changes: Vec::new(),
            path,
            lossy: false,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FixMode {
    #[default]
    Off,
    Safe,
    Unsafe,
}

#[derive(Debug, Default)]
pub struct RunOptions {
    pub fix: FixMode,
    pub baseline: Option<HashSet<String>>,
    /// Keep of each checked file only what rendering its findings needs ([`FileReport::compact`]):
    /// a run that neither fixes nor diffs then holds no file's text it will not show.
    pub compact: bool,
    /// Counts the files done, for a progress display.
    pub progress: Option<std::sync::Arc<Progress>>,
}

/// How far a run is: files found so far (the walk runs beside the checking) and files checked.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: std::sync::atomic::AtomicUsize,
    pub done: std::sync::atomic::AtomicUsize,
}

/// What one file produced, or why it was skipped.
#[derive(Debug)]
pub enum Outcome {
    Checked(FileReport),
    /// Classified, not audited (domain not implemented yet, or not an infrastructure file).
    Counted(FileKind),
    Skipped {
        display: String,
        reason: SkipReason,
        /// For a file named on the command line: the `SS005` finding that fails the run.
        report: Option<FileReport>,
    },
}

impl Outcome {
    /// The report to render, if any: a checked file's, or the finding about a named file that
    /// could not be checked.
    pub fn report(&self) -> Option<&FileReport> {
        match self {
            Outcome::Checked(r) => Some(r),
            Outcome::Skipped { report, .. } => report.as_ref(),
            Outcome::Counted(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    Binary,
    TooLarge,
    Unreadable,
    /// A FIFO, a socket, a device (or a link to one).
    NotRegular,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::NotRegular => "not a regular file",
        }
    }

    /// The reason in a sentence, for the `SS005` finding.
    pub fn explain(self) -> &'static str {
        match self {
            SkipReason::Binary => "it holds binary data (a NUL byte)",
            SkipReason::TooLarge => "it is larger than the 8 MiB limit",
            SkipReason::Unreadable => "it cannot be read",
            SkipReason::NotRegular => "it is not a regular file (a FIFO, socket or device)",
        }
    }
}

/// Statistics of a run (`--statistics`).
#[derive(Debug, Default, serde::Serialize)]
pub struct Statistics {
    pub by_kind: BTreeMap<&'static str, usize>,
    pub audited: usize,
    pub skipped: BTreeMap<&'static str, usize>,
    pub by_rule: BTreeMap<&'static str, usize>,
}

impl Statistics {
    /// Add another part's counts (a chunk of a streamed run, a shard).
    pub fn add(&mut self, other: Statistics) {
        self.audited += other.audited;
        for (into, from) in [
            (&mut self.by_kind, other.by_kind),
            (&mut self.skipped, other.skipped),
            (&mut self.by_rule, other.by_rule),
        ] {
            for (k, n) in from {
                *into.entry(k).or_default() += n;
            }
        }
    }
}

pub struct Engine<'a> {
    pub checkers: Vec<&'a dyn Checker>,
    pub configs: &'a Configs,
    /// Paths are shown relative to this.
    pub cwd: PathBuf,
    /// Project views walked during this run.
    pub projects: crate::project::Projects,
}

/// Decode bytes: valid UTF-8 as is (a leading BOM kept, domains skip it), anything else lossily.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// A file's domain checker and the all-text checkers, run as one: findings merged, suppressions of
/// the same comment kept once.
struct Combined<'a> {
    parts: Vec<&'a dyn Checker>,
    rules: Vec<&'static RuleMeta>,
}

impl Checker for Combined<'_> {
    fn handles(&self, _: FileKind) -> bool {
        true
    }

    fn rules(&self) -> &[&'static RuleMeta] {
        &self.rules
    }

    fn check(&self, file: &SourceFile, ctx: &CheckContext) -> Checked {
        let mut out = Checked::default();
        for c in &self.parts {
            let part = c.check(file, ctx);
            out.diagnostics.extend(part.diagnostics);
            out.parse_errors += part.parse_errors;
            for s in part.suppressions {
                if !out.suppressions.iter().any(|o| o.comment == s.comment) {
                    out.suppressions.push(s);
                }
            }
        }
        out
    }
}

impl Engine<'_> {
    fn checker_for(&self, kind: FileKind) -> Option<&dyn Checker> {
        self.checkers.iter().copied().find(|c| c.handles(kind))
    }

    /// The domain checker of `kind` when one of its rules is enabled: a run that selects only
    /// secret rules does not parse Dockerfiles.
    fn active_checker_for(&self, kind: FileKind, settings: &Settings) -> Option<&dyn Checker> {
        self.checker_for(kind).filter(|c| settings.any_enabled(c.rules()))
    }

    /// The all-text checkers with a rule enabled in `settings`.
    fn all_text(&self, settings: &Settings) -> Vec<&dyn Checker> {
        self.checkers
            .iter()
            .copied()
            .filter(|c| c.scans_all_text() && settings.any_enabled(c.rules()))
            .collect()
    }

    /// Read, classify and audit files from disk in parallel; outcomes come back in input order.
    pub fn run_paths(&self, files: &[crate::discover::Discovered], opts: &RunOptions) -> Vec<Outcome> {
        files
            .par_iter()
            .map(|f| {
                let mut outcome = self.run_path(&f.path, f.explicit, opts);
                if opts.compact
                    && let Outcome::Checked(r) = &mut outcome
                {
                    // Guarded as checking is: a report that cannot be compacted is kept whole.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.compact()));
                }
                if let Some(progress) = &opts.progress {
                    progress.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                outcome
            })
            .collect()
    }

    fn run_path(&self, path: &Path, explicit: bool, opts: &RunOptions) -> Outcome {
        let display = crate::discover::display_path(path, &self.cwd);
        // Reading and classifying are guarded like checking: one file never takes the run down.
        let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.read_and_run(path, &display, explicit, opts)));
        let outcome = guarded.unwrap_or_else(|payload| {
            Outcome::Checked(FileReport::about(
                display.clone(),
                Some(path.to_owned()),
                FileKind::Other,
                String::new(),
                internal_error(payload.as_ref()),
            ))
        });
        match outcome {
            Outcome::Skipped { display, reason, .. } if explicit => {
                let settings = self.configs.for_path(Some(path));
                let report = settings.any_enabled(&[&engine_rules::SKIPPED_FILE]).then(|| {
                    let d = Diagnostic::new(
                        &engine_rules::SKIPPED_FILE,
                        Span::empty(0),
                        format!("this file was named to be checked but was not: {}", reason.explain()),
                    )
                    .help("check a regular, readable text file under 8 MiB, or exclude this one");
                    FileReport::about(display.clone(), Some(path.to_owned()), FileKind::Other, String::new(), d)
                });
                Outcome::Skipped { display, reason, report }
            }
            other => other,
        }
    }

    fn read_and_run(&self, path: &Path, display: &str, explicit: bool, opts: &RunOptions) -> Outcome {
        let skipped = |reason| Outcome::Skipped {
            display: display.to_owned(),
            reason,
            report: None,
        };
        // Most files are not audited: decide by name before reading whenever the name is enough.
        let by_name = crate::classify::classify_by_name(path);
        let settings = self.configs.for_path(Some(path));
        if let Some(kind) = by_name
            && self.active_checker_for(kind, settings).is_none()
            && !(explicit && kind == FileKind::Other)
            && self.all_text(settings).is_empty()
        {
            return Outcome::Counted(kind);
        }
        // Through the run's tree: the disk, or a git revision's objects.
        let bytes = match self.projects.tree().load(path, MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(crate::tree::Unloadable::NotRegular) => return skipped(SkipReason::NotRegular),
            Err(crate::tree::Unloadable::TooLarge) => return skipped(SkipReason::TooLarge),
            Err(crate::tree::Unloadable::Unreadable) => return skipped(SkipReason::Unreadable),
        };
        if looks_binary(&bytes) && by_name != Some(FileKind::Dockerfile) {
            return skipped(SkipReason::Binary);
        }
        let (text, lossy) = decode(bytes);
        let kind = classify(path, &text, explicit);
        let file = SourceFile {
            path: Some(path.to_owned()),
            display: display.to_owned(),
            kind,
            text,
            lossy,
        };
        self.run_file(file, opts)
    }

    /// Audit one file already in memory (also used for stdin). A panic in a checker becomes an
    /// `SS004` finding on this file; the run goes on.
    pub fn run_file(&self, file: SourceFile, opts: &RunOptions) -> Outcome {
        let (display, path, kind) = (file.display.clone(), file.path.clone(), file.kind);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run_file_unguarded(file, opts))).unwrap_or_else(|payload| {
            // No snippet: the text's secrets are unknown when the checker did not finish.
            Outcome::Checked(FileReport::about(
                display,
                path,
                kind,
                String::new(),
                internal_error(payload.as_ref()),
            ))
        })
    }

    fn run_file_unguarded(&self, file: SourceFile, opts: &RunOptions) -> Outcome {
        let settings = self.configs.for_path(file.path.as_deref());
        let domain = self.active_checker_for(file.kind, settings);
        let all_text: Vec<&dyn Checker> = self.all_text(settings).into_iter().filter(|c| !c.handles(file.kind)).collect();
        let combined;
        let checker: &dyn Checker = match (domain, all_text.is_empty()) {
            (None, true) => return Outcome::Counted(file.kind),
            (Some(d), true) => d,
            (domain, false) => {
                let parts: Vec<&dyn Checker> = domain.into_iter().chain(all_text).collect();
                let rules = parts.iter().flat_map(|c| c.rules().iter().copied()).collect();
                combined = Combined { parts, rules };
                &combined
            }
        };
        let rel = file
            .path
            .as_deref()
            .map(|p| {
                let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
                abs.strip_prefix(&settings.root).map(Path::to_owned).unwrap_or(abs)
            })
            .unwrap_or_else(|| PathBuf::from(&file.display));
        let ctx = CheckContext {
            settings,
            rel_path: &rel,
            projects: &self.projects,
            domain_runs: domain.is_some(),
        };
        let Pass { mut checked, secrets } = self.check_once(checker, &file, &ctx);
        let original = file.text.clone();
        // Secret values are collected from the first check, before suppressions, baselines and
        // severity filters drop findings: a baselined secret is still never printed.
        let (original_secrets, mut secrets) = (secrets.clone(), secrets);
        let mut fixes_applied = 0;
        let mut dropped: Vec<Diagnostic> = Vec::new();
        let mut current = file;
        if opts.fix != FixMode::Off && !current.lossy {
            let allow_unsafe = opts.fix == FixMode::Unsafe;
            // Each pass applies what verifies on the current text. A fix refused on one text is
            // offered again once the text has changed (another fix may have made it right), so the
            // fixes refused are those of the last pass: fixing the fixed text changes nothing.
            let mut tally = Verifying {
                budget: FIX_CHECK_BUDGET * current.text.len().max(256 << 10),
                refused: Vec::new(),
            };
            for _ in 0..MAX_FIX_PASSES {
                let picked = pick_fixes(&checked.diagnostics, allow_unsafe);
                if picked.is_empty() {
                    break;
                }
                tally.refused.clear();
                let verified = self.apply_verified(checker, &current, &ctx, &checked, &picked, &mut tally);
                let Some((text, applied, after)) = verified else {
                    dropped = std::mem::take(&mut tally.refused);
                    break;
                };
                fixes_applied += applied;
                current.text = text;
                checked = after.checked;
                secrets = after.secrets;
            }
        }
        let mut diags = checked.diagnostics;
        diags.extend(dropped);
        // Test, example, docs and local-development files are not shipped: there only security
        // errors of what runs in CI or builds show (an injection, a Dockerfile's `curl --insecure`),
        // unless their rule was named. A test
        // tree's broken or outdated file is often the point of the test (a parser's bad input,
        // an old API version), as three judged samples found. Secrets keep their own policy (their rules lower them to info there; those still a warning show);
        // the engine's own findings always show.
        // A generated file (`# Code generated … DO NOT EDIT`, gh-aw's `.lock.yml`) is fixed in its
        // source, not in place: the same policy. So is a file whose header says it is for
        // development only (`DO NOT USE IN PRODUCTION`).
        let demo = crate::paths::is_demo_path(&current.display)
            || crate::paths::is_generated(&current.text)
            || crate::paths::is_dev_only(&current.text);
        let shown_in_demo = |d: &Diagnostic| {
            d.rule.domain == crate::rule::Domain::Shipshape
                || (d.rule.domain == crate::rule::Domain::Secrets && d.severity >= Severity::Warning)
                || settings.explicit.contains(d.rule.code)
                || (d.severity == Severity::Error
                    && d.rule.category == crate::rule::Category::Security
                    // A test tree's manifests, Compose files and Terraform are not deployed: their
                    // insecure settings are often the point (Kyverno's policy tests, judged so).
                    && !matches!(
                        d.rule.domain,
                        crate::rule::Domain::Kubernetes | crate::rule::Domain::Compose | crate::rule::Domain::Terraform
                    ))
        };
        // An info finding is hygiene (docs/severity.md): like an opt-in rule, it shows when its rule
        // is named (or `ALL`). A parse status (`*000`) and the engine's own findings always show.
        let hygiene_shown = |d: &Diagnostic| {
            d.severity > Severity::Info
                || d.rule.domain == crate::rule::Domain::Shipshape
                || d.rule.code.ends_with("000")
                || settings.explicit.contains(d.rule.code)
        };
        diags.retain(|d| {
            d.severity >= settings.min_severity
                && d.confidence >= settings.min_confidence
                && hygiene_shown(d)
                && (!demo || shown_in_demo(d))
        });
        cap_per_rule(&mut diags);
        redact_messages(&mut diags, &current.text, &secrets);
        let display = current.display.clone();
        let mut findings = self.fingerprint_and_filter(&display, &current.text, diags, opts);
        // Fixes that change only other files (a `.dockerignore` to create) are not verified by a
        // second check of this file: they are collected for the front-end to write, and their
        // findings are fixed.
        let mut changes = Vec::new();
        if opts.fix != FixMode::Off && !current.lossy {
            let allow_unsafe = opts.fix == FixMode::Unsafe;
            findings.retain(|f| {
                let Some(fix) = f.diagnostic.fix.as_ref() else { return true };
                let applies = fix.edits.is_empty()
                    && !fix.files.is_empty()
                    && (allow_unsafe || fix.applicability == crate::diagnostic::Applicability::Safe);
                if applies {
                    changes.extend(fix.files.iter().cloned());
                }
                !applies
            });
        }
        // Findings are located in the text they were found in: the fixed text when fixes applied.
        let (text, fixed) = if current.text == original {
            (current.text, None)
        } else {
            (original, Some(current.text))
        };
        Outcome::Checked(FileReport {
            line_index: LineIndex::new(fixed.as_deref().unwrap_or(&text)),
            display,
            kind: current.kind,
            text,
            fixed,
            findings,
            secrets,
            original_secrets,
            fixes_applied,
            changes,
            path: current.path,
            lossy: current.lossy,
        })
    }

    /// Apply `picked` and keep the result only if it is verified: it parses no worse, every applied
    /// fix's finding is gone, and no rule reports more than before. When the fixes together fail,
    /// they are split in halves and each half is tried on top of what was accepted so far, down to
    /// single fixes, which are dropped (and reported): a few bad fixes among many cost a few checks
    /// each, not one check per fix. Each check spends the file's length from `budget`; fixes left
    /// when it runs out are dropped unverified. Returns the new text, the number of fixes applied and the check
    /// of the new text.
    fn apply_verified(
        &self,
        checker: &dyn Checker,
        file: &SourceFile,
        ctx: &CheckContext,
        before: &Checked,
        picked: &[&crate::diagnostic::Fix],
        tally: &mut Verifying,
    ) -> Option<(String, usize, Pass)> {
        let counts_before = count_by_rule(&before.diagnostics);
        let verify = |fixes: &[&crate::diagnostic::Fix]| -> Result<(String, Pass), &'static str> {
            let text = apply_all(&file.text, fixes).ok_or("its edits do not apply")?;
            if text == file.text {
                return Err("it changes nothing");
            }
            let probe = SourceFile {
                path: file.path.clone(),
                display: file.display.clone(),
                kind: file.kind,
                text,
                lossy: false,
            };
            let after = self.check_once(checker, &probe, ctx);
            if after.checked.parse_errors > before.parse_errors {
                return Err("it would leave the file unparseable");
            }
            let applied: HashSet<*const crate::diagnostic::Fix> = fixes.iter().map(|f| *f as *const _).collect();
            let mut expected_gone: HashMap<&'static str, usize> = HashMap::new();
            for d in &before.diagnostics {
                if d.fix.as_ref().is_some_and(|f| applied.contains(&(f as *const _))) {
                    *expected_gone.entry(d.rule.code).or_insert(0) += 1;
                }
            }
            for (code, n) in &count_by_rule(&after.checked.diagnostics) {
                let was = counts_before.get(code).copied().unwrap_or(0);
                let gone = expected_gone.get(code).copied().unwrap_or(0);
                if *n + gone > was {
                    return Err(if gone > 0 {
                        "the finding it fixes is still reported after it"
                    } else {
                        "it would introduce a new finding"
                    });
                }
            }
            Ok((probe.text, after))
        };
        // All together first (one check); when that fails, each rule's fixes as a group, bisected.
        // A rule whose first few fixes each fail alone, with none passing, has the rest of its
        // fixes dropped untried: they are alike, and trying each would cost a check apiece.
        const ALIKE: usize = 4;
        let rule_of: HashMap<*const crate::diagnostic::Fix, &'static str> = before
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (f as *const _, d.rule.code)))
            .collect();
        let code = |f: &crate::diagnostic::Fix| rule_of.get(&(f as *const _)).copied().unwrap_or("");
        let mut groups: Vec<Vec<&crate::diagnostic::Fix>> = Vec::new();
        for f in picked {
            match groups.iter_mut().find(|g| code(g[0]) == code(f)) {
                Some(g) => g.push(f),
                None => groups.push(vec![f]),
            }
        }
        let mut accepted: Vec<&crate::diagnostic::Fix> = Vec::new();
        let mut result = None;
        let mut tried: HashMap<&'static str, (usize, usize)> = HashMap::new();
        let mut todo: Vec<&[&crate::diagnostic::Fix]> = vec![picked];
        let mut split_by_rule = false;
        while let Some(chunk) = todo.pop() {
            let rule = code(chunk[0]);
            let (failed, passed) = tried.get(rule).copied().unwrap_or((0, 0));
            if split_by_rule && failed >= ALIKE && passed == 0 {
                let why = "not tried: the other fixes of this rule here each failed verification";
                tally.refused.extend(chunk.iter().map(|f| fix_dropped(f, why)));
                continue;
            }
            if tally.budget < file.text.len() {
                let why = "not verified: too many fixes in this file failed verification";
                tally.refused.extend(chunk.iter().map(|f| fix_dropped(f, why)));
                continue;
            }
            tally.budget -= file.text.len();
            let trial: Vec<_> = accepted.iter().chain(chunk).copied().collect();
            match verify(&trial) {
                Ok(r) => {
                    accepted = trial;
                    result = Some(r);
                    tried.entry(rule).or_default().1 += chunk.len();
                }
                Err(why) if chunk.len() == 1 => {
                    tally.refused.push(fix_dropped(chunk[0], why));
                    tried.entry(rule).or_default().0 += 1;
                }
                Err(_) if !split_by_rule && groups.len() > 1 => {
                    split_by_rule = true;
                    todo.extend(groups.iter().rev().map(Vec::as_slice));
                }
                Err(_) => {
                    split_by_rule = true;
                    let (first, second) = chunk.split_at(chunk.len() / 2);
                    todo.push(second);
                    todo.push(first);
                }
            }
        }
        result.map(|(text, after)| (text, accepted.len(), after))
    }

    /// Run the checker, drop disabled rules, apply inline suppressions and report unused ones.
    fn check_once(&self, checker: &dyn Checker, file: &SourceFile, ctx: &CheckContext) -> Pass {
        let mut checked = checker.check(file, ctx);
        let secrets = checked.diagnostics.iter().filter(|d| d.secret).map(|d| d.span).collect();
        checked.diagnostics.retain(|d| ctx.enabled(d.rule));
        dedup_secrets(&mut checked.diagnostics);
        let mut used = vec![false; checked.suppressions.len()];
        // Only suppressions whose range can hold a finding's start are asked: the file-wide ones and
        // the ranges starting at most the longest range's length before it.
        let (mut ranges, mut file_wide) = (Vec::new(), Vec::new());
        for (i, s) in checked.suppressions.iter().enumerate() {
            match s.scope {
                crate::suppress::Scope::Range(r) => ranges.push((r.start, i)),
                crate::suppress::Scope::File => file_wide.push(i),
            }
        }
        ranges.sort_unstable();
        let longest = checked
            .suppressions
            .iter()
            .filter_map(|s| match s.scope {
                crate::suppress::Scope::Range(r) => Some(r.len().max(1)),
                crate::suppress::Scope::File => None,
            })
            .max()
            .unwrap_or(0);
        let suppressions = &checked.suppressions;
        checked.diagnostics.retain(|d| {
            let at = d.span.start;
            let upto = ranges.partition_point(|&(start, _)| start <= at);
            let from = ranges[..upto].partition_point(|&(start, _)| start.saturating_add(longest) <= at);
            let mut keep = true;
            for i in ranges[from..upto].iter().map(|&(_, i)| i).chain(file_wide.iter().copied()) {
                if suppressions[i].covers(d) {
                    used[i] = true;
                    keep = false;
                }
            }
            keep
        });
        let known = |sel: &str| {
            self.checkers
                .iter()
                .flat_map(|c| c.rules().iter().copied())
                .chain(engine_rules::ALL.iter().copied())
                .any(|r| r.matches(sel))
        };
        for (s, used) in checked.suppressions.iter().zip(used) {
            let mut any_unknown = false;
            if s.origin == Origin::Shipshape {
                for (sel, span) in &s.selectors {
                    if !known(sel) {
                        any_unknown = true;
                        if ctx.enabled(&engine_rules::UNKNOWN_SUPPRESSION) {
                            checked.diagnostics.push(
                                Diagnostic::new(&engine_rules::UNKNOWN_SUPPRESSION, *span, format!("`{sel}` names no rule"))
                                    .help("use a rule code (`DF012`), a code prefix (`DF`), a rule name or a peer's code (`DL3008`); `shipshape rules` lists them"),
                            );
                        }
                    }
                }
            }
            // Only a suppression naming a rule that ran on this file can be judged unused: one
            // for a rule switched off, of another domain, or a peer check shipshape does not have
            // suppresses nothing today through no fault of its own.
            let judged = checker.rules().iter().any(|r| ctx.enabled(r) && s.names(r));
            if !used && !any_unknown && judged && ctx.enabled(&engine_rules::UNUSED_SUPPRESSION) {
                let what = match s.origin {
                    Origin::Shipshape => "this suppression suppresses nothing".to_owned(),
                    Origin::Peer(tool) => format!("this {tool} pragma suppresses nothing that shipshape reports here"),
                };
                checked.diagnostics.push(
                    Diagnostic::new(&engine_rules::UNUSED_SUPPRESSION, s.comment, what)
                        .help("remove the comment, or check that it stands on or directly above the finding's line"),
                );
            }
        }
        Pass { checked, secrets }
    }

    fn fingerprint_and_filter(&self, display: &str, text: &str, mut diags: Vec<Diagnostic>, opts: &RunOptions) -> Vec<Reported> {
        diags.sort_by(|a, b| (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code)));
        diags.dedup_by(|a, b| a.rule.code == b.rule.code && a.span == b.span && a.message == b.message);
        let mut seen: HashMap<(&'static str, String), usize> = HashMap::new();
        diags
            .into_iter()
            .filter_map(|d| {
                let norm = normalize(primary_text(text, d.span));
                let occurrence = seen.entry((d.rule.code, norm.clone())).or_insert(0);
                let fp = fingerprint(d.rule.code, display, &norm, *occurrence);
                *occurrence += 1;
                if opts.baseline.as_ref().is_some_and(|b| b.contains(&fp)) {
                    return None;
                }
                Some(Reported {
                    diagnostic: d,
                    fingerprint: fp,
                })
            })
            .collect()
    }
}

/// The text a fingerprint is taken from: the primary span, or its line when the span is empty.
fn primary_text(text: &str, span: Span) -> &str {
    if span.is_empty() {
        let at = text.floor_char_boundary(span.start.min(text.len()));
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        text[start..end].trim_end_matches('\r')
    } else {
        span.text(text)
    }
}

/// How many findings one rule may report in one file; the rest are counted in one `SS006` finding.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// Keep the first [`MAX_FINDINGS_PER_RULE`] findings of each rule (in file order) and add one
/// `SS006` finding per capped rule saying how many more there were.
fn cap_per_rule(diags: &mut Vec<Diagnostic>) {
    let counts = count_by_rule(diags);
    if counts.values().all(|&n| n <= MAX_FINDINGS_PER_RULE) {
        return;
    }
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut summaries = Vec::new();
    diags.retain(|d| {
        let n = seen.entry(d.rule.code).or_insert(0);
        *n += 1;
        if *n == MAX_FINDINGS_PER_RULE + 1 {
            let more = counts[d.rule.code] - MAX_FINDINGS_PER_RULE;
            summaries.push(
                Diagnostic::new(
                    &engine_rules::TOO_MANY_FINDINGS,
                    Span::empty(d.span.start),
                    format!(
                        "{} ({}) reports {more} more finding{} in this file from here on",
                        d.rule.code,
                        d.rule.name,
                        if more == 1 { "" } else { "s" }
                    ),
                )
                .help(format!(
                    "fix the findings shown, or run `shipshape check --select {}` after fixing them",
                    d.rule.code
                )),
            );
        }
        *n <= MAX_FINDINGS_PER_RULE
    });
    diags.extend(summaries);
}

/// One secret value is one finding: when a domain's rule (which knows the context: the service, the
/// variable) and a secret detector report the same value, the domain's finding stays.
fn dedup_secrets(diags: &mut Vec<Diagnostic>) {
    let domain_secrets: Vec<Span> = diags
        .iter()
        .filter(|d| d.secret && d.rule.domain != crate::rule::Domain::Secrets)
        .map(|d| d.span)
        .collect();
    if domain_secrets.is_empty() {
        return;
    }
    diags.retain(|d| {
        d.rule.domain != crate::rule::Domain::Secrets || !domain_secrets.iter().any(|s| s.start < d.span.end && d.span.start < s.end)
    });
}

/// A secret value quoted in a finding's words (a message that cites a command, a fix that moves a
/// value) is shown as [`crate::diagnostic::redact`] shows it, whatever rule wrote them. A value that
/// looks like a real secret ([`looks_like_a_secret`]) is redacted in every finding; a weak one (the
/// literal password `filebrowser`) only in the findings located at it, the one that reports it
/// first: elsewhere the same word is an image or a service name (`filebrowser/filebrowser:latest`),
/// and redacting it there garbles the message without hiding anything the reporting finding shows.
fn redact_messages(diags: &mut [Diagnostic], text: &str, secrets: &[Span]) {
    let mut values: Vec<&str> = secrets.iter().map(|s| s.text(text)).filter(|v| v.len() >= 6).collect();
    if values.is_empty() {
        return;
    }
    values.sort_unstable();
    values.dedup();
    let overlaps = |a: Span, b: Span| a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1);
    for d in diags {
        let mut spans = vec![d.span];
        spans.extend(d.labels.iter().filter(|l| l.elsewhere.is_none()).map(|l| l.span));
        let here = |v: &str| {
            secrets
                .iter()
                .any(|s| s.text(text) == v && spans.iter().any(|&at| overlaps(at, *s)))
        };
        let shown: Vec<&str> = values.iter().copied().filter(|v| looks_like_a_secret(v) || here(v)).collect();
        let scrub = |s: &mut String| {
            for v in &shown {
                redact_value(s, v, !looks_like_a_secret(v));
            }
        };
        scrub(&mut d.message);
        if let Some(h) = &mut d.help {
            scrub(h);
        }
        for l in &mut d.labels {
            scrub(&mut l.message);
        }
        if let Some(f) = &mut d.fix {
            scrub(&mut f.message);
        }
        // A fix whose new text carries a secret, weak or not (an edit that joins or moves its
        // line), cannot be shown redacted and still apply: it is not offered. Remove the secret first.
        let carries = |r: &str| values.iter().any(|v| r.contains(&v[..v.floor_char_boundary(8.min(v.len()))]));
        if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(|e| carries(&e.replacement))) {
            d.fix = None;
        }
    }
}

/// Whether a secret value looks like a real one rather than a word: 16 characters or more (tokens,
/// keys, generated passwords), or mixed character classes with some entropy (`s3cr3tPassw0rd`,
/// `changeme123`). A plain word or name (`filebrowser`, `postgres`) does not.
fn looks_like_a_secret(value: &str) -> bool {
    let n = value.chars().count();
    if n >= 16 {
        return true;
    }
    let classes = [
        value.chars().any(|c| c.is_lowercase()),
        value.chars().any(|c| c.is_uppercase()),
        value.chars().any(|c| c.is_ascii_digit()),
        value.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    if classes >= 3 {
        return true;
    }
    // Entropy per character, for two classes: `changeme123` yes, `aaaa1111` no.
    classes == 2 && crate::diagnostic::entropy(value) >= 3.0
}

/// Redact in `s` each occurrence of the secret `value`, or of a piece of it that starts like it
/// and runs at least eight characters (a message that cuts a long word to 40 characters quotes a
/// prefix of the value, not the value).
/// `s` with every occurrence of `value` redacted. With `keep_names`, for a weak value, an occurrence
/// that is a whole backquoted name of a service, container, job, volume, network, image or stage
/// ("service `mealie` has a literal …", whose password is also `mealie`) names that thing and is kept.
fn redact_value(s: &mut String, value: &str, keep_names: bool) {
    let head = &value[..value.floor_char_boundary(8.min(value.len()))];
    if !s.contains(head) {
        return;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(at) = rest.find(head) {
        let tail = &rest[at..];
        let shared = tail
            .char_indices()
            .zip(value.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, c), _)| i + c.len_utf8());
        out.push_str(&rest[..at]);
        let quoted_name = keep_names
            && shared == value.len()
            && tail[shared..].starts_with('`')
            && ["service `", "container `", "job `", "volume `", "network `", "image `", "stage `"]
                .iter()
                .any(|w| out.ends_with(w));
        if quoted_name {
            out.push_str(&tail[..shared]);
        } else {
            out.push_str(&crate::diagnostic::redact(&tail[..shared]));
        }
        rest = &tail[shared..];
    }
    out.push_str(rest);
    *s = out;
}

fn count_by_rule(diags: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut m = HashMap::new();
    for d in diags {
        *m.entry(d.rule.code).or_insert(0) += 1;
    }
    m
}

fn fix_dropped(fix: &crate::diagnostic::Fix, why: &str) -> Diagnostic {
    Diagnostic::new(
        &engine_rules::FIX_BROKE_PARSE,
        fix.extent().unwrap_or_default(),
        format!("fix dropped: `{}`: {why}", fix.message),
    )
    .help("apply it by hand if it is right; this is a bug in the fix, please report it")
}

/// The `SS004` finding for a checker that panicked.
fn internal_error(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let why = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Diagnostic::new(
        &engine_rules::INTERNAL_ERROR,
        Span::empty(0),
        format!("shipshape failed while checking this file ({why}); its findings are lost, every other file was checked"),
    )
    .help("this is a bug in shipshape: please report it with the file")
}

/// Statistics over outcomes.
pub fn statistics(outcomes: &[Outcome]) -> Statistics {
    let mut stats = Statistics::default();
    for o in outcomes {
        match o {
            Outcome::Checked(r) => {
                *stats.by_kind.entry(r.kind.as_str()).or_default() += 1;
                stats.audited += 1;
                for f in &r.findings {
                    *stats.by_rule.entry(f.diagnostic.rule.code).or_default() += 1;
                }
            }
            Outcome::Counted(kind) => *stats.by_kind.entry(kind.as_str()).or_default() += 1,
            Outcome::Skipped { reason, .. } => *stats.skipped.entry(reason.as_str()).or_default() += 1,
        }
    }
    stats
}

/// The highest severity reported, if any.
pub fn worst(reports: &[&FileReport]) -> Option<Severity> {
    reports.iter().flat_map(|r| &r.findings).map(|f| f.diagnostic.severity).max()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::{CliSelection, ConfigFile};
    use crate::diagnostic::{Edit, Fix};
    use crate::rule::{Category, Domain, FixKind, Registry};

    static RULE: RuleMeta = RuleMeta {
        code: "DF999",
        name: "test-rule",
        domain: Domain::Dockerfile,
        severity: Severity::Warning,
        category: Category::Correctness,
        default: true,
        fix: FixKind::Safe,
        peers: &[],
        summary: "",
        docs: "",
        options: &[],
        example_spans: &[],
    };
    static OTHER: RuleMeta = RuleMeta {
        code: "DF998",
        name: "other-rule",
        ..RULE
    };

    thread_local! {
        /// How many times `Scripted` checked a file on this thread.
        static CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A checker driven by the text: `panic` panics; every `x` is a finding of `RULE` whose fix
    /// does what the text says (`x` → `y` fixes it; with `loop` it appends a space and the finding
    /// stays, as a fix appended after a shell comment did; with `new`, a `y` is an `OTHER` finding).
    struct Scripted;

    impl Checker for Scripted {
        fn handles(&self, _: FileKind) -> bool {
            true
        }
        fn rules(&self) -> &[&'static RuleMeta] {
            static RULES: &[&RuleMeta] = &[&RULE, &OTHER];
            RULES
        }
        fn check(&self, file: &SourceFile, _: &CheckContext) -> Checked {
            CHECKS.with(|c| c.set(c.get() + 1));
            assert!(!file.text.contains("panic"), "scripted panic");
            let mut out = Checked::default();
            let replacement = if file.text.contains("loop") { "x " } else { "y" };
            for (i, _) in file.text.match_indices('x') {
                let fix = Fix::safe("x to y", vec![Edit::replace(Span::new(i, i + 1), replacement)]);
                out.diagnostics.push(Diagnostic::new(&RULE, Span::new(i, i + 1), "an x").fix(fix));
            }
            if (file.text.contains("new") && file.text.contains('y')) || file.text.contains("y y") {
                out.diagnostics.push(Diagnostic::new(&OTHER, Span::empty(0), "a y appeared"));
            }
            out
        }
    }

    fn run(text: &str, fix: FixMode) -> FileReport {
        let reg = Registry::new(vec![&RULE, &OTHER]);
        let settings = Settings::resolve(
            &reg,
            &ConfigFile::default(),
            &CliSelection::default(),
            PathBuf::from("/nonexistent"),
        );
        let configs = Configs::single(settings);
        let engine = Engine {
            checkers: vec![&Scripted],
            configs: &configs,
            cwd: PathBuf::from("/"),
            projects: Default::default(),
        };
        let file = SourceFile {
            path: None,
            display: "Dockerfile".into(),
            kind: FileKind::Dockerfile,
            text: text.into(),
            lossy: false,
        };
        match engine.run_file(file, &RunOptions { fix, ..Default::default() }) {
            Outcome::Checked(r) => r,
            other => panic!("{other:?}"),
        }
    }

    fn codes(r: &FileReport) -> Vec<&str> {
        r.findings.iter().map(|f| f.diagnostic.rule.code).collect()
    }

    #[test]
    fn a_panicking_checker_becomes_an_internal_error_finding() {
        let r = run("panic", FixMode::Off);
        assert_eq!(codes(&r), ["SS004"]);
        assert!(r.findings[0].diagnostic.message.contains("scripted panic"));
        assert!(r.text.is_empty(), "no snippet of a file whose secrets are unknown");
    }

    #[test]
    fn findings_are_capped_per_rule_with_a_count_of_the_rest() {
        let r = run(&"x".repeat(250), FixMode::Off);
        assert_eq!(r.findings.iter().filter(|f| f.diagnostic.rule.code == "DF999").count(), 100);
        let capped: Vec<_> = r.findings.iter().filter(|f| f.diagnostic.rule.code == "SS006").collect();
        assert_eq!(capped.len(), 1);
        assert!(
            capped[0].diagnostic.message.contains("150 more"),
            "{}",
            capped[0].diagnostic.message
        );
    }

    #[test]
    fn a_verified_fix_is_applied_and_findings_are_located_in_the_fixed_text() {
        let r = run("ab x", FixMode::Safe);
        assert_eq!(r.fixed.as_deref(), Some("ab y"));
        assert!(codes(&r).is_empty());
    }

    #[test]
    fn a_fix_that_leaves_its_finding_is_dropped_and_reported() {
        let r = run("loop x", FixMode::Safe);
        assert_eq!(r.fixed, None);
        assert_eq!(codes(&r), ["DF999", "SS003"]);
        assert!(
            r.findings[1].diagnostic.message.contains("still reported"),
            "{}",
            r.findings[1].diagnostic.message
        );
    }

    #[test]
    fn fixes_that_clash_together_are_applied_one_by_one_and_a_refused_one_is_reported_once() {
        // Each `x` → `y` verifies alone; together they make `y y`, a new finding.
        let r = run("x x", FixMode::Safe);
        assert_eq!(r.fixed.as_deref(), Some("y x"));
        assert_eq!(r.findings.iter().filter(|f| f.diagnostic.rule.code == "SS003").count(), 1);
    }

    #[test]
    fn a_fix_that_introduces_a_new_finding_is_dropped_and_reported() {
        let r = run("new x", FixMode::Safe);
        assert_eq!(r.fixed, None);
        let dropped = r.findings.iter().find(|f| f.diagnostic.rule.code == "SS003").unwrap();
        assert!(dropped.diagnostic.message.contains("new finding"), "{}", dropped.diagnostic.message);
    }

    #[test]
    fn a_file_where_every_fix_fails_costs_a_bounded_number_of_checks() {
        let text = format!("new {}{}", "x ".repeat(2_000), " ".repeat(200_000));
        CHECKS.with(|c| c.set(0));
        let r = run(&text, FixMode::Safe);
        let checks = CHECKS.with(|c| c.get());
        assert_eq!(r.fixed, None);
        // Bisection alone would take ~4,000 checks; after a few alike fixes of one rule fail, the
        // rest of that rule's are dropped untried: about one bisection path.
        assert!(checks <= 40, "{checks} checks");
        let dropped = r.findings.iter().filter(|f| f.diagnostic.rule.code == "SS003").count();
        assert_eq!(dropped, MAX_FINDINGS_PER_RULE, "the rest are counted by SS006");
        assert!(codes(&r).contains(&"SS006"));
    }

    #[test]
    fn a_weak_secret_is_redacted_only_where_it_is_reported() {
        // filebrowser: the Redis password `filebrowser` (reported at its span) is also the image's name.
        let text =
            "services:\n  app:\n    image: filebrowser/filebrowser:latest\n  redis:\n    command: redis-server --requirepass filebrowser\n";
        let at = |needle: &str, nth: usize| {
            let start = text.match_indices(needle).nth(nth).map_or(0, |(i, _)| i);
            Span::new(start, start + needle.len())
        };
        let password = at("filebrowser", 2);
        let image = at("filebrowser/filebrowser:latest", 0);
        let mut reporting = Diagnostic::new(&engine_rules::FIX_BROKE_PARSE, password, "hard-coded password `filebrowser`");
        reporting.secret = true;
        let mut diags = vec![
            reporting,
            Diagnostic::new(
                &engine_rules::FIX_BROKE_PARSE,
                image,
                "`filebrowser/filebrowser:latest` uses `latest`",
            ),
        ];
        redact_messages(&mut diags, text, &[password]);
        assert_eq!(diags[0].message, "hard-coded password `fi… (11 chars)`");
        assert_eq!(diags[1].message, "`filebrowser/filebrowser:latest` uses `latest`");
        // A value that looks like a real secret is redacted in every finding.
        let text = "a: s3cr3tPassw0rd\nb: s3cr3tPassw0rd-backup\n";
        let secret = Span::new(3, 17);
        let mut diags = vec![Diagnostic::new(
            &engine_rules::FIX_BROKE_PARSE,
            Span::new(21, 42),
            "b is `s3cr3tPassw0rd-backup`",
        )];
        redact_messages(&mut diags, text, &[secret]);
        assert_eq!(diags[0].message, "b is `s3c… (14 chars)-backup`");
        for (v, strong) in [
            ("filebrowser", false),
            ("postgres", false),
            ("aaaa1111", false),
            ("changeme123", true),
            ("s3cr3tPassw0rd", true),
            ("ghp_eJTAa4WwcNChpWUoRoBdO8va9HykGoFrHYCE", true),
            ("mysecretpassword", true),
        ] {
            assert_eq!(looks_like_a_secret(v), strong, "{v}");
        }
    }

    #[test]
    fn a_secret_cut_short_in_a_message_is_redacted_too() {
        let mut m =
            "unknown instruction `ghp_eJTAa4WwcNChpWUoRoBdO8va9HykGoFrHYC…` and ghp_eJTAa4WwcNChpWUoRoBdO8va9HykGoFrHYCE".to_owned();
        redact_value(&mut m, "ghp_eJTAa4WwcNChpWUoRoBdO8va9HykGoFrHYCE", false);
        assert_eq!(m, "unknown instruction `ghp_… (39 chars)…` and ghp_… (40 chars)");
        let mut short = "ghp_eJT is not it".to_owned();
        redact_value(&mut short, "ghp_eJTAa4WwcNChpWUoRoBdO8va9HykGoFrHYCE", false);
        assert_eq!(short, "ghp_eJT is not it", "seven characters of a value are not a secret");
    }

    /// mealie's compose file (2026-12-05): service `mealie` has the password `mealie`; the finding
    /// named the service `m… (6 chars)`. A weak value kept as a quoted name; elsewhere still redacted.
    #[test]
    fn a_weak_value_that_is_a_quoted_name_is_kept() {
        let mut m = "service `mealie` has a literal `POSTGRES_PASSWORD` (mealie)".to_owned();
        redact_value(&mut m, "mealie", true);
        assert_eq!(m, "service `mealie` has a literal `POSTGRES_PASSWORD` (m… (6 chars))");
        let mut strong = "service `s3cr3tPassw0rd`".to_owned();
        redact_value(&mut strong, "s3cr3tPassw0rd", false);
        assert_eq!(strong, "service `s3c… (14 chars)`");
    }
}
