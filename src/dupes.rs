//! `shipshape dupes`: the front-end of shipshape-dupes.

use shipshape_dupes::{Options, render};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct DupesArgs {
    /// Repositories, folders or files (default: the current directory). Several repositories are
    /// compared with each other.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Smallest region worth abstracting, in lines of non-boilerplate steps or instructions.
    #[arg(long, default_value_t = 8)]
    min_lines: u32,
    /// ...or in non-boilerplate steps, script lines or instructions.
    #[arg(long, default_value_t = 3)]
    min_steps: u32,
    /// Copies needed for a cluster.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(2..))]
    min_occurrences: u32,
    /// Share of a region's text its copies have in common (0–1): copies differing in a version
    /// or an image agree on most of it.
    #[arg(long, default_value_t = 0.8)]
    min_similarity: f64,
    /// Write the fingerprint index of PATHS to FILE instead of a report (one per repository, in
    /// its own CI job; `--index` merges them).
    #[arg(long, value_name = "FILE")]
    index_out: Option<PathBuf>,
    /// Cluster across indexes written by `--index-out` (and PATHS, if given), without the sources.
    #[arg(long, value_name = "FILE")]
    index: Vec<PathBuf>,
    /// Apply the proposals that keep behaviour (composite actions for repeated workflow steps,
    /// `x-` fragments for entries Compose services repeat): create the abstraction, rewrite every
    /// copy, each file atomically.
    #[arg(long, conflicts_with_all = ["index_out", "index"])]
    write: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Markdown,
    Sarif,
}

pub fn run(args: DupesArgs) -> Result<ExitCode, String> {
    if !(0.0..=1.0).contains(&args.min_similarity) {
        return Err(format!("--min-similarity must be between 0 and 1, not {}", args.min_similarity));
    }
    let paths = if args.paths.is_empty() && args.index.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for p in &paths {
        if !p.exists() {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    let opts = Options {
        min_lines: args.min_lines,
        min_steps: args.min_steps,
        min_occurrences: args.min_occurrences as usize,
        min_similarity: args.min_similarity,
    };
    let mut indexes = Vec::new();
    for f in &args.index {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let ix: shipshape_dupes::Index =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a shipshape dupes index: {e}", f.display()))?;
        indexes.push(ix);
    }
    if !paths.is_empty() {
        indexes.push(shipshape_dupes::index(shipshape_dupes::collect(&paths).map_err(|e| e.to_string())?));
    }
    let merged = shipshape_dupes::merge(indexes).map_err(|e| e.to_string())?;
    if let Some(out) = &args.index_out {
        let json = serde_json::to_string(&merged).map_err(|e| e.to_string())?;
        let written = if out.exists() {
            shipshape_core::fix::write_atomic(out, &json)
        } else {
            shipshape_core::fix::create_atomic(out, &json)
        };
        written.map_err(|e| format!("{}: {e}", out.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = shipshape_dupes::report(merged, &opts);
    let text = match args.format {
        Format::Human => render::human(&report),
        Format::Json => render::json(&report),
        Format::Markdown => render::markdown(&report),
        Format::Sarif => render::sarif(&report),
    };
    crate::emit(&text)?;
    if args.write {
        let mut written = Vec::new();
        for (i, files) in shipshape_dupes::writes(&report) {
            for f in &files {
                let path = std::path::Path::new(&f.path);
                if f.create {
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    }
                    shipshape_core::fix::create_atomic(path, &f.text)
                } else {
                    shipshape_core::fix::write_atomic(path, &f.text)
                }
                .map_err(|e| format!("{}: {e}", f.path))?;
            }
            written.push(format!(
                "cluster {}: {} ({})",
                i + 1,
                report.clusters[i].proposal.kind.as_str(),
                files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        let writable = report.clusters.iter().filter(|c| c.writes.is_some()).count();
        let mut err = anstream::stderr();
        let _ = writeln!(err, "Wrote {} of {} clusters:", written.len(), report.clusters.len());
        for w in &written {
            let _ = writeln!(err, "  {w}");
        }
        // One cluster per file a run: the others are computed on the text before this write.
        let deferred = writable - written.len();
        if deferred > 0 {
            let _ = writeln!(
                err,
                "{deferred} more touch a file written now: run `shipshape dupes --write` again to apply them."
            );
        }
        let manual = report.clusters.len() - writable;
        if manual > 0 {
            let _ = writeln!(
                err,
                "{manual} cannot be written keeping behaviour as they are (their proposals say what to change by hand)."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
