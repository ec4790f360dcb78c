//! Every rule's documented example fires it and its "use instead" does not; spans are exact.
#![allow(clippy::unwrap_used)]

use shipshape_actions::ActionsChecker;
use shipshape_actions::rules::ALL;
use shipshape_core::classify::FileKind;
use shipshape_core::config::ConfigFile;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_core::testkit::doc_block as block;
use shipshape_core::testkit::{File, check_tree, check_with};
use shipshape_core::testkit::{example_failures, spans};
use shipshape_core::tree::{Disk, Overlay};
use std::path::PathBuf;
use std::sync::Arc;

/// Options the documented examples assume (rules that are silent unless configured).
const EXAMPLE_CONFIG: &str = r#"
[rules.GHA036]
deny = ["tj-actions/changed-files"]
"#;

fn run(src: &str, select: &[&str], fix: FixMode) -> FileReport {
    run_as(src, select, fix, FileKind::GithubWorkflow)
}

fn run_as(src: &str, select: &[&str], fix: FixMode, kind: FileKind) -> FileReport {
    run_at(src, select, fix, kind, None)
}

fn run_at(src: &str, select: &[&str], fix: FixMode, kind: FileKind, path: Option<PathBuf>) -> FileReport {
    let config: ConfigFile = toml::from_str(EXAMPLE_CONFIG).unwrap();
    let display = if kind == FileKind::Dependabot {
        ".github/dependabot.yml"
    } else {
        ".github/workflows/ci.yml"
    };
    let file = File { kind, display, path };
    check_with(&ActionsChecker::default(), &config, file, src, select, fix)
}

/// The kind a documented example is: dependabot examples start with `version: 2`.
fn kind_of(src: &str) -> FileKind {
    if src.starts_with("version: 2") {
        FileKind::Dependabot
    } else if src.starts_with("name:") && src.contains("\nruns:") {
        FileKind::GithubAction
    } else {
        FileKind::GithubWorkflow
    }
}

fn findings(src: &str, select: &[&str]) -> Vec<(String, String)> {
    spans(&run_as(src, select, FixMode::Off, kind_of(src)), src)
}

/// Rules whose examples need the repository around the workflow.
fn needs_repo(code: &str) -> bool {
    code.starts_with("XF") || code == "GHA053"
}

/// A repository for the cross-file (`XF`) rules' examples: `deploy/app.yaml` runs `ghcr.io/acme/web`;
/// GHA053's: `package-lock.json` at the root.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for d in [".git", ".github/workflows", "deploy"] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
    }
    std::fs::write(
        dir.path().join("deploy/app.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.4.0\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("package-lock.json"), "{}\n").unwrap();
    dir
}

/// Findings of `code` on a workflow: inside `repo()` for cross-file rules, alone otherwise.
fn findings_for(code: &str, src: &str) -> Vec<(String, String)> {
    if !needs_repo(code) {
        return findings(src, &[code]);
    }
    spans(&run_in_repo(src, &[code], FixMode::Off), src)
}

/// A workflow checked at `.github/workflows/release.yml` of `repo()`.
fn run_in_repo(src: &str, select: &[&str], fix: FixMode) -> FileReport {
    let dir = repo();
    let path = dir.path().join(".github/workflows/release.yml");
    std::fs::write(&path, src).unwrap();
    run_at(src, select, fix, FileKind::GithubWorkflow, Some(path))
}

#[test]
fn documented_examples_fire_with_exact_spans_and_alternatives_do_not() {
    let failures = example_failures(ALL.iter().map(|r| &r.meta), &["GHA000", "GHA001"], |code, text, _, select| {
        if select == [code] {
            findings_for(code, text)
        } else {
            findings(text, select)
        }
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixes_apply_and_are_idempotent() {
    for rule in ALL.iter().filter(|r| r.meta.fixable()) {
        let code = rule.meta.code;
        let bad = format!("{}\n", block(rule.meta.docs, "Example"));
        let go = |src: &str| {
            if needs_repo(code) {
                run_in_repo(src, &[code], FixMode::Unsafe)
            } else {
                run_as(src, &[code], FixMode::Unsafe, kind_of(src))
            }
        };
        let fixed = go(&bad);
        let text = fixed.fixed.clone().unwrap_or_else(|| panic!("{code}: no fix"));
        assert!(
            fixed.findings.iter().all(|f| f.diagnostic.rule.code != code),
            "{code}: still fires:\n{text}"
        );
        assert!(go(&text).fixed.is_none(), "{code}: not idempotent");
        assert!(
            findings(&text, &["GHA000", "GHA001"]).is_empty(),
            "{code}: the fixed file does not re-parse:\n{text}"
        );
        let good = format!("{}\n", block(rule.meta.docs, "Use instead"));
        assert_eq!(text, good, "{code}: the fix should produce the documented alternative");
    }
}

#[test]
fn parse_errors_and_duplicates() {
    let c = findings("on: push\njobs:\n  a: [\n", &["GHA000"]);
    assert_eq!(c.len(), 1);
    let c = findings("on: push\njobs:\n  a: {}\n  a: {}\n", &["GHA001"]);
    assert_eq!(c, vec![("GHA001".to_owned(), "a".to_owned())]);
    assert_eq!(findings("- a\n- b\n", &["GHA000"]).len(), 1);
}

#[test]
fn template_injection_precision() {
    let wf = |expr: &str| {
        format!(
            "on: [pull_request_target, issue_comment, push, workflow_run]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ {expr} }}}}\n"
        )
    };
    for safe in [
        "github.sha",
        "github.run_id",
        "github.event.pull_request.head.sha",
        "github.event.pull_request.number",
        "steps.x.outcome",
        "github.event.repository.name",
        "secrets.X",
        "matrix.os",
    ] {
        assert!(findings(&wf(safe), &["GHA002"]).is_empty(), "{safe} is safe");
    }
    assert_eq!(
        run(&wf("github.event.label.name"), &["GHA002"], FixMode::Off).findings[0]
            .diagnostic
            .confidence,
        shipshape_core::Confidence::Medium
    );
    for safe in ["github.event.workflow_run.head_sha", "github.event.pusher.name"] {
        assert!(findings(&wf(safe), &["GHA002"]).is_empty(), "{safe} is safe");
    }
    for bad in [
        "github.event.pull_request.title",
        "github.head_ref",
        "github.event.comment.body",
        "github.event.pull_request.head.ref",
        "github.event.head_commit.message",
        "github.event.workflow_run.head_branch",
    ] {
        assert_eq!(findings(&wf(bad), &["GHA002"]).len(), 1, "{bad} is dangerous");
    }
    let script = "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: console.log('${{ github.event.issue.body }}')\n";
    assert_eq!(findings(script, &["GHA002"]).len(), 1);
}

#[test]
fn unpinned_uses_policy_and_sha_comments() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    assert!(findings(&wf("actions/checkout@v4"), &["GHA005"]).is_empty());
    assert!(findings(&wf("docker/login-action@v3"), &["GHA005"]).len() == 1);
    assert!(
        findings(
            &wf("docker/login-action@0d4c9c5ea7693da7b068278f7b52bda2a190a446 # v3.2.0"),
            &["GHA005"]
        )
        .is_empty()
    );
    assert!(findings(&wf("./.github/actions/local"), &["GHA005"]).is_empty());
    assert_eq!(findings(&wf("actions/checkout"), &["GHA005"]).len(), 1);
    // A SHA pin is judged by its version comment.
    assert_eq!(
        findings(
            &wf("actions/upload-artifact@ff15f0306b3f739f7b6fd43fb5d26cd321bd4de5 # v3.2.1"),
            &["GHA006"]
        )
        .len(),
        1
    );
    assert!(findings(&wf("actions/upload-artifact@v7"), &["GHA006"]).is_empty());
    assert_eq!(findings(&wf("actions/upload-artifact@v4"), &["GHA006"]).len(), 1, "node20");
    // The newest major the table knows of pnpm/action-setup is on node20 too: moving to it fixes
    // nothing (judged wrong, precision sample 42). Its node16 v2 still has somewhere to go.
    assert!(findings(&wf("pnpm/action-setup@v3"), &["GHA006"]).is_empty());
    assert_eq!(findings(&wf("pnpm/action-setup@v2"), &["GHA006"]).len(), 1);
}

#[test]
fn ref_version_mismatch_knows_the_commit_when_not_the_comment() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    // eks-blueprints: checkout's v6.0.1 commit commented as a v4 release the table does not hold.
    let v601 = "actions/checkout@8e8c483db84b4bee98b60c0593521ed34d9990e8";
    let got = run(&wf(&format!("{v601} # v4.5.4")), &["GHA024"], FixMode::Off);
    assert_eq!(got.findings.len(), 1);
    assert!(
        got.findings[0]
            .diagnostic
            .message
            .contains("`actions/checkout`: the comment says `v4.5.4` but the commit is `v6.0.1`"),
        "{}",
        got.findings[0].diagnostic.message
    );
    for bad in [
        format!("\"{v601}\" # v4.5.4"),
        format!("{v601} # v4"),
        // A quoted pin is read up to its closing quote.
        "'actions/checkout@9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0'  # v7.0.1".to_owned(),
    ] {
        assert_eq!(findings(&wf(&bad), &["GHA024"]).len(), 1, "{bad}");
    }
    for good in [
        format!("{v601} # v6.0.1"),
        format!("\"{v601}\" # v6.0.1"),
        format!("{v601} # v6"),
        // Same major, newer than the snapshot: not known to be wrong.
        format!("{v601} # v6.0.9"),
        // A commit the table does not know.
        "actions/checkout@0123456789012345678901234567890123456789 # v4.5.4".to_owned(),
    ] {
        assert!(findings(&wf(&good), &["GHA024"]).is_empty(), "{good}");
    }
}

/// The messages of one rule on a workflow.
fn messages(src: &str, code: &str) -> Vec<String> {
    run(src, &[code], FixMode::Off)
        .findings
        .into_iter()
        .map(|f| f.diagnostic.message.to_string())
        .collect()
}

#[test]
fn messages_name_the_action_as_written() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    assert_eq!(
        messages(&wf("docker/build-push-action@v5"), "GHA005"),
        ["`docker/build-push-action` is pinned to `v5`, which its owner can move"]
    );
    assert_eq!(
        messages(&wf("docker/build-push-action@main"), "GHA005"),
        ["`docker/build-push-action` is pinned to `main`, which is not a release tag: a branch moves with every push"]
    );
    // A ref named for no version need not be a branch (taiki-e/install-action's `@cargo-llvm-cov`
    // is a tag its owner moves: the twenty-eighth sample).
    assert_eq!(
        messages(&wf("taiki-e/install-action@cargo-llvm-cov"), "GHA005"),
        ["`taiki-e/install-action` is pinned to `cargo-llvm-cov`, which names no version: a branch, or a tag its owner moves"]
    );
    // A monorepo's per-action tag names a version (the thirty-eighth sample).
    assert_eq!(
        messages(&wf("acme/ci-actions/.github/actions/run-tests@run-tests/v1"), "GHA005"),
        ["`acme/ci-actions/.github/actions/run-tests` is pinned to `run-tests/v1`, which its owner can move"]
    );
    assert_eq!(
        messages(&wf("docker/build-push-action"), "GHA005"),
        ["`docker/build-push-action` has no `@ref`, which GitHub rejects"]
    );
    assert_eq!(
        messages(&wf("Actions/Upload-Artifact@v3"), "GHA006"),
        ["`Actions/Upload-Artifact@v3` no longer runs on github.com"]
    );
    assert_eq!(
        messages(&wf("Actions-rs/cargo@v1"), "GHA070"),
        ["`Actions-rs/cargo` is archived: it gets no fixes"]
    );
    assert_eq!(
        messages(&wf("sergeysova/jq-action@v2"), "GHA031"),
        ["`sergeysova/jq-action` can be replaced by `jq`, preinstalled on GitHub runners"]
    );
    // A checkout of the head is reported for what it is; running the code is not shown by it alone.
    let prt = "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n";
    assert_eq!(
        messages(prt, "GHA007"),
        ["a `pull_request_target` workflow checks out the pull request's code, with the base repository's secrets and token"]
    );
}

#[test]
fn outdated_action_keeps_the_quotes_of_a_sha_pin() {
    let src = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: \"actions/upload-artifact@ff15f0306b3f739f7b6fd43fb5d26cd321bd4de5\" # v3.2.1\n        with:\n          path: dist\n";
    let fixed = run(src, &["GHA006"], FixMode::Unsafe).fixed.unwrap();
    let line = fixed.lines().nth(5).unwrap();
    assert!(line.starts_with("      - uses: \"actions/upload-artifact@"), "{line}");
    assert!(line.ends_with("\" # v7.0.0"), "{line}");
    assert!(findings(&fixed, &["GHA006", "GHA024", "GHA000"]).is_empty(), "{fixed}");
}

#[test]
fn expression_functions_and_bare_conditions() {
    let wf = |cond: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: {cond}\n        run: echo ${{{{ github.sha }}}}\n"
        )
    };
    assert_eq!(
        findings(&wf("${{ startswit(github.ref, 'v') }}"), &["GHA013"]),
        vec![("GHA013".to_owned(), "s".to_owned())]
    );
    assert_eq!(findings(&wf("${{ contains(github.ref) }}"), &["GHA013"]).len(), 1);
    assert_eq!(findings(&wf("github.event_name == 'push' &&"), &["GHA013"]).len(), 1);
    assert!(findings(&wf("github.event_name == 'push' && !cancelled()"), &["GHA013"]).is_empty());
    assert!(findings(&wf("${{ toJSON(fromJSON('[1]')) != '' }}"), &["GHA013"]).is_empty());
    assert_eq!(findings(&wf("\"${{ github.sha\""), &["GHA013"]).len(), 1);
    // `if: !cancelled()` is a YAML tag and an empty condition; quoted, or a standard tag, it is not.
    assert_eq!(
        findings(&wf("!cancelled()"), &["GHA013"]),
        vec![("GHA013".to_owned(), "!cancelled()".to_owned())]
    );
    assert!(findings(&wf("\"!cancelled()\""), &["GHA013"]).is_empty());
    assert!(findings(&wf("!!str always()"), &["GHA013"]).is_empty());
}

fn job_wf(jobs: &str) -> String {
    format!("on: push\njobs:\n{jobs}")
}

#[test]
fn structural_checks_precision() {
    // A cycle is reported once; a diamond is not a cycle.
    let cycle = job_wf("  a:\n    needs: b\n    runs-on: x\n    steps: []\n  b:\n    needs: [a]\n    runs-on: x\n    steps: []\n");
    assert_eq!(findings(&cycle, &["GHA039"]).len(), 1);
    let diamond = job_wf(
        "  a:\n    runs-on: x\n    steps: []\n  b:\n    needs: a\n    runs-on: x\n    steps: []\n  c:\n    needs: a\n    runs-on: x\n    steps: []\n  d:\n    needs: [b, c]\n    runs-on: x\n    steps: []\n",
    );
    assert!(findings(&diamond, &["GHA039"]).is_empty());
    // Job ids are case-insensitive (hypothesis's `needs: tests` of the job `Tests`, the sixty-fourth
    // sample); a cycle through differently cased names is still one.
    let cased = job_wf("  Tests:\n    runs-on: x\n    steps: []\n  coverage:\n    needs: tests\n    runs-on: x\n    steps: []\n");
    assert!(findings(&cased, &["GHA039", "GHA044"]).is_empty());
    assert_eq!(findings(&cycle.replace("needs: [a]", "needs: [A]"), &["GHA039"]).len(), 1);
    // Matrix keys from `include:` count; a computed strategy is not checked.
    let include = job_wf(
        "  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        os: [a]\n        include:\n          - os: a\n            extra: x\n    steps:\n      - run: echo ${{ matrix.extra }} ${{ matrix.os }}\n",
    );
    assert!(findings(&include, &["GHA043"]).is_empty());
    let computed =
        job_wf("  t:\n    runs-on: ubuntu-latest\n    strategy: ${{ fromJSON(x) }}\n    steps:\n      - run: echo ${{ matrix.any }}\n");
    assert!(findings(&computed, &["GHA043"]).is_empty());
    // A matrix of no rows runs the job never (data-on-eks, the sixty-sixth sample); no matrix at all
    // is reported.
    let empty = job_wf(
        "  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include: []\n    steps:\n      - run: echo ${{ matrix.path }}\n",
    );
    assert!(findings(&empty, &["GHA043"]).is_empty());
    let none = job_wf("  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.path }}\n");
    assert_eq!(findings(&none, &["GHA043"]).len(), 1);
    // A later step is not yet available; job outputs may read any step.
    let later = job_wf(
        "  t:\n    runs-on: ubuntu-latest\n    outputs:\n      v: ${{ steps.b.outputs.v }}\n    steps:\n      - run: echo ${{ steps.b.outputs.v }}\n      - id: b\n        run: echo\n",
    );
    let got = findings(&later, &["GHA042"]);
    assert_eq!(got, vec![("GHA042".to_owned(), "steps.b.outputs.v".to_owned())]);
    // A composite action's outputs read its steps; a JavaScript action's `value:` is ignored.
    let action = |using: &str| {
        format!(
            "name: a\ndescription: d\noutputs:\n  p:\n    description: p\n    value: ${{{{ steps.upload.outputs.p }}}}\nruns:\n  using: {using}\n"
        )
    };
    let composite = action("composite\n  steps:\n    - run: echo\n      shell: bash");
    let got = run_as(&composite, &["GHA042"], FixMode::Off, FileKind::GithubAction).severities();
    assert_eq!(got.len(), 1, "{got:?}");
    let node = action("node24\n  main: dist/main.cjs");
    assert!(
        run_as(&node, &["GHA042"], FixMode::Off, FileKind::GithubAction)
            .severities()
            .is_empty()
    );
    // `needs.X` must be listed; reusable-call outputs are not checked.
    let needs = job_wf(
        "  a:\n    uses: ./.github/workflows/x.yml\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.anything }} ${{ needs.c.result }}\n",
    );
    assert_eq!(
        findings(&needs, &["GHA044"]),
        vec![("GHA044".to_owned(), "needs.c.result".to_owned())]
    );
    // A job only upstream of this one's needs: its `if:` sees it (actions/runner#2356; Sefaria's
    // `sandbox-ready`, the seventieth sample), a warning; a step reads it empty, an error.
    let upstream = job_wf(
        "  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  c:\n    needs: b\n    if: needs.a.result == 'success'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.result }}\n",
    );
    let r = run(&upstream, &["GHA044"], FixMode::Off);
    use shipshape_core::Severity;
    assert_eq!(r.severities(), [Severity::Warning, Severity::Error]);
    // Contexts: `secrets` in a job-level env is fine, in a job `if:` it is not; unknown names are.
    let ctx = job_wf(
        "  a:\n    if: secrets.X\n    runs-on: ubuntu-latest\n    env:\n      T: ${{ secrets.T }}\n    steps:\n      - run: echo ${{ gihub.sha }}\n",
    );
    let got: Vec<String> = findings(&ctx, &["GHA041"]).into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, ["secrets", "gihub"]);
    // `${{ insert }}` as a key merges a mapping in (the runner's undocumented template keyword:
    // hackclub/hcb, the fifty-ninth sample); `insert.x` is no context.
    let insert = job_wf(
        "  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n        env:\n          ${{ insert }}: ${{ matrix.env || fromJSON('{}') }}\n      - run: echo ${{ insert.x }}\n",
    );
    let got: Vec<String> = findings(&insert, &["GHA041"]).into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, ["insert"], "only `insert.x`");
    // Cron: ranges, names, steps.
    for ok in ["*/15 * * * *", "0 0 * * MON-FRI", "30 2 1,15 JAN *", "0 0 * * 7"] {
        let wf = format!("on:\n  schedule:\n    - cron: '{ok}'\njobs: {{}}\n");
        assert!(findings(&wf, &["GHA045"]).is_empty(), "{ok}");
    }
    for bad in ["* * * * *", "0 0 32 * *", "0 0 * * MON-XYZ", "0 0 * *", "*/0 * * * *"] {
        let wf = format!("on:\n  schedule:\n    - cron: '{bad}'\njobs: {{}}\n");
        assert_eq!(findings(&wf, &["GHA045"]).len(), 1, "{bad}");
    }
    // Runner labels: self-hosted sets, expressions and configured labels are accepted.
    for ok in [
        "[self-hosted, gpu]",
        "${{ matrix.os }}",
        "macos-15",
        "{group: big}",
        "ubuntu-x64",
        "ubuntu-24.04-ppc64le",
    ] {
        let wf = job_wf(&format!("  a:\n    runs-on: {ok}\n    steps: []\n"));
        assert!(findings(&wf, &["GHA046"]).is_empty(), "{ok}");
    }
    // A near-miss of a hosted label is a typo.
    for typo in ["ubuntu-lates", "macos-lates", "windows-2205"] {
        let wf = job_wf(&format!("  a:\n    runs-on: {typo}\n    steps: []\n"));
        assert_eq!(findings(&wf, &["GHA046"]).len(), 1, "{typo}");
    }
}

#[test]
fn composite_actions_and_dependabot_are_audited() {
    let action = "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ github.event.issue.title }}\n";
    let r = run_as(action, &["ALL"], FixMode::Off, FileKind::GithubAction);
    let codes: Vec<&str> = r.findings.iter().map(|f| f.diagnostic.rule.code).collect();
    assert!(codes.contains(&"GHA002") && codes.contains(&"GHA038"), "{codes:?}");
    let dependabot = "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n    cooldown:\n      default-days: 7\n";
    assert!(run_as(dependabot, &["ALL"], FixMode::Off, FileKind::Dependabot).findings.is_empty());
}

#[test]
fn outdated_sha_pins_move_to_the_newest_release_commit() {
    let src = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@ff15f0306b3f739f7b6fd43fb5d26cd321bd4de5 # v3.2.1\n        with:\n          path: dist\n";
    let fixed = run(src, &["GHA006"], FixMode::Unsafe).fixed.unwrap();
    let line = fixed.lines().nth(5).unwrap();
    assert!(line.starts_with("      - uses: actions/upload-artifact@"), "{line}");
    assert!(line.ends_with(" # v7.0.0"), "{line}");
    assert!(findings(&fixed, &["GHA006", "GHA024", "GHA000"]).is_empty(), "{fixed}");
    // A `set-output` line that is more than one command is reported but not rewritten.
    let two = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"::set-output name=a::1\" && make\n";
    assert_eq!(findings(two, &["GHA008"]).len(), 1);
    assert!(run(two, &["GHA008"], FixMode::Unsafe).fixed.is_none());
}

#[test]
fn hostile_input_is_total() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\non: push\njobs:\n  x: *d\n";
    let deep = format!("on: push\njobs:\n  a:\n    steps: {}1{}\n", "[".repeat(1000), "]".repeat(1000));
    let exprs = format!(
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{{{ {}github.sha{} }}}}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    for src in [
        "",
        "\u{feff}on: push\r\njobs: {}\r\n",
        "on:\n\tpush\n",
        bomb,
        &deep,
        &exprs,
        "jobs:\n  a:\n    needs: [a]\n    steps: [{uses: '@'}, {uses: '/'}]\n",
    ] {
        for kind in [FileKind::GithubWorkflow, FileKind::GithubAction, FileKind::Dependabot] {
            let _ = run_as(src, &["ALL"], FixMode::Unsafe, kind);
        }
    }
}

#[test]
fn unused_built_images_need_a_push_and_a_repository_that_deploys() {
    let at = |dir: &tempfile::TempDir, src: &str| {
        let path = dir.path().join(".github/workflows/release.yml");
        std::fs::write(&path, src).unwrap();
        run_at(src, &["XF001"], FixMode::Off, FileKind::GithubWorkflow, Some(path))
            .findings
            .len()
    };
    let wf = |run: &str| format!("on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          {run}\n");
    let dir = repo();
    // Built and pushed by a script: fires for another name, not for the deployed one.
    assert_eq!(
        at(&dir, &wf("docker build -t ghcr.io/acme/api:1 . && docker push ghcr.io/acme/api:1")),
        1
    );
    assert_eq!(
        at(&dir, &wf("docker build -t ghcr.io/acme/web:1 . && docker push ghcr.io/acme/web:1")),
        0
    );
    // Built but not pushed (a CI test build): silent.
    assert_eq!(at(&dir, &wf("docker build -t ghcr.io/acme/api:1 .")), 0);
    // build-push-action without `push: true` builds only.
    let action = "on: push\njobs:\n  image:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: ghcr.io/acme/api:1\n";
    assert_eq!(at(&dir, action), 0);
    // A Dockerfile that builds FROM the image counts as a use.
    let dir2 = repo();
    std::fs::write(dir2.path().join("Dockerfile"), "FROM ghcr.io/acme/api:1\n").unwrap();
    assert_eq!(
        at(&dir2, &wf("docker build -t ghcr.io/acme/api:1 . && docker push ghcr.io/acme/api:1")),
        0
    );
    // A repository with no Compose file or manifest publishes for others: silent.
    let lib = repo();
    std::fs::remove_file(lib.path().join("deploy/app.yaml")).unwrap();
    assert_eq!(
        at(&lib, &wf("docker build -t ghcr.io/acme/api:1 . && docker push ghcr.io/acme/api:1")),
        0
    );
}

/// What GHA014 and GHA042 derive per job (the token's permissions, step ids) holds for every step
/// of it.
#[test]
fn per_job_facts_hold_for_every_step() {
    use shipshape_core::Confidence;
    let src = "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n      - run: make\n  b:\n    runs-on: x\n    permissions:\n      pull-requests: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: acme/comment@v1\n";
    let got: Vec<Confidence> = run(src, &["GHA014"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.confidence)
        .collect();
    assert_eq!(got, [Confidence::High, Confidence::High, Confidence::High]);
    let src = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: build\n        run: make\n      - run: echo ${{ steps.biuld.outputs.x }} ${{ steps.biuld.outputs.y }} ${{ steps.late.outputs.z }}\n      - id: late\n        run: echo\n      - id: build\n        run: echo\n";
    let r = run(src, &["GHA042"], FixMode::Off);
    let got: Vec<(&str, Option<&str>)> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.message.as_str(), f.diagnostic.help.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            // Once per line: the two references are one mistake.
            ("no step has `id: biuld`", Some("did you mean `build`?")),
            (
                "step `late` runs after this point",
                Some("a step can only read the outputs of steps before it")
            ),
        ]
    );
}

/// Each `${{ }}` of a long script is located at its own place (the n-th occurrence of a repeated
/// one at the n-th place), and one fix moves every place of an injected value into `env:`.
#[test]
fn repeated_expressions_are_located_and_fixed_together() {
    let src = "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo \"${{ github.event.pull_request.title }}\"\n          echo ${{ steps.nope.outputs.a }}\n          echo ${{ steps.nope.outputs.a }} \"${{ github.event.pull_request.title }}\"\n";
    let r = run(src, &["GHA042"], FixMode::Off);
    let lines: Vec<usize> = r.findings.iter().map(|f| src[..f.diagnostic.span.start].lines().count()).collect();
    assert_eq!(lines, [8, 9], "each occurrence at its own line");
    let r = run(src, &["GHA002"], FixMode::Off);
    assert_eq!(r.findings.len(), 1, "one finding per injected expression text");
    let fixed = run(src, &["GHA002"], FixMode::Unsafe).fixed.unwrap();
    assert_eq!(
        fixed,
        "on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo \"${PULL_REQUEST_TITLE}\"\n          echo ${{ steps.nope.outputs.a }}\n          echo ${{ steps.nope.outputs.a }} \"${PULL_REQUEST_TITLE}\"\n        env:\n          PULL_REQUEST_TITLE: ${{ github.event.pull_request.title }}\n"
    );
}

/// Jobs are looked up by id (GHA039 unknown needs and cycles, GHA044 outputs) the same way for
/// every reference.
#[test]
fn needs_are_resolved_for_every_job() {
    let src = "on: push\njobs:\n  build:\n    runs-on: x\n    outputs:\n      v: x\n    steps:\n      - run: echo\n  t1:\n    needs: [biuld, c2]\n    runs-on: x\n    steps:\n      - run: echo ${{ needs.c2.outputs.v }}\n  t2:\n    needs: biuld\n    runs-on: x\n    steps:\n      - run: echo\n  c1:\n    needs: c2\n    runs-on: x\n    steps:\n      - run: echo\n  c2:\n    needs: [c1, build]\n    runs-on: x\n    steps:\n      - run: echo ${{ needs.build.outputs.v }} ${{ needs.build.outputs.w }}\n";
    let r = run(src, &["GHA039", "GHA044"], FixMode::Off);
    let got: Vec<(&str, &str)> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.rule.code, f.diagnostic.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("GHA039", "job `t1` needs `biuld`, which is not a job here"),
            ("GHA044", "job `c2` declares no output `v`"),
            ("GHA039", "job `t2` needs `biuld`, which is not a job here"),
            ("GHA039", "`needs:` forms a cycle: c2 → c1 → c2"),
            ("GHA044", "job `build` declares no output `w`"),
        ]
    );
    let helps: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.diagnostic.message.contains("biuld"))
        .map(|f| f.diagnostic.help.as_deref())
        .collect();
    assert_eq!(helps, [Some("did you mean `build`?"); 2]);
}

/// False alarms of the judged precision sample (docs/precision.md): updates of a multi-ecosystem
/// group take their schedule from the group, and pre-commit is an ecosystem.
#[test]
fn dependabot_multi_ecosystem_groups_and_pre_commit() {
    let src = "version: 2\nmulti-ecosystem-groups:\n  src-ad:\n    schedule:\n      interval: weekly\nupdates:\n  - package-ecosystem: docker\n    directories: [\"/src/ad/**\"]\n    patterns: [\"*\"]\n    multi-ecosystem-group: src-ad\n  - package-ecosystem: pre-commit\n    directory: /\n    schedule:\n      interval: weekly\n";
    let r = run_as(src, &["GHA063"], FixMode::Off, FileKind::Dependabot);
    assert!(
        r.findings.is_empty(),
        "{:?}",
        r.findings.iter().map(|f| &f.diagnostic.message).collect::<Vec<_>>()
    );
    // An update outside a group still needs its schedule.
    let src = "version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: /\n";
    assert_eq!(run_as(src, &["GHA063"], FixMode::Off, FileKind::Dependabot).findings.len(), 1);
}

/// The forty-ninth sample (judged not worth acting on): an earlier step already put the token where
/// every later step reads it (the global git config, or `$GITHUB_ENV` for the `env.` token the
/// checkout is given), so persisting it again exposes nothing new.
#[test]
fn artipacked_is_silent_when_the_token_is_already_on_disk() {
    let wf = |first: &str, with: &str| {
        format!(
            "on: push\npermissions: write-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {first}\n      - uses: actions/checkout@v4{with}\n      - run: make deploy\n"
        )
    };
    let count = |src: &str| run(src, &["GHA014"], FixMode::Off).findings.len();
    let global =
        "git config --global url.\"https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/\".insteadOf \"https://github.com/\"";
    assert_eq!(count(&wf(global, "")), 0);
    assert_eq!(count(&wf("echo hello", "")), 1, "nothing on disk before");
    // Another token in the global config does not cover the default one.
    assert_eq!(count(&wf(&global.replace("secrets.GITHUB_TOKEN", "secrets.BOT_PAT"), "")), 1);
    let exported = "echo \"GITHUB_TOKEN=$TOKEN\" >> $GITHUB_ENV";
    let env_token = "\n        with:\n          token: ${{ env.GITHUB_TOKEN }}";
    assert_eq!(count(&wf(exported, env_token)), 0);
    assert_eq!(
        count(&wf(exported, &env_token.replace("env.GITHUB_TOKEN", "secrets.DEPLOY_TOKEN"))),
        1
    );
}

/// blockscout's `./.github/actions/setup-repo` (eleven findings judged not worth acting on, the
/// sixty-ninth sample): the repository's own action logs in to GHCR with the job's token it is
/// given, so the token is in `~/.docker/config.json` for every later step anyway.
#[test]
fn artipacked_is_silent_after_a_local_action_logs_in_with_the_job_token() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join(".github/actions/setup")).unwrap();
    std::fs::create_dir_all(repo.join(".github/workflows")).unwrap();
    std::fs::write(
        repo.join(".github/actions/setup/action.yml"),
        "name: setup\ninputs:\n  github-token:\n    required: true\nruns:\n  using: composite\n  steps:\n    - uses: docker/login-action@v3\n      with:\n        registry: ghcr.io\n        username: ${{ github.actor }}\n        password: ${{ inputs.github-token }}\n",
    )
    .unwrap();
    let at = |token: &str| {
        let src = format!(
            "on: push\npermissions:\n  packages: write\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: ./.github/actions/setup\n        with:\n          github-token: ${{{{ {token} }}}}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n"
        );
        let path = repo.join(".github/workflows/release.yml");
        std::fs::write(&path, &src).unwrap();
        let file = File::at(FileKind::GithubWorkflow, &path);
        check_tree(Arc::new(Disk), &ActionsChecker::default(), file, &src, &["GHA014"], FixMode::Off)
            .findings
            .len()
    };
    assert_eq!(at("secrets.GITHUB_TOKEN"), 0);
    assert_eq!(at("secrets.BOT_PAT"), 1, "another token: the job's stays only in .git/config");
}

/// Mailu's image jobs (judged not worth it twice, the seventy-fifth sample): a script that pipes the
/// job's token into `docker login` (here in a retry action's `command:`) leaves it in
/// `~/.docker/config.json` for every later step anyway.
#[test]
fn artipacked_is_silent_after_a_script_logs_in_with_the_job_token() {
    let src = |login: &str| {
        format!(
            "on: push\npermissions:\n  packages: write\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: nick-fields/retry@v3\n        with:\n          command: echo \"${{{{ {login} }}}}\" | docker login --username me --password-stdin ghcr.io && make push\n"
        )
    };
    assert!(findings(&src("github.token"), &["GHA014"]).is_empty());
    assert_eq!(findings(&src("secrets.BOT_PAT"), &["GHA014"]).len(), 1);
}

/// Checkout v6 and later keep the token outside `.git/config` (docs/precision.md): GHA014 is silent
/// on them, by tag or by a SHA the dated table knows.
#[test]
fn artipacked_is_silent_from_checkout_v6() {
    for uses in ["actions/checkout@v6", "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd"] {
        let src = format!(
            "on: push\npermissions: write-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n      - run: make\n"
        );
        assert!(run(&src, &["GHA014"], FixMode::Off).findings.is_empty(), "{uses}");
    }
    let src = "on: push\npermissions: write-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: make\n";
    assert_eq!(run(src, &["GHA014"], FixMode::Off).findings.len(), 1);
    // Only GitHub's own actions after the checkout (CodeQL's template): nothing new sees the token.
    let codeql = "on: push\npermissions:\n  security-events: write\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: github/codeql-action/init@v4\n      - uses: github/codeql-action/analyze@v4\n";
    assert!(run(codeql, &["GHA014"], FixMode::Off).findings.is_empty());
}

/// manticoresearch (judged not worth it, the sixty-fifth sample): after the checkout only the
/// repository owner's own actions run; a third party's action still sees the token.
#[test]
fn artipacked_counts_the_owners_actions_as_its_own() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = https://github.com/acme/app.git\n",
    )
    .unwrap();
    let path = dir.path().join(".github/workflows/ci.yml");
    let count = |uses: &str| {
        let src = format!(
            "on: push\npermissions:\n  contents: write\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: {uses}\n"
        );
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["GHA014"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .len()
    };
    assert_eq!(count("acme/download-artifact-with-retries@v1"), 0);
    assert_eq!(count("other/publish-results@v1"), 1);
}

/// Values GitHub constrains are no injection (docs/precision.md): a repository's full name, booleans.
#[test]
fn template_injection_skips_constrained_values() {
    let src = "on: pull_request_target\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          [ \"${{ github.event.pull_request.head.repo.full_name }}\" == \"${{ github.repository }}\" ]\n          [[ \"${{ github.event.created }}\" == \"true\" ]]\n          echo \"${{ github.event.pull_request.head.repo.name }}\"\n";
    assert!(run(src, &["GHA002"], FixMode::Off).findings.is_empty());
    let bad = "on: pull_request_target\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n";
    assert_eq!(run(bad, &["GHA002"], FixMode::Off).findings.len(), 1);
}

/// A reusable workflow (`on: workflow_call`) gets its secrets from the caller and runs in the caller's
/// concurrency group: GHA034 and GHA026 leave it alone (as zizmor does), and still flag the same jobs
/// in a workflow that runs on its own.
#[test]
fn reusable_workflows_leave_secrets_and_concurrency_to_the_caller() {
    let wf = |on: &str| {
        format!(
            "on:\n{on}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{{{ secrets.DEPLOY_TOKEN }}}}\n"
        )
    };
    let called = wf("  workflow_call:\n    secrets:\n      DEPLOY_TOKEN:\n        required: true");
    let both = wf("  push:\n  workflow_call:");
    let alone = wf("  push:");
    for code in ["GHA034", "GHA026"] {
        assert!(findings(&called, &[code]).is_empty(), "{code} on a called workflow");
        assert!(findings(&both, &[code]).is_empty(), "{code} on a workflow that may be called");
        assert_eq!(findings(&alone, &[code]).len(), 1, "{code} on a workflow run by push");
    }
    // A job that calls a reusable workflow runs under the called workflow's `concurrency:`.
    let call = "  call:\n    uses: acme/w/.github/workflows/d.yml@3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e\n";
    let calls_only = format!("on: push\njobs:\n{call}");
    assert!(findings(&calls_only, &["GHA026"]).is_empty(), "{calls_only}");
    let mixed = format!("{alone}{call}");
    assert_eq!(findings(&mixed, &["GHA026"]).len(), 1, "{mixed}");
}

/// A job that calls a reusable workflow passes its token on: with no `permissions:` anywhere, the
/// called workflow gets the repository default, so the caller is flagged. A workflow only ever
/// called has its token capped by the caller, which is where GHA003 asks for `permissions:`.
#[test]
fn missing_permissions_counts_reusable_workflow_calls() {
    for uses in [
        "./.github/workflows/release.yml",
        "acme/workflows/.github/workflows/deploy.yml@3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e",
    ] {
        let src = format!("on: push\njobs:\n  call:\n    uses: {uses}\n");
        assert_eq!(findings(&src, &["GHA003"]).len(), 1, "{uses}");
        let top = format!("on: push\npermissions:\n  contents: read\njobs:\n  call:\n    uses: {uses}\n");
        assert!(findings(&top, &["GHA003"]).is_empty(), "{uses} under top-level permissions");
        let job = format!("on: push\njobs:\n  call:\n    permissions:\n      contents: read\n    uses: {uses}\n");
        assert!(findings(&job, &["GHA003"]).is_empty(), "{uses} with job permissions");
    }
    let steps = "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: make test\n";
    assert!(findings(&format!("on: workflow_call\n{steps}"), &["GHA003"]).is_empty());
    // Its calls of further workflows get at most what its caller grants (pytorch, the sixty-fourth sample).
    assert!(
        findings(
            "on: workflow_call\njobs:\n  call:\n    uses: ./.github/workflows/x.yml\n",
            &["GHA003"]
        )
        .is_empty()
    );
    assert_eq!(findings(&format!("on: [push, workflow_call]\n{steps}"), &["GHA003"]).len(), 1);
    assert_eq!(findings(&format!("on: push\n{steps}"), &["GHA003"]).len(), 1);
    // `run:` steps alone that never name the token hand it to nothing (mfem's trigger job, the
    // sixty-third sample); one that passes it on does.
    let curl = "on: push\njobs:\n  trigger:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -X POST -H \"Authorization: token ${{ secrets.PYMFEM_TOKEN }}\" https://api.github.com/repos/o/r/dispatches\n";
    assert!(findings(curl, &["GHA003"]).is_empty());
    let gh = "on: push\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr edit 1 --add-label x\n        env:\n          GH_TOKEN: ${{ github.token }}\n";
    assert_eq!(findings(gh, &["GHA003"]).len(), 1);
}

/// An expression whose result is a boolean expands to `true`/`false`, never to the text it reads
/// (duckdb's `${{ github.event.label.name == 'reproduced' }}`); values that pass text on still fire.
#[test]
fn template_injection_skips_boolean_results() {
    let wf = |expr: &str| {
        format!(
            "on: [pull_request_target, issues]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n"
        )
    };
    for safe in [
        "github.event.label.name == 'reproduced'",
        "github.event.pull_request.title != ''",
        "github.head_ref < 'm'",
        "!github.event.pull_request.title",
        "contains(github.event.pull_request.title, '[skip]')",
        "startsWith(github.head_ref, 'release/')",
        "endsWith(github.event.issue.body, 'x')",
        "github.event.issue.title && 'yes'",
        "format('{0}', github.event.issue.title == 'x')",
        "case(github.head_ref == 'main', 'prod', 'dev')",
        "toJSON(contains(github.event.comment.body, '/deploy'))",
    ] {
        assert!(
            findings(&wf(safe), &["GHA002"]).is_empty(),
            "{safe} expands to a boolean or a constant"
        );
    }
    for bad in [
        "github.event.pull_request.title",
        "github.head_ref || 'main'",
        "github.event.label.name == 'x' && github.event.issue.title || 'none'",
        "format('{0}', github.event.issue.title)",
        "toJSON(github.event.issue.body)",
        "case(github.ref == 'main', github.head_ref, 'dev')",
        "join(github.event.pull_request.labels.*.name, ',')",
    ] {
        assert_eq!(findings(&wf(bad), &["GHA002"]).len(), 1, "{bad} can expand to attacker text");
    }
}

/// GHA053 respects a deliberate choice: `cache:` written with any value (even empty), and
/// `package-manager-cache:` on `actions/setup-node` v5+ (false turns the automatic cache off on
/// purpose, true asks for it).
#[test]
fn dependency_cache_respects_explicit_cache_settings() {
    let wf = |with: &str| {
        format!(
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v5\n        with:\n          node-version: 22\n{with}      - run: npm ci && npm test\n"
        )
    };
    for quiet in [
        "          package-manager-cache: false\n",
        "          package-manager-cache: true\n",
        "          cache: ''\n",
        "          cache:\n",
        "          cache: ${{ matrix.cache }}\n",
        "          cache: npm\n",
    ] {
        assert!(findings_for("GHA053", &wf(quiet)).is_empty(), "{quiet}");
    }
    assert_eq!(findings_for("GHA053", &wf("")).len(), 1);
}

/// Majors whose action.yml files differ (`composite|node20`: a composite wrapper and the node
/// action it runs; `docker|node20`) are judged by their Node.js runtime, as a warning (which file a
/// sub-path uses is not in the table); the newest major is never called outdated.
#[test]
fn outdated_action_reads_mixed_runtimes() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    for (uses, severity, node) in [
        ("github/codeql-action/init@v3", shipshape_core::Severity::Warning, "node20"),
        ("github/codeql-action/upload-sarif@v3", shipshape_core::Severity::Warning, "node20"),
        ("release-drafter/release-drafter@v6", shipshape_core::Severity::Warning, "node20"),
        ("release-drafter/release-drafter@v5", shipshape_core::Severity::Warning, "node16"),
        ("actions/upload-artifact@v4", shipshape_core::Severity::Warning, "node20"),
        // Retired, but GitHub forces it onto a newer Node.js: it still runs (judged: not an error).
        ("actions/checkout@v3", shipshape_core::Severity::Warning, "node16"),
    ] {
        let f = run(&wf(uses), &["GHA006"], FixMode::Off).findings;
        assert_eq!(f.len(), 1, "{uses}");
        assert_eq!(f[0].diagnostic.severity, severity, "{uses}");
        assert!(f[0].diagnostic.message.contains(node), "{uses}: {}", f[0].diagnostic.message);
    }
    // Deprecated by its maintainers: a warning; refused by GitHub: an error.
    let f = run(&wf("github/codeql-action/init@v2"), &["GHA006"], FixMode::Off).findings;
    assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Warning);
    for refused in ["actions/upload-artifact@v3", "actions/download-artifact@v2", "actions/cache@v2"] {
        let f = run(&wf(refused), &["GHA006"], FixMode::Off).findings;
        assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Error, "{refused}");
    }
    for current in [
        "github/codeql-action/init@v4",
        "github/codeql-action/analyze@v4.37.1",
        "release-drafter/release-drafter@v7",
        "actions/cache@v6",
        "github/codeql-action/init@v5",
    ] {
        assert!(run(&wf(current), &["GHA006"], FixMode::Off).findings.is_empty(), "{current}");
    }
}

/// A branch moves with every push: `@main`, `@master` or any ref that is not a release tag is
/// unpinned whoever the owner is; `tag-allowed-owners` trusts tags, not branches.
#[test]
fn unpinned_uses_flags_branches_of_every_owner() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    for branch in [
        "actions/checkout@main",
        "actions/setup-node@master",
        "github/codeql-action/init@main",
        "Actions/cache@develop",
        "acme/deploy@main",
        "actions/checkout@releases/v4",
    ] {
        assert_eq!(findings(&wf(branch), &["GHA005"]).len(), 1, "{branch}");
    }
    for tag in [
        "actions/checkout@v4",
        "actions/checkout@v4.2.2",
        "github/codeql-action/init@v3.28.0",
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
    ] {
        assert!(findings(&wf(tag), &["GHA005"]).is_empty(), "{tag}");
    }
    let job = "on: push\njobs:\n  call:\n    uses: actions/reusable/.github/workflows/ci.yml@main\n";
    assert_eq!(findings(job, &["GHA005"]).len(), 1);
}

/// `inputs.X` is free text only for `string` inputs (zizmor's template-injection: string inputs
/// are arbitrary, boolean/number/choice/environment fixed): those fire, with medium confidence
/// both when only `workflow_dispatch` starts the workflow and when it can be called but no caller
/// in a repository is known (see `template_injection_judges_a_called_input_by_its_callers`).
#[test]
fn template_injection_flags_string_inputs_only() {
    let wf = |on: &str, expr: &str| {
        format!("on:\n{on}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n")
    };
    let dispatch = "  workflow_dispatch:\n    inputs:\n      name:\n        type: string\n      notes:\n        description: no type is a string\n      dry:\n        type: boolean\n      count:\n        type: number\n      env:\n        type: environment\n      level:\n        type: choice\n        options: [a, b]";
    let call =
        "  workflow_call:\n    inputs:\n      name:\n        type: string\n        required: true\n      dry:\n        type: boolean";
    let confidence = |src: &str| {
        let r = run(src, &["GHA002"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{src}");
        r.findings[0].diagnostic.confidence
    };
    assert_eq!(confidence(&wf(call, "inputs.name")), shipshape_core::Confidence::Medium);
    assert_eq!(confidence(&wf(dispatch, "inputs.name")), shipshape_core::Confidence::Medium);
    assert_eq!(confidence(&wf(dispatch, "inputs.notes")), shipshape_core::Confidence::Medium);
    assert_eq!(
        confidence(&wf(dispatch, "github.event.inputs.name")),
        shipshape_core::Confidence::Medium
    );
    for (on, expr) in [
        (dispatch, "inputs.dry"),
        (dispatch, "inputs.count"),
        (dispatch, "inputs.env"),
        (dispatch, "inputs.level"),
        (dispatch, "github.event.inputs.level"),
        (call, "inputs.dry"),
        (call, "inputs.name == 'x'"),
        (call, "inputs.undefined"),
        ("  push:", "inputs.name"),
    ] {
        assert!(findings(&wf(on, expr), &["GHA002"]).is_empty(), "{expr} under {on}");
    }
    // A composite action's inputs are untyped: not flagged.
    let action = "name: a\ndescription: d\ninputs:\n  name:\n    description: n\nruns:\n  using: composite\n  steps:\n    - run: echo \"${{ inputs.name }}\"\n      shell: bash\n";
    assert!(findings(action, &["GHA002"]).is_empty());
}

/// Deploy rules decide from what a job runs, never from its id or `name:`.
#[test]
fn deploy_rules_ignore_job_names() {
    const DEPLOY_RULES: &[&str] = &["GHA056", "GHA058", "GHA059", "GHA069"];
    let count = |src: &str, code: &str| findings(src, &[code]).len();
    // A job called `deploy` that only runs the tests.
    let named_deploy = "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n  deploy:\n    name: Deploy to production\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      # kubectl apply -f k8s/ (disabled)\n";
    for code in DEPLOY_RULES {
        assert_eq!(count(named_deploy, code), 0, "{code}");
    }
    // A job called `ci` that deploys.
    let ci_deploys = "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  ci:\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart\n";
    for code in ["GHA056", "GHA058", "GHA059"] {
        assert_eq!(count(ci_deploys, code), 1, "{code}");
    }
    // `always()` on a job that needs nothing ignores no failure; with `needs:` it does.
    assert_eq!(count(ci_deploys, "GHA069"), 0);
    assert_eq!(count(&ci_deploys.replace("  ci:\n", "  ci:\n    needs: unit\n"), "GHA069"), 1);
    // A job called `test` that runs no tests is not the tests a deploy must wait for.
    let named_test = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n";
    assert_eq!(count(named_test, "GHA056"), 0);
    // Waiting for a reusable-workflow call (which may be the tests) is not reported.
    let reusable = "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n  e2e:\n    uses: ./.github/workflows/e2e.yml\n  ship:\n    needs: e2e\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n";
    assert_eq!(count(reusable, "GHA056"), 0);
}

#[test]
fn author_association_is_a_fixed_word_and_labels_are_set_by_triagers() {
    let wf = |expr: &str| {
        format!(
            "on: pull_request_target\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n"
        )
    };
    // OWNER, MEMBER, CONTRIBUTOR…: GitHub's enum, not attacker text.
    for expr in [
        "github.event.comment.author_association",
        "github.event.pull_request.author_association",
    ] {
        assert!(findings(&wf(expr), &["GHA002"]).is_empty(), "{expr}");
    }
    // Label names are set by people with triage access: a warning saying so, not an outsider error.
    for expr in ["github.event.label.name", "github.event.pull_request.labels.*.name"] {
        let r = run(&wf(expr), &["GHA002"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{expr}");
        let d = &r.findings[0].diagnostic;
        assert_eq!(d.severity, shipshape_core::Severity::Warning, "{expr}");
        assert!(d.message.contains("triage access"), "{}", d.message);
    }
    assert_eq!(findings(&wf("github.event.pull_request.title"), &["GHA002"]).len(), 1);
}

/// ehrbase (judged wrong, the forty-seventh sample): a `repository_dispatch`'s `client_payload` is
/// sent with a token that has write access: info that says so, not an outsider's value.
#[test]
fn a_dispatch_payload_is_set_by_people_with_write_access() {
    let wf = "on:\n  repository_dispatch:\n    types: [pact]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"${{ github.event.client_payload.branch }}\"\n";
    let r = run(wf, &["GHA002"], FixMode::Off);
    assert_eq!(r.findings.len(), 1);
    let d = &r.findings[0].diagnostic;
    assert_eq!(d.severity, shipshape_core::Severity::Info);
    assert!(
        d.message.contains("write access") && !d.message.contains("outsider"),
        "{}",
        d.message
    );
    // So is a deployment's (Wellcome Collection's accessibility check, the fifty-first sample).
    let deploy = "on: deployment_status\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"${{ github.event.deployment.environment }}\"\n";
    assert_eq!(
        run(deploy, &["GHA002"], FixMode::Off).severities(),
        [shipshape_core::Severity::Info]
    );
}

/// Only people with write access publish a release: its tag, name and notes in a `release:`
/// workflow are a medium-confidence warning saying so, not "can be set by an outsider" (judged wrong
/// on a real repository: `${{ github.event.release.tag_name }}` was an error).
#[test]
fn release_fields_are_set_by_people_with_write_access() {
    let wf = |expr: &str| {
        format!(
            "on:\n  release:\n    types: [published]\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n"
        )
    };
    for expr in [
        "github.event.release.tag_name",
        "github.event.release.name",
        "github.event.release.body",
    ] {
        let r = run(&wf(expr), &["GHA002"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{expr}");
        let d = &r.findings[0].diagnostic;
        // Write access can already run any code (the sixteenth sample: not worth a default
        // finding): info, shown when the rule is named.
        assert_eq!(d.severity, shipshape_core::Severity::Info, "{expr}");
        assert_eq!(d.confidence, shipshape_core::Confidence::Medium, "{expr}");
        assert!(
            d.message.contains("write access") && !d.message.contains("outsider"),
            "{}",
            d.message
        );
    }
    // Still silent on what nobody chooses, still an outsider error on what outsiders write.
    assert!(findings(&wf("github.event.release.id"), &["GHA002"]).is_empty());
    let r = run(
        &wf("github.event.pull_request.title").replace("  release:\n", "  pull_request_target:\n  release:\n"),
        &["GHA002"],
        FixMode::Off,
    );
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
    assert!(r.findings[0].diagnostic.message.contains("outsider"));
}

#[test]
fn secrets_inherit_to_a_workflow_of_this_repository_is_not_flagged() {
    let wf = |uses: &str| format!("on: push\npermissions: {{}}\njobs:\n  d:\n    uses: {uses}\n    secrets: inherit\n");
    let local = run(&wf("./.github/workflows/deploy.yml"), &["GHA011"], FixMode::Off);
    assert!(local.findings.is_empty(), "{:?}", local.findings);
    let other = run(
        &wf("acme/workflows/.github/workflows/deploy.yml@3f1c2a9e8b7d6c5f4e3a2b1c0d9e8f7a6b5c4d3e"),
        &["GHA011"],
        FixMode::Off,
    );
    assert_eq!(other.findings[0].diagnostic.severity, shipshape_core::Severity::Warning);
}

/// helm-charts' integration test installs charts into a kind cluster on the runner: not a deploy.
#[test]
fn installing_into_a_throwaway_cluster_on_the_runner_is_not_a_deploy() {
    let job = |setup: &str| {
        format!(
            "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  ci:\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n{setup}      - run: helm upgrade --install app ./chart\n"
        )
    };
    for setup in [
        "      - uses: helm/kind-action@v1\n",
        "      - run: kind create cluster --wait 60s\n",
        "      - run: minikube start\n",
    ] {
        for code in ["GHA056", "GHA058", "GHA059"] {
            assert!(findings(&job(setup), &[code]).is_empty(), "{code} {setup}");
        }
    }
    assert_eq!(findings(&job(""), &["GHA058"]).len(), 1);
}

/// hoppscotch: a secret passed as an argument (`printf` inside `$( … )` feeds the command, not the
/// log) or written to `.env` is pasted into the script (a warning) but not printed (an error).
#[test]
fn secret_in_run_is_an_error_only_when_the_script_prints_it() {
    let wf = |run: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n{run}");
    let severities = |script: &str| {
        let r = run(&wf(script), &["GHA052"], FixMode::Off);
        assert!(!r.findings.is_empty(), "{script}");
        r.severities()
    };
    use shipshape_core::Severity::{Error, Warning};
    for quiet in [
        "          docker buildx imagetools create -t ${{ secrets.ORG }}/app:latest \\\n            $(printf '${{ secrets.ORG }}/app@sha256:%s ' *)\n",
        "          if [ ! -z \"${{ secrets.ENV_FILE }}\" ]; then\n            echo \"${{ secrets.ENV_FILE }}\" > .env\n            echo \"Created .env file from repository secret\"\n          fi\n",
        "          echo \"${{ secrets.TOKEN }}\" | docker login -u me --password-stdin ghcr.io\n",
        "          echo \"token=${{ secrets.TOKEN }}\" >> \"$GITHUB_OUTPUT\"\n",
    ] {
        assert!(severities(quiet).iter().all(|s| *s == Warning), "{quiet}");
    }
    for loud in [
        "          echo \"${{ secrets.TOKEN }}\"\n",
        "          echo \"${{ secrets.TOKEN }}\" | tee token.txt\n",
        "          printf '%s\\n' \"${{ secrets.TOKEN }}\" >&2\n",
    ] {
        assert_eq!(severities(loud), [Error], "{loud}");
    }
}

/// A `workflow_dispatch`-only input is set by someone with write access, who can already run any
/// code: info (the sixteenth sample judged it not worth a default finding); so is an input of a
/// workflow called only from other repositories (the seventeenth).
#[test]
fn template_injection_of_a_dispatch_only_input_is_info() {
    let wf = |on: &str| {
        format!("on:\n{on}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./release.sh ${{{{ inputs.version }}}}\n")
    };
    let severity = |src: &str| {
        let r = run(src, &["GHA002"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{src}");
        r.findings[0].diagnostic.severity
    };
    let dispatch = "  workflow_dispatch:\n    inputs:\n      version:\n        type: string";
    let call = "  workflow_call:\n    inputs:\n      version:\n        type: string";
    assert_eq!(severity(&wf(dispatch)), shipshape_core::Severity::Info);
    assert_eq!(severity(&wf(call)), shipshape_core::Severity::Info);
    assert_eq!(severity(&wf(&format!("{dispatch}\n{call}"))), shipshape_core::Severity::Info);
    // Outsider-set contexts are unchanged.
    let issue = "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n";
    assert_eq!(severity(issue), shipshape_core::Severity::Error);
}

/// `open-pull-requests-limit: 0` turns version updates off; cooldown does not delay security updates.
#[test]
fn dependabot_cooldown_is_silent_when_version_updates_are_off() {
    let cfg = |extra: &str| {
        format!("version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n{extra}")
    };
    let count = |src: &str| run_as(src, &["GHA030"], FixMode::Off, FileKind::Dependabot).findings.len();
    assert_eq!(count(&cfg("    open-pull-requests-limit: 0\n")), 0);
    assert_eq!(count(&cfg("    open-pull-requests-limit: 5\n")), 1);
    assert_eq!(count(&cfg("")), 1);
}

/// black's deliberate 2-day cooldown holds back most malicious releases (judged wrong to flag, the
/// thirty-second sample); 0 holds back nothing, unless a comment says why (golangci-lint).
#[test]
fn dependabot_cooldown_flags_only_an_unexplained_zero() {
    let cfg = |days: &str| {
        format!(
            "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n    cooldown:\n{days}"
        )
    };
    let count = |src: &str| run_as(src, &["GHA030"], FixMode::Off, FileKind::Dependabot).findings.len();
    assert_eq!(count(&cfg("      default-days: 2\n")), 0);
    assert_eq!(count(&cfg("      default-days: 0\n")), 1);
    assert_eq!(count(&cfg("      default-days: 0 # linters: take new versions at once\n")), 0);
    assert_eq!(count(&cfg("      # take new versions at once\n      default-days: 0\n")), 0);
}

/// kube-prometheus: `kubectl apply` into the kind cluster `helm/kind-action` started in the same
/// job is an end-to-end test, not a deploy on pull requests.
#[test]
fn publish_on_pull_request_ignores_installs_into_a_local_cluster() {
    let wf = |setup: &str, cmd: &str| {
        format!("on: [push, pull_request]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n{setup}      - run: {cmd}\n")
    };
    let count = |src: &str| findings(src, &["GHA055"]).len();
    for setup in [
        "      - uses: helm/kind-action@v1.14.0\n",
        "      - run: minikube start\n",
        "      - run: k3d cluster create e2e\n",
        "      - run: curl -sfL https://get.k3s.io | sh -\n",
        // kubecost's chart tests on a TTL'd cluster of Replicated's compatibility matrix.
        "      - uses: replicatedhq/compatibility-actions/create-cluster@v1\n        with:\n          ttl: 10m\n",
    ] {
        assert_eq!(count(&wf(setup, "kubectl apply -f tests/e2e/kind/kube-router.yaml")), 0, "{setup}");
        assert_eq!(count(&wf(setup, "helm upgrade --install app ./chart")), 0, "{setup}");
        // Pushing an image is still publishing, cluster or not.
        assert_eq!(count(&wf(setup, "docker push ghcr.io/acme/app")), 1, "{setup}");
        // To the cluster's registry on the runner it is not (es-operator, the sixty-second sample).
        assert_eq!(count(&wf(setup, "docker push localhost:5000/es-operator:local")), 0, "{setup}");
    }
    assert_eq!(count(&wf("", "kubectl apply -f k8s/")), 1);
}

/// documenso runs a composite action without `description:` on every CI run: the runner does not
/// need it, so its absence is no certain failure: a warning for a repository's published action (its
/// root `action.yml`), info for a local one only its own workflows use (forms-terraform's, judged not
/// worth a finding, the twenty-ninth sample).
#[test]
fn action_metadata_without_description_is_a_warning() {
    let action = |head: &str| format!("{head}runs:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n");
    let sev = |src: &str| run_as(src, &["GHA038"], FixMode::Off, FileKind::GithubAction).severities();
    let dir = repo();
    // `head` of an action written at `rel` in the repository, checked by `code`.
    let at_as = |rel: &str, head: &str, code: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let src = action(head);
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &[code], FixMode::Off, FileKind::GithubAction, Some(path)).severities()
    };
    let at = |rel: &str| at_as(rel, "name: x\n", "GHA038");
    assert_eq!(at("action.yml"), [shipshape_core::Severity::Warning]);
    assert_eq!(at(".github/actions/setup/action.yml"), [shipshape_core::Severity::Info]);
    let r = sev(&action("name: x\n"));
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(sev(&action("name: x\ndescription: y\n")).is_empty());
    let no_runs = sev("name: x\ndescription: y\n");
    assert_eq!(no_runs.len(), 1);
    assert_eq!(no_runs[0], shipshape_core::Severity::Error);
    // GHA073 on an input without `description`: the same split (mfem's sanitizer action, judged
    // not worth a warning four times, the sixty-third sample).
    let input = |rel: &str| at_as(rel, "name: x\ndescription: y\ninputs:\n  flags:\n    default: -O2\n", "GHA073");
    assert_eq!(input("action.yml"), [shipshape_core::Severity::Warning]);
    assert_eq!(input(".github/actions/sanitize/action.yml"), [shipshape_core::Severity::Info]);
    // A key of an input the runner ignores (`type: string`, `example:`): hygiene wherever the
    // action is (pytorch's and esphome's, the sixty-fourth sample); a misspelt key of the action is not.
    let typed = |head: &str| at_as("action.yml", head, "GHA073");
    assert_eq!(
        typed("name: x\ndescription: y\ninputs:\n  flags:\n    description: z\n    type: string\n    example: -O2\n"),
        [shipshape_core::Severity::Info, shipshape_core::Severity::Info]
    );
    assert_eq!(
        typed("name: x\ndescription: y\nbranding:\n  icon: x\n  colour: red\n"),
        [shipshape_core::Severity::Error]
    );
}

/// metrics-server pins softprops/action-gh-release's v3.0.2 commit (newer than the table) under a
/// stale `# v0.1.15` comment: GHA024 reports the comment, and GHA006 does not judge the action by
/// it. A commit the table knows is judged by its own release; a comment the table confirms still
/// counts.
#[test]
fn outdated_action_does_not_trust_a_contradicted_comment() {
    let wf = |uses: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n");
    let stale = wf("softprops/action-gh-release@3d0d9888cb7fd7b750713d6e236d1fcb99157228 # v0.1.15");
    assert!(messages(&stale, "GHA006").is_empty());
    assert_eq!(
        messages(&stale, "GHA024"),
        ["`softprops/action-gh-release`: the comment says `v0.1.15` but the commit is not the commit of `v0.1.15`"]
    );
    // v2.6.2's commit under the same stale comment: judged as v2 (node20), not v0 (node16).
    assert_eq!(
        messages(
            &wf("softprops/action-gh-release@3bb12739c298aeb8a4eeaf626c5b8d85266b0e65 # v0.1.15"),
            "GHA006"
        ),
        ["`softprops/action-gh-release@v2` runs on node20, which GitHub is retiring"]
    );
    // A major's tag runs the commit the tag points at: `dorny/paths-filter@v2` is v2.11.1, on
    // node16, though the newest v2 release is on node20 (the seventieth sample).
    assert_eq!(
        messages(&wf("dorny/paths-filter@v2"), "GHA006"),
        ["`dorny/paths-filter@v2` runs on node16, which GitHub has retired"]
    );
    // An older release of the major: named as written, with what the table knows of its major
    // (clowdhaus/terraform-min-max `v1.0.7` is on node16, its `v1` line on node20: the
    // thirty-eighth sample).
    assert_eq!(
        messages(&wf("softprops/action-gh-release@v2.0.0"), "GHA006"),
        ["`softprops/action-gh-release@v2.0.0` runs on node20 at best (the newest v2 release's), which GitHub is retiring"]
    );
    // The real v0.1.15 commit: still an error.
    assert_eq!(
        messages(
            &wf("softprops/action-gh-release@de2c0eb89ae2a093876385947365aca7b0e5f844 # v0.1.15"),
            "GHA006"
        ),
        ["`softprops/action-gh-release@v0.1.15` runs on node16 at best (the newest v0 release's), which GitHub has retired"]
    );
    // A commit the table does not know is not judged by its comment (all-in-one's
    // `github-script@3a2844b… # v6` is v9.0.0, the comment left stale by a bump).
    assert!(
        messages(
            &wf("softprops/action-gh-release@0123456789012345678901234567890123456789 # v0.1.16"),
            "GHA006"
        )
        .is_empty()
    );
}

/// sealed-secrets and dockge list `os: [ubuntu-latest]` without reading it: one value runs the job
/// once, so there is no duplicate run to report.
#[test]
fn unused_matrix_key_skips_a_single_value() {
    let wf = |matrix: &str| {
        format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n{matrix}    steps:\n      - run: make\n")
    };
    assert!(findings(&wf("        os: [ubuntu-latest]\n        node: [16]\n"), &["GHA061"]).is_empty());
    assert!(findings(&wf("        os:\n          - ubuntu-latest\n"), &["GHA061"]).is_empty());
    assert_eq!(
        findings(&wf("        os: [ubuntu-latest, windows-latest]\n"), &["GHA061"]),
        [("GHA061".to_owned(), "os".to_owned())]
    );
    // `include:` adding another value makes a second run.
    assert_eq!(
        findings(
            &wf("        os: [ubuntu-latest]\n        include:\n          - os: windows-latest\n"),
            &["GHA061"]
        )
        .len(),
        1
    );
}

/// The fifty-ninth sample (judged wrong twice): a composite action of the job may read the key
/// (Tyk's own `env-up` action reads `matrix.sink`; a local one is read), and a stand-in for a
/// skipped job keeps the name and matrix of the job it stands in for (atlantis' `skip-analyze`).
#[test]
fn unused_matrix_key_may_be_read_by_an_action_or_name_a_stand_in() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = https://github.com/acme/app.git\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".github/actions/env-up")).unwrap();
    let path = dir.path().join(".github/workflows/ci.yml");
    let count = |step: &str| {
        let src = format!(
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        sink: [a, b]\n    steps:\n      - uses: {step}\n"
        );
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["GHA061"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .len()
    };
    assert_eq!(count("acme/github-actions/env-up@v1"), 0, "the owner's own action");
    assert_eq!(count("other/env-up@v1"), 1, "a third party's reads no matrix");
    let action = dir.path().join(".github/actions/env-up/action.yml");
    std::fs::write(
        &action,
        "runs:\n  using: composite\n  steps:\n    - run: echo ${{ matrix.sink }}\n      shell: bash\n",
    )
    .unwrap();
    assert_eq!(count("./.github/actions/env-up"), 0);
    std::fs::write(
        &action,
        "runs:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n",
    )
    .unwrap();
    assert_eq!(count("./.github/actions/env-up"), 1);
    let stand_in = "on: pull_request\njobs:\n  analyze:\n    name: Analyze\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        language: [go, javascript]\n    steps:\n      - run: codeql ${{ matrix.language }}\n  skip-analyze:\n    name: Analyze\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        language: [go, javascript]\n    steps:\n      - run: echo skipped\n";
    assert!(findings(stand_in, &["GHA061"]).is_empty());
}

/// Judged precision samples: a persisted read-only token that never leaves the runner was not worth
/// acting on (read-only `pull_request` jobs, issue bots); a write scope, a PAT, or an upload of the
/// checkout was.
#[test]
fn artipacked_fires_only_when_the_credential_matters() {
    use shipshape_core::Confidence;
    let wf = |on: &str, perms: &str, with: &str, after: &str| {
        format!(
            "on: {on}\n{perms}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n{with}      - run: make\n{after}"
        )
    };
    let got = |src: &str| -> Vec<Confidence> {
        run(src, &["GHA014"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.confidence)
            .collect()
    };
    let read = "permissions:\n  contents: read\n";
    let upload = |uses: &str, path: &str| format!("      - uses: actions/upload-artifact@{uses}\n        with:\n          path: {path}\n");
    for silent in [
        wf("pull_request", read, "", ""),
        wf("pull_request", "", "", ""),
        // A fork's token is read-only whatever the workflow asks for.
        wf("pull_request", "permissions:\n  contents: write\n", "", ""),
        // The default token of an issue bot, left on the runner.
        wf("issues", "", "", ""),
        wf("push", "permissions:\n  contents: read\n  id-token: write\n", "", ""),
        wf("push", "permissions: read-all\n", "", ""),
        wf("workflow_call", "", "", ""),
        wf("push", read, "        with:\n          token: ${{ github.token }}\n", ""),
        // No `permissions:` at all is GHA003's finding (docs/precision.md: 9 of 11 judged not worth
        // a second one), whatever the trigger.
        wf("push", "", "", ""),
        wf("schedule", "", "", ""),
        wf("pull_request_target", "", "", ""),
        wf("workflow_run", "", "", ""),
        // Uploads that cannot carry `.git`: a build directory, or v4.4+ leaving hidden files out.
        wf("pull_request", read, "", &upload("v3", "dist/")),
        wf("pull_request", read, "", &upload("v4", ".")),
    ] {
        assert!(got(&silent).is_empty(), "{silent}");
    }
    let cases = [
        (wf("push", "permissions:\n  contents: write\n", "", ""), Confidence::High),
        (wf("push", "permissions: write-all\n", "", ""), Confidence::High),
        (
            wf("pull_request", read, "        with:\n          token: ${{ secrets.PAT }}\n", ""),
            Confidence::High,
        ),
        (
            wf("push", read, "        with:\n          token: ${{ inputs.token }}\n", ""),
            Confidence::Medium,
        ),
        (wf("pull_request", read, "", &upload("v3", ".")), Confidence::Medium),
        (
            wf("pull_request", read, "", &upload("v4.3.6", "${{ github.workspace }}")),
            Confidence::Medium,
        ),
        (
            wf(
                "pull_request",
                read,
                "",
                "      - uses: actions/upload-artifact@v4\n        with:\n          include-hidden-files: true\n          path: |\n            dist\n            **\n",
            ),
            Confidence::Medium,
        ),
    ];
    for (src, confidence) in cases {
        assert_eq!(got(&src), [confidence], "{src}");
    }
    // A job's own `permissions:` override the workflow's.
    let job = "on: push\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v4\n";
    assert!(got(job).is_empty());
    assert_eq!(
        messages(
            &wf("push", "permissions:\n  contents: write\n  pull-requests: write\n", "", ""),
            "GHA014"
        ),
        ["checkout keeps a token with `contents: write`, `pull-requests: write` in `.git/config` for every later step"]
    );
    // A later step pushes with the persisted credential: kept on purpose (prec17, judged not worth
    // acting on); an upload of the checkout still leaks it.
    let write = "permissions:\n  contents: write\n";
    let push = "      - run: |\n          git commit -am 'chore: bump'\n          git push origin HEAD\n";
    assert!(got(&wf("push", write, "", push)).is_empty());
    let pat = "        with:\n          token: ${{ secrets.PAT }}\n";
    assert!(got(&wf("push", read, pat, "      - uses: stefanzweifel/git-auto-commit-action@v5\n")).is_empty());
    assert_eq!(got(&wf("push", write, "", "      - run: git pushd\n")), [Confidence::High]);
    // An action that moves a tag with git (leantime's `EndBug/latest-tag`, the twenty-fourth sample).
    assert!(
        got(&wf(
            "push",
            write,
            "",
            "      - run: make package\n      - uses: EndBug/latest-tag@v1\n"
        ))
        .is_empty()
    );
    // The only later code is handed the job's token anyway (dawarich's `gh release upload`).
    let gh = |token: &str| {
        format!(
            "on: release\n{write}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - env:\n          GH_TOKEN: {token}\n        run: gh release upload v1 compose.yml\n"
        )
    };
    assert!(got(&gh("${{ secrets.GITHUB_TOKEN }}")).is_empty());
    assert_eq!(got(&gh("${{ secrets.RELEASE_PAT }}")), [Confidence::High]);
    assert_eq!(
        got(&format!("{}{}", wf("pull_request", read, "", push), upload("v3", "."))),
        [Confidence::Medium]
    );
}

/// `pull_request_target` and `workflow_run` workflows that never check out the pull request's code
/// (labelers, title checks, report publishers) were judged not worth acting on 11 times of 11:
/// only the checkout of the head is reported.
#[test]
fn dangerous_triggers_needs_a_checkout_of_the_head() {
    let steps = |with: &str| {
        format!("jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n{with}      - run: make\n")
    };
    for silent in [
        format!("on: pull_request_target\n{}", steps("")),
        format!("on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\n{}", steps("")),
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: amannn/action-semantic-pull-request@v5\n".to_owned(),
    ] {
        assert!(findings(&silent, &["GHA007"]).is_empty(), "{silent}");
    }
    let head = format!(
        "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\n{}",
        steps("        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n")
    );
    let r = run(&head, &["GHA007"], FixMode::Off);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
    assert_eq!(
        r.findings[0].diagnostic.span.text(&head),
        "${{ github.event.workflow_run.head_sha }}"
    );
    // logto's size diff and pgcat's README generator (judged wrong as errors, the twenty-seventh
    // sample): later steps that build, install, test or interpret nothing run none of the fork's
    // code for certain: a warning. `make`, `npm ci` or `./x.sh` keep the error.
    let after = |script: &str| {
        format!(
            "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm install -g @bitnami/readme-generator-for-helm\n      - uses: actions/checkout@v4\n        with:\n          repository: ${{{{ github.event.pull_request.head.repo.full_name }}}}\n          ref: ${{{{ github.event.pull_request.head.ref }}}}\n      - run: |\n{script}"
        )
    };
    let sev = |src: &str| run(src, &["GHA007"], FixMode::Off).severities();
    use shipshape_core::Severity::{Error, Warning};
    let reads = "          curl -Lkso $TEMP $URL\n          for c in $(sed -n 's/x/y/p' $TEMP | sort | uniq); do readme-generator --values \"$c/values.yaml\"; done\n          git add . && git commit -m x && git push\n";
    assert_eq!(sev(&after(reads)), [Warning]);
    assert_eq!(sev(&after("          npm ci && npm test\n")), [Error]);
    assert_eq!(sev(&after("          ./scripts/check.sh\n")), [Error]);
    // The head's branch by name without `repository:` is the base repository's branch of that
    // name, never a fork's (ginkgo's ABI check, the fifty-ninth sample); so is a job only owners,
    // members and collaborators' pull requests start.
    let base =
        after("          npm ci && npm test\n").replace("          repository: ${{ github.event.pull_request.head.repo.full_name }}\n", "");
    assert_eq!(sev(&base), [Warning]);
    let members = after("          npm ci && npm test\n").replace(
        "    runs-on: ubuntu-latest\n",
        "    if: github.event.pull_request.author_association == 'MEMBER' || github.event.pull_request.author_association == 'OWNER'\n    runs-on: ubuntu-latest\n",
    );
    assert_eq!(sev(&members), [Warning]);
    assert_eq!(sev(&members.replace("'OWNER'", "'CONTRIBUTOR'")), [Error]);
}

/// Cross-file reads go through the run's tree (issue 14): a called workflow and a lock file that
/// exist only in an editor's or agent's overlay are seen; nothing here is on disk.
#[test]
fn called_workflows_and_lock_files_are_read_through_an_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let path = repo.join(".github/workflows/ci.yml");
    let run = |overlay: &Overlay, src: &str, code: &str| -> Vec<String> {
        let mut overlay = overlay.clone();
        overlay.insert(&path, src);
        let file = File::at(FileKind::GithubWorkflow, &path);
        let r = check_tree(Arc::new(overlay), &ActionsChecker::default(), file, src, &[code], FixMode::Off);
        r.findings.iter().map(|f| f.diagnostic.message.clone()).collect()
    };
    let mut overlay = Overlay::new(Arc::new(Disk));
    overlay.insert(&repo.join(".git/HEAD"), "ref: refs/heads/main\n");

    // GHA051 reads the called workflow.
    let caller = "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      env: prod\n";
    let m = run(&overlay, caller, "GHA051");
    assert!(m.len() == 1 && m[0].contains("does not exist"), "{m:?}");
    let called = repo.join(".github/workflows/deploy.yml");
    overlay.insert(
        &called,
        "on:\n  workflow_call:\n    inputs:\n      env:\n        type: string\n        required: true\n",
    );
    assert!(run(&overlay, caller, "GHA051").is_empty());
    overlay.insert(
        &called,
        "on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\n        required: true\n",
    );
    let m = run(&overlay, caller, "GHA051");
    assert_eq!(m.len(), 2, "{m:?}");
    // GitHub's self-repository form (`$/…`, July 2026) names the same file, and needs no `@ref`.
    let own = caller.replace("./.github", "$/.github");
    assert_eq!(run(&overlay, &own, "GHA051").len(), 2);
    assert!(run(&overlay, &own, "GHA005").is_empty());

    // GHA053 asks for `cache: npm` only when the lock file it keys on is there.
    let setup = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n      - run: npm ci && npm test\n";
    assert!(run(&overlay, setup, "GHA053").is_empty(), "no lock file");
    overlay.insert(&repo.join("package-lock.json"), "{}\n");
    assert_eq!(run(&overlay, setup, "GHA053").len(), 1);
}

/// teslamate's `ghcr_purge.yml` (judged wrong, the twenty-fifth sample): the job that expands
/// `github.head_ref` runs only when a fork check it needs (a job of the file, or a local reusable
/// workflow it calls) says the pull request comes from the repository: info, as behind a fork
/// check in the job's own `if:`. An output that checks something else keeps the finding.
#[test]
fn a_fork_check_job_gates_pull_request_fields() {
    let wf = |check: &str| {
        format!(
            "on: pull_request_target\njobs:\n  check:\n{check}\n  purge:\n    needs: check\n    if: needs.check.outputs.outside == 'false'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ github.head_ref }}}}\"\n"
        )
    };
    let inline = "    runs-on: ubuntu-latest\n    outputs:\n      outside: ${{ steps.c.outputs.outside }}\n    steps:\n      - id: c\n        run: |\n          if [[ \"${{ github.event.pull_request.head.repo.full_name }}\" != \"${{ github.repository }}\" ]]; then echo outside=true >> $GITHUB_OUTPUT; fi\n";
    assert_eq!(
        run(&wf(inline), &["GHA002"], FixMode::Off).severities(),
        [shipshape_core::Severity::Info]
    );
    let other = "    runs-on: ubuntu-latest\n    outputs:\n      outside: ${{ steps.c.outputs.changed }}\n    steps:\n      - id: c\n        run: git diff --name-only\n";
    assert_eq!(
        run(&wf(other), &["GHA002"], FixMode::Off).severities(),
        [shipshape_core::Severity::Error]
    );
    // A local reusable workflow that runs the check.
    let dir = repo();
    std::fs::write(
        dir.path().join(".github/workflows/check.yml"),
        "on: workflow_call\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - run: test \"${{ github.event.pull_request.head.repo.fork }}\" = true\n",
    )
    .unwrap();
    let called = wf("    uses: ./.github/workflows/check.yml\n");
    let path = dir.path().join(".github/workflows/purge.yml");
    std::fs::write(&path, &called).unwrap();
    let r = run_at(&called, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
    assert_eq!(r.severities(), [shipshape_core::Severity::Info]);
}

/// teslamate's `ghcr_purge.yml` (the twenty-fifth sample): a workflow run by pull requests that can
/// also be called runs on its caller's trigger. With no caller in the repository that is not known
/// to be privileged: `github.head_ref` is a warning. A caller on `pull_request_target` makes it an
/// error.
#[test]
fn a_callable_workflow_is_as_privileged_as_its_callers() {
    use shipshape_core::Severity;
    let callee = "on:\n  workflow_call:\n  pull_request:\n    types: [closed]\njobs:\n  purge:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.head_ref }}\"\n";
    let check = |callers: &[(&str, &str)]| -> Vec<Severity> {
        let dir = repo();
        let path = dir.path().join(".github/workflows/purge.yml");
        std::fs::write(&path, callee).unwrap();
        for (name, src) in callers {
            std::fs::write(dir.path().join(".github/workflows").join(name), src).unwrap();
        }
        run_at(callee, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow, Some(path)).severities()
    };
    assert_eq!(check(&[]), [Severity::Info]);
    let plain = "on: pull_request\njobs:\n  p:\n    uses: ./.github/workflows/purge.yml\n";
    assert_eq!(check(&[("ci.yml", plain)]), [Severity::Info]);
    let target = "on: pull_request_target\njobs:\n  p:\n    uses: ./.github/workflows/purge.yml\n";
    assert_eq!(check(&[("ci.yml", plain), ("t.yml", target)]), [Severity::Error]);
}

/// argo-rollouts: a `workflow_call` input is as dangerous as what the repository's own callers pass
/// to it (a caller in another repository runs the workflow with its own token and secrets). A pull
/// request number is silent, a pull request title an error naming the caller, the caller's own
/// input passed on a warning; with no caller, a warning with medium confidence; a
/// `workflow_dispatch`-only input is unchanged.
#[test]
fn template_injection_judges_a_called_input_by_its_callers() {
    use shipshape_core::{Confidence, Severity};
    let callee = "on:\n  workflow_call:\n    inputs:\n      pr:\n        type: string\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr view ${{ inputs.pr }}\n";
    let caller = |on: &str, value: &str| {
        format!("on:\n{on}\njobs:\n  pick:\n    uses: ./.github/workflows/callee.yml\n    with:\n      pr: {value}\n")
    };
    // The callee checked at `.github/workflows/callee.yml` of a repository holding `callers`.
    let check = |callers: &[(&str, String)]| -> Vec<(Severity, Confidence, String)> {
        let dir = repo();
        let path = dir.path().join(".github/workflows/callee.yml");
        std::fs::write(&path, callee).unwrap();
        for (name, src) in callers {
            std::fs::write(dir.path().join(".github/workflows").join(name), src).unwrap();
        }
        let r = run_at(callee, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
        r.findings
            .iter()
            .map(|f| (f.diagnostic.severity, f.diagnostic.confidence, f.diagnostic.message.clone()))
            .collect()
    };
    let pr_target = "  pull_request_target:\n    types: [closed]";

    // (a) The only caller passes a pull request number: silent.
    let number = caller(pr_target, "${{ github.event.pull_request.number }}");
    assert!(check(&[("pick.yml", number.clone())]).is_empty());
    // Other callers passing values no outsider chooses keep it silent.
    let sha = caller("  push:", "'#${{ github.sha }}'");
    assert!(check(&[("pick.yml", number.clone()), ("push.yml", sha)]).is_empty());

    // (b) A caller passes the pull request title: an error that names it.
    let title = caller(pr_target, "${{ github.event.pull_request.title }}");
    let f = check(&[("pick.yml", number.clone()), ("title.yml", title)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].1), (Severity::Error, Confidence::High));
    assert!(
        f[0].2
            .contains("`.github/workflows/title.yml` passes `github.event.pull_request.title`"),
        "{}",
        f[0].2
    );

    // A caller that only pull requests and pushes run passes the branch name: a fork's run has a
    // read-only token and no secrets (opg-modernising-lpa, the fifty-second sample): a warning.
    let branch = caller("  pull_request:", "${{ github.head_ref }}");
    let f = check(&[("pr.yml", branch)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Warning, "{f:?}");

    // A caller passing on its own string input: info with medium confidence (who runs or calls the
    // caller can already run code: the twenty-first sample).
    let forwarded = caller(
        "  workflow_dispatch:\n    inputs:\n      pr:\n        type: string",
        "${{ inputs.pr }}",
    );
    let f = check(&[("manual.yml", forwarded)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].1), (Severity::Info, Confidence::Medium));
    assert!(f[0].2.contains("`.github/workflows/manual.yml` passes `inputs.pr`"), "{}", f[0].2);
    // …unless it is not free text.
    let boolean = caller("  workflow_call:\n    inputs:\n      pr:\n        type: number", "${{ inputs.pr }}");
    assert!(check(&[("nested.yml", boolean)]).is_empty());

    // (c) No caller in the repository: the caller is another repository's, which runs this with its
    // own token and secrets (nautobot's plugin tests, judged not worth a default finding): info.
    let f = check(&[]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].1), (Severity::Info, Confidence::Medium));
    assert!(f[0].2.contains("free text from whoever calls the workflow"), "{}", f[0].2);
    // A caller of another file does not count.
    let other = caller(pr_target, "${{ github.event.pull_request.number }}").replace("callee.yml", "other.yml");
    assert_eq!(check(&[("other-caller.yml", other)]).len(), 1);

    // (d) A `workflow_dispatch`-only input is unchanged: info with medium confidence, callers or
    // not.
    let dispatch = callee.replace("workflow_call", "workflow_dispatch");
    let dir = repo();
    let path = dir.path().join(".github/workflows/callee.yml");
    std::fs::write(&path, &dispatch).unwrap();
    std::fs::write(dir.path().join(".github/workflows/pick.yml"), &number).unwrap();
    let r = run_at(&dispatch, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
    assert_eq!(r.findings.len(), 1);
    let d = &r.findings[0].diagnostic;
    assert_eq!((d.severity, d.confidence), (Severity::Info, Confidence::Medium));
    // Declared under both events with only safe callers: the `workflow_dispatch` finding stays.
    let both = callee.replace("on:\n", "on:\n  workflow_dispatch:\n    inputs:\n      pr:\n        type: string\n");
    let dir = repo();
    let path = dir.path().join(".github/workflows/callee.yml");
    std::fs::write(&path, &both).unwrap();
    std::fs::write(dir.path().join(".github/workflows/pick.yml"), &number).unwrap();
    let r = run_at(&both, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].diagnostic.severity, Severity::Info);
}

/// argo-rollouts' cherry-pick workflow prints `toJSON(github.event.pull_request.labels)`: labels are
/// made by people with triage access, as a whole list as well as by name.
#[test]
fn the_whole_label_list_is_set_by_maintainers() {
    let wf = |expr: &str| {
        format!(
            "on: pull_request_target\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo '${{{{ {expr} }}}}'\n"
        )
    };
    for expr in [
        "toJSON(github.event.pull_request.labels)",
        "github.event.pull_request.labels[0].description",
    ] {
        let r = run(&wf(expr), &["GHA002"], FixMode::Off);
        assert_eq!(r.findings.len(), 1, "{expr}");
        assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Warning, "{expr}");
    }
    let title = run(&wf("github.event.pull_request.title"), &["GHA002"], FixMode::Off);
    assert_eq!(title.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
}

/// argo-rollouts, penpot: a required `workflow_call` input with a default is dead configuration
/// GitHub accepts, judged not worth a finding (2026-12-05); a wrong default is still reported.
#[test]
fn a_required_input_with_a_default_is_not_reported() {
    let wf = "on:\n  workflow_call:\n    inputs:\n      push:\n        required: true\n        type: boolean\n        default: false\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.push }}\n";
    assert!(run(wf, &["GHA049"], FixMode::Off).findings.is_empty());
    assert_eq!(
        run(&wf.replace("default: false", "default: maybe"), &["GHA049"], FixMode::Off)
            .findings
            .len(),
        1
    );
    // A quoted boolean is one GitHub accepts (tekton's plumbing, the fortieth sample).
    assert!(
        run(&wf.replace("default: false", "default: 'false'"), &["GHA049"], FixMode::Off)
            .findings
            .is_empty()
    );
}

/// EC-CUBE's `action.yml` (the seventieth sample, six wrong errors) carries an `on: workflow_call:`
/// GitHub ignores in action metadata: its `inputs.X` name the top-level `inputs:`, which GHA049
/// (workflow inputs) does not judge. The same text as a workflow is still checked.
#[test]
fn an_action_with_a_stray_on_key_has_no_workflow_inputs() {
    let action = "name: p\non:\n  workflow_call:\ninputs:\n  key:\n    description: k\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.key }}\n      shell: bash\n";
    assert!(
        run_as(action, &["GHA049"], FixMode::Off, FileKind::GithubAction)
            .findings
            .is_empty()
    );
    let wf = "on:\n  workflow_call:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.key }}\n";
    assert_eq!(run(wf, &["GHA049"], FixMode::Off).findings.len(), 1);
}

/// Judged precision sample (cloudnative-pg backport.yml): a single-line value written after a fixed
/// `NAME=` sets only that variable, so it cannot inject `LD_PRELOAD`; a value that may hold a newline
/// (a file, an unknown variable, an untrusted expression) still can.
#[test]
fn github_env_single_line_values_cannot_add_variables() {
    let wf = |line: &str| {
        format!(
            "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {line}\n"
        )
    };
    for silent in [
        r#"echo "SHA=$(git show -s --format=%H | head -n1)" >> $GITHUB_ENV"#,
        r#"echo "AUTHOR_NAME=$(git show -s --format='%an' "${{ github.event.workflow_run.head_sha }}" | head -n1)" >> "$GITHUB_ENV""#,
        r#"echo "COUNT=$(ls dist | wc -l)" >> $GITHUB_ENV"#,
        r#"echo "SHORT=$(git rev-parse --short HEAD)" >> "${GITHUB_ENV}""#,
        r#"echo "TODAY=$(date +%F)" >> $GITHUB_ENV"#,
        r#"echo "NAME=$(cat name.txt | tr -d '\n')" >> $GITHUB_ENV"#,
        r#"echo "RUN=${GITHUB_RUN_ID}-$((1 + 2))" >> $GITHUB_ENV"#,
        r#"cd out && echo "LAST=`tail -1 log.txt`" >> $GITHUB_ENV"#,
        r#"echo "SHA=${{ github.sha }}" >> $GITHUB_ENV"#,
        // A number GitHub's API gives, read by a fixed path (netmaker, the sixty-fourth sample),
        // across a continuation line; a compact JSON value.
        "echo \"pull_request=$(gh api -H 'Accept: application/vnd.github+json' \\\n            /repos/${{ github.repository}}/actions/runs/${{ github.event.workflow_run.id }} | jq .pull_requests[0].number)\" >> $GITHUB_ENV",
        r#"echo "RUN=$(gh api /repos/o/r/actions/runs --jq .workflow_runs[0].id)" >> $GITHUB_ENV"#,
        r#"echo "META=$(jq -c .meta pr.json)" >> $GITHUB_ENV"#,
    ] {
        assert!(findings(&wf(silent), &["GHA016"]).is_empty(), "{silent}");
    }
    for fires in [
        // Multi-line or attacker-shaped values.
        r#"echo "PR=$(cat pr.txt)" >> "$GITHUB_ENV""#,
        r#"echo "BODY=$(git log -1 --format=%B)" >> $GITHUB_ENV"#,
        r#"echo "TITLE=$TITLE" >> $GITHUB_ENV"#,
        r#"echo "TITLE=${{ github.event.workflow_run.head_commit.message }}" >> $GITHUB_ENV"#,
        r#"echo "X=$(head -n1 a.txt; cat b.txt)" >> $GITHUB_ENV"#,
        // `-e` turns a `\n` in the value into a newline.
        r#"echo -e "NAME=$(cat name.txt | head -n1)" >> $GITHUB_ENV"#,
        // Not `NAME=value`: the whole line is the value.
        r#"echo "$(cat env.txt | head -n1)" >> $GITHUB_ENV"#,
        r#"cat env.txt >> $GITHUB_ENV"#,
        // A single line on `PATH` is dangerous whole.
        r#"echo "$(cat dir.txt | head -n1)" >> $GITHUB_PATH"#,
        // jq printing a string raw, a value that may be an object, or every element.
        r#"echo "TITLE=$(jq -r .pull_request.title event.json)" >> $GITHUB_ENV"#,
        r#"echo "HEAD=$(jq .pull_requests[0].head pr.json)" >> $GITHUB_ENV"#,
        r#"echo "IDS=$(jq .items[].id pr.json)" >> $GITHUB_ENV"#,
        r#"echo "REF=$(gh api /repos/o/r/pulls/1 --jq .head.ref)" >> $GITHUB_ENV"#,
        // Continued on the next line: the whole command is read.
        "echo \"PR=$(cat \\\n            pr.txt)\" >> $GITHUB_ENV",
    ] {
        assert_eq!(findings(&wf(fires), &["GHA016"]).len(), 1, "{fires}");
    }
}

/// GHA016 is an error only when the value is read from data an outsider can shape; runner paths
/// are not flagged; a shell variable of unknown origin is a warning (code-server's release workflow
/// writes `$HOME/.local/bin` to `GITHUB_PATH` and a version cut from a merged branch's name).
#[test]
fn github_env_errors_only_on_outsider_data() {
    use shipshape_core::Severity::{Error, Warning};
    let wf = |line: &str| {
        format!(
            "on:\n  pull_request_target:\n    types: [closed]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {line}\n"
        )
    };
    for silent in [
        r#"echo "$HOME/.local/bin" >> $GITHUB_PATH"#,
        r#"echo "${HOME}/bin:${{ github.workspace }}/tools" >> "$GITHUB_PATH""#,
        r#"echo "$(pwd)/node_modules/.bin" >> $GITHUB_PATH"#,
    ] {
        assert!(findings(&wf(silent), &["GHA016"]).is_empty(), "{silent}");
    }
    // A file is an outsider's only when the workflow downloads artifacts or checks out the head.
    let head =
        "- uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: |\n          ";
    for (line, severity) in [
        (r#"echo "VERSION=$version" >> $GITHUB_ENV"#, Warning),
        (r#"echo "$TOOLS/bin" >> $GITHUB_PATH"#, Warning),
        (r#"echo "${HOME:-/tmp}/bin" >> $GITHUB_PATH"#, Warning),
        (r#"echo "NODE=$(cat .nvmrc)" >> "$GITHUB_ENV""#, Warning),
        (r#"cat env.txt >> $GITHUB_ENV"#, Warning),
        (r#"echo "${{ github.head_ref }}" >> $GITHUB_PATH"#, Error),
        (r#"echo "T=${{ github.event.pull_request.title }}" >> $GITHUB_ENV"#, Error),
    ] {
        let r = run(&wf(line), &["GHA016"], FixMode::Off);
        let got: Vec<_> = r.severities();
        assert_eq!(got, [severity], "{line}");
    }
    for line in [r#"echo "PR=$(cat pr.txt)" >> "$GITHUB_ENV""#, r#"cat env.txt >> $GITHUB_ENV"#] {
        let src = wf(line).replace("- run: |\n          ", head);
        let r = run(&src, &["GHA016"], FixMode::Off);
        let got: Vec<_> = r.severities();
        assert_eq!(got, [Error], "{src}");
    }
}

/// code-server caches a Caddy release under `cache-caddy-2.5.2` (judged wrong, 2026-12-05): a key
/// naming the version of what it caches changes exactly when the content does.
#[test]
fn cache_keys_naming_a_version_change_with_it() {
    let wf = |key: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v4\n        with:\n          path: ~/.cache/caddy\n          key: {key}\n"
        )
    };
    for versioned in ["cache-caddy-2.5.2", "tools-v1.29"] {
        assert!(findings(&wf(versioned), &["GHA067"]).is_empty(), "{versioned}");
    }
    for fixed in ["npm-cache", "cache-v2", "deps-2024"] {
        assert_eq!(findings(&wf(fixed), &["GHA067"]).len(), 1, "{fixed}");
    }
    // Restoring only: a fixed key finds what another job saved (manticoresearch, the sixty-fifth
    // sample); saving under one still never refreshes it.
    assert!(
        findings(
            &wf("npm-cache").replace("actions/cache@v4", "actions/cache/restore@v4"),
            &["GHA067"]
        )
        .is_empty()
    );
    assert_eq!(
        findings(&wf("npm-cache").replace("actions/cache@v4", "actions/cache/save@v4"), &["GHA067"]).len(),
        1
    );
}

/// GHA034: `toJSON(secrets)` hands every secret to the job (zizmor's secrets-outside-env sees it);
/// `secrets` in a job's or a step's `if:` is not available there (GHA041), so nothing is read.
#[test]
fn secrets_outside_env_sees_the_whole_context_and_skips_conditions() {
    let wf = |step: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{step}");
    let all = wf("      - run: ./go.sh\n        env:\n          SECRETS: ${{ toJSON(secrets) }}\n");
    assert_eq!(
        messages(&all, "GHA034"),
        ["the whole `secrets` context is used by a job with no `environment:`"]
    );
    let cond = wf("      - if: secrets.DEPLOY_TOKEN != ''\n        run: ./deploy.sh\n");
    assert!(findings(&cond, &["GHA034"]).is_empty(), "{cond}");
    let token = wf("      - run: ./go.sh\n        env:\n          T: ${{ secrets.GITHUB_TOKEN }}\n");
    assert!(findings(&token, &["GHA034"]).is_empty(), "{token}");
}

/// GHA032: an npm dist-tag (`@next`, `@beta`) moves with every release like `@latest`; a version or
/// a range is chosen (playwright's `npm install @playwright/test@next`, zizmor's adhoc-packages).
#[test]
fn adhoc_packages_treats_npm_dist_tags_as_unpinned() {
    let wf = |run: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n");
    for moving in [
        "npm install -g @playwright/test@next",
        "npm install -g eslint@latest",
        "npm i -g typescript@beta",
    ] {
        assert_eq!(findings(&wf(moving), &["GHA032"]).len(), 1, "{moving}");
    }
    for pinned in [
        "npm install -g eslint@9.39.1",
        "npm install -g @scope/tool@^2.0.0",
        "npm install -g yarn@1",
        "npm install -g pnpm@v8",
    ] {
        assert!(findings(&wf(pinned), &["GHA032"]).is_empty(), "{pinned}");
    }
}

/// GHA032 reads a command continued over lines: `\\` is not a package (terraform-aws-eks'
/// publish-docs.yml: "`\\` is installed without a version"), the next lines' packages are.
#[test]
fn adhoc_packages_follows_continued_lines() {
    let wf = |run: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n{run}");
    let pinned = wf(
        "          python -m pip install mkdocs-material==9.5.26 \\\n            mkdocs-include-markdown-plugin==6.2.0 \\\n            mkdocs-awesome-pages-plugin==2.9.2\n",
    );
    assert!(findings(&pinned, &["GHA032"]).is_empty(), "{pinned}");
    let loose = wf("          pip install black==24.1.0 \\\n            ruff\n");
    assert_eq!(messages(&loose, "GHA032"), ["`ruff` is installed without a version"], "{loose}");
}

/// docker-kong's vendored `kong-build-tools/.github/workflows/` (judged not worth it, 2026-12-05): GitHub
/// runs workflows only from the repository root's `.github/`; a copy further down is never read.
#[test]
fn workflows_below_the_repository_root_never_run() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let src = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n";
    let at = |rel: &str| {
        let path = repo.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, src).unwrap();
        let file = File::at(FileKind::GithubWorkflow, &path);
        check_tree(Arc::new(Disk), &ActionsChecker::default(), file, src, &["GHA006"], FixMode::Off)
            .findings
            .len()
    };
    assert_eq!(at(".github/workflows/ci.yml"), 1);
    assert_eq!(at("kong-build-tools/.github/workflows/ci.yml"), 0);
}

/// GHA015 on the differential test's misses: caches on by default or by input (setup-gradle, setup-bun,
/// setup-ruby's `bundler-cache`), release actions and build-tool publishes, the build job whose
/// artifact the release job ships, and a release workflow started only by hand.
#[test]
fn cache_poisoning_release_jobs_and_default_caches() {
    let release = |steps: &str| {
        format!("on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
    };
    for bad in [
        "      - uses: gradle/actions/setup-gradle@v4\n      - run: ./gradlew publish\n",
        "      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: true\n      - uses: rubygems/release-gem@v1\n",
        "      - uses: oven-sh/setup-bun@v2\n      - run: npm publish\n",
        "      - uses: actions/setup-go@v6\n      - uses: goreleaser/goreleaser-action@v6\n",
    ] {
        assert_eq!(findings(&release(bad), &["GHA015"]).len(), 1, "{bad}");
    }
    for good in [
        "      - uses: gradle/actions/setup-gradle@v4\n        with:\n          cache-disabled: true\n      - run: ./gradlew publish\n",
        "      - uses: ruby/setup-ruby@v1\n        with:\n          bundler-cache: false\n      - uses: rubygems/release-gem@v1\n",
        "      - uses: oven-sh/setup-bun@v2\n        with:\n          no-cache: true\n      - run: npm publish\n",
        // A rehearsal publishes nothing.
        "      - uses: actions/setup-go@v6\n      - run: cargo publish --dry-run\n",
        // setup-node v5+ caches by itself only when package.json names a package manager.
        "      - uses: actions/setup-node@v6\n      - run: npm publish\n",
    ] {
        assert!(findings(&release(good), &["GHA015"]).is_empty(), "{good}");
    }
    // The build job whose artifact the release job downloads and ships.
    let feeds = "on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v6\n      - run: make\n      - uses: actions/upload-artifact@v4\n        with:\n          path: bin/\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v6\n      - run: make test\n  release:\n    needs: [build, test]\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n      - uses: softprops/action-gh-release@v2\n";
    let found = findings(feeds, &["GHA015"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(messages(feeds, "GHA015")[0].contains("builds an artifact"));
    // Started only by hand, it is a release; with a push to main too, it is continuous deployment.
    let manual = "on:\n  workflow_dispatch:\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v6\n      - run: gh release create v1\n";
    assert_eq!(findings(manual, &["GHA015"]).len(), 1);
    let cd = manual.replace(
        "on:\n  workflow_dispatch:\n",
        "on:\n  workflow_dispatch:\n  push:\n    branches: [main]\n",
    );
    assert!(findings(&cd, &["GHA015"]).is_empty());
}

#[test]
fn the_repositorys_own_owner_is_not_a_third_party() {
    let wf = "on: push\njobs:\n  shared:\n    uses: acme/workflows/.github/workflows/ci.yml@main\n    secrets: inherit\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: acme/setup@v2\n      - uses: other/setup@v2\n";
    let count = |config: Option<&str>| {
        let dir = repo();
        if let Some(c) = config {
            std::fs::write(dir.path().join(".git/config"), c).unwrap();
        }
        let path = dir.path().join(".github/workflows/ci.yml");
        std::fs::write(&path, wf).unwrap();
        let r = run_at(wf, &["GHA005", "GHA011"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
        r.findings.iter().map(|f| f.diagnostic.rule.code).collect::<Vec<_>>()
    };
    // Unknown owner: every third-party ref and the inherited secrets.
    assert_eq!(count(None), ["GHA005", "GHA011", "GHA005", "GHA005"]);
    // acme's own repository: only `other/setup` is a third party.
    let own = "[remote \"origin\"]\n\turl = git@github.com:acme/web.git\n";
    assert_eq!(count(Some(own)), ["GHA005"]);
    // The same owner name on another host is not GitHub's `acme`.
    let elsewhere = "[remote \"origin\"]\n\turl = https://gitlab.com/acme/web.git\n";
    assert_eq!(count(Some(elsewhere)).len(), 4);
    // The organisation's shared actions (Zowe's `zowe-actions`, the seventy-fourth sample); not
    // another owner that merely starts with the name.
    let shared = |uses: &str| {
        let dir = repo();
        std::fs::write(dir.path().join(".git/config"), own).unwrap();
        let path = dir.path().join(".github/workflows/ci.yml");
        let wf = format!("on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: {uses}\n");
        std::fs::write(&path, &wf).unwrap();
        run_at(&wf, &["GHA005"], FixMode::Off, FileKind::GithubWorkflow, Some(path))
            .findings
            .len()
    };
    assert_eq!(shared("acme-actions/shared-actions/publish@main"), 0);
    assert_eq!(shared("acmes-actions/publish@main"), 1);
    assert_eq!(shared("acme-tools/publish@main"), 1);
}

/// changedetection.io expands `github.event.workflow_run.head_branch` with its `workflow_run:`
/// trigger commented out: the value is empty in every run of the workflow.
#[test]
fn injection_needs_a_trigger_that_carries_the_payload() {
    let wf = |on: &str| {
        format!(
            "on: {on}\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ github.event.workflow_run.head_branch }}}}\n"
        )
    };
    assert!(findings(&wf("push"), &["GHA002"]).is_empty());
    assert!(findings(&wf("[push, release]"), &["GHA002"]).is_empty());
    assert_eq!(findings(&wf("workflow_run"), &["GHA002"]).len(), 1);
    // A reusable workflow gets its caller's event.
    assert_eq!(findings(&wf("workflow_call"), &["GHA002"]).len(), 1);
}

/// nym's binary config checker (the seventieth sample, judged wrong as an error): `github.head_ref`
/// holds a value only in pull request runs; a `release:` trigger beside `pull_request:` makes other
/// runs privileged, not the ones the branch name reaches. Under `pull_request_target` it is an error.
#[test]
fn injection_is_judged_by_the_triggers_that_carry_the_value() {
    let wf = |on: &str| {
        format!(
            "on: {on}\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./run.sh ${{{{ github.head_ref || github.ref_name }}}}\n"
        )
    };
    let severities = |on: &str| run(&wf(on), &["GHA002"], FixMode::Off).severities();
    use shipshape_core::Severity::{Error, Info};
    assert_eq!(severities("[push, pull_request, release]"), [Info]);
    assert_eq!(severities("[pull_request_target, release]"), [Error]);
}

/// anything-llm: the name of the workflow that ran and its start time are set by the repository's
/// own workflow files and by GitHub, never by an outsider (judged wrong, the thirty-second sample).
#[test]
fn workflow_run_name_and_start_time_are_not_injections() {
    let wf = |expr: &str| {
        format!(
            "on: workflow_run\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ {expr} }}}}\n"
        )
    };
    assert!(findings(&wf("github.event.workflow_run.name"), &["GHA002"]).is_empty());
    assert!(findings(&wf("github.event.workflow_run.run_started_at"), &["GHA002"]).is_empty());
    assert_eq!(findings(&wf("github.event.workflow_run.display_title"), &["GHA002"]).len(), 1);
}

/// karakeep's CI (judged wrong, 2026-12-05): parallel steps (generally available since 2026-06-25)
/// add `parallel`, `background`, `wait`, `wait-all` and `cancel`; a group's steps are steps.
#[test]
fn parallel_steps_are_steps() {
    let wf = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - id: db\n        run: ./start-db.sh\n        background: true\n      - parallel:\n          - run: npm run lint\n          - run: echo ${{ github.event.pull_request.title }}\n      - wait-all: true\n      - wait: [db]\n      - cancel: db\n";
    assert!(
        findings(wf, &["GHA037", "GHA038"]).is_empty(),
        "{:?}",
        findings(wf, &["GHA037", "GHA038"])
    );
    // The group's steps are audited: the injection inside it is found.
    let pr = wf.replace("on: push", "on: pull_request_target");
    assert_eq!(findings(&pr, &["GHA002"]).len(), 1);
}

/// docker-jitsi-meet (judged wrong, 2026-12-05): GitHub scopes caches by branch, so a release can
/// only restore what outsiders wrote through a workflow they start on the default branch.
#[test]
fn cache_poisoning_needs_a_workflow_outsiders_start() {
    let release = "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n      - run: npm ci && npm publish\n";
    let dir = repo();
    let path = dir.path().join(".github/workflows/release.yml");
    std::fs::write(&path, release).unwrap();
    let got = || run_at(release, &["GHA015"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone())).findings;
    assert!(got().is_empty(), "no workflow outsiders start");
    // A labeller that runs only GitHub's own actions writes no cache entry.
    std::fs::write(
        dir.path().join(".github/workflows/label.yml"),
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@v8\n        with:\n          script: console.log(1)\n",
    )
    .unwrap();
    assert!(got().is_empty(), "a fixed github-script runs no outsider code");
    std::fs::write(
        dir.path().join(".github/workflows/triage.yml"),
        "on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n      - uses: gsactions/commit-message-checker@v2\n",
    )
    .unwrap();
    assert!(got().is_empty(), "a fixed script and an action reading the event as data");
    // podman's labeller (judged wrong, the twenty-sixth sample): an issue's number is no outsider
    // text, and labelling takes triage access.
    std::fs::write(
        dir.path().join(".github/workflows/triage.yml"),
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh issue edit ${{ github.event.issue.number }} --add-label x\n",
    )
    .unwrap();
    assert!(got().is_empty(), "a number");
    std::fs::write(
        dir.path().join(".github/workflows/triage.yml"),
        "on:\n  issues:\n    types: [labeled]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n",
    )
    .unwrap();
    assert!(got().is_empty(), "only a labelling starts it");
    std::fs::write(
        dir.path().join(".github/workflows/triage.yml"),
        "on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.comment.body }}\"\n",
    )
    .unwrap();
    let f = got();
    assert_eq!(f.len(), 1);
    assert!(
        f[0].diagnostic.message.contains("triage.yml") && f[0].diagnostic.message.contains("issue_comment"),
        "{}",
        f[0].diagnostic.message
    );
    // remark42 (judged wrong, the nineteenth sample): a `workflow_run` build whose job follows only
    // pushes, or keeps forks out, runs no outsider's code.
    std::fs::remove_file(dir.path().join(".github/workflows/triage.yml")).unwrap();
    let follower = |cond: &str| {
        format!(
            "on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\njobs:\n  build:\n    if: {cond}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n        with:\n          ref: ${{{{ github.event.workflow_run.head_sha }}}}\n      - uses: actions/setup-go@v5\n"
        )
    };
    let docker = dir.path().join(".github/workflows/docker.yml");
    std::fs::write(&docker, follower("github.event.workflow_run.event != 'pull_request'")).unwrap();
    assert!(got().is_empty(), "only pushes reach the job");
    std::fs::write(&docker, follower("github.event.workflow_run.conclusion == 'success'")).unwrap();
    assert_eq!(got().len(), 1, "a pull request's run reaches it");
}

/// n8n-hosting's security workflow (judged wrong, 2026-12-05): both jobs upload SARIF, so the
/// top-level `security-events: write` is what each needs.
#[test]
fn workflow_write_permissions_used_by_every_job_are_fine() {
    let wf = |second: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\n  security-events: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/upload-sarif@v4\n        with:\n          sarif_file: a.sarif\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - {second}\n"
        )
    };
    assert!(findings(&wf("uses: github/codeql-action/analyze@v4"), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("run: make test"), &["GHA068"]).len(), 1);
    // Label syncing goes through the issues API (hyku's `label-sync`, the seventy-first sample).
    let labels = |second: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\n  issues: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: EndBug/label-sync@v2\n        with:\n          config-file: .github/labels.yml\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - {second}\n"
        )
    };
    assert!(findings(&labels("uses: EndBug/label-sync@v2"), &["GHA068"]).is_empty());
    // Registry clean-up deletes package versions (teslamate's purge, the seventy-second sample).
    let purge = |second: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: dataaxiom/ghcr-cleanup-action@v1\n        with:\n          token: ${{{{ secrets.GITHUB_TOKEN }}}}\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - {second}\n"
        )
    };
    assert!(findings(&purge("uses: actions/delete-package-versions@v5"), &["GHA068"]).is_empty());
    assert_eq!(findings(&purge("run: make test"), &["GHA068"]).len(), 1);
}

/// zowe's comment trigger (judged wrong as an error, the seventy-fourth sample): an object written
/// into a shell emptiness test (`-z`, `-n`, `!= ""`) is tested for being there, not printed.
#[test]
fn an_object_only_tested_for_emptiness_is_fine() {
    let wf =
        |run: &str| format!("on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {run}\n");
    let n = |run: &str| findings(&wf(run), &["GHA074"]).len();
    assert_eq!(n("if [[ ! -z \"${{ github.event.issue.pull_request }}\" ]]; then echo pr; fi"), 0);
    assert_eq!(n("[ -n '${{ github.event.issue.pull_request }}' ] && echo pr"), 0);
    assert_eq!(n("[ \"${{ github.event.issue.pull_request }}\" != \"\" ] && echo pr"), 0);
    assert_eq!(n("echo \"${{ github.event.issue.pull_request }}\""), 1);
}

/// Issue 18: `github.event` is typed three levels deep, so a misspelt property of the pull
/// request's head is caught; the objects below that level stay open.
#[test]
fn event_payloads_three_levels_deep() {
    let wf = |expr: &str| {
        format!("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n")
    };
    let messages = |expr: &str| -> Vec<String> {
        run(&wf(expr), &["GHA074"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.message.clone())
            .collect()
    };
    assert_eq!(
        messages("github.event.pull_request.head.reff"),
        ["`github.event.pull_request.head` has no property `reff`: it always reads as null"]
    );
    for ok in [
        "github.event.pull_request.head.ref",
        "github.event.pull_request.head.repo.full_name",
        "github.event.pull_request.user.login",
        "github.event.pull_request.base.repo.owner.login",
    ] {
        assert!(messages(ok).is_empty(), "{ok}: {:?}", messages(ok));
    }
}

/// paradedb's Dockerfile pull requests (judged wrong, the sixty-eighth sample): `gh pr create` with
/// `GH_TOKEN` set to a GitHub App's token does not use the job's `pull-requests: write`.
#[test]
fn gh_with_another_token_does_not_use_the_jobs() {
    let wf = |token: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\n  pull-requests: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr create --fill\n        env:\n          GH_TOKEN: ${{{{ {token} }}}}\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
        )
    };
    let message = |token: &str| run(&wf(token), &["GHA068"], FixMode::Off).findings[0].diagnostic.message.clone();
    assert_eq!(
        message("github.token"),
        "1 of 2 jobs (`b`) gets `pull-requests: write` without using it"
    );
    assert_eq!(
        message("secrets.GITHUB_TOKEN"),
        "1 of 2 jobs (`b`) gets `pull-requests: write` without using it"
    );
    assert_eq!(
        message("steps.app.outputs.token"),
        "every job gets `pull-requests: write` without using it"
    );
}

/// apicurio-registry's SDK release (judged wrong, the sixty-ninth sample): `npm publish` without a
/// token publishes with OIDC (trusted publishing), so the job uses `id-token: write`.
#[test]
fn npm_trusted_publishing_uses_the_id_token() {
    let wf = |publish: &str| {
        format!(
            "on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {publish}\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
        )
    };
    let message = |publish: &str| run(&wf(publish), &["GHA068"], FixMode::Off).findings[0].diagnostic.message.clone();
    assert_eq!(
        message("npm publish --access public"),
        "1 of 2 jobs (`b`) gets `id-token: write` without using it"
    );
    assert_eq!(message("uv publish"), "1 of 2 jobs (`b`) gets `id-token: write` without using it");
    assert_eq!(message("npm test"), "every job gets `id-token: write` without using it");
}

/// otwarchive's reviewdog jobs (judged wrong, the sixty-second sample): an action posting check
/// runs (`reporter: github-pr-check`, a test reporter) uses `checks: write`; a scope whose use no
/// step shows (`statuses`) is not said to be unused.
#[test]
fn workflow_write_permissions_know_check_runs() {
    let wf = |scope: &str, second: &str| {
        format!(
            "on: pull_request\npermissions:\n  {scope}: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: reviewdog/action-rubocop@v2\n        with:\n          reporter: github-pr-check\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - {second}\n"
        )
    };
    let lint = "uses: acme/action-erblint@v1\n        with:\n          reporter: github-check";
    assert!(findings(&wf("checks", lint), &["GHA068"]).is_empty());
    assert!(findings(&wf("checks", "uses: dorny/test-reporter@v2"), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("checks", "run: make test"), &["GHA068"]).len(), 1);
    assert!(findings(&wf("statuses", "run: make test"), &["GHA068"]).is_empty());
}

/// The sixty-third sample's GHA068 findings judged wrong: terraform-docs pushing the README back
/// (`git-push: true`), release-drafter's autolabeler, a PR comment written by `github-script`,
/// and `actions/deploy-pages` (OIDC) each use the scope their job is granted.
#[test]
fn workflow_write_permissions_know_more_writers() {
    let wf = |scope: &str, step: &str| {
        format!(
            "on: pull_request\npermissions:\n  {scope}: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - {step}\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - {step}\n"
        )
    };
    let docs = |push: &str| format!("uses: terraform-docs/gh-actions@v1.3.0\n        with:\n          git-push: {push}");
    assert!(findings(&wf("contents", &docs("true")), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("contents", &docs("false")), &["GHA068"]).len(), 1);
    assert!(findings(&wf("pull-requests", "uses: release-drafter/release-drafter@v6"), &["GHA068"]).is_empty());
    assert!(findings(&wf("contents", "uses: release-drafter/release-drafter@v6"), &["GHA068"]).is_empty());
    let script = "uses: actions/github-script@v8\n        with:\n          script: |\n            await github.rest.issues.createComment({ issue_number: 1, owner: 'o', repo: 'r', body: 'x' })";
    assert!(findings(&wf("pull-requests", script), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("id-token", script), &["GHA068"]).len(), 1);
    assert!(findings(&wf("id-token", "uses: actions/deploy-pages@v4"), &["GHA068"]).is_empty());
}

/// tracecat's image builds (judged not worth it, the fifty-fourth sample): every job logs in to
/// `${{ env.REGISTRY }}`, which the workflow sets to GHCR, and pushes.
#[test]
fn workflow_write_permissions_follow_a_registry_named_in_env() {
    let wf = |registry: &str| {
        let job = "    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ${{ env.REGISTRY }}\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n";
        format!(
            "on: push\nenv:\n  REGISTRY: {registry}\npermissions:\n  contents: read\n  packages: write\njobs:\n  api:\n{job}  ui:\n{job}"
        )
    };
    assert!(findings(&wf("ghcr.io"), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("docker.io"), &["GHA068"]).len(), 1);
}

/// karakeep's docker workflow (judged wrong, 2026-12-05): `include:` matches on `image` and adds
/// the `target` the steps read, so each image is a different run.
#[test]
fn matrix_keys_selecting_include_entries_are_used() {
    let wf = |steps: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        image: [web, cli]\n        include:\n          - image: web\n            target: web\n          - image: cli\n            target: cli\n    steps:\n      - run: {steps}\n"
        )
    };
    assert!(findings(&wf("make ${{ matrix.target }}"), &["GHA061"]).is_empty());
    assert_eq!(findings(&wf("make all"), &["GHA061"]).len(), 1);
}

/// immich-charts (judged wrong as errors, 2026-12-05) and invidious (the thirty-first sample):
/// `write-all` is a warning wherever it is: too broad, not exploitable by itself; where outsiders
/// start the run it is the same warning with high confidence, elsewhere medium.
#[test]
fn write_all_is_a_warning_with_more_confidence_where_outsiders_start_the_run() {
    use shipshape_core::Confidence::{High, Medium};
    let wf =
        |on: &str| format!("on: {on}\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n");
    let got = |on: &str| {
        let r = run(&wf(on), &["GHA004"], FixMode::Off);
        (r.findings[0].diagnostic.severity, r.findings[0].diagnostic.confidence)
    };
    let w = shipshape_core::Severity::Warning;
    assert_eq!(got("pull_request"), (w, Medium));
    assert_eq!(got("push"), (w, Medium));
    assert_eq!(got("pull_request_target"), (w, High));
    assert_eq!(got("issue_comment"), (w, High));
}

/// traccar's release (judged wrong, 2026-12-05): one command under `shell: cmd` fails the step
/// when it fails.
#[test]
fn cmd_with_one_command_is_fine() {
    let wf =
        |run: &str| format!("on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - shell: cmd\n        run: {run}\n");
    assert!(findings(&wf("'\"%ProgramFiles(x86)%\\Inno Setup 6\\ISCC.exe\" traccar.iss'"), &["GHA027"]).is_empty());
    assert!(findings(&wf("make && make install"), &["GHA027"]).is_empty());
    assert_eq!(findings(&wf("make & make install"), &["GHA027"]).len(), 1);
    assert_eq!(findings(&wf("|\n          call a.bat\n          call b.bat"), &["GHA027"]).len(), 1);
}

/// calcom/docker (judged wrong, 2026-12-05): its image builds follow the scheduled "Update
/// Calendso", which no outsider can start.
#[test]
fn github_env_after_a_trusted_workflow_run_is_fine() {
    let dir = repo();
    let follower = "on:\n  workflow_run:\n    workflows: [\"Update Calendso\"]\n    types: [completed]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cat .env.example >> $GITHUB_ENV\n";
    let path = dir.path().join(".github/workflows/build.yml");
    std::fs::write(&path, follower).unwrap();
    let got = || {
        run_at(follower, &["GHA016"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .len()
    };
    // The upstream is unknown: reported.
    assert_eq!(got(), 1);
    let upstream = dir.path().join(".github/workflows/update.yml");
    std::fs::write(&upstream, "name: Update Calendso\non:\n  schedule:\n    - cron: '0 4 * * *'\n  workflow_dispatch:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n").unwrap();
    assert_eq!(got(), 0);
    std::fs::write(
        &upstream,
        "name: Update Calendso\non: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    )
    .unwrap();
    assert_eq!(got(), 1);
}

/// penpot's CI runs its own `penpotapp/devenv:latest`, which another workflow builds and pushes
/// (judged not worth it, 2026-12-05).
#[test]
fn the_repositorys_own_job_images_may_float() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".github/workflows/devenv.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t penpotapp/devenv:latest . && docker push penpotapp/devenv:latest\n",
    )
    .unwrap();
    let wf = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: penpotapp/devenv:latest\n    services:\n      redis:\n        image: redis:latest\n    steps:\n      - run: make test\n";
    let path = dir.path().join(".github/workflows/tests.yml");
    std::fs::write(&path, wf).unwrap();
    let r = run_at(wf, &["GHA012"], FixMode::Off, FileKind::GithubWorkflow, Some(path));
    let got: Vec<&str> = r.findings.iter().map(|f| f.diagnostic.span.text(wf)).collect();
    assert_eq!(got, ["redis:latest"]);
}

/// autoscaler's chart linting (judged wrong, 2026-12-05): a pull request's base branch is named by
/// someone who can push to the base repository.
#[test]
fn a_pull_requests_base_branch_is_no_injection() {
    let wf = |expr: &str| {
        format!(
            "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ct lint --target-branch ${{{{ {expr} }}}}\n"
        )
    };
    assert!(findings(&wf("github.event.pull_request.base.ref"), &["GHA002"]).is_empty());
    assert!(findings(&wf("github.base_ref"), &["GHA002"]).is_empty());
    assert_eq!(findings(&wf("github.event.pull_request.head.ref"), &["GHA002"]).len(), 1);
}

/// vikunja's preview workflow (judged wrong, 2026-12-05): checkout v7 refuses a fork's code under
/// `pull_request_target` unless `allow-unsafe-pr-checkout: true`.
#[test]
fn checkout_v7_refuses_fork_code() {
    let wf = |uses: &str, extra: &str| {
        format!(
            "on: pull_request_target\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n        with:\n          ref: refs/pull/${{{{ github.event.pull_request.number }}}}/head\n{extra}      - run: make\n"
        )
    };
    assert!(findings(&wf("actions/checkout@v7", ""), &["GHA007"]).is_empty());
    assert_eq!(
        findings(
            &wf("actions/checkout@v7", "          allow-unsafe-pr-checkout: true\n"),
            &["GHA007"]
        )
        .len(),
        1
    );
    assert_eq!(findings(&wf("actions/checkout@v4", ""), &["GHA007"]).len(), 1);
}

/// vikunja's e2e job (judged not worth it): values that say they are a test's are not credentials.
#[test]
fn workflow_values_named_as_tests_are_not_credentials() {
    let wf = |v: &str| {
        format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      JWT_SECRET: {v}\n    steps:\n      - run: make e2e\n")
    };
    assert!(findings(&wf("veans-e2e-jwt-secret-do-not-use-in-production"), &["GHA066"]).is_empty());
    assert_eq!(findings(&wf("kT9vXr2Qp7LmZ4sW8nB3"), &["GHA066"]).len(), 1);
    // dapr's FOSSA key (the sixty-first sample): a comment saying it is public on purpose, and
    // FOSSA's push-only keys, made to be committed, are no error.
    assert!(findings(&wf("kT9vXr2Qp7LmZ4sW8nB3 # push-only token, safe to be exposed"), &["GHA066"]).is_empty());
    assert_eq!(findings(&wf("kT9vXr2Qp7LmZ4sW8nB3 # rotated monthly"), &["GHA066"]).len(), 1);
    let fossa = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      FOSSA_API_KEY: b88e1f4287c3108c8751bf106fb46db6\n    steps:\n      - run: fossa analyze\n";
    assert_eq!(
        run(fossa, &["GHA066"], FixMode::Off).severities(),
        [shipshape_core::Severity::Warning]
    );
}

/// redis_exporter installs docker-compose v1 itself before using it; `ACTIONS_ALLOW_UNSECURE_COMMANDS`
/// on trusted pushes is a leftover (both judged wrong as errors, 2026-12-05).
#[test]
fn compose_v1_installed_by_the_job_and_insecure_commands_on_push() {
    let wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sudo apt-get install docker-compose\n      - run: docker-compose up -d\n";
    assert!(findings(wf, &["GHA072"]).is_empty());
    let bare = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker-compose up -d\n";
    assert_eq!(findings(bare, &["GHA072"]).len(), 1);
    // Reported, and fixed, at the command, not at a file name that precedes it (EC-CUBE's, the
    // seventieth sample).
    let files = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          cp docker-compose.ci.yml docker-compose.override.yml\n          docker-compose -f docker-compose.yml up -d\n";
    let r = run(files, &["GHA072"], FixMode::Off);
    assert_eq!(r.findings.len(), 1);
    let at = r.findings[0].diagnostic.span.start;
    assert_eq!(&files[at..at + 18], "docker-compose -f ");
    // An action that installs Compose and links it as `docker-compose` (the fifty-seventh sample).
    let action = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ndeloof/install-compose-action@v0.0.1\n      - run: docker-compose config\n";
    assert!(findings(action, &["GHA072"]).is_empty());
    // Only under a condition (kserve's `if [ -f docker-compose.test.yml ]`, the seventy-fourth
    // sample): not certainly run, a warning.
    let sev = |script: &str| {
        let wf = format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n{script}");
        run(&wf, &["GHA072"], FixMode::Off).findings[0].diagnostic.severity
    };
    use shipshape_core::Severity::{Error as E, Warning as W};
    assert_eq!(
        sev("          if [ -f docker-compose.test.yml ]; then\n            docker-compose run sut\n          fi\n"),
        W
    );
    assert_eq!(sev("          [ -f c.yml ] && docker-compose up\n"), W);
    assert_eq!(sev("          if [ -f a ]; then echo a; fi\n          docker-compose up\n"), E);
    // In a repository that does not have the file, the branch never runs.
    let dir = repo();
    let guarded = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          if [ -f docker-compose.test.yml ]; then\n            docker-compose run sut\n          else\n            docker-compose build\n          fi\n";
    let path = dir.path().join(".github/workflows/publish.yml");
    std::fs::write(&path, guarded).unwrap();
    let got = || run_at(guarded, &["GHA072"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone())).severities();
    assert_eq!(got(), [W], "only the else branch's");
    std::fs::write(dir.path().join("docker-compose.test.yml"), "services: {}\n").unwrap();
    assert_eq!(got(), [W, W]);
    let insecure = |on: &str| {
        format!(
            "on: {on}\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        )
    };
    let sev = |on: &str| run(&insecure(on), &["GHA009"], FixMode::Off).findings[0].diagnostic.severity;
    assert_eq!(sev("push"), shipshape_core::Severity::Warning);
    assert_eq!(sev("pull_request_target"), shipshape_core::Severity::Error);
    // `id-token` has no read level.
    let wf = "on: push\npermissions:\n  id-token: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n";
    let r = run(wf, &["GHA068"], FixMode::Off);
    assert!(
        r.findings[0]
            .diagnostic
            .help
            .as_deref()
            .is_some_and(|h| h.contains("id-token: none"))
    );
}

/// atuin's release workflow (judged wrong, the twenty-fourth sample): a job that sets its own
/// `permissions:` does not get the top-level ones, so the message names the jobs that do.
#[test]
fn write_permissions_name_the_jobs_that_inherit_them() {
    let wf = "on: push\npermissions:\n  contents: write\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps: [{run: make}]\n  lint:\n    runs-on: ubuntu-latest\n    steps: [{run: make lint}]\n";
    let r = run(wf, &["GHA068"], FixMode::Off);
    assert_eq!(
        r.findings[0].diagnostic.message,
        "2 of 3 jobs (`plan`, `lint`) get `contents: write` without using it"
    );
    let all = wf.replace("    permissions:\n      contents: read\n", "");
    let r = run(&all, &["GHA068"], FixMode::Off);
    assert_eq!(
        r.findings[0].diagnostic.message,
        "every job gets `contents: write` without using it"
    );
    // fluent-operator's `manifest` job logs in to GHCR with the token (the sixty-first sample): it
    // is the job to grant the scope to, not one that gets it for nothing.
    let ghcr = "on: push\npermissions:\n  packages: write\njobs:\n  version:\n    runs-on: ubuntu-latest\n    steps: [{run: make version}]\n  manifest:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n";
    let r = run(ghcr, &["GHA068"], FixMode::Off);
    assert_eq!(
        r.findings[0].diagnostic.message,
        "1 of 2 jobs (`version`) gets `packages: write` without using it"
    );
    assert!(
        r.findings[0]
            .diagnostic
            .help
            .as_deref()
            .is_some_and(|h| h.ends_with("grant `write` in `manifest`"))
    );
}

/// mediacms' switched-off jobs (judged not worth it, 2026-12-05): a job with `if: false` never runs;
/// only what makes GitHub reject the file is said there.
#[test]
fn jobs_switched_off_are_not_audited() {
    for cond in ["false", "${{ false }}"] {
        let wf = format!(
            "on: push\npermissions: {{}}\njobs:\n  old:\n    if: {cond}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - uses: acme/setup@v1\n      - stesp: x\n"
        );
        let codes: Vec<&str> = run(&wf, &["GHA005", "GHA006", "GHA037"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.rule.code)
            .collect();
        assert_eq!(codes, ["GHA037"], "{cond}");
    }
    // A workflow whose only job is switched off gets no token: no `permissions:` to ask for
    // (solr-operator's e2e workflow, the twenty-fourth sample); another job still needs them.
    let off = "on: push\njobs:\n  e2e:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: make e2e\n";
    assert!(findings(off, &["GHA003"]).is_empty());
    let on = format!("{off}  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: make test\n");
    assert_eq!(findings(&on, &["GHA003"]).len(), 1);
}

/// A cluster the job starts makes `kubectl apply` a test install, whether the step that starts it
/// runs a local action (opentelemetry-helm-charts' setup action runs `helm/kind-action`, judged
/// wrong, 2026-12-05) or a repository script (kubeflow's manifests, judged wrong four times, the
/// twenty-fourth sample); a helper that starts none leaves `kubectl apply` a deploy.
#[test]
fn a_helper_that_starts_a_cluster_makes_installs_tests() {
    // (helper file, the step that runs it, its text without a cluster, with one)
    let cases = [
        (
            ".github/actions/setup/action.yml",
            "      - uses: ./.github/actions/setup\n",
            "runs:\n  using: composite\n  steps:\n    - run: make deps\n      shell: bash\n",
            "runs:\n  using: composite\n  steps:\n    - uses: helm/kind-action@v1.14.0\n",
        ),
        (
            "tests/install_kind.sh",
            "      - run: ./tests/install_kind.sh\n",
            "#!/bin/bash\ncurl -Lo kind https://kind.sigs.k8s.io/dl\n",
            "#!/bin/bash\necho \"kind: Cluster\" | kind create cluster --name kf --config - --wait 120s\n",
        ),
    ];
    for (helper, step, plain, cluster) in cases {
        let dir = repo();
        let wf = format!(
            "on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n{step}      - run: kustomize build base | kubectl apply -f -\n"
        );
        let path = dir.path().join(".github/workflows/t.yml");
        std::fs::write(&path, &wf).unwrap();
        let helper = dir.path().join(helper);
        std::fs::create_dir_all(helper.parent().unwrap()).unwrap();
        let got = |text: &str| {
            std::fs::write(&helper, text).unwrap();
            run_at(&wf, &["GHA055"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
                .findings
                .len()
        };
        assert_eq!(got(plain), 1, "{step}");
        assert_eq!(got(cluster), 0, "{step}");
    }
}

/// The eleventh fresh sample (2026-12-05): injections in a plain pull-request workflow gain an
/// outsider nothing; a label-gated `pull_request_target` is a reviewed gate; a default runner
/// variable set to its own value or read back through `env.` is fine; a job calling a local
/// workflow with its own `permissions:` does not keep the caller's.
#[test]
fn eleventh_sample_precision() {
    let inj = |on: &str| {
        format!(
            "on: {on}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ github.event.pull_request.head.ref }}}}\"\n"
        )
    };
    let sev = |src: &str, code: &str| run(src, &[code], FixMode::Off).findings[0].diagnostic.severity;
    assert_eq!(sev(&inj("pull_request"), "GHA002"), shipshape_core::Severity::Info);
    assert_eq!(sev(&inj("pull_request_target"), "GHA002"), shipshape_core::Severity::Error);
    let gated = "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  e2e:\n    if: github.event.label.name == 'ok-to-test'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make e2e\n";
    assert_eq!(sev(gated, "GHA007"), shipshape_core::Severity::Warning);
    assert_eq!(
        sev(&gated.replace("types: [labeled]", "types: [opened]"), "GHA007"),
        shipshape_core::Severity::Error
    );
    let env = |v: &str, tags: &str| {
        format!(
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        env:\n          GITHUB_SHA: {v}\n        with:\n          tags: {tags}\n"
        )
    };
    assert!(findings(&env("${{ github.sha }}", "img:1"), &["GHA065"]).is_empty());
    assert!(findings(&env("abc", "img:${{ env.GITHUB_SHA }}"), &["GHA065"]).is_empty());
    assert_eq!(findings(&env("abc", "img:1"), &["GHA065"]).len(), 1);
    let dir = repo();
    std::fs::write(
        dir.path().join(".github/workflows/a.yml"),
        "on: workflow_call\npermissions: {contents: read}\njobs: {t: {runs-on: ubuntu-latest, steps: [{run: make}]}}\n",
    )
    .unwrap();
    let pr = "on: pull_request\npermissions: {contents: read, checks: write}\njobs:\n  a: {uses: ./.github/workflows/a.yml}\n  b: {uses: ./.github/workflows/a.yml}\n";
    let path = dir.path().join(".github/workflows/pr.yml");
    std::fs::write(&path, pr).unwrap();
    assert!(
        run_at(pr, &["GHA068"], FixMode::Off, FileKind::GithubWorkflow, Some(path))
            .findings
            .is_empty()
    );
}

/// docker-mailserver's scheduled builds call their own reusable workflows by `owner/repo/…@master`
/// (judged wrong, the thirteenth sample): the called workflows' permissions replace the caller's,
/// as for `./.github/workflows/…`.
#[test]
fn own_reusable_workflows_called_by_name_narrow_permissions() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = https://github.com/acme/web.git\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".github/workflows/build.yml"),
        "on: workflow_call\npermissions: {contents: read}\njobs: {t: {runs-on: ubuntu-latest, steps: [{run: make}]}}\n",
    )
    .unwrap();
    let caller = |owner: &str| {
        format!(
            "on: {{schedule: [{{cron: '0 0 * * 5'}}]}}\npermissions: {{contents: read, packages: write}}\njobs:\n  a: {{uses: {owner}/web/.github/workflows/build.yml@main}}\n  b: {{uses: {owner}/web/.github/workflows/build.yml@main}}\n"
        )
    };
    let path = dir.path().join(".github/workflows/scheduled.yml");
    let count = |src: &str| {
        std::fs::write(&path, src).unwrap();
        run_at(src, &["GHA068"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .len()
    };
    assert_eq!(count(&caller("acme")), 0);
    // Another repository's workflow cannot be read offline: it may need what the caller grants.
    assert_eq!(count(&caller("other")), 0);
    // A called workflow without `permissions:` inherits the caller's: the scope counts as used when
    // one of its jobs uses it (prec17: a release workflow's callers, judged not worth acting on).
    let callee = |step: &str| {
        std::fs::write(
            dir.path().join(".github/workflows/publish.yml"),
            format!("on: workflow_call\njobs: {{p: {{runs-on: ubuntu-latest, steps: [{step}]}}}}\n"),
        )
        .unwrap();
    };
    let local = "on: push\npermissions: {contents: read, packages: write}\njobs:\n  a: {uses: ./.github/workflows/publish.yml}\n  b: {uses: ./.github/workflows/publish.yml}\n";
    callee("{uses: docker/login-action@v3, with: {registry: ghcr.io}}");
    assert_eq!(count(local), 0);
    callee("{run: make}");
    assert_eq!(count(local), 1);
}

/// The thirteenth fresh sample (2026-12-05): photoview decides `push:` per event through an `env`
/// variable; code-server's release jobs both open an announcement discussion.
#[test]
fn thirteenth_sample_actions() {
    let build = |push: &str, env: &str| {
        format!(
            "on: [push, pull_request]\nenv:\n  IS_PUSHING: {env}\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: {push}\n"
        )
    };
    let guard = "${{ github.event_name != 'pull_request' && github.repository == 'acme/web' }}";
    assert!(findings(&build("${{ env.IS_PUSHING }}", guard), &["GHA055"]).is_empty());
    assert!(findings(&build("${{ github.event_name == 'push' }}", "x"), &["GHA055"]).is_empty());
    assert_eq!(findings(&build("${{ env.IS_PUSHING }}", "${{ vars.PUSH }}"), &["GHA055"]).len(), 1);
    assert_eq!(findings(&build("true", guard), &["GHA055"]).len(), 1);

    let release = |with: &str| {
        format!(
            "on: push\npermissions:\n  contents: write\n  discussions: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: softprops/action-gh-release@v2\n        with:\n          {with}\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: softprops/action-gh-release@v2\n        with:\n          {with}\n"
        )
    };
    let scopes = |src: &str| -> Vec<String> { findings(src, &["GHA068"]).into_iter().map(|(_, t)| t).collect() };
    assert!(scopes(&release("discussion_category_name: Announcements")).is_empty());
    assert_eq!(scopes(&release("draft: true")), ["write"]);
}

/// The twelfth fresh sample (2026-12-05): GitHub ignores unknown keys of action metadata; a
/// release's `prerelease` is a boolean.
#[test]
fn twelfth_sample_actions() {
    let action = "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\npermissions:\n  contents: read\n";
    let r = run_as(action, &["GHA037"], FixMode::Off, FileKind::GithubAction);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Warning);
    let wf = "on:\n  release:\n    types: [published]\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./check.sh ${{ github.event.release.prerelease }}\n";
    assert!(findings(wf, &["GHA002"]).is_empty());
}

/// The error audit (2026-12-05): an error only where GitHub refuses the file or the step fails.
#[test]
fn error_audit_actions() {
    use shipshape_core::Severity::{Error, Warning};
    let sev = |src: &str, code: &str| -> Vec<shipshape_core::Severity> { run(src, &[code], FixMode::Off).severities() };
    let job = "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    // Keys GitHub's schema has; a near-miss is a typo (error), another unknown key a warning.
    assert!(sev(&format!("on: push\ndescription: Builds\n{job}"), "GHA037").is_empty());
    assert!(
        sev(
            &format!(
                "on: push\n{}",
                job.replace("    runs-on", "    cancel-timeout-minutes: 5\n    runs-on")
            ),
            "GHA037"
        )
        .is_empty()
    );
    assert_eq!(
        sev(
            &format!("on: push\n{}", job.replace("    runs-on", "    timeout_minutes: 5\n    runs-on")),
            "GHA037"
        ),
        [Error]
    );
    assert_eq!(
        sev(
            &format!("on: push\n{}", job.replace("    runs-on", "    flavour: x\n    runs-on")),
            "GHA037"
        ),
        [Warning]
    );
    // Scopes.
    assert!(
        sev(
            &format!("on: push\npermissions:\n  drives: read\n  vulnerability-alerts: read\n{job}"),
            "GHA048"
        )
        .is_empty()
    );
    assert_eq!(
        sev(&format!("on: push\npermissions:\n  pull-request: write\n{job}"), "GHA048"),
        [Error]
    );
    // Cron: too frequent is a warning, an invalid field an error.
    assert_eq!(
        sev(&format!("on:\n  schedule:\n    - cron: '*/2 * * * *'\n{job}"), "GHA045"),
        [Warning]
    );
    assert_eq!(
        sev(&format!("on:\n  schedule:\n    - cron: '61 * * * *'\n{job}"), "GHA045"),
        [Error]
    );
    // Env names: `:` is set (Windows) but unreadable by a shell; `=` can never be set.
    let env = |name: &str| format!("on: push\nenv:\n  \"{name}\": x\n{job}");
    assert_eq!(sev(&env("Logging:LogLevel:Default"), "GHA065"), [Warning]);
    assert_eq!(sev(&env("A=B"), "GHA065"), [Error]);
    // Retired Node runtimes run on a newer Node: warnings.
    let action = "name: a\ndescription: d\nruns:\n  using: node16\n  main: index.js\n";
    let r = run_as(action, &["GHA062"], FixMode::Off, FileKind::GithubAction);
    assert_eq!(r.severities(), [Warning]);
    // The runner reads `using` case-insensitively, and runs an action with no `name` (GHA038's
    // to say, not the schema's): EC-CUBE's composer action, the seventieth sample.
    let composite = "runs:\n  using: Composite\n  steps:\n    - run: composer install\n      shell: bash\n";
    let r = run_as(composite, &["GHA062", "GHA073"], FixMode::Off, FileKind::GithubAction);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let r = run_as(
        &composite.replace("Composite", "Compsite"),
        &["GHA062"],
        FixMode::Off,
        FileKind::GithubAction,
    );
    assert_eq!(r.severities(), [Error]);
    // `::set-env` with ACTIONS_ALLOW_UNSECURE_COMMANDS runs: a warning.
    let set_env = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"::set-env name=A::1\"\n";
    assert_eq!(sev(set_env, "GHA008"), [Error]);
    let allowed = set_env.replace("    steps:", "    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:");
    assert_eq!(sev(&allowed, "GHA008"), [Warning]);
    // A chosen password for a CI database is a warning; a generated credential an error.
    let secret = |v: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      POSTGRES_PASSWORD: {v}\n    steps:\n      - run: make\n"
        )
    };
    assert_eq!(sev(&secret("pgpass2024"), "GHA066"), [Warning]);
    assert_eq!(sev(&secret("kT9vXr2Qp7LmZ4sW8nB3"), "GHA066"), [Error]);
    // The application's own key for the job's instance (lago-api's CI, judged not worth an error,
    // the twenty-fourth sample): a warning, however random.
    let own = secret("cvIAI6ycC0OnVDRAjT5hmbRxnjCxl4YB").replace("POSTGRES_PASSWORD", "SECRET_KEY_BASE");
    assert_eq!(sev(&own, "GHA066"), [Warning]);
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "JWT_SECRET"), "GHA066"), [Warning]);
    // Symfony's and Auth.js' own keys (shopware, CityCatalyst: the seventieth sample); an OAuth
    // app's secret is a credential.
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "APP_SECRET"), "GHA066"), [Warning]);
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "NEXTAUTH_SECRET"), "GHA066"), [Warning]);
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "FACEBOOK_APP_SECRET"), "GHA066"), [Error]);
    // Outline's `SECRET_KEY` for its test run (`NODE_ENV: test`, the seventy-fifth sample): its
    // own key for a test instance, nothing to rotate; without the test environment a warning.
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "SECRET_KEY"), "GHA066"), [Warning]);
    let test_run = own
        .replace("SECRET_KEY_BASE", "SECRET_KEY")
        .replace("    env:\n", "    env:\n      NODE_ENV: test\n");
    assert!(sev(&test_run, "GHA066").is_empty());
    assert_eq!(sev(&test_run.replace("SECRET_KEY:", "STRIPE_API_KEY:"), "GHA066"), [Error]);
    // A test service's upload token, committed so forks' runs report (openfoodnetwork's Knapsack
    // Pro token, the fifty-third sample): a warning.
    let upload = own.replace("SECRET_KEY_BASE", "KNAPSACK_PRO_TEST_SUITE_TOKEN_RSPEC");
    assert_eq!(sev(&upload, "GHA066"), [Warning]);
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "STRIPE_API_KEY"), "GHA066"), [Error]);
    // An identifier of a secret (forms-terraform's `TF_VAR_gc_temp_token_template_id`, the
    // twenty-ninth sample) is no secret.
    assert!(sev(&own.replace("SECRET_KEY_BASE", "TF_VAR_GC_TEMP_TOKEN_TEMPLATE_ID"), "GHA066").is_empty());
    // logto's vault key-encryption key (the twenty-seventh sample).
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "SECRET_VAULT_KEK"), "GHA066"), [Warning]);
    assert_eq!(sev(&own.replace("SECRET_KEY_BASE", "DEPLOY_TOKEN"), "GHA066"), [Error]);
}

/// Dependabot ecosystems of SchemaStore's schema, and beta ecosystems when enabled.
#[test]
fn error_audit_dependabot() {
    let cfg = |eco: &str, beta: bool| {
        format!(
            "version: 2\n{}updates:\n  - package-ecosystem: {eco}\n    directory: /\n    schedule:\n      interval: weekly\n",
            if beta { "enable-beta-ecosystems: true\n" } else { "" }
        )
    };
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run_as(src, &["GHA063"], FixMode::Off, FileKind::Dependabot).severities() };
    for eco in ["deno", "nix", "sbt"] {
        assert!(sev(&cfg(eco, false)).is_empty(), "{eco}");
    }
    assert_eq!(sev(&cfg("github-action", false)), [shipshape_core::Severity::Error]);
    assert_eq!(sev(&cfg("zig", false)), [shipshape_core::Severity::Warning]);
    assert!(sev(&cfg("zig", true)).is_empty());
}

/// The fourteenth fresh sample (2026-12-05): metallb's CI creates its kind cluster with a script and
/// feeds it with `kind load`; velero's Dependabot ignores every version update of gomod.
#[test]
fn fourteenth_sample_actions() {
    let wf = "on: [push, pull_request]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          ./hack/kind-multi-node-cluster.sh\n          kind load docker-image quay.io/acme/app:dev\n      - run: kubectl apply -f bin/operator.yaml\n";
    assert!(findings(wf, &["GHA055"]).is_empty());
    let cfg = |ignore: &str| {
        format!("version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule:\n      interval: weekly\n{ignore}")
    };
    let count = |src: &str| run_as(src, &["GHA030"], FixMode::Off, FileKind::Dependabot).findings.len();
    let all = "    ignore:\n      - dependency-name: \"*\"\n        update-types: [\"version-update:semver-major\", \"version-update:semver-minor\", \"version-update:semver-patch\"]\n";
    assert_eq!(count(&cfg(all)), 0);
    let major = "    ignore:\n      - dependency-name: \"*\"\n        update-types: [\"version-update:semver-major\"]\n";
    assert_eq!(count(&cfg(major)), 1);
}

/// The error audit (2026-12-05): `docker-compose` v1 is missing from GitHub's hosted images only; a
/// self-hosted runner or a job container may have it.
#[test]
fn compose_v1_is_an_error_on_hosted_runners_only() {
    use shipshape_core::Severity::{Error, Warning};
    let wf = |runs_on: &str| format!("on: push\njobs:\n  a:\n    runs-on: {runs_on}\n    steps:\n      - run: docker-compose up -d\n");
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run(src, &["GHA072"], FixMode::Off).severities() };
    assert_eq!(sev(&wf("ubuntu-24.04")), [Error]);
    assert_eq!(sev(&wf("[self-hosted, linux]")), [Warning]);
    assert_eq!(sev(&wf("buildjet-4vcpu-ubuntu-2204")), [Warning]);
}

/// The error audit (2026-12-05): counts and states GitHub computes are not text; a guess (medium
/// confidence) is never an error.
#[test]
fn injection_of_counts_and_guesses() {
    let wf = |expr: &str| {
        format!(
            "on: pull_request_target\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ {expr} }}}}\n"
        )
    };
    for safe in [
        "github.event.pull_request.commits",
        "github.event.pull_request.additions",
        "github.event.pull_request.mergeable_state",
    ] {
        assert!(findings(&wf(safe), &["GHA002"]).is_empty(), "{safe}");
    }
    let r = run(&wf("github.event.pull_request.title"), &["GHA002"], FixMode::Off);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
    // A path GHA002 can only guess at (medium confidence) is a warning, never an error.
    let guess = run(&wf("github.event.pull_request.auto_merge.commit_title"), &["GHA002"], FixMode::Off);
    let got: Vec<_> = guess
        .findings
        .iter()
        .map(|f| (f.diagnostic.confidence, f.diagnostic.severity))
        .collect();
    assert_eq!(got, [(shipshape_core::Confidence::Medium, shipshape_core::Severity::Warning)]);
}

/// dokploy (judged wrong, 2026-12-05): the repository's name and the actor are not an outsider's
/// text; a pull request's title is.
#[test]
fn github_env_repository_names_are_not_event_text() {
    let wf = |line: &str| {
        format!("on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {line}\n")
    };
    let sev = |line: &str| -> Vec<shipshape_core::Severity> { run(&wf(line), &["GHA016"], FixMode::Off).severities() };
    assert_eq!(
        sev(r#"echo "IMAGE=${{ secrets.DOCKER_USERNAME }}/${{ github.event.repository.name }}" >> $GITHUB_ENV"#),
        [shipshape_core::Severity::Warning]
    );
    assert_eq!(
        sev(r#"echo "T=${{ github.event.pull_request.title }}" >> $GITHUB_ENV"#),
        [shipshape_core::Severity::Error]
    );
}

/// The error audit (2026-12-05): an actor check beside the author check adds nothing; under plain
/// `pull_request` a spoofed actor gains no secrets (info: yopass's auto-merge, judged not worth a
/// finding, the twenty-eighth sample); under `pull_request_target` it is the guard (an error).
#[test]
fn bot_conditions_by_trigger_and_author_check() {
    use shipshape_core::Severity::{Error, Info};
    let wf = |on: &str, cond: &str| {
        format!("on: {on}\njobs:\n  merge:\n    if: {cond}\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --auto\n")
    };
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run(src, &["GHA019"], FixMode::Off).severities() };
    let actor = "github.actor == 'dependabot[bot]'";
    assert_eq!(sev(&wf("pull_request_target", actor)), [Error]);
    assert_eq!(sev(&wf("pull_request", actor)), [Info]);
    let both = "github.event.pull_request.user.login == 'dependabot[bot]' && github.actor == 'dependabot[bot]'";
    assert!(sev(&wf("pull_request_target", both)).is_empty());
}

/// The error audit (2026-12-05): a `workflow_run` that follows only this repository's pushes checks
/// out a pushed commit; a job that excludes forks never runs a fork's code.
#[test]
fn dangerous_triggers_trusted_runs_and_fork_guards() {
    use shipshape_core::Severity::{Error, Warning};
    let dir = repo();
    std::fs::write(
        dir.path().join(".github/workflows/build.yml"),
        "name: Build\non:\n  push:\n    branches: [main]\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    )
    .unwrap();
    let deploy = "on:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: ./deploy.sh\n";
    let path = dir.path().join(".github/workflows/deploy.yml");
    std::fs::write(&path, deploy).unwrap();
    assert!(
        run_at(deploy, &["GHA007"], FixMode::Off, FileKind::GithubWorkflow, Some(path))
            .findings
            .is_empty()
    );
    let prt = |cond: &str| {
        format!(
            "on: pull_request_target\njobs:\n  t:\n{cond}    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          ref: ${{{{ github.event.pull_request.head.sha }}}}\n      - run: make test\n"
        )
    };
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run(src, &["GHA007"], FixMode::Off).severities() };
    assert_eq!(sev(&prt("")), [Error]);
    assert_eq!(
        sev(&prt("    if: github.event.pull_request.head.repo.full_name == github.repository\n")),
        [Warning]
    );
}

/// kestra's translation job expands `github.head_ref` but runs only when
/// `github.event.pull_request.head.repo.fork == false` (judged wrong, the seventeenth sample): the
/// branch is pushed by someone with write access.
#[test]
fn template_injection_in_a_job_that_keeps_forks_out() {
    let wf = |cond: &str| {
        format!(
            "on: pull_request\npermissions: {{}}\njobs:\n  commit:\n    {cond}runs-on: ubuntu-latest\n    steps:\n      - run: git push origin HEAD:${{{{ github.head_ref }}}}\n"
        )
    };
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run(src, &["GHA002"], FixMode::Off).severities() };
    assert_eq!(sev(&wf("")), [shipshape_core::Severity::Info]);
    assert_eq!(
        sev(&wf("if: github.event.pull_request.head.repo.fork == false\n    ")),
        [shipshape_core::Severity::Info]
    );
    assert_eq!(
        sev(&wf(
            "if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n    "
        )),
        [shipshape_core::Severity::Info]
    );
    // A `workflow_run` job kept from forks' runs (2i2c's placeholder auto-merge, the fiftieth
    // sample): the head branch is one pushed by someone with write access.
    let run_wf = |cond: &str| {
        format!(
            "on:\n  workflow_run:\n    workflows: [validate]\n    types: [completed]\njobs:\n  merge:\n    {cond}runs-on: ubuntu-latest\n    steps:\n      - run: gh pr merge --squash ${{{{ github.event.workflow_run.head_branch }}}}\n"
        )
    };
    assert_eq!(sev(&run_wf("")), [shipshape_core::Severity::Error]);
    assert_eq!(
        sev(&run_wf(
            "if: >\n      github.event.workflow_run.conclusion == 'success' &&\n      ( !github.event.workflow_run.head_repository.fork )\n    "
        )),
        [shipshape_core::Severity::Info]
    );
}

/// kargo's image scan pushes to the job's own `registry` service container at `localhost:5000`
/// (judged wrong, the nineteenth sample): nothing is published.
#[test]
fn a_push_to_a_registry_on_the_runner_publishes_nothing() {
    let wf = |steps: &str| format!("on: pull_request\npermissions: {{}}\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n{steps}");
    let script = "      - run: docker push localhost:5000/kargo-base:latest\n";
    assert!(findings(&wf(script), &["GHA055"]).is_empty());
    let action =
        "      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: localhost:5000/kargo:scan\n";
    assert!(findings(&wf(action), &["GHA055"]).is_empty());
    assert_eq!(
        findings(&wf(&action.replace("localhost:5000", "ghcr.io/akuity")), &["GHA055"]).len(),
        1
    );
    assert_eq!(
        findings(&wf("      - run: docker push ghcr.io/akuity/kargo:pr\n"), &["GHA055"]).len(),
        1
    );
}

/// longhorn prints `toJSON(github.event.issue.assignees)` (judged wrong, the twenty-first sample):
/// GitHub accounts, logins and URLs, which no one can fill with shell syntax.
#[test]
fn assignees_are_accounts_not_text() {
    let wf = |expr: &str| {
        format!(
            "on: issues\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo '${{{{ {expr} }}}}'\n"
        )
    };
    assert!(findings(&wf("toJSON(github.event.issue.assignees)"), &["GHA002"]).is_empty());
    assert!(findings(&wf("github.event.issue.assignee.login"), &["GHA002"]).is_empty());
    assert_eq!(findings(&wf("github.event.issue.title"), &["GHA002"]).len(), 1);
}

/// starship tests its documented installer by piping the checked-out script through `curl
/// file://…` (judged wrong, the twenty-second sample): nothing is downloaded.
#[test]
fn a_local_file_piped_into_a_shell_is_no_download() {
    let wf =
        |line: &str| format!("on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {line}\n");
    assert!(findings(&wf("curl -sS \"file://$(pwd)/install/install.sh\" | sh"), &["GHA064"]).is_empty());
    assert_eq!(findings(&wf("curl -sS https://webi.sh/starship | sh"), &["GHA064"]).len(), 1);
}

/// csi-driver-nfs schedules `0 */24 * * *`, which GitHub runs once a day (judged wrong as an error,
/// the twenty-third sample): a step past the field's range matches its start.
#[test]
fn a_step_past_the_range_is_a_valid_cron() {
    let wf = |cron: &str| {
        format!(
            "on:\n  schedule:\n    - cron: '{cron}'\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        )
    };
    assert!(findings(&wf("0 */24 * * *"), &["GHA045"]).is_empty());
    assert_eq!(findings(&wf("0 24 * * *"), &["GHA045"]).len(), 1);
    assert_eq!(findings(&wf("0 */0 * * *"), &["GHA045"]).len(), 1);
}

/// kener's `dependabot.yml` has `file-patterns:` in an update (the twenty-third sample): GitHub
/// rejects the whole file, so no update arrives. A near-miss of an option is an error, another
/// unknown key a warning.
#[test]
fn unknown_dependabot_options() {
    let cfg = |key: &str| {
        format!("version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: /\n    {key}\n    schedule:\n      interval: weekly\n")
    };
    let sev = |src: &str| -> Vec<shipshape_core::Severity> {
        run_at(
            src,
            &["GHA063"],
            FixMode::Off,
            FileKind::Dependabot,
            Some(std::path::PathBuf::from(".github/dependabot.yml")),
        )
        .severities()
    };
    assert_eq!(sev(&cfg("file-patterns: ['Dockerfile']")), [shipshape_core::Severity::Warning]);
    assert_eq!(sev(&cfg("open-pull-request-limit: 5")), [shipshape_core::Severity::Error]);
    assert!(sev(&cfg("open-pull-requests-limit: 5")).is_empty());
    assert!(sev(&cfg("cooldown:\n      default-days: 7")).is_empty());
}

/// fineract's and ErsatzTV's Dependabot files (judged not worth a finding, the twenty-fourth and
/// twenty-fifth samples): a `docker` entry whose folder holds no Dockerfile (or does not exist)
/// updates nothing, so a cooldown changes nothing. A folder with a Dockerfile, or with Kubernetes
/// manifests the ecosystem also reads, keeps the finding.
#[test]
fn a_docker_update_of_a_folder_without_dockerfiles_needs_no_cooldown() {
    let dir = repo();
    std::fs::create_dir_all(dir.path().join("docker/app")).unwrap();
    std::fs::write(dir.path().join("docker-compose.yml"), "services: {}\n").unwrap();
    let cfg = |d: &str| {
        format!("version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: {d}\n    schedule:\n      interval: weekly\n")
    };
    let path = dir.path().join(".github/dependabot.yml");
    let count = |d: &str| {
        let src = cfg(d);
        std::fs::write(&path, &src).unwrap();
        run_at(&src, &["GHA030"], FixMode::Off, FileKind::Dependabot, Some(path.clone()))
            .findings
            .len()
    };
    assert_eq!(count("/"), 0, "only a Compose file");
    assert_eq!(count("/docker/vaapi"), 0, "no such folder");
    std::fs::write(dir.path().join("docker/app/Dockerfile"), "FROM alpine:3.22\n").unwrap();
    assert_eq!(count("/docker/app"), 1);
    assert_eq!(count("/deploy"), 1, "Kubernetes manifests");
    // Zabbix's build images (the thirty-seventh sample): every base a build argument, an earlier
    // stage or `scratch`, none of which Dependabot resolves (dependabot-core#2057).
    std::fs::create_dir_all(dir.path().join("docker/args")).unwrap();
    let args = dir.path().join("docker/args/Dockerfile");
    std::fs::write(
        &args,
        "ARG BASE=alpine:3.22\nFROM ${BASE} AS builder\nFROM --platform=$BUILDPLATFORM $BASE\nFROM builder\nFROM scratch\n",
    )
    .unwrap();
    assert_eq!(count("/docker/args"), 0, "only variable bases");
    std::fs::write(&args, "ARG BASE=alpine:3.22\nFROM ${BASE} AS builder\nFROM alpine:3.22\n").unwrap();
    assert_eq!(count("/docker/args"), 1, "one named image");
}

/// LibreSign (judged wrong twice, the sixty-eighth sample): ahmadnassri/action-dependabot-auto-merge
/// only comments `@dependabot merge`, which GitHub stopped honouring on 2026-01-27, so nothing
/// merges Dependabot's pull requests by itself; `gh pr merge --auto` does.
#[test]
fn a_retired_merge_comment_is_no_auto_merge() {
    let dir = repo();
    let cfg = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n";
    let path = dir.path().join(".github/dependabot.yml");
    std::fs::write(&path, cfg).unwrap();
    let workflow = dir.path().join(".github/workflows/dependabot.yml");
    let severity = |merge: &str| {
        std::fs::write(
            &workflow,
            format!("on: pull_request_target\njobs:\n  merge:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    steps:\n      - {merge}\n"),
        )
        .unwrap();
        run_at(cfg, &["GHA030"], FixMode::Off, FileKind::Dependabot, Some(path.clone())).findings[0]
            .diagnostic
            .severity
    };
    use shipshape_core::Severity::{Info, Warning};
    assert_eq!(severity("uses: ahmadnassri/action-dependabot-auto-merge@v2"), Info);
    assert_eq!(
        severity(
            "uses: ahmadnassri/action-dependabot-auto-merge@v2\n        with:\n          github-token: ${{ secrets.DEPENDABOT_AUTOMERGE_TOKEN }}"
        ),
        Info
    );
    assert_eq!(severity("run: gh pr merge --auto --squash \"$PR_URL\""), Warning);
    // wallabag merges only npm's (the seventy-second sample): its other entries are not merged.
    let only = |eco: &str| {
        format!(
            "run: gh pr merge --auto \"$PR_URL\"\n        if: steps.metadata.outputs.package-ecosystem == '{eco}' && steps.metadata.outputs.update-type == 'version-update:semver-patch'"
        )
    };
    assert_eq!(severity(&only("npm_and_yarn")), Warning);
    assert_eq!(severity(&only("github_actions")), Info);
    assert_eq!(severity(&only("npm_and_yarn_x")), Info);
}

/// GHA064 reads `run:` with the shell model the Dockerfile rules use: a pipe after a line
/// continuation is a pipe, `||` and a `|` inside quotes are not, and `${{ }}` does not stop the
/// parse. The span is the pipeline's, in the file.
#[test]
fn curl_pipe_shell_reads_the_script_as_the_shell_does() {
    let wf = |script: &str| format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n{script}");
    let spans = |src: &str| -> Vec<String> {
        run(src, &["GHA064"], FixMode::Off)
            .findings
            .iter()
            .map(|f| f.diagnostic.span.text(src).to_owned())
            .collect()
    };
    let continued = wf("          curl -fsSL https://get.example.com/${{ matrix.tool }} \\\n            | sudo bash -s -- -y\n");
    let got = spans(&continued);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("curl -fsSL") && got[0].ends_with("-y"), "{got:?}");
    assert!(spans(&wf("          curl -fsS https://example.com/health || bash ./report.sh\n")).is_empty());
    assert!(spans(&wf("          echo 'curl https://x | sh' > README.txt\n")).is_empty());
    assert_eq!(
        spans(&wf("          sh -c \"$(curl -fsSL https://example.com/install.sh)\"\n")).len(),
        1
    );
    // A script handed to a shell inside another command (playwright's `docker run … bash -c '…'`).
    let nested = wf(
        "          docker run --rm img /bin/bash -c '\n            set -e\n            curl -sL https://aka.ms/InstallAzureCLIDeb | bash\n          '\n",
    );
    assert_eq!(spans(&nested), ["curl -sL https://aka.ms/InstallAzureCLIDeb | bash"]);
}

/// commafeed's `deploy-pages` (judged wrong, the twenty-eighth sample): a job that needs a job with
/// an `if:` (a tag-only release) is skipped with it on a pull request, and publishes nothing there.
#[test]
fn a_job_after_a_guarded_job_is_skipped_with_it() {
    let wf = |guard: &str| {
        format!(
            "on: [push, pull_request]\njobs:\n  release:\n{guard}    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  notes:\n    needs: release\n    runs-on: ubuntu-latest\n    steps:\n      - run: make notes\n  deploy-pages:\n    needs: notes\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/deploy-pages@v4\n"
        )
    };
    assert!(findings(&wf("    if: github.ref_type == 'tag'\n"), &["GHA055"]).is_empty());
    assert_eq!(findings(&wf(""), &["GHA055"]).len(), 1);
}

/// conduit's workflows (judged wrong eleven times, the thirtieth sample): with
/// `FORCE_JAVASCRIPT_ACTIONS_TO_NODE24: true` in the workflow's, the job's or the step's `env:`,
/// node20 actions already run on Node 24. mailpit's `biannually` (accepted by GitHub) is a warning,
/// not an error; a near-miss of a documented interval stays one.
#[test]
fn node24_forced_and_undocumented_intervals() {
    let wf = |env: &str| format!("on: push\n{env}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n");
    assert!(findings(&wf("env:\n  FORCE_JAVASCRIPT_ACTIONS_TO_NODE24: true\n"), &["GHA006"]).is_empty());
    assert_eq!(findings(&wf(""), &["GHA006"]).len(), 1);
    let cfg = |interval: &str| {
        format!("version: 2\nupdates:\n  - package-ecosystem: gomod\n    directory: /\n    schedule:\n      interval: {interval}\n")
    };
    let sev = |src: &str| run_as(src, &["GHA063"], FixMode::Off, FileKind::Dependabot).severities();
    assert_eq!(sev(&cfg("biannually")), [shipshape_core::Severity::Warning]);
    assert_eq!(sev(&cfg("weeklyy")), [shipshape_core::Severity::Error]);
}

/// invidious' duplicate-issue closer and supavisor's own runner (judged wrong, the thirty-first
/// sample): `write-all` is too broad but not exploitable by itself (a warning, even where
/// outsiders start the workflow), and `docker-compose` on a runner of the repository's own may be
/// there (info).
#[test]
fn write_all_is_a_warning_and_own_runners_may_have_compose_v1() {
    let wa = "on:\n  issues:\n    types: [opened]\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh issue close 1\n";
    assert_eq!(run(wa, &["GHA004"], FixMode::Off).severities(), [shipshape_core::Severity::Warning]);
    let compose = |label: &str| format!("on: push\njobs:\n  a:\n    runs-on: {label}\n    steps:\n      - run: docker-compose up -d\n");
    let sev = |src: &str| run(src, &["GHA072"], FixMode::Off).severities();
    assert_eq!(sev(&compose("ubuntu-latest")), [shipshape_core::Severity::Error]);
    assert_eq!(sev(&compose("u22-arm-runner")), [shipshape_core::Severity::Info]);
    assert_eq!(sev(&compose("[self-hosted, linux]")), [shipshape_core::Severity::Warning]);
}

/// prefect's `prefect-\\w+-[0-9]+.*` tag filter (judged wrong as an error, the thirty-second sample):
/// in a filter `\` escapes the next character; a name cannot hold a space, and a lone trailing `\`
/// escapes nothing.
#[test]
fn glob_filter_reads_backslash_as_an_escape() {
    let wf = |pat: &str| {
        format!("on:\n  push:\n    tags:\n      - '{pat}'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")
    };
    assert!(findings(&wf(r"prefect-\w+-[0-9]+.*"), &["GHA050"]).is_empty());
    assert!(findings(&wf(r"v\*"), &["GHA050"]).is_empty());
    assert_eq!(findings(&wf("release candidate"), &["GHA050"]).len(), 1);
    assert_eq!(findings(&wf(r"release\ candidate"), &["GHA050"]).len(), 1);
    assert_eq!(findings(&wf(r"v1\"), &["GHA050"]).len(), 1);
}

/// signoz (judged wrong, the thirty-second sample): `github.event.ref` is a branch or tag pushed or
/// picked in the repository, which only people with write access do: hygiene (info), not an
/// outsider's injection.
#[test]
fn event_ref_is_set_by_writers() {
    let wf = "on:\n  push:\n    branches: [main]\n  pull_request:\n    types: [labeled]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.ref }}\n";
    let r = run_as(wf, &["GHA002"], FixMode::Off, FileKind::GithubWorkflow);
    assert!(r.findings.iter().all(|f| f.diagnostic.severity == shipshape_core::Severity::Info));
}

/// signoz (judged wrong, the thirty-second sample): a fixed cache key that the workflow deletes
/// before saving it again is refreshed on every run.
#[test]
fn cache_key_deleted_before_save_is_rotated() {
    let wf = |del: &str| {
        format!(
            "on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{del}      - uses: actions/cache/save@v4\n        with:\n          path: out\n          key: tests-primary\n"
        )
    };
    assert_eq!(findings(&wf(""), &["GHA067"]).len(), 1);
    assert!(
        findings(
            &wf("      - run: gh cache delete tests-primary --repo \"$GITHUB_REPOSITORY\" || true\n"),
            &["GHA067"]
        )
        .is_empty()
    );
}

/// prefect (judged wrong three times, the thirty-second sample): an `issue_comment` workflow that
/// builds and caches the default branch runs no outsider's code, so it cannot poison the cache a
/// release restores; one that checks out the pull request's head can.
#[test]
fn cache_poisoning_needs_outsider_code_not_just_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let release = "on:\n  release:\n    types: [published]\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: astral-sh/setup-uv@v7\n      - run: uv build && uv publish\n";
    std::fs::write(wf.join("release.yml"), release).unwrap();
    let bot = |checkout: &str| {
        format!(
            "on:\n  issue_comment:\n    types: [created]\npermissions: {{}}\njobs:\n  bot:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n{checkout}      - uses: astral-sh/setup-uv@v7\n        with:\n          enable-cache: true\n      - run: uv sync\n"
        )
    };
    let count = || {
        run_at(
            release,
            &["GHA015"],
            FixMode::Off,
            FileKind::GithubWorkflow,
            Some(wf.join("release.yml")),
        )
        .findings
        .len()
    };
    std::fs::write(wf.join("bot.yml"), bot("")).unwrap();
    assert_eq!(count(), 0);
    std::fs::write(
        wf.join("bot.yml"),
        bot("        with:\n          ref: refs/pull/${{ github.event.issue.number }}/head\n"),
    )
    .unwrap();
    assert_eq!(count(), 1);
}

/// scrutiny (judged wrong, the thirty-third sample): `::set-output` named in a shell comment is not
/// run.
#[test]
fn deprecated_command_in_a_comment() {
    let wf = |run: &str| {
        format!("on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {run}\n")
    };
    assert!(findings(&wf("# the action emits the deprecated ::set-output"), &["GHA008"]).is_empty());
    assert!(findings(&wf("true # it used ::set-output"), &["GHA008"]).is_empty());
    assert_eq!(findings(&wf("echo \"::set-output name=v::1\""), &["GHA008"]).len(), 1);
}

/// k8s-at-home (judged wrong three times, the thirty-third sample): `tibdex/github-app-token` is
/// scoped with one JSON `permissions:` input, and the help says so.
#[test]
fn app_token_help_fits_the_action() {
    let wf = |uses: &str| {
        format!(
            "on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n        with:\n          app_id: ${{{{ vars.ID }}}}\n          private_key: ${{{{ secrets.KEY }}}}\n"
        )
    };
    let r = run_as(
        &wf("tibdex/github-app-token@v1"),
        &["GHA033"],
        FixMode::Off,
        FileKind::GithubWorkflow,
    );
    let help = r.findings[0].diagnostic.help.clone().unwrap_or_default();
    assert!(
        help.contains("`permissions:` input") && !help.starts_with("add `permission-"),
        "{help}"
    );
    let r = run_as(
        &wf("actions/create-github-app-token@v2"),
        &["GHA033"],
        FixMode::Off,
        FileKind::GithubWorkflow,
    );
    assert!(
        r.findings[0]
            .diagnostic
            .help
            .clone()
            .unwrap_or_default()
            .contains("permission-<scope>")
    );
}

/// whoogle (judged wrong twice, the thirty-fourth sample): a `workflow_run` trigger filtered to
/// named branches bounds `head_branch` to them, and a run's `conclusion` is one of GitHub's words.
#[test]
fn workflow_run_head_branch_bounded_by_its_filter() {
    let wf = |filter: &str, expr: &str| {
        format!(
            "on:\n  workflow_run:\n    workflows: [ci]\n{filter}    types: [completed]\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ {expr} }}}}\n"
        )
    };
    let head = "github.event.workflow_run.head_branch";
    assert!(findings(&wf("    branches: [main, updates]\n", head), &["GHA002"]).is_empty());
    assert_eq!(findings(&wf("    branches: ['release/**']\n", head), &["GHA002"]).len(), 1);
    assert_eq!(findings(&wf("", head), &["GHA002"]).len(), 1);
    assert!(findings(&wf("", "github.event.workflow_run.conclusion"), &["GHA002"]).is_empty());
}

/// evcc and dockur (judged wrong, the thirty-fourth sample): a job that calls a workflow of the
/// repository which limits its own token needs no `permissions:` of its own.
#[test]
fn calling_a_workflow_that_limits_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    let caller = "on: push\njobs:\n  check:\n    uses: ./.github/workflows/check.yml\n";
    std::fs::write(wf.join("ci.yml"), caller).unwrap();
    let count = |called: &str| {
        std::fs::write(wf.join("check.yml"), called).unwrap();
        run_at(caller, &["GHA003"], FixMode::Off, FileKind::GithubWorkflow, Some(wf.join("ci.yml")))
            .findings
            .len()
    };
    assert_eq!(
        count("on: workflow_call\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
        0
    );
    assert_eq!(
        count(
            "on: workflow_call\njobs:\n  a:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        ),
        0
    );
    assert_eq!(
        count("on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
        1
    );
}

/// redis-py (five errors judged wrong, the thirty-fifth sample): in a `pull_request` workflow a
/// fork's run has no secrets and a read-only token, so re-enabled commands are a warning; in a
/// privileged one an outsider starts, an error.
#[test]
fn insecure_commands_error_only_where_privileged() {
    let wf = |on: &str| {
        format!(
            "on: {on}\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:\n      - run: make\n"
        )
    };
    let sev = |on: &str| {
        run_as(&wf(on), &["GHA009"], FixMode::Off, FileKind::GithubWorkflow).findings[0]
            .diagnostic
            .severity
    };
    assert_eq!(sev("pull_request"), shipshape_core::Severity::Warning);
    assert_eq!(sev("pull_request_target"), shipshape_core::Severity::Error);
}

/// beszel (judged wrong twice, the thirty-fifth sample): a stale bot and a lock bot both need
/// `issues: write` and `pull-requests: write`; nothing is to move into the jobs.
#[test]
fn maintenance_bots_use_the_issue_and_pull_request_scopes() {
    let wf = "on:\n  schedule:\n    - cron: '0 0 * * *'\npermissions:\n  issues: write\n  pull-requests: write\njobs:\n  lock:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: klaasnicolaas/action-inactivity-lock@v2.0.1\n  stale:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/stale@v10\n";
    assert!(findings(wf, &["GHA068"]).is_empty());
    let other = wf.replace("klaasnicolaas/action-inactivity-lock@v2.0.1", "actions/checkout@v5");
    assert!(!findings(&other, &["GHA068"]).is_empty());
}

/// dub (judged wrong as an error, the thirty-sixth sample): the local QStash server's default token
/// is base64 of `{"UserID":"defaultUser","Password":"defaultPassword"}`, a public default.
#[test]
fn a_base64_default_token_is_no_secret() {
    let wf = |v: &str| {
        format!(
            "on: push\npermissions: {{}}\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    env:\n      QSTASH_TOKEN: \"{v}\"\n    steps:\n      - run: make e2e\n"
        )
    };
    assert!(
        findings(
            &wf("eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0="),
            &["GHA066"]
        )
        .is_empty()
    );
    assert_eq!(
        findings(&wf("RQTKawYQv4w6KkuphcLzLu7r5ap7xE5DSDu5SkKXjMnWBQ93mcMKjdZfeZkY2Y7C"), &["GHA066"]).len(),
        1
    );
}

/// The thirty-seventh sample (judged wrong): selenium's `!failure() && !cancelled()` deploy runs
/// only when nothing it needs failed; zabbix-docker's `github_ref` on a Linux job is not
/// `GITHUB_REF`; zero-to-jupyterhub's `helm install` targets the k3s cluster
/// `jupyterhub/action-k3s-helm` starts on the runner.
#[test]
fn thirty_seventh_sample_actions() {
    let deploy = "on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n  deploy:\n    needs: test\n    if: IF\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n";
    assert!(findings(&deploy.replace("IF", "${{ !failure() && !cancelled() }}"), &["GHA069"]).is_empty());
    assert_eq!(findings(&deploy.replace("IF", "${{ always() }}"), &["GHA069"]).len(), 1);
    // Publishing only after a failure is a failure report (the forty-ninth sample), not a release.
    assert!(findings(&deploy.replace("IF", "failure()"), &["GHA069"]).is_empty());
    // A health check or a clean-up over SSH after a deploy publishes nothing (robotoff, the
    // fiftieth sample); a deploy over SSH does.
    let ssh = |script: &str| {
        format!(
            "on: push\npermissions: {{}}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n      - uses: appleboy/ssh-action@v1\n        if: ${{{{ always() }}}}\n        with:\n          host: example.org\n          script: |\n            cd app\n            {script}\n"
        )
    };
    assert!(findings(&ssh("make health"), &["GHA069"]).is_empty());
    assert!(findings(&ssh("docker system prune -af"), &["GHA069"]).is_empty());
    assert_eq!(findings(&ssh("docker compose up -d"), &["GHA069"]).len(), 1);
    let env = |runs_on: &str| {
        format!(
            "on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: {runs_on}\n    steps:\n      - run: echo $github_ref\n        env:\n          github_ref: refs/heads/x\n"
        )
    };
    assert!(findings(&env("ubuntu-latest"), &["GHA065"]).is_empty());
    assert_eq!(findings(&env("windows-2022"), &["GHA065"]).len(), 1);
    let k3s = "on: pull_request\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: jupyterhub/action-k3s-helm@v4\n      - run: helm upgrade --install jupyterhub ./jupyterhub\n";
    assert!(findings(k3s, &["GHA055"]).is_empty());
}

/// register-trainee-teachers' deploy action (judged wrong as an error, the forty-first sample): an
/// injection in a composite action depends on the event of the workflow that uses it: a warning.
#[test]
fn an_injection_in_a_composite_action_is_a_warning() {
    let action = "name: deploy\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo ${{ github.head_ref }}\n";
    let r = shipshape_core::testkit::check(
        &ActionsChecker::default(),
        File::new(FileKind::GithubAction, ".github/actions/deploy/action.yml"),
        action,
        &["GHA002"],
        FixMode::Off,
    );
    assert_eq!(r.severities(), [shipshape_core::Severity::Warning]);
    let wf = "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.head_ref }}\n";
    assert_eq!(run(wf, &["GHA002"], FixMode::Off).severities(), [shipshape_core::Severity::Error]);
}

/// register-trainee-teachers' review-app workflow (judged wrong, the forty-first sample): every
/// job logs in to Azure with OIDC through the repository's own composite action, so a top-level
/// `id-token: write` is used by every job.
#[test]
fn a_scope_used_through_a_local_composite_action() {
    let dir = repo();
    let wf = "on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  reconcile:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/login\n  delete:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/login\n";
    let path = dir.path().join(".github/workflows/review.yml");
    std::fs::write(&path, wf).unwrap();
    let count = || {
        run_at(wf, &["GHA068"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .len()
    };
    assert_eq!(count(), 1, "the action cannot be read: not visibly used");
    std::fs::create_dir_all(dir.path().join(".github/actions/login")).unwrap();
    std::fs::write(
        dir.path().join(".github/actions/login/action.yml"),
        "name: login\nruns:\n  using: composite\n  steps:\n    - uses: azure/login@v2\n      with:\n        client-id: x\n",
    )
    .unwrap();
    assert_eq!(count(), 0);
}

/// Altinn's Terraform workflows (judged wrong, the seventy-third sample): `owner/repo/path@ref`
/// naming this repository is its own action, read like `./path`, and its own actions are followed
/// two levels down (`plan` runs `write-terraform-summary`, which comments on the pull request);
/// `ARM_USE_OIDC: true` signs Terraform's azurerm in with the job's OIDC token.
#[test]
fn scopes_used_through_the_repositorys_own_nested_actions() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = https://github.com/Acme/infra.git\n",
    )
    .unwrap();
    let wf = "on: pull_request\npermissions:\n  contents: read\n  id-token: write\n  pull-requests: write\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/infra/actions/plan@0123456789abcdef0123456789abcdef01234567\n        with:\n          gh_token: ${{ secrets.GITHUB_TOKEN }}\n  apply:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./actions/plan\n";
    let path = dir.path().join(".github/workflows/deploy.yml");
    std::fs::write(&path, wf).unwrap();
    let messages = || -> Vec<String> {
        run_at(wf, &["GHA068"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()))
            .findings
            .into_iter()
            .map(|f| f.diagnostic.message)
            .collect()
    };
    assert_eq!(messages().len(), 2, "the actions cannot be read: {:?}", messages());
    for (d, text) in [
        (
            "actions/plan",
            "name: plan\nruns:\n  using: composite\n  steps:\n    - run: terraform plan\n      shell: bash\n      env:\n        ARM_USE_OIDC: \"true\"\n    - uses: Acme/infra/actions/summary@main\n",
        ),
        (
            "actions/summary",
            "name: summary\nruns:\n  using: composite\n  steps:\n    - uses: actions/github-script@v7\n      with:\n        script: github.rest.issues.createComment({})\n",
        ),
    ] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
        std::fs::write(dir.path().join(d).join("action.yml"), text).unwrap();
    }
    assert!(messages().is_empty(), "{:?}", messages());
}

/// Altinn's release-please (judged wrong, the seventy-third sample): the action creates its
/// `autorelease` labels with `issues: write`.
#[test]
fn release_please_uses_issues_write() {
    let wf = |second: &str| {
        format!(
            "on: push\npermissions:\n  contents: write\n  pull-requests: write\n  issues: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: googleapis/release-please-action@v4\n  other:\n    runs-on: ubuntu-latest\n    steps:\n      - {second}\n"
        )
    };
    assert!(findings(&wf("uses: googleapis/release-please-action@v4"), &["GHA068"]).is_empty());
    assert_eq!(findings(&wf("run: make"), &["GHA068"]).len(), 3);
    // An action asked to sign keylessly (Zowe's shared publish action, the seventy-fourth sample).
    let msg = |with: &str| {
        let wf = format!(
            "on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: zowe-actions/shared-actions/publish@main\n        with:\n          {with}\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        );
        run(&wf, &["GHA068"], FixMode::Off).findings[0].diagnostic.message.clone()
    };
    // An action asked to sign keylessly (Zowe's shared publish action, the seventy-fourth sample).
    assert!(
        msg("sigstore-sign-artifacts: true").starts_with("1 of 2 jobs (`b`)"),
        "{}",
        msg("sigstore-sign-artifacts: true")
    );
    assert!(
        msg("sigstore-sign-artifacts: false").starts_with("every job"),
        "{}",
        msg("sigstore-sign-artifacts: false")
    );
}

/// dpc-app's quick-release (judged wrong, precision sample 43): a job calling a local reusable
/// workflow whose own `permissions:` ask for `id-token: write` needs the caller's grant (a called
/// workflow can narrow the token, never widen it), so it is among the jobs that get the scope; one
/// whose callee asks only for `contents: read` keeps nothing of it.
#[test]
fn a_called_workflow_asking_for_the_scope_needs_the_callers_grant() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    let callee = |perms: &str| {
        format!(
            "on:\n  workflow_call:\npermissions:\n{perms}jobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./deploy.sh\n"
        )
    };
    let wf = "on: push\npermissions:\n  id-token: write\n  contents: read\njobs:\n  set-parameters:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n  build:\n    permissions:\n      contents: read\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n  deploy:\n    needs: set-parameters\n    uses: ./.github/workflows/ecs-deploy.yml\n";
    let path = dir.path().join(".github/workflows/quick-release.yml");
    std::fs::write(&path, wf).unwrap();
    let message = |perms: &str| {
        std::fs::write(dir.path().join(".github/workflows/ecs-deploy.yml"), callee(perms)).unwrap();
        let r = run_at(wf, &["GHA068"], FixMode::Off, FileKind::GithubWorkflow, Some(path.clone()));
        r.findings.iter().map(|f| f.diagnostic.message.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        message("  id-token: write\n  contents: read\n"),
        ["1 of 3 jobs (`set-parameters`) gets `id-token: write` without using it"]
    );
    assert_eq!(
        message("  contents: read\n"),
        ["1 of 3 jobs (`set-parameters`) gets `id-token: write` without using it"]
    );
}

/// Exceptionless (help judged wrong, precision sample 43): a job reading `needs.<itself>.outputs`
/// cannot add itself to `needs:`; the help names the step output instead.
#[test]
fn a_job_reading_its_own_outputs_is_told_to_read_the_step() {
    let wf = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    outputs:\n      image_tag: ${{ steps.tag.outputs.image_tag }}\n    steps:\n      - id: tag\n        run: echo \"image_tag=1\" >> \"$GITHUB_OUTPUT\"\n      - run: ./deploy.sh ${{ needs.deploy.outputs.image_tag }}\n";
    let r = run(wf, &["GHA044"], FixMode::Off);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        r.findings[0].diagnostic.help.as_deref(),
        Some("read the step's output instead: `steps.<step id>.outputs.<name>`")
    );
}

/// cabal-infra (judged wrong as an error, precision sample 44): an expression written in a shell
/// comment of the step itself is substituted and never used; the same reference in code still is
/// reported.
#[test]
fn a_step_reference_in_a_shell_comment_is_not_used() {
    let wf = |line: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - id: alerts\n        run: |\n          {line}\n          echo \"summary=x\" >> \"$GITHUB_OUTPUT\"\n"
        )
    };
    assert!(findings(&wf("# a later step reads ${{ steps.alerts.outputs.summary }}"), &["GHA042"]).is_empty());
    assert_eq!(findings(&wf("echo ${{ steps.alerts.outputs.summary }}"), &["GHA042"]).len(), 1);
}

/// vita-min (judged wrong, precision sample 44): `akhileshns/heroku-deploy` with `justlogin: true`
/// only logs the Heroku CLI in; without it the action deploys.
#[test]
fn a_heroku_login_publishes_nothing() {
    let wf = |extra: &str| {
        format!(
            "on: pull_request\njobs:\n  review:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: akhileshns/heroku-deploy@v3.12.13\n        with:\n          heroku_api_key: ${{{{ secrets.HEROKU_API_KEY }}}}\n          heroku_email: ops@example.org\n          heroku_app_name: review-app\n{extra}"
        )
    };
    assert!(findings(&wf("          justlogin: true\n"), &["GHA055"]).is_empty());
    assert_eq!(findings(&wf(""), &["GHA055"]).len(), 1);
}

/// Since Dependabot's own 3-day default (2026-07-14) a missing cooldown was judged not worth a
/// default finding (6 of 8 in the forty-sixth and forty-seventh samples) except where Dependabot's
/// pull requests merge themselves: a warning there, info (shown when the rule is named) elsewhere.
#[test]
fn a_missing_cooldown_matters_where_dependabot_merges_itself() {
    let dir = repo();
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    let path = dir.path().join(".github/dependabot.yml");
    let src = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n";
    std::fs::write(&path, src).unwrap();
    let run = |select: &[&str]| run_at(src, select, FixMode::Off, FileKind::Dependabot, Some(path.clone())).findings;
    let f = run(&["GHA030"]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Info);
    let automerge = "on: pull_request\npermissions:\n  contents: write\njobs:\n  merge:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-24.04\n    steps:\n      - run: gh pr merge --auto --squash \"$PR\"\n";
    std::fs::write(dir.path().join(".github/workflows/dependabot-automerge.yml"), automerge).unwrap();
    let f = run(&["GHA030"]);
    assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Warning);
    assert!(
        f[0].diagnostic.message.contains("dependabot-automerge.yml"),
        "{}",
        f[0].diagnostic.message
    );
    // An entry for a release branch is merged by that branch's workflows, not the ones read here
    // (dhis2-core's `target-branch: "2.42"`, judged wrong, the fifty-eighth sample).
    let branch = format!("{src}    target-branch: \"2.42\"\n");
    let f = run_at(&branch, &["GHA030"], FixMode::Off, FileKind::Dependabot, Some(path.clone())).findings;
    assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Info);
    // flipt's entries carry Kodiak's `automerge` label (the forty-seventh sample, judged worth acting on).
    std::fs::remove_file(dir.path().join(".github/workflows/dependabot-automerge.yml")).unwrap();
    let labelled = format!("{src}    labels:\n      - \"automerge\"\n");
    std::fs::write(&path, &labelled).unwrap();
    let f = run_at(&labelled, &["GHA030"], FixMode::Off, FileKind::Dependabot, Some(path.clone())).findings;
    assert_eq!(f[0].diagnostic.severity, shipshape_core::Severity::Warning);
    assert!(f[0].diagnostic.message.contains("`automerge` label"), "{}", f[0].diagnostic.message);
}

/// GHA017 (the fifty-first sample, judged wrong four times): a job that calls a reusable workflow
/// has no runner; GitHub evaluates its `secrets:` mapping and passes only the secrets it names. In
/// a step, an indexed `secrets[...]` still loads every secret into the runner.
#[test]
fn indexed_secrets_in_a_reusable_call_mapping_expose_nothing_more() {
    let call = "on: workflow_dispatch\npermissions: {}\njobs:\n  apply:\n    uses: org/repo/.github/workflows/apply.yml@v1\n    secrets:\n      TOKEN: ${{ secrets[inputs.name] }}\n";
    assert!(findings(call, &["GHA017"]).is_empty());
    let step = "on: workflow_dispatch\npermissions: {}\njobs:\n  apply:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./apply.sh\n        env:\n          TOKEN: ${{ secrets[inputs.name] }}\n";
    assert_eq!(findings(step, &["GHA017"]).len(), 1);
}

/// GHA016 (the fifty-first sample, judged wrong twice): a job that cannot run on
/// `pull_request_target` (its condition names other events, or every job it needs does) is not
/// privileged by it.
#[test]
fn github_env_writes_in_jobs_that_never_run_on_pull_request_target() {
    let wf = |upload_if: &str| {
        format!(
            "on:\n  push:\n  pull_request:\n  pull_request_target:\npermissions: {{}}\njobs:\n  build-pr:\n    if: ${{{{ github.event_name == 'pull_request' }}}}\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n  build-push:\n    if: github.event_name == 'push'\n    runs-on: ubuntu-24.04\n    steps:\n      - run: make\n  upload:\n    needs: [build-pr, build-push]\n    if: {upload_if}\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"DIGEST=$(sha256sum dist.zip | cut -d' ' -f1)\" >> \"$GITHUB_ENV\"\n"
        )
    };
    let count = |src: &str| run(src, &["GHA016"], FixMode::Off).findings.len();
    // Either need must succeed, and neither runs on `pull_request_target`.
    assert_eq!(
        count(&wf(
            "${{ !cancelled() && (needs.build-pr.result == 'success' || needs.build-push.result == 'success') }}"
        )),
        0
    );
    // After every need's success (no status function): the same.
    assert_eq!(count(&wf("github.repository == 'acme/app'")), 0);
    // `always()` without a result check runs whatever its needs did.
    assert_eq!(count(&wf("always()")), 1);
    // A job of its own that may run on `pull_request_target` stays flagged.
    let own = "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo \"DIGEST=$(sha256sum dist.zip | cut -d' ' -f1)\" >> \"$GITHUB_ENV\"\n";
    assert_eq!(count(own), 1);
}

/// GHA073: the schema's nested sections are checked; what GHA037 and GHA063 report is not said
/// twice; values GitHub computes (`${{ }}`) and a strategy without a matrix are accepted.
#[test]
fn the_workflow_schema_checks_nested_sections_once() {
    let c = |src: &str| findings(src, &["GHA073", "GHA037", "GHA063"]);
    let nested = "on:\n  workflow_call:\n    inputs:\n      v:\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency:\n      group: deploy\n      cancel-in-progres: true\n    steps:\n      - run: make\n";
    assert_eq!(
        c(nested),
        vec![
            ("GHA073".to_owned(), "v".to_owned()),
            ("GHA073".to_owned(), "cancel-in-progres".to_owned())
        ]
    );
    // A permission scope is GHA048's alone.
    let scope = "on: push\npermissions:\n  pull-request: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert_eq!(
        findings(scope, &["GHA073", "GHA048"]),
        vec![("GHA048".to_owned(), "pull-request".to_owned())]
    );
    // A job key is GHA037's alone.
    let job_key = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout_minutes: 5\n    steps:\n      - run: make\n";
    assert_eq!(c(job_key), vec![("GHA037".to_owned(), "timeout_minutes".to_owned())]);
    // docker-library's `strategy: ${{ fromJSON(needs.generate.outputs.strategy) }}`; containerd's
    // CodeQL `strategy: {fail-fast: false}`.
    let computed = "on: push\njobs:\n  a:\n    strategy: ${{ fromJSON(needs.g.outputs.strategy) }}\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: make\n  b:\n    strategy:\n      fail-fast: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert!(c(computed).is_empty(), "{:?}", c(computed));
    let wrong_kind = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy: fast\n    steps:\n      - run: make\n";
    let r = run(wrong_kind, &["GHA073"], FixMode::Off);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        r.findings[0].diagnostic.message,
        "`jobs.a.strategy` is a string; expected a mapping"
    );
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
    // `working-directory` on a step that `uses:` an action: the key is what GitHub refuses, not
    // a missing `run:` (nym's wallet workflow, the seventieth sample).
    let wd = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions-rs/cargo@v1\n        with:\n          command: audit\n        working-directory: wallet\n";
    let r = run(wd, &["GHA073"], FixMode::Off);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert!(
        r.findings[0]
            .diagnostic
            .message
            .starts_with("`working-directory` is for `run:` steps")
    );
    assert_eq!(r.findings[0].diagnostic.span.text(wd), "working-directory");
    // LLNL/Umpire's `pull_request: []` (the sixtieth sample): GitHub's own schema takes any value
    // for an event, and an empty one filters nothing; a filter of the wrong kind is a warning.
    let empty = "on:\n  pull_request: []\n  push: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert!(c(empty).is_empty(), "{:?}", c(empty));
    let filter = "on:\n  push:\n    branches:\n      main: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert_eq!(
        run(filter, &["GHA073"], FixMode::Off).severities(),
        [shipshape_core::Severity::Warning]
    );
    // Dependabot: GHA063 owns the update options and intervals; the schema adds what is deeper.
    let dependabot = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n    groupz: {}\n    ignore:\n      - dependency-nam: lodash\n";
    assert_eq!(
        spans(
            &run_as(dependabot, &["GHA073", "GHA063"], FixMode::Off, FileKind::Dependabot),
            dependabot
        ),
        vec![
            ("GHA063".to_owned(), "groupz".to_owned()),
            ("GHA073".to_owned(), "dependency-nam".to_owned())
        ]
    );
}

/// Issue 18 §2: the docs' table of context availability, key by key, and the special functions.
#[test]
fn context_availability_follows_the_docs_table() {
    let got = |src: &str| -> Vec<String> { findings(src, &["GHA041"]).into_iter().map(|(_, t)| t).collect() };
    // `env` is not available in the workflow's or a job's `env:`, nor `runner` in `runs-on:`,
    // a job's `name:` or a container's credentials; `secrets` is, in both `env:`s.
    let wf = "on: push\nenv:\n  A: ${{ secrets.A }}\n  B: ${{ env.A }}\njobs:\n  t:\n    name: ${{ runner.os }}\n    runs-on: ${{ runner.os }}\n    container:\n      image: node:22\n      credentials:\n        username: ${{ runner.name }}\n        password: ${{ env.PW }}\n      env:\n        R: ${{ runner.name }}\n    env:\n      C: ${{ env.B }}\n      D: ${{ secrets.D }}\n    steps:\n      - run: echo ${{ env.C }} ${{ runner.os }} ${{ secrets.D }}\n";
    assert_eq!(got(wf), ["env", "runner", "runner", "runner", "env"]);
    // Status functions only in `if:`, `hashFiles` only in a step; a step's `shell:` is not judged
    // (the table does not name it; playwright reads `matrix` there).
    let wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    if: success() && hashFiles('x') != ''\n    outputs:\n      o: ${{ always() }}\n    steps:\n      - if: failure() || hashFiles('a') != ''\n        shell: ${{ matrix.os == 'windows-latest' && 'pwsh' || 'bash' }}\n        run: echo ${{ hashFiles('b') }} ${{ cancelled() }}\n";
    assert_eq!(got(wf), ["hashFiles", "always", "cancelled"]);
    // No context in the workflow's `defaults.run`; `env` is fine in a job's.
    let wf = "on: push\ndefaults:\n  run:\n    shell: ${{ env.SHELL }}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: ${{ env.SHELL }}\n    steps:\n      - run: make\n";
    assert_eq!(got(wf), ["env"]);
    // A reusable workflow's outputs read `jobs`; its input defaults do not read `env`.
    let wf = "on:\n  workflow_call:\n    inputs:\n      a:\n        type: string\n        default: ${{ env.A }}\n    outputs:\n      o:\n        value: ${{ jobs.t.outputs.x }}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    outputs:\n      x: ${{ steps.s.outputs.x }}\n    steps:\n      - id: s\n        run: echo x=1 >> \"$GITHUB_OUTPUT\"\n";
    assert_eq!(got(wf), ["env"]);
    // Service env may read `env` (actionlint#500).
    let wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      PW: ${{ github.sha }}\n    services:\n      pg:\n        image: postgres:16\n        env:\n          POSTGRES_PASSWORD: ${{ env.PW }}\n    steps:\n      - run: make\n";
    assert!(got(wf).is_empty());
}

/// Issue 18 §2: types inferred from the workflow; what always reads null, `Object` or fails.
#[test]
fn expression_types() {
    let got = |src: &str| -> Vec<String> { messages(src, "GHA074") };
    let wf = "on:\n  workflow_dispatch:\n    inputs:\n      dry:\n        type: boolean\n      level:\n        type: number\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n        cfg:\n          - {name: a}\n    steps:\n      - id: v\n        run: echo tag=1 >> \"$GITHUB_OUTPUT\"\n      - run: |\n          echo ${{ steps.v.output.tag }} ${{ inputs.dry.value }} ${{ env.HOST.name }}\n          echo ${{ runner.label }} ${{ runner.workspace }} ${{ strategy.job-index }} ${{ matrix.os.name }}\n          echo ${{ matrix.cfg.name }} ${{ matrix.cfg.other }} ${{ inputs.level }}\n";
    let m = got(wf);
    assert_eq!(m.len(), 5, "{m:?}");
    assert!(m[0].contains("`steps.v` has no property `output`"), "{m:?}");
    assert!(m[1].contains("`inputs.dry` is a boolean"), "{m:?}");
    assert!(m[2].contains("`env.HOST` is a string"), "{m:?}");
    assert!(m[3].contains("`runner` has no property `label`"), "{m:?}");
    assert!(m[4].contains("`matrix.os` is a string"), "{m:?}");
    // Objects and arrays written into text; a whole-value object where an object is wanted is fine.
    let wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: ${{ fromJSON('{\"os\":[\"a\"]}') }}\n    steps:\n      - id: c\n        run: make\n      - run: echo ${{ github.event }} ${{ steps.c.outputs }} ${{ toJSON(github.event) }} ${{ github.event.commits.*.id }}\n        env: ${{ matrix.env }}\n      - run: ${{ github }}\n";
    let m = got(wf);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(m[0].contains("`github.event` is an object: written into text"), "{m:?}");
    assert!(
        m[1].contains("`steps.c.outputs` is an object: written into text it reads as `Object`"),
        "{m:?}"
    );
    assert!(m[2].contains("`github` is an object"), "{m:?}");
    // `format` placeholders, `fromJSON` of a literal, comparisons that never hold.
    let wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - id: c\n        run: make\n      - run: echo ${{ format('{0}-{1}', github.sha) }} ${{ format('{{0}} {0}', github.sha) }} ${{ format('{0', github.sha) }}\n      - run: echo ${{ fromJSON('{oops') }} ${{ fromJSON('[1]')[0] }}\n        if: steps.c.outputs == 'x' || steps.c.outputs.x == 'x'\n";
    let m = got(wf);
    assert_eq!(m.len(), 4, "{m:?}");
    assert!(m[0].contains("reads `{1}` but 1 value(s) follow it"), "{m:?}");
    assert!(m[1].contains("unmatched"), "{m:?}");
    assert!(m[2].contains("not JSON"), "{m:?}");
    assert!(m[3].contains("comparing an object with a string is always false"), "{m:?}");
    // A payload object an event may leave out reads as null, which equals `''` (ecamp3's
    // fast-forward, the seventy-first sample): not a constant comparison.
    let wf = "on: issue_comment\njobs:\n  t:\n    if: github.event.issue.pull_request != ''\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert!(got(wf).is_empty(), "{:?}", got(wf));
    // Contexts left untyped, or judged by other rules: no finding.
    let wf = "on:\n  push:\n  workflow_call:\n    inputs:\n      x:\n        type: string\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n      o: x\n    steps:\n      - run: echo ${{ github.event.pull_request.title }} ${{ job.status }} ${{ inputs.nope }} ${{ needs.b.outputs.c }} ${{ matrix.k }} ${{ steps.later.outputs.y }}\n      - id: later\n        run: make\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.nope }} ${{ secrets.X }} ${{ vars.Y }}\n";
    assert!(got(wf).is_empty(), "{:?}", got(wf));
    // A job without outputs has none. `inputs.X` of a call trigger that declares no inputs is
    // GHA049's to say (once: Smilei's style check, the sixty-second sample); with no trigger
    // taking inputs at all, `inputs.X` always reads null.
    let wf = "on:\n  workflow_call:\n    outputs:\n      o:\n        value: ${{ jobs.t.outputs.some }}\n  push:\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.some_input }}\n";
    let m = got(wf);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("`jobs.t.outputs` has no property `some`"), "{m:?}");
    assert_eq!(
        messages(wf, "GHA049"),
        ["no input `some_input` is defined: it always reads as an empty string"]
    );
    let m = got("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.some_input }}\n");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("`inputs` has no property `some_input`"), "{m:?}");
}

/// `X` and `X-ignore` together: also on `merge_group` and `workflow_run`, reported on the key
/// written second (as actionlint places it).
#[test]
fn exclusive_filters_on_every_event_that_has_them() {
    let wf = "on:\n  merge_group:\n    branches-ignore: [a]\n    branches: [b]\n  workflow_run:\n    workflows: [ci]\n    branches: [b]\n    branches-ignore: [a]\n  push:\n    branches: [main]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
    assert_eq!(
        findings(wf, &["GHA050"]),
        vec![
            ("GHA050".to_owned(), "branches".to_owned()),
            ("GHA050".to_owned(), "branches-ignore".to_owned())
        ]
    );
}

/// GHA075: an `exclude:` key the matrix lacks is an error; a value no combination has, a warning;
/// keys compare case-insensitively (withastro/astro's `OS:` excluded as `os:`), `include` adds keys
/// and values, mappings match by the keys the entry names, computed matrices are not judged.
#[test]
fn matrix_exclude_matches_the_matrix() {
    use shipshape_core::Severity::{Error, Warning};
    let wf = |m: &str| {
        format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n{m}\n    steps:\n      - run: make\n")
    };
    let sev = |m: &str| run(&wf(m), &["GHA075"], FixMode::Off).severities();
    let base = "        OS: [ubuntu-latest, macos-14]\n        node: [20, 22]\n        cfg:\n          - {name: a, flag: x}\n        include:\n          - gui: gnome\n";
    assert!(
        sev(&format!(
            "{base}        exclude:\n          - os: macos-14\n            node: 20\n          - cfg: {{name: a}}\n          - gui: gnome\n"
        ))
        .is_empty()
    );
    assert_eq!(
        sev(&format!("{base}        exclude:\n          - operating-system: macos-14\n")),
        [Error]
    );
    assert_eq!(
        sev(&format!(
            "{base}        exclude:\n          - os: macos\n          - node: '24'\n          - cfg: {{name: b}}\n"
        )),
        [Warning, Warning, Warning]
    );
    assert!(sev("        os: ${{ fromJSON(inputs.os) }}\n        exclude:\n          - os: macos\n").is_empty());
    assert!(sev("        os: [a, b]\n        exclude:\n          - os: ${{ inputs.skip }}\n").is_empty());
}

/// GitHub's YAML: merge keys are refused (GHA000); `env`, `with`, `secrets`, `inputs`, `outputs`
/// and `services` keys are read without case, so `FOO` after `foo` is a duplicate (GHA001).
#[test]
fn github_refuses_merge_keys_and_keys_twice_in_another_case() {
    let wf = "on:\n  workflow_call:\n    secrets:\n      tok: {}\n      TOK: {}\nenv: &base\n  A: '1'\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      <<: *base\n      B: '2'\n      b: '3'\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: main\n          fetch-depth: 0\n      - run: make\n        env:\n          X: '1'\n          Y: '2'\n";
    assert_eq!(
        findings(wf, &["GHA000", "GHA001"]),
        vec![
            ("GHA001".to_owned(), "TOK".to_owned()),
            ("GHA000".to_owned(), "<<".to_owned()),
            ("GHA001".to_owned(), "b".to_owned())
        ]
    );
    // Anchors and aliases alone are fine; matrix data is not such a section.
    let ok = "on: push\nenv: &e\n  A: '1'\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include:\n          - env: {A: 1, a: 2}\n    env: *e\n    steps:\n      - run: make\n";
    assert!(
        findings(ok, &["GHA000", "GHA001"]).is_empty(),
        "{:?}",
        findings(ok, &["GHA000", "GHA001"])
    );
}

/// GHA076: a POSIX script on a Windows runner with no `shell:` is an error, each construct
/// PowerShell refuses found (the first reported, the rest labelled); silent when a shell is named
/// (step, job or workflow defaults), on Linux, for a PowerShell script, for a script bash cannot
/// parse, and for a step with an `if:` on a matrix job (it may skip Windows). Matrix rows count,
/// and a row `exclude:` removes does not.
#[test]
fn posix_shell_on_windows_runs_in_powershell() {
    let wf = |runs_on: &str, step: &str| {
        format!(
            "on: push\njobs:\n  t:\n    runs-on: {runs_on}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n    steps:\n{step}\n"
        )
    };
    let got = |src: &str| findings(src, &["GHA076"]);
    for (script, span) in [
        ("      - run: export CONFIG=Release", "export"),
        ("      - run: echo \"v=1\" >> $GITHUB_OUTPUT", "$GITHUB_OUTPUT"),
        ("      - run: echo \"v=1\" >> \"${GITHUB_ENV}\"", "\"${GITHUB_ENV}\""),
        ("      - run: |\n          for f in *.txt; do cat $f; done", "for"),
        ("      - run: |\n          cmake -S . \\\n            -B build", "\\"),
        (
            "      - run: |\n          cat > out.txt <<EOF\n          hello\n          EOF",
            "<<EOF\n          hello\n          EOF",
        ),
        ("      - run: CC=clang make", "CC=clang"),
        ("      - run: |\n          VERSION=1\n          echo $VERSION", "VERSION=1"),
    ] {
        assert_eq!(
            got(&wf("windows-2022", script)),
            [("GHA076".to_owned(), span.to_owned())],
            "{script}"
        );
        assert_eq!(got(&wf("${{ matrix.os }}", script)).len(), 1, "{script}");
        assert!(got(&wf("ubuntu-latest", script)).is_empty(), "{script}");
        assert!(
            got(&wf("windows-latest", &format!("{script}\n        shell: bash"))).is_empty(),
            "{script}"
        );
    }
    for quiet in [
        "      - run: npm ci && npm test",
        "      - run: |\n          cargo build --release\n          cargo test",
        "      - run: echo \"v=1\" >> $env:GITHUB_OUTPUT",
        "      - run: |\n          if ($IsWindows) { choco install ninja }",
        "      - run: |\n          $version = (Get-Content VERSION)\n          Write-Output \"v=$version\" >> $env:GITHUB_OUTPUT",
        "      - run: python -c \"import sys; print(sys.version)\"",
    ] {
        assert!(got(&wf("windows-latest", quiet)).is_empty(), "{quiet}");
    }
    let skipped = "      - if: matrix.os != 'windows-latest'\n        run: export A=1";
    assert!(got(&wf("${{ matrix.os }}", skipped)).is_empty());
    let excluded = "on: push\njobs:\n  t:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n        exclude:\n          - os: windows-latest\n    steps:\n      - run: export A=1\n";
    assert!(got(excluded).is_empty());
    let defaults =
        "on: push\ndefaults:\n  run:\n    shell: bash\njobs:\n  t:\n    runs-on: windows-latest\n    steps:\n      - run: export A=1\n";
    assert!(got(defaults).is_empty());
    // Every construct is named: the first as the finding, the others as labels.
    let many = wf(
        "windows-latest",
        "      - run: |\n          export A=1\n          if true; then echo $A >> $GITHUB_ENV; fi",
    );
    let report = run(&many, &["GHA076"], FixMode::Off);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].diagnostic.labels.len(), 2);
}

/// GHA077: bash-only syntax where `sh` runs the step: `shell: sh` on a hosted Ubuntu runner
/// (dash: every construct), an Alpine container with no `shell:` (busybox ash: brace expansion and
/// arrays only); bash, macOS, self-hosted runners and images that have bash are left alone.
#[test]
fn run_bash_syntax_in_sh_knows_the_step_shell() {
    let wf = |job: &str, step: &str| format!("on: push\njobs:\n  t:\n{job}\n    steps:\n{step}\n");
    let got = |src: &str| findings(src, &["GHA077"]);
    let dash_only = "      - shell: sh\n        run: |\n          [[ -f x ]] && source env.sh";
    assert_eq!(
        got(&wf("    runs-on: ubuntu-24.04", dash_only)),
        [
            ("GHA077".to_owned(), "[[ -f x ]]".to_owned()),
            ("GHA077".to_owned(), "source env.sh".to_owned())
        ]
    );
    assert!(got(&wf("    runs-on: macos-latest", dash_only)).is_empty());
    assert!(got(&wf("    runs-on: [self-hosted, linux]", dash_only)).is_empty());
    assert!(got(&wf("    runs-on: ubuntu-latest", "      - run: '[[ -f x ]] && echo {a,b}'")).is_empty());
    let alpine = "    runs-on: ubuntu-latest\n    container: node:22-alpine";
    assert!(got(&wf(alpine, dash_only)).is_empty(), "ash has `[[` and `source`");
    assert_eq!(
        got(&wf(alpine, "      - run: cp src/{a,b}.js dist/")),
        [("GHA077".to_owned(), "src/{a,b}.js".to_owned())]
    );
    let with_bash = "    runs-on: ubuntu-latest\n    container:\n      image: postgres:17-alpine";
    assert!(got(&wf(with_bash, "      - run: cp src/{a,b}.js dist/")).is_empty());
    assert!(got(&wf(alpine, "      - shell: bash\n        run: cp src/{a,b}.js dist/")).is_empty());
    let debian_sh = "    runs-on: ubuntu-latest\n    container: debian:bookworm";
    assert_eq!(got(&wf(debian_sh, dash_only)).len(), 2);
    assert!(got(&wf(debian_sh, "      - run: '[[ -f x ]]'")).is_empty(), "bash runs it");
}

/// GHA074 with `github.event` typed per trigger: a property no trigger's payload has always reads
/// null (`github.event.pull_request` on `push`, `github.event.number` on `issue_comment`, a typo
/// one level down); the union of the triggers' payloads is read, `pull_request_target` is
/// `pull_request`'s, and a trigger the table does not know (`schedule`, `workflow_call`) or a
/// property deeper than two levels is not judged.
#[test]
fn github_event_is_typed_by_the_triggers() {
    let wf = |on: &str, expr: &str| {
        format!("on: {on}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{{{ {expr} }}}}\"\n")
    };
    let got = |on: &str, expr: &str| messages(&wf(on, expr), "GHA074");
    let m = got("push", "github.event.pull_request.number");
    assert_eq!(m, ["`github.event` has no property `pull_request`: it always reads as null"]);
    let m = got("pull_request", "github.event.pull_request.titel");
    assert_eq!(m, ["`github.event.pull_request` has no property `titel`: it always reads as null"]);
    // Another event's top-level property is a warning (blinko's dispatch-only workflow, the
    // sixty-third sample); a misspelt one of an object the trigger sends is an error.
    let severity = |on: &str, expr: &str| run(&wf(on, expr), &["GHA074"], FixMode::Off).findings[0].diagnostic.severity;
    assert_eq!(
        severity("workflow_dispatch", "github.event.number"),
        shipshape_core::Severity::Warning
    );
    assert_eq!(
        severity("pull_request", "github.event.pull_request.titel"),
        shipshape_core::Severity::Error
    );
    assert_eq!(got("issue_comment", "github.event.number").len(), 1);
    // terraform-docs' `if: !contains(github.event.head_commit.message, '[ci skip]')` on dispatch.
    assert_eq!(
        got("workflow_dispatch", "!contains(github.event.head_commit.message, '[ci skip]')").len(),
        1
    );
    for (on, expr) in [
        ("[push, pull_request]", "github.event.pull_request.number"),
        ("pull_request_target", "github.event.pull_request.head.repo.full_name"),
        ("issue_comment", "github.event.issue.pull_request.url"),
        ("push", "github.event.head_commit.message"),
        ("push", "github.event.repository.default_branch"),
        ("push", "github.event.enterprise.slug"),
        ("workflow_dispatch", "github.event.inputs.anything"),
        ("repository_dispatch", "github.event.client_payload.version"),
        ("[push, schedule]", "github.event.pull_request.number"),
        ("workflow_call", "github.event.pull_request.number"),
        ("push", "github.sha"),
        ("pull_request", "join(github.event.pull_request.labels.*.name, ',')"),
        // Guarded or with a fallback (alist's concurrency group, hawkBit's reusable-call inputs).
        ("push", "github.event.pull_request.number || github.ref"),
        (
            "workflow_dispatch",
            "github.event_name == 'pull_request' && github.event.pull_request.head.ref || github.ref",
        ),
    ] {
        assert!(got(on, expr).is_empty(), "{on} {expr}: {:?}", got(on, expr));
    }
    // The help names the triggers and the table's date.
    let src = wf("push", "github.event.pull_request.number");
    let report = run(&src, &["GHA074"], FixMode::Off);
    let help = report.findings[0].diagnostic.help.clone().unwrap_or_default();
    assert!(
        help.contains("the workflow runs on `push` (payloads of octokit/webhooks, 20"),
        "{help}"
    );
}

/// GHA078: a custom `shell:` template that starts bash or sh without `-e` lets every failure but
/// the last command's through; one finding per `shell:` node (a `defaults.run.shell` reaches
/// several steps), silent where the template, the script or a single command makes it moot.
#[test]
fn custom_shell_without_errexit_ignores_failures() {
    let wf = |defaults: &str, steps: &str| format!("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n{defaults}    steps:\n{steps}\n");
    let got = |src: &str| findings(src, &["GHA078"]);
    let two = "      - run: |\n          pip install -r requirements.txt\n          pytest\n";
    let conda = "    defaults:\n      run:\n        shell: bash -l {0}\n";
    assert_eq!(got(&wf(conda, two)), [("GHA078".to_owned(), "bash -l {0}".to_owned())]);
    // Three steps under one default: one finding, the first failure of each labelled.
    let report = run(
        &wf(conda, &format!("{two}{two}      - run: pytest\n{two}")),
        &["GHA078"],
        FixMode::Off,
    );
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].diagnostic.labels.len(), 3);
    assert!(report.findings[0].diagnostic.message.contains("in 3 steps' scripts"));
    let step = |shell: &str, run: &str| wf("", &format!("      - shell: {shell}\n        run: |\n{run}"));
    let script = "          make\n          make test\n";
    assert_eq!(got(&step("sh {0}", script)).len(), 1);
    assert_eq!(got(&step("/usr/bin/env bash --noprofile --norc {0}", script)).len(), 1);
    for (shell, run) in [
        ("bash -el {0}", script),
        ("bash -l -e {0}", script),
        ("bash -o errexit {0}", script),
        ("bash -xeuo pipefail {0}", script),
        ("bash", script),
        ("pwsh -command \". '{0}'\"", script),
        ("python {0}", "          import os\n          print(os.name)\n"),
        ("bash -l {0}", "          make test\n"),
        ("bash -l {0}", "          echo start\n          export X=1\n          pytest\n"),
        ("bash -l {0}", "          set -e\n          make\n          make test\n"),
        ("bash -l {0}", "          make || exit 1\n          make test\n"),
        ("bash -l {0}", "          make\n          if [ $? -ne 0 ]; then exit 1; fi\n"),
        (
            "bash {0}",
            "          set +e\n          make\n          echo \"status=$?\" >> \"$GITHUB_OUTPUT\"\n",
        ),
    ] {
        assert!(got(&step(shell, run)).is_empty(), "{shell}: {run}");
    }
    let fixed = run(&step("bash -l {0}", script), &["GHA078"], FixMode::Unsafe).fixed.unwrap();
    assert!(fixed.contains("shell: bash -e -l {0}"), "{fixed}");
}

/// The env fix of GHA002 (and GHA052) writes the variable as the place needs it for the script to
/// read the same text: quoted outside quotes, spliced into single quotes, `${env:…}` in
/// PowerShell; inside a quoted here-document nothing expands, so there is no fix and the help
/// says why the quoting does not protect.
#[test]
fn env_fix_quotes_the_variable_for_its_place() {
    let wf = |runs_on: &str, shell: &str, run: &str| {
        format!("on: issues\njobs:\n  t:\n    runs-on: {runs_on}\n    steps:\n      - {shell}run: |\n          {run}\n")
    };
    let title = "${{ github.event.issue.title }}";
    let fixed = |src: &str| {
        let f = run(src, &["GHA002"], FixMode::Unsafe).fixed?;
        Some(
            f.lines()
                .find(|l| l.contains("ISSUE_TITLE") && !l.contains("ISSUE_TITLE:"))?
                .trim()
                .to_owned(),
        )
    };
    let ubuntu = |run: &str| wf("ubuntu-latest", "", run);
    assert_eq!(
        fixed(&ubuntu(&format!("gh issue comment 1 --body {title}"))).as_deref(),
        Some("gh issue comment 1 --body \"${ISSUE_TITLE}\"")
    );
    assert_eq!(
        fixed(&ubuntu(&format!("echo \"New: {title}\""))).as_deref(),
        Some("echo \"New: ${ISSUE_TITLE}\"")
    );
    assert_eq!(
        fixed(&ubuntu(&format!("echo 'New: {title}'"))).as_deref(),
        Some("echo 'New: '\"${ISSUE_TITLE}\"''")
    );
    assert_eq!(
        fixed(&wf("windows-latest", "", &format!("Write-Host \"{title}\""))).as_deref(),
        Some("Write-Host \"${env:ISSUE_TITLE}\"")
    );
    assert_eq!(fixed(&wf("windows-latest", "", &format!("Write-Host '{title}'"))), None);
    assert_eq!(
        fixed(&wf("ubuntu-latest", "shell: python\n        ", &format!("print('{title}')"))),
        None
    );
    let heredoc = ubuntu(&format!("cat <<'EOF' > body.md\n          {title}\n          EOF"));
    assert_eq!(fixed(&heredoc), None);
    let r = run(&heredoc, &["GHA002"], FixMode::Off);
    assert!(
        r.findings[0]
            .diagnostic
            .help
            .as_deref()
            .unwrap()
            .starts_with("a quoted here-document"),
        "{:?}",
        r.findings[0].diagnostic.help
    );
    let open = ubuntu(&format!("cat <<EOF > body.md\n          {title}\n          EOF"));
    assert_eq!(fixed(&open).as_deref(), Some("${ISSUE_TITLE}"));
}

/// GHA074 reads the outputs of a composite action of this repository from its `action.yml`: a
/// composite action exports only what it declares, so a misspelt output always reads empty; a
/// JavaScript action (which may set outputs it does not declare) stays open.
#[test]
fn composite_action_outputs_come_from_its_metadata() {
    let dir = repo();
    let action = |using: &str| {
        let path = dir.path().join(".github/actions/version/action.yml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let runs = if using == "composite" {
            "runs:\n  using: composite\n  steps:\n    - id: v\n      run: echo \"version=1\" >> \"$GITHUB_OUTPUT\"\n      shell: bash\n"
        } else {
            "runs:\n  using: node24\n  main: index.js\n"
        };
        let outputs = "outputs:\n  version:\n    description: v\n    value: ${{ steps.v.outputs.version }}\n";
        std::fs::write(&path, format!("name: v\ndescription: d\n{outputs}{runs}")).unwrap();
    };
    let wf = |read: &str| {
        format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - id: ver\n        uses: ./.github/actions/version\n      - run: echo \"${{{{ steps.ver.outputs.{read} }}}}\"\n"
        )
    };
    let got = |src: &str| {
        let path = dir.path().join(".github/workflows/ci.yml");
        std::fs::write(&path, src).unwrap();
        run_at(src, &["GHA074"], FixMode::Off, FileKind::GithubWorkflow, Some(path))
            .findings
            .iter()
            .map(|f| f.diagnostic.message.clone())
            .collect::<Vec<_>>()
    };
    action("composite");
    assert!(got(&wf("version")).is_empty());
    assert_eq!(
        got(&wf("verison")),
        ["`steps.ver.outputs` has no property `verison`: `./.github/actions/version` declares no such output, so it always reads as null"]
    );
    // A JavaScript action may set outputs it does not declare: a warning that says so.
    action("node24");
    assert_eq!(
        got(&wf("verison")),
        [
            "`steps.ver.outputs` has no property `verison`: `./.github/actions/version` declares no such output, so it reads as null unless the action sets it undeclared"
        ]
    );
}

/// GHA081 reads the `deprecationMessage` of an input of a composite action of this repository.
#[test]
fn deprecated_input_of_a_local_action() {
    let dir = repo();
    let path = dir.path().join(".github/actions/setup/action.yml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "name: s\ndescription: d\ninputs:\n  node:\n    description: n\n    deprecationMessage: >-\n      Use\n      `node-version` instead.\n  node-version:\n    description: v\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n",
    )
    .unwrap();
    let got = |with: &str| {
        let src = format!(
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: ./.github/actions/setup\n        with:\n          {with}: 22\n"
        );
        let wf = dir.path().join(".github/workflows/ci.yml");
        std::fs::write(&wf, &src).unwrap();
        run_at(&src, &["GHA081"], FixMode::Off, FileKind::GithubWorkflow, Some(wf))
            .findings
            .iter()
            .map(|f| format!("{} / {}", f.diagnostic.message, f.diagnostic.help.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got("node"),
        ["`node` is deprecated by `./.github/actions/setup` / the action says: Use `node-version` instead."]
    );
    assert!(got("node-version").is_empty());
}

/// GHA073 (issue 18): an empty string where GitHub needs a value, which the schema lets through
/// (actionlint's "string should not be empty"); `uses: ""` is refused with the file.
#[test]
fn empty_strings_where_a_value_is_needed() {
    let wf = "on: push\nconcurrency: \"\"\njobs:\n  a:\n    runs-on: \"\"\n    environment: {name: \"\"}\n    container: \"\"\n    steps:\n      - uses: \"\"\n      - run: \"\"\n        working-directory: ''\n  b:\n    runs-on: [self-hosted, \"\"]\n    uses: \"\"\n";
    let r = run(wf, &["GHA073"], FixMode::Off);
    let got: Vec<(String, shipshape_core::Severity)> = r
        .findings
        .iter()
        .map(|f| (f.diagnostic.message.clone(), f.diagnostic.severity))
        .collect();
    use shipshape_core::Severity::{Error, Warning};
    let want = [
        ("`concurrency` is an empty string", Warning),
        ("`jobs.a.runs-on` is an empty string", Warning),
        ("`jobs.a.environment.name` is an empty string", Warning),
        ("`jobs.a.container` is an empty string", Warning),
        ("`jobs.a.steps[0].uses` is an empty string", Error),
        ("`jobs.a.steps[1].run` is an empty string", Warning),
        ("`jobs.a.steps[1].working-directory` is an empty string", Warning),
        ("`jobs.b.runs-on[1]` is an empty string", Warning),
        ("`jobs.b.uses` is an empty string", Error),
    ];
    for (message, severity) in want {
        assert!(got.contains(&(message.to_owned(), severity)), "{message} in {got:?}");
    }
    // Values, and keys left without a value (null, the schema's), are not this check's.
    let full = wf.replace("\"\"", "x").replace("''", "x");
    assert!(
        run(&full, &["GHA073"], FixMode::Off)
            .findings
            .iter()
            .all(|f| !f.diagnostic.message.contains("empty string"))
    );
    let action = "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: \"\"\n      shell: bash\n";
    let r = run_as(action, &["GHA073"], FixMode::Off, FileKind::GithubAction);
    assert_eq!(
        r.findings.iter().map(|f| f.diagnostic.message.as_str()).collect::<Vec<_>>(),
        ["`runs.steps[0].run` is an empty string"]
    );
}

/// PowerDNS's Coverity workflow (judged wrong, the sixty-seventh sample): an `env` key left
/// without a value is set to an empty string, which GitHub accepts; a null where a mapping of
/// steps is needed is still reported.
#[test]
fn an_env_key_without_a_value_is_empty() {
    let wf = "on: push\nenv:\n  TOP:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      SANITIZERS:\n    steps:\n      - run: echo \"$SANITIZERS\"\n        env:\n          STEP:\n";
    assert!(run(wf, &["GHA073"], FixMode::Off).findings.is_empty());
    let bad = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes:\n    steps:\n      - run: echo\n";
    assert_eq!(run(bad, &["GHA073"], FixMode::Off).findings.len(), 1);
}

/// karmada (judged wrong twice, the sixty-fifth sample): its Helm index update follows "Build
/// Release", run on published releases: the triggering run's branch is a maintainer's tag (GHA002),
/// and the follower is no workflow an outsider starts (GHA015).
#[test]
fn a_workflow_run_after_a_release_build_is_the_maintainers() {
    let dir = repo();
    let follower = "on:\n  workflow_run:\n    workflows: [\"Build Release\"]\n    types: [completed]\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.workflow_run.head_branch }}\"\n";
    let follower_path = dir.path().join(".github/workflows/update-helm-index.yml");
    std::fs::write(&follower_path, follower).unwrap();
    let release = "on:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          cache: npm\n      - run: npm ci && npm publish\n";
    let release_path = dir.path().join(".github/workflows/publish.yml");
    std::fs::write(&release_path, release).unwrap();
    let injection = || {
        run_at(
            follower,
            &["GHA002"],
            FixMode::Off,
            FileKind::GithubWorkflow,
            Some(follower_path.clone()),
        )
        .findings
        .len()
    };
    let poisoning = || {
        run_at(
            release,
            &["GHA015"],
            FixMode::Off,
            FileKind::GithubWorkflow,
            Some(release_path.clone()),
        )
        .findings
        .len()
    };
    // The upstream is unknown: an outsider may have started it.
    assert_eq!((injection(), poisoning()), (1, 1));
    let upstream = dir.path().join(".github/workflows/release.yml");
    std::fs::write(&upstream, "name: Build Release\non:\n  release:\n    types: [published]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n").unwrap();
    assert_eq!((injection(), poisoning()), (0, 0));
    std::fs::write(
        &upstream,
        "name: Build Release\non: [push, pull_request]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    )
    .unwrap();
    assert_eq!((injection(), poisoning()), (1, 1));
}
