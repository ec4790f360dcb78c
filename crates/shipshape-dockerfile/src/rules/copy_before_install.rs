use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF074", name: "copy-before-install", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "The whole context is copied before dependencies are installed",
    what: "Flags a stage where `COPY . <dst>` (or `ADD .`) comes before a dependency install (`npm ci/install`, `pnpm install`, `yarn install`, `pip install -r`, `uv sync`, `poetry install`, `go mod download`, `cargo fetch`, `bundle install`, `composer install`). Silent when the stage fetched or installed dependencies before that copy (pnpm's `pnpm fetch` pattern, `go mod download` after copying `go.mod`): the later install reuses them.",
    why: "Any source change invalidates the install layer, so every build reinstalls every dependency. Copy the manifests first, install, then copy the source.",
    example: "COPY . .\nRUN npm ci\nRUN npm run build",
    instead: "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/cache/optimize/#order-your-layers",
    spans: ["npm ci"],
}

pub fn is_whole_context_copy(ins: &crate::parser::Instruction) -> Option<shipshape_core::Span> {
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || ins.flag("from").is_some() {
        return None;
    }
    let words = ins.words();
    let (_, sources) = words.split_last()?;
    sources.iter().find(|s| s.text == "." || s.text == "./").map(|s| s.span)
}

pub fn is_dep_install(c: &crate::shell::Command) -> bool {
    let sub = c.subcommand();
    match c.name.as_str() {
        "npm" => matches!(sub, Some("ci" | "install" | "i")) && super::support::packages(c).next().is_none(),
        "pnpm" => matches!(sub, None | Some("install" | "i" | "fetch")),
        "yarn" | "bun" => matches!(sub, None | Some("install" | "i")),
        "uv" => sub == Some("sync") || (sub == Some("pip") && c.has_opt(&['r'], &["requirement"])),
        "poetry" | "bundle" | "composer" | "pipenv" => matches!(sub, Some("install" | "sync")),
        "go" => sub == Some("mod") && c.has_arg("download"),
        "cargo" => sub == Some("fetch"),
        _ => super::pip_pin_versions::is_pip_install(c) && c.has_opt(&['r'], &["requirement"]),
    }
}

/// Whether the build context's `go.mod` requires no module: `go mod download` then fetches nothing,
/// and copying it first would cache nothing (a Ministry of Justice tool's, judged not worth it, the
/// fifty-sixth sample).
fn go_module_requires_nothing(cx: &Ctx) -> bool {
    cx.context_file("go.mod")
        .is_some_and(|t| !t.lines().any(|l| l.trim_start().starts_with("require")))
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for stage in &cx.df.stages {
        // A parent stage that installed the dependencies already (kitsune's `python-base` runs
        // `uv sync --no-install-project` on the manifests alone): the install after this stage's
        // whole copy only adds the project itself (judged wrong, the forty-first sample).
        let parent_installed = cx.df.stage_chain(stage).into_iter().skip(1).any(|p| {
            cx.df
                .stage_instructions(p)
                .any(|(i, _)| cx.df.script(i).is_some_and(|s| s.commands.iter().any(is_dep_install)))
        });
        let mut copied: Option<shipshape_core::Span> = None;
        for (i, ins) in cx.df.stage_instructions(stage) {
            if copied.is_none() {
                // Dependencies fetched or installed before the whole copy (`COPY pnpm-lock.yaml .`,
                // `RUN pnpm fetch`) are cached already: the install after it only links them.
                if cx.df.script(i).is_some_and(|s| s.commands.iter().any(is_dep_install)) {
                    break;
                }
                copied = is_whole_context_copy(ins);
                continue;
            }
            let Some(script) = cx.df.script(i) else { continue };
            // Under a BuildKit cache mount the package cache survives a source change: the rerun
            // downloads nothing (prometheus-operator's `go mod download`, judged wrong).
            let text = ins.span.text(cx.src);
            let cache_mount = text.contains("type=cache");
            // After a parent's install, one that starts the environment over (`rm -rf .venv`, a
            // new venv) or installs the dependencies alone (`--no-install-project`) reinstalls
            // them all (kitsune's `prod-deps`, judged worth acting on).
            let reinstalls = ["rm -rf", "uv venv", "-m venv", "--no-install-project"]
                .iter()
                .any(|w| text.contains(w));
            if let Some(c) = script.commands.iter().find(|c| is_dep_install(c))
                && let Some(copy) = copied
                && !cache_mount
                && !(c.name == "go" && go_module_requires_nothing(cx))
                && (!parent_installed || reinstalls)
            {
                out.push(
                    Diagnostic::new(
                        meta(),
                        c.span,
                        "dependencies are installed after the whole context is copied, so any source change reinstalls them",
                    )
                    .label(copy, "the whole build context is copied here")
                    .help("copy only the dependency manifests and lock files first, install, then `COPY . .`"),
                );
                break;
            }
        }
    }
}
