use crate::{Ctx, rule};
use shipshape_core::{Confidence, Diagnostic};

rule! {
    code: "DF069", name: "single-stage-build", severity: Info, category: Performance, default: false, fix: None,
    peers: [], options: [],
    summary: "A single-stage image that builds something",
    what: "Flags a Dockerfile with one stage that runs a build (`npm run build`, `go build`, `cargo build`, `mvn package`, `gradle build`, `dotnet publish`, `tsc`…). Development Dockerfiles (`Dockerfile.dev`…) are skipped.",
    why: "The compilers, dev dependencies and sources ship in the runtime image: bigger, slower to pull, more to patch. A multi-stage build copies only the result.",
    example: "FROM node:22\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/server.js\"]",
    instead: "FROM node:22 AS build\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:22-slim\nCOPY --from=build /app/dist /app/dist\nCMD [\"node\", \"/app/dist/server.js\"]",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/multi-stage/",
    spans: ["npm run build"],
}

pub fn is_build(c: &crate::shell::Command) -> bool {
    let sub = c.subcommand();
    match c.name.as_str() {
        "npm" | "pnpm" | "yarn" | "bun" => {
            sub == Some("build") || (sub == Some("run") && c.positional().nth(1).is_some_and(|w| w.text.starts_with("build")))
        }
        "go" => sub == Some("build"),
        "cargo" => matches!(sub, Some("build" | "install")),
        "mvn" | "mvnw" => c.args.iter().any(|a| matches!(a.text.as_str(), "package" | "install" | "verify")),
        "gradle" | "gradlew" => c
            .args
            .iter()
            .any(|a| matches!(a.text.as_str(), "build" | "assemble" | "bootJar" | "installDist" | "shadowJar")),
        "dotnet" => matches!(sub, Some("publish" | "build")),
        "tsc" | "webpack" | "vite" | "next" => true,
        _ => false,
    }
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if cx.df.stages.len() != 1 || super::support::is_dev_dockerfile(cx) {
        return;
    }
    if let Some((_, c)) = cx.commands().find(|(_, c)| is_build(c)) {
        out.push(
            Diagnostic::new(
                meta(),
                c.span,
                "this image builds in its only stage, so the toolchain ships with it",
            )
            .help("build in a `FROM … AS build` stage and `COPY --from=build` only the artifacts")
            .confidence(Confidence::Medium),
        );
    }
}
