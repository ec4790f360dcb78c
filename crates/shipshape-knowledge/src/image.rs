//! Image references: `[registry/]repository[:tag][@digest]`, as Docker reads them.

/// An image reference split into its parts, as written (no defaults filled in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host, when the first path component names one (has a `.` or `:`, or is
    /// `localhost`).
    pub registry: Option<String>,
    pub repo: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_owned())),
            None => (s, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(rest[last_slash + i + 1..].to_owned())),
            None => (rest, None),
        };
        let (registry, repo) = match name.split_once('/') {
            Some((first, r)) if is_registry(first) => (Some(first.to_owned()), r.to_owned()),
            _ => (None, name.to_owned()),
        };
        ImageRef {
            registry,
            repo,
            tag,
            digest,
        }
    }

    /// The repository without a `library/` prefix (`library/python` → `python`).
    pub fn short_repo(&self) -> &str {
        self.repo.strip_prefix("library/").unwrap_or(&self.repo)
    }

    /// The last path component (`ghcr.io/astral-sh/uv` → `uv`).
    pub fn basename(&self) -> &str {
        self.repo.rsplit('/').next().unwrap_or(&self.repo)
    }

    /// Whether the reference moves: no digest, and no tag (Docker reads `latest`), an empty one
    /// or `latest`.
    pub fn is_floating(&self) -> bool {
        self.digest.is_none() && matches!(self.tag.as_deref(), None | Some("" | "latest"))
    }
}

/// Which shell `/bin/sh` is in an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinSh {
    /// Debian, Ubuntu and the official images built on them.
    Dash,
    /// busybox ash: Alpine and BusyBox, and the `-alpine` variants.
    Ash,
}

/// Official images whose default variant is Debian or Ubuntu (dash as /bin/sh).
const DEBIAN_FAMILY: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "php",
    "perl",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
    "nginx",
    "httpd",
    "postgres",
    "redis",
    "haproxy",
    "elixir",
    "erlang",
    "gcc",
];
const DEBIAN_TAGS: &[&str] = &["bookworm", "bullseye", "trixie", "buster", "jammy", "noble", "focal", "resolute"];
/// Official images whose `-alpine` variants install no bash.
const ALPINE_WITHOUT_BASH: &[&str] = &["node", "python", "golang"];

impl ImageRef {
    /// Which shell `/bin/sh` is in the image, when its name tells: `None` for Fedora, the RHEL
    /// family, Windows images and anything unknown (their `/bin/sh` may be bash).
    pub fn bin_sh(&self) -> Option<BinSh> {
        let repo = self.short_repo().to_ascii_lowercase();
        let tag = self.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        if tag.contains("windows") || tag.contains("nanoserver") {
            return None;
        }
        if repo == "alpine" || repo == "busybox" || tag.contains("alpine") {
            return Some(BinSh::Ash);
        }
        (self.is_official() && (DEBIAN_FAMILY.contains(&repo.as_str()) || DEBIAN_TAGS.iter().any(|t| tag.split('-').any(|p| p == *t))))
            .then_some(BinSh::Dash)
    }

    /// Whether the image certainly has no bash (`alpine`, `busybox`, `node:22-alpine`): a CI
    /// runner that uses bash when the image has it runs scripts with busybox `sh` there.
    pub fn lacks_bash(&self) -> bool {
        let repo = self.short_repo().to_ascii_lowercase();
        let tag = self.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        self.is_official()
            && (repo == "alpine" || repo == "busybox" || (ALPINE_WITHOUT_BASH.contains(&repo.as_str()) && tag.contains("alpine")))
    }

    /// An official image of Docker Hub (`python`, `docker.io/library/python`).
    pub fn is_official(&self) -> bool {
        matches!(
            self.registry.as_deref(),
            None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io")
        ) && !self.short_repo().contains('/')
    }
}

fn is_registry(first: &str) -> bool {
    first.contains('.') || first.contains(':') || first == "localhost"
}

/// An image reference reduced to its repository path: no registry host, tag or digest, lowercase,
/// `library/` dropped (`docker.io/library/postgres:17` → `postgres`, `ghcr.io/acme/web:1` →
/// `acme/web`). `None` when the repository is templated (`${…}`, `{{ … }}`) or empty; a templated
/// tag is fine.
pub fn repository(image: &str) -> Option<String> {
    let image = image.trim().trim_matches(['"', '\'']);
    let r = ImageRef::parse(image);
    if r.repo.is_empty() || r.repo.contains(['$', '{', ' ']) || r.registry.as_deref().is_some_and(|g| g.contains(['$', '{'])) {
        return None;
    }
    let repo = r.short_repo().to_ascii_lowercase();
    (!repo.is_empty()).then_some(repo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let r = ImageRef::parse("ghcr.io/astral-sh/uv:0.9@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
        assert_eq!((r.repo.as_str(), r.basename()), ("astral-sh/uv", "uv"));
        assert_eq!((r.tag.as_deref(), r.digest.as_deref()), (Some("0.9"), Some("sha256:abc")));
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!(
            (r.registry.as_deref(), r.repo.as_str(), r.tag),
            (Some("localhost:5000"), "app", None)
        );
        assert_eq!(ImageRef::parse("library/python:3.13").short_repo(), "python");
    }

    #[test]
    fn floating() {
        for moving in ["postgres", "postgres:latest", "postgres:", "localhost:5000/app", "a/b:latest"] {
            assert!(ImageRef::parse(moving).is_floating(), "{moving}");
        }
        for pinned in [
            "postgres:17",
            "postgres@sha256:abc",
            "postgres:latest@sha256:abc",
            "localhost:5000/app:1",
        ] {
            assert!(!ImageRef::parse(pinned).is_floating(), "{pinned}");
        }
    }

    #[test]
    fn repositories() {
        assert_eq!(repository("ghcr.io/acme/web:1.2").as_deref(), Some("acme/web"));
        assert_eq!(repository("docker.io/library/postgres:17@sha256:abc").as_deref(), Some("postgres"));
        assert_eq!(repository("localhost:5000/app").as_deref(), Some("app"));
        assert_eq!(repository("Acme/Web").as_deref(), Some("acme/web"));
        assert_eq!(repository("\"nginx:1.29\"").as_deref(), Some("nginx"));
        assert_eq!(repository("${REGISTRY}/web"), None);
        assert_eq!(repository("{{ .Values.image }}"), None);
        assert_eq!(repository("ghcr.io/acme/web:${{ github.sha }}").as_deref(), Some("acme/web"));
        assert_eq!(repository(""), None);
    }
}
