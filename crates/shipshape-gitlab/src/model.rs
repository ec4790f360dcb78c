//! A thin view of a GitLab CI pipeline over the spanned YAML tree, and `include: local` resolution.

use shipshape_core::tree::SourceTree;
use shipshape_yaml::{NodeRef, Yaml};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use shipshape_knowledge::ci::GITLAB_GLOBAL_KEYWORDS as GLOBAL_KEYWORDS;

/// Keys a job may have.
pub const JOB_KEYWORDS: &[&str] = &[
    "after_script",
    "allow_failure",
    "artifacts",
    "before_script",
    "cache",
    "coverage",
    "dast_configuration",
    "dependencies",
    "environment",
    "except",
    "extends",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "inherit",
    "interruptible",
    "manual_confirmation",
    "needs",
    "only",
    "pages",
    "parallel",
    "publish",
    "release",
    "resource_group",
    "retry",
    "rules",
    "run",
    "script",
    "secrets",
    "services",
    "stage",
    "start_in",
    "tags",
    "timeout",
    "trigger",
    "variables",
    "when",
];

/// Stages GitLab defines when `stages:` is not given, and the two it always adds.
pub const DEFAULT_STAGES: &[&str] = &[".pre", "build", "test", "deploy", ".post"];

/// `(name key, job)` of every job, hidden (`.template`) ones included.
pub fn jobs<'a>(root: NodeRef<'a>) -> Vec<(NodeRef<'a>, NodeRef<'a>)> {
    root.entries()
        .into_iter()
        .filter(|(k, v)| k.as_str().is_some_and(|k| !GLOBAL_KEYWORDS.contains(&k)) && v.is_map())
        .collect()
}

/// Whether a job name is a hidden template (`.name`), which never runs.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// The script lines of a job (`before_script`, `script`, `after_script`), flattened one level.
pub fn script_lines<'a>(job: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    for key in ["before_script", "script", "after_script"] {
        let Some(s) = job.get(key) else { continue };
        for item in s.scalar_or_items() {
            if item.is_seq() {
                out.extend(item.items().into_iter().filter(|i| i.is_scalar()));
            } else if item.is_scalar() {
                out.push(item);
            }
        }
    }
    out
}

/// The declared stages, or `None` when `stages:` is absent (GitLab's defaults apply).
pub fn declared_stages(root: NodeRef) -> Option<Vec<String>> {
    let s = root.get("stages").or_else(|| root.get("types"))?;
    Some(s.items().into_iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
}

/// What a pipeline's `include:` brings, as far as it can be known offline.
#[derive(Default, Debug)]
pub struct Included {
    /// Jobs (and hidden templates) defined in resolved local includes.
    pub jobs: BTreeSet<String>,
    /// Stages declared in resolved local includes.
    pub stages: Vec<String>,
    /// Whether some include could not be read (remote, project, template, component, missing,
    /// or a wildcard): then names defined elsewhere may exist.
    pub open: bool,
}

/// Most files and nesting followed through `include: local`, like GitLab's own limits.
const MAX_INCLUDES: usize = 150;
const MAX_DEPTH: usize = 100;

/// The repository root for a pipeline file: the nearest ancestor holding `.git` or `.gitlab-ci.yml`.
pub fn repo_root(tree: &dyn SourceTree, file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    dir.ancestors()
        .find(|a| tree.exists(&a.join(".git")) || tree.is_file(&a.join(".gitlab-ci.yml")))
        .unwrap_or(dir)
        .to_path_buf()
}

/// The entries of `include:` (a string, a map, or a list of either).
pub fn include_entries(root: NodeRef<'_>) -> Vec<NodeRef<'_>> {
    root.get("include").map(|i| i.scalar_or_items()).unwrap_or_default()
}

/// The local path an include entry names, if it is a local include.
pub fn local_path(entry: NodeRef<'_>) -> Option<&str> {
    if let Some(s) = entry.as_str() {
        return (!s.contains("://")).then_some(s);
    }
    entry.get("local")?.as_str()
}

/// Follow `include: local` files from `root` (breadth-first, bounded), collecting their jobs and stages.
pub fn resolve_includes(tree: &dyn SourceTree, root: NodeRef, repo: Option<&Path>) -> Included {
    let mut inc = Included::default();
    let mut queue: Vec<(String, usize)> = Vec::new();
    let mut seen = BTreeSet::new();
    let push_entries = |node: NodeRef, depth: usize, inc: &mut Included, queue: &mut Vec<(String, usize)>| {
        for e in include_entries(node) {
            match local_path(e) {
                Some(p) if !p.contains('*') && !p.contains('$') && repo.is_some() => {
                    queue.push((p.trim_start_matches('/').to_owned(), depth))
                }
                _ => inc.open = true,
            }
        }
    };
    push_entries(root, 1, &mut inc, &mut queue);
    while let Some((path, depth)) = queue.pop() {
        if depth > MAX_DEPTH || seen.len() >= MAX_INCLUDES {
            inc.open = true;
            break;
        }
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some(repo) = repo else { break };
        let Some(text) = tree.read(&repo.join(&path)) else {
            inc.open = true;
            continue;
        };
        let yaml = Yaml::parse(&text);
        let Some(doc) = pipeline_root(&yaml) else { continue };
        inc.jobs.extend(
            doc.entries()
                .into_iter()
                .filter_map(|(k, _)| k.as_str().filter(|k| !GLOBAL_KEYWORDS.contains(k)).map(str::to_owned)),
        );
        if let Some(s) = declared_stages(doc) {
            inc.stages.extend(s);
        }
        push_entries(doc, depth + 1, &mut inc, &mut queue);
    }
    inc
}

/// The pipeline document: the second when the first is a `spec:` header, else the first.
pub fn pipeline_root(yaml: &Yaml) -> Option<NodeRef<'_>> {
    let first = yaml.docs.first()?.root()?;
    if first.is_map() && first.get("spec").is_some() && first.entries().len() == 1 {
        return yaml.docs.get(1).and_then(|d| d.root());
    }
    Some(first)
}

/// Whether a job deploys: an `environment:`, or `deploy` in its name or stage.
pub fn is_deploy(name: &str, job: NodeRef) -> bool {
    job.get("environment").is_some()
        || name.to_ascii_lowercase().contains("deploy")
        || job
            .get("stage")
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.to_ascii_lowercase().contains("deploy"))
}

/// The environment name of a job, if given.
pub fn environment_name<'a>(job: NodeRef<'a>) -> Option<&'a str> {
    let env = job.get("environment")?;
    env.as_str().or_else(|| env.get("name")?.as_str())
}

/// Whether an environment name means production.
pub fn is_production(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "production"
        || n == "prod"
        || n.starts_with("production/")
        || n.starts_with("prod/")
        || n.starts_with("prod-")
        || n.ends_with("-prod")
        || n.ends_with("/production")
}
