use crate::{Ctx, model, rule};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::patch;

rule! {
    code: "GHA053", name: "dependency-cache", severity: Info, category: Performance, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "Dependencies are installed from scratch on every run",
    what: "Flags `actions/setup-node`, `setup-python` and `setup-java` steps with no `cache:` (any value written there, and `package-manager-cache:` on `actions/setup-node`, count as a choice made) in jobs that install dependencies (`npm ci`, `yarn install`, `pnpm install`, `pip install -r`, `poetry install`, `mvn`, `gradle`) and have no `actions/cache` step.",
    why: "Downloading every dependency on every run is the slowest part of most CI jobs, and hammers the registries; the setup actions cache them keyed on your lock file.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n      - run: npm ci && npm test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n          cache: npm\n      - run: npm ci && npm test",
    fix_safety: "Unsafe: adds `cache:` to the setup step; the setup action then requires a lock file (package-lock.json, requirements.txt…) and fails without one.",
    refs: "- https://github.com/actions/setup-node#caching-global-packages-data\n- https://github.com/actions/setup-python#caching-packages-dependencies",
}

/// A setup action, the commands that install dependencies, and (tool named in the script, `cache:` value).
type Setup = (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)]);

const SETUPS: &[Setup] = &[
    (
        "actions/setup-node",
        &["npm ci", "npm install", "npm i ", "yarn install", "yarn --frozen", "pnpm install"],
        &[("yarn", "yarn"), ("pnpm", "pnpm"), ("npm", "npm")],
    ),
    (
        "actions/setup-python",
        &[
            "pip install -r",
            "pip install -e",
            "pip install .",
            "poetry install",
            "pipenv install",
        ],
        &[("poetry", "poetry"), ("pipenv", "pipenv"), ("pip", "pip")],
    ),
    (
        "actions/setup-java",
        &["mvn ", "./mvnw", "gradle ", "./gradlew", "sbt "],
        &[("gradle", "gradle"), ("mvn", "maven"), ("sbt", "sbt")],
    ),
];

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, job) in model::jobs(cx.root) {
        let steps = model::steps(job);
        if steps
            .iter()
            .any(|s| model::step_uses(*s, "actions/cache") || model::step_uses(*s, "actions/cache/restore"))
        {
            continue;
        }
        let scripts: Vec<&str> = steps.iter().filter_map(|s| model::run_text(*s)).collect();
        for step in &steps {
            let Some((setup, installs, caches)) = SETUPS.iter().find(|(a, _, _)| model::step_uses(*step, a)) else {
                continue;
            };
            // `cache:` with any value, or setup-node's `package-manager-cache:` (v5+: `false` turns
            // its automatic cache off, `true` asks for it), is a decision already made.
            if model::with(*step, "cache").is_some() || model::with(*step, "package-manager-cache").is_some() {
                continue;
            }
            let Some(script) = scripts.iter().find(|s| installs.iter().any(|i| s.contains(i))) else {
                continue;
            };
            let Some((_, cache)) = caches.iter().find(|(tool, _)| script.contains(tool)) else {
                continue;
            };
            let Some((_, node)) = model::uses_of(*step) else { continue };
            let fix = match step.get("with") {
                Some(w) if w.is_map() && model::written_in(w, *step) => patch::insert_entry(cx.src, w, "cache", cache, None),
                Some(_) => None,
                None => patch::insert_entry(cx.src, *step, "with", &format!("\ncache: {cache}"), None),
            }
            .map(|e| Fix::unsafe_(format!("add `cache: {cache}`"), vec![e]));
            out.push(
                Diagnostic::new(meta(), node.span(), format!("`{setup}` installs dependencies with no cache"))
                    .help(format!("add `cache: {cache}` to its `with:`"))
                    .maybe_fix(fix),
            );
        }
    }
}
