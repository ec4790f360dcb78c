use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Edit, Fix};

rule! {
    code: "DF018", name: "apk-no-cache", severity: Warning, category: Performance, default: true, fix: Safe,
    peers: ["hadolint:DL3019"], options: [],
    summary: "Use --no-cache with apk add",
    what: "Flags `apk add` and `apk upgrade` without `--no-cache` in a stage that reaches the final image, unless the RUN mounts a cache on `/var/cache/apk` or removes it.",
    why: "The package index stays in the layer otherwise.",
    example: "RUN apk update && apk add curl",
    instead: "RUN apk add --no-cache curl",
    fix_safety: "Safe: inserts `--no-cache` after `add`.",
    refs: "- https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md",
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, ins, script) in cx.runs() {
        if !super::support::reaches_final_image(cx, i)
            || super::support::has_cache_mount(ins, "/var/cache/apk")
            || super::support::has_cache_mount(ins, "/etc/apk/cache")
        {
            continue;
        }
        let removes_cache = script
            .commands
            .iter()
            .any(|c| c.name == "rm" && c.args.iter().any(|a| a.text.starts_with("/var/cache/apk")));
        if removes_cache {
            continue;
        }
        for c in script
            .commands
            .iter()
            .filter(|c| super::support::is_sub(c, "apk", &["add", "upgrade"]))
        {
            if c.has_arg("--no-cache") || c.has_arg("--no-network") {
                continue;
            }
            let add = c.positional().next().map_or(c.name_span, |w| w.span);
            out.push(
                Diagnostic::new(
                    meta(),
                    c.span,
                    format!("`apk {}` leaves the package index in the layer", c.subcommand().unwrap_or("")),
                )
                .fix(Fix::safe("add `--no-cache`", vec![Edit::insert(add.end, " --no-cache")])),
            );
        }
    }
}
