//! Every domain's entry, through the engine: a file with a byte order mark is audited like the same
//! file without one, and an alias bomb in a YAML domain is one parse error found fast, in the file
//! checked and in the repository facts read from other files.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::{FileKind, classify};
use shipshape_core::engine::{Checker, FixMode};
use shipshape_core::project::Project;
use shipshape_core::testkit::{File, check};
use shipshape_core::tree::{Disk, Overlay};
use shipshape_yaml::images::ImageIndex;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `(code, span)` of every finding on `src`, classified by `name` (and content) as the engine does.
fn audit(checker: &dyn Checker, name: &str, src: &str) -> (FileKind, Vec<(&'static str, usize, usize)>) {
    let kind = classify(Path::new(name), src, false);
    let report = check(checker, File::new(kind, name), src, &["ALL"], FixMode::Off);
    let found = report
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code, f.diagnostic.span.start, f.diagnostic.span.end))
        .collect();
    (kind, found)
}

#[test]
fn a_byte_order_mark_changes_nothing_but_offsets() {
    let cases: [(&dyn Checker, &str, &str); 4] = [
        (
            &shipshape_dockerfile::DockerfileChecker::default(),
            "Dockerfile",
            "FROM ubuntu\nRUN apt-get install -y curl\nUSER root\n",
        ),
        (
            &shipshape_compose::ComposeChecker::default(),
            "deploy/stack.yaml",
            "services:\n  web:\n    image: nginx\n    privileged: true\n",
        ),
        (
            &shipshape_actions::ActionsChecker::default(),
            ".github/workflows/ci.yml",
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo \"${{ github.event.issue.title }}\"\n",
        ),
        (
            &shipshape_gitlab::GitlabChecker::default(),
            ".gitlab-ci.yml",
            "build:\n  image: docker:latest\n  services:\n    - docker:dind\n  script:\n    - curl http://x | sh\n",
        ),
    ];
    for (checker, name, src) in cases {
        let (kind, plain) = audit(checker, name, src);
        assert!(kind.is_infrastructure() && !plain.is_empty(), "{name}: {kind:?} {plain:?}");
        let bom = format!("\u{feff}{src}");
        let shifted: Vec<_> = plain.iter().map(|&(c, s, e)| (c, s + 3, e + 3)).collect();
        assert_eq!(audit(checker, name, &bom), (kind, shifted), "{name}");
    }
}

/// Lines of anchors: each a list of nine aliases of the line before (9^8 copies once expanded).
fn billion_laughs(indent: &str) -> String {
    let mut out = format!("{indent}a0: &a0 \"lol\"\n");
    for i in 1..9 {
        out.push_str(&format!("{indent}a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(",")));
    }
    out
}

/// Mappings merging the one before nine times, twelve deep.
fn merge_bomb(indent: &str) -> String {
    let mut out = format!("{indent}m0: &m0 {{k0: v}}\n");
    for i in 1..=12 {
        out.push_str(&format!(
            "{indent}m{i}: &m{i} {{<<: [{}], k{i}: v}}\n",
            vec![format!("*m{}", i - 1); 9].join(", ")
        ));
    }
    out
}

#[test]
fn a_compose_alias_bomb_is_one_parse_error_found_fast() {
    let compose = shipshape_compose::ComposeChecker::default();
    let bombs = [
        format!(
            "x-laughs:\n{}services:\n  web:\n    image: nginx:1.27\n    command: *a8\n",
            billion_laughs("  ")
        ),
        format!(
            "x-merges:\n{}services:\n  web:\n    <<: *m12\n    image: nginx:1.27\n",
            merge_bomb("  ")
        ),
    ];
    for src in &bombs {
        let started = Instant::now();
        let (kind, found) = audit(&compose, "compose.yaml", src);
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        assert_eq!(kind, FileKind::Compose);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.ends_with("000") && src[found[0].1..found[0].2].starts_with('*'),
            "{found:?}"
        );
    }
}

#[test]
fn a_bomb_elsewhere_in_the_repository_adds_nothing_to_its_facts() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    let write = |name: &str, text: &str| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    std::fs::create_dir(root.join(".git")).unwrap();
    write("app/compose.yaml", "services:\n  web:\n    image: ghcr.io/acme/web:1.0\n");
    write(
        "vendor/compose.yaml",
        &format!(
            "x-merges:\n{}services:\n  <<: *m12\n  db:\n    image: ghcr.io/acme/db:1.0\n",
            merge_bomb("  ")
        ),
    );
    write(
        "vendor/.gitlab-ci.yml",
        &format!(
            ".merges:\n{}build:\n  <<: *m12\n  script: docker build -t ghcr.io/acme/ci .\n",
            merge_bomb("  ")
        ),
    );
    let started = Instant::now();
    let index = ImageIndex::of(&Project::scan(Arc::new(Disk), root.to_path_buf()));
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert!(index.is_used("ghcr.io/acme/web"));
    assert!(!index.is_used("ghcr.io/acme/db"), "the bomb's services are not read");
    assert!(index.built.is_empty(), "{:?}", index.built.len());
}

/// The image index reads the repository's files through the project's tree: a Dockerfile a Compose
/// file builds that exists only in an `Overlay`, and an overlay's text over a release file on disk,
/// are what the index sees.
#[test]
fn the_image_index_reads_through_an_overlay() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir(root.join("app")).unwrap();
    std::fs::write(
        root.join("app/compose.yaml"),
        "services:\n  web:\n    build: .\n    image: ghcr.io/acme/web:1.0\n",
    )
    .unwrap();
    std::fs::write(root.join(".goreleaser.yml"), "project_name: acme\n").unwrap();
    let on_disk = ImageIndex::of(&Project::scan(Arc::new(Disk), root.to_path_buf()));
    assert_eq!(on_disk.built.len(), 1);
    assert_eq!(on_disk.built[0].dockerfile, None, "no Dockerfile on disk");
    assert!(!on_disk.publishes("acme/cli:1"));
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&root.join("app/Dockerfile"), "FROM alpine:3.22\n");
    overlay.insert(
        &root.join(".goreleaser.yml"),
        "dockers:\n  - image_templates:\n      - \"acme/cli:{{ .Tag }}\"\n",
    );
    let overlaid = ImageIndex::of(&Project::scan(Arc::new(overlay), root.to_path_buf()));
    assert_eq!(overlaid.dockerfile_of("acme/web"), Some(root.join("app/Dockerfile").as_path()));
    assert!(overlaid.publishes("acme/cli:1"), "{:?}", overlaid.published);
}
