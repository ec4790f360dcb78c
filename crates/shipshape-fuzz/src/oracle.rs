//! The oracles: what must hold for every input, however hostile.
//!
//! An input runs through the engine exactly as `shipshape check --no-config --select ALL
//! --unsafe-fixes --stdin-filename NAME -` runs it, then:
//! 1. **panic**: no panic (caught here as a backstop) and no `SS004` internal-error finding;
//! 2. **timeout** and 3. **memory** are watched by the runner (`main.rs`);
//! 4. **output**: every renderer runs without panicking; JSON and SARIF parse and hold every finding;
//! 5. **diff**: the `--diff` output applies strictly ([`crate::udiff`]) to the original and gives the
//!    fixed text (and, every Nth diff, `git apply` agrees); so does shipshape's diff of the seed and
//!    its mutation;
//! 6. **fix**: fixing the fixed text changes nothing, and fixing adds no parse-error (`*000`) or
//!    duplicate-key finding;
//! 7. **secrets**: a planted secret that a finding marks as secret (or a `SEC` rule reports) shows
//!    in no rendered output and not in the diff.

use crate::mutate::Input;
use crate::udiff;
use shipshape_check::Domains;
use shipshape_core::Span;
use shipshape_core::classify::classify;
use shipshape_core::config::{CliSelection, ConfigSource, Configs};
use shipshape_core::engine::{Engine, FileReport, FixMode, Outcome, RunOptions, SourceFile, decode};
use shipshape_core::rule::Registry;
use shipshape_render as render;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Oracle {
    Panic,
    Timeout,
    Memory,
    Output,
    Diff,
    Fix,
    Secrets,
}

impl Oracle {
    pub const ALL: [Oracle; 7] = [
        Oracle::Panic,
        Oracle::Timeout,
        Oracle::Memory,
        Oracle::Output,
        Oracle::Diff,
        Oracle::Fix,
        Oracle::Secrets,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Oracle::Panic => "panic",
            Oracle::Timeout => "timeout",
            Oracle::Memory => "memory",
            Oracle::Output => "output",
            Oracle::Diff => "diff",
            Oracle::Fix => "fix",
            Oracle::Secrets => "secrets",
        }
    }

    /// The counter name in the summary line.
    pub fn plural(self) -> &'static str {
        match self {
            Oracle::Panic => "panics",
            Oracle::Timeout => "timeouts",
            _ => self.as_str(),
        }
    }
}

/// Seeds and inputs larger than this are not diffed against each other (Myers' diff is slow on
/// thousands of changed lines).
const MUTATION_DIFF_LIMIT: usize = 64 * 1024;

/// One broken promise.
#[derive(Debug, Clone)]
pub struct Failure {
    pub oracle: Oracle,
    /// Groups failures that are (very likely) the same bug: oracle, file kind, and a normalised cause.
    pub signature: String,
    /// Everything known about it.
    pub detail: String,
}

impl Failure {
    fn new(oracle: Oracle, kind: &str, cause: &str, detail: String) -> Self {
        Self {
            oracle,
            signature: format!("{}: {kind}: {cause}", oracle.as_str()),
            detail,
        }
    }
}

/// What running one input showed.
#[derive(Debug, Default)]
pub struct Verdict {
    pub failures: Vec<Failure>,
    /// The engine changed the text (fixes applied).
    pub fixed: bool,
    /// Planted secrets still in the input, and how many of them a finding marked secret.
    /// Per planted value still in the input: its kind, whether the report calls it a secret, and
    /// whether an output shows it (for values the report does not call secret, this is not a
    /// failure: it tells what the secrets oracle cannot see yet).
    pub planted: Vec<(&'static str, bool, bool)>,
    /// Diffs cross-checked with `git apply`.
    pub git_checked: bool,
    /// The engine withheld the diff because it would show a secret.
    pub diff_withheld: bool,
}

// ---------------------------------------------------------------------------------------------
// Panics: caught, their message and location recorded by a hook instead of printed.

thread_local! {
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install (once) a panic hook that records panics inside [`guarded`] quietly and leaves all others
/// to the previous hook.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CAPTURING.with(Cell::get) {
                previous(info);
                return;
            }
            let message = payload_text(info.payload());
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            let frames: Vec<&str> = trace
                .lines()
                .map(str::trim)
                .filter(|l| l.contains("shipshape") && !l.contains("shipshape_fuzz") && !l.starts_with("at "))
                .take(12)
                .collect();
            LAST_PANIC.with(|p| {
                *p.borrow_mut() = Some(format!("{message}\n  at {location}\n  frames:\n    {}", frames.join("\n    ")));
            });
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_owned()
    }
}

/// Run `f`; a panic becomes `Err(message, location and frames)`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    CAPTURING.with(|c| c.set(true));
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let result = catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(false));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

/// The last panic recorded on this thread inside [`guarded`] that something under it caught (the
/// engine turns a checker's panic into an `SS004` finding).
pub fn take_caught_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow_mut().take())
}

/// A panic's cause, normalised so the same bug on different inputs groups together: the location
/// and the message up to its first quote, backtick or digit.
fn panic_cause(text: &str) -> String {
    let mut lines = text.lines();
    let message = lines.next().unwrap_or("");
    let location = lines.find_map(|l| l.trim().strip_prefix("at ")).unwrap_or("");
    // A dependency's path starts at its crate folder (`annotate-snippets-0.12.17/src/...`), not at
    // this machine's cargo registry.
    let location = match location.find("/registry/src/") {
        Some(i) => location[i + "/registry/src/".len()..]
            .split_once('/')
            .map_or(location, |(_, rest)| rest),
        None => location,
    };
    let short: String = message
        .chars()
        .take_while(|c| !matches!(c, '`' | '\'' | '"' | '0'..='9'))
        .take(60)
        .collect();
    format!("{} at {location}", short.trim())
}

/// Digits become `N`, so causes with different offsets group together.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars().take(100) {
        if c.is_ascii_digit() {
            if !prev_digit {
                out.push('N');
            }
            prev_digit = true;
        } else {
            out.push(c);
            prev_digit = false;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The engine, set up as the CLI sets it up for standard input.

/// What a harness borrows: the domains, the no-config settings with `--select ALL`, the registry.
pub struct Setup {
    domains: Domains,
    configs: Configs,
    registry: Registry,
}

impl Setup {
    pub fn new() -> Result<Self, String> {
        let domains = Domains::default();
        let registry = domains.registry();
        let cli = CliSelection {
            select: Some(vec!["ALL".to_owned()]),
            ..Default::default()
        };
        let configs = Configs::load(&registry, &cli, &ConfigSource::None, Path::new("."), &shipshape_core::tree::Disk)?;
        Ok(Self {
            domains,
            configs,
            registry,
        })
    }
}

/// Cross-checks diffs with `git apply` in a scratch repository.
pub struct GitCheck {
    dir: PathBuf,
    /// Check every `every`-th diff.
    every: u64,
    seen: u64,
}

impl GitCheck {
    pub fn new(dir: PathBuf, every: u64) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let ok = Command::new("git")
            .args(["init", "-q"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run git: {e}"))?
            .success();
        if !ok {
            return Err("git init failed".into());
        }
        Ok(Self { dir, every, seen: 0 })
    }

    /// `git apply --check` then `git apply`: `Err` when git refuses the diff or its result differs
    /// from `fixed`. `None` when this diff is not one to check.
    fn check(&mut self, original: &str, diff: &str, fixed: &str) -> Option<Result<(), String>> {
        self.seen += 1;
        if self.every == 0 || !(self.seen - 1).is_multiple_of(self.every) {
            return None;
        }
        Some(self.apply(original, diff, fixed))
    }

    fn apply(&self, original: &str, diff: &str, fixed: &str) -> Result<(), String> {
        let file = self.dir.join("file");
        let patch = self.dir.join("fix.patch");
        // Git reads the path from the headers: name the file plainly, whatever the input is called.
        let body = diff.splitn(3, '\n').nth(2).unwrap_or("");
        let renamed = format!("--- a/file\n+++ b/file\n{body}");
        std::fs::write(&file, original).map_err(|e| e.to_string())?;
        std::fs::write(&patch, renamed).map_err(|e| e.to_string())?;
        let git = |args: &[&str]| {
            Command::new("git")
                .args(["-c", "core.autocrlf=false", "-c", "apply.whitespace=nowarn"])
                .args(args)
                .current_dir(&self.dir)
                .output()
                .map_err(|e| e.to_string())
        };
        let check = git(&["apply", "--check", "fix.patch"])?;
        if !check.status.success() {
            return Err(format!(
                "git apply --check refuses it: {}",
                String::from_utf8_lossy(&check.stderr).trim()
            ));
        }
        let applied = git(&["apply", "fix.patch"])?;
        if !applied.status.success() {
            return Err(format!("git apply fails: {}", String::from_utf8_lossy(&applied.stderr).trim()));
        }
        let result = std::fs::read(&file).map_err(|e| e.to_string())?;
        if result != fixed.as_bytes() {
            return Err("git apply gives a different text than the fixed one".into());
        }
        Ok(())
    }
}

impl Drop for GitCheck {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs inputs through the engine and the oracles; one per worker thread.
pub struct Harness<'s> {
    setup: &'s Setup,
    engine: Engine<'s>,
    pub git: Option<GitCheck>,
}

/// Finding counts that a fix must never raise.
#[derive(Debug, Default, PartialEq, Eq)]
struct Breakage {
    parse_errors: Vec<&'static str>,
    duplicate_keys: Vec<&'static str>,
}

fn breakage(report: &FileReport) -> Breakage {
    let mut b = Breakage::default();
    for f in &report.findings {
        let rule = f.diagnostic.rule;
        if rule.code.ends_with("000") {
            b.parse_errors.push(rule.code);
        }
        if rule.name.ends_with("duplicate-key") {
            b.duplicate_keys.push(rule.code);
        }
    }
    b
}

impl<'s> Harness<'s> {
    pub fn new(setup: &'s Setup) -> Self {
        Self {
            setup,
            engine: Engine {
                checkers: setup.domains.checkers(),
                configs: &setup.configs,
                cwd: PathBuf::from("."),
                projects: Default::default(),
            },
            git: None,
        }
    }

    fn run(&self, name: &str, text: String, lossy: bool, fix: FixMode) -> Result<Outcome, String> {
        let kind = classify(Path::new(name), &text, true);
        let file = SourceFile {
            path: None,
            display: name.to_owned(),
            kind,
            text,
            lossy,
        };
        guarded(|| self.engine.run_file(file, &RunOptions { fix, ..Default::default() }))
    }

    /// Every oracle but time and memory, on one input.
    pub fn check(&mut self, input: &Input) -> Verdict {
        let mut v = Verdict::default();
        let (text, lossy) = decode(input.bytes.clone());
        let kind_name = classify(Path::new(&input.name), &text, true).as_str();
        let fail = |v: &mut Verdict, oracle: Oracle, cause: &str, detail: String| {
            v.failures.push(Failure::new(oracle, kind_name, cause, detail));
        };
        let report = match self.run(&input.name, text.clone(), lossy, FixMode::Unsafe) {
            Err(p) => {
                fail(
                    &mut v,
                    Oracle::Panic,
                    &panic_cause(&p),
                    format!("the engine panicked (fixes on): {p}"),
                );
                return v;
            }
            Ok(Outcome::Checked(r)) => r,
            Ok(_) => return v,
        };
        v.fixed = report.fixed.is_some();

        // 1. Internal errors the engine caught and reported (our hook saw the panic: its location).
        let caught = take_caught_panic();
        for f in report.findings.iter().filter(|f| f.diagnostic.rule.code == "SS004") {
            let d = &f.diagnostic;
            let (cause, detail) = match &caught {
                Some(p) => (
                    format!("SS004 {}", panic_cause(p)),
                    format!("SS004 internal error: {}\npanic: {p}", d.message),
                ),
                None => (
                    format!("SS004 {}", normalise(&d.message)),
                    format!("SS004 internal error: {}", d.message),
                ),
            };
            fail(&mut v, Oracle::Panic, &cause, detail);
        }

        // 4. Every renderer; JSON and SARIF parse and hold every finding.
        let reports = [&report];
        let mut outputs: Vec<(&str, String)> = Vec::new();
        let rules = self.setup.registry.rules();
        let renders: [(&str, &dyn Fn() -> String); 7] = [
            ("json", &|| render::render_json(&reports, None)),
            ("sarif", &|| render::render_sarif(&reports, rules, "fuzz")),
            ("human", &|| render::render_human(&reports, false, Default::default())),
            ("github", &|| render::render_github(&reports)),
            ("concise", &|| render::render_concise(&reports)),
            ("step-summary", &|| render::render_step_summary(&reports)),
            ("summary", &|| render::summary(&reports)),
        ];
        for (format, render) in renders {
            match guarded(render) {
                Ok(s) => outputs.push((format, s)),
                Err(p) => fail(
                    &mut v,
                    Oracle::Output,
                    &format!("{format} renderer panics: {}", panic_cause(&p)),
                    format!("render_{format} panicked: {p}"),
                ),
            }
        }
        // A compact report (all a check that neither fixes nor diffs keeps of a file) renders alike.
        if report.fixed.is_none() && report.changes.is_empty() {
            let compacted = guarded(|| {
                let mut c = report.clone();
                c.compact();
                c
            });
            match compacted {
                Err(p) => fail(
                    &mut v,
                    Oracle::Output,
                    &format!("compact panics: {}", panic_cause(&p)),
                    format!("FileReport::compact panicked: {p}"),
                ),
                Ok(c) => {
                    let short = [&c];
                    for (format, full) in &outputs {
                        let render: &dyn Fn() -> String = match *format {
                            "json" => &|| render::render_json(&short, None),
                            "sarif" => &|| render::render_sarif(&short, rules, "fuzz"),
                            "human" => &|| render::render_human(&short, false, Default::default()),
                            _ => continue,
                        };
                        if guarded(render).as_ref() != Ok(full) {
                            fail(
                                &mut v,
                                Oracle::Output,
                                &format!("{format} differs once compact"),
                                format!("{format} of the compact report differs from the full report's"),
                            );
                        }
                    }
                }
            }
        }
        let n = report.findings.len();
        for (format, s) in &outputs {
            let pointer = match *format {
                "json" => "/findings",
                "sarif" => "/runs/0/results",
                _ => continue,
            };
            match serde_json::from_str::<serde_json::Value>(s) {
                Err(e) => fail(
                    &mut v,
                    Oracle::Output,
                    &format!("{format} does not parse"),
                    format!("{format} output does not parse: {e}"),
                ),
                Ok(doc) => {
                    let got = doc.pointer(pointer).and_then(|a| a.as_array()).map(Vec::len);
                    if got != Some(n) {
                        fail(
                            &mut v,
                            Oracle::Output,
                            &format!("{format} misses findings"),
                            format!("{format} output has {got:?} findings at {pointer}, the report {n}"),
                        );
                    }
                }
            }
        }

        // 5. The diff applies and gives the fixed text (or is withheld because it would show a secret).
        let mut diff_text = None;
        if let Some(fixed) = &report.fixed {
            match guarded(|| report.diff()) {
                Err(p) => fail(
                    &mut v,
                    Oracle::Diff,
                    &format!("diff panics: {}", panic_cause(&p)),
                    format!("FileReport::diff panicked: {p}"),
                ),
                Ok(None) => fail(&mut v, Oracle::Diff, "no diff", "the report has a fixed text but no diff".into()),
                Ok(Some(Err(_withheld))) => v.diff_withheld = true,
                Ok(Some(Ok(diff))) => {
                    let mine = udiff::apply(&report.text, &diff);
                    match &mine {
                        Err(e) => {
                            let class = e.split(':').next().unwrap_or("");
                            fail(
                                &mut v,
                                Oracle::Diff,
                                &format!("does not apply: {class}"),
                                format!("the diff does not apply: {e}"),
                            );
                        }
                        Ok(t) if t != fixed => fail(
                            &mut v,
                            Oracle::Diff,
                            "applies to a different text",
                            "the diff applies but does not give the fixed text".into(),
                        ),
                        Ok(_) => {}
                    }
                    if let Some(git) = &mut self.git
                        && let Some(r) = git.check(&report.text, &diff, fixed)
                    {
                        v.git_checked = true;
                        let mine_ok = mine.is_ok_and(|t| t == *fixed);
                        match r {
                            Err(e) if mine_ok => fail(&mut v, Oracle::Diff, "git disagrees with the applier", e),
                            Ok(()) if !mine_ok => fail(
                                &mut v,
                                Oracle::Diff,
                                "git applies what the applier refuses",
                                "git apply accepts the diff and gives the fixed text; the strict applier refuses it".into(),
                            ),
                            _ => {}
                        }
                    }
                    diff_text = Some(diff);
                }
            }
        }

        // 5b. shipshape's diff of the seed and its mutation (realistic edits of every kind of line:
        // CRLF, lone CR, no final newline, duplicated blocks) applies too.
        if !input.before.is_empty()
            && input.before.len().max(input.bytes.len()) <= MUTATION_DIFF_LIMIT
            && let (Ok(old), Ok(new)) = (std::str::from_utf8(&input.before), std::str::from_utf8(&input.bytes))
            && old != new
        {
            // Any text: the kind does not matter to a diff.
            let fail_text =
                |v: &mut Verdict, cause: &str, detail: String| v.failures.push(Failure::new(Oracle::Diff, "text", cause, detail));
            match guarded(|| shipshape_core::fix::unified_diff(&input.name, old, &[], new, &[])) {
                Err(p) => fail_text(&mut v, &format!("unified_diff panics: {}", panic_cause(&p)), p.clone()),
                Ok(Err(w)) => fail_text(&mut v, "unified_diff withholds a diff without secrets", w.to_string()),
                Ok(Ok(diff)) => match udiff::apply(old, &diff) {
                    Err(e) => {
                        let class = e.split(':').next().unwrap_or("");
                        fail_text(
                            &mut v,
                            &format!("diff of the mutation does not apply: {class}"),
                            format!("unified_diff(seed, input) does not apply to the seed: {e}"),
                        );
                    }
                    Ok(t) if t != new => fail_text(
                        &mut v,
                        "diff of the mutation applies to a different text",
                        "unified_diff(seed, input) applies but does not give the input".into(),
                    ),
                    Ok(_) => {}
                },
            }
        }

        // 6. Fixes are idempotent and break nothing.
        if let Some(fixed) = &report.fixed {
            match self.run(&input.name, fixed.clone(), false, FixMode::Unsafe) {
                Err(p) => fail(
                    &mut v,
                    Oracle::Panic,
                    &panic_cause(&p),
                    format!("the engine panicked on the fixed text: {p}"),
                ),
                Ok(Outcome::Checked(again)) if again.findings.iter().any(|f| f.diagnostic.rule.code == "SS004") => {
                    let p = take_caught_panic().unwrap_or_default();
                    fail(
                        &mut v,
                        Oracle::Panic,
                        &format!("SS004 {} (fixed text)", panic_cause(&p)),
                        format!("SS004 internal error on the fixed text: {p}"),
                    );
                }
                // The engine bounds the checks it spends verifying fixes; when it stopped early it
                // said so (SS003 "not tried" / "not verified"), and a second `--fix` may go further.
                Ok(Outcome::Checked(again)) if again.fixed.is_some() && !stopped_early(&report) => {
                    let codes = match self.run(&input.name, fixed.clone(), false, FixMode::Off) {
                        Ok(Outcome::Checked(r)) => fix_codes(&r),
                        _ => String::from("?"),
                    };
                    fail(
                        &mut v,
                        Oracle::Fix,
                        &format!("not idempotent: {codes}"),
                        format!(
                            "fixing the fixed text changes it again ({} more fixes: {codes})",
                            again.fixes_applied
                        ),
                    );
                }
                Ok(_) => {}
            }
            if let Ok(Outcome::Checked(before)) = self.run(&input.name, text.clone(), lossy, FixMode::Off) {
                let (b, a) = (breakage(&before), breakage(&report));
                if a.parse_errors.len() > b.parse_errors.len() {
                    fail(
                        &mut v,
                        Oracle::Fix,
                        &format!("adds parse errors: {}", a.parse_errors.join(",")),
                        format!("parse errors before fixing {:?}, after {:?}", b.parse_errors, a.parse_errors),
                    );
                }
                if a.duplicate_keys.len() > b.duplicate_keys.len() {
                    fail(
                        &mut v,
                        Oracle::Fix,
                        &format!("adds duplicate keys: {}", a.duplicate_keys.join(",")),
                        format!(
                            "duplicate-key findings before fixing {:?}, after {:?}",
                            b.duplicate_keys, a.duplicate_keys
                        ),
                    );
                }
            }
        }

        // 7. No planted secret that the report calls a secret shows anywhere.
        if !input.planted.is_empty() {
            let current = report.located();
            if let Some(diff) = diff_text {
                outputs.push(("diff", diff));
            }
            for value in &input.planted {
                let occurrences: Vec<(usize, usize)> = current.match_indices(value.as_str()).map(|(i, s)| (i, i + s.len())).collect();
                if occurrences.is_empty() {
                    continue;
                }
                let overlaps = |s: Span| occurrences.iter().any(|&(a, b)| s.start < b && a < s.end.max(s.start + 1));
                let covering = report
                    .findings
                    .iter()
                    .map(|f| &f.diagnostic)
                    .find(|d| (d.secret || d.rule.code.starts_with("SEC")) && overlaps(d.span));
                // The report's own list of secret values counts too (it includes suppressed findings).
                let by = match covering {
                    Some(d) if d.secret => Some(d.rule.code.to_owned()),
                    Some(d) => Some(format!("{}, not marked secret", d.rule.code)),
                    None if report.secrets.iter().any(|s| overlaps(*s)) => Some("report.secrets".to_owned()),
                    None => None,
                };
                let shown: Vec<&str> = outputs
                    .iter()
                    .filter(|(_, out)| out.contains(value.as_str()))
                    .map(|(f, _)| *f)
                    .collect();
                v.planted.push((secret_kind(value), by.is_some(), !shown.is_empty()));
                let Some(by) = by else { continue };
                if !shown.is_empty() {
                    let formats = shown.join(", ");
                    fail(
                        &mut v,
                        Oracle::Secrets,
                        &format!("shown in {formats} ({by})"),
                        format!("the planted secret {value:?}, reported as secret by {by}, shows in: {formats}"),
                    );
                }
            }
        }
        v
    }
}

/// What kind of synthetic secret a planted value is, from its shape (see `mutate::plant`).
pub fn secret_kind(value: &str) -> &'static str {
    match value.len() {
        _ if value.starts_with("AKIA") => "aws-key-id",
        _ if value.starts_with("ghp_") => "github-token",
        40 => "aws-secret-key",
        64 => "rsa-key-line",
        20 => "password",
        _ => "other",
    }
}

/// The codes of findings that carry a fix, sorted and unique.
fn fix_codes(report: &FileReport) -> String {
    let mut codes: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.diagnostic.fix.is_some())
        .map(|f| f.diagnostic.rule.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(",")
}

/// Whether the fix loop stopped before it had tried every fix: its verification budget ran out, or
/// it gave up on a rule whose fixes kept failing (both reported as `SS003`).
fn stopped_early(report: &shipshape_core::engine::FileReport) -> bool {
    report.findings.iter().any(|f| {
        f.diagnostic.rule.code == "SS003" && (f.diagnostic.message.contains("not tried:") || f.diagnostic.message.contains("not verified:"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_group_offsets() {
        let a = panic_cause("byte index 5 is not a char boundary\n  at src/a.rs:1:2\n  frames:");
        let b = panic_cause("byte index 7 is not a char boundary\n  at src/a.rs:1:2\n  frames:");
        assert_eq!(a, b);
        assert_eq!(normalise("line 12 col 3"), "line N col N");
    }

    #[test]
    fn a_caught_panic_is_reported() {
        let r: Result<(), String> = guarded(|| panic!("boom {}", 1));
        let e = r.unwrap_err();
        assert!(e.starts_with("boom 1"), "{e}");
        assert!(e.contains("oracle.rs"), "{e}");
    }
}
