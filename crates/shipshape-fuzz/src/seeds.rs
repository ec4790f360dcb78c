//! The seeds the mutator starts from: real files (the corpus), every rule's documentation examples,
//! and the regression cases (hand-made hostile inputs and every crash ever found).
//!
//! Each seed keeps a file *name* that classifies like the original (`Dockerfile`,
//! `.github/workflows/ci.yml`, `main.tf`…): the engine picks the domain from it.

use shipshape_core::classify::{FileKind, classify};
use shipshape_core::rule::Domain;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest input the fuzzer runs.
pub const MAX_INPUT: usize = 256 * 1024;

/// A file to run as is or to mutate.
#[derive(Debug, Clone)]
pub struct Seed {
    /// The name the engine sees (it classifies by it).
    pub name: String,
    pub bytes: Vec<u8>,
    /// Its classification, before any mutation (splices pick a partner of the same kind).
    pub kind: FileKind,
    /// Where it came from, for reports: a path, or `docs:CODE#n`.
    pub origin: String,
}

impl Seed {
    pub fn new(name: String, mut bytes: Vec<u8>, origin: String) -> Self {
        bytes.truncate(MAX_INPUT);
        let text = String::from_utf8_lossy(&bytes);
        let kind = classify(Path::new(&name), &text, true);
        Self { name, bytes, kind, origin }
    }
}

/// Every seed, with an index by kind.
#[derive(Debug, Default)]
pub struct Seeds {
    pub all: Vec<Seed>,
    pub by_kind: BTreeMap<FileKind, Vec<usize>>,
}

impl Seeds {
    pub fn push(&mut self, seed: Seed) {
        self.by_kind.entry(seed.kind).or_default().push(self.all.len());
        self.all.push(seed);
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Every file under `dir` (sorted, so the seed list and with it the input stream are stable),
    /// named by its path relative to `dir`.
    pub fn add_dir(&mut self, dir: &Path) -> std::io::Result<usize> {
        let mut files = Vec::new();
        walk(dir, &mut files)?;
        files.sort();
        let n = files.len();
        for path in files {
            let bytes = std::fs::read(&path)?;
            let name = relative_name(dir, &path);
            self.push(Seed::new(name, bytes, path.display().to_string()));
        }
        Ok(n)
    }

    /// Every fenced example of every rule's documentation, named after the rule's domain.
    pub fn add_rule_docs(&mut self) -> usize {
        let registry = shipshape_check::Domains::default().registry();
        let mut n = 0;
        for rule in registry.rules() {
            for (i, (lang, body)) in fenced_blocks(rule.docs).into_iter().enumerate() {
                let name = doc_file_name(rule.domain, lang);
                self.push(Seed::new(
                    name.to_owned(),
                    body.as_bytes().to_vec(),
                    format!("docs:{}#{}", rule.code, i + 1),
                ));
                n += 1;
            }
        }
        n
    }

    /// Every case under `dir`: each subdirectory holds one input, named by its path inside the case
    /// (`regressions/<case>/.github/workflows/ci.yml`); `reason.txt` and `README.md` are notes.
    pub fn add_cases(&mut self, dir: &Path) -> std::io::Result<usize> {
        let mut n = 0;
        for case in cases(dir)? {
            self.push(Seed::new(case.name, case.bytes, case.origin));
            n += 1;
        }
        Ok(n)
    }
}

/// One saved input: a folder with the file and, optionally, notes.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub origin: String,
    /// Synthetic secrets planted in it (`planted:` lines of `reason.txt`).
    pub planted: Vec<String>,
    /// The text it was made from (a `before:` line of `reason.txt`), when its diff to the input is
    /// part of the case.
    pub before: Vec<u8>,
}

/// The files of a case folder that are notes, not the input.
pub const NOTE_FILES: &[&str] = &["reason.txt", "README.md"];

/// Read one case folder.
pub fn read_case(dir: &Path) -> std::io::Result<Case> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.retain(|p| p.parent() != Some(dir) || !p.file_name().is_some_and(|n| NOTE_FILES.iter().any(|f| n == *f)));
    files.sort();
    let [path] = files.as_slice() else {
        return Err(std::io::Error::other(format!(
            "{}: a case folder holds exactly one input file (besides {}), found {}",
            dir.display(),
            NOTE_FILES.join(", "),
            files.len()
        )));
    };
    let reason = std::fs::read_to_string(dir.join("reason.txt")).unwrap_or_default();
    let planted = parse_planted(&reason);
    let before = reason
        .lines()
        .filter_map(|l| l.strip_prefix("before: "))
        .find_map(|v| serde_json::from_str::<String>(v).ok())
        .unwrap_or_default()
        .into_bytes();
    Ok(Case {
        name: relative_name(dir, path),
        bytes: std::fs::read(path)?,
        origin: path.display().to_string(),
        planted,
        before,
    })
}

/// Every case folder under `dir` (none when it does not exist), sorted.
pub fn cases(dir: &Path) -> std::io::Result<Vec<Case>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| read_case(d)).collect()
}

/// `planted: <value>` lines, as `reason.txt` writes them (the value JSON-quoted).
pub fn parse_planted(reason: &str) -> Vec<String> {
    reason
        .lines()
        .filter_map(|l| l.strip_prefix("planted: "))
        .filter_map(|v| serde_json::from_str::<String>(v).ok())
        .collect()
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(&entry.path(), out)?;
        } else if ty.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The ```lang … ``` blocks of a rule's docs.
pub fn fenced_blocks(docs: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = docs;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let Some(eol) = after.find('\n') else { break };
        let lang = after[..eol].trim();
        let body_start = &after[eol + 1..];
        let Some(close) = body_start.find("```") else { break };
        // The body keeps its final newline, like a file.
        out.push((lang, &body_start[..close]));
        rest = &body_start[close + 3..];
    }
    out
}

/// A file name that classifies an example of `domain` written in `lang` as that domain's kind.
pub fn doc_file_name(domain: Domain, lang: &str) -> &'static str {
    match (lang, domain) {
        ("dockerfile" | "Dockerfile", _) => "Dockerfile",
        ("hcl" | "terraform" | "tf", _) => "main.tf",
        (_, Domain::Dockerfile) => "Dockerfile",
        (_, Domain::Terraform) => "main.tf",
        (_, Domain::GithubActions) => ".github/workflows/ci.yml",
        (_, Domain::GitlabCi) => ".gitlab-ci.yml",
        (_, Domain::Compose) => "compose.yaml",
        (_, Domain::Kubernetes) => "k8s.yaml",
        ("yaml" | "yml", _) => "config.yaml",
        _ => "settings.env",
    }
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// The corpus used when none is named: `../shared/corpus` from the workspace root.
pub fn default_corpus() -> PathBuf {
    let corpus = workspace_root().join("../shared/corpus");
    std::fs::canonicalize(&corpus).unwrap_or(corpus)
}

/// This crate's regression cases.
pub fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences() {
        let docs = "## Example\n```dockerfile\nFROM a\n```\n\n## Use instead\n```yaml\nx: 1\n```\n";
        assert_eq!(fenced_blocks(docs), vec![("dockerfile", "FROM a\n"), ("yaml", "x: 1\n")]);
    }

    #[test]
    fn doc_names_classify_as_their_domain() {
        let kind = |d, l| classify(Path::new(doc_file_name(d, l)), "", true);
        assert_eq!(kind(Domain::GithubActions, "yaml"), FileKind::GithubWorkflow);
        assert_eq!(kind(Domain::GitlabCi, "yaml"), FileKind::GitlabCi);
        assert_eq!(kind(Domain::Compose, "yaml"), FileKind::Compose);
        assert_eq!(kind(Domain::Dockerfile, "dockerfile"), FileKind::Dockerfile);
        assert_eq!(kind(Domain::Terraform, "hcl"), FileKind::Terraform);
    }
}
