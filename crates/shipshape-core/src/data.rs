//! Dated facts shipped inside the binary, so rules never need the network.
//!
//! The tables under `crates/shipshape-core/data/` are made by `scripts/gen-data.py` from the dated
//! snapshots in `shared/data`. A tag, version or variant newer than the snapshot is "not in the data",
//! never "does not exist": lookups answer [`TagStatus::Unknown`] rather than guess.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Snapshot date of the official-image tag tables.
pub const BASE_IMAGES_SNAPSHOT: &str = "2026-08-21";

static TAGS_TSV: &str = include_str!("../data/base-images.tsv");
static DEPRECATED_TSV: &str = include_str!("../data/base-images-deprecated.tsv");

/// Distribution code names whose support had ended by 2026-11-22 (Debian and Ubuntu release pages).
/// A tag component only counts as retired when the image no longer publishes it *and* it is listed here.
const RETIRED_CODENAMES: &[&str] = &[
    "wheezy", "jessie", "stretch", "buster", // Debian 7–10
    "trusty", "xenial", "bionic", "focal", // Ubuntu LTS 14.04–20.04 (standard support)
    "cosmic", "disco", "eoan", "groovy", "hirsute", "impish", "kinetic", "lunar", "mantic", "oracular", "plucky", // Ubuntu interim
];

fn tags_table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TAGS_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(image, tags)| (image, tags.split(' ').collect()))
            .collect()
    })
}

/// The table key of an image reference: `python` for `python`, `library/python` or
/// `docker.io/library/python`; `gcr.io/distroless/static-debian12` as written. `None` for images the
/// tables cannot know (other Docker Hub namespaces).
pub fn image_key(registry: Option<&str>, repo: &str) -> Option<String> {
    match registry {
        None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io") => {
            let repo = repo.strip_prefix("library/").unwrap_or(repo);
            (!repo.contains('/')).then(|| repo.to_owned())
        }
        Some(r) => Some(format!("{r}/{repo}")),
    }
}

/// Every published tag of an image in the tables (newest release lines first, as the official
/// images list them); empty for an unknown image.
pub fn image_tags(key: &str) -> &'static [&'static str] {
    tags_table().get(key).map_or(&[], Vec::as_slice)
}

/// Whether the tables know this image at all.
pub fn is_known_image(key: &str) -> bool {
    tags_table().contains_key(key)
}

/// Whether `image` (with or without a tag) is a bare one-word name that is no official image
/// (`tide:latest`, `build-and-lint`): no registry serves it (Docker Hub's `library/` holds only
/// official images), so it is resolved locally: an OpenShift image stream, an image loaded into a
/// local cluster, a custom runner's own image, a placeholder. Its tag does not move under anyone.
pub fn is_local_name(image: &str) -> bool {
    let name = image.split(':').next().unwrap_or(image);
    !name.is_empty() && !name.contains(['/', '.', '@', '$']) && !image_key(None, name).is_some_and(|k| is_known_image(&k))
}

/// An official image that docker-library marks deprecated (or publishes no tags of).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deprecation {
    pub snapshot: &'static str,
    pub evidence: &'static str,
}

pub fn deprecated_image(key: &str) -> Option<Deprecation> {
    DEPRECATED_TSV.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let mut parts = l.splitn(3, '\t');
        (parts.next()? == key).then_some(())?;
        Some(Deprecation {
            snapshot: parts.next()?,
            evidence: parts.next()?,
        })
    })
}

/// What the tables say about `image:tag`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagStatus {
    /// Not in the data (unknown image, or possibly newer than the snapshot).
    Unknown,
    /// Published as of the snapshot.
    Published,
    /// The version (`3.8`, `16.04`) belongs to a line no longer published; `oldest` is the oldest line still published.
    RetiredVersion { line: String, oldest: String },
    /// A variant component (`buster`, `alpine3.16`) is no longer published.
    RetiredVariant { variant: String },
}

/// The leading version of a tag component as written: `3.12.1` of `3.12.1rc1`, `3` of `v3`; `None` for `slim`.
fn version_text(comp: &str) -> Option<&str> {
    let c = comp.strip_prefix('v').unwrap_or(comp);
    if !c.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let end = c.find(|ch: char| !ch.is_ascii_digit() && ch != '.').unwrap_or(c.len());
    Some(c[..end].trim_end_matches('.'))
}

fn parse_version(text: &str) -> Option<Vec<u64>> {
    text.split('.').map(|p| p.parse().ok()).collect()
}

fn version_of(comp: &str) -> Option<Vec<u64>> {
    parse_version(version_text(comp)?)
}

fn join(v: &[u64]) -> String {
    v.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

/// Split `alpine3.16` into (`alpine`, [3, 16]).
fn alpha_version(comp: &str) -> Option<(&str, Vec<u64>)> {
    let i = comp.find(|c: char| c.is_ascii_digit())?;
    if i == 0 {
        return None;
    }
    Some((&comp[..i], version_of(&comp[i..])?))
}

pub fn tag_status(key: &str, tag: &str) -> TagStatus {
    let Some(tags) = tags_table().get(key) else {
        return TagStatus::Unknown;
    };
    if tags.contains(&tag) {
        return TagStatus::Published;
    }
    let comps: Vec<&str> = tag.split('-').collect();
    let version = version_text(comps[0]).and_then(|w| Some((w, parse_version(w)?)));
    if let Some((written, v)) = &version {
        let active: Vec<Vec<u64>> = tags.iter().filter_map(|t| version_of(t.split('-').next()?)).collect();
        if let Some(status) = version_status(written, v, &active) {
            return status;
        }
    }
    let published: Vec<&str> = tags.iter().flat_map(|t| t.split('-')).collect();
    for comp in comps
        .iter()
        .skip(usize::from(version.is_some()))
        .filter(|c| c.starts_with(|ch: char| ch.is_ascii_alphabetic()))
    {
        if published.contains(comp) {
            continue;
        }
        let retired = match alpha_version(comp) {
            // `alpine3.16` is retired when older than every `alpine3.x` still published.
            Some((name, v)) => published
                .iter()
                .filter_map(|p| alpha_version(p).filter(|(n, _)| *n == name).map(|(_, pv)| pv))
                .min()
                .is_some_and(|oldest| v < oldest),
            None => RETIRED_CODENAMES.contains(comp),
        };
        if retired {
            return TagStatus::RetiredVariant {
                variant: (*comp).to_owned(),
            };
        }
    }
    TagStatus::Unknown
}

/// The granularity at which an image publishes lines is the shortest prefix that tells several
/// published versions apart (`22` for node, `3.12` for python): compare `v` at that depth.
fn version_status(written: &str, v: &[u64], active: &[Vec<u64>]) -> Option<TagStatus> {
    if active.is_empty() {
        return None;
    }
    let depth = (1..=3)
        .find(|&k| {
            let mut lines: Vec<&[u64]> = active.iter().filter(|a| a.len() >= k).map(|a| &a[..k]).collect();
            lines.sort();
            lines.dedup();
            lines.len() >= 2
        })
        .unwrap_or(1)
        .min(v.len());
    let line = &v[..depth];
    let mut lines: Vec<&[u64]> = active.iter().filter(|a| a.len() >= depth).map(|a| &a[..depth]).collect();
    lines.sort();
    lines.dedup();
    if lines.contains(&line) {
        return None;
    }
    // Newer than everything in the snapshot: a release after it, not a retired one.
    let newest = lines.last()?;
    if line > *newest {
        return None;
    }
    Some(TagStatus::RetiredVersion {
        line: written.to_owned(),
        oldest: join(lines.first()?),
    })
}

static ACTIONS_LATEST_TSV: &str = include_str!("../data/actions-latest.tsv");
static ACTIONS_REFS_TSV: &str = include_str!("../data/actions-refs.tsv");
/// The releases of the actions outside shared/data's table that `scripts/actions-extra.txt` names
/// (`scripts/vendor-action-metadata.py`).
static ACTIONS_REFS_EXTRA_TSV: &str = include_str!("../data/actions-refs-extra.tsv");

/// What the tables know of one GitHub Action repository (`owner/repo`, lowercase).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    /// `v7`.
    pub latest_major: &'static str,
    pub latest_tag: &'static str,
    /// `v7=node24,v6=node24,…`.
    pub runtime_by_major: &'static str,
    /// Majors the repository itself calls deprecated (`v1,v2,v3`).
    pub deprecated_majors: &'static str,
    pub snapshot: &'static str,
}

impl ActionInfo {
    /// The `runs.using` of a major (`node16`), if known.
    pub fn runtime(&self, major: &str) -> Option<&'static str> {
        self.runtime_by_major
            .split(',')
            .find_map(|p| p.split_once('=').filter(|(m, _)| *m == major).map(|(_, r)| r))
    }

    pub fn is_deprecated(&self, major: &str) -> bool {
        self.deprecated_majors.split(',').any(|m| m == major)
    }
}

pub fn action_info(repo: &str) -> Option<ActionInfo> {
    let repo = repo.to_ascii_lowercase();
    ACTIONS_LATEST_TSV.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let f: Vec<&'static str> = l.split('\t').collect();
        (f.len() >= 6 && f[0] == repo).then(|| ActionInfo {
            latest_major: f[1],
            latest_tag: f[2],
            runtime_by_major: f[3],
            deprecated_majors: f[4],
            snapshot: f[5],
        })
    })
}

fn refs_table() -> &'static HashMap<&'static str, Vec<(&'static str, &'static str)>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<(&'static str, &'static str)>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<(&'static str, &'static str)>> = HashMap::new();
        for l in ACTIONS_REFS_TSV
            .lines()
            .chain(ACTIONS_REFS_EXTRA_TSV.lines())
            .filter(|l| !l.starts_with('#'))
        {
            let mut f = l.split('\t');
            if let (Some(a), Some(t), Some(c)) = (f.next(), f.next(), f.next()) {
                m.entry(a).or_default().push((t, c));
            }
        }
        m
    })
}

/// Tags of `repo` (lowercase `owner/repo`) in the snapshot, with their commits, newest first.
pub fn action_tags(repo: &str) -> &'static [(&'static str, &'static str)] {
    refs_table().get(repo.to_ascii_lowercase().as_str()).map_or(&[], Vec::as_slice)
}

/// The release tags of `repo` that point at `commit` (any case), newest first.
pub fn action_releases_of<'c>(repo: &str, commit: &'c str) -> impl Iterator<Item = &'static str> + 'c {
    action_tags(repo)
        .iter()
        .filter(move |(_, c)| c.eq_ignore_ascii_case(commit))
        .map(|(t, _)| *t)
}

static ACTION_METADATA_TSV: &str = include_str!("../data/action-metadata.tsv");

/// What one major version of an action declares in its `action.yml`.
#[derive(Debug)]
pub struct ActionMetadata {
    /// The release commit the metadata was read at.
    pub commit: &'static str,
    /// `runs.using`: `node24`, `composite`, `docker`.
    pub using: &'static str,
    pub inputs: Vec<ActionInput>,
    /// `None` when the action names its outputs after the workflow's settings (`dorny/paths-filter`).
    pub outputs: Option<Vec<&'static str>>,
}

#[derive(Debug)]
pub struct ActionInput {
    pub name: &'static str,
    /// `required: true` without a `default`.
    pub required: bool,
    /// The action's `deprecationMessage` for it, when it has one.
    pub deprecation: Option<&'static str>,
}

/// The metadata of `action` (`owner/repo` or `owner/repo/path`, any case) at `major` (`v4`), from
/// the dated table of the actions' releases; `None` when the table does not hold it.
pub fn action_metadata(action: &str, major: &str) -> Option<&'static ActionMetadata> {
    type Table = HashMap<String, ActionMetadata>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut m = Table::new();
        for l in ACTION_METADATA_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&'static str> = l.split('\t').collect();
            let [action, major, commit, using, inputs, outputs, deprecations] = f[..] else {
                continue;
            };
            let deprecation = |name: &str| deprecations.split(" ;; ").find_map(|d| d.strip_prefix(name)?.strip_prefix(": "));
            let inputs = inputs
                .split(',')
                .filter(|n| !n.is_empty())
                .map(|n| {
                    let name = n.trim_end_matches(['!', '~']);
                    ActionInput {
                        name,
                        required: n.ends_with('!'),
                        deprecation: deprecation(name),
                    }
                })
                .collect();
            let outputs = (outputs != "*").then(|| outputs.split(',').filter(|n| !n.is_empty()).collect());
            m.insert(
                format!("{}@{major}", action.to_ascii_lowercase()),
                ActionMetadata {
                    commit,
                    using,
                    inputs,
                    outputs,
                },
            );
        }
        m
    });
    table.get(&format!("{}@{major}", action.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(image: &str, tag: &str) -> TagStatus {
        tag_status(image, tag)
    }

    #[test]
    fn action_metadata_by_major() {
        let v4 = action_metadata("Actions/Checkout", "v4").expect("checkout v4");
        assert!(v4.inputs.iter().any(|i| i.name == "fetch-depth" && !i.required));
        assert_eq!(v4.outputs.as_deref(), Some(&["ref", "commit"][..]));
        assert!(action_metadata("actions/checkout", "v99").is_none());
        // Sub-path actions, required inputs and outputs named at run time.
        let creds = action_metadata("aws-actions/configure-aws-credentials", "v4").expect("aws v4");
        assert!(creds.inputs.iter().any(|i| i.name == "aws-region" && i.required));
        assert!(action_metadata("github/codeql-action/init", "v3").is_some());
        assert!(action_metadata("dorny/paths-filter", "v3").expect("paths-filter").outputs.is_none());
        // Deprecated inputs carry their message; a name that begins another's is not confused.
        let app = action_metadata("actions/create-github-app-token", "v1").expect("app token v1");
        let message = |name: &str| app.inputs.iter().find(|i| i.name == name).and_then(|i| i.deprecation);
        assert!(message("app_id").is_some_and(|m| m.contains("Use 'app-id' instead")));
        assert_eq!(message("app-id"), None);
        let buildx = action_metadata("docker/setup-buildx-action", "v3").expect("buildx v3");
        let config = buildx.inputs.iter().find(|i| i.name == "config").and_then(|i| i.deprecation);
        assert_eq!(config, Some("Use buildkitd-config instead"));
    }

    #[test]
    fn published_tags_and_lines() {
        assert_eq!(st("python", "3.13-slim"), TagStatus::Published);
        assert_eq!(st("debian", "bookworm-slim"), TagStatus::Published);
        // An older patch of a maintained line is not a retired line.
        assert_eq!(st("python", "3.12.1-slim"), TagStatus::Unknown);
        assert_eq!(st("node", "22.1.0-alpine"), TagStatus::Unknown);
    }

    #[test]
    fn retired_lines_and_variants() {
        assert!(matches!(st("python", "3.8-slim"), TagStatus::RetiredVersion { line, .. } if line == "3.8"));
        assert!(matches!(st("node", "16-alpine"), TagStatus::RetiredVersion { line, .. } if line == "16"));
        assert!(matches!(st("golang", "1.19"), TagStatus::RetiredVersion { line, .. } if line == "1.19"));
        assert!(matches!(st("ubuntu", "18.04"), TagStatus::RetiredVersion { .. }));
        assert!(matches!(st("debian", "buster-slim"), TagStatus::RetiredVariant { variant } if variant == "buster"));
        assert!(matches!(st("node", "22-alpine3.16"), TagStatus::RetiredVariant { variant } if variant == "alpine3.16"));
    }

    #[test]
    fn newer_than_the_snapshot_is_unknown() {
        assert_eq!(st("python", "3.99-slim"), TagStatus::Unknown);
        assert_eq!(st("node", "99"), TagStatus::Unknown);
        assert_eq!(st("debian", "duke-slim"), TagStatus::Unknown);
        assert_eq!(st("node", "22-alpine3.99"), TagStatus::Unknown);
        assert_eq!(st("acme/app", "1.0"), TagStatus::Unknown);
    }

    #[test]
    fn action_tables() {
        let up = action_info("actions/upload-artifact").unwrap();
        assert!(up.is_deprecated("v3") && !up.is_deprecated("v4"));
        assert_eq!(up.runtime("v3"), Some("node16"));
        assert!(action_info("Actions/Checkout").is_some());
        assert!(action_tags("actions/checkout").iter().any(|(t, _)| *t == "v4"));
        assert!(action_tags("nobody/nothing").is_empty());
        // The actions of scripts/actions-extra.txt, newest first.
        let tags = action_tags("golangci/golangci-lint-action");
        assert!(tags.iter().any(|(t, _)| *t == "v6") && tags.first().is_some_and(|(t, _)| t.starts_with('v')));
    }

    #[test]
    fn keys_and_deprecations() {
        assert_eq!(image_key(None, "library/python").as_deref(), Some("python"));
        assert_eq!(image_key(Some("docker.io"), "python").as_deref(), Some("python"));
        assert_eq!(image_key(None, "bitnami/redis"), None);
        assert!(is_known_image("gcr.io/distroless/static-debian12"));
        assert!(deprecated_image("openjdk").is_some());
        assert!(deprecated_image("nextcloud").is_none());
        assert!(deprecated_image("python").is_none());
    }
}
