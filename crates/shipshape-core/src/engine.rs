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
pub const MAX_FIX_PASSES: usize = 8;

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
#[derive(Debug)]
pub struct FileReport {
    pub display: String,
    pub kind: FileKind,
    pub text: String,
    pub line_index: LineIndex,
    pub findings: Vec<Reported>,
    /// The fixed text, when fixes changed it.
    pub fixed: Option<String>,
    pub fixes_applied: usize,
    pub path: Option<PathBuf>,
    pub lossy: bool,
}

impl FileReport {
    pub fn diff(&self) -> Option<String> {
        self.fixed.as_ref().map(|new| unified_diff(&self.display, &self.text, new))
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
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    Binary,
    TooLarge,
    Unreadable,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
        }
    }
}

/// Statistics of a run (`--statistics`).
#[derive(Debug, Default)]
pub struct Statistics {
    pub by_kind: BTreeMap<&'static str, usize>,
    pub audited: usize,
    pub skipped: BTreeMap<&'static str, usize>,
    pub by_rule: BTreeMap<&'static str, usize>,
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
        files.par_iter().map(|f| self.run_path(&f.path, f.explicit, opts)).collect()
    }

    fn run_path(&self, path: &Path, explicit: bool, opts: &RunOptions) -> Outcome {
        let display = crate::discover::display_path(path, &self.cwd);
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
        match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                return Outcome::Skipped {
                    display,
                    reason: SkipReason::TooLarge,
                };
            }
            Err(_) => {
                return Outcome::Skipped {
                    display,
                    reason: SkipReason::Unreadable,
                };
            }
            Ok(_) => {}
        }
        let Ok(bytes) = std::fs::read(path) else {
            return Outcome::Skipped {
                display,
                reason: SkipReason::Unreadable,
            };
        };
        if looks_binary(&bytes) && by_name != Some(FileKind::Dockerfile) {
            return Outcome::Skipped {
                display,
                reason: SkipReason::Binary,
            };
        }
        let (text, lossy) = decode(bytes);
        let kind = classify(path, &text, explicit);
        let file = SourceFile {
            path: Some(path.to_owned()),
            display,
            kind,
            text,
            lossy,
        };
        self.run_file(file, opts)
    }

    /// Audit one file already in memory (also used for stdin).
    pub fn run_file(&self, file: SourceFile, opts: &RunOptions) -> Outcome {
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
        let mut checked = self.check_once(checker, &file, &ctx);
        let original = file.text.clone();
        let mut fixes_applied = 0;
        let mut dropped: Vec<Diagnostic> = Vec::new();
        let mut current = file;
        if opts.fix != FixMode::Off && !current.lossy {
            let allow_unsafe = opts.fix == FixMode::Unsafe;
            for _ in 0..MAX_FIX_PASSES {
                let picked = pick_fixes(&checked.diagnostics, allow_unsafe);
                if picked.is_empty() {
                    break;
                }
                let Some((text, applied)) = self.apply_checked(checker, &current, &ctx, &picked, checked.parse_errors, &mut dropped) else {
                    break;
                };
                fixes_applied += applied;
                current.text = text;
                checked = self.check_once(checker, &current, &ctx);
            }
        }
        let mut diags = checked.diagnostics;
        diags.extend(dropped);
        diags.retain(|d| d.severity >= settings.min_severity);
        let display = current.display.clone();
        let findings = self.fingerprint_and_filter(&display, &current.text, diags, opts);
        let (text, fixed) = if current.text == original {
            (original, None)
        } else {
            (original, Some(current.text))
        };
        Outcome::Checked(FileReport {
            line_index: LineIndex::new(&text),
            display,
            kind: current.kind,
            text,
            findings,
            fixed,
            fixes_applied,
            path: current.path,
            lossy: current.lossy,
        })
    }

    /// Apply `picked`; if the result has more parse errors, retry fix by fix and drop the ones that break it.
    fn apply_checked(
        &self,
        checker: &dyn Checker,
        file: &SourceFile,
        ctx: &CheckContext,
        picked: &[&crate::diagnostic::Fix],
        parse_errors: usize,
        dropped: &mut Vec<Diagnostic>,
    ) -> Option<(String, usize)> {
        let parses = |text: &str| {
            let probe = SourceFile {
                path: file.path.clone(),
                display: file.display.clone(),
                kind: file.kind,
                text: text.to_owned(),
                lossy: false,
            };
            checker.check(&probe, ctx).parse_errors <= parse_errors
        };
        let text = apply_all(&file.text, picked)?;
        if parses(&text) {
            return Some((text, picked.len()));
        }
        let good: Vec<&crate::diagnostic::Fix> = picked
            .iter()
            .copied()
            .filter(|f| {
                let ok = apply_all(&file.text, &[f]).is_some_and(|t| parses(&t));
                if !ok {
                    let span = f.extent().unwrap_or_default();
                    dropped.push(Diagnostic::new(
                        &engine_rules::FIX_BROKE_PARSE,
                        span,
                        format!("fix dropped: `{}` would leave the file unparseable", f.message),
                    ));
                }
                ok
            })
            .collect();
        if good.is_empty() {
            return None;
        }
        let text = apply_all(&file.text, &good)?;
        parses(&text).then_some((text, good.len()))
    }

    /// Run the checker, drop disabled rules, apply inline suppressions and report unused ones.
    fn check_once(&self, checker: &dyn Checker, file: &SourceFile, ctx: &CheckContext) -> Checked {
        let mut checked = checker.check(file, ctx);
        checked.diagnostics.retain(|d| ctx.enabled(d.rule));
        let mut used = vec![false; checked.suppressions.len()];
        checked.diagnostics.retain(|d| {
            let mut keep = true;
            for (i, s) in checked.suppressions.iter().enumerate() {
                if s.covers(d) {
                    used[i] = true;
                    keep = false;
                }
            }
            keep
        });
        let registry_rules: Vec<&RuleMeta> = checker.rules().iter().copied().chain(engine_rules::ALL.iter().copied()).collect();
        for (s, used) in checked.suppressions.iter().zip(used) {
            if s.origin != Origin::Shipshape {
                continue;
            }
            let mut any_unknown = false;
            for (sel, span) in &s.selectors {
                if !registry_rules.iter().any(|r| r.matches(sel)) {
                    any_unknown = true;
                    if ctx.enabled(&engine_rules::UNKNOWN_SUPPRESSION) {
                        checked.diagnostics.push(
                            Diagnostic::new(&engine_rules::UNKNOWN_SUPPRESSION, *span, format!("`{sel}` names no rule"))
                                .help("use a rule code (`DF012`), a code prefix (`DF`) or a rule name; `shipshape rules` lists them"),
                        );
                    }
                }
            }
            if !used && !any_unknown && ctx.enabled(&engine_rules::UNUSED_SUPPRESSION) {
                checked.diagnostics.push(
                    Diagnostic::new(&engine_rules::UNUSED_SUPPRESSION, s.comment, "this suppression suppresses nothing")
                        .help("remove the comment, or check that it stands on or directly above the finding's line"),
                );
            }
        }
        checked
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
        let idx = LineIndex::new(text);
        let line = idx.line_of(span.start.min(text.len()));
        idx.line_span(text, line).text(text)
    } else {
        span.text(text)
    }
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
