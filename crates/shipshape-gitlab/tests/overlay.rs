//! `include: local` files and the repository root are read through the run's `SourceTree` (issue
//! 14): files that exist only in an `Overlay` (an editor's unsaved buffer, a file an agent is about
//! to write) are followed as if they were on disk.
#![allow(clippy::unwrap_used, clippy::panic)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_core::testkit::{File, check_tree, spans};
use shipshape_core::tree::{Disk, Overlay, SourceTree};
use shipshape_gitlab::GitlabChecker;
use std::path::Path;
use std::sync::Arc;

/// The engine run on one pipeline file at `path`, reading the files beside it from `tree`: the
/// (code, span text) of its findings, sorted.
fn run_tree(tree: Arc<dyn SourceTree>, path: &Path, src: &str, select: &[&str]) -> Vec<(String, String)> {
    let display = path.display().to_string();
    let file = File {
        kind: FileKind::GitlabCi,
        display: &display,
        path: Some(path.to_path_buf()),
    };
    let r = check_tree(tree, &GitlabChecker::default(), file, src, select, FixMode::Off);
    let mut got = spans(&r, src);
    got.sort();
    got
}

#[test]
fn overlay_includes_are_followed_for_jobs_and_stages() {
    // Nothing is written to disk: the directory is empty.
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join(".gitlab-ci.yml");
    let src = "include:\n  - local: /.gitlab/ci/build.yml\npkg:\n  extends: .base\n  stage: publish\n  needs: [compile]\n  script: make pkg\nbad:\n  stage: ship\n  needs: [nope]\n  script: x\n";
    let select = &["GL007", "GL008"];

    // On disk the include cannot be read: names defined elsewhere may exist, nothing is judged.
    assert!(run_tree(Arc::new(Disk), &main, src, select).is_empty(), "on disk");

    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&dir.path().join(".git"), "");
    overlay.insert(&main, src);
    overlay.insert(
        &dir.path().join(".gitlab/ci/build.yml"),
        "stages: [build, test, publish]\n.base:\n  image: alpine:3.22\ninclude:\n  - local: .gitlab/ci/more.yml\n",
    );
    overlay.insert(
        &dir.path().join(".gitlab/ci/more.yml"),
        "compile:\n  stage: build\n  script: make\n",
    );
    let got = run_tree(Arc::new(overlay), &main, src, select);
    let want: Vec<(String, String)> = [("GL007", "ship"), ("GL008", "nope")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "through the overlay");
}

#[test]
fn the_repository_root_is_found_through_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ci/templates/build.yml");
    assert_eq!(shipshape_gitlab::model::repo_root(&Disk, &file), dir.path().join("ci/templates"));
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&dir.path().join(".git"), "");
    overlay.insert(&file, "build:\n  script: make\n");
    assert_eq!(shipshape_gitlab::model::repo_root(&overlay, &file), dir.path());
}
