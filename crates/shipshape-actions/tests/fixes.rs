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

/// Whether some mapping of `text` holds the same key twice.
fn has_duplicate_key(text: &str) -> bool {
    !Yaml::parse(text).duplicates.is_empty()
}

const CHECKOUT_PERSIST_TRUE: &str = "on: push
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
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: &opts
          persist-credentials: true
      - uses: actions/checkout@v4
        with: *opts
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
    let r = run(src, &["GHA053"], FixMode::Unsafe);
    assert_eq!(r.fixed, None);
    assert_eq!(r.findings.len(), 1, "the finding stays, without a fix");
}
