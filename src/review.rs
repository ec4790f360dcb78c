//! `shipshape review`: the front-end of shipshape-review.

use shipshape_review::{Options, render};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// Only changes under these paths (default: the whole repository).
    paths: Vec<PathBuf>,
    /// The revision to compare with (default: where HEAD left the default branch).
    #[arg(long)]
    base: Option<String>,
    /// The revision under review (default: the working tree, untracked files included).
    #[arg(long)]
    head: Option<String>,
    /// A Terraform plan (`terraform show -json plan.out > plan.json`) to classify; repeatable.
    #[arg(long, value_name = "FILE")]
    plan: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when the change introduces findings (`new`: any; `error`, `warning`: at or above
    /// that severity), or when its risk reaches a level (`high`, `critical`).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Rules to run (codes, prefixes, names or ALL), replacing the defaults.
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules to skip.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Markdown,
    Json,
    Sarif,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
enum FailOn {
    New,
    Error,
    Warning,
    High,
    Critical,
}

pub fn run(args: ReviewArgs) -> Result<ExitCode, String> {
    let mut check = shipshape_check::Options::default();
    check.selection.select = args.select;
    check.selection.ignore = args.ignore;
    let opts = Options {
        base: args.base,
        head: args.head,
        paths: args.paths,
        plans: args.plan,
        check,
        dir: None,
    };
    let review = shipshape_review::review(&opts)?;
    let text = match args.format {
        Format::Human => render::human(&review),
        Format::Markdown => render::markdown(&review),
        Format::Json => render::json(&review),
        Format::Sarif => render::sarif(&review, env!("CARGO_PKG_VERSION")),
    };
    crate::emit(&text)?;
    use shipshape_core::Severity;
    use shipshape_review::changes::Risk;
    let introduced = || review.findings.new.iter().chain(&review.findings.escalated);
    let fail = match args.fail_on {
        None => false,
        Some(FailOn::New) => introduced().next().is_some(),
        Some(FailOn::Error) => introduced().any(|f| f.severity >= Severity::Error),
        Some(FailOn::Warning) => introduced().any(|f| f.severity >= Severity::Warning),
        Some(FailOn::High) => review.risk >= Risk::High,
        Some(FailOn::Critical) => review.risk >= Risk::Critical,
    };
    Ok(if fail { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
