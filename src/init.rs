//! `shipshape init`: the front-end of shipshape-generate.

use shipshape_generate::{Action, Choices, Family, Forge, InitOptions, Plan};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct InitArgs {
    /// The repository to write infrastructure for.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Print what was detected, with the evidence for each fact, and write nothing.
    #[arg(long)]
    explain: bool,
    /// Output format of --explain and --dry-run.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Show what would be written as unified diffs, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Overwrite files that exist.
    #[arg(long)]
    force: bool,
    /// Write only these families (dockerfile, compose, ci, k8s, monitoring, deploy).
    #[arg(long, value_delimiter = ',', value_parser = parse_family)]
    only: Vec<Family>,
    /// The port every service listens on (default: detected).
    #[arg(long)]
    port: Option<u16>,
    /// The Python version (`3.13`; default: detected).
    #[arg(long)]
    python: Option<String>,
    /// The Node major version (`22`; default: detected).
    #[arg(long)]
    node: Option<String>,
    /// The Go version (`1.25`; default: go.mod's).
    #[arg(long)]
    go: Option<String>,
    /// The Java release (`21`; default: detected).
    #[arg(long)]
    java: Option<String>,
    /// The image registry the images are pushed to (default: ghcr.io for GitHub,
    /// registry.gitlab.com for GitLab).
    #[arg(long)]
    registry: Option<String>,
    /// The forge whose CI to write: GitHub Actions workflows or a GitLab CI pipeline.
    #[arg(long, value_enum, default_value = "github")]
    ci: Ci,
    /// Also write a deploy pipeline: staging from main, production from version tags, each a
    /// protected environment behind the tests and the image scan.
    #[arg(long)]
    deploy: bool,
    /// Read templates from this folder where it has a file of the same name (`shipshape init
    /// --list-templates` names them).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// List the template names and exit.
    #[arg(long)]
    list_templates: bool,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
enum Ci {
    Github,
    Gitlab,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

fn parse_family(s: &str) -> Result<Family, String> {
    Family::parse(s).ok_or_else(|| format!("`{s}` is not a family (dockerfile, compose, ci, k8s, monitoring, deploy)"))
}

pub fn run(args: InitArgs) -> Result<ExitCode, String> {
    if args.list_templates {
        let names: Vec<&str> = shipshape_generate::generate::template_names().collect();
        super::emit(&(names.join("\n") + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    if !args.dir.is_dir() {
        return Err(format!("{}: not a directory", args.dir.display()));
    }
    let mut runtime = Vec::new();
    for (language, version) in [
        ("python", &args.python),
        ("node", &args.node),
        ("go", &args.go),
        ("java", &args.java),
    ] {
        if let Some(v) = version {
            runtime.push((language.to_owned(), v.clone()));
        }
    }
    let forge = match args.ci {
        Ci::Github => Forge::GitHub,
        Ci::Gitlab => Forge::GitLab,
    };
    let options = InitOptions {
        choices: Choices {
            families: if args.only.is_empty() {
                Family::ALL.to_vec()
            } else {
                args.only.clone()
            },
            registry: args.registry.clone().unwrap_or_else(|| forge.registry().to_owned()),
            repository: None,
            forge,
            deploy: args.deploy,
        },
        templates: args.templates.clone(),
        force: args.force,
        port: args.port,
        runtime,
    };
    let plan = match shipshape_generate::plan(&args.dir, &options) {
        Ok(p) => p,
        Err(shipshape_generate::Error::NothingDetected(msg)) => {
            let _ = std::io::Write::write_all(&mut anstream::stderr(), format!("shipshape init: {msg}\n").as_bytes());
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.to_string()),
    };
    if args.explain {
        let text = match args.format {
            Format::Json => serde_json::to_string_pretty(&plan.detection).map_err(|e| e.to_string())? + "\n",
            Format::Human => explain(&plan),
        };
        super::emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let blocking: Vec<_> = plan
        .findings
        .iter()
        .filter(|f| f.severity >= shipshape_core::Severity::Warning)
        .collect();
    if args.dry_run {
        match args.format {
            Format::Json => super::emit(&(serde_json::to_string_pretty(&plan).map_err(|e| e.to_string())? + "\n"))?,
            Format::Human => {
                let mut out = String::new();
                for p in &plan.files {
                    if matches!(p.action, Action::Create | Action::Overwrite) {
                        let old = p.existing.as_deref().unwrap_or("");
                        let diff = similar::TextDiff::from_lines(old, &p.file.text);
                        let a = if p.existing.is_some() {
                            format!("a/{}", p.file.path)
                        } else {
                            "/dev/null".to_owned()
                        };
                        let _ = write!(out, "{}", diff.unified_diff().header(&a, &format!("b/{}", p.file.path)));
                    }
                }
                out.push_str(&summary(&plan));
                super::emit(&out)?;
            }
        }
        return Ok(if blocking.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if !blocking.is_empty() {
        let mut out = summary(&plan);
        out.push_str(
            "shipshape init: nothing written: shipshape's own rules found problems in the files it generated (a bug; please report it)\n",
        );
        let _ = std::io::Write::write_all(&mut anstream::stderr(), out.as_bytes());
        return Ok(ExitCode::from(1));
    }
    let written = shipshape_generate::write(&args.dir, &plan).map_err(|e| e.to_string())?;
    let mut out = summary(&plan);
    let _ = writeln!(out, "Wrote {} file{}.", written.len(), if written.len() == 1 { "" } else { "s" });
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn explain(plan: &Plan) -> String {
    let mut out = String::new();
    for s in &plan.detection.services {
        let _ = writeln!(out, "{} ({})", s.name, s.path);
        let opt = |v: Option<&str>| v.unwrap_or("-").to_owned();
        let _ = writeln!(
            out,
            "  {} / {} / {} / runtime {}",
            s.language,
            opt(s.framework),
            opt(s.package_manager),
            opt(s.runtime_version.as_deref())
        );
        let stores: Vec<String> = s
            .datastores
            .iter()
            .map(|d| format!("{}{}", d.kind, if d.required { "" } else { " (optional)" }))
            .collect();
        let _ = writeln!(
            out,
            "  port {}, health {}, bind env {}, datastores {}",
            s.port,
            opt(s.health_path.as_deref()),
            opt(s.bind_env.as_deref()),
            if stores.is_empty() { "-".to_owned() } else { stores.join(", ") }
        );
        for e in &s.evidence {
            let at = match (&e.path, e.line) {
                (Some(p), Some(l)) => format!("{p}:{l}"),
                (Some(p), None) => p.clone(),
                (None, _) => "default".to_owned(),
            };
            let _ = writeln!(out, "    {:<48} {}", e.fact, at);
        }
    }
    out
}

fn summary(plan: &Plan) -> String {
    let mut out = String::new();
    for p in &plan.files {
        let what = match p.action {
            Action::Create => "create",
            Action::Overwrite => "overwrite",
            Action::Keep => "keep (exists; --force replaces it)",
            Action::Unchanged => "unchanged",
        };
        let _ = writeln!(out, "  {what:<10} {}", p.file.path);
    }
    for f in &plan.findings {
        let _ = writeln!(out, "  {}:{}: {} [{}] {}", f.path, f.line, f.severity.as_str(), f.code, f.message);
    }
    if !plan.existing_findings.is_empty() {
        let _ = writeln!(out, "In the files left alone (`shipshape check` says):");
        for f in &plan.existing_findings {
            let _ = writeln!(out, "  {}:{}: {} [{}] {}", f.path, f.line, f.severity.as_str(), f.code, f.message);
        }
    }
    out
}
