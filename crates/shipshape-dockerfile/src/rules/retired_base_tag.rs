use crate::model::ImageRef;
use crate::rules::image_untagged::external_images;
use crate::{Ctx, rule};
use shipshape_core::data::{self, TagStatus};
use shipshape_core::{Diagnostic, Span};

rule! {
    code: "DF087", name: "retired-base-image-tag", severity: Warning, category: Security, default: true, fix: None,
    peers: [], options: [],
    summary: "Do not build on a version or distribution that its official image no longer publishes",
    what: "Flags official-image tags whose version line (`python:3.8`, `node:16`, `golang:1.21`) or distribution variant (`-buster`, `-alpine3.16`) the image no longer publishes, judged against a dated table of every published tag. Versions newer than the table are never flagged.",
    why: "When an official image stops publishing a line, that line has reached end of life: the tag still pulls, but it will never get another security fix.",
    example: "FROM python:3.8-slim-buster",
    instead: "FROM python:3.13-slim-bookworm",
    fix_safety: "No automatic fix: moving to a newer language or distribution release can change behaviour.",
    refs: "- https://github.com/docker-library/official-images (the `library/` files list the published tags)\n- shipshape's table: `shared/data/base-images.tsv`, snapshot 2026-08-21",
    spans: ["3.8-slim-buster"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // The newest line costs a few hundred table lookups: once per image and line, not per stage.
    let mut newest: std::collections::HashMap<(String, String), Option<String>> = std::collections::HashMap::new();
    for (image, span) in external_images(cx) {
        let r = ImageRef::parse(&image);
        let (Some(key), Some(tag)) = (data::image_key(r.registry.as_deref(), &r.repo), r.tag.as_deref()) else {
            continue;
        };
        if data::deprecated_image(&key).is_some() {
            continue; // DF086 says more.
        }
        let tag_span = span_of_tag(cx.src, span, tag);
        match data::tag_status(&key, tag) {
            TagStatus::RetiredVersion { line, .. } if release_matrix(cx, &key, &line) => {}
            TagStatus::RetiredVersion { line, oldest } => out.push(
                Diagnostic::new(
                    meta(),
                    tag_span,
                    format!("`{key}` no longer publishes version {line}: it gets no security updates"),
                )
                .help(
                    match newest
                        .entry((key.clone(), line.clone()))
                        .or_insert_with(|| newest_line(&key, &line, &oldest))
                        .clone()
                    {
                        Some(newest) => format!(
                            "move to the current line, `{key}:{newest}` (the newest published as of {})",
                            data::BASE_IMAGES_SNAPSHOT
                        ),
                        None => format!(
                            "move to a maintained line (versions from {oldest} on are published, as of {})",
                            data::BASE_IMAGES_SNAPSHOT
                        ),
                    },
                ),
            ),
            TagStatus::RetiredVariant { variant } => out.push(
                Diagnostic::new(
                    meta(),
                    tag_span,
                    format!("`{key}` no longer publishes `{variant}` variants: they get no security updates"),
                )
                .help(format!(
                    "move to a supported distribution release (table of {})",
                    data::BASE_IMAGES_SNAPSHOT
                )),
            ),
            TagStatus::Unknown | TagStatus::Published => {}
        }
    }
}

/// Whether the file is one of a set built on purpose per release: its path names the version
/// (`fedora-38-amd64/Dockerfile`, `Dockerfile.node16`) and the repository's Dockerfiles build the
/// image at three versions or more (CZ-NIC/bird's CI images, one per Fedora and Ubuntu release,
/// kept to test each: judged not worth a finding, the fifty-eighth sample).
fn release_matrix(cx: &Ctx, key: &str, line: &str) -> bool {
    let Some(path) = cx.file.path.as_deref() else { return false };
    // One part of the path names both: `fedora-38-amd64`, `Dockerfile.node16`, `python3.8`.
    let name = key.rsplit('/').next().unwrap_or(key);
    let joined = format!("{name}{line}");
    let names_it = path.to_string_lossy().to_ascii_lowercase().split(['/', '\\']).any(|part| {
        part.contains(name)
            && part
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                .flat_map(|t| [t, t.strip_prefix("dockerfile.").unwrap_or(t)])
                .any(|t| t == line || t == joined)
    });
    if !names_it {
        return false;
    }
    let Some(project) = cx.core.projects.of(path) else { return false };
    project.fact(Lines::of).0.get(key).is_some_and(|l| l.len() >= 3)
}

/// Per official image, the version lines the repository's Dockerfiles build from.
struct Lines(std::collections::HashMap<String, std::collections::HashSet<String>>);

impl Lines {
    fn of(p: &shipshape_core::project::Project) -> Lines {
        let mut lines: std::collections::HashMap<String, std::collections::HashSet<String>> = Default::default();
        for path in p.of_kind(&[shipshape_core::classify::FileKind::Dockerfile]) {
            let Some(text) = p.tree().read(path) else { continue };
            for stage in shipshape_knowledge::dockerfile::Facts::of(&text).stages {
                let r = ImageRef::parse(&stage.base);
                if let (Some(key), Some(tag)) = (data::image_key(r.registry.as_deref(), &r.repo), r.tag.as_deref()) {
                    let version = tag.split(['-', '_']).next().unwrap_or(tag);
                    if version.starts_with(|c: char| c.is_ascii_digit()) {
                        lines.entry(key).or_default().insert(version.to_owned());
                    }
                }
            }
        }
        Lines(lines)
    }
}

/// The newest stable line the table publishes, as a tag that exists: found by asking for version tags
/// from `oldest` (the oldest published line, at the depth the image publishes lines) upwards. A line counts
/// when its bare version is a published tag (`3.14`, `26`; a release candidate publishes only `3.15-rc`),
/// or that version with the extra components the user wrote (`ubuntu:18.04` → `26.04`).
fn newest_line(key: &str, written: &str, oldest: &str) -> Option<String> {
    let oldest: Vec<u64> = oldest.split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let extra: Vec<&str> = written.split('.').skip(oldest.len()).collect();
    let published = |line: &str| {
        let with_extra = std::iter::once(line).chain(extra.iter().copied()).collect::<Vec<_>>().join(".");
        [line.to_owned(), with_extra]
            .into_iter()
            .find(|t| data::tag_status(key, t) == TagStatus::Published)
    };
    let candidates: Vec<Vec<u64>> = match oldest.as_slice() {
        [major] => (*major..major + 100).map(|m| vec![m]).collect(),
        [major, minor] => (*major..major + 4)
            .flat_map(|m| {
                let from = if m == *major { *minor } else { 0 };
                (from..from + 100).map(move |n| vec![m, n])
            })
            .collect(),
        _ => return None,
    };
    candidates
        .iter()
        .rev()
        .find_map(|c| published(&c.iter().map(u64::to_string).collect::<Vec<_>>().join(".")))
}

/// The tag inside the image reference's span when it is written literally, else the whole reference.
fn span_of_tag(src: &str, span: Span, tag: &str) -> Span {
    let text = span.text(src);
    match text.rfind(&format!(":{tag}")) {
        Some(i) => Span::new(span.start + i + 1, span.start + i + 1 + tag.len()),
        None => span,
    }
}
