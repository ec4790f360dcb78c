use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF068", name: "apt-update-alone", severity: Warning, category: Reliability, default: true, fix: None,
    peers: ["checkov:CKV_DOCKER_5", "trivy:DS017"], options: [],
    summary: "apt-get update in a RUN of its own",
    what: "Flags a RUN whose package commands are only `apt-get update` (or `apk update`, `yum makecache`) with no install in the same RUN.",
    why: "The cached update layer goes stale: a later `apt-get install` layer rebuilt alone installs from old lists and can fail or get old packages.",
    example: "RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl",
    instead: "RUN apt-get update && apt-get install -y --no-install-recommends curl",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/best-practices/#apt-get",
    spans: ["apt-get update"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, _, script) in cx.runs() {
        let update = script
            .commands
            .iter()
            .find(|c| (c.name == "apt-get" || c.name == "apt") && c.subcommand() == Some("update"));
        let Some(update) = update else { continue };
        let installs = script.commands.iter().any(|c| {
            (c.name == "apt-get" || c.name == "apt" || c.name == "aptitude")
                && matches!(
                    c.subcommand(),
                    Some("install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source" | "download" | "satisfy")
                )
        }) || script
            .commands
            .iter()
            .any(|c| !matches!(c.name.as_str(), "apt-get" | "apt" | "set" | "echo" | "rm" | "true"));
        if !installs {
            out.push(
                Diagnostic::new(meta(), update.span, "`apt-get update` alone: its layer goes stale")
                    .help("update and install in the same RUN"),
            );
        }
    }
}
