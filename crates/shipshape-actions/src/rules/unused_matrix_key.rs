use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA061", name: "unused-matrix-key", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "A matrix dimension is never used by the job",
    what: "Flags `strategy.matrix` keys (not `include`/`exclude`) that the job never reads as `matrix.<key>` (and the job does not read `matrix` whole, e.g. `toJSON(matrix)`), unless `include:` entries match on the key and add keys the job reads (each value then selects its own settings). A key with a single value (`os: [ubuntu-latest]`) runs the job once and is left alone.",
    why: "Each value of an unused dimension runs the same job again: identical runs that cost minutes and tell nothing new.",
    example: "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        node: [20, 22]\n        os: [ubuntu-latest, windows-latest]\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx -y node@${{ matrix.node }} --version",
    instead: "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        node: [20, 22]\n        os: [ubuntu-latest, windows-latest]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: npx -y node@${{ matrix.node }} --version",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow",
    spans: ["os"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let Some(matrix) = job.get("strategy").and_then(|s| s.get("matrix")).filter(|m| m.is_map()) else {
            continue;
        };
        let mut exprs: Vec<_> = cx.exprs_of(job).into_iter().map(|(_, e)| e).collect();
        for s in model::steps(job) {
            exprs.extend(cx.exprs_of(s).into_iter().map(|(_, e)| e));
        }
        let mut used: Vec<String> = Vec::new();
        let mut whole = false;
        for e in &exprs {
            for (p, _, _) in e.parsed.paths() {
                if p.first().is_some_and(|c| c.eq_ignore_ascii_case("matrix")) {
                    match p.get(1) {
                        Some(k) if k != "*" && k != "[]" => used.push(k.to_ascii_lowercase()),
                        _ => whole = true,
                    }
                }
            }
        }
        // A composite action of the job may read `matrix` (it runs in the job): a local one is read,
        // one of the repository's own owner cannot be (Tyk's `env-up` action reads `matrix.sink`,
        // judged wrong, the fifty-ninth sample).
        let actions_read_matrix = model::steps(job).iter().any(|s| match model::uses_of(*s) {
            Some((model::Uses::Local(path), _)) => local_action_text(cx, path).is_none_or(|t| t.contains("matrix")),
            Some((model::Uses::Repo { owner, .. }, _)) => cx.is_own_owner(owner),
            _ => false,
        });
        // A stand-in for a skipped job keeps its name and matrix so that the same checks report
        // (atlantis' `skip-analyze`, named as `analyze` with its languages: judged wrong, the
        // fifty-ninth sample).
        let stand_in = job.get("name").and_then(|n| n.as_str()).is_some_and(|name| {
            model::jobs(cx.root).into_iter().any(|(_, other)| {
                other.span() != job.span()
                    && other.get("name").and_then(|n| n.as_str()) == Some(name)
                    && other.get("strategy").and_then(|s| s.get("matrix")).is_some()
            })
        });
        if whole || actions_read_matrix || stand_in {
            continue;
        }
        // A key read inside an index (`fromJSON(x)[matrix.component]`, tempo) is read all the same:
        // the job's own text says so.
        let text = job.span().text(cx.src).to_ascii_lowercase();
        let include = matrix.get("include").map(|i| i.items()).unwrap_or_default();
        for (k, values) in matrix.entries() {
            let Some(key) = k.as_str() else { continue };
            if matches!(key, "include" | "exclude")
                || used.contains(&key.to_ascii_lowercase())
                || text.contains(&format!("matrix.{}", key.to_ascii_lowercase()))
                || text.contains(&format!("matrix['{}']", key.to_ascii_lowercase()))
            {
                continue;
            }
            // One value runs the job once: no duplicate run, only a dead key. (`include:` entries
            // setting the key may add combinations, so those count as more values.)
            if values.is_seq() && values.items().len() <= 1 && !include.iter().any(|i| i.get(key).is_some()) {
                continue;
            }
            // `include:` entries that match on the key and add keys the job reads make each value a
            // different run (karakeep: `image: [web, cli]` with `include: {image: web, target: web}`).
            let selects = include.iter().any(|i| {
                i.get(key).is_some()
                    && i.entries()
                        .iter()
                        .filter_map(|(k, _)| k.as_str())
                        .any(|other| !other.eq_ignore_ascii_case(key) && used.contains(&other.to_ascii_lowercase()))
            });
            if selects {
                continue;
            }
            out.push(
                Diagnostic::new(
                    meta(),
                    k.span(),
                    format!("matrix key `{key}` is never used: each of its values reruns the same job"),
                )
                .help(format!(
                    "use `${{{{ matrix.{key} }}}}` (e.g. in `runs-on:`), or remove the dimension"
                )),
            );
        }
    }
}

/// The text of a local action (`./.github/actions/x`: its `action.yml` or `action.yaml`).
fn local_action_text(cx: &Ctx, path: &str) -> Option<String> {
    let file = cx.file.path.as_deref()?;
    let root = shipshape_core::project::repo_root(cx.core.tree(), file)?;
    let dir = root.join(path.trim_start_matches("./"));
    ["action.yml", "action.yaml"].iter().find_map(|n| cx.core.tree().read(&dir.join(n)))
}
