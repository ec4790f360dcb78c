use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA067", name: "cache-key", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "An `actions/cache` key is not tied to the lock file",
    what: "Flags `actions/cache` (and `actions/cache/restore`, `/save`) keys that contain no `hashFiles(…)` and no other expression: a fixed key. A fixed key that names a version (`caddy-2.5.2`) changes when the cached tool does and is not flagged.",
    why: "A fixed key is written once and never updated: builds restore stale dependencies forever (or reinstall everything once they drift), and the cache never reflects the lock file.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm-cache",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: npm-${{ runner.os }}-${{ hashFiles('**/package-lock.json') }}",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/caching-dependencies-to-speed-up-workflows#creating-a-cache-key",
    spans: ["npm-cache"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, step) in cx.steps() {
        // `actions/cache/restore` only reads: a fixed key there finds what another job saved under
        // it (manticoresearch's nightly jobs restoring the build job's cache, judged wrong, the
        // sixty-fifth sample).
        let restore_only = model::uses_of(step)
            .is_some_and(|(u, _)| matches!(u, model::Uses::Repo { path: Some(p), .. } if p.eq_ignore_ascii_case("restore")));
        if !model::step_uses(step, "actions/cache") || restore_only {
            continue;
        }
        let Some(key) = model::with(step, "key") else { continue };
        // `cache-caddy-2.5.2`: a key naming the version of what it caches changes exactly when that does.
        if key
            .as_text()
            .is_some_and(|k| !k.contains("${{") && !names_a_version(k) && !rotated(cx.src, k))
        {
            out.push(
                Diagnostic::new(meta(), key.span(), "this cache key never changes")
                    .help("include `${{ hashFiles('<lock file>') }}` (and `${{ runner.os }}`) in the key"),
            );
        }
    }
}

/// Whether the workflow deletes the entry before saving it again (`gh cache delete <key>`, the REST
/// API's `caches?key=<key>`): a fixed key refreshed on every run (signoz's `tests-primary`, judged
/// wrong, the thirty-second sample).
fn rotated(src: &str, key: &str) -> bool {
    ["", "\"", "'"]
        .iter()
        .any(|q| src.contains(&format!("gh cache delete {q}{key}{q}")))
        || src.contains(&format!("caches?key={key}"))
}

/// Whether a key holds a version number (`2.5.2`, `v1.29`): digits, a dot, digits.
fn names_a_version(key: &str) -> bool {
    let b = key.as_bytes();
    (1..b.len().saturating_sub(1)).any(|i| b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}
