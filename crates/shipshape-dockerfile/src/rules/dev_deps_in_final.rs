use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF076", name: "dev-deps-in-final", severity: Warning, category: Performance, default: true, fix: None,
    peers: [], options: [],
    summary: "Development dependencies are installed in the final stage",
    what: "In a multi-stage Dockerfile, flags a final-stage `npm ci`/`npm install` without `--omit=dev`, `uv sync` without `--no-dev`, `pnpm install` without `--prod`, `poetry install` without `--only main`/`--without dev`, `pipenv install --dev`, when the final stage builds nothing itself.",
    why: "Test frameworks, linters and build tools then ship in the runtime image: larger, slower, more to patch.",
    example: "FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nCOPY package*.json ./\nRUN npm ci",
    instead: "FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nCOPY package*.json ./\nRUN npm ci --omit=dev",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.npmjs.com/cli/commands/npm-ci#omit",
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

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.df.stages.len() < 2 || super::support::is_dev_dockerfile(cx) {
        return;
    }
    let final_cmds: Vec<_> = cx.commands().filter(|(i, _)| cx.in_final_stage(*i)).map(|(_, c)| c).collect();
    if final_cmds.iter().any(|c| super::single_stage_build::is_build(c)) {
        return;
    }
    for c in final_cmds {
        if dev_install(c) {
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
