//! Fixes that must take effect, never duplicate a key, and never be offered as a no-op.
#![allow(clippy::unwrap_used)]

use shipshape_actions::ActionsChecker;
use shipshape_core::classify::FileKind;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_core::testkit::{File, check};
use shipshape_yaml::Yaml;

fn run(src: &str, select: &[&str], fix: FixMode) -> FileReport {
    check(
        &ActionsChecker::default(),
        File::new(FileKind::GithubWorkflow, ".github/workflows/ci.yml"),
        src,
        select,
        fix,
    )
}

/// `src` checked as `.github/workflows/ci.yml` of a repository holding `files` (path, text).
fn run_in_repo(src: &str, files: &[&str], select: &[&str], fix: FixMode) -> FileReport {
    let dir = tempfile::tempdir().unwrap();
    for d in [".git", ".github/workflows"] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
    }
    for f in files {
        let path = dir.path().join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "\n").unwrap();
    }
    let path = dir.path().join(".github/workflows/ci.yml");
    std::fs::write(&path, src).unwrap();
    let file = File {
        kind: FileKind::GithubWorkflow,
        display: ".github/workflows/ci.yml",
        path: Some(path),
    };
    check(&ActionsChecker::default(), file, src, select, fix)
}

/// Whether some mapping of `text` holds the same key twice.
fn has_duplicate_key(text: &str) -> bool {
    !Yaml::parse(text).duplicates.is_empty()
}

const CHECKOUT_PERSIST_TRUE: &str = "on: push
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: true
          fetch-depth: 0
      - run: make
";

#[test]
fn artipacked_replaces_an_existing_persist_credentials() {
    let r = run(CHECKOUT_PERSIST_TRUE, &["GHA014"], FixMode::Unsafe);
    let fixed = r.fixed.unwrap();
    assert_eq!(
        fixed,
        CHECKOUT_PERSIST_TRUE.replace("persist-credentials: true", "persist-credentials: false")
    );
    assert!(!has_duplicate_key(&fixed), "{fixed}");
    assert_eq!(r.fixes_applied, 1);
    assert!(r.findings.is_empty());
}

#[test]
fn artipacked_replaces_a_quoted_value_and_leaves_expressions_alone() {
    let quoted = CHECKOUT_PERSIST_TRUE.replace("persist-credentials: true", "persist-credentials: \"true\"");
    let r = run(&quoted, &["GHA014"], FixMode::Unsafe);
    assert_eq!(
        r.fixed.as_deref(),
        Some(
            CHECKOUT_PERSIST_TRUE
                .replace("persist-credentials: true", "persist-credentials: false")
                .as_str()
        )
    );
    let expr = CHECKOUT_PERSIST_TRUE.replace("persist-credentials: true", "persist-credentials: ${{ inputs.persist }}");
    let r = run(&expr, &["GHA014"], FixMode::Unsafe);
    assert_eq!(
        r.fixed, None,
        "an expression is the workflow's choice: report it, do not rewrite it"
    );
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn artipacked_accepts_false_in_any_case() {
    // actions/checkout upper-cases the input and compares it with `TRUE`.
    let src = CHECKOUT_PERSIST_TRUE.replace("persist-credentials: true", "persist-credentials: False");
    assert!(run(&src, &["GHA014"], FixMode::Off).findings.is_empty());
}

#[test]
fn artipacked_does_not_edit_an_anchor_shared_with_other_steps() {
    let src = "on: push
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: &opts
          persist-credentials: true
      - uses: actions/checkout@v4
        with: *opts
      - run: make
";
    let r = run(src, &["GHA014"], FixMode::Unsafe);
    assert_eq!(r.fixed, None);
    assert_eq!(r.findings.len(), 1);
}

#[test]
fn dependency_cache_does_not_edit_an_anchor_another_step_owns() {
    // `test` caches with actions/cache; `lint` borrows its setup-node inputs. Adding `cache:` to
    // the anchor would change `test` too.
    let src = "on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
        with:
          path: ~/.npm
          key: npm-${{ hashFiles('package-lock.json') }}
      - uses: actions/setup-node@v6
        with: &node
          node-version: 22
      - run: npm ci && npm test
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v6
        with: *node
      - run: npm ci && npm run lint
";
    let r = run_in_repo(src, &["package-lock.json"], &["GHA053"], FixMode::Unsafe);
    assert_eq!(r.fixed, None);
    assert_eq!(r.findings.len(), 1, "the finding stays, without a fix");
}

fn wf(uses: &str) -> String {
    format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n")
}

#[test]
fn outdated_action_is_silent_on_the_newest_major() {
    // The table's newest major of this action still runs on node16: there is nothing to move to,
    // and the fix rewrote `@v0` to `@v0`.
    for uses in [
        "jetli/wasm-bindgen-action@v0",
        "jetli/wasm-bindgen-action@v0.2.0",
        "jetli/wasm-bindgen-action@20b33e20595891ab1a0ed73145d8a21fc96e7c29 # v0.2.0",
        "actions/checkout@v7",
        "actions/checkout@v9",
    ] {
        let r = run(&wf(uses), &["GHA006"], FixMode::Off);
        assert!(r.findings.is_empty(), "{uses}: {:?}", r.findings[0].diagnostic.message);
    }
    // An older major still fires, with a fix to the newest.
    let r = run(&wf("actions/checkout@v4"), &["GHA006"], FixMode::Unsafe);
    assert_eq!(r.fixed.as_deref(), Some(wf("actions/checkout@v7").as_str()));
}

/// The kind a documented example is (as in `rules.rs`).
fn kind_of(src: &str) -> FileKind {
    if src.starts_with("version: 2") {
        FileKind::Dependabot
    } else if src.starts_with("name:") && src.contains("\nruns:") {
        FileKind::GithubAction
    } else {
        FileKind::GithubWorkflow
    }
}

/// Every edit of every fix offered on the documented examples and alternatives (all rules on)
/// must change the text: a fix that rewrites something into itself is never offered.
#[test]
fn no_fix_is_a_no_op() {
    use shipshape_actions::rules::ALL;
    use shipshape_core::testkit::doc_block;
    let mut failures = Vec::new();
    let mut fixes = 0;
    let documented = ALL
        .iter()
        .flat_map(|r| ["Example", "Use instead"].map(|section| (r.meta.code, section, format!("{}\n", doc_block(r.meta.docs, section)))));
    // Inputs that once drew a no-op fix.
    let known = [("GHA006", "newest major", wf("jetli/wasm-bindgen-action@v0"))];
    for (code, section, src) in documented.chain(known) {
        let kind = kind_of(&src);
        let display = if kind == FileKind::Dependabot {
            ".github/dependabot.yml"
        } else {
            ".github/workflows/ci.yml"
        };
        let r = check(&ActionsChecker::default(), File::new(kind, display), &src, &["ALL"], FixMode::Off);
        for f in &r.findings {
            for fix in f.diagnostic.fix.iter() {
                fixes += 1;
                for e in &fix.edits {
                    if e.span.text(&src) == e.replacement {
                        failures.push(format!("{}: `{}` on {code} {section}", f.diagnostic.rule.code, fix.message));
                    }
                }
            }
        }
    }
    assert!(fixes > 20, "only {fixes} fixes seen: the test checks too little");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn step(uses_line: &str) -> String {
    format!(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - {uses_line}\n        with:\n          registry: ghcr.io\n"
    )
}

/// `--fix` output, then: no GHA005/GHA024 left, a second `--fix` changes nothing.
fn pinned(src: &str, fix: FixMode) -> Option<String> {
    let fixed = run(src, &["GHA005"], fix).fixed?;
    let again = run(&fixed, &["GHA005", "GHA024"], FixMode::Unsafe);
    assert!(again.findings.is_empty(), "{fixed}");
    assert_eq!(again.fixed, None, "not idempotent:\n{fixed}");
    Some(fixed)
}

#[test]
fn unpinned_uses_pins_an_exact_release_safely() {
    let src = step("uses: docker/login-action@v3.6.0");
    assert_eq!(
        pinned(&src, FixMode::Safe).unwrap(),
        step("uses: docker/login-action@5e57cd118135c172c3672efd75eb46360885c0ef # v3.6.0")
    );
    // Quotes, other comments and sub-paths are kept; a version comment is replaced.
    for (before, after) in [
        (
            "uses: \"docker/login-action@v3.6.0\"  # registry login",
            "uses: \"docker/login-action@5e57cd118135c172c3672efd75eb46360885c0ef\" # v3.6.0  # registry login",
        ),
        (
            "uses: 'docker/login-action@v3.6.0' # v3.6.0",
            "uses: 'docker/login-action@5e57cd118135c172c3672efd75eb46360885c0ef' # v3.6.0",
        ),
        (
            "uses: docker/login-action@v3.6.0 # tag=v3.6.0 (renovate)",
            "uses: docker/login-action@5e57cd118135c172c3672efd75eb46360885c0ef # tag=v3.6.0 (renovate)",
        ),
    ] {
        assert_eq!(pinned(&step(before), FixMode::Safe).unwrap(), step(after), "{before}");
    }
}

#[test]
fn unpinned_uses_pins_a_major_tag_only_as_an_unsafe_fix() {
    let src = step("uses: docker/login-action@v3 # v3");
    assert_eq!(run(&src, &["GHA005"], FixMode::Safe).fixed, None);
    assert_eq!(
        pinned(&src, FixMode::Unsafe).unwrap(),
        step("uses: docker/login-action@c94ce9fb468520275223c153574b00df6fe4bcc9 # v3.7.0")
    );
    // A lagging major tag: the release it points at (v47 = v47.0.0), not the newest v47.x.
    assert_eq!(
        pinned(&step("uses: tj-actions/changed-files@v47"), FixMode::Unsafe).unwrap(),
        step("uses: tj-actions/changed-files@24d32ffd492484c1d75e0c0b894501ddb9d30d62 # v47.0.0")
    );
    // No `v8` tag in the table: the newest v8 release, named exactly in the comment.
    assert_eq!(
        pinned(&step("uses: astral-sh/setup-uv@v8"), FixMode::Unsafe).unwrap(),
        step("uses: astral-sh/setup-uv@11f9893b081a58869d3b5fccaea48c9e9e46f990 # v8.3.2")
    );
    // A major tag on a commit that is no release: the newest release of the line.
    assert_eq!(
        pinned(&step("uses: uraimo/run-on-arch-action@v3"), FixMode::Unsafe).unwrap(),
        step("uses: uraimo/run-on-arch-action@f9b26e3a1a408d5fd530d20c17b9f3f4428ff8d9 # v3.1.0")
    );
}

#[test]
fn unpinned_uses_offers_no_fix_it_cannot_know() {
    for uses in [
        "uses: reviewdog/action-shellcheck@v1", // not in the table
        "uses: docker/login-action@v3.99.0",    // newer than the snapshot
        "uses: docker/login-action@main",       // a branch
        "uses: docker/login-action@v99",        // no such line in the table
    ] {
        let r = run(&step(uses), &["GHA005"], FixMode::Unsafe);
        assert_eq!(r.findings.len(), 1, "{uses}");
        assert_eq!(r.fixed, None, "{uses}");
    }
    // In a flow mapping a comment would swallow the closing brace.
    let flow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{uses: docker/login-action@v3.6.0}]\n";
    let r = run(flow, &["GHA005"], FixMode::Unsafe);
    assert_eq!((r.findings.len(), r.fixed), (1, None));
}

/// GHA053 suggests a cache only when the file the setup action keys it on is in the repository:
/// without it, `cache:` fails the step.
#[test]
fn dependency_cache_needs_the_lock_file_in_the_repository() {
    let job = |setup: &str, run: &str| {
        format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {setup}\n      - run: {run}\n")
    };
    let node = job("actions/setup-node@v6", "npm ci && npm test");
    let yarn = job("actions/setup-node@v6", "yarn install --frozen-lockfile");
    let pnpm = job("actions/setup-node@v6", "pnpm install");
    let pip = job("actions/setup-python@v6", "pip install -r requirements/dev.txt");
    let poetry = job("actions/setup-python@v6", "poetry install");
    let maven = job("actions/setup-java@v5", "mvn -B verify");
    let cases: &[(&str, &[&str], usize)] = &[
        (&node, &["package-lock.json"], 1),
        (&node, &["yarn.lock"], 1),
        (&node, &[], 0),
        // setup-node reads the root only.
        (&node, &["web/package-lock.json"], 0),
        (&yarn, &["yarn.lock"], 1),
        (&yarn, &["package-lock.json"], 0),
        (&pnpm, &["pnpm-lock.yaml"], 1),
        (&pnpm, &["package-lock.json"], 0),
        // setup-python's default patterns are `**/requirements.txt` and `**/pyproject.toml`.
        (&pip, &["backend/requirements.txt"], 1),
        (&pip, &["pyproject.toml"], 1),
        (&pip, &["requirements/dev.txt"], 0),
        (&pip, &[], 0),
        (&poetry, &["poetry.lock"], 1),
        (&poetry, &["pyproject.toml"], 0),
        (&maven, &["pom.xml"], 1),
        (&maven, &[], 0),
    ];
    for (src, files, want) in cases {
        let r = run_in_repo(src, files, &["GHA053"], FixMode::Off);
        assert_eq!(r.findings.len(), *want, "{files:?}\n{src}");
    }
    // A named `cache-dependency-path:` is the user's choice of file.
    let named = node.replace(
        "      - uses: actions/setup-node@v6\n",
        "      - uses: actions/setup-node@v6\n        with:\n          cache-dependency-path: web/package-lock.json\n",
    );
    assert_eq!(
        run_in_repo(&named, &["web/package-lock.json"], &["GHA053"], FixMode::Off)
            .findings
            .len(),
        1
    );
    // Outside a repository (stdin, no `.git`) the lock file cannot be checked.
    assert!(run(&node, &["GHA053"], FixMode::Off).findings.is_empty());
    // The fix, where offered, round-trips.
    let fixed = run_in_repo(&node, &["package-lock.json"], &["GHA053"], FixMode::Unsafe)
        .fixed
        .unwrap();
    assert!(fixed.contains("        with:\n          cache: npm\n"), "{fixed}");
    assert!(
        run_in_repo(&fixed, &["package-lock.json"], &["GHA053"], FixMode::Unsafe)
            .findings
            .is_empty()
    );
}

/// A release job that publishes gets no cache suggestion: a cache there is what GHA015 reports
/// (a fuzzing case: GHA053's fix was dropped every time for the GHA015 finding it introduced).
#[test]
fn dependency_cache_is_not_suggested_to_a_release_job_that_publishes() {
    let release = "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n      - run: npm ci && npm publish\n";
    assert!(
        run_in_repo(release, &["package-lock.json"], &["GHA053", "GHA015"], FixMode::Off)
            .findings
            .is_empty()
    );
    // The same job on push to a branch, testing only, gets it.
    let ci = release
        .replace("  release:\n    types: [published]\n", "  push:\n    branches: [main]\n")
        .replace("npm publish", "npm test");
    assert_eq!(
        run_in_repo(&ci, &["package-lock.json"], &["GHA053"], FixMode::Off).findings.len(),
        1
    );
}
