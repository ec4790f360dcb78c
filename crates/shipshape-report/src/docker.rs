//! The seeds' "Docker Optimization Summary" (SEED-REQUIREMENTS §2.4, OUT-08): Before, Changes,
//! Results. What is computable offline is computed: the Dockerfiles' findings before and after the
//! safe fixes (the Changes map one-to-one to the fixed findings), and each build context's size
//! with and without its `.dockerignore` (MEAS-05), or with the one DF075 proposes where there is
//! none. Image sizes and build times depend on a builder and are said to be unmeasured, never
//! guessed.

use serde::Serialize;
use std::path::Path;

/// Files a context walk visits at most (a context holding more is reported as truncated).
const MAX_FILES: usize = 200_000;

/// What DF075 writes into a missing `.dockerignore` (the entries for any stack; those the context
/// lacks exclude nothing).
const PROPOSED: &[&str] = &[".git", ".env", "node_modules", "**/__pycache__", "**/*.pyc", ".venv", "target"];

#[derive(Clone, Debug, Serialize)]
pub struct DockerSummary {
    pub dockerfiles: Vec<String>,
    /// Findings in the Dockerfiles as they are, and after `check --fix` (measured).
    pub findings_before: usize,
    pub findings_after: usize,
    /// The fixed findings by rule, largest first.
    pub changes: Vec<DockerChange>,
    pub contexts: Vec<BuildContext>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DockerChange {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// One of the fixed findings' messages.
    pub example: String,
}

/// A Dockerfile's directory taken as its build context.
#[derive(Clone, Debug, Serialize)]
pub struct BuildContext {
    pub dir: String,
    /// Everything in the directory.
    pub files: usize,
    pub bytes: u64,
    /// What the builder is sent: what the `.dockerignore` lets through (everything without one).
    pub sent_files: usize,
    pub sent_bytes: u64,
    /// The `.dockerignore` read, relative to the context.
    pub dockerignore: Option<String>,
    /// Where DF075 asks for a `.dockerignore` (the whole context is copied into the image and there
    /// is none): what the one it writes would send.
    pub proposed_bytes: Option<u64>,
    /// The walk stopped at its bound: the sizes are lower bounds.
    pub truncated: bool,
}

/// Docker's `.dockerignore` matching: patterns in order, the last one that matches a path or one of
/// its parent directories decides, `!` re-includes, `**` spans directories (moby's patternmatcher).
pub struct Ignore {
    patterns: Vec<(globset::GlobMatcher, bool)>,
}

impl Ignore {
    pub fn parse(text: &str) -> Ignore {
        let patterns = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (include, l) = match l.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, l),
                };
                let l = l.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
                let l = if l.is_empty() { "." } else { l };
                let glob = globset::GlobBuilder::new(l).literal_separator(true).build().ok()?;
                Some((glob.compile_matcher(), !include))
            })
            .collect();
        Ignore { patterns }
    }

    /// Whether `rel` (`/`-separated, relative to the context) is kept out of the context.
    pub fn excludes(&self, rel: &str) -> bool {
        let mut excluded = false;
        for (glob, exclude) in &self.patterns {
            let hit = glob.is_match(rel) || rel.match_indices('/').any(|(i, _)| glob.is_match(&rel[..i]));
            if hit {
                excluded = *exclude;
            }
        }
        excluded
    }
}

/// The percentage change from `before` to `after`, rounded: (after − before) / before (MEAS-09).
pub fn percent(before: f64, after: f64) -> Option<i64> {
    (before > 0.0).then(|| ((after - before) / before * 100.0).round() as i64)
}

/// Sizes of the context at `dir`: every regular file under it (links not followed), bounded; with
/// `propose`, also what DF075's `.dockerignore` would send, when there is none.
pub fn context(dir: &Path, shown: &str, propose: bool) -> BuildContext {
    let ignore_text = shipshape_core::tree::SourceTree::read(&shipshape_core::tree::Disk, &dir.join(".dockerignore"));
    let own = ignore_text.as_deref().map(Ignore::parse);
    let proposed = Ignore::parse(&PROPOSED.join("\n"));
    let mut c = BuildContext {
        dir: shown.to_owned(),
        files: 0,
        bytes: 0,
        sent_files: 0,
        sent_bytes: 0,
        dockerignore: ignore_text.is_some().then(|| ".dockerignore".to_owned()),
        proposed_bytes: (propose && own.is_none()).then_some(0),
        truncated: false,
    };
    let walk = ignore::WalkBuilder::new(dir).standard_filters(false).follow_links(false).build();
    for entry in walk.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if c.files >= MAX_FILES {
            c.truncated = true;
            break;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let size = entry.metadata().map_or(0, |m| m.len());
        c.files += 1;
        c.bytes += size;
        if !own.as_ref().is_some_and(|i| i.excludes(&rel)) {
            c.sent_files += 1;
            c.sent_bytes += size;
        }
        if let Some(p) = c.proposed_bytes.as_mut()
            && !proposed.excludes(&rel)
        {
            *p += size;
        }
    }
    c
}

/// `1.2 GB`, `312.4 MB`, `18 KB`, `512 B`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1000.0;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if v >= 100.0 || unit == 0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_percentages() {
        // MEAS-09's vectors: 590 → 180 MB, 850 → 280 MB, 3m45s → 1m20s, 2m30s → 15s.
        assert_eq!(percent(590.0, 180.0), Some(-69));
        assert_eq!(percent(850.0, 280.0), Some(-67));
        assert_eq!(percent(225.0, 80.0), Some(-64));
        assert_eq!(percent(150.0, 15.0), Some(-90));
        assert_eq!(percent(0.0, 15.0), None);
    }

    #[test]
    fn dockerignore_matching_follows_docker() {
        let i = Ignore::parse("# comment\n.git\nnode_modules/\n**/*.pyc\n*.md\n!README.md\n/build\n");
        assert!(i.excludes(".git/HEAD"));
        assert!(i.excludes("node_modules/a/b.js"));
        assert!(i.excludes("a/b/c.pyc") && i.excludes("c.pyc"));
        assert!(i.excludes("CHANGELOG.md") && !i.excludes("README.md"));
        assert!(!i.excludes("docs/guide.md"), "`*` does not cross directories");
        assert!(i.excludes("build/out.o") && !i.excludes("src/build/x"));
        assert!(!i.excludes("src/main.py"));
        // The last matching pattern decides.
        assert!(Ignore::parse("!keep\n*\n").excludes("keep"));
        assert!(!Ignore::parse("*\n!keep\n").excludes("keep"));
    }

    #[test]
    fn a_context_is_measured_with_and_without_its_dockerignore() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("node_modules/x")).unwrap();
        std::fs::write(d.path().join("node_modules/x/big.js"), vec![b'a'; 5000]).unwrap();
        std::fs::write(d.path().join("app.js"), vec![b'a'; 100]).unwrap();
        std::fs::write(d.path().join("Dockerfile"), "FROM node:22\nCOPY . .\n").unwrap();
        assert_eq!(context(d.path(), ".", false).proposed_bytes, None, "DF075 did not ask for one");
        let c = context(d.path(), ".", true);
        assert_eq!((c.files, c.sent_files, c.dockerignore.as_deref()), (3, 3, None));
        let dockerfile = "FROM node:22\nCOPY . .\n".len() as u64;
        assert_eq!(c.bytes, 5100 + dockerfile);
        assert_eq!(
            c.proposed_bytes,
            Some(100 + dockerfile),
            "DF075's .dockerignore keeps node_modules out"
        );
        std::fs::write(d.path().join(".dockerignore"), "node_modules\n").unwrap();
        let c = context(d.path(), ".", true);
        assert_eq!(c.files, 4);
        assert_eq!(c.sent_files, 3);
        assert_eq!(c.sent_bytes, 100 + dockerfile + "node_modules\n".len() as u64);
        assert_eq!(c.proposed_bytes, None);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(18_000), "18 KB");
        assert_eq!(size(312_400_000), "312 MB");
        assert_eq!(size(1_234_000_000), "1.2 GB");
    }
}
