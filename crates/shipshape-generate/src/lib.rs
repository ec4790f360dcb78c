//! `shipshape init`: detect a repository's stack, write its infrastructure, and check what it
//! writes with shipshape's own rules before anything reaches the disk.
// This crate reads the repository it plans for and writes the files the user asked for.
#![allow(clippy::disallowed_methods)]

pub mod ci;
pub mod detect;
pub mod generate;
pub mod repo;

pub use ci::Forge;
pub use detect::{Detection, Service, detect};
pub use generate::{Choices, Family, File};
pub use repo::Repo;

use serde::Serialize;
use shipshape_check::{Input, Options, Workspace};
use shipshape_core::Severity;
use shipshape_core::config::CliSelection;
use std::path::{Path, PathBuf};

/// What `init` will do, before it does it.
#[derive(Debug, Serialize)]
pub struct Plan {
    pub detection: Detection,
    pub files: Vec<Planned>,
    /// What shipshape's own rules (`--select ALL`) say about the files to write.
    pub findings: Vec<Finding>,
    /// What the default rules say about the files that exist and are kept.
    pub existing_findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Planned {
    #[serde(flatten)]
    pub file: File,
    pub action: Action,
    /// The file's current text, when one exists.
    #[serde(skip)]
    pub existing: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    /// The file exists and `--force` was given.
    Overwrite,
    /// The file exists: left alone.
    Keep,
    /// The file exists with exactly this text.
    Unchanged,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// Everything `init` can be told.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    pub choices: Choices,
    /// Read templates from this folder where it has them.
    pub templates: Option<PathBuf>,
    pub force: bool,
    /// Override the detected port of every service.
    pub port: Option<u16>,
    /// Override the detected runtime versions, by language (`python` → `3.13`).
    pub runtime: Vec<(String, String)>,
}

#[derive(Debug)]
pub enum Error {
    /// No deployable service was recognised: what was looked for.
    NothingDetected(String),
    Template(String),
    Check(String),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NothingDetected(s) => write!(f, "{s}"),
            Error::Template(s) | Error::Check(s) => write!(f, "{s}"),
            Error::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for Error {}

/// What `init` looks for, said when it finds none of it.
pub const LOOKED_FOR: &str = "looked for: pyproject.toml, requirements.txt, Pipfile or manage.py with FastAPI, Django, \
Flask or an ASGI/WSGI server; package.json with Express, Next.js, NestJS, Fastify, Koa, Hono, a start script, or a \
Vite, Astro or Eleventy build; go.mod with a main package that serves HTTP; Cargo.toml with axum, actix-web, rocket, \
warp or poem; pom.xml or build.gradle(.kts) with Spring Boot web; a Hugo site (sample, test and docs folders are \
skipped)";

/// Detect, apply overrides, render, and check what would be written.
pub fn plan(root: &Path, options: &InitOptions) -> Result<Plan, Error> {
    let repo = Repo::open(root);
    let mut detection = detect(&repo);
    if detection.services.is_empty() {
        return Err(Error::NothingDetected(format!(
            "no deployable service found in {}; {LOOKED_FOR}",
            root.display()
        )));
    }
    for s in &mut detection.services {
        if let Some(p) = options.port {
            s.port = p;
            s.evidence.push(detect::Evidence {
                fact: format!("port {p}: --port"),
                path: None,
                line: None,
            });
        }
        if let Some((_, v)) = options.runtime.iter().find(|(l, _)| l == s.language) {
            s.runtime_version = Some(v.clone());
        }
    }
    let env = generate::environment(options.templates.as_deref()).map_err(Error::Template)?;
    let project = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "app".to_owned());
    let mut choices = options.choices.clone();
    if choices.repository.is_none() {
        choices.repository = origin_repository(root);
    }
    let files = generate::render(&detection, &project, &choices, &env).map_err(Error::Template)?;
    let files: Vec<Planned> = files
        .into_iter()
        .map(|mut file| {
            // `docker compose` reads the first of compose.yaml, compose.yml, docker-compose.yaml,
            // docker-compose.yml: a compose.yaml written beside an existing docker-compose.yml
            // would silently replace it (vas3k.club's, seen through `shipshape report`). The
            // project's own file is kept instead, under its own name.
            if file.path == "compose.yaml"
                && !root.join("compose.yaml").exists()
                && let Some(alt) = ["compose.yml", "docker-compose.yaml", "docker-compose.yml"]
                    .iter()
                    .find(|a| root.join(a).is_file())
            {
                file.path = (*alt).to_owned();
            }
            // A project with CI of its own (or an image-publishing workflow) would run a second
            // one beside it: its workflow is kept instead, as the Compose file is (mongo-express's
            // `standard-ci.yml`). Not with `--deploy`, whose workflow calls the ones written here.
            if !choices.deploy
                && !root.join(&file.path).exists()
                && let Some(role) = match file.path.as_str() {
                    ".github/workflows/ci.yml" => Some(WorkflowRole::Ci),
                    ".github/workflows/docker-publish.yml" => Some(WorkflowRole::Publish),
                    _ => None,
                }
                && let Some(own) = own_workflow(root, role)
            {
                file.path = own;
            }
            let existing = std::fs::read_to_string(root.join(&file.path)).ok();
            let action = match &existing {
                None => Action::Create,
                Some(t) if *t == file.text => Action::Unchanged,
                Some(_) if options.force => Action::Overwrite,
                Some(_) => Action::Keep,
            };
            Planned { file, action, existing }
        })
        .collect();
    let findings = verify(root, &files)?;
    let existing_findings = check_existing(root, &files)?;
    Ok(Plan {
        detection,
        files,
        findings,
        existing_findings,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WorkflowRole {
    /// Builds or tests on pushes and pull requests.
    Ci,
    /// Builds and pushes a container image.
    Publish,
}

/// The project's own workflow in `role` (its path relative to `root`), the first by name.
fn own_workflow(root: &Path, role: WorkflowRole) -> Option<String> {
    let dir = root.join(".github/workflows");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
        .collect();
    // A name that says so first (`tests.yml` before `docker-test-build.yml`, djangoproject.com's).
    let says = |n: &str| {
        let stem = n.rsplit_once('.').map_or(n, |(s, _)| s).to_ascii_lowercase();
        !matches!(stem.as_str(), "ci" | "test" | "tests" | "main" | "build" | "check" | "checks")
    };
    names.sort_by(|a, b| (says(a), a).cmp(&(says(b), b)));
    names.into_iter().find_map(|name| {
        let text = std::fs::read_to_string(dir.join(&name)).ok()?;
        let lower = name.to_ascii_lowercase();
        let fits = match role {
            WorkflowRole::Publish => {
                text.contains("docker/build-push-action")
                    || text
                        .lines()
                        .any(|l| l.contains("docker push ") || (l.contains("docker buildx build") && l.contains("--push")))
            }
            WorkflowRole::Ci => {
                const OTHER: &[&str] = &[
                    "codeql",
                    "release",
                    "publish",
                    "deploy",
                    "stale",
                    "label",
                    "dependabot",
                    "docs",
                    "pages",
                    "lock",
                    "greet",
                    "triage",
                    "scorecard",
                    "cla",
                    "welcome",
                ];
                let y = shipshape_yaml::Yaml::parse(&text);
                let on = y.docs.first().and_then(|d| d.root()).and_then(|r| r.get("on"));
                let triggers: Vec<String> = on.map_or_else(Vec::new, |n| match n.as_str() {
                    Some(s) => vec![s.to_owned()],
                    None if n.is_seq() => n.items().iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
                    None => n.entries().iter().filter_map(|(k, _)| k.as_str().map(str::to_owned)).collect(),
                });
                !OTHER.iter().any(|o| lower.contains(o))
                    && triggers.iter().any(|t| t == "push" || t == "pull_request")
                    && text.contains("run:")
            }
        };
        fits.then(|| format!(".github/workflows/{name}"))
    })
}

/// `owner/name` of the repository's `origin` remote, from `.git/config` (core's parser, which the
/// rules use for the repository's own owner).
pub fn origin_repository(root: &Path) -> Option<String> {
    let config = std::fs::read_to_string(root.join(".git/config")).ok()?;
    shipshape_core::project::origin_of_config(&config).map(|o| format!("{}/{}", o.owner, o.name))
}

/// The default rules' findings on the files `init` leaves alone because they exist (the user's
/// own configuration applies, as in `shipshape check`).
pub fn check_existing(root: &Path, files: &[Planned]) -> Result<Vec<Finding>, Error> {
    let inputs: Vec<Input> = files
        .iter()
        .filter(|p| p.action == Action::Keep)
        .map(|p| Input::Path(root.join(&p.file.path)))
        .collect();
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let ws = Workspace::open(Options {
        jobs: Some(1),
        ..Options::default()
    })
    .map_err(|e| Error::Check(e.to_string()))?;
    let run = ws.check(&inputs).map_err(|e| Error::Check(e.to_string()))?;
    Ok(findings_of(root, &run))
}

/// Check the files about to be written (as they will be, beside the files already there) with
/// every rule shipshape has.
pub fn verify(root: &Path, files: &[Planned]) -> Result<Vec<Finding>, Error> {
    let ws = Workspace::open(Options {
        selection: CliSelection {
            select: Some(vec!["ALL".to_owned()]),
            ..CliSelection::default()
        },
        no_config: true,
        jobs: Some(1),
        ..Options::default()
    })
    .map_err(|e| Error::Check(e.to_string()))?;
    let inputs: Vec<Input> = files
        .iter()
        .filter(|p| p.action != Action::Keep)
        .map(|p| Input::Buffer {
            path: root.join(&p.file.path),
            bytes: p.file.text.clone().into_bytes(),
        })
        .collect();
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let run = ws.check(&inputs).map_err(|e| Error::Check(e.to_string()))?;
    Ok(findings_of(root, &run))
}

fn findings_of(root: &Path, run: &shipshape_check::Run) -> Vec<Finding> {
    // Relative to the project, by path components (a root of `.` is no prefix of `.github/…`).
    run.findings()
        .map(|(r, d)| Finding {
            path: Path::new(&r.display)
                .strip_prefix(root)
                .map_or_else(|_| r.display.clone(), |p| p.to_string_lossy().into_owned()),
            line: r.line_index.line_of(d.span.start) + 1,
            code: d.rule.code,
            severity: d.severity,
            message: d.message.clone(),
        })
        .collect()
}

/// Write the planned files that are new or forced, atomically (a temporary file renamed over the
/// target). Returns the paths written.
pub fn write(root: &Path, plan: &Plan) -> Result<Vec<String>, Error> {
    let mut written = Vec::new();
    for p in &plan.files {
        if !matches!(p.action, Action::Create | Action::Overwrite) {
            continue;
        }
        let path = root.join(&p.file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))?;
        }
        // Keep an existing file's line endings when overwriting it.
        let crlf = p.existing.as_deref().is_some_and(|t| t.contains("\r\n"));
        let text = if crlf {
            p.file.text.replace('\n', "\r\n")
        } else {
            p.file.text.clone()
        };
        let tmp = path.with_file_name(format!(
            ".{}.shipshape-tmp",
            path.file_name().map_or("file".into(), |n| n.to_string_lossy())
        ));
        std::fs::write(&tmp, text).map_err(|e| Error::Io(tmp.clone(), e))?;
        // Scripts are written executable.
        #[cfg(unix)]
        if p.file.path.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).map_err(|e| Error::Io(tmp.clone(), e))?;
        }
        std::fs::rename(&tmp, &path).map_err(|e| Error::Io(path.clone(), e))?;
        written.push(p.file.path.clone());
    }
    Ok(written)
}
