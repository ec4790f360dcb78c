use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF047", name: "yarn-cache-not-cleaned", severity: Warning, category: Performance, default: false, fix: None,
    peers: ["hadolint:DL3060"], options: [],
    summary: "Run yarn cache clean after yarn install",
    what: "Flags `yarn install` (or bare `yarn`) in a stage of the final image without `yarn cache clean` in the same RUN or a cache mount.",
    why: "Yarn's offline cache stays in the layer.",
    example: "RUN yarn install --frozen-lockfile",
    instead: "RUN yarn install --frozen-lockfile && yarn cache clean",
    fix_safety: "No automatic fix.",
    refs: "- hadolint DL3060",
    spans: ["yarn install --frozen-lockfile"],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i)
            || super::support::has_cache_mount(ins, "yarn")
            || super::support::has_cache_mount(ins, ".cache")
        {
            continue;
        }
        let Some(install) = script
            .commands
            .iter()
            .find(|c| c.name == "yarn" && matches!(c.subcommand(), None | Some("install")))
        else {
            continue;
        };
        let cleaned = script.commands.iter().any(|c| c.name == "yarn" && c.subcommand() == Some("cache"))
            || script
                .commands
                .iter()
                .any(|c| c.name == "rm" && c.args.iter().any(|a| a.text.contains("yarn")));
        if !cleaned {
            out.push(
                Diagnostic::new(meta(), install.span, "yarn's cache is left in the layer").help("end the RUN with `&& yarn cache clean`"),
            );
        }
    }
}
