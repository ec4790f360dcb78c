//! `shipshape report`: the front-end of shipshape-report.

use shipshape_report::{Options, render};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReportArgs {
    /// The project (default: the current directory).
    paths: Vec<PathBuf>,
    /// `markdown` (the DevOps Setup Report), `html` (one self-contained file) or `json`.
    #[arg(long, value_enum, default_value = "markdown")]
    format: Format,
    /// Rules to run (codes, prefixes, names or ALL), replacing the defaults.
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules to skip.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Html,
    Json,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, String> {
    let mut check = shipshape_check::Options::default();
    check.selection.select = args.select;
    check.selection.ignore = args.ignore;
    let report = shipshape_report::report(&Options { paths: args.paths, check })?;
    let text = match args.format {
        Format::Markdown => render::markdown(&report),
        Format::Html => render::html(&report),
        Format::Json => render::json(&report),
    };
    crate::emit(&text)?;
    Ok(ExitCode::SUCCESS)
}
