//! Which images a repository builds (and from which Dockerfile), publishes and runs: a project fact
//! shared by the cross-file rules of every YAML domain. Read from Compose files (`build` + `image`),
//! CI files (`docker/build-push-action`, `docker build -t`), the release files at the root
//! (GoReleaser's `dockers`, `package.json` scripts), and every YAML file's `image:` and Helm-style
//! `repository:` values and Dockerfiles' `FROM`s.

use crate::Yaml;
use shipshape_core::classify::FileKind;
use shipshape_core::project::{Origin, Project, Projects};
use shipshape_core::tree::SourceTree;
use shipshape_knowledge::dockerfile::Facts;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use shipshape_knowledge::image::repository as normalize;

/// An image built in the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// Normalized repository (`normalize`).
    pub repo: String,
    /// The Dockerfile it is built from, when known and present.
    pub dockerfile: Option<PathBuf>,
    /// The file that builds it.
    pub source: PathBuf,
}

/// What the repository builds and runs.
#[derive(Debug, Default)]
pub struct ImageIndex {
    pub built: Vec<Built>,
    /// Normalized repositories that some file runs or builds upon.
    pub used: BTreeSet<String>,
    /// How many Compose and Kubernetes files the project has.
    pub deploy_files: usize,
    /// Normalized repositories the project's own release tooling builds and tags: CI workflows,
    /// GoReleaser's `dockers`, `package.json` scripts (not a Compose `build:`, which only builds
    /// locally). The project's own image, which its quick-start files run.
    pub published: BTreeSet<String>,
}

/// The images the repository holding one file publishes, looked up lazily: the project is walked
/// only when a rule first asks (an image it would otherwise report).
pub struct OwnImages<'a> {
    projects: &'a Projects,
    file: Option<&'a Path>,
    index: std::cell::OnceCell<Option<(Arc<ImageIndex>, Option<Origin>)>>,
}

impl<'a> OwnImages<'a> {
    pub fn new(projects: &'a Projects, file: Option<&'a Path>) -> Self {
        Self {
            projects,
            file,
            index: std::cell::OnceCell::new(),
        }
    }

    /// Whether the repository's release tooling builds `image` (see [`ImageIndex::publishes`]), or
    /// the image is named after the repository or its owner (`listmonk/listmonk` in `knadh/listmonk`,
    /// `triliumnext/notes` in `TriliumNext/Notes`, `opencti/worker` in `OpenCTI-Platform/docker`, by
    /// its `origin` remote); `false` outside a repository.
    pub fn contains(&self, image: &str) -> bool {
        let Some((index, origin)) = self
            .index
            .get_or_init(|| {
                let p = self.file.and_then(|p| self.projects.of(p))?;
                Some((ImageIndex::of(&p), p.origin()))
            })
            .as_ref()
        else {
            return false;
        };
        index.publishes(image) || origin.as_ref().is_some_and(|o| named_after(image, o))
    }
}

impl ImageIndex {
    /// The index of a project, built once.
    pub fn of(project: &Project) -> Arc<ImageIndex> {
        project.fact(build)
    }

    /// Whether some file of the project runs `repo` (by full name, or by its last path component
    /// when the registry or namespace differs).
    pub fn is_used(&self, repo: &str) -> bool {
        let last = |r: &str| r.rsplit('/').next().unwrap_or(r).to_owned();
        self.used.contains(repo) || self.used.iter().any(|u| last(u) == last(repo))
    }

    /// Whether the project's release tooling builds `image` (a reference, tag and registry
    /// ignored): its own published image.
    pub fn publishes(&self, image: &str) -> bool {
        normalize(image).is_some_and(|r| self.published.contains(&r))
    }

    /// The Dockerfile an image of `repo` is built from, when exactly one is known.
    pub fn dockerfile_of(&self, repo: &str) -> Option<&Path> {
        let mut files: Vec<&Path> = self
            .built
            .iter()
            .filter(|b| b.repo == repo)
            .filter_map(|b| b.dockerfile.as_deref())
            .collect();
        files.sort();
        files.dedup();
        (files.len() == 1).then(|| files[0])
    }
}

/// Whether an image's namespace is the repository's owner, or its name the repository's name.
fn named_after(image: &str, origin: &Origin) -> bool {
    let Some(repo) = normalize(image) else { return false };
    let (namespace, name) = repo.rsplit_once('/').map_or(("", repo.as_str()), |(n, l)| (n, l));
    // A bare official image (`docker`, `postgres`) is Docker's, whatever the repository is called.
    // The namespace may be named after the project too: `hawkbit/hawkbit-ui` of
    // `eclipse-hawkbit/hawkbit`, released on `latest` by its own workflow (judged not worth
    // findings, the sixty-second sample).
    (!namespace.is_empty() && name.eq_ignore_ascii_case(&origin.name))
        || namespace
            .split('/')
            .next()
            .is_some_and(|n| same_organisation(n, &origin.owner) || n.eq_ignore_ascii_case(&origin.name))
}

/// A Docker Hub namespace and a GitHub owner of one organisation: equal, or one the other's
/// prefix of at least four letters (`opencti` of `OpenCTI-Platform`, `parity` of `paritytech`:
/// their own images on `latest`, judged not worth a finding, precision sample 42).
fn same_organisation(namespace: &str, owner: &str) -> bool {
    // Letters and digits only: `thehiveproject` is `TheHive-Project` (precision sample 43).
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (n, o) = (norm(namespace), norm(owner));
    let (short, long) = if n.len() <= o.len() { (&n, &o) } else { (&o, &n) };
    n == o || (short.len() >= 4 && long.starts_with(short.as_str()))
}

/// A `docker build` (or `docker buildx build`, `podman build`) command: its tags, `-f` file and
/// context, as written.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BuildCommand {
    pub tags: Vec<String>,
    pub file: Option<String>,
    pub context: Option<String>,
}

/// Parse the build command on one shell line, if there is one.
pub fn build_command(line: &str) -> Option<BuildCommand> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words
        .windows(2)
        .position(|w| matches!(w[0], "docker" | "podman" | "buildah") && matches!(w[1], "build" | "buildx" | "bud"))?;
    let mut rest = &words[at + 2..];
    if words[at + 1] == "buildx" {
        rest = rest.strip_prefix(&["build"]).or_else(|| rest.strip_prefix(&["b"]))?;
    }
    let mut cmd = BuildCommand::default();
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i];
        if matches!(w, "&&" | "||" | ";" | "|") || w.ends_with(';') {
            break;
        }
        let value = |i: &mut usize| {
            *i += 1;
            rest.get(*i).map(|v| v.trim_matches(['"', '\'']).to_owned())
        };
        match w {
            "-t" | "--tag" => cmd.tags.extend(value(&mut i)),
            "-f" | "--file" => cmd.file = value(&mut i),
            _ if w.starts_with("--tag=") => cmd.tags.push(w["--tag=".len()..].trim_matches(['"', '\'']).to_owned()),
            _ if w.starts_with("--file=") => cmd.file = Some(w["--file=".len()..].trim_matches(['"', '\'']).to_owned()),
            // Options with a separate value: skip it too.
            _ if OPTIONS_WITH_VALUE.contains(&w) => i += 1,
            _ if w.starts_with('-') => {}
            _ if w != "\\" => cmd.context = Some(w.trim_matches(['"', '\'']).to_owned()),
            _ => {}
        }
        i += 1;
    }
    Some(cmd)
}

const OPTIONS_WITH_VALUE: &[&str] = &[
    "--build-arg",
    "--target",
    "--platform",
    "--cache-from",
    "--cache-to",
    "--label",
    "--secret",
    "--ssh",
    "--output",
    "-o",
    "--network",
    "--progress",
    "--build-context",
    "--iidfile",
    "--metadata-file",
    "--builder",
    "--provenance",
    "--sbom",
    "--attest",
    "--annotation",
];

fn build(project: &Project) -> ImageIndex {
    let tree = project.tree();
    let mut idx = ImageIndex::default();
    for (path, kind) in &project.files {
        match kind {
            FileKind::Dockerfile => {
                let facts = Facts::of(&tree.read(path).unwrap_or_default());
                idx.used.extend(
                    facts
                        .stages
                        .iter()
                        .filter(|s| s.parent.is_none())
                        .filter_map(|s| normalize(&s.base)),
                );
            }
            FileKind::Compose => {
                idx.deploy_files += 1;
                compose(tree, path, &mut idx);
            }
            FileKind::GithubWorkflow | FileKind::GithubAction | FileKind::GitlabCi => ci(project, path, &mut idx),
            FileKind::Kubernetes | FileKind::HelmTemplate | FileKind::Yaml => {
                if *kind != FileKind::Yaml {
                    idx.deploy_files += 1;
                }
                for line in tree.read(path).unwrap_or_default().lines() {
                    let l = line.trim_start().trim_start_matches("- ");
                    let value = l.strip_prefix("image:").or_else(|| l.strip_prefix("repository:"));
                    if let Some(v) = value.map(|v| v.split(" #").next().unwrap_or(v)) {
                        idx.used.extend(normalize(v));
                    }
                }
            }
            _ => {}
        }
    }
    release_files(tree, &project.root, &mut idx);
    idx
}

/// Images the release files at the repository root build: GoReleaser's `dockers[].image_templates`
/// and `dockers_v2[].images`, and `docker build -t` commands in `package.json` scripts.
fn release_files(tree: &dyn SourceTree, root: &Path, idx: &mut ImageIndex) {
    for name in [".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"] {
        let Some(text) = tree.read(&root.join(name)) else { continue };
        let yaml = Yaml::parse(&text);
        let Some(top) = yaml.docs.first().and_then(|d| d.root()) else {
            continue;
        };
        for (key, field) in [("dockers", "image_templates"), ("dockers_v2", "images")] {
            for docker in top.get(key).map(|d| d.items()).unwrap_or_default() {
                for image in docker.get(field).map(|i| i.items()).unwrap_or_default() {
                    idx.published.extend(image.as_text().and_then(normalize));
                }
            }
        }
    }
    // JSON is YAML.
    if let Some(text) = tree.read(&root.join("package.json")) {
        let yaml = Yaml::parse(&text);
        let scripts = yaml.docs.first().and_then(|d| d.root()).and_then(|r| r.get("scripts"));
        for (_, script) in scripts.map(|s| s.entries()).unwrap_or_default() {
            for cmd in script.as_text().unwrap_or_default().lines().filter_map(build_command) {
                idx.published.extend(cmd.tags.iter().filter_map(|t| normalize(t)));
            }
        }
    }
}

fn compose(tree: &dyn SourceTree, path: &Path, idx: &mut ImageIndex) {
    let Some(text) = tree.read(path) else { return };
    let yaml = Yaml::parse(&text);
    let dir = path.parent().unwrap_or(Path::new("."));
    let Some(services) = yaml.docs.first().and_then(|d| d.root()).and_then(|r| r.get("services")) else {
        return;
    };
    for (_, svc) in services.entries() {
        let Some(repo) = svc.get("image").and_then(|i| i.as_text()).and_then(normalize) else {
            continue;
        };
        idx.used.insert(repo.clone());
        let Some(b) = svc.get("build") else { continue };
        let context = if b.is_map() {
            b.get("context").and_then(|c| c.as_str()).unwrap_or(".")
        } else {
            b.as_str().unwrap_or(".")
        };
        let df = b.get("dockerfile").and_then(|d| d.as_str()).unwrap_or("Dockerfile");
        idx.built.push(Built {
            repo,
            dockerfile: existing(tree, &dir.join(context).join(df)),
            source: path.to_path_buf(),
        });
    }
}

fn existing(tree: &dyn SourceTree, p: &Path) -> Option<PathBuf> {
    let s = p.to_string_lossy();
    (!s.contains('$') && !s.contains("://") && tree.is_file(p)).then(|| p.to_path_buf())
}

/// Images built by CI: `docker/build-push-action` steps and build commands in scripts.
fn ci(project: &Project, path: &Path, idx: &mut ImageIndex) {
    let tree = project.tree();
    let Some(text) = tree.read(path) else { return };
    let root = &project.root;
    let yaml = Yaml::parse(&text);
    let Some(top) = yaml.docs.first().and_then(|d| d.root()) else {
        return;
    };
    top.walk(&mut |n| {
        if let Some(uses) = n.get("uses").and_then(|u| u.as_str())
            && uses.starts_with("docker/build-push-action")
        {
            let with = n.get("with");
            let get = |k: &str| with.and_then(|w| w.get(k)).and_then(|v| v.as_text());
            let context = get("context").filter(|c| !c.contains("${{")).unwrap_or(".");
            let file = get("file").map_or_else(|| root.join(context).join("Dockerfile"), |f| root.join(f));
            for tag in get("tags").unwrap_or_default().split([',', '\n']) {
                if let Some(repo) = normalize(tag) {
                    idx.published.insert(repo.clone());
                    idx.built.push(Built {
                        repo,
                        dockerfile: existing(tree, &file),
                        source: path.to_path_buf(),
                    });
                }
            }
        }
        if let Some(s) = n.as_text().filter(|s| s.contains(" build") || s.contains(" bud")) {
            for cmd in s.lines().filter_map(build_command) {
                let context = cmd.context.as_deref().unwrap_or(".");
                let file = cmd
                    .file
                    .as_ref()
                    .map_or_else(|| root.join(context).join("Dockerfile"), |f| root.join(f));
                for repo in cmd.tags.iter().filter_map(|t| normalize(t)) {
                    idx.published.insert(repo.clone());
                    idx.built.push(Built {
                        repo,
                        dockerfile: existing(tree, &file),
                        source: path.to_path_buf(),
                    });
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_build_commands() {
        let c = build_command("docker build -t acme/web:1 -f docker/Dockerfile --build-arg X=1 . && docker push acme/web:1");
        assert_eq!(
            c,
            Some(BuildCommand {
                tags: vec!["acme/web:1".into()],
                file: Some("docker/Dockerfile".into()),
                context: Some(".".into()),
            })
        );
        let c = build_command("docker buildx build --platform linux/amd64 --tag=ghcr.io/a/b:2 --push app").unwrap_or_default();
        assert_eq!((c.tags, c.context.as_deref()), (vec!["ghcr.io/a/b:2".to_owned()], Some("app")));
        assert_eq!(build_command("docker run -t x"), None);
        assert_eq!(build_command("docker buildx ls"), None);
    }
}

#[cfg(test)]
mod organisation_tests {
    use super::same_organisation as same;

    #[test]
    fn namespaces_of_the_owners_organisation() {
        assert!(same("opencti", "OpenCTI-Platform"));
        assert!(same("parity", "paritytech"));
        assert!(same("knadh", "knadh"));
        assert!(same("thehiveproject", "TheHive-Project"));
        assert!(!same("bitnami", "acme"));
        assert!(!same("abc", "abcdef"), "three letters say too little");
    }

    #[test]
    fn images_named_after_the_repository() {
        let origin = shipshape_core::project::origin_of_url("https://github.com/eclipse-hawkbit/hawkbit").unwrap();
        assert!(super::named_after("hawkbit/hawkbit-ui:latest", &origin));
        assert!(super::named_after("docker.io/acme/hawkbit", &origin));
        assert!(!super::named_after("postgres:latest", &origin));
        assert!(!super::named_after("bitnami/redis", &origin));
    }
}
