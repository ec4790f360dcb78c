use crate::{Ctx, model, rule};
use shipshape_core::project::{MAX_FILES, Project};
use shipshape_core::{Diagnostic, Fix};
use shipshape_yaml::{NodeRef, patch};
use std::collections::HashSet;

rule! {
    code: "GHA053", name: "dependency-cache", severity: Info, category: Performance, default: false, fix: Unsafe,
    peers: [], options: [],
    summary: "Dependencies are installed from scratch on every run",
    what: "Flags `actions/setup-node`, `setup-python` and `setup-java` steps with no `cache:` (any value written there, and `package-manager-cache:` on `actions/setup-node`, count as a choice made) in jobs that install dependencies (`npm ci`, `yarn install`, `pnpm install`, `pip install -r`, `poetry install`, `mvn`, `gradle`) and have no `actions/cache` step, only when the repository holds the file the setup action keys its cache on (it fails without one): for `actions/setup-node`, `package-lock.json`, `npm-shrinkwrap.json` or `yarn.lock` (npm), `yarn.lock` (yarn) or `pnpm-lock.yaml` (pnpm) at the repository root; for `setup-python`, a `requirements.txt` or `pyproject.toml` (pip), `Pipfile.lock` (pipenv) or `poetry.lock` (poetry) anywhere; for `setup-java`, a `pom.xml`, `*.gradle*` or `*.sbt` file. Silent for a file read outside a repository (stdin, or a file given alone with no `.git` above it; a directory given to check is its own repository), where that cannot be checked; a `cache-dependency-path:` on the step names the file itself. Silent in release jobs that publish (a release or tag-push trigger), where a cache is what GHA015 reports.",
    why: "Downloading every dependency on every run is the slowest part of most CI jobs, and hammers the registries; the setup actions cache them keyed on your lock file.",
    example: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n      - run: npm ci && npm test",
    instead: "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version: 22\n          cache: npm\n      - run: npm ci && npm test",
    fix_safety: "Unsafe: adds `cache:` to the setup step, which from then on restores dependencies saved by earlier runs (of any branch) before installing. Offered only when the lock file the setup action needs is in the repository.",
    refs: "- https://github.com/actions/setup-node#caching-global-packages-data\n- https://github.com/actions/setup-python#caching-packages-dependencies",
    spans: ["actions/setup-node@v6"],
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
    let release = super::cache_poisoning::release_trigger(cx);
    for (_, job) in model::jobs(cx.root) {
        // A release job that publishes must not restore a cache others can write (GHA015).
        if release && model::job_publishes(job) {
            continue;
        }
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
            if !keyed_file_present(cx, *step, cache) {
                continue;
            }
            let Some((_, node)) = model::uses_of(*step) else { continue };
            let fix = match step.get("with") {
                Some(w) if w.is_map() && model::written_in(w, *step) => patch::insert_entry(cx.src, w, "cache", cache, None),
                Some(_) => None,
                None => patch::insert_entry(cx.src, *step, "with", &format!("\ncache: {cache}"), None),
            }
            .map(|e| Fix::unsafe_(format!("add `cache: {cache}`"), vec![e]));
            out.push(
                Diagnostic::new(
                    meta(),
                    node.span(),
                    format!("dependencies are installed from scratch: `{setup}` has no `cache:`"),
                )
                .help(format!("add `cache: {cache}` to its `with:`"))
                .maybe_fix(fix),
            );
        }
    }
}

/// The names of the repository's files (not ignored), walked once per project.
struct FileNames {
    names: HashSet<String>,
}

impl FileNames {
    fn of(project: &Project) -> FileNames {
        // The walk is in path order and stops at the bound, not at the end of a monorepo.
        let names = shipshape_core::discover::walk(std::slice::from_ref(&project.root), &Default::default())
            .map(|w| {
                w.take(MAX_FILES)
                    .filter_map(|f| f.path.file_name()?.to_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        FileNames { names }
    }

    fn any(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.names.iter().any(|n| pred(n))
    }
}

/// Whether the repository holds the file the setup action keys a `cache: <cache>` on: without it
/// the action fails the step ("Dependencies lock file is not found"). Unknown (no repository on
/// disk) counts as absent.
fn keyed_file_present(cx: &Ctx, step: NodeRef, cache: &str) -> bool {
    let Some(project) = cx.file.path.as_deref().and_then(|p| cx.core.projects.of(p)) else {
        return false;
    };
    if model::with(step, "cache-dependency-path").is_some() {
        return true;
    }
    // actions/setup-node looks at the workspace root only.
    let tree = cx.core.tree();
    let at_root = |names: &[&str]| names.iter().any(|n| tree.is_file(&project.root.join(n)));
    match cache {
        "npm" => return at_root(&["package-lock.json", "npm-shrinkwrap.json", "yarn.lock"]),
        "yarn" => return at_root(&["yarn.lock"]),
        "pnpm" => return at_root(&["pnpm-lock.yaml"]),
        _ => {}
    }
    // setup-python and setup-java search the whole workspace (`**/requirements.txt`, `**/pom.xml`).
    let files = project.fact(FileNames::of);
    match cache {
        "pip" => files.any(|n| n == "requirements.txt" || n == "pyproject.toml"),
        "pipenv" => files.any(|n| n == "Pipfile.lock"),
        "poetry" => files.any(|n| n == "poetry.lock"),
        "maven" => files.any(|n| n == "pom.xml"),
        "gradle" => files.any(|n| n.ends_with(".gradle") || n.ends_with(".gradle.kts") || n == "gradle-wrapper.properties"),
        "sbt" => files.any(|n| n.ends_with(".sbt")),
        _ => false,
    }
}
