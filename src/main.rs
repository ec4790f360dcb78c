//! The `shipshape` binary: the CLI wires the library crates together. No rule logic lives here.
// This crate owns the disk; domain crates read through the SourceTree (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use clap::{Parser, Subcommand, ValueEnum};
use shipshape_check::{Domains, Input, Options, Workspace};
use shipshape_core::Severity;
use shipshape_core::config::CliSelection;
use shipshape_core::engine::FixMode;
use shipshape_core::rule::Registry;
use shipshape_render as render;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod docs;
mod dupes;
mod init;
mod lsp;
mod mcp;
mod report;
mod review;

const EXAMPLES: &str = "Examples:
  shipshape check .                        audit every infrastructure file below .
  shipshape check --fix .                  apply safe fixes in place
  shipshape check --diff Dockerfile        show what --fix would change
  shipshape check --format sarif . > shipshape.sarif
  shipshape check --select DF --ignore DF046 .
  cat Dockerfile | shipshape check - --stdin-filename Dockerfile
  shipshape rules --format markdown        every rule, as a table
  shipshape explain DF015                  what a rule checks and why";

#[derive(Parser)]
#[command(name = "shipshape", version, about = "A senior DevOps engineer in one offline binary: audits Dockerfiles and other infrastructure files, and fixes what is safe to fix.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit files and directories (default: the current directory).
    #[command(after_help = EXAMPLES)]
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Show a rule's documentation.
    Explain {
        /// A rule code (DF015) or name (apt-no-install-recommends).
        rule: String,
    },
    /// Detect the stack and write its Dockerfile, Compose and CI files, checked before writing.
    Init(Box<init::InitArgs>),
    /// Find duplicated CI and container configuration across files and repositories, and the
    /// abstraction (composite action, reusable workflow, anchor, base image…) that removes it.
    Dupes(Box<dupes::DupesArgs>),
    /// The risk of a change between two git revisions: what it changes per file kind, the
    /// findings it introduces and fixes, a risk level, approval and rollback steps.
    Review(Box<review::ReviewArgs>),
    /// The state of a project's infrastructure: a DevOps Setup Report (areas, problems ranked,
    /// fixes and generated files proposed, a plan in phases) as Markdown, HTML or JSON.
    Report(Box<report::ReportArgs>),
    /// Combine the JSON or SARIF reports of a sharded run (`check --shard I/N`) into one: findings
    /// in path order, duplicates removed, statistics summed.
    Merge {
        /// The shards' reports (`--format json` or `--format sarif`, all of one format).
        #[arg(required = true)]
        reports: Vec<PathBuf>,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the JSON Schema of `shipshape.toml` (published as docs/shipshape.schema.json), for
    /// editors that complete and check TOML against a schema.
    ConfigSchema,
    /// Serve the checks to AI agents: a Model Context Protocol server on stdin/stdout.
    Mcp,
    /// Diagnostics, fixes and explanations in the editor: a Language Server on stdin/stdout.
    Server,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    /// JUnit XML: a test case per rule and file.
    Junit,
    /// GitLab Code Quality JSON, for merge requests.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// A Markdown table, for pull-request comments.
    Markdown,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories; `-` reads standard input.
    paths: Vec<PathBuf>,
    /// Apply safe fixes in place.
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of the fixes instead of writing them.
    #[arg(long)]
    diff: bool,
    /// Output format (default: human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Rules to run (codes, prefixes, names or ALL), replacing the defaults.
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules to add to the selection.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules to skip.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Report only findings at or above this severity.
    #[arg(long, value_parser = parse_severity)]
    min_severity: Option<Severity>,
    /// Report only findings at or above this confidence (low, medium, high).
    #[arg(long, value_parser = parse_confidence)]
    min_confidence: Option<shipshape_core::Confidence>,
    /// Exit 1 only for findings at or above this severity (default: warning).
    #[arg(long, value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// The Kubernetes release manifests are applied to (1.25 to 1.37; default: the newest).
    #[arg(long, value_name = "VERSION", value_parser = shipshape_core::config::parse_kubernetes_version)]
    kubernetes_version: Option<u16>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Report only findings not in this baseline file.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Write every current finding to a baseline file.
    #[arg(long)]
    write_baseline: Option<PathBuf>,
    /// Use this config file.
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    no_config: bool,
    /// The file name to classify standard input by.
    #[arg(long)]
    stdin_filename: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Print findings only, no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Print counts of files by kind and findings by rule (in the document with `--format json`).
    #[arg(long)]
    statistics: bool,
    /// Apply the config's `exclude` to files named on the command line too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    /// Check a git revision (a commit, branch or tag: `HEAD~1`, `main`) of the repository, read from
    /// its objects without a checkout, instead of the working directory's files.
    #[arg(long, value_name = "REV", conflicts_with_all = ["fix", "diff", "write_baseline"])]
    rev: Option<String>,
    /// Never show the progress bar (shown on a terminal when a run takes more than a moment).
    #[arg(long)]
    no_progress: bool,
    /// Check only shard I of N (from 1): a deterministic split of the files found by a hash of their
    /// paths, for a CI matrix; `shipshape merge` combines the shards' JSON or SARIF reports.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<shipshape_check::Shard>,
    /// Show human output file by file (default) or rule by rule.
    #[arg(long, value_enum, default_value = "file")]
    group_by: GroupBy,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum GroupBy {
    File,
    Rule,
}

fn parse_shard(s: &str) -> Result<shipshape_check::Shard, String> {
    shipshape_check::Shard::parse(s).ok_or_else(|| format!("`{s}` is not a shard: write I/N with 1 ≤ I ≤ N (`2/4`)"))
}

fn parse_confidence(s: &str) -> Result<shipshape_core::Confidence, String> {
    shipshape_core::Confidence::parse(s).ok_or_else(|| format!("`{s}` is not a confidence (low, medium, high)"))
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not a severity (info, warning, error)"))
}

fn registry() -> (Registry, Domains) {
    let domains = Domains::default();
    (domains.registry(), domains)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules { format } => {
            let (reg, _) = registry();
            let text = match format {
                RulesFormat::Text => docs::rules_text(&reg),
                RulesFormat::Json => docs::rules_json(&reg),
                RulesFormat::Markdown => docs::rules_markdown(&reg),
            };
            emit(&text).map(|()| ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let (reg, _) = registry();
            // A peer's code (`DL3008`, `CKV_K8S_20`) explains every rule that declares it.
            let metas: Vec<_> = match reg.get(&rule) {
                Some(meta) => vec![meta],
                None => reg.by_peer_code(&rule).collect(),
            };
            if metas.is_empty() {
                Err(format!("unknown rule `{rule}`; `shipshape rules` lists them"))
            } else {
                let text: Vec<String> = metas.into_iter().map(docs::explain).collect();
                emit(&text.join("\n")).map(|()| ExitCode::SUCCESS)
            }
        }
        Command::Init(args) => init::run(*args),
        Command::Dupes(args) => dupes::run(*args),
        Command::Review(args) => review::run(*args),
        Command::Report(args) => report::run(*args),
        Command::Mcp => mcp::serve().map(|()| ExitCode::SUCCESS),
        Command::Server => lsp::serve().map(|()| ExitCode::SUCCESS),
        Command::Merge { reports } => {
            let mut texts = Vec::new();
            for p in &reports {
                let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
                match text {
                    Ok(t) => texts.push((p.display().to_string(), t)),
                    Err(e) => {
                        let _ = writeln!(anstream::stderr(), "shipshape: error: {e}");
                        return ExitCode::from(2);
                    }
                }
            }
            render::merge(&texts).and_then(|(_, merged)| emit_raw(merged.as_bytes()).map(|()| ExitCode::SUCCESS))
        }
        Command::ConfigSchema => {
            let (reg, _) = registry();
            let schema = shipshape_core::config::json_schema(&reg);
            let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string());
            text.and_then(|t| emit(&(t + "\n"))).map(|()| ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "shipshape", &mut buf);
            emit(&String::from_utf8_lossy(&buf)).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            let _ = writeln!(anstream::stderr(), "shipshape: error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Write bytes to standard output as they are: diffs and fixed files are data, never styled text
/// (the styling layer would strip control bytes when stdout is not a terminal).
fn emit_raw(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn emit(text: &str) -> Result<(), String> {
    Stdout::default().write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let options = Options {
        selection: CliSelection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            extend_select: args.extend_select.clone(),
            min_severity: args.min_severity,
            min_confidence: args.min_confidence,
            fail_on: args.fail_on,
            kubernetes_minor: args.kubernetes_version,
        },
        config: args.config.clone(),
        no_config: args.no_config,
        force_exclude: args.force_exclude,
        fix: match (args.fix || args.diff, args.unsafe_fixes) {
            (false, _) => FixMode::Off,
            (true, false) => FixMode::Safe,
            (true, true) => FixMode::Unsafe,
        },
        baseline: args.baseline.clone(),
        jobs: args.jobs,
        revision: args.rev.clone(),
        revision_tree: None,
        shard: args.shard,
        // Neither fixes nor diffs: each file keeps only what its findings' rendering needs.
        compact: !(args.fix || args.diff),
        progress: None,
    };
    let tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if tty { OutputFormat::Human } else { OutputFormat::Concise });
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    // The output is written as the files are checked, chunk by chunk, and kept by no one; fixed
    // files wait in a spill until every file is checked: memory does not grow with the tree.
    // Standard input (one file, written back by `--fix -`) is checked whole.
    let streamed = !stdin;
    // A progress bar on a terminal's stderr, once the run has taken more than a moment (not over
    // findings written to the same terminal as they are found).
    let over_findings = streamed && tty && !matches!(format, OutputFormat::Human | OutputFormat::Junit | OutputFormat::Markdown);
    let show_progress = !args.no_progress && !args.quiet && !over_findings && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| Arc::new(shipshape_core::engine::Progress::default()));
    let options = Options {
        progress: progress.clone(),
        ..options
    };
    let bar = progress.map(ProgressBar::start);
    let workspace = Workspace::open(options).map_err(|e| e.to_string())?;
    let reg = workspace.registry();
    let mut inputs = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            inputs.push(Input::Content {
                name: args.stdin_filename.clone(),
                bytes,
            });
        } else {
            inputs.push(Input::Path(p.clone()));
        }
    }
    if streamed {
        return check_streamed(&workspace, &inputs, &args, format, bar);
    }
    // Standard input is one file: checked, fixed and rendered at once.
    let run = workspace.check(&inputs).map_err(|e| e.to_string());
    if let Some(bar) = bar {
        bar.finish();
    }
    let run = run?;
    let found = run.found_infrastructure();
    let reports = run.reports();

    if let Some(path) = &args.write_baseline {
        return write_baseline(path, &run.baseline());
    }

    let mut err = anstream::stderr();
    if args.diff {
        let mut out = String::new();
        let diffs = run.diffs();
        for (display, diff) in &diffs {
            match diff {
                Ok(d) => out.push_str(d),
                Err(withheld) => {
                    let _ = writeln!(err, "shipshape: {display}: diff withheld: {withheld}");
                }
            }
        }
        emit_raw(out.as_bytes())?;
        let changed = !diffs.is_empty();
        return Ok(if changed && !args.exit_zero {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    // A file that cannot be written (it vanished, its folder is read-only) is reported and the
    // other files are still written; the run then exits 2.
    let (mut fixed_count, mut write_failures) = (0, 0);
    if args.fix {
        let (written, failures) = run.write_fixes();
        fixed_count = written;
        write_failures = failures.len();
        for f in failures {
            let _ = writeln!(err, "shipshape: error: cannot write the fixes of {}: {}", f.path.display(), f.error);
        }
        // Standard input is written back fixed, or unchanged, so `--fix -` works as a filter.
        for r in reports.iter().filter(|r| r.path.is_none()) {
            emit_raw(r.fixed.as_deref().unwrap_or(&r.text).as_bytes())?;
        }
    }

    let stats = &run.statistics;
    let counts = render::Counts::of(&reports);
    // What closes human and concise output: the summary by rule, or why nothing was checked.
    let closing = closing(&args, stats, found, || render::summary(&reports));
    let grouping = match args.group_by {
        GroupBy::File => render::Grouping::File,
        GroupBy::Rule => render::Grouping::Rule,
    };
    let text = match format {
        OutputFormat::Human => {
            let mut s = render::render_human(&reports, true, grouping);
            if !args.quiet {
                s.push_str(&closing);
            }
            s
        }
        OutputFormat::Concise => {
            if !args.quiet {
                let _ = err.write_all(closing.as_bytes());
            }
            render::render_concise(&reports)
        }
        OutputFormat::Json => render::render_json(&reports, args.statistics.then_some(stats)),
        OutputFormat::Sarif => render::render_sarif(&reports, reg.rules(), env!("CARGO_PKG_VERSION")),
        OutputFormat::Github => {
            step_summary(&render::Tally::of(&reports));
            render::render_github(&reports)
        }
        OutputFormat::Junit => render::render_junit(&reports),
        OutputFormat::Gitlab => render::render_gitlab(&reports),
        OutputFormat::Checkstyle => render::render_checkstyle(&reports),
        OutputFormat::Markdown => render::render_markdown(&reports),
    };
    if !(stdin && args.fix) {
        emit(&text)?;
    }
    if args.fix && !args.quiet {
        fix_notes(fixed_count, counts.unsafe_fixable, args.unsafe_fixes);
    }
    counts_to_stderr(&args, format, stats, reg);
    if write_failures > 0 {
        return Ok(ExitCode::from(2));
    }
    Ok(if run.failing() && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What closes human and concise output: the summary by rule, or why nothing was checked.
fn closing(args: &CheckArgs, stats: &shipshape_core::engine::Statistics, found: bool, summary: impl FnOnce() -> String) -> String {
    if found {
        return summary();
    }
    let searched: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let looked = stats.by_kind.values().sum::<usize>() + stats.skipped.values().sum::<usize>();
    format!(
        "No infrastructure file found in {} ({looked} file{} looked at): nothing was checked.\n",
        searched.join(", "),
        if looked == 1 { "" } else { "s" }
    )
}

/// On stderr: the files not checked, or with `--statistics` (outside JSON) every count.
fn counts_to_stderr(args: &CheckArgs, format: OutputFormat, stats: &shipshape_core::engine::Statistics, reg: &Registry) {
    let mut err = anstream::stderr();
    if !args.statistics && !args.quiet && !stats.skipped.is_empty() {
        let n: usize = stats.skipped.values().sum();
        let why: Vec<String> = stats.skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(
            err,
            "Not checked: {n} file{} ({}); `--statistics` counts them.",
            if n == 1 { "" } else { "s" },
            why.join(", ")
        );
    }
    if args.statistics && format != OutputFormat::Json {
        let mut s = String::from("Files by kind:\n");
        for (k, n) in &stats.by_kind {
            s.push_str(&format!("  {n:>6}  {k}\n"));
        }
        s.push_str(&format!("Audited: {}\n", stats.audited));
        for (k, n) in &stats.skipped {
            s.push_str(&format!("Skipped ({k}): {n}\n"));
        }
        if !stats.by_rule.is_empty() {
            s.push_str("Findings by rule:\n");
            for (k, n) in &stats.by_rule {
                let name = reg.get(k).map_or("", |r| r.name);
                s.push_str(&format!("  {n:>6}  {k} {name}\n"));
            }
        }
        let _ = err.write_all(s.as_bytes());
    }
}

/// A check written as the files are checked
/// ([`Workspace::check_streaming`]): the same bytes as rendering the whole run at once, with only
/// the counts (and what each format's end needs) kept.
/// Write a baseline and say how to use it.
fn write_baseline(path: &std::path::Path, b: &shipshape_core::baseline::Baseline) -> Result<ExitCode, String> {
    std::fs::write(path, b.to_json()).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
    let n = b.findings.len();
    let _ = writeln!(
        anstream::stderr(),
        "Wrote {n} finding{} to the baseline {}; `--baseline {}` hides them.",
        if n == 1 { "" } else { "s" },
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// What a fixing run says when it is done: how many fixes it wrote, and how many more the unsafe
/// fixes would make.
fn fix_notes(fixed: usize, unsafe_fixable: usize, unsafe_fixes: bool) {
    let mut err = anstream::stderr();
    if fixed > 0 {
        let _ = writeln!(err, "Fixed {fixed} finding{}.", if fixed == 1 { "" } else { "s" });
    }
    if unsafe_fixable > 0 && !unsafe_fixes {
        let _ = writeln!(
            err,
            "{unsafe_fixable} more finding{} can be fixed with `--fix --unsafe-fixes` (review what it changes: `--diff --unsafe-fixes`).",
            if unsafe_fixable == 1 { "" } else { "s" }
        );
    }
}

fn check_streamed(
    workspace: &Workspace,
    inputs: &[Input],
    args: &CheckArgs,
    format: OutputFormat,
    bar: Option<ProgressBar>,
) -> Result<ExitCode, String> {
    let kind = match format {
        OutputFormat::Human if args.group_by == GroupBy::Rule => render::StreamFormat::HumanByRule,
        OutputFormat::Human => render::StreamFormat::Human,
        OutputFormat::Concise => render::StreamFormat::Concise,
        OutputFormat::Json => render::StreamFormat::Json,
        OutputFormat::Sarif => render::StreamFormat::Sarif,
        OutputFormat::Github => render::StreamFormat::Github,
        OutputFormat::Junit => render::StreamFormat::Junit,
        OutputFormat::Gitlab => render::StreamFormat::Gitlab,
        OutputFormat::Checkstyle => render::StreamFormat::Checkstyle,
        OutputFormat::Markdown => render::StreamFormat::Markdown,
    };
    // A run writes its report, or a baseline (nothing else), or diffs (nothing else).
    let mut baseline: Option<Vec<shipshape_core::baseline::BaselineEntry>> = args.write_baseline.is_some().then(Vec::new);
    let mut stream = (baseline.is_none() && !args.diff).then(|| render::stream(kind));
    let mut staged = shipshape_check::StagedFixes::default();
    let mut changed = false;
    let mut out = Stdout::default();
    let mut tally = render::Tally::default();
    let mut worst: Option<Severity> = None;
    let mut found = false;
    let mut failed: Option<String> = None;
    let mut sink = |outcomes: Vec<shipshape_core::engine::Outcome>| {
        let reports: Vec<&shipshape_core::engine::FileReport> = outcomes.iter().filter_map(|o| o.report()).collect();
        found |= outcomes.iter().any(shipshape_check::is_infrastructure) || reports.iter().any(|r| !r.findings.is_empty());
        tally.add(&reports);
        worst = worst.max(reports.iter().flat_map(|r| &r.findings).map(|f| f.diagnostic.severity).max());
        if failed.is_some() {
            return;
        }
        if let Some(entries) = &mut baseline {
            entries.extend(shipshape_check::baseline_entries(&reports));
        }
        if args.diff {
            staged.add_changes(&reports);
            for r in &reports {
                match r.diff() {
                    Some(Ok(d)) => {
                        changed = true;
                        if let Err(e) = emit_raw(d.as_bytes()) {
                            failed = Some(e);
                        }
                    }
                    Some(Err(withheld)) => {
                        changed = true;
                        let _ = writeln!(anstream::stderr(), "shipshape: {}: diff withheld: {withheld}", r.display);
                    }
                    None => {}
                }
            }
        } else if args.fix
            && let Err(e) = staged.add(&reports)
        {
            failed = Some(format!("cannot keep the fixes until the end of the run: {e}"));
        }
        if let Some(stream) = &mut stream
            && let Err(e) = stream.push(&reports, &mut out)
        {
            failed = Some(format!("cannot write the report: {e}"));
        }
    };
    let run = workspace.check_streaming(inputs, &mut sink).map_err(|e| e.to_string());
    if let Some(bar) = bar {
        bar.finish();
    }
    let run = run?;
    if let Some(e) = failed {
        return Err(e);
    }
    if let (Some(path), Some(findings)) = (&args.write_baseline, baseline) {
        return write_baseline(path, &shipshape_core::baseline::Baseline { version: 1, findings });
    }
    if args.diff {
        for (display, diff) in staged.planned_diffs() {
            changed = true;
            match diff {
                Ok(d) => emit_raw(d.as_bytes())?,
                Err(withheld) => {
                    let _ = writeln!(anstream::stderr(), "shipshape: {display}: diff withheld: {withheld}");
                }
            }
        }
        return Ok(if changed && !args.exit_zero {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let Some(stream) = stream else {
        return Ok(ExitCode::SUCCESS);
    };
    // A file that cannot be written (it vanished, its folder is read-only) is reported and the
    // other files are still written; the run then exits 2.
    let (mut write_failures, mut fixed) = (0, 0);
    if args.fix {
        let (written, failures) = staged.write();
        write_failures = failures.len();
        for f in failures {
            let _ = writeln!(
                anstream::stderr(),
                "shipshape: error: cannot write the fixes of {}: {}",
                f.path.display(),
                f.error
            );
        }
        fixed = written;
    }
    let stats = &run.statistics;
    let end = render::End {
        statistics: args.statistics.then_some(stats),
        version: env!("CARGO_PKG_VERSION"),
    };
    stream.finish(&end, &mut out).map_err(|e| format!("cannot write the report: {e}"))?;
    if format == OutputFormat::Github {
        step_summary(&tally);
    }
    if !args.quiet {
        let text = closing(args, stats, found, || tally.summary());
        match format {
            OutputFormat::Human => out.write_all(text.as_bytes()).map_err(|e| e.to_string())?,
            OutputFormat::Concise => {
                let _ = anstream::stderr().write_all(text.as_bytes());
            }
            _ => {}
        }
    }
    if args.fix && !args.quiet {
        fix_notes(fixed, tally.counts.unsafe_fixable, args.unsafe_fixes);
    }
    counts_to_stderr(args, format, stats, workspace.registry());
    if write_failures > 0 {
        return Ok(ExitCode::from(2));
    }
    let failing = worst.is_some_and(|w| w >= run.fail_on);
    Ok(if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The step summary (Markdown) of a `github` run, when the runner offers one: annotations are
/// capped per step.
fn step_summary(tally: &render::Tally) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(tally.step_summary().as_bytes()));
    if let Err(e) = written {
        let _ = writeln!(anstream::stderr(), "shipshape: cannot write the step summary: {e}");
    }
}

/// Standard output for streamed reports: styles kept on a terminal only, each write flushed, and a
/// closed pipe (`| head`) ends the output quietly, the run going on to its exit code.
struct Stdout {
    out: anstream::Stdout,
    closed: bool,
}

impl Default for Stdout {
    fn default() -> Self {
        Self {
            out: anstream::stdout(),
            closed: false,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            let out = &mut self.out;
            match out.write_all(buf).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
                other => other?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The progress bar of a long check: a thread that waits a moment (a short run shows nothing),
/// then draws files checked out of files found so far on stderr until the run ends, and clears it.
struct ProgressBar {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl ProgressBar {
    fn start(progress: Arc<shipshape_core::engine::Progress>) -> Self {
        use std::sync::atomic::Ordering::Relaxed;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let tick = std::time::Duration::from_millis(100);
            let started = std::time::Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !stopped.load(Relaxed) {
                std::thread::sleep(tick);
                let total = progress.total.load(Relaxed);
                if bar.is_none() && started.elapsed() >= std::time::Duration::from_millis(750) && total > 0 {
                    let b = indicatif::ProgressBar::new(total as u64);
                    let style =
                        indicatif::ProgressStyle::with_template("{spinner} checking {human_pos}/{human_len} files [{bar:30}] {eta} left")
                            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                            .progress_chars("=> ");
                    b.set_style(style);
                    bar = Some(b);
                }
                if let Some(b) = &bar {
                    // Files are found as the run goes: the total grows until the walk is done.
                    b.set_length(progress.total.load(Relaxed) as u64);
                    b.set_position(progress.done.load(Relaxed) as u64);
                }
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        Self { stop, thread }
    }

    fn finish(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.thread.join();
    }
}
